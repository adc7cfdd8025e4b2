package tests

import (
	"regexp"
	"testing"
)

// TestConformance runs jupyter_kernel_test's KernelTests with every sample gokernel
// supports filled in; none of them may be skipped.
func TestConformance(t *testing.T) {
	out := runPythonOutput(t, "test_conformance")
	if m := regexp.MustCompile(`skipped=(\d+)`).FindStringSubmatch(out); m != nil {
		t.Errorf("conformance suite skipped %s tests; every sample the kernel supports must run", m[1])
	}
}

// TestKernelBehaviour covers the worker process, interrupts, crashes, stdin, history,
// stop_on_error and bad input through jupyter_client.
func TestKernelBehaviour(t *testing.T) {
	runPythonOutput(t, "test_kernel_behaviour")
}
