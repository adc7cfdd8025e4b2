package interp

import (
	"bytes"
	"context"
	"errors"
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
	setup := `import (
	"context"

	"github.com/gokernel/gokernel/mllib/als"
	"github.com/gokernel/gokernel/mllib/ann"
	"github.com/gokernel/gokernel/mllib/dataset"
	"github.com/gokernel/gokernel/mllib/metrics"
	"github.com/gokernel/gokernel/mllib/sparse"
	"github.com/gokernel/gokernel/mllib/vec"
)

kept := 7
syn, err := dataset.GenerateSynthetic(dataset.SyntheticOptions{Users: 4000, Items: 2000, Interactions: 200000, Seed: 1})
if err != nil {
	panic(err)
}
small, err := als.Fit(context.Background(), syn.Matrix, als.Options{Factors: 8, Iterations: 1})
if err != nil {
	panic(err)
}
// 20,000 users by 20,000 items: ranking them all takes many seconds.
var trips []sparse.Triplet
for u := 0; u < 20000; u++ {
	trips = append(trips, sparse.Triplet{Row: u, Col: u * 7919 % 20000, Value: 1})
}
wide, err := sparse.NewCSR(20000, 20000, trips)
if err != nil {
	panic(err)
}
`
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
