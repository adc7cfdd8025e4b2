package interp

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"sort"
	"strings"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// yaegi keeps the first declaration of a type and the first body of a method, and has
// no API to drop a declaration. The functions here reach into its package scope
// (Interpreter.scopes["main"].sym, a map from name to *symbol), checked against the
// pinned version v0.16.1 by TestTypeRedefinition and the tests of redefine_test.go.
// Each reports failure, rather than panicking, if yaegi's layout changed.

// mainSymbols returns the symbol map of package main, or an invalid Value.
func mainSymbols(yi *interp.Interpreter) (sym reflect.Value) {
	defer func() {
		if recover() != nil {
			sym = reflect.Value{}
		}
	}()
	scopes := exported(reflect.ValueOf(yi).Elem().FieldByName("scopes"))
	if !scopes.IsValid() || scopes.Kind() != reflect.Map {
		return reflect.Value{}
	}
	main := scopes.MapIndex(reflect.ValueOf("main"))
	if !main.IsValid() || main.IsNil() {
		return reflect.Value{}
	}
	sym = exported(main.Elem().FieldByName("sym"))
	if !sym.IsValid() || sym.Kind() != reflect.Map || sym.Type().Key().Kind() != reflect.String {
		return reflect.Value{}
	}
	return sym
}

// forgetSymbol removes name from the package scope of main in yi, so that a new
// declaration of it creates a new symbol and later cells no longer see it. Code
// compiled before keeps what it was compiled against. It reports whether it could.
func forgetSymbol(yi *interp.Interpreter, name string) bool {
	sym := mainSymbols(yi)
	if !sym.IsValid() {
		return false
	}
	key := reflect.ValueOf(name)
	if !sym.MapIndex(key).IsValid() {
		return false
	}
	sym.SetMapIndex(key, reflect.Value{})
	return true
}

// savedSymbol is a symbol of package main as it was at a mark: the pointer the scope
// held and a copy of what it pointed to, since yaegi may update a symbol in place.
type savedSymbol struct {
	ptr, val reflect.Value
}

// methodMark is how many methods a type had at a mark: yaegi adds a method to its
// receiver's type before compiling the body, and leaves it there, broken, when the
// body fails to compile.
type methodMark struct {
	methods reflect.Value // the itype's method slice
	n       int
	// ptr is the itype's pointer type field and ptrWas its value: a method with a
	// pointer receiver may have made the pointer type since.
	ptr, ptrWas reflect.Value
}

// Symbol kinds of yaegi v0.16.1 (sKind).
const (
	symbolKindPackage = 6 // pkgSym: an import
	symbolKindType    = 7 // typeSym
)

// symbolsMark is package main's scope as it was at some point.
type symbolsMark struct {
	syms    map[string]savedSymbol
	methods []methodMark
}

// markSymbols records package main's scope, or returns nil if yaegi's layout is not
// the expected one.
func markSymbols(yi *interp.Interpreter) (m *symbolsMark) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	sym := mainSymbols(yi)
	if !sym.IsValid() {
		return nil
	}
	m = &symbolsMark{syms: map[string]savedSymbol{}}
	it := sym.MapRange()
	for it.Next() {
		p := it.Value()
		if p.Kind() != reflect.Pointer || p.IsNil() {
			continue
		}
		v := reflect.New(p.Type().Elem()).Elem()
		v.Set(p.Elem())
		m.syms[it.Key().String()] = savedSymbol{ptr: p, val: v}
		if v.FieldByName("kind").Uint() != symbolKindType {
			continue
		}
		t := exported(p.Elem().FieldByName("typ"))
		if !t.IsValid() || t.IsNil() {
			continue
		}
		mm := markMethods(t)
		mm.ptr = exported(t.Elem().FieldByName("ptr"))
		mm.ptrWas = reflect.New(mm.ptr.Type()).Elem()
		mm.ptrWas.Set(mm.ptr)
		m.methods = append(m.methods, mm)
		if pt := exported(t.Elem().FieldByName("ptr")); pt.IsValid() && !pt.IsNil() {
			m.methods = append(m.methods, markMethods(pt))
		}
	}
	return m
}

