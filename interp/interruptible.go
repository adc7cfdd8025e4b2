package interp

import (
	"context"

	"github.com/gokernel/gokernel/internal/interrupt"
)

// interruptCompiledCalls makes the interrupt of the cell running under ctx also
// stop the compiled library calls in flight (als.Fit, metrics.Evaluate, a forest
// build: mllib takes its contexts through package interrupt). Cancelling ctx stops
// the interpreted code, but a native call keeps the evaluation goroutine until it
// returns, and a worker that does not answer within the kernel's grace period is
// replaced, losing the session. The returned function ends the arrangement and must
// run when the cell is over, before ctx is cancelled for cleanup.
func interruptCompiledCalls(ctx context.Context) (stop func()) {
	interrupt.Begin()
	s := context.AfterFunc(ctx, interrupt.Interrupt)
	return func() { s() }
}
