package interp

import (
	"errors"
	"reflect"
	"slices"
	"unsafe"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/interp/prepare"
	"github.com/gokernel/gokernel/lineage"
	"github.com/gokernel/gokernel/snapshot"
)

func init() {
	snapshot.RegisterWrapper(snapshot.Wrapper{Match: isYaegiInterface, Unwrap: yaegiInterfaceValue})
}

// isYaegiInterface reports whether t is yaegi's representation of an interface value
// of a type the cells declared (interp.valueInterface): the value beside the AST node
// of its type, which reaches the whole interpreter.
func isYaegiInterface(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.Name() == "valueInterface" && t.PkgPath() == "github.com/traefik/yaegi/interp"
}

// yaegiInterfaceValue returns the value a yaegi interface value holds: its field
// value, a reflect.Value.
func yaegiInterfaceValue(v reflect.Value) reflect.Value {
	f, ok := v.Type().FieldByName("value")
	if !ok || f.Type != reflect.TypeFor[reflect.Value]() {
		return reflect.Value{}
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	inner := *(*reflect.Value)(unsafe.Pointer(c.Field(f.Index[0]).UnsafeAddr()))
	if inner.IsValid() && inner.Type() == v.Type() {
		return yaegiInterfaceValue(inner) // nested: an interface value of an interface
	}
	return inner
}

// hashBudget bounds the bytes hashed for one value: past it a change is reported
// unconfirmed rather than delaying the reply (2 GB/s makes it about 0.1 s).
const hashBudget = 256 << 20

// CellTrace follows one cell for the execution log: what the analysis says the cell
// defines, reads and may change, and the hashes of the values it may change, taken
// before the cell runs, so that only a real change is reported as one.
type CellTrace struct {
	s        *Session
	code     string
	analysis lineage.Analysis
	analysed bool
	// names are the session's names before the cell.
	names map[string]bool
	// candidates are the session variables the cell may change, and before their
	// hashes ("" when a value cannot be hashed).
	candidates []string
	before     map[string]string
}

// TraceCell analyses code, about to run, against the session.
func (s *Session) TraceCell(code string) *CellTrace {
	names := s.prep.Names()
	t := &CellTrace{s: s, code: code, before: map[string]string{}, names: names}
	a, err := lineage.Analyze(code, func(name string) bool { return names[name] })
	if err != nil {
		return t // the cell does not parse: it will fail and change nothing
	}
	t.analysis, t.analysed = a, true
	vars := s.globals()
	for _, name := range s.mayChange(a) {
		if v, ok := vars[name]; ok {
			t.candidates = append(t.candidates, name)
			t.before[name] = hashString(v)
		}
	}
	return t
}

// mayChange returns the variables a cell with analysis a may change: those the
// analysis names, and those that may share memory with them (b := a[:2] makes a
// change through b a change of a, and the other way round).
func (s *Session) mayChange(a lineage.Analysis) []string {
	seen := map[string]bool{}
	var out []string
	var visit func(string)
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		out = append(out, name)
		for other := range s.aliases[name] {
			visit(other)
		}
	}
	for _, name := range a.Changed {
		visit(name)
	}
	slices.Sort(out)
	return out
}

// Finish returns the lineage of the cell, which ended with err.
func (t *CellTrace) Finish(err error) *workerproto.Lineage {
	if !t.analysed {
		return &workerproto.Lineage{}
	}
	var ce *CellError
	if errors.As(err, &ce) && ce.Name == "CompileError" {
		// Rejected before it ran: it read nothing and changed nothing.
		return &workerproto.Lineage{}
	}
	a := t.analysis
	out := &workerproto.Lineage{Read: t.reads(), Hashes: map[string]string{}}
	vars := t.s.globals()
	for _, name := range a.Defined {
		out.Defined = append(out.Defined, name)
		if v, ok := vars[name]; ok {
			out.Hashes[name] = hashString(v)
		}
	}
	for _, name := range t.candidates {
		if slices.Contains(a.Defined, name) {
			continue
		}
		v, ok := vars[name]
		if !ok {
			continue
		}
		after := hashString(v)
		switch {
		case after == "" || t.before[name] == "":
			out.Unconfirmed = append(out.Unconfirmed, name)
			out.Hashes[name] = after
		case after != t.before[name]:
			out.Changed = append(out.Changed, name)
			out.Hashes[name] = after
		}
	}
	t.s.recordAliases(t.code, a, vars)
	if len(out.Hashes) == 0 {
		out.Hashes = nil
	}
	return out
}

// reads are the names the analysis found the cell reading, and the methods of earlier
// cells' types it calls, which its type-check found: the syntax of c.Inc() does not
// say whose Inc it is.
func (t *CellTrace) reads() []string {
	read := slices.Clone(t.analysis.Read)
	for _, m := range t.s.prep.MethodsUsed() {
		if t.names[m] && !slices.Contains(t.analysis.Defined, m) {
			read = append(read, m)
		}
	}
	slices.Sort(read)
	return slices.Compact(read)
}

// recordAliases remembers which variables may now share memory: those that one
// statement or declaration of the cell mentions together, when the cell defined or
// changed one of them (head := xs[:10], byTitle[t] = &songs[i], m.rows = data). A
// change through one is then a change of the other, and a snapshot stores them
// together. Only values that can refer to memory are linked, so that a count taken of
// a big slice does not make the slice a candidate, hashed twice on every change of
// the count.
func (s *Session) recordAliases(code string, a lineage.Analysis, vars map[string]reflect.Value) {
	if s.aliases == nil {
		s.aliases = map[string]map[string]bool{}
	}
	// A redefinition starts afresh: the old value is gone.
	for _, d := range a.Defined {
		for other := range s.aliases[d] {
			delete(s.aliases[other], d)
		}
		delete(s.aliases, d)
	}
	link := func(x, y string) {
		if s.aliases[x] == nil {
			s.aliases[x] = map[string]bool{}
		}
		s.aliases[x][y] = true
	}
	items, err := prepare.ItemIdents(code)
	if err != nil {
		return
	}
	written := map[string]bool{}
	for _, n := range slices.Concat(a.Defined, a.Changed) {
		written[n] = true
	}
	sharing := map[string]bool{}
	for _, idents := range items {
		var names []string
		for _, n := range idents {
			v, ok := vars[n]
			if !ok {
				continue
			}
			shares, known := sharing[n]
			if !known {
				shares = canShareMemory(v.Type(), map[reflect.Type]bool{})
				sharing[n] = shares
			}
			if shares {
				names = append(names, n)
			}
		}
		for i, x := range names {
			for _, y := range names[i+1:] {
				if written[x] || written[y] {
					link(x, y)
					link(y, x)
				}
			}
		}
	}
}

// canShareMemory reports whether a value of type t can refer to memory another
// value refers to too: through a slice, map, pointer, interface, channel or func,
// directly or in an array or struct. Strings cannot be written through.
func canShareMemory(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	case reflect.Array:
		return canShareMemory(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if canShareMemory(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// hashString is the value hash the log records, or "" when v cannot be hashed (a
// func, a channel) or is larger than the budget.
func hashString(v reflect.Value) string {
	sum, err := snapshot.Hash(v, snapshot.HashOptions{Budget: hashBudget})
	if err != nil {
		return ""
	}
	return sum.String()
}
