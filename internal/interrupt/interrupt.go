// Package interrupt carries a notebook interrupt into gokernel's compiled
// library. The interpreter stops interpreted code at once when a cell is
// interrupted, but a call into compiled code (als.Fit, metrics.Evaluate, a
// forest build) runs until it returns, and the kernel would have to kill the
// worker and lose the session. So mllib's long-running calls take their
// context through With: besides the caller's own context, it is cancelled when
// the worker is interrupted, whatever context the cell passed (typically
// context.Background()) and also for methods that take no context at all.
//
// Outside a gokernel worker nobody calls Begin, and With hands back the
// caller's context untouched: a Go program using mllib sees plain context
// semantics.
package interrupt

import (
	"context"
	"sync"
)

// Err is the cause (context.Cause) of a context from With that an interrupt
// cancelled: it reads "interrupted" and matches context.Canceled under
// errors.Is, so code that checks for cancellation needs nothing new.
var Err error = interrupted{}

type interrupted struct{}

func (interrupted) Error() string        { return "interrupted" }
func (interrupted) Is(target error) bool { return target == context.Canceled }

var (
	mu sync.Mutex
	// round is cancelled by Interrupt; nil until Begin first runs.
	round       context.Context
	cancelRound context.CancelCauseFunc
)

// Begin turns interrupts on, and after an interrupt starts a new round: calls
// that begin from now on are cancelled by the next Interrupt only. The worker
// calls it as each cell starts. Until the next Begin, a call that starts after
// an Interrupt fails at once, so a call the interrupted cell was about to make
// cannot slip past the interrupt.
func Begin() {
	mu.Lock()
	defer mu.Unlock()
	if round == nil || round.Err() != nil {
		round, cancelRound = context.WithCancelCause(context.Background())
	}
}

// Interrupt cancels, with cause Err, the contexts of every call running under
// With, in any goroutine: the interpreter stops the interpreted code of all of
// a session's goroutines on an interrupt too.
func Interrupt() {
	mu.Lock()
	cancel := cancelRound
	mu.Unlock()
	if cancel != nil {
		cancel(Err)
	}
}

// With returns a context that is done when ctx is done or when the worker is
// interrupted, and the function that releases it, which the caller must call
// when the work is over. ctx itself is never cancelled.
func With(ctx context.Context) (context.Context, func()) {
	mu.Lock()
	r := round
	mu.Unlock()
	if r == nil {
		return ctx, func() {}
	}
	merged, cancel := context.WithCancelCause(ctx)
	if r.Err() != nil {
		// Interrupted already: fail now, not when AfterFunc's goroutine runs.
		cancel(context.Cause(r))
	}
	stop := context.AfterFunc(r, func() { cancel(context.Cause(r)) })
	return merged, func() {
		stop()
		cancel(context.Canceled)
	}
}
