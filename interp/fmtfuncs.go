package interp

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// The session's package fmt: fmt's print functions as cells call them, presenting
// their arguments first as compiled Go would have them (see fields.go and
// stringers.go). An argument with nothing to present is passed on as it is, so for
// values of compiled types the functions are fmt's own, byte for byte.

// fmtEnv is one session's fmt.
type fmtEnv struct {
	stdout io.Writer
	names  *typeNames // Go's names of the cells' struct types; nil for none
}

// fmtErrorer is an interface yaegi wraps a cell's error type for when it is an
// argument of the session's fmt functions (their MapTypes), the way it wraps
// Stringers for fmt's own: without it, fmt.Println(err) of a cell's error type
// prints the struct.
type fmtErrorer interface{ Error() string }

// fmtErrorerWrapper is yaegi's wrapper for fmtErrorer, in the shape of those its
// extract tool writes: the value, then one func field per method.
type fmtErrorerWrapper struct {
	IValue any
	WError func() string
}

func (w fmtErrorerWrapper) Error() string {
	if w.WError == nil {
		return ""
	}
	return w.WError()
}

// installFmt gives the session its fmt: fmt's print functions, and __gk.Fmt for the
// arguments the prepare pipeline wraps. It must run before the first cell.
func installFmt(s *Session) error {
	if _, done := s.yi.Symbols(runtimePath)[runtimePath]["Fmt"]; done {
		return nil
	}
	e := &fmtEnv{stdout: s.opts.Stdout, names: s.typeNames}
	if err := s.yi.Use(interp.Exports{
		runtimePath + "/" + runtimePath: {"Fmt": reflect.ValueOf(e.Fmt)},
		reflect.TypeFor[fmtErrorer]().PkgPath() + "/interp": {
			"_" + reflect.TypeFor[fmtErrorer]().Name(): reflect.ValueOf((*fmtErrorerWrapper)(nil)),
		},
	}); err != nil {
		return fmt.Errorf("interp: install fmt: %w", err)
	}
	syms := s.yi.Symbols("fmt")["fmt"]
	if syms == nil {
		return fmt.Errorf("interp: install fmt: no package fmt")
	}
	mapTypes := map[reflect.Value][]reflect.Type{}
	wrapped := []reflect.Type{reflect.TypeFor[fmt.Formatter](), reflect.TypeFor[fmtErrorer](), reflect.TypeFor[fmt.Stringer]()}
	for name, f := range e.funcs() {
		v := reflect.ValueOf(f)
		// The map yaegi's Symbols returns for a compiled package is the one it
		// resolves the package's names in: this replaces fmt's functions for cells.
		// (Use of "fmt/fmt" would run yaegi's fixStdlib again, which puts back its
		// own Print, Printf and Println.)
		syms[name] = v
		mapTypes[v] = wrapped
	}
	if err := s.yi.Use(interp.Exports{".": {"MapTypes": reflect.ValueOf(mapTypes)}}); err != nil {
		return fmt.Errorf("interp: install fmt: %w", err)
	}
	return nil
}

// funcs are the session's fmt functions, by name.
func (e *fmtEnv) funcs() map[string]any {
	return map[string]any{
		"Print": func(a ...any) (int, error) { return e.fprint(e.stdout, a) },
		"Println": func(a ...any) (int, error) {
			return fmt.Fprintln(e.stdout, e.present(a, nil)...)
		},
		"Printf": func(format string, a ...any) (int, error) {
			format, a = e.presentf(format, a)
			return io.WriteString(e.stdout, e.names.apply(fmt.Sprintf(format, a...)))
		},
		"Fprint": e.fprint2,
		"Fprintln": func(w io.Writer, a ...any) (int, error) {
			return fmt.Fprintln(w, e.present(a, nil)...)
		},
		"Fprintf": func(w io.Writer, format string, a ...any) (int, error) {
			format, a = e.presentf(format, a)
			return io.WriteString(w, e.names.apply(fmt.Sprintf(format, a...)))
		},
		"Sprint": func(a ...any) string {
			var b bytes.Buffer
			e.fprint(&b, a)
			return b.String()
		},
		"Sprintln": func(a ...any) string { return fmt.Sprintln(e.present(a, nil)...) },
		"Sprintf": func(format string, a ...any) string {
			format, a = e.presentf(format, a)
			return e.names.apply(fmt.Sprintf(format, a...))
		},
		"Errorf": func(format string, a ...any) error {
			format, a = e.presentf(format, a)
			return fmt.Errorf(format, a...)
		},
		"Append": func(b []byte, a ...any) []byte {
			var buf bytes.Buffer
			e.fprint(&buf, a)
			return append(b, buf.Bytes()...)
		},
		"Appendln": func(b []byte, a ...any) []byte { return fmt.Appendln(b, e.present(a, nil)...) },
		"Appendf": func(b []byte, format string, a ...any) []byte {
			format, a = e.presentf(format, a)
			return append(b, e.names.apply(fmt.Sprintf(format, a...))...)
		},
	}
}

