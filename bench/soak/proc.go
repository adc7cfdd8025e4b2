package soak

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// procStats is what /proc says of one process at one moment.
type procStats struct {
	RSS     int64 // VmRSS, bytes
	Threads int
	FDs     int
	// CPU is the user and system time the process has used. It is less disturbed
	// than wall time by other work on a shared machine, so per-execution CPU that
	// grows over the run points at work that grows with the session.
	CPU time.Duration
}

// clockTick is the unit of the times in /proc/PID/stat: USER_HZ, which is 100 on
// every Linux architecture Go supports.
const clockTick = 10 * time.Millisecond

// haveProc reports whether this system has a Linux /proc to sample.
func haveProc() error {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		return fmt.Errorf("soak samples processes through Linux's /proc: %w", err)
	}
	return nil
}

// readProc reads the resident memory, thread count and open descriptors of pid.
func readProc(pid int) (procStats, error) {
	var st procStats
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return st, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(val)
		if len(fields) == 0 {
			continue
		}
		switch key {
		case "VmRSS": // "  123456 kB"
			kb, err := strconv.ParseInt(fields[0], 10, 64)
			if err != nil {
				return st, fmt.Errorf("VmRSS of %d: %w", pid, err)
			}
			st.RSS = kb << 10
		case "Threads":
			st.Threads, _ = strconv.Atoi(fields[0])
		}
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return st, err
	}
	st.FDs = len(fds)
	fields, err := statFields(pid)
	if err != nil {
		return st, err
	}
	// utime and stime are the 14th and 15th fields of stat, the 12th and 13th after
	// the command name.
	if len(fields) < 13 {
		return st, fmt.Errorf("/proc/%d/stat: short", pid)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return st, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	st.CPU = time.Duration(utime+stime) * clockTick
	return st, nil
}

// childOf returns the pid of the one live child of pid: the kernel's worker. The
// kernel has exactly one child while it serves (it replaces a dead worker before the
// next cell runs), so more than one, or none, is an error the caller reports.
func childOf(pid int) (int, error) {
	kids, err := childrenFromTasks(pid)
	if err != nil || len(kids) == 0 {
		// /proc/PID/task/TID/children needs CONFIG_PROC_CHILDREN; scanning every
		// process's parent works everywhere.
		kids, err = childrenByScan(pid)
		if err != nil {
			return 0, err
		}
	}
	switch len(kids) {
	case 0:
		return 0, fmt.Errorf("process %d has no child (no worker)", pid)
	case 1:
		return kids[0], nil
	default:
		return 0, fmt.Errorf("process %d has %d children %v, expected one worker", pid, len(kids), kids)
	}
}

// childrenFromTasks lists the children of every thread of pid, skipping zombies.
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
			if c, err := strconv.Atoi(field); err == nil && !zombie(c) {
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
		if err == nil && ppid == pid && state != 'Z' {
			kids = append(kids, c)
		}
	}
	return kids, nil
}

// zombie reports whether pid has ended and waits to be reaped (or is gone).
func zombie(pid int) bool {
	_, state, err := statOf(pid)
	return err != nil || state == 'Z'
}

// statFields returns the fields of /proc/PID/stat after the command name: state,
// ppid, and so on. The command name, in parentheses, may hold spaces and parentheses
// itself, so the fields are read after its last ')'.
func statFields(pid int) ([]string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil, err
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	return strings.Fields(string(b[i+1:])), nil
}

// statOf reads the parent pid and state from /proc/PID/stat.
func statOf(pid int) (ppid int, state byte, err error) {
	fields, err := statFields(pid)
	if err != nil {
		return 0, 0, err
	}
	if len(fields) < 2 || len(fields[0]) != 1 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: short", pid)
	}
	ppid, err = strconv.Atoi(fields[1])
	return ppid, fields[0][0], err
}

// dirSize returns the bytes and number of the regular files under dir.
func dirSize(dir string) (bytes int64, files int) {
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return nil // a file thinned away meanwhile
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				bytes += info.Size()
				files++
			}
		}
		return nil
	})
	return bytes, files
}
