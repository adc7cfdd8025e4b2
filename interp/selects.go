package interp

import (
	"context"
	"reflect"
	"runtime"
	"strings"
	"sync"
)

// The helpers below run a cell's select statements (see prepare's selectsOntoReflect).
// yaegi v0.16.1 keeps one list of cases per select statement and fills it with the
// channels of the goroutine that runs it: two goroutines running the same select at
// once each wait on the other's channels, and programs hang or compute wrong results.
// The rewritten select builds its own list on every run, as compiled Go does. A run
// is one call from the interpreter, since each call into compiled code costs yaegi
// about as much as the select itself (BenchmarkRewriteCost/Select in prepare).

// selectCaseList turns a select's cases, as the rewrite hands them over, into
// reflect's. dirs has a letter per case: r for a receive (one operand, the channel), v
// for a receive into a variable (the channel, and a pointer the value is stored
// through), s for a send (the channel, and a pointer to the value, so that it keeps
// the representation the interpreter gave it, as yaegi's own select sends it), d for
// the default; then o when the last operand is a pointer for the receive's ok. It
// returns the cases and, by case, where a received value goes. A case on a nil channel
// stays, as reflect.Select never chooses it.
func selectCaseList(dirs string, operands []any) (cases []reflect.SelectCase, into []any, ok *bool) {
	cases = make([]reflect.SelectCase, 0, len(dirs)+1)
	into = make([]any, 0, len(dirs))
	for i := range len(dirs) {
		var c reflect.SelectCase
		var dst any
		switch dirs[i] {
		case 'r':
			c = reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(operands[0])}
			operands = operands[1:]
		case 'v':
			c = reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(operands[0])}
			dst, operands = operands[1], operands[2:]
		case 's':
			c = reflect.SelectCase{Dir: reflect.SelectSend, Chan: reflect.ValueOf(operands[0]), Send: reflect.ValueOf(operands[1]).Elem()}
			operands = operands[2:]
		case 'd':
			c = reflect.SelectCase{Dir: reflect.SelectDefault}
		case 'o':
			ok = operands[0].(*bool)
			continue
		}
		cases, into = append(cases, c), append(into, dst)
	}
	return cases, into, ok
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
	r := s.selects.Load()
	if r == nil || isClosed(r.done) {
		r = &selectRound{done: make(chan struct{})}
		s.selects.Store(r)
	}
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

// selectCases waits as a select statement with the given cases does (see
// selectCaseList), stores what a receive got, and returns the index of the case that
// ran. An interrupt ends the goroutine, as the interpreter ends a goroutine that it
// finds blocked in a select of its own.
func (s *Session) selectCases(dirs string, operands ...any) int {
	cases, into, ok := selectCaseList(dirs, operands)
	n := len(cases)
	if r := s.selects.Load(); r != nil && strings.IndexByte(dirs, 'd') < 0 { // (a select with a default does not wait)
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(r.done)})
	}
	i, v, received := reflect.Select(cases)
	if i == n {
		runtime.Goexit()
	}
	if into[i] != nil {
		reflect.ValueOf(into[i]).Elem().Set(v)
	}
	if ok != nil {
		*ok = received
	}
	return i
}