func (e *fmtEnv) fprint2(w io.Writer, a ...any) (int, error) { return e.fprint(w, a) }

// fprint is fmt.Fprint of the presented arguments. fmt.Print puts a space between
// operands when neither is a string, which it tells by the kind of their type; an
// argument presented as an fmtValue keeps its own, so the spaces are then put here.
func (e *fmtEnv) fprint(w io.Writer, a []any) (int, error) {
	p := e.present(a, nil)
	same := true
	for i := range a {
		if isStringArg(a[i]) != isStringOperand(p[i]) {
			same = false
			break
		}
	}
	if same {
		return fmt.Fprint(w, p...)
	}
	var b bytes.Buffer
	prev := false
	for i, x := range p {
		isString := isStringArg(a[i])
		if i > 0 && !isString && !prev {
			b.WriteByte(' ')
		}
		fmt.Fprint(&b, x)
		prev = isString
	}
	return w.Write(b.Bytes())
}

// isStringOperand reports whether fmt.Print takes x for a string operand.
func isStringOperand(x any) bool {
	return x != nil && reflect.TypeOf(x).Kind() == reflect.String
}

// isStringArg reports whether x is a string operand of fmt.Print in Go: for a value
// the session presents, whether its value is.
func isStringArg(x any) bool {
	switch w := x.(type) {
	case nil:
		return false
	case fmtValue:
		return isStringArg(w.v)
	case fmtError:
		return isStringArg(w.v)
	}
	t := reflect.TypeOf(x)
	if _, ok := yaegiWrappers[t]; ok {
		return isStringArg(reflect.ValueOf(x).Field(0).Interface())
	}
	return t.Kind() == reflect.String
}

// yaegiWrappers are the wrappers yaegi hands the session's fmt functions for
// arguments of cells' types with methods (through their MapTypes), with the
// methods each has, by the names of their func fields.
var yaegiWrappers = func() map[reflect.Type][]string {
	m := map[reflect.Type][]string{reflect.TypeFor[fmtErrorerWrapper](): {"WError"}}
	for name, methods := range map[string][]string{"_Stringer": {"WString"}, "_Formatter": {"WFormat"}} {
		if v, ok := stdlib.Symbols["fmt/fmt"][name]; ok {
			m[v.Type().Elem()] = methods
		}
	}
	return m
}()

// fromYaegiWrapper returns the fmtValue for a wrapper of yaegiWrappers.
func (e *fmtEnv) fromYaegiWrapper(x any) (any, bool) {
	v := reflect.ValueOf(x)
	fields, ok := yaegiWrappers[v.Type()]
	if !ok {
		return nil, false
	}
	m := &fmtMethods{call: &fmtCall{}}
	for _, f := range fields {
		fv := v.FieldByName(f)
		if !fv.IsValid() || fv.IsNil() {
			continue
		}
		switch f {
		case "WFormat":
			m.funcs[methodFormat] = fv
		case "WError":
			m.funcs[methodError] = fv
		case "WString":
			m.funcs[methodString] = fv
		}
	}
	inner := v.Field(0)
	if inner.Kind() == reflect.Interface {
		inner = inner.Elem()
	}
	if !inner.IsValid() || !m.any() {
		return nil, false
	}
	return newFmtValue(inner, m, true), true
}

// argUse is how a fmt format uses one argument.
type argUse struct {
	verbs []verbUse
	// star is set when the argument is a * width or precision.
	star bool
}

type verbUse struct {
	at     int // offset of the verb in the format
	verb   rune
	sharpV bool
}

// only reports whether every use of the argument is verb.
func (u argUse) only(verb rune) bool {
	if u.star || len(u.verbs) == 0 {
		return false
	}
	for _, v := range u.verbs {
		if v.verb != verb {
			return false
		}
	}
	return true
}

