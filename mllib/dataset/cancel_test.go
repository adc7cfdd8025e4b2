package dataset

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/interrupt"
)

// TestCancelStopsALongGeneration stops, after 100 ms, a data set of five
// million interactions that takes about a minute to draw on two cores.
func TestCancelStopsALongGeneration(t *testing.T) {
	opt := SyntheticOptions{Users: 100000, Items: 20000, Interactions: 5000000, Seed: 1}
	for _, tc := range []struct {
		name     string
		generate func(stoppedAt *time.Time) (*Synthetic, error)
	}{
		{"GenerateSyntheticContext", func(stoppedAt *time.Time) (*Synthetic, error) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, func() { *stoppedAt = time.Now(); cancel() })
			return GenerateSyntheticContext(ctx, opt)
		}},
		// The notebook's case: GenerateSynthetic has no context; the worker's
		// interrupt must stop it all the same.
		{"GenerateSynthetic interrupted", func(stoppedAt *time.Time) (*Synthetic, error) {
			interrupt.Begin()
			time.AfterFunc(100*time.Millisecond, func() { *stoppedAt = time.Now(); interrupt.Interrupt() })
			return GenerateSynthetic(opt)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Cleanup(interrupt.Begin)
			var stoppedAt time.Time
			s, err := tc.generate(&stoppedAt)
			if !errors.Is(err, context.Canceled) || s != nil {
				t.Fatalf("got %v, %v; want nil and an error matching context.Canceled", s, err)
			}
			if d := time.Since(stoppedAt); d > 2*time.Second {
				t.Errorf("returned %v after the cancellation", d)
			} else {
				t.Logf("returned %v after the cancellation", d)
			}
		})
	}
}
