package alsbench

import (
	"os"
	"strconv"
	"strings"
)

// resetPeakRSS starts the process's peak resident memory (VmHWM) afresh from
// its current resident memory, so that the peak read later is that of what
// came after (Linux's clear_refs "5"). It reports whether the system allowed
// it.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS returns the process's peak resident memory since it started or
// since the last resetPeakRSS, in bytes, and whether the system reports it.
func peakRSS() (int64, bool) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}