// special reports whether a use of the argument looks at the argument itself rather
// than at its value (%T %p %w, a * width).
func (u argUse) special() bool {
	if u.star {
		return true
	}
	for _, v := range u.verbs {
		if v.verb == 'T' || v.verb == 'p' || v.verb == 'w' {
			return true
		}
	}
	return false
}

// printUse is how the print functions (Print, Println...) use every argument.
var printUse = argUse{verbs: []verbUse{{verb: 'v'}}}

// present returns the arguments of a print function (uses nil: each printed with
// %v) as the function should see them; a itself when none changes.
func (e *fmtEnv) present(a []any, uses []argUse) []any {
	var out []any
	for i, x := range a {
		u := printUse
		if uses != nil {
			u = uses[i]
		}
		y, changed := e.presentArg(x, u)
		if !changed {
			if out != nil {
				out[i] = x
			}
			continue
		}
		if out == nil {
			out = make([]any, len(a))
			copy(out, a[:i])
		}
		out[i] = y
	}
	if out == nil {
		return a
	}
	return out
}

// presentArg presents one argument, used as u says. Presenting never fails a print:
// a value it cannot present goes to fmt as it is.
func (e *fmtEnv) presentArg(x any, u argUse) (y any, changed bool) {
	if x == nil || len(u.verbs) == 0 && !u.star {
		return x, false
	}
	defer func() {
		if recover() != nil {
			y, changed = x, false
		}
	}()
	if k := reflect.TypeOf(x).Kind(); k <= reflect.Complex128 || k == reflect.String {
		return x, false // a number, a string: nothing to present
	}
	var w *fmtValue
	orig, converted := x, false
	switch y := x.(type) {
	case fmtValue:
		w = &y
	case fmtError:
		w = &y.fmtValue
	default:
		if y, ok := e.fromYaegiWrapper(x); ok {
			if u.only('w') {
				return x, false // an error already
			}
			x, converted = y, true
			switch y := y.(type) {
			case fmtValue:
				w = &y
			case fmtError:
				w = &y.fmtValue
			}
		}
	}
	if w != nil {
		switch {
		case u.only('T') && w.m.name != "":
			return w.m.name, true
		case u.only('T') && converted && reflect.TypeOf(w.v).Kind() == reflect.Struct:
			// yaegi's wrapper of a struct holds one of its fields, not the struct.
			return orig, false
		case u.only('T'), u.only('p'), u.star && len(u.verbs) == 0:
			return w.v, true
		}
		return x, converted
	}
	if u.only('T') {
		// The interpreter's name of a type is not Go's; its look-alike's is nearer,
		// without its X names and tags (and the print functions write a cell's
		// struct type's own name over it: typenames.go).
		if t := reflect.TypeOf(x); t.Kind() != reflect.Pointer {
			if s := shapeOf(t, nil, false); s.walk && s.to != t && s.to != emptyInterface {
				return s.to.String(), true
			}
		}
	}
	if u.special() {
		return x, false
	}
	first := u.verbs[0]
	p := &presenter{sharpV: first.sharpV, bytesVerb: isBytesVerb(first.verb)}
	v, ok := p.present(reflect.ValueOf(x), nil, 0)
	if !ok {
		return x, false
	}
	return valueArg(v), true
}

// withTopName puts name, Go's name of t, where %#v output s begins with t's reflect
// spelling (a cell's named slice or map: []int{1, 2} is main.Row{1, 2}).
func withTopName(s string, t reflect.Type, name string) string {
	if name == "" || t == nil {
		return s
	}
	if t.Kind() == reflect.Pointer && strings.HasPrefix(s, "&") {
		if rest, ok := strings.CutPrefix(s[1:], t.Elem().String()); ok {
			return "&" + strings.TrimPrefix(name, "*") + rest
		}
		return s
	}
	if rest, ok := strings.CutPrefix(s, t.String()); ok && (t.Kind() == reflect.Struct || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array) {
		return name + rest
	}
	return s
}

// presentf presents the arguments of a Printf-like function, and turns the %T of
// an argument the session knows the type name of into a %s of that name.
func (e *fmtEnv) presentf(format string, a []any) (string, []any) {
	if len(a) == 0 {
		return format, a
	}
	uses := scanFormat(format, len(a))
	out := e.present(a, uses)
	var f []byte
	for i := range a {
		if uses[i].only('T') {
			// A type's name given for a %T: print it with %s. (A string argument's own
			// %T is not presented.)
			_, was := a[i].(string)
			if _, ok := out[i].(string); ok && !was {
				if f == nil {
					f = []byte(format)
				}
				for _, v := range uses[i].verbs {
					f[v.at] = 's'
				}
			}
		}
	}
	if f != nil {
		format = string(f)
	}
	return format, out
}

