package jupyterclient

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The kernel runs cells in a worker process, its one child. Fault and soak tests act on
// it (a signal from outside) and measure it, so they need its pid. Linux only: it is
// read from /proc.

// WorkerPID returns the pid of this kernel's live worker.
func (k *Kernel) WorkerPID() (int, error) { return WorkerPID(k.Cmd.Process.Pid) }

// WorkerPID returns the pid of the one live child of the kernel process kernelPid: its
// worker. The kernel has exactly one while it serves (it replaces a dead worker before
// the next cell runs), so none, or more than one, is an error.
func WorkerPID(kernelPid int) (int, error) {
	kids, err := childrenFromTasks(kernelPid)
	if err != nil || len(kids) == 0 {
		// /proc/PID/task/TID/children needs CONFIG_PROC_CHILDREN; scanning every
		// process's parent works everywhere.
		kids, err = childrenByScan(kernelPid)
		if err != nil {
			return 0, err
		}
	}
	switch len(kids) {
	case 0:
		return 0, fmt.Errorf("process %d has no child (no worker)", kernelPid)
	case 1:
		return kids[0], nil
	default:
		return 0, fmt.Errorf("process %d has %d children %v, expected one worker", kernelPid, len(kids), kids)
	}
}

// childrenFromTasks lists the live children of every thread of pid.
func childrenFromTasks(pid int) ([]int, error) {
	files, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	if err != nil || len(files) == 0 {
		return nil, errors.New("no /proc/PID/task/*/children")
	}
	var kids []int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // the thread ended meanwhile
		}
		for _, field := range strings.Fields(string(b)) {
			if c, err := strconv.Atoi(field); err == nil && !Gone(c) {
				kids = append(kids, c)
			}
		}
	}
	return kids, nil
}

// childrenByScan finds the live processes whose parent is pid.
func childrenByScan(pid int) ([]int, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var kids []int
	for _, e := range entries {
		c, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		ppid, state, err := statOf(c)
		if err == nil && ppid == pid && state != 'Z' && state != 'X' {
			kids = append(kids, c)
		}
	}
	return kids, nil
}

// Gone reports whether pid runs nothing any more: it has exited, whether or not its
// parent has reaped it yet (a zombie).
func Gone(pid int) bool {
	_, state, err := statOf(pid)
	return err != nil || state == 'Z' || state == 'X'
}

// statOf reads the parent pid and the state letter from /proc/PID/stat. The command
// name before them, in parentheses, may hold spaces and parentheses itself, so the
// fields are read after its last ')'.
func statOf(pid int) (ppid int, state byte, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	fields := strings.Fields(string(b[i+1:]))
	if len(fields) < 2 || len(fields[0]) != 1 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: short", pid)
	}
	ppid, err = strconv.Atoi(fields[1])
	return ppid, fields[0][0], err
}
