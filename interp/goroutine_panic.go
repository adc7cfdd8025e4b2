// A panic that leaves a goroutine a cell started with a go statement ends the worker
// process: the worker's last word on it, which the kernel reports with the crash.

package interp

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/gokernel/gokernel/internal/workerproto"
)

// goroutinePanic is what the worker can say about a goroutine's fatal panic. The
// panic's value is not among it: nothing of it reaches the interpreter's stderr. The
// kernel reads it from the Go runtime's report, "panic: MSG [recovered, repanicked]",
// where MSG is the interpreter's text; Messages turns it into Go's.
type goroutinePanic struct {
	// Traceback lists the panicking goroutine's interpreted frames, innermost first,
	// as in a cell's error.
	Traceback []string `json:"traceback"`
	// Messages are the interpreter's messages that mean one of Go's runtime errors:
	// a regular expression for the message, and its replacement (regexp syntax), to be
	// applied when the panic came from the interpreter's own operation.
	Messages []messageRewrite `json:"messages,omitempty"`
}

// reportGoroutinePanic writes to stderr, for the kernel, the line that tells of the
// fatal panic of goroutine id: workerproto.GoroutinePanicMarker, then a goroutinePanic
// as JSON. The kernel takes the line out of the cell's output and reports the panic
// with it.
func (s *Session) reportGoroutinePanic(id int64, stderr io.Writer) {
	defer s.sources.placement()()
	lines, recorded, lost := s.framesOf(id)
	if lost > 0 {
		return // too deep to say where
	}
	frames := s.placeFrames(lines, recorded, nil, nil, false, nil, "")
	report := goroutinePanic{Traceback: frames.traceback()}
	switch {
	case len(recorded) > 0 && opName(recorded[0]) == "_panic":
		// A panic call's value: the runtime prints the reflect.Value yaegi panics with,
		// whose String method gives a string's text, but only the type of the rest.
		report.Messages = []messageRewrite{{`^<(.+) Value>$`, "($1 value not shown: the interpreter's crash report has only its type)"}}
	case len(recorded) > 0 && byInterpreter(opName(recorded[0])):
		report.Messages = interpreterMessages
	}
	b, err := json.Marshal(report)
	if err != nil {
		return
	}
	fmt.Fprintf(stderr, "%s%s\n", workerproto.GoroutinePanicMarker, b)
}

// startedByGoStatement reports whether a goroutine's frames outside its outermost
// interpreted one are only how yaegi starts a go statement's call (its call closures,
// the wrapper of a function value, reflect's Call), none of which recovers a panic.
func startedByGoStatement(fns []string) bool {
	last := -1
	for i, fn := range fns {
		if fn == goRunCfg {
			last = i
		}
	}
	if last < 0 {
		return false
	}
	for _, fn := range fns[last+1:] {
		name, isYaegi := strings.CutPrefix(fn, yaegiFunc)
		switch {
		case strings.HasPrefix(fn, "reflect."):
		case isYaegi && strings.Contains(name, ".func") && !strings.HasPrefix(name, "("):
		default:
			return false
		}
	}
	return true
}
