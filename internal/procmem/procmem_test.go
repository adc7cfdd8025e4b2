package procmem

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// TestPeakRSSGrowsAndResets touches 64 MiB, sees the peak rise by about that
// much, returns the memory to the system and sees a reset bring the peak down.
func TestPeakRSSGrowsAndResets(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("VmHWM is Linux's")
	}
	before, ok := PeakRSS()
	if !ok || before <= 0 {
		t.Fatalf("PeakRSS = %d, %v", before, ok)
	}
	b := make([]byte, 64<<20)
	for i := range b {
		b[i] = 1
	}
	runtime.KeepAlive(b)
	after, _ := PeakRSS()
	if after < before+32<<20 {
		t.Fatalf("peak %d after touching 64 MiB, %d before", after, before)
	}
	b = nil
	debug.FreeOSMemory()
	if !ResetPeakRSS() {
		t.Skip("clear_refs not writable here")
	}
	if reset, _ := PeakRSS(); reset > after-32<<20 {
		t.Errorf("peak %d after freeing 64 MiB and a reset, %d before", reset, after)
	}
}
