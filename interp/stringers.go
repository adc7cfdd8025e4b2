package interp

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"sync"
	"unsafe"
)

// The methods of the cells' types, for package fmt.
//
// yaegi v0.16.1 keeps a value of a cell's named type as a value of the underlying
// type: a Genre is an int to compiled code, and its String method lives only in the
// interpreter. When such a value is itself an argument of a compiled function whose
// parameter is an interface (fmt.Println), yaegi passes a struct that carries the
// value and the method (stdlib's _fmt_Stringer, chosen through the MapTypes of the
// function): fmt then finds String, but %d prints that struct ({1 5131616}). A slice,
// map or struct of Genres, or the result of a call, reaches fmt as bare ints.
//
// The prepare pipeline, which knows the cell's types, wraps each such argument of a
// fmt function in __gk.Fmt(x, name, plan, methods...): plan says where in x the
// values with methods are, methods are func literals calling them. Fmt returns an
// fmtValue, a compiled value that implements fmt.Formatter and formats x the way fmt
// would format a value of x's static type: a value with Format, Error or String gets
// them called for the verbs fmt calls them for, anything else is formatted as its
// underlying value, with what it holds presented the same way. yaegi's own wrappers
// (_fmt_Stringer and the like, for arguments the pipeline did not wrap) become
// fmtValues too, with the methods they carry.

// fmtPlan describes, for one static type, where the values with methods are. It is
// parsed from the text prepare writes (see parsePlan); plans are shared by all the
// calls written the same way, and may be cyclic (a tree of nodes).
type fmtPlan struct {
	// holder lists the methods of the value here, by their index in the call's
	// methods; nil when the value has none.
	holder *planHolder
	// body is this plan without its holder: how the value's underlying value is
	// presented when no method formats it.
	body *fmtPlan
	// elem is the plan of the elements of a slice, array or map, or of a pointer's
	// target; key that of a map's keys; fields those of a struct's fields, by index.
	elem, key *fmtPlan
	fields    map[int]*fmtPlan
}

// planHolder is where the methods of a value with methods are in a call's methods,
// -1 for those it lacks.
type planHolder struct {
	format, error, string, goString int
}

func (p *fmtPlan) elemPlan() *fmtPlan {
	if p == nil {
		return nil
	}
	return p.elem
}

func (p *fmtPlan) keyPlan() *fmtPlan {
	if p == nil {
		return nil
	}
	return p.key
}

func (p *fmtPlan) fieldPlan(i int) *fmtPlan {
	if p == nil {
		return nil
	}
	return p.fields[i]
}

var plans sync.Map // string -> *fmtPlan

// planOf parses a plan, once per text.
func planOf(text string) (*fmtPlan, error) {
	if p, ok := plans.Load(text); ok {
		return p.(*fmtPlan), nil
	}
	pp := &planParser{s: text, labels: map[int]*fmtPlan{}}
	p := pp.node()
	if pp.err == nil && pp.i != len(text) {
		pp.fail("trailing text")
	}
	if pp.err != nil {
		return nil, pp.err
	}
	plans.Store(text, p)
	return p, nil
}

// planParser reads the text of a plan:
//
//	node   = [ "#" n "=" ] [ "(" { ("F" | "E" | "S" | "G") n } ")" ] body | "#" n
//	body   = "." | "[" node | "*" node | "M" node node | "{" { n ":" node } "}"
//
// ( ) lists the methods of the value (Format, Error, String, GoString) by their index
// among the call's methods; [ is the element of a slice or array, * the target of a
// pointer, M a map's key and element, { } the fields that hold values with methods,
// by index; . a value with nothing to present. #n= labels a node and #n refers to
// it, for types that hold themselves.
type planParser struct {
	s      string
	i      int
	err    error
	labels map[int]*fmtPlan
}

func (pp *planParser) fail(why string) {
	if pp.err == nil {
		pp.err = fmt.Errorf("plan %q at %d: %s", pp.s, pp.i, why)
	}
}

func (pp *planParser) peek() byte {
	if pp.i < len(pp.s) {
		return pp.s[pp.i]
	}
	return 0
}

func (pp *planParser) number() int {
	start := pp.i
	for pp.i < len(pp.s) && '0' <= pp.s[pp.i] && pp.s[pp.i] <= '9' {
		pp.i++
	}
	n, err := strconv.Atoi(pp.s[start:pp.i])
	if err != nil {
		pp.fail("number expected")
	}
	return n
}

