// Package procmem reads the process's peak resident memory from Linux's /proc,
// for the benchmarks that report each contender's memory as its own process's
// peak (bench/als, bench/ann, bench/snapshot).
package procmem

import (
	"os"
	"strconv"
	"strings"
)

// PeakRSS returns the process's peak resident memory in bytes (VmHWM in
// /proc/self/status) since it started or since the last ResetPeakRSS, and
// whether the system reports it.
func PeakRSS() (int64, bool) {
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

// ResetPeakRSS lowers the process's peak resident memory to what is resident
// now (clear_refs "5", Linux 4.0 and later), so that PeakRSS then tells what
// came after, and reports whether the system allowed it.
func ResetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}
