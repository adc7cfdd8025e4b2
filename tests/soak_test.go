package tests

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/gokernel/gokernel/bench/soak"
)

// TestSoakShort is the short soak: 500 executions of bench/soak's mix of cells
// (definitions and redefinitions, loops with checked results, stdout, stderr and
// display output, goroutines, compile errors, panics and runtime errors) through the
// real protocol, with a never-ending cell interrupted every 100. Every reply must be
// right, the worker must never be replaced, and the worker's goroutines and both
// processes' file descriptors must come back to where they started. Memory is held
// to a generous bound: 500 executions are too few to tell a slow leak from the heap
// settling, which is what the 10,000 of bench/soak/run.sh are for; this catches a
// leak of hundreds of kilobytes per execution. Round trips are logged, never
// asserted: the machine is shared.
func TestSoakShort(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the soak samples the kernel and its worker through Linux's /proc")
	}
	const executions = 500
	tr := newTrials(t, "soak", fmt.Sprintf("%d mixed executions through the protocol (definitions, loops, output, errors, an interrupt every 100)", executions))
	cfg := soak.Config{
		Binary:         filepath.Join(binDir, "gokernel"),
		Env:            kernelEnv,
		Executions:     executions,
		InterruptEvery: 100,
		SampleEvery:    20,
		Block:          100,
		Warmup:         100,
		Timeout:        time.Minute,
		// 128 KiB an execution (40 MiB between the windows compared) is far
		// above what the session keeps by design and what the interpreter is known
		// to keep (about 30 KiB; see bench/soak/README.md), far below a leak of a
		// cell's output, of a snapshot or of a pipe's buffers.
		Bounds: soak.Bounds{RSSGrowthFraction: 0.5, RSSPerExecution: 128 << 10, GoroutineSlack: 2, FDSlack: 4, P99Ratio: 2},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rep, err := soak.Run(ctx, cfg)
	for _, e := range rep.Executions {
		tr.Trial(e.OK)
	}
	t.Logf("\n%s", rep.Markdown())
	tr.Outcome(soakOutcome(rep))
	if err != nil {
		for _, l := range rep.KernelLogTail {
			t.Log("kernel:", l)
		}
		t.Fatalf("the soak stopped: %v", err)
	}
	for _, f := range rep.Failures {
		t.Errorf("execution %d (%s): %s\ncode:\n%s\nreply: %s", f.N, f.Kind, f.Problem, f.Code, f.Reply)
	}
	for _, v := range rep.Verdicts {
		if v.Status == "FAIL" && !v.Timing {
			t.Errorf("%s: %s; bound: %s", v.Name, v.Measured, v.Bound)
		}
	}
	if rep.ShutdownError != "" {
		t.Errorf("shutdown_request: %s", rep.ShutdownError)
	}
}

// soakOutcome is the report's sentence for the reliability report: what the kernel
// did, with the numbers.
func soakOutcome(rep *soak.Report) string {
	wrong := len(rep.Failures)
	s := fmt.Sprintf("%d executions, %d wrong, %d interrupted and answered", len(rep.Executions), wrong, rep.Interrupts)
	if len(rep.Samples) > 0 {
		a, b := rep.Samples[0], rep.Samples[len(rep.Samples)-1]
		s += fmt.Sprintf("; RSS kernel %.0f → %.0f MiB, worker %.0f → %.0f MiB; worker goroutines %d → %d",
			soakMiB(a.Kernel.RSS), soakMiB(b.Kernel.RSS), soakMiB(a.Worker.RSS), soakMiB(b.Worker.RSS), a.Worker.Goroutines, b.Worker.Goroutines)
		if a.Kernel.Goroutines >= 0 && b.Kernel.Goroutines >= 0 {
			s += fmt.Sprintf(", kernel goroutines %d → %d", a.Kernel.Goroutines, b.Kernel.Goroutines)
		}
		s += fmt.Sprintf("; fds kernel %d → %d, worker %d → %d", a.Kernel.FDs, b.Kernel.FDs, a.Worker.FDs, b.Worker.FDs)
	}
	if n := len(rep.Blocks); n > 0 {
		first, last := rep.Blocks[0].OK, rep.Blocks[n-1].OK
		s += fmt.Sprintf("; round trip p50/p99 %.0f/%.0f ms in the first 100, %.0f/%.0f ms in the last", first.P50, first.P99, last.P50, last.P99)
	}
	return s
}

func soakMiB(b int64) float64 { return float64(b) / (1 << 20) }