func (pp *planParser) node() *fmtPlan {
	if pp.err != nil {
		return nil
	}
	p := &fmtPlan{}
	if pp.peek() == '#' {
		pp.i++
		label := pp.number()
		if pp.peek() != '=' {
			if q, ok := pp.labels[label]; ok {
				return q
			}
			pp.fail("unknown label")
			return nil
		}
		pp.i++
		pp.labels[label] = p
	}
	body := p
	if pp.peek() == '(' {
		pp.i++
		h := &planHolder{-1, -1, -1, -1}
		for pp.err == nil && pp.peek() != ')' {
			c := pp.peek()
			pp.i++
			n := pp.number()
			switch c {
			case 'F':
				h.format = n
			case 'E':
				h.error = n
			case 'S':
				h.string = n
			case 'G':
				h.goString = n
			default:
				pp.fail("unknown method")
			}
		}
		pp.i++
		p.holder = h
		body = &fmtPlan{}
	}
	p.body = body
	c := pp.peek()
	pp.i++
	switch c {
	case '.':
	case '[', '*':
		body.elem = pp.node()
	case 'M':
		body.key = pp.node()
		body.elem = pp.node()
	case '{':
		body.fields = map[int]*fmtPlan{}
		for pp.err == nil && pp.peek() != '}' {
			i := pp.number()
			if pp.peek() != ':' {
				pp.fail("':' expected")
				break
			}
			pp.i++
			body.fields[i] = pp.node()
		}
		pp.i++
	default:
		pp.i--
		pp.fail("plan expected")
	}
	if p.holder != nil {
		// The holder's own structure is its body's: a value with methods is formatted
		// by them or, for the other verbs, as its underlying value.
		p.elem, p.key, p.fields = nil, nil, nil
	} else {
		p.body = p
	}
	return p
}

// fmtCall is the methods of one __gk.Fmt call.
type fmtCall struct {
	funcs []reflect.Value
	mu    sync.Mutex
	byPos map[*fmtPlan]*fmtMethods
}

// methodsAt returns the methods of the values plan p describes.
func (c *fmtCall) methodsAt(p *fmtPlan) *fmtMethods {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.byPos[p]; ok {
		return m
	}
	m := &fmtMethods{call: c, body: p.body, receiver: true}
	if h := p.holder; h != nil {
		for which, i := range []int{h.format, h.error, h.string, h.goString} {
			if i >= 0 && i < len(c.funcs) {
				m.funcs[which] = c.funcs[i]
			}
		}
	}
	if c.byPos == nil {
		c.byPos = map[*fmtPlan]*fmtMethods{}
	}
	c.byPos[p] = m
	return m
}

// The methods fmt calls, as indexes of fmtMethods.funcs.
const (
	methodFormat = iota
	methodError
	methodString
	methodGoString
)

var methodNames = [...]string{"Format", "Error", "String", "GoString"}

// fmtMethods are the methods of the values of one type, as fmt uses them.
type fmtMethods struct {
	// funcs are the methods, by methodFormat...; they take the receiver first when
	// receiver is set, else they are bound to the value.
	funcs    [4]reflect.Value
	receiver bool
	// name is the Go name of the type (main.Genre), for %T; empty when unknown.
	name string
	// names are Go's names of the cells' struct types, for %#v (typenames.go).
	names *typeNames
	// call and body present the underlying value of a value with methods.
	call *fmtCall
	body *fmtPlan
}

// has reports whether the value has method which.
func (m *fmtMethods) has(which int) bool { return m.funcs[which].IsValid() }

func (m *fmtMethods) any() bool {
	return m.has(methodFormat) || m.has(methodError) || m.has(methodString) || m.has(methodGoString)
}

// invoke calls method which of v; st and verb are Format's. The result is the
// method's string, "" for Format.
func (m *fmtMethods) invoke(v any, which int, st fmt.State, verb rune) string {
	fn := m.funcs[which]
	var in []reflect.Value
	if m.receiver {
		rv := reflect.ValueOf(v)
		if t := fn.Type().In(0); !rv.IsValid() {
			rv = reflect.Zero(t)
		} else if rv.Type() != t && rv.Type().ConvertibleTo(t) {
			rv = rv.Convert(t)
		}
		in = append(in, rv)
	}
	if which == methodFormat {
		in = append(in, reflect.ValueOf(&st).Elem(), reflect.ValueOf(verb))
	}
	out := fn.Call(in)
	if len(out) == 1 && out[0].Kind() == reflect.String {
		return out[0].String()
	}
	return ""
}

// fmtValue is a value of a cell's type as fmt must see it: the value yaegi keeps
// (v) and the methods of its type. It is comparable, so that it can be a map key,
// and maps of fmtValue keys print in the order of their values, as fmt orders the
// keys of a map.
type fmtValue struct {
	v any
	m *fmtMethods
	// top is set for a value at the top of what fmt prints, where fmt prints a
	// pointer to a struct as &{...}; below, as an address.
	top bool
}

