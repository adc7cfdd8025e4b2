package interp

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestInterruptStopsCompiledLibraryCalls interrupts cells stuck in long mllib calls
// (a fit with context.Background(), an evaluation, a forest build, which has no
// context at all). Each must end as an interrupted cell within a second or two,
// where before the worker waited for the call and was killed, and the session must
// keep its variables and run the next cell.
func TestInterruptStopsCompiledLibraryCalls(t *testing.T) {
	var out bytes.Buffer
	s, err := NewSession(Options{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatal(err)
	}
	// The same cell sets up the interrupt tests of the session and of the worker
	// process: data big enough that every call below runs for minutes.
	setupSrc, err := os.ReadFile(filepath.Join("testdata", "mllib_interrupt_setup.cell"))
	if err != nil {
		t.Fatal(err)
	}
	setup := string(setupSrc)
	if _, err := s.Execute(context.Background(), setup); err != nil {
		t.Fatalf("setup: %v\n%s", err, out.String())
	}
	for _, tc := range []struct{ name, code string }{
		// Minutes of work each when nothing stops them.
		{"als.Fit", `model, fitErr := als.Fit(context.Background(), syn.Matrix, als.Options{Factors: 128, Iterations: 2000})`},
		{"metrics.Evaluate", `report, evalErr := metrics.Evaluate(context.Background(), metrics.NewPopularity(wide), wide, wide, 10)`},
		{"ann.Forest.Build", `f, _ := ann.NewForest(ann.ForestConfig{Dim: 8, Metric: vec.Cosine, Trees: 100000, LeafSize: 2})
for i := 0; i < 2000; i++ {
	v, _ := small.ItemFactors(i)
	f.Add(uint64(i), v)
}
f.Build()`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			stop := interruptCompiledCalls(ctx) // as the worker does for every cell
			stoppedAt := make(chan time.Time, 1)
			timer := time.AfterFunc(500*time.Millisecond, func() { stoppedAt <- time.Now(); cancel() })
			defer timer.Stop()
			done := make(chan error, 1)
			go func() { _, err := s.Execute(ctx, tc.code); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				// The evaluation goroutine is still in the compiled call: this is the
				// worker the kernel would kill after its grace period.
				t.Fatalf("the cell did not stop within 30 s of its start\n%s", out.String())
			}
			stop()
			if !errors.Is(err, ErrInterrupted) {
				t.Fatalf("got %v, want ErrInterrupted\n%s", err, out.String())
			}
			// The kernel's grace period is 3 s; well within it on a busy machine.
			if d := time.Since(<-stoppedAt); d > 2*time.Second {
				t.Errorf("the cell stopped %v after the interrupt", d)
			} else {
				t.Logf("the cell stopped %v after the interrupt", d)
			}
			expectValue(t, s, "kept", "7")
			// The next cell's library calls are not cancelled by the old interrupt.
			stop = interruptCompiledCalls(context.Background())
			defer stop()
			expectValue(t, s, `func() error {
	_, err := als.Fit(context.Background(), syn.Matrix, als.Options{Factors: 2, Iterations: 1})
	return err
}()`, "<nil>")
		})
	}
}
