//go:build !linux

package alsbench

// resetPeakRSS is not supported on this platform.
func resetPeakRSS() bool { return false }

// peakRSS is not measured on this platform.
func peakRSS() (int64, bool) { return 0, false }