// fmtError is an fmtValue whose type has an Error method: fmt.Errorf's %w wants an
// error.
type fmtError struct{ fmtValue }

func (e fmtError) Error() string {
	return e.m.invoke(e.v, methodError, nil, 'v')
}

// newFmtValue returns v with methods m, as a value fmt formats with them.
func newFmtValue(v reflect.Value, m *fmtMethods, top bool) any {
	w := fmtValue{v: v.Interface(), m: m, top: top}
	if m.has(methodError) {
		return fmtError{w}
	}
	return w
}

// holderValue is the presentation of v, a value plan says has methods.
func (p *presenter) holderValue(v reflect.Value, plan *fmtPlan, depth int) any {
	return newFmtValue(v, p.call.methodsAt(plan), depth == 0)
}

// Format formats w as fmt formats a value with w's methods (pp.handleMethods).
func (w fmtValue) Format(f fmt.State, verb rune) {
	m := w.m
	if m.has(methodFormat) {
		defer w.catchPanic(f, verb, methodFormat)
		m.invoke(w.v, methodFormat, f, verb)
		return
	}
	sharpV := verb == 'v' && f.Flag('#')
	switch {
	case sharpV && m.has(methodGoString):
		w.formatString(f, verb, 's', methodGoString)
		return
	case sharpV:
	case verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q':
		if m.has(methodError) {
			w.formatString(f, verb, verb, methodError)
			return
		}
		if m.has(methodString) {
			w.formatString(f, verb, verb, methodString)
			return
		}
	}
	// No method for the verb: the underlying value, presented.
	p := &presenter{call: m.call, sharpV: sharpV, bytesVerb: isBytesVerb(verb)}
	u := reflect.ValueOf(w.v)
	if pu, ok := p.safePresent(u, m.body, depthOf(w.top)); ok {
		u = pu
	}
	if !w.top && u.Kind() == reflect.Pointer {
		// fmt prints a pointer below the top as an address, as it does an
		// unsafe.Pointer, and the top's rules would follow it.
		fmt.Fprintf(f, fmt.FormatString(f, verb), unsafe.Pointer(u.Pointer()))
		return
	}
	if sharpV {
		// Go syntax names the types: the value's own from the cell's text, its
		// parts' from the session's (typenames.go).
		top := ""
		if w.top {
			top = m.name
		}
		io.WriteString(f, m.names.apply(withTopName(fmt.Sprintf(fmt.FormatString(f, verb), valueArg(u)), u.Type(), top)))
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), valueArg(u))
}

// depthOf is the depth an fmtValue's underlying value is presented at.
func depthOf(top bool) int {
	if top {
		return 0
	}
	return 1
}

// valueArg returns v as an argument of a fmt function.
func valueArg(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.CanInterface() {
		return v.Interface()
	}
	return v
}

// isBytesVerb reports whether verb prints a slice or array of bytes as text.
func isBytesVerb(verb rune) bool {
	return verb == 's' || verb == 'q' || verb == 'x' || verb == 'X'
}

// formatString writes the result of a method returning a string, with verb as fmt's
// fmtString would (fmtS for GoString, whose verb is then 's').
func (w fmtValue) formatString(f fmt.State, verb, as rune, which int) {
	defer w.catchPanic(f, verb, which)
	fmt.Fprintf(f, fmt.FormatString(f, as), w.m.invoke(w.v, which, nil, verb))
}

// catchPanic reports a panic of a method as fmt's catchPanic does.
func (w fmtValue) catchPanic(f fmt.State, verb rune, which int) {
	err := recover()
	if err == nil {
		return
	}
	if v := reflect.ValueOf(w.v); v.Kind() == reflect.Pointer && v.IsNil() {
		fmt.Fprintf(f, fmt.FormatString(f, 's'), "<nil>")
		return
	}
	fmt.Fprintf(f, "%%!%c(PANIC=%s method: %v)", verb, methodNames[which], err)
}

// Fmt is __gk.Fmt, what the prepare pipeline wraps an argument of a fmt function in
// when its static type is or holds a cell's type with methods: x is the argument,
// name the Go name of its type (for %T), plan where its values with methods are (see
// planParser) and methods the func literals that call them. A plan that does not
// parse leaves x as it is.
func (e *fmtEnv) Fmt(x any, name, plan string, methods ...any) any {
	p, err := planOf(plan)
	if err != nil || x == nil {
		return x
	}
	c := &fmtCall{funcs: make([]reflect.Value, len(methods))}
	for i, m := range methods {
		c.funcs[i] = reflect.ValueOf(m)
	}
	m := *c.methodsAt(p)
	m.name, m.names = name, e.names
	return newFmtValue(reflect.ValueOf(x), &m, true)
}
