package metrics

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/interrupt"
	"github.com/gokernel/gokernel/mllib/sparse"
)

// randomCounts returns a rows x cols matrix with about perRow ones per row.
func randomCounts(t *testing.T, rows, cols, perRow int, seed uint64) *sparse.CSR {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 2))
	trips := make([]sparse.Triplet, 0, rows*perRow)
	for r := 0; r < rows; r++ {
		for range perRow {
			trips = append(trips, sparse.Triplet{Row: r, Col: rng.IntN(cols), Value: 1})
		}
	}
	m, err := sparse.NewCSR(rows, cols, trips)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCancelStopsALongEvaluate evaluates 20,000 users over 20,000 items, about
// ten seconds of ranking on two cores, and stops it after 100 ms.
func TestCancelStopsALongEvaluate(t *testing.T) {
	train := randomCounts(t, 20000, 20000, 10, 1)
	test := randomCounts(t, 20000, 20000, 2, 2)
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, func())
	}{
		{"cancelled context", func() (context.Context, func()) { return context.WithCancel(context.Background()) }},
		// The notebook's case: the cell passed context.Background() and the
		// worker was interrupted.
		{"interrupt", func() (context.Context, func()) {
			interrupt.Begin()
			return context.Background(), interrupt.Interrupt
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Cleanup(interrupt.Begin)
			ctx, stop := tc.ctx()
			var stoppedAt time.Time
			time.AfterFunc(100*time.Millisecond, func() { stoppedAt = time.Now(); stop() })
			_, err := Evaluate(ctx, NewPopularity(train), train, test, 10)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want one matching context.Canceled", err)
			}
			if d := time.Since(stoppedAt); d > 2*time.Second {
				t.Errorf("returned %v after the cancellation", d)
			} else {
				t.Logf("returned %v after the cancellation", d)
			}
		})
	}
}
