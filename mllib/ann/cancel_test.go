package ann

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/interrupt"
	"github.com/gokernel/gokernel/mllib/ann/anndata"
	"github.com/gokernel/gokernel/mllib/vec"
)

// TestCancelStopsAForestBuild stops, after 100 ms, the build of 100 trees over
// 100,000 vectors, several seconds of work on two cores, and checks that the
// forest is left as it was.
func TestCancelStopsAForestBuild(t *testing.T) {
	d := anndata.Clustered(anndata.ClusteredConfig{N: 100000, Queries: 1, Dim: 32, Seed: 3})
	for _, tc := range []struct {
		name  string
		build func(f *Forest, stoppedAt *time.Time) error
	}{
		{"BuildContext", func(f *Forest, stoppedAt *time.Time) error {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, func() { *stoppedAt = time.Now(); cancel() })
			return f.BuildContext(ctx)
		}},
		// The notebook's case: Build has no context; the worker's interrupt
		// must stop it all the same.
		{"Build interrupted", func(f *Forest, stoppedAt *time.Time) error {
			interrupt.Begin()
			time.AfterFunc(100*time.Millisecond, func() { *stoppedAt = time.Now(); interrupt.Interrupt() })
			return f.Build()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Cleanup(interrupt.Begin)
			f, err := NewForest(ForestConfig{Dim: d.Dim, Metric: vec.Cosine, Trees: 100, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < d.NumTrain(); i++ {
				if err := f.Add(uint64(i), d.TrainRow(i)); err != nil {
					t.Fatal(err)
				}
			}
			var stoppedAt time.Time
			start := time.Now()
			err = tc.build(f, &stoppedAt)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want one matching context.Canceled", err)
			}
			t.Logf("build returned %v after it started, %v after it was stopped", time.Since(start), time.Since(stoppedAt))
			if d := time.Since(stoppedAt); d > 2*time.Second {
				t.Errorf("returned %v after the cancellation", d)
			}
			if f.Built() || len(f.roots) != 0 || len(f.nodes) != 0 {
				t.Errorf("a cancelled build changed the forest: built %v, %d roots", f.Built(), len(f.roots))
			}
			if err := f.Add(uint64(d.NumTrain()), d.TrainRow(0)); err != nil {
				t.Errorf("add after a cancelled build: %v", err)
			}
		})
	}
}
