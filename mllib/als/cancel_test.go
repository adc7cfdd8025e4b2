package als

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/interrupt"
	"github.com/gokernel/gokernel/mllib/sparse"
)

// randomCSR returns a rows x cols matrix with about perRow random counts in
// each row, built directly: generating a realistic data set that large would
// take longer than the test.
func randomCSR(t testing.TB, rows, cols, perRow int, seed uint64) *sparse.CSR {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	indptr := make([]int, 1, rows+1)
	var indices []int32
	var values []float32
	row := make([]int32, 0, perRow)
	for r := 0; r < rows; r++ {
		row = row[:0]
		for range perRow {
			row = append(row, int32(rng.IntN(cols)))
		}
		slices.Sort(row)
		row = slices.Compact(row)
		indices = append(indices, row...)
		for range row {
			values = append(values, float32(1+rng.IntN(5)))
		}
		indptr = append(indptr, len(indices))
	}
	m, err := sparse.FromCSR(rows, cols, indptr, indices, values)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// bigFit is a fit that takes about a minute on two cores when nothing stops it.
func bigFit(t testing.TB) (*sparse.CSR, Options) {
	return randomCSR(t, 20000, 10000, 25, 1), Options{Factors: 64, Iterations: 200, ComputeLoss: true}
}

// stopsPromptly checks that a call returned a cancellation error long before
// the uninterrupted fit would have ended. The bound is not a speed target: it is
// a third of the fit's own time on two idle cores, so that a fit that ignored the
// cancellation fails even on a fast machine, and one that obeyed it passes on a
// shared, loaded one or under the race detector (typically it returns within
// milliseconds; the log says how soon).
func stopsPromptly(t *testing.T, err error, stoppedAt time.Time) {
	t.Helper()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want one matching context.Canceled", err)
	}
	if d := time.Since(stoppedAt); d > 20*time.Second {
		t.Errorf("returned %v after the cancellation", d)
	} else {
		t.Logf("returned %v after the cancellation", d)
	}
}

func TestCancelStopsALongFit(t *testing.T) {
	m, opt := bigFit(t)
	ctx, cancel := context.WithCancel(context.Background())
	var stoppedAt time.Time
	time.AfterFunc(100*time.Millisecond, func() { stoppedAt = time.Now(); cancel() })
	model, err := Fit(ctx, m, opt)
	if model != nil {
		t.Error("a cancelled fit returned a model")
	}
	stopsPromptly(t, err, stoppedAt)
}

// TestInterruptStopsFitWithBackgroundContext is the notebook's case: the cell
// passed context.Background(), and the worker's interrupt must stop the fit.
func TestInterruptStopsFitWithBackgroundContext(t *testing.T) {
	m, opt := bigFit(t)
	interrupt.Begin()
	t.Cleanup(interrupt.Begin) // later tests start a new round
	var stoppedAt time.Time
	time.AfterFunc(100*time.Millisecond, func() { stoppedAt = time.Now(); interrupt.Interrupt() })
	_, err := Fit(context.Background(), m, opt)
	stopsPromptly(t, err, stoppedAt)
	if !errors.Is(err, interrupt.Err) {
		t.Errorf("err = %v, want the interrupt as its cause", err)
	}
	// A later call in the same round fails at once: the interrupted cell is over.
	if _, err := Fit(context.Background(), m, opt); !errors.Is(err, interrupt.Err) {
		t.Errorf("fit after the interrupt: err = %v", err)
	}
}

func TestCancelStopsLoss(t *testing.T) {
	m, _ := bigFit(t)
	model := fit(t, m, Options{Factors: 8, Iterations: 1})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := model.Loss(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Loss with a cancelled context: err = %v", err)
	}
}
