package interrupt

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The tests run in this order: the first needs interrupts still off.

// ctxKey keys the value that tells the caller's context apart.
type ctxKey struct{}

func TestWithBeforeBeginIsTheCallersContext(t *testing.T) {
	ctx := context.WithValue(context.Background(), ctxKey{}, 1)
	got, release := With(ctx)
	defer release()
	if got != ctx {
		t.Errorf("With changed the context of a program that never called Begin")
	}
}

func TestInterruptCancelsCallsOfTheRound(t *testing.T) {
	Begin()
	t.Cleanup(Begin)
	parent, cancelParent := context.WithCancel(context.Background())
	defer cancelParent()
	running, release := With(parent)
	defer release()
	finished, releaseFinished := With(context.Background())
	releaseFinished()

	Interrupt()
	select {
	case <-running.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("an interrupt did not cancel a running call's context")
	}
	if err := context.Cause(running); err != Err || !errors.Is(err, context.Canceled) || err.Error() != "interrupted" {
		t.Errorf("cause = %v, want Err, which matches context.Canceled", err)
	}
	if parent.Err() != nil {
		t.Error("the interrupt cancelled the caller's own context")
	}
	if context.Cause(finished) == Err {
		t.Error("the interrupt reached a call that had already returned")
	}
	// Until the next cell starts, a new call fails at once.
	late, releaseLate := With(context.Background())
	defer releaseLate()
	if late.Err() == nil {
		t.Error("a call that started after the interrupt was not cancelled")
	}
	Begin()
	fresh, releaseFresh := With(context.Background())
	defer releaseFresh()
	if fresh.Err() != nil {
		t.Error("a call in the next round starts cancelled")
	}
}

func TestWithFollowsTheCallersContext(t *testing.T) {
	Begin()
	parent, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	ctx, release := With(parent)
	defer release()
	<-ctx.Done()
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) && !errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		t.Errorf("err %v, cause %v; want the parent's deadline", ctx.Err(), context.Cause(ctx))
	}
}

// BenchmarkCheck is the cost of one look at the context of a call running
// under With, which the library's loops pay once per block of work.
func BenchmarkCheck(b *testing.B) {
	Begin()
	ctx, release := With(context.Background())
	defer release()
	for b.Loop() {
		if ctx.Err() != nil {
			b.Fatal("cancelled")
		}
	}
}

// BenchmarkWith is the cost of entering and leaving a long call.
func BenchmarkWith(b *testing.B) {
	Begin()
	for b.Loop() {
		_, release := With(context.Background())
		release()
	}
}
