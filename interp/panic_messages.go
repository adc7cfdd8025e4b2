// A panic's value as Go's message: the runtime errors Go names, and the messages the
// interpreter (through reflect) raises where compiled Go raises a runtime error.

package interp

import (
	"fmt"
	"reflect"
	"regexp"
	"runtime"
	"strings"
)

// messageRewrite turns a message matching Pattern into Replace (regexp syntax).
type messageRewrite struct {
	Pattern string `json:"pattern"`
	Replace string `json:"replace"`
}

// interpreterMessages are the panics yaegi raises, through reflect, where compiled Go
// raises a runtime error; Replace is Go's message. Values Go prints in brackets
// (index out of range [10] with length 3) are not in reflect's messages; see
// boundsValues for when a cell's own top-level variables give them back.
var interpreterMessages = []messageRewrite{
	{`^reflect: (?:slice|array|string) index out of range$`, "runtime error: index out of range"},
	{`^reflect\.Value\.Slice3?: (?:string )?slice index out of bounds$`, "runtime error: slice bounds out of range"},
	{`^reflect: cannot convert slice with length (\d+) to (?:pointer to )?array with length (\d+)$`,
		"runtime error: cannot convert slice with length $1 to array or pointer to array with length $2"},
	{`^reflect: call of reflect\.Value\.\w+ on zero Value$`, "runtime error: invalid memory address or nil pointer dereference"},
	{`^reflect: Method on nil interface value$`, "runtime error: invalid memory address or nil pointer dereference"},
	{`^reflect\.Value\.Call: call of nil function$`, "runtime error: invalid memory address or nil pointer dereference"},
	{`^reflect: assignment to entry in nil map$`, "assignment to entry in nil map"},
	{`^reflect: indirection through nil pointer to embedded struct(?: field \w+)?$`, "runtime error: invalid memory address or nil pointer dereference"},
	{`^reflect\.MakeSlice: negative len$`, "makeslice: len out of range"},
	{`^reflect\.MakeSlice: (?:negative cap|len > cap)$`, "makeslice: cap out of range"},
	{`^interface conversion: nil is not (.*)$`, "interface conversion: interface is nil, not $1"},
}

// interpreterMessageRes are the compiled patterns of interpreterMessages.
var interpreterMessageRes = func() []*regexp.Regexp {
	res := make([]*regexp.Regexp, len(interpreterMessages))
	for i, m := range interpreterMessages {
		res[i] = regexp.MustCompile(m.Pattern)
	}
	return res
}()

// yaegiInterfaceType matches how yaegi writes an interface type literal's end, with no
// space before the brace ("interface { M()}"), where Go writes "interface { M() }".
var yaegiInterfaceType = regexp.MustCompile(`(interface \{ [^{}]*[^ {}])\}`)

// goMessage turns a message of the interpreter into Go's, or returns it unchanged.
func goMessage(msg string) string {
	if strings.HasPrefix(msg, "interface conversion: ") {
		msg = yaegiInterfaceType.ReplaceAllString(msg, "$1 }")
	}
	for i, re := range interpreterMessageRes {
		if re.MatchString(msg) {
			return re.ReplaceAllString(msg, interpreterMessages[i].Replace)
		}
	}
	return msg
}

// plainGoErrors are runtime errors whose message Go prints without "runtime
// error: ": the runtime's plainError values, and failed type assertions.
var plainGoErrors = []string{
	"assignment to entry in nil map",
	"send on closed channel",
	"close of nil channel",
	"close of closed channel",
	"makechan: size out of range",
	"makeslice: len out of range",
	"makeslice: cap out of range",
	"interface conversion: ",
	"all goroutines are asleep",
}

// assertionPosition matches the position yaegi puts in front of a failed type
// assertion's message.
var assertionPosition = regexp.MustCompile(yaegiPosition + `(interface conversion: .*)$`)

// byInterpreter reports whether a panic raised while a frame ran yaegi closure op is
// the interpreter's own (op unknown counts as such): not a panic call's value and not
// a panic of compiled code the cell called, whose messages are that code's.
func byInterpreter(op string) bool { return op != "_panic" && op != "callBin" }

// panicking is a value of a cell's type that a panic call was given, and its message
// as Go prints an unrecovered panic of it: by its Error or String method, which only
// the interpreter can call (see prepare's panicMessageEdits).
type panicking struct {
	value   any
	message func() string
}

// panicking records v's message, for a panic with v that no one recovers.
func (s *Session) panicking(v any, message func() string) {
	s.lastPanic.Store(&panicking{v, message})
}

// ownMessage is the message of the panic value v by its own method, when v is the
// latest value a cell panicked with that has one.
func (s *Session) ownMessage(v any) (msg string, ok bool) {
	if rv, isValue := v.(reflect.Value); isValue {
		if !rv.IsValid() {
			return "", false
		}
		v = rv.Interface()
	}
	p := s.lastPanic.Load()
	if p == nil || !reflect.DeepEqual(p.value, v) {
		return "", false
	}
	defer func() {
		if recover() != nil {
			msg, ok = "", false // a method that panics: Go's message is no better
		}
	}()
	return p.message(), true
}

// panicMessage returns how Go would name a panic with value v: "runtime error" and the
// message without that prefix for a runtime error, "panic" and the value otherwise.
// op is the yaegi closure the innermost frame ran ("" when not known): the messages of
// the interpreter's own operations are read as Go's. atLine:atCol is the position
// yaegi put in the message, 0:0 when none.
func panicMessage(v any, op string) (name, msg string, atLine, atCol int) {
	if rv, ok := v.(reflect.Value); ok {
		// A panic call of interpreted code panics with the reflect.Value of its argument.
		if !rv.IsValid() {
			v = nil
		} else {
			v = rv.Interface()
		}
		if v == nil {
			return "panic", "panic called with nil argument", 0, 0
		}
	}
	msg = fmt.Sprint(v)
	if m := assertionPosition.FindStringSubmatch(msg); m != nil {
		atLine, atCol, msg = atoi(m[1]), atoi(m[2]), m[3]
	}
	if byInterpreter(op) {
		msg = goMessage(msg)
	}
	_, isRuntime := v.(runtime.Error)
	if after, ok := strings.CutPrefix(msg, "runtime error: "); ok {
		return "runtime error", after, atLine, atCol
	}
	for _, p := range plainGoErrors {
		if strings.HasPrefix(msg, p) && (isRuntime || op != "" && byInterpreter(op)) {
			return "runtime error", msg, atLine, atCol
		}
	}
	return "panic", msg, atLine, atCol
}
