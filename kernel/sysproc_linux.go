package kernel

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
)

func workerSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// setMemoryRlimit caps the process's memory at n bytes with RLIMIT_DATA. Since Linux
// 4.7 that counts private writable mappings, which is where the Go heap lives once it
// is used, so it tracks what the worker really holds (an idle worker: tens of MB).
// RLIMIT_AS does not fit: it counts the address space Go reserves without using (over
// 1 GB in an idle Go program), so a limit it enforces would have to be far above the
// memory meant. When the limit is hit, the runtime's mmap fails and it ends the
// process with "fatal error: out of memory".
func setMemoryRlimit(n int64) error {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_DATA, &old); err != nil {
		return err
	}
	lim := syscall.Rlimit{Cur: uint64(n), Max: uint64(n)}
	if lim.Cur > old.Max {
		// A lower hard limit set from outside stays.
		lim = syscall.Rlimit{Cur: old.Max, Max: old.Max}
	}
	return syscall.Setrlimit(syscall.RLIMIT_DATA, &lim)
}

// processState returns the state letter of /proc/PID/stat (R, S, T, Z, ...), or 0
// when the process is gone.
func processState(pid int) byte {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The state follows the command name, which is in parentheses and may hold any
	// character, so it is found after the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return 0
	}
	return b[i+2]
}

// processStopped reports whether the process is stopped by a signal (T; t is a
// tracing stop).
func processStopped(pid int) bool {
	st := processState(pid)
	return st == 'T' || st == 't'
}

// processDead reports whether the process has ended, even if it has not been waited
// for yet (a zombie). (waitid with WNOWAIT, one system call instead of this read, was
// tried and reverted: in TestFaultSIGKILLBetweenCells it missed a killed worker that
// /proc already showed as a zombie in 9 runs of 15, and the cell went to the dead
// worker; the cause is not found yet.)
func processDead(pid int) bool {
	st := processState(pid)
	return st == 0 || st == 'Z' || st == 'X'
}
