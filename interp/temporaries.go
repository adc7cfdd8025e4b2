package interp

import (
	"fmt"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// yaegi v0.16.1 runs the top level of every evaluation in one global frame
// (Interpreter.frame), shared with the package-level variables of every package. Its
// compiler gives each value the top level computes a slot of that frame, named or
// not: the variable of `x := f()`, but also the temporaries of an expression, such
// as the result of `f()` in `len(f())`, a composite literal, or the method value
// `p.Sum` in `p.Sum()` (scope.add, interp/scope.go; resizeFrame, interp/interp.go).
// Slots are never reused, and a temporary's slot keeps the last value written to it
// for the life of the session. So a cell `len(load())` keeps everything load
// returned, and a cell calling a method keeps, through the method value, the
// syntax tree of the whole evaluation that compiled the call (getMethod, run.go):
// 8 KB for `soakPoint{X: i, Y: 3}.Sum()`, for ever.
//
// Once an evaluation is over, two kinds of slot can be read again:
//   - the slots of variables: later cells, functions and goroutines reach them
//     through a symbol of a level-0 scope (a package's scope, or a block of the top
//     level such as a for loop's). A closure made at the top level reads them from a
//     copy of the global frame's slice taken when it was made (getFunc, frame.clone),
//     which shares their storage;
//   - the slots of values of types with methods: yaegi binds a method value
//     (`m := pt{1, 2}.Sum`, getMethod) and the wrapper that lets compiled code call
//     an interpreted method (`var s fmt.Stringer = card{"Go"}`, a trailing value
//     rendered through its HTML method, genInterfaceWrapper) to the node of the
//     receiver, not to its value, and reads that node's slot each time the method is
//     called (genValueRecv). What such a node's value is computed from (a field's
//     struct, an element's slice) is read with it.
//
// Any other temporary is read only by the code of the expression it belongs to,
// which has run. So after each execution, releaseTemporaries gives each slot added
// since the last one that the evaluations' level-0 nodes give a type without
// methods, that no such node of a type with methods (or an interface type) reads,
// and that no symbol names, a new zero value of its type. A slot no node claims is
// kept. It replaces the slot's reflect.Value rather than zeroing the memory behind
// it: a pointer taken to a temporary (`p := &T{}`) keeps the value it points to.
// This frees what `len(load())` loaded and the syntax tree a method value holds,
// and keeps small values: a receiver, a trailing struct.
//
// It runs between evaluations on the session's goroutine, as dropCompiledRoots
// does, and must run before it: the level-0 block scopes of the evaluation are
// found through the scopes' child lists, and its syntax trees through
// Interpreter.roots, both of which dropCompiledRoots empties.
// TestReleaseTemporariesFields fails if yaegi's layout changes.

// globalFrame is what releaseTemporaries reads and writes of yaegi's interpreter.
type globalFrame struct {
	data   []reflect.Value // Interpreter.frame.data, the global frame
	types  []reflect.Type  // its layout, universe.types: the type of each slot
	scopes []reflect.Value // the universe and each package's scope (*scope)
	roots  reflect.Value   // Interpreter.roots: the syntax trees compiled since the last drop
}

// globalFrameFields returns yi's global frame and long-lived scopes, and false if
// yaegi's layout is not the one this file was checked against.
func globalFrameFields(yi *interp.Interpreter) (g globalFrame, ok bool) {
	defer func() {
		if recover() != nil {
			g, ok = globalFrame{}, false
		}
	}()
	in := reflect.ValueOf(yi).Elem()
	fr := exported(in.FieldByName("frame"))
	if !fr.IsValid() || fr.Kind() != reflect.Pointer || fr.IsNil() {
		return globalFrame{}, false
	}
	data, isValues := exported(fr.Elem().FieldByName("data")).Interface().([]reflect.Value)
	if !isValues {
		return globalFrame{}, false
	}
	g.data = data
	d, ok := debuggerOnlyFields(yi)
	if !ok {
		return globalFrame{}, false
	}
	g.scopes = append(g.scopes, exported(in.FieldByName("universe")))
	if g.types, ok = exported(g.scopes[0].Elem().FieldByName("types")).Interface().([]reflect.Type); !ok {
		return globalFrame{}, false
	}
	for it := exported(in.FieldByName("scopes")).MapRange(); it.Next(); {
		g.scopes = append(g.scopes, it.Value())
	}
	if len(g.scopes) != len(d.children) || !nodeHasLayout(d.roots.Type().Elem()) {
		return globalFrame{}, false
	}
	g.roots = d.roots
	for _, sc := range g.scopes {
		if !scopeHasLayout(sc) {
			return globalFrame{}, false
		}
	}
	return g, true
}

// scopeHasLayout reports whether sc, a *scope, has the fields namedSlots reads.
func scopeHasLayout(sc reflect.Value) bool {
	if !sc.IsValid() || sc.Kind() != reflect.Pointer || sc.IsNil() {
		return false
	}
	e := sc.Elem()
	level, sym := e.FieldByName("level"), e.FieldByName("sym")
	if level.Kind() != reflect.Int || sym.Kind() != reflect.Map || e.FieldByName("child").Kind() != reflect.Slice {
		return false
	}
	s := sym.Type().Elem()
	if s.Kind() != reflect.Pointer {
		return false
	}
	index, found := s.Elem().FieldByName("index")
	kind, kindFound := s.Elem().FieldByName("kind")
	return found && index.Type.Kind() == reflect.Int && kindFound && kind.Type.Implements(reflect.TypeFor[fmt.Stringer]())
}

// nodeHasLayout reports whether t, a *node, has the fields and types slotClaims and
// mayHaveMethods read.
func nodeHasLayout(t reflect.Type) bool {
	n := t.Elem()
	fieldOf := func(s reflect.Type, name string) reflect.Type {
		if f, ok := s.FieldByName(name); ok {
			return f.Type
		}
		return nil
	}
	if kind := fieldOf(n, "kind"); kind == nil || !kind.Implements(reflect.TypeFor[fmt.Stringer]()) || fieldOf(n, "anc") != t {
		return false
	}
	sc, typ := fieldOf(n, "scope"), fieldOf(n, "typ")
	if fieldOf(n, "child") != reflect.SliceOf(t) || fieldOf(n, "findex") == nil || fieldOf(n, "findex").Kind() != reflect.Int ||
		sc == nil || sc.Kind() != reflect.Pointer || typ == nil || typ.Kind() != reflect.Pointer {
		return false
	}
	if level := fieldOf(sc.Elem(), "level"); level == nil || level.Kind() != reflect.Int {
		return false
	}
	it := typ.Elem()
	cat, field := fieldOf(it, "cat"), fieldOf(it, "field")
	if cat == nil || !cat.Implements(reflect.TypeFor[fmt.Stringer]()) || fieldOf(it, "val") != typ ||
		fieldOf(it, "method") != reflect.SliceOf(t) || field == nil || field.Kind() != reflect.Slice {
		return false
	}
	embed, ftyp := fieldOf(field.Elem(), "embed"), fieldOf(field.Elem(), "typ")
	return embed != nil && embed.Kind() == reflect.Bool && ftyp == typ
}

// slotClaims walks the tree under n (a *node) and records, for each node of the top
// level whose slot is from base on, that the slot is released (its type has no
// methods) or kept with the slots of the node's subtree (see above). It does not
// descend into functions, whose nodes have slots in frames of their own.
func slotClaims(n reflect.Value, base int, release, kept map[int]bool) {
	if n.IsNil() {
		return
	}
	e := n.Elem()
	if sc := e.FieldByName("scope"); sc.IsNil() || sc.Elem().FieldByName("level").Int() != 0 {
		return
	}
	if i := int(e.FieldByName("findex").Int()); i >= base {
		if mayHaveMethods(e.FieldByName("typ"), nil) && !receiverOfCallAtOnce(n) {
			allSlots(n, kept)
		} else {
			release[i] = true
		}
	}
	child := e.FieldByName("child")
	for i := range child.Len() {
		slotClaims(child.Index(i), base, release, kept)
	}
}

// receiverOfCallAtOnce reports whether n is the receiver of a method called at once,
// `n.M(...)`, not in a go or defer statement: its slot is read then, and only then.
func receiverOfCallAtOnce(n reflect.Value) bool {
	sel := n.Elem().FieldByName("anc")
	if !isChild0(n, sel, "selectorExpr") {
		return false
	}
	call := sel.Elem().FieldByName("anc")
	if !isChild0(sel, call, "callExpr") {
		return false
	}
	stmt := call.Elem().FieldByName("anc")
	return stmt.IsNil() || (nodeKind(stmt) != "goStmt" && nodeKind(stmt) != "deferStmt")
}

// isChild0 reports whether parent is a node of the given kind whose first child is n.
func isChild0(n, parent reflect.Value, kind string) bool {
	if parent.IsNil() || nodeKind(parent) != kind {
		return false
	}
	child := parent.Elem().FieldByName("child")
	return child.Len() > 0 && child.Index(0).Pointer() == n.Pointer()
}

// nodeKind is the name of n's kind (nkind.String).
func nodeKind(n reflect.Value) string {
	return exported(n.Elem().FieldByName("kind")).Interface().(fmt.Stringer).String()
}

// mayHaveMethods reports whether t, an *itype, may have methods: its own, its pointer's
// or its element's (through a pointer or a defined type), or promoted from an
// embedded field; an interface or a type not known is taken to have them.
func mayHaveMethods(t reflect.Value, seen map[uintptr]bool) bool {
	if t.IsNil() {
		return true
	}
	if seen[t.Pointer()] {
		return false
	}
	e := t.Elem()
	if e.FieldByName("method").Len() > 0 {
		return true
	}
	cat := exported(e.FieldByName("cat")).Interface().(fmt.Stringer).String()
	switch cat {
	case "interfaceT", "errorT", "genericT", "nilT":
		return true
	case "ptrT", "linkedT", "structT":
		// Only a type looked into needs remembering: a struct may embed a pointer to
		// itself.
		if seen == nil {
			seen = map[uintptr]bool{}
		}
		seen[t.Pointer()] = true
	}
	switch cat {
	case "ptrT", "linkedT":
		return mayHaveMethods(e.FieldByName("val"), seen)
	case "structT":
		fields := e.FieldByName("field")
		for i := range fields.Len() {
			if f := fields.Index(i); f.FieldByName("embed").Bool() && mayHaveMethods(f.FieldByName("typ"), seen) {
				return true
			}
		}
	}
	return false
}

// allSlots adds to kept the slot of every node under n.
func allSlots(n reflect.Value, kept map[int]bool) {
	if n.IsNil() {
		return
	}
	kept[int(n.Elem().FieldByName("findex").Int())] = true
	child := n.Elem().FieldByName("child")
	for i := range child.Len() {
		allSlots(child.Index(i), kept)
	}
}

// slotless are the kinds of symbol (sKind.String) that name no slot of a frame:
// their index is 0, not an index.
var slotless = map[string]bool{"binSym": true, "bltnSym": true, "labelSym": true, "pkgSym": true, "typeSym": true, "varTypeSym": true}

// yaegiSymbolKind is the name of the kind of sym, a *symbol.
func yaegiSymbolKind(sym reflect.Value) string {
	return exported(sym.Elem().FieldByName("kind")).Interface().(fmt.Stringer).String()
}

// namedSlots adds to named the global-frame slots from base on that a symbol of sc
// or of its level-0 descendants names. It does not descend into functions: their
// scopes are of a higher level and name slots of their own frames.
func namedSlots(sc reflect.Value, base int, named map[int]bool) {
	if !sc.IsValid() || sc.IsNil() {
		return
	}
	e := sc.Elem()
	if e.FieldByName("level").Int() != 0 {
		return
	}
	for it := e.FieldByName("sym").MapRange(); it.Next(); {
		sym := it.Value()
		// yaegi gives the blank identifier a variable, which is written, never read.
		if sym.IsNil() || it.Key().String() == "_" {
			continue
		}
		if i := int(sym.Elem().FieldByName("index").Int()); i >= base && !slotless[yaegiSymbolKind(sym)] {
			named[i] = true
		}
	}
	child := e.FieldByName("child")
	for i := range child.Len() {
		namedSlots(child.Index(i), base, named)
	}
}

// releaseTemporaries gives the temporaries of the evaluations since the last call new
// zero values, so that what they held can be collected; see above.
func (s *Session) releaseTemporaries() {
	g, ok := globalFrameFields(s.yi)
	if !ok {
		return
	}
	// Slot 0 is never released: 0 is also the index of every node that has no slot,
	// so the nodes cannot say whether slot 0 is a temporary. Reserving it for a
	// variable of the prelude would move every later slot by one, and yaegi v0.16.1
	// reads an interface wrapper's receiver from the slot its node has in another
	// frame (see TestTypeSwitchMatchesCellTypes), so where slots fall must not change.
	base := min(max(s.temporariesChecked, 1), len(g.data))
	release, kept := map[int]bool{}, map[int]bool{}
	for _, sc := range g.scopes {
		namedSlots(sc, base, kept)
	}
	for i := range g.roots.Len() {
		slotClaims(g.roots.Index(i), base, release, kept)
	}
	// A slot is given a zero value of its type in the layout, as resizeFrame does: the
	// value in it may be of another type (a concrete value in a slot of interface type).
	for i := base; i < min(len(g.data), len(g.types)); i++ {
		if release[i] && !kept[i] && g.data[i].IsValid() {
			g.data[i] = reflect.New(g.types[i]).Elem()
		}
	}
	s.temporariesChecked = len(g.data)
}
