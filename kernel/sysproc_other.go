//go:build !linux

package kernel

import "syscall"

func workerSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// setMemoryRlimit does nothing here: macOS and the BSDs do not enforce RLIMIT_DATA on
// mmap, where the Go heap lives, and RLIMIT_AS would count the address space Go
// reserves without using. GOMEMLIMIT, which the supervisor sets, still applies.
func setMemoryRlimit(n int64) error { return nil }

// processStopped reports false: without /proc the supervisor cannot tell, and a
// stopped worker is found out when the user interrupts.
func processStopped(pid int) bool { return false }

// processDead reports false: without /proc a death is seen when the supervisor has
// waited for the process.
func processDead(pid int) bool { return false }
