package vec

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/interrupt"
)

// TestCancelStopsALongBatch stops, after 100 ms, an exact search of 2,000
// queries over 200,000 vectors, several seconds on two cores.
func TestCancelStopsALongBatch(t *testing.T) {
	const dim = 64
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]float32, 200000*dim)
	for i := range data {
		data[i] = rng.Float32() - 0.5
	}
	queries := data[:2000*dim]
	for _, tc := range []struct {
		name   string
		search func(stoppedAt *time.Time) ([][]Hit, error)
	}{
		{"TopKBatchContext", func(stoppedAt *time.Time) ([][]Hit, error) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, func() { *stoppedAt = time.Now(); cancel() })
			return TopKBatchContext(ctx, data, dim, queries, 10, Cosine)
		}},
		// The notebook's case: TopKBatch has no context; the worker's interrupt
		// must stop it all the same.
		{"TopKBatch interrupted", func(stoppedAt *time.Time) ([][]Hit, error) {
			interrupt.Begin()
			time.AfterFunc(100*time.Millisecond, func() { *stoppedAt = time.Now(); interrupt.Interrupt() })
			hits := TopKBatch(data, dim, queries, 10, Cosine)
			if hits != nil {
				return hits, nil
			}
			return nil, context.Canceled
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Cleanup(interrupt.Begin)
			var stoppedAt time.Time
			hits, err := tc.search(&stoppedAt)
			if !errors.Is(err, context.Canceled) || hits != nil {
				t.Fatalf("got %d results, err %v; want none and an error matching context.Canceled", len(hits), err)
			}
			if d := time.Since(stoppedAt); d > 2*time.Second {
				t.Errorf("returned %v after the cancellation", d)
			} else {
				t.Logf("returned %v after the cancellation", d)
			}
		})
	}
}
