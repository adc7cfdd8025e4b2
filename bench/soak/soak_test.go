package soak

import (
	"testing"
	"time"
)

// The driver against a kernel is exercised by tests/soak_test.go; these check the
// parts that decide verdicts, without one.

func TestDurationStats(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	st := durationStats(ds)
	if st.N != 100 || st.P50 != 50 || st.P90 != 90 || st.P99 != 99 || st.Max != 100 || st.Mean != 50.5 {
		t.Errorf("stats of 1..100 ms: %+v", st)
	}
	if st := durationStats(nil); st.N != 0 {
		t.Errorf("stats of nothing: %+v", st)
	}
}

func TestCellSchedule(t *testing.T) {
	m := newModel()
	for i, want := range map[int]string{
		0:   "define func",
		99:  "interrupt",
		100: "check state",
		101: mix[101%len(mix)](m, 101).kind,
		199: "interrupt",
	} {
		if got := cellFor(m, i, 100).kind; got != want {
			t.Errorf("execution %d: %s, want %s", i, got, want)
		}
	}
	if got := cellFor(m, 99, 0).kind; got == "interrupt" {
		t.Errorf("interrupts off, execution 99 is still an interrupt")
	}
	// The same execution number gives the same cell: runs are comparable.
	if a, b := cellFor(newModel(), 37, 500), cellFor(newModel(), 37, 500); a.code != b.code {
		t.Errorf("execution 37 differs between runs:\n%s\n%s", a.code, b.code)
	}
}

// TestVerdicts feeds the verdicts samples of a process that leaks and one that does
// not.
func TestVerdicts(t *testing.T) {
	cfg := Config{Binary: "x", Executions: 1000, SampleEvery: 100, Block: 200, Warmup: 200}.Fill()
	for _, tc := range []struct {
		name       string
		workerRSS  func(n int) int64
		goroutines func(n int) int
		wantRSS    string
		wantG      string
	}{
		{"steady", func(int) int64 { return 100 << 20 }, func(int) int { return 3 }, "pass", "pass"},
		// 64 KiB an execution, where the bound is 4 KiB.
		{"leaking", func(n int) int64 { return 100<<20 + int64(n)*64<<10 }, func(n int) int { return 3 + n/100 }, "FAIL", "FAIL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Report{}
			for n := 1; n <= cfg.Executions; n++ {
				r.Executions = append(r.Executions, Execution{N: n, Kind: "k", Category: CategoryOK, Elapsed: time.Millisecond, OK: true})
			}
			for n := 0; n <= cfg.Executions; n += cfg.SampleEvery {
				r.Samples = append(r.Samples, Sample{N: n,
					Kernel: ProcSample{PID: 1, RSS: 30 << 20, Goroutines: -1, FDs: 20},
					Worker: ProcSample{PID: 2, RSS: tc.workerRSS(n), Goroutines: tc.goroutines(n), FDs: 10}})
			}
			r.finish(cfg)
			for name, want := range map[string]string{
				VerdictReplies: "pass", VerdictWorkerKept: "pass", VerdictKernelRSS: "pass",
				VerdictWorkerRSS: tc.wantRSS, VerdictWorkerGoroutines: tc.wantG, VerdictKernelGoroutines: "n/a",
				VerdictFDs: "pass", VerdictP99: "pass",
			} {
				if got := r.Verdict(name); got.Status != want {
					t.Errorf("%s: %s (%s), want %s", name, got.Status, got.Measured, want)
				}
			}
			if got := r.Passed(); got != (tc.wantRSS == "pass" && tc.wantG == "pass") {
				t.Errorf("Passed() = %v", got)
			}
		})
	}
}