// markMethods records the methods of t, an *itype.
func markMethods(t reflect.Value) methodMark {
	ms := exported(t.Elem().FieldByName("method"))
	return methodMark{methods: ms, n: ms.Len()}
}

// restore puts package main's scope back as it was at the mark: names declared since
// are gone (imports excepted: importing again is harmless and the session keeps its
// imports), names declared again are back, and methods added since to the types that
// existed then are removed. It returns the names that were gone and are back.
func (m *symbolsMark) restore(yi *interp.Interpreter) (back []string) {
	if m == nil {
		return nil
	}
	defer func() { recover() }() // a layout surprise leaves the rest as it is
	sym := mainSymbols(yi)
	if !sym.IsValid() {
		return nil
	}
	var gone []reflect.Value
	it := sym.MapRange()
	for it.Next() {
		p := it.Value()
		if _, had := m.syms[it.Key().String()]; had {
			continue
		}
		if p.Kind() == reflect.Pointer && !p.IsNil() && p.Elem().FieldByName("kind").Uint() == symbolKindPackage {
			continue
		}
		gone = append(gone, it.Key())
	}
	for _, k := range gone {
		sym.SetMapIndex(k, reflect.Value{})
	}
	for name, saved := range m.syms {
		if !sym.MapIndex(reflect.ValueOf(name)).IsValid() {
			back = append(back, name)
		}
		saved.ptr.Elem().Set(saved.val)
		sym.SetMapIndex(reflect.ValueOf(name), saved.ptr)
	}
	for _, mm := range m.methods {
		if mm.methods.Len() > mm.n {
			mm.methods.Set(mm.methods.Slice(0, mm.n))
		}
		if mm.ptr.IsValid() {
			mm.ptr.Set(mm.ptrWas)
		}
	}
	sort.Strings(back)
	return back
}

// evalOrUndo evaluates declarations and, if they fail to compile, undoes what the
// failed evaluation declared: yaegi would otherwise leave a function or method whose
// body failed to compile in place of the one that worked.
func (s *Session) evalOrUndo(ctx context.Context, src string) error {
	m := markSymbols(s.yi)
	if _, err := s.yi.EvalWithContext(ctx, src); err != nil {
		m.restore(s.yi)
		return err
	}
	return nil
}

// checkpoint is the session as it was before a cell ran, for rollback.
type checkpoint struct {
	syms      *symbolsMark
	funcs     map[string]*funcRecord
	funcOrder int
	types     map[string]typeRecord
	undoPrep  func()
}

// checkpoint records the declarations of the session, so that a cell that fails to
// compile part way can be undone.
func (s *Session) checkpoint() *checkpoint {
	return &checkpoint{
		syms:      markSymbols(s.yi),
		funcs:     maps.Clone(s.funcs),
		funcOrder: s.funcOrder,
		types:     maps.Clone(s.types),
		undoPrep:  s.prep.Checkpoint(),
	}
}

// rollback undoes the declarations made since cp: the names a failed cell declared
// are gone again, and the names it declared again (types, functions, methods,
// variables carried over to a redefined type or dropped) are back as they were.
// Statements the cell ran before it failed keep their effects, as in any program.
func (s *Session) rollback(cp *checkpoint) {
	cp.undoPrep()
	s.funcs, s.funcOrder, s.types = cp.funcs, max(cp.funcOrder, s.funcOrder), cp.types
	if back := cp.syms.restore(s.yi); len(back) > 0 {
		fmt.Fprintf(s.opts.Stderr, "note: the cell did not compile and is undone: %s %s defined again\n", strings.Join(back, ", "), isAre(len(back)))
	}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// exported makes an unexported struct field readable and writable.
func exported(v reflect.Value) reflect.Value {
	if !v.IsValid() || !v.CanAddr() {
		return reflect.Value{}
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}