// scanFormat reads format as fmt's doPrintf does, and returns how it uses each of n
// arguments.
func scanFormat(format string, n int) []argUse {
	uses := make([]argUse, n)
	end := len(format)
	argNum := 0
	afterIndex := false
	// reordered is fmt's: an explicit index turns off the report of extra arguments.
	reordered := false
	index := func(argNum, i int) (int, int, bool, bool) {
		if i < end && format[i] == '[' {
			reordered = true
		}
		return argNumber(argNum, format, i, n)
	}
formatLoop:
	for i := 0; i < end; {
		goodArgNum := true
		for i < end && format[i] != '%' {
			i++
		}
		if i >= end {
			break
		}
		i++
		sharp := false
	simpleFormat:
		for ; i < end; i++ {
			c := format[i]
			switch c {
			case '#':
				sharp = true
			case '0', '+', '-', ' ':
			default:
				if 'a' <= c && c <= 'z' && argNum < n {
					uses[argNum].verbs = append(uses[argNum].verbs, verbUse{i, rune(c), sharp && (c == 'v' || c == 'w')})
					argNum++
					i++
					continue formatLoop
				}
				break simpleFormat
			}
		}
		var ok bool
		argNum, i, afterIndex, ok = index(argNum, i)
		goodArgNum = goodArgNum && ok
		if i < end && format[i] == '*' {
			i++
			if argNum < n {
				uses[argNum].star = true
				argNum++
			}
			afterIndex = false
		} else {
			var present bool
			_, present, i = parsenum(format, i, end)
			if afterIndex && present {
				goodArgNum = false
			}
		}
		if i+1 < end && format[i] == '.' {
			i++
			if afterIndex {
				goodArgNum = false
			}
			argNum, i, afterIndex, ok = index(argNum, i)
			goodArgNum = goodArgNum && ok
			if i < end && format[i] == '*' {
				i++
				if argNum < n {
					uses[argNum].star = true
					argNum++
				}
				afterIndex = false
			} else {
				_, _, i = parsenum(format, i, end)
			}
		}
		if !afterIndex {
			argNum, i, _, ok = index(argNum, i)
			goodArgNum = goodArgNum && ok
		}
		if i >= end {
			break
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		at := i
		i += size
		switch {
		case verb == '%', !goodArgNum, argNum >= n:
		default:
			uses[argNum].verbs = append(uses[argNum].verbs, verbUse{at, verb, sharp && (verb == 'v' || verb == 'w')})
			argNum++
		}
	}
	if !reordered {
		// fmt prints the arguments left over with %v: %!(EXTRA type=value).
		for ; argNum < n; argNum++ {
			uses[argNum].verbs = append(uses[argNum].verbs, verbUse{-1, 'v', false})
		}
	}
	return uses
}

// argNumber is fmt's: the argument an explicit [n] names, or argNum; ok is false
// for a bad index.
func argNumber(argNum int, format string, i int, numArgs int) (newArgNum, newi int, found, ok bool) {
	if len(format) <= i || format[i] != '[' {
		return argNum, i, false, true
	}
	index, wid, okIndex := parseArgNumber(format[i:])
	if okIndex && 0 <= index && index < numArgs {
		return index, i + wid, true, true
	}
	return argNum, i + wid, okIndex, false
}

// parseArgNumber is fmt's.
func parseArgNumber(format string) (index int, wid int, ok bool) {
	if len(format) < 3 {
		return 0, 1, false
	}
	for i := 1; i < len(format); i++ {
		if format[i] == ']' {
			width, ok, newi := parsenum(format, 1, i)
			if !ok || newi != i {
				return 0, i + 1, false
			}
			return width - 1, i + 1, true
		}
	}
	return 0, 1, false
}

// parsenum is fmt's.
func parsenum(s string, start, end int) (num int, isnum bool, newi int) {
	if start >= end {
		return 0, false, end
	}
	for newi = start; newi < end && '0' <= s[newi] && s[newi] <= '9'; newi++ {
		if num > 1e6 || num < -1e6 {
			return 0, false, end
		}
		num = num*10 + int(s[newi]-'0')
		isnum = true
	}
	return
}
