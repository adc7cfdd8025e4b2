package interp

import (
	"context"
	"reflect"
	"runtime"
	"sync"
)

// The helpers below run a cell's select statements (see prepare's selectsOntoReflect).
// yaegi v0.16.1 keeps one list of cases per select statement and fills it with the
// channels of the goroutine that runs it: two goroutines running the same select at
// once each wait on the other's channels, and programs hang or compute wrong results.
// The rewritten select builds its own list on every run, as compiled Go does.

// selectRecv is the case of a receive from ch.
func selectRecv(ch any) reflect.SelectCase {
	return reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ch)}
}

// selectSend is the case of a send of *v on ch. The value comes by pointer so that it
// keeps the representation the interpreter gave it (an interface of a cell's type
// stays one), as yaegi's own select sends it.
func selectSend(ch, v any) reflect.SelectCase {
	return reflect.SelectCase{Dir: reflect.SelectSend, Chan: reflect.ValueOf(ch), Send: reflect.ValueOf(v).Elem()}
}

// selectDefault is a select's default case.
func selectDefault() reflect.SelectCase {
	return reflect.SelectCase{Dir: reflect.SelectDefault}
}

// selectReceived stores v, the value a select received, in *dst.
func selectReceived(dst any, v reflect.Value) {
	reflect.ValueOf(dst).Elem().Set(v)
}

// selectRound is closed by the interrupt of a cell; the selects of every goroutine
// that began waiting before then end with it, as the interpreter ends all of a
// session's goroutines on an interrupt.
type selectRound struct {
	done chan struct{}
	once sync.Once
}

func (r *selectRound) stop() { r.once.Do(func() { close(r.done) }) }

// beginSelects makes the interrupt of the cell running under ctx end the selects
// waiting in the session's select helper, and starts a new round after an interrupt.
// The returned function ends the arrangement; it must run when the cell is over,
// before ctx is cancelled for cleanup.
func (s *Session) beginSelects(ctx context.Context) (end func()) {
	s.selectMu.Lock()
	r := s.selects
	if r == nil || isClosed(r.done) {
		r = &selectRound{done: make(chan struct{})}
		s.selects = r
	}
	s.selectMu.Unlock()
	after := context.AfterFunc(ctx, r.stop)
	return func() { after() }
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// selectCases waits as a select statement with the given cases does, and returns the
// index of the case that ran, the value received and whether it came from a send.
// An interrupt ends the goroutine, as the interpreter ends a goroutine that it finds
// blocked in a select of its own.
func (s *Session) selectCases(cases ...reflect.SelectCase) (int, reflect.Value, bool) {
	s.selectMu.Lock()
	r := s.selects
	s.selectMu.Unlock()
	if r == nil {
		return reflect.Select(cases)
	}
	i, v, ok := reflect.Select(append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(r.done)}))
	if i == len(cases) {
		runtime.Goexit()
	}
	return i, v, ok
}
