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
