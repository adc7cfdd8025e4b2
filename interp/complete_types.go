// The session as go/types sees it, for completion and inspection: the cells'
// declarations (prepare.Declarations: types, functions, methods, constants, and each
// variable as `var x T`) type-checked against the packages the interpreter has.
// The interpreter cannot answer this itself: the reflect types yaegi builds for the
// cells' types carry none of their methods, so only go/types knows a cell type's
// method set, which methods an embedded field promotes, and which of a value's
// methods need its address.

package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/gokernel/gokernel/interp/prepare"
)

// sessionView is the session's declarations, type-checked.
type sessionView struct {
	pkg *types.Package
}

// viewCache keeps, per session, the importer (which builds each package it is asked
// for once) and the view of the declarations it was last asked about: completion
// asks again on every key press, and the declarations change only when a cell runs.
type viewCache struct {
	mu       sync.Mutex
	importer types.Importer
	source   string
	view     *sessionView
}

// view returns the session's declarations type-checked, or nil when the session has
// none that check. Declarations that fail to check (one naming a generic package the
// view leaves out, see viewImporter) leave their names without a type; callers fall
// back to reflect for those.
func (s *Session) view() (v *sessionView) {
	// Completion must never cost the session: a failure in go/types or the importer
	// on some declaration leaves completion with what reflect says.
	defer func() {
		if recover() != nil {
			v = nil
		}
	}()
	c := &s.views
	c.mu.Lock()
	defer c.mu.Unlock()
	src := viewSource(s.Declarations())
	if c.view != nil && src == c.source {
		return c.view
	}
	if c.importer == nil {
		c.importer = s.viewImporter()
	}
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if f == nil {
		return nil
	}
	conf := types.Config{
		Importer: c.importer,
		// Bodies say nothing about what a name is; their errors would only be noise.
		IgnoreFuncBodies: true,
		Error:            func(error) {}, // check on past errors: what checks is still known
	}
	pkg, _ := conf.Check("main", fset, []*ast.File{f}, nil)
	c.source, c.view = src, &sessionView{pkg: pkg}
	return c.view
}

// viewSource is the file the view checks: the session's declarations, and for each
// variable whose type a cell cannot write (an instance of a generic type) the
// declaration that initialised it, from which go/types infers the type.
func viewSource(d prepare.Declarations) string {
	var b strings.Builder
	b.WriteString("package main\n")
	b.WriteString(d.Source)
	written := map[string]bool{}
	for _, n := range d.Untyped {
		// One declaration can initialise several variables: it is written once.
		if init := d.Initializers[n]; init != "" && !written[init] {
			written[init] = true
			b.WriteString(init + "\n")
		}
	}
	return b.String()
}

// viewImporter imports the compiled packages of the session's symbol tables. The
// generic standard library the session runs from source is left out: loading it
// costs more than completion can wait, and a variable of one of its types falls back
// to what reflect says of its value.
func (s *Session) viewImporter() types.Importer {
	tables := make(map[string]map[string]reflect.Value, len(s.symbols.byPath))
	for p, syms := range s.symbols.byPath {
		tables[p+"/"+s.symbols.nameOf[p]] = syms
	}
	return prepare.NewImporter(tables, nil)
}

// qualifier writes other packages by name (mat.Dense, not gonum.org/v1/gonum/mat.Dense)
// and the session's own names bare.
func (v *sessionView) qualifier(p *types.Package) string {
	if p == v.pkg {
		return ""
	}
	return p.Name()
}

// typeString writes t as a cell would.
func (v *sessionView) typeString(t types.Type) string { return types.TypeString(t, v.qualifier) }

// lookup returns the session's object named name: a variable, constant, type or
// function a cell declared. It is nil when the view does not know it or could not
// give it a type.
func (v *sessionView) lookup(name string) types.Object {
	if v == nil || v.pkg == nil {
		return nil
	}
	obj := v.pkg.Scope().Lookup(name)
	if obj == nil || obj.Type() == nil || obj.Type() == types.Typ[types.Invalid] {
		return nil
	}
	return obj
}

// selection resolves x.name for a value (or, when isType, the type) t: the field or
// method it names, as Go's selector rules settle depth and ambiguity. A package-level
// variable is addressable, so its pointer methods count, as gopls offers them too.
func (v *sessionView) selection(t types.Type, name string, isType bool) types.Object {
	if isType {
		// A method expression: T.M, or (*T).M for a pointer method.
		if _, ok := t.Underlying().(*types.Interface); !ok {
			if _, ok := t.(*types.Pointer); !ok {
				t = types.NewPointer(t)
			}
		}
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, v.pkg, name)
	return obj
}

// members lists what a selector on a variable of type t can name: its fields and
// methods, promoted ones included. The candidates are every name reachable through
// embedded fields and the method set of *t; LookupFieldOrMethod then keeps those a
// selector really reaches.
func (v *sessionView) members(t types.Type) []completion {
	names := map[string]bool{}
	fieldNames(t, names, map[types.Type]bool{})
	mt := t
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) {
		mt = types.NewPointer(t)
	}
	ms := types.NewMethodSet(mt)
	for i := range ms.Len() {
		names[ms.At(i).Obj().Name()] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	var out []completion
	for _, n := range sorted {
		switch obj := v.selection(t, n, false).(type) {
		case *types.Var:
			out = append(out, completion{text: n, kind: "field", signature: v.typeString(obj.Type())})
		case *types.Func:
			out = append(out, completion{text: n, kind: "method", signature: v.typeString(obj.Type())})
		}
	}
	return out
}

// fieldNames adds the names of t's fields and, through embedded fields, of the
// fields they promote.
func fieldNames(t types.Type, names map[string]bool, seen map[types.Type]bool) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if seen[t] {
		return
	}
	seen[t] = true
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for f := range st.Fields() {
		names[f.Name()] = true
		if f.Embedded() {
			fieldNames(f.Type(), names, seen)
		}
	}
}

// objectCompletion is a session name as completion lists it, with its kind and the
// signature shown beside it.
func (v *sessionView) objectCompletion(obj types.Object) completion {
	c := completion{text: obj.Name(), signature: v.typeString(obj.Type())}
	switch obj := obj.(type) {
	case *types.Const:
		c.kind, c.signature = "constant", v.constDecl(obj)
	case *types.TypeName:
		c.kind, c.signature = "class", "type "+obj.Name()+" "+v.typeString(obj.Type().Underlying())
	case *types.Func:
		c.kind = "function"
	default:
		c.kind = "variable"
	}
	return c
}

// constDecl writes a constant as Go declares it: const Limit untyped int = 10.
func (v *sessionView) constDecl(c *types.Const) string {
	return "const " + c.Name() + " " + v.typeString(c.Type()) + " = " + constantText(c.Val())
}
