package prepare

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/scanner"
	"go/token"
	"go/types"
	"math"
	"strconv"
	"strings"
)

// Typed rewrites: once a cell type-checks (see mono.go), some of yaegi v0.16.1's
// mistakes can be avoided with what go/types knows and syntax alone cannot tell.
//
//   - x.(I), with x an empty interface and I an interface with methods that the cells
//     declare (named or literal; not a compiled one such as error): yaegi
//     stores the result in a slot of its own interface representation and panics
//     (reflect.Set: value of type interface {} is not assignable to type
//     interp.valueInterface), or, when the value lacks a method, returns nil instead
//     of panicking. Converting x to a compiled empty interface type first
//     (__gk.Any(x)) takes yaegi's other path, which works; the single-value form
//     becomes a comma-ok in a function literal that panics as Go does.
//   - x.(I) succeeds in yaegi for a T whose methods make I only with *T's (it counts
//     pointer methods for values), and x.(C), C a concrete type, for any type with
//     C's underlying type (type T string matches U string). The assertion is checked
//     again with yaegi's own type switch, which tells the types the cells declare
//     apart by name for values that keep their type (see gkBox below), and refused
//     for those types.
//   - A value of a cell's type with methods stored in an interface{} (var x any = v,
//     x = v, return v, []any{v}, any(v)) loses its type in yaegi, which stores it
//     raw: a later x.(I) finds no methods. Passed to an interpreted function's
//     interface{} parameter it keeps them, so such values go through gkBox (prelude).
//   - i == v, i an interface and v a typed value of a concrete type: yaegi compares
//     its own interface representation with v and says false, or panics; i is
//     asserted to v's type and the values compared. A switch whose tag is an
//     interface and cases are not, or the other way round (switch x { case 0: }),
//     panics in yaegi (reflect.Value.Convert); it becomes an expression switch over
//     such comparisons.
//   - case c <- 123 in a select sends an int whatever c's element type: the constant
//     is converted to it.
//   - pkg.V = x, V a variable of a compiled package: yaegi takes V for a constant
//     (cannot assign to 524288); *&pkg.V = x assigns it.
//   - make(T) of a one-direction channel type panics in reflect.MakeChan; T(make(chan
//     E)) is the same channel.
//   - len(p) or cap(p) that Go evaluates as a constant (p a pointer to an array, even
//     nil): yaegi evaluates p and panics on nil. The constant is written instead.

// mayNeedTypedRewrite reports whether code has an x.(T) that is not a type switch's,
// or names interface{}, any or unsafe, or selects: the cells the typed rewrites most often
// change. (Checking every cell would catch the rest, such as method expressions, but
// costs the first cell of a session the import of its packages from source.)
func mayNeedTypedRewrite(code string) bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	var prev, prev2 token.Token
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return false
		}
		if prev2 == token.PERIOD && prev == token.LPAREN && tok != token.TYPE || tok == token.INTERFACE || tok == token.SELECT || tok == token.IDENT && (lit == "any" || lit == "unsafe") {
			return true
		}
		prev2, prev = prev, tok
	}
}

// typedEdits returns the typed rewrites' edits of the cell and of the instances, for
// the final, clean round.
func (r *monoRound) typedEdits() (cellEdits []edit, instEdits map[int][]edit) {
	instEdits = map[int][]edit{}
	add := func(n ast.Node, repl string) {
		from, to := r.offset(n.Pos()), r.offset(n.End())
		sp := r.spanOf(from, to)
		if sp == nil {
			return
		}
		e := edit{from - sp.from + sp.src, to - sp.from + sp.src, repl}
		if sp.owner < 0 {
			cellEdits = append(cellEdits, e)
		} else {
			instEdits[sp.owner] = append(instEdits[sp.owner], e)
		}
	}
	text := func(n ast.Node) string { return r.text[r.offset(n.Pos()):r.offset(n.End())] }
	cellEdits = append(cellEdits, r.topLevelCommaOk()...)
	// toInterface writes v, a value of a cell's type with methods given to a
	// non-empty interface by a var declaration or a conversion, as the result of a
	// function of that interface type: yaegi v0.16.1 stores it as the bare value
	// (var e error = E{} printed {1}, not E's Error(); error(E{}) panicked), but
	// keeps a function's results right.
	toInterface := func(target types.Type, v ast.Expr) {
		if target == nil || !types.IsInterface(target) || isEmptyInterface(target) {
			return
		}
		vt := r.info.TypeOf(v)
		if vt == nil || types.IsInterface(vt) || !r.hasCellMethods(vt) {
			return
		}
		t, err := r.typeText(target)
		if err != nil {
			return
		}
		add(&posRange{v.Pos(), v.Pos()}, "func() "+t+" { return ")
		add(&posRange{v.End(), v.End()}, " }()")
	}
	// compared are the operands of == and != and of switches: a conversion there is
	// left to the rewrites of mixed comparisons, which a function call would hide.
	compared := map[ast.Expr]bool{}
	box := func(target types.Type, e ast.Expr) {
		if isEmptyInterface(target) && r.hasCellMethods(r.info.TypeOf(e)) {
			add(e, "gkBox("+text(e)+")")
		}
	}
	r.fmtArgEdits(add)
	r.methodValueEdits(add)
	// a, b := s.f(), f a field of function type: at a cell's top level yaegi v0.16.1
	// leaves a zero (the first result is lost); the function taken out by a call of a
	// literal first is called right. (A cell's top-level := is checked as a var.)
	fieldCallOfResults := func(e ast.Expr) {
		call, ok := e.(*ast.CallExpr)
		if !ok {
			return
		}
		fs, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		if sel := r.info.Selections[fs]; sel != nil && sel.Kind() == types.FieldVal {
			if t, err := r.typeText(sel.Type()); err == nil {
				add(&posRange{call.Fun.Pos(), call.Fun.Pos()}, "func() "+t+" { return ")
				add(&posRange{call.Fun.End(), call.Fun.End()}, " }()")
			}
		}
	}
	for _, d := range r.file.Decls {
		// Only the var a cell's := is checked as: the "var" is the check's, in no span.
		// (yaegi fails a var declaration of that form as a "definition loop".)
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR && r.spanOf(r.offset(gd.TokPos), r.offset(gd.TokPos)+3) == nil {
			for _, sp := range gd.Specs {
				if vs := sp.(*ast.ValueSpec); len(vs.Names) >= 2 && len(vs.Values) == 1 {
					fieldCallOfResults(vs.Values[0])
				}
			}
		}
	}
	commaOk := map[*ast.TypeAssertExpr]bool{}
	var results []*types.Tuple // of the functions around the node, innermost last
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			var sig *types.Signature
			var body *ast.BlockStmt
			if d, ok := n.(*ast.FuncDecl); ok {
				if fn, ok := r.info.Defs[d.Name].(*types.Func); ok {
					sig, _ = fn.Type().(*types.Signature)
				}
				body = d.Body
			} else {
				sig, _ = r.info.TypeOf(n.(*ast.FuncLit)).(*types.Signature)
				body = n.(*ast.FuncLit).Body
			}
			if sig == nil || body == nil {
				return true
			}
			results = append(results, sig.Results())
			ast.Inspect(body, visit)
			results = results[:len(results)-1]
			return false
		case *ast.ReturnStmt:
			if len(results) > 0 && results[len(results)-1].Len() == len(n.Results) {
				for i, e := range n.Results {
					box(results[len(results)-1].At(i).Type(), e)
				}
			}
		case *ast.CommClause:
			// case c <- 123: yaegi sends the constant as an int, whatever c's element
			// type (reflect.Select: value of type int is not assignable to type int32).
			if send, ok := n.Comm.(*ast.SendStmt); ok {
				if ch, ok := r.info.TypeOf(send.Chan).Underlying().(*types.Chan); ok {
					if r.info.Types[send.Value].Value != nil {
						if t, err := r.typeText(ch.Elem()); err == nil {
							add(send.Value, "("+t+")("+text(send.Value)+")")
						}
					}
				}
			}
		case *ast.SendStmt:
			if ch, ok := r.info.TypeOf(n.Chan).Underlying().(*types.Chan); ok {
				box(ch.Elem(), n.Value)
			}
		case *ast.CompositeLit:
			switch t := r.info.TypeOf(n).Underlying().(type) {
			case *types.Slice:
				boxElements(n, t.Elem(), nil, box)
			case *types.Array:
				boxElements(n, t.Elem(), nil, box)
			case *types.Map:
				boxElements(n, t.Elem(), t.Key(), box)
			case *types.Struct:
				for i, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							if f, ok := r.info.Uses[id].(*types.Var); ok {
								box(f.Type(), kv.Value)
							}
						}
					} else if i < t.NumFields() {
						box(t.Field(i).Type(), e)
					}
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				if ta, ok := n.Rhs[0].(*ast.TypeAssertExpr); ok {
					commaOk[ta] = true
				}
			}
			// a, b := s.f(), f a field of function type: at a cell's top level yaegi
			// v0.16.1 leaves a zero (the first result is lost); the function taken
			// out by a call of a literal first is called right.
			if n.Tok == token.DEFINE && len(n.Lhs) >= 2 && len(n.Rhs) == 1 {
				fieldCallOfResults(n.Rhs[0])
			}
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for _, v := range n.Rhs {
					r.runeConstant(v, text, add)
				}
			}
			if n.Tok == token.ASSIGN && len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				r.compiledInterfaceField(n.Lhs[0], n.Rhs[0], text, add)
			}
			// x, y = nil, 1: yaegi v0.16.1 panics "reflect: New(nil)" on an untyped
			// nil among several values; a typed one is assigned.
			if n.Tok == token.ASSIGN && len(n.Lhs) >= 2 && len(n.Lhs) == len(n.Rhs) {
				for i, v := range n.Rhs {
					if r.info.Types[v].IsNil() {
						if t := r.info.TypeOf(n.Lhs[i]); t != nil {
							if tt, err := r.typeText(t); err == nil {
								add(v, "("+tt+")(nil)")
							}
						}
					}
				}
			}

			if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
				for i, e := range n.Rhs {
					box(r.info.TypeOf(n.Lhs[i]), e)
				}
			}
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					r.packageVariable(l, add)
				}
			}
		case *ast.GenDecl:
			r.constDeclEdits(n, add)
		case *ast.IndexExpr:
			// s[1] of a constant string: yaegi v0.16.1 takes it for a constant and
			// fails at a cell's top level ("constant definition loop"); as a
			// conversion's operand it is a byte.
			if tv := r.info.Types[n.X]; tv.Value != nil && tv.Value.Kind() == constant.String {
				add(n, "byte("+text(n)+")")
			}
		case *ast.RangeStmt:
			// for i := range p, p a pointer to an array: Go evaluates not even p (the
			// length is constant); yaegi v0.16.1 dereferences it, and panics on nil.
			if n.Value == nil {
				if p, ok := types.Unalias(r.info.TypeOf(n.X)).Underlying().(*types.Pointer); ok {
					if a, ok := p.Elem().Underlying().(*types.Array); ok {
						add(n.X, fmt.Sprintf("[%d]struct{}{}", a.Len()))
					}
				}
			}
		case *ast.IncDecStmt:
			r.packageVariable(n.X, add)
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				if ta, ok := n.Values[0].(*ast.TypeAssertExpr); ok {
					commaOk[ta] = true
				}
			}
			if n.Type != nil && len(n.Names) == len(n.Values) {
				for _, e := range n.Values {
					box(r.info.TypeOf(n.Type), e)
					toInterface(r.info.TypeOf(n.Type), e)
				}
			}
			if n.Type == nil && len(n.Names) == len(n.Values) {
				for _, e := range n.Values {
					r.runeConstant(e, text, add)
				}
			}

		case *ast.TypeAssertExpr:
			if n.Type != nil {
				if repl, ok := r.assertion(n, commaOk[n], text); ok {
					add(n, repl)
				}
			}
		case *ast.BinaryExpr:
			r.untypedShiftEdits(n, text, add)
			if n.Op != token.EQL && n.Op != token.NEQ {
				return true
			}
			compared[ast.Unparen(n.X)], compared[ast.Unparen(n.Y)] = true, true
			// A named struct compared with a value of its unnamed struct type: yaegi
			// v0.16.1 refuses "mismatched types"; the unnamed side is converted.
			for _, p := range [][2]ast.Expr{{n.X, n.Y}, {n.Y, n.X}} {
				named, unnamed := r.info.TypeOf(p[0]), r.info.TypeOf(p[1])
				if _, ok := types.Unalias(named).(*types.Named); !ok || unnamed == nil {
					continue
				}
				if _, ok := types.Unalias(unnamed).(*types.Struct); ok && types.Identical(named.Underlying(), unnamed) {
					if tt, err := r.typeText(named); err == nil {
						add(p[1], tt+"("+text(p[1])+")")
					}
				}
			}
			if eq, ok := r.mixedEqual(text(n.X), r.info.TypeOf(n.X), text(n.Y), r.info.TypeOf(n.Y), false); ok {
				if n.Op == token.NEQ {
					eq = "!" + eq
				}
				add(n, eq)
			}
		case *ast.SwitchStmt:
			if n.Tag != nil {
				compared[ast.Unparen(n.Tag)] = true
				for _, c := range n.Body.List {
					for _, e := range c.(*ast.CaseClause).List {
						compared[ast.Unparen(e)] = true
					}
				}
			}
			if edits, ok := r.switchOnInterface(n, text); ok {
				for _, e := range edits {
					add(e.node, e.repl)
				}
			}
		case *ast.CallExpr:
			if tv := r.info.Types[n.Fun]; tv.IsType() && len(n.Args) == 1 {
				box(tv.Type, n.Args[0]) // any(v)
				if !compared[n] {
					toInterface(tv.Type, n.Args[0]) // error(v)
				}
				return true
			}
			if r.errorsAsEdits(n, text, add) || r.errorsAsTypeEdits(n, text, add) {
				return true
			}
			// The variadic arguments of a compiled function of interface type
			// (errors.Join(e1, &E{})): yaegi v0.16.1 hands a cell's value over as it
			// is ("cannot use *main.E as type error in Call").
			if sig, ok := r.info.TypeOf(n.Fun).(*types.Signature); ok && sig.Variadic() && !n.Ellipsis.IsValid() && r.compiledCallee(n) {
				if elem, ok := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice); ok {
					for _, a := range n.Args[sig.Params().Len()-1:] {
						toInterface(elem.Elem(), a)
					}
				}
			}
			if r.minMaxEdits(n, text, add) {
				return false
			}
			r.panicMessageEdits(n, add)
			r.clearNamedEdits(n, text, add)
			r.loopClosureEdits(n, text, add)
			id, ok := n.Fun.(*ast.Ident)
			if ok && id.Name == "make" && len(n.Args) >= 1 {
				if repl, ok := r.makeDirectedChan(n, text); ok {
					add(n, repl)
					return true
				}
			}
			if !ok || len(n.Args) != 1 || (id.Name != "len" && id.Name != "cap") {
				return true
			}
			if _, ok := r.info.Uses[id].(*types.Builtin); !ok {
				return true
			}
			if tv := r.info.Types[n]; tv.Value != nil && r.info.Types[n.Args[0]].Value == nil {
				add(n, "int("+tv.Value.ExactString()+")")
				return false
			}
		}
		return true
	}
	ast.Inspect(r.file, visit)
	return cellEdits, instEdits
}

// boxElements boxes a composite literal's elements (and keys) stored as interface{}.
func boxElements(lit *ast.CompositeLit, elem, key types.Type, box func(types.Type, ast.Expr)) {
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if key != nil {
				box(key, kv.Key)
			}
			e = kv.Value
		}
		box(elem, e)
	}
}

// hasCellMethods reports whether t is a type the cells declared with methods, or a
// pointer to one: what yaegi keeps as an interpreted value.
func (r *monoRound) hasCellMethods(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() == r.pkg && named.NumMethods() > 0
}

func isEmptyInterface(t types.Type) bool {
	if t == nil {
		return false
	}
	iface, ok := t.Underlying().(*types.Interface)
	return ok && iface.Empty()
}

// mixedEqual writes a == b, one of them an interface and the other a typed value of a
// concrete type, as Go defines it: an assertion to the concrete type and a comparison
// of values. Operands are evaluated once, left to right, as Go does.
//
// For an operand of a basic type (i == n, n an int) yaegi's own == is right and much
// faster, so it is kept unless basic is set: a switch's comparisons need it.
func (r *monoRound) mixedEqual(a string, at types.Type, b string, bt types.Type, basic bool) (string, bool) {
	if at == nil || bt == nil || types.IsInterface(at) == types.IsInterface(bt) {
		return "", false
	}
	concrete := at
	if types.IsInterface(at) {
		concrete = bt
	}
	if b, ok := concrete.(*types.Basic); ok && (!basic || b.Info()&types.IsUntyped != 0) || !types.Comparable(concrete) {
		return "", false // i == nil, i == 0: yaegi gets those right
	}
	atext, err := r.typeText(at)
	if err != nil {
		return "", false
	}
	btext, err := r.typeText(bt)
	if err != nil {
		return "", false
	}
	cmp := "gkV, gkOK := gkA.(" + btext + "); return gkOK && gkV == gkB"
	if types.IsInterface(bt) {
		cmp = "gkV, gkOK := gkB.(" + atext + "); return gkOK && gkA == gkV"
	}
	return fmt.Sprintf("func(gkA %s, gkB %s) bool { %s }(%s, %s)", atext, btext, cmp, a, b), true
}

// switchEdit replaces one node of a switch statement.
type switchEdit struct {
	node ast.Node
	repl string
}

// switchOnInterface rewrites switch x { case v1, v2: }, x an interface and cases not
// (or the other way round), as switch gkSW := x; { case gkSW == v1 || gkSW == v2: },
// each comparison as mixedEqual writes it when it must.
func (r *monoRound) switchOnInterface(sw *ast.SwitchStmt, text func(ast.Node) string) ([]switchEdit, bool) {
	if sw.Tag == nil || sw.Init != nil {
		return nil, false
	}
	tagType := r.info.TypeOf(sw.Tag)
	mixed := false
	for _, st := range sw.Body.List {
		for _, e := range st.(*ast.CaseClause).List {
			if types.IsInterface(r.info.TypeOf(e)) != types.IsInterface(tagType) {
				mixed = true
			}
		}
	}
	if !mixed {
		return nil, false
	}
	edits := []switchEdit{{&posRange{sw.Switch, sw.Body.Lbrace}, "switch gkSW := " + text(sw.Tag) + "; "}}
	for _, st := range sw.Body.List {
		cc := st.(*ast.CaseClause)
		if cc.List == nil {
			continue
		}
		var conds []string
		for _, e := range cc.List {
			eq, ok := r.mixedEqual("gkSW", tagType, "("+text(e)+")", r.info.TypeOf(e), true)
			if !ok {
				eq = "gkSW == (" + text(e) + ")"
			}
			conds = append(conds, eq)
		}
		edits = append(edits, switchEdit{&posRange{cc.List[0].Pos(), cc.List[len(cc.List)-1].End()}, strings.Join(conds, " || ")})
	}
	return edits, true
}

// posRange is a span of source as an ast.Node.
type posRange struct{ from, to token.Pos }

func (p *posRange) Pos() token.Pos { return p.from }
func (p *posRange) End() token.Pos { return p.to }

// assertion rewrites x.(T) (or, in v, ok := x.(T), the comma-ok form) when yaegi gets
// it wrong; see the comment at the top of the file.
func (r *monoRound) assertion(n *ast.TypeAssertExpr, commaOk bool, text func(ast.Node) string) (string, bool) {
	target := r.info.TypeOf(n.Type)
	x := r.info.TypeOf(n.X)
	if target == nil || x == nil {
		return "", false
	}
	src := "gkX"
	if iface, ok := target.Underlying().(*types.Interface); ok {
		if iface.Empty() {
			return "", false
		}
		// Not for compiled interfaces (error, fmt.Stringer): yaegi's own path works.
		if named, isNamed := types.Unalias(target).(*types.Named); !isNamed || named.Obj().Pkg() == r.pkg {
			src = RuntimeAlias + ".Any(gkX)"
		}
	}
	excluded := r.lookalikes(target)
	if len(excluded) == 0 && (src == "gkX" || !isEmptyInterface(x)) {
		return "", false
	}
	t, err := r.typeText(target)
	if err != nil {
		return "", false
	}
	check := ""
	if len(excluded) > 0 {
		// !gkOK, not false: a program may declare its own false (Go's test suite does).
		check = fmt.Sprintf("if gkOK { switch gkX.(type) { case %s: gkV, gkOK = *new(%s), !gkOK } }; ", strings.Join(excluded, ", "), t)
	}
	if commaOk {
		return fmt.Sprintf("func(gkX interface{}) (%s, bool) { gkV, gkOK := %s.(%s); %sreturn gkV, gkOK }(%s)", t, src, t, check, text(n.X)), true
	}
	name := types.TypeString(target, func(p *types.Package) string { return p.Name() })
	return fmt.Sprintf("func(gkX interface{}) %s { gkV, gkOK := %s.(%s); %sif !gkOK { %s.AssertionFailed(gkX, %q, %s) }; return gkV }(%s)",
		t, src, t, check, RuntimeAlias, name, r.missingMethod(target), text(n.X)), true
}

// missingMethod writes a function that names the first method of the interface target
// (in Go's order, by name) that a value lacks, for the message of a failed assertion
// to it, or nil when target is not an interface.
func (r *monoRound) missingMethod(target types.Type) string {
	iface, ok := target.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 {
		return "nil"
	}
	var b strings.Builder
	b.WriteString("func(gkX any) string { ")
	for i := range iface.NumMethods() { // sorted by name (unexported ones by package path too)
		m := iface.Method(i)
		sig, err := r.typeText(m.Type())
		if err != nil {
			return "nil"
		}
		fmt.Fprintf(&b, "if _, gkOK := gkX.(interface{ %s%s }); !gkOK { return %q }; ", m.Name(), strings.TrimPrefix(sig, "func"), m.Name())
	}
	b.WriteString(`return "" }`)
	return b.String()
}

// lookalikes lists the types the cells declared at the top level that yaegi would
// wrongly let x.(target) succeed for: for an interface, those whose pointer has its
// methods but not the value; for a concrete type, the other named types with its
// underlying type.
func (r *monoRound) lookalikes(target types.Type) []string {
	iface, isIface := target.Underlying().(*types.Interface)
	var out []string
	scope := r.pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 || types.IsInterface(named) || types.Identical(named, target) {
			continue
		}
		if isIface {
			if types.Implements(named, iface) || !types.Implements(types.NewPointer(named), iface) {
				continue
			}
		} else if !types.Identical(named.Underlying(), target.Underlying()) {
			continue
		}
		out = append(out, name)
	}
	return out
}

// packageVariable prefixes *& to pkg.V, V a variable of an imported package, assigned
// to or incremented.
func (r *monoRound) packageVariable(e ast.Expr, add func(ast.Node, string)) {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	if _, ok := r.info.Uses[id].(*types.PkgName); !ok {
		return
	}
	if _, ok := r.info.Uses[sel.Sel].(*types.Var); ok {
		add(&posRange{sel.Pos(), sel.Pos()}, "*&")
	}
}

// makeDirectedChan writes make(T[, n]), T a send- or receive-only channel type, as
// T(make(chan E[, n])).
func (r *monoRound) makeDirectedChan(call *ast.CallExpr, text func(ast.Node) string) (string, bool) {
	if _, ok := r.info.Uses[call.Fun.(*ast.Ident)].(*types.Builtin); !ok {
		return "", false
	}
	tv := r.info.Types[call.Args[0]]
	if !tv.IsType() {
		return "", false
	}
	ch, ok := tv.Type.Underlying().(*types.Chan)
	if !ok || ch.Dir() == types.SendRecv {
		return "", false
	}
	elem, err := r.typeText(ch.Elem())
	if err != nil {
		return "", false
	}
	t, err := r.typeText(tv.Type)
	if err != nil {
		return "", false
	}
	if _, named := types.Unalias(tv.Type).(*types.Named); !named {
		t = "(" + t + ")"
	}
	size := ""
	if len(call.Args) > 1 {
		size = ", " + text(call.Args[1])
	}
	return t + "(make(chan " + elem + size + "))", true
}

// errorsAsEdits rewrites errors.Is into __gk.ErrorsIs, which compares the values
// inside the wrappers (and calls the cells' Is methods), errors.Unwrap into a function
// literal that calls the cells' Unwrap methods, and errors.As(err, target), target a pointer to a cell's
// concrete type, into __gk.ErrorsAs with a function that asserts to that type:
// errors.As checks through reflect that the target's type implements error, and a
// cell type's methods are not in its reflect type (it panicked "*target must be
// interface or implement error"). ErrorsAs walks the chain as errors.As does and
// hands each error's value, out of the wrappers it went through compiled code in, to
// the function. It reports whether it rewrote the call.
func (r *monoRound) errorsAsEdits(call *ast.CallExpr, text func(ast.Node) string, add func(ast.Node, string)) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 || len(call.Args) > 2 || call.Ellipsis.IsValid() {
		return false
	}
	fn, ok := r.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "errors" {
		return false
	}
	if fn.Name() == "Unwrap" && len(call.Args) == 1 {
		// errors.Unwrap calls an Unwrap() error method, which a cell's type has only
		// for interpreted code.
		// The switch runs in the interpreter, so the value it returns stays the
		// cell's own (== to it converted in the cell), not compiled code's wrapper.
		cases := r.cellUnwrapOne()
		if cases == nil {
			return false
		}
		// A value that came back from compiled code (fmt.Errorf's wrapper unwrapped)
		// asserts only once out of its wrapper: ErrorsUnwrap takes it out.
		add(call.Fun, "func(gkE error) error { "+assertionsOn("gkE", cases)+"return "+RuntimeAlias+".ErrorsUnwrap(gkE, func(gkX any) (error, bool) { "+
			assertionsOn("gkX", withOK(cases))+"return nil, false }) }")
		return true
	}
	if len(call.Args) != 2 {
		return false
	}
	if fn.Name() == "Is" && len(call.Args) == 2 {
		// errors.Is compares with ==: a cell's error value that went through fmt
		// (fmt.Errorf's %w) is in the session's wrapper there, and equals nothing.
		add(call.Fun, RuntimeAlias+".ErrorsIs")
		add(&posRange{call.Rparen, call.Rparen}, ", "+r.cellUnwrapper()+", "+r.cellIsMethods())
		return true
	}
	if fn.Name() != "As" {
		return false
	}
	ptr, ok := r.info.TypeOf(call.Args[1]).(*types.Pointer)
	if !ok || types.IsInterface(ptr.Elem()) || !r.isCellType(ptr.Elem()) {
		return false
	}
	t, err := r.typeText(ptr.Elem())
	if err != nil {
		return false
	}
	target := call.Args[1]
	add(call.Fun, RuntimeAlias+".ErrorsAs")
	add(&posRange{call.Args[0].End(), target.Pos()}, ", func(gkX any) bool { gkV, gkOK := gkX.("+t+"); if gkOK { *(")
	add(&posRange{target.End(), call.Rparen}, ") = gkV }; return gkOK }, "+r.cellUnwrapper())
	return true
}

// errorsAsTypeEdits rewrites errors.AsType[E](err), E a concrete type, as errors.As
// is rewritten (see errorsAsEdits): its instance asserts err to E and walks the tree
// by asserting to the interfaces of the Unwrap methods, and yaegi v0.16.1 fails both
// for the cells' errors and for compiled wrappers (fmt's %w). By
// then the call names the library's instance (errorsꓸAsTypeᐸEᐳ).
func (r *monoRound) errorsAsTypeEdits(call *ast.CallExpr, text func(ast.Node) string, add func(ast.Node, string)) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 || !strings.HasPrefix(id.Name, LibraryName("errors", "AsType")+instanceOpen) {
		return false
	}
	results, ok := r.info.TypeOf(call).(*types.Tuple)
	if !ok || results.Len() != 2 || types.IsInterface(results.At(0).Type()) {
		return false
	}
	t, err := r.typeText(results.At(0).Type())
	if err != nil {
		return false
	}
	add(call.Fun, "func(gkE error) ("+t+", bool) { var gkT "+t+"; gkFound := "+RuntimeAlias+".ErrorsAs(gkE, func(gkX any) bool { gkV, gkOK := gkX.("+t+
		"); if gkOK { gkT = gkV }; return gkOK }, "+r.cellUnwrapper()+"); return gkT, gkFound }")
	return true
}

// cellUnwrapper writes a function that unwraps a value of the cells' error types by
// their Unwrap methods, which compiled code cannot call on them (they are not in the
// types' reflect method sets): a type switch over the types that have one, or nil.
func (r *monoRound) cellUnwrapper() string {
	errType := types.Universe.Lookup("error").Type()
	one := types.NewSignatureType(nil, nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, nil, "", errType)), false)
	many := types.NewSignatureType(nil, nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, nil, "", types.NewSlice(errType))), false)
	cases := r.cellMethodCases("Unwrap", func(sig types.Type) string {
		switch {
		case types.Identical(sig, one):
			return "return []error{gkV.Unwrap()}"
		case types.Identical(sig, many):
			return "return gkV.Unwrap()"
		}
		return ""
	})
	if len(cases) == 0 {
		return "nil"
	}
	return "func(gkX any) []error { " + assertionsOn("gkX", cases) + "return nil }"
}

// cellUnwrapOne lists the cells' error types with an Unwrap() error method (the one
// errors.Unwrap calls), and the unwrapping of a value gkV of them.
func (r *monoRound) cellUnwrapOne() []methodCase {
	errType := types.Universe.Lookup("error").Type()
	one := types.NewSignatureType(nil, nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, nil, "", errType)), false)
	return r.cellMethodCases("Unwrap", func(sig types.Type) string {
		if types.Identical(sig, one) {
			return "return gkV.Unwrap()"
		}
		return ""
	})
}

// cellIsMethods writes a function that asks a value of the cells' error types whether
// it is target, by its Is(error) bool method (which errors.Is calls, and compiled code
// cannot call on a cell's type), or nil when no type has one.
func (r *monoRound) cellIsMethods() string {
	errType := types.Universe.Lookup("error").Type()
	is := types.NewSignatureType(nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, nil, "", errType)),
		types.NewTuple(types.NewVar(token.NoPos, nil, "", types.Typ[types.Bool])), false)
	cases := r.cellMethodCases("Is", func(sig types.Type) string {
		if types.Identical(sig, is) {
			return "return gkV.Is(gkT)"
		}
		return ""
	})
	if len(cases) == 0 {
		return "nil"
	}
	return "func(gkX, gkY any) bool { gkT, _ := gkY.(error); " + assertionsOn("gkX", cases) + "return false }"
}

// methodCase is a type of the cells (or a pointer to one) with a method, and what to do
// with a value gkV of it.
type methodCase struct{ typ, body string }

// cellMethodCases lists the cells' types (and pointers to them) that have a method
// called name, with the body body gives for its signature ("" leaves the type out).
func (r *monoRound) cellMethodCases(name string, body func(sig types.Type) string) []methodCase {
	var cases []methodCase
	scope := r.pkg.Scope()
	for _, tname := range scope.Names() {
		tn, ok := scope.Lookup(tname).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		if named, ok := tn.Type().(*types.Named); !ok || named.TypeParams().Len() > 0 {
			continue
		}
		for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
			sel := types.NewMethodSet(t).Lookup(nil, name)
			if sel == nil {
				continue
			}
			text, err := r.typeText(t)
			if err != nil {
				continue
			}
			if b := body(sel.Type()); b != "" {
				cases = append(cases, methodCase{text, b})
			}
		}
	}
	return cases
}

// withOK gives each case's return a second result, true.
func withOK(cases []methodCase) []methodCase {
	out := make([]methodCase, len(cases))
	for i, c := range cases {
		out[i] = methodCase{c.typ, c.body + ", true"}
	}
	return out
}

// assertionsOn writes the cases as comma-ok assertions of x, binding gkV: yaegi
// v0.16.1's type switch does not match values to the cells' types (see
// typeSwitchesAsAssertions), its assertions do.
func assertionsOn(x string, cases []methodCase) string {
	var b strings.Builder
	for _, c := range cases {
		b.WriteString("if gkV, gkOK := " + x + ".(" + c.typ + "); gkOK { " + c.body + " }; ")
	}
	return b.String()
}

// isCellType reports whether t is a type the cells declared, or a pointer to one.
func (r *monoRound) isCellType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() == r.pkg
}

// compiledInterfaceField converts the value v assigned to l, a field of interface type
// of a compiled package's struct (ring.Ring's Value), to the field's type: yaegi
// v0.16.1 stored nothing for r.Value = i * 10, and at a cell's top level skipped the
// statements after it.
func (r *monoRound) compiledInterfaceField(l, v ast.Expr, text func(ast.Node) string, add func(ast.Node, string)) {
	se, ok := ast.Unparen(l).(*ast.SelectorExpr)
	if !ok {
		return
	}
	sel := r.info.Selections[se]
	if sel == nil || sel.Kind() != types.FieldVal || sel.Obj().Pkg() == nil || sel.Obj().Pkg() == r.pkg {
		return
	}
	ft, vt := sel.Type(), r.info.TypeOf(v)
	if !types.IsInterface(ft) || vt == nil || types.IsInterface(vt) || r.info.Types[v].IsNil() {
		return
	}
	if t, err := r.typeText(ft); err == nil {
		add(v, t+"("+text(v)+")")
	}
}

// untypedShiftEdits gives the untyped constant on the left of a non-constant shift the
// type the shift takes from its context, as Go does (p&(1<<i) with p a Perm shifts a
// Perm): yaegi v0.16.1 shifts an int and fails mixing it with the Perm ("call of
// reflect.Value.Uint on int Value").
func (r *monoRound) untypedShiftEdits(n *ast.BinaryExpr, text func(ast.Node) string, add func(ast.Node, string)) {
	if n.Op != token.SHL && n.Op != token.SHR {
		return
	}
	tv := r.info.Types[n]
	if tv.Value != nil || tv.Type == nil || types.Identical(tv.Type, types.Typ[types.Int]) {
		return
	}
	if b, ok := tv.Type.Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
		return
	}
	if _, lit := ast.Unparen(n.X).(*ast.BasicLit); !lit {
		return
	}
	if t, err := r.typeText(tv.Type); err == nil {
		add(n.X, t+"("+text(n.X)+")")
	}
}

// constDeclEdits writes the constants of a declaration whose values are not all
// literals (iota, a spec repeated implicitly, an expression) as their values, which
// go/types computed:
//
//	const (                        const (
//		KB ByteSize = 1 << (10 * iota)	KB = ByteSize(1024)
//		MB                             	MB = ByteSize(1048576)
//	)                              )
//
// yaegi v0.16.1 fails on such groups with "constant definition loop" (a float-based
// type shifted by iota, several names repeated implicitly), and computes some
// expressions wrong (const isLong = len(greeting) > 10 was false). A declaration
// with a constant whose value has no exact literal here (a huge or inexact float, a
// complex, an untyped rune) is left as it is.
func (r *monoRound) constDeclEdits(gd *ast.GenDecl, add func(ast.Node, string)) {
	if gd.Tok != token.CONST {
		return
	}
	needed := false
	for _, spec := range gd.Specs {
		vs := spec.(*ast.ValueSpec)
		if len(vs.Values) == 0 {
			needed = true
		}
		for _, v := range vs.Values {
			needed = needed || !isLiteral(v)
		}
	}
	if !needed {
		return
	}
	texts := make([]string, len(gd.Specs))
	for i, spec := range gd.Specs {
		vs := spec.(*ast.ValueSpec)
		if r.fset.Position(vs.Pos()).Line != r.fset.Position(vs.End()).Line {
			return // the rewrite keeps each spec on its line
		}
		var names, values []string
		for _, id := range vs.Names {
			names = append(names, id.Name)
			c, ok := r.info.Defs[id].(*types.Const)
			if !ok {
				if id.Name != "_" {
					return
				}
				values = append(values, "0")
				continue
			}
			if b, ok := c.Type().(*types.Basic); ok && b.Kind() == types.UntypedRune {
				return
			}
			lit, ok := constantText(c.Val(), c.Type(), r.typeText)
			if !ok || c.Val().Kind() == constant.Float && !exactFloat(c.Val()) {
				return
			}
			if id.Name == "_" {
				lit = "0" // a blank's value is never read
			}
			values = append(values, lit)
		}
		texts[i] = strings.Join(names, ", ") + " = " + strings.Join(values, ", ")
	}
	for i, spec := range gd.Specs {
		add(spec, texts[i])
	}
}

// exactFloat reports whether the float constant v is a float64 exactly, so that its
// literal says it all.
func exactFloat(v constant.Value) bool {
	_, exact := constant.Float64Val(v)
	return exact
}

// runeConstant writes an untyped rune constant that a declaration gives its default
// type as rune(c): yaegi v0.16.1 gives it int ('a' declared r as an int, %T printed
// int, not int32).
func (r *monoRound) runeConstant(e ast.Expr, text func(ast.Node) string, add func(ast.Node, string)) {
	tv := r.info.Types[e]
	if tv.Value == nil || !types.Identical(tv.Type, types.Typ[types.Int32]) {
		return
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 1 {
		return // a conversion (rune('a'), int32(x)) has its type already
	}
	hasChar := false
	ast.Inspect(e, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.CHAR {
			hasChar = true
		}
		return !hasChar
	})
	if hasChar {
		add(e, "rune("+text(e)+")")
	}
}

// loopClosureEdits binds the loop variables that a function literal given to compiled
// code (wg.Go(func() { ... i ... }), time.AfterFunc) reads, as the literal is made:
//
//	wg.Go(func() { total += i })
//	wg.Go(func(i int) func() { return func() { total += i } }(i))
//
// yaegi v0.16.1 turns the literal into a Go function that reads the variables from the
// frame they live in when it runs, and a variable declared in a loop's body (the
// per-iteration copy perIterationLoopVars makes, i := i) has one slot for all the
// iterations: every call saw the last iteration's value. Interpreted calls of the
// literal are right, and are left alone; so are variables anything assigns after their
// declaration, which a copy would no longer share.
func (r *monoRound) loopClosureEdits(call *ast.CallExpr, text func(ast.Node) string, add func(ast.Node, string)) {
	if !r.compiledCallee(call) {
		return
	}
	for _, arg := range call.Args {
		lit, ok := arg.(*ast.FuncLit)
		if !ok {
			continue
		}
		var names, decls []string
		seen := map[types.Object]bool{}
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := r.info.Uses[id].(*types.Var)
			if !ok || seen[v] || v.Pkg() != r.pkg || v.Pos() >= lit.Pos() && v.Pos() < lit.End() {
				return true
			}
			seen[v] = true
			if !r.declaredInLoopAround(v, lit) || r.assignedAfterDeclaration(v) {
				return true
			}
			t, err := r.typeText(v.Type())
			if err != nil {
				return true
			}
			names, decls = append(names, v.Name()), append(decls, v.Name()+" "+t)
			return true
		})
		if len(names) == 0 {
			continue
		}
		sig, err := r.typeText(r.info.TypeOf(lit))
		if err != nil {
			continue
		}
		add(&posRange{lit.Pos(), lit.Pos()}, "func("+strings.Join(decls, ", ")+") "+sig+" { return ")
		add(&posRange{lit.End(), lit.End()}, " }("+strings.Join(names, ", ")+")")
	}
}

// compiledCallee reports whether call calls a function or method of a compiled
// package (not one the cells declare, not a builtin, not a function value).
func (r *monoRound) compiledCallee(call *ast.CallExpr) bool {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return false
	}
	fn, ok := r.info.Uses[id].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg() != r.pkg
}

// declaredInLoopAround reports whether v is declared inside a for or range statement
// (its header or body) that holds n, in the same function.
func (r *monoRound) declaredInLoopAround(v *types.Var, n ast.Node) bool {
	found := false
	ast.Inspect(r.file, func(x ast.Node) bool {
		if x == nil || found || !(x.Pos() <= n.Pos() && n.End() <= x.End()) {
			return false
		}
		switch x := x.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if x.Pos() <= v.Pos() && v.Pos() < x.End() {
				// No function literal between the loop and v: v is the loop's own.
				inner := false
				ast.Inspect(x, func(y ast.Node) bool {
					if fl, ok := y.(*ast.FuncLit); ok && fl.Pos() <= v.Pos() && v.Pos() < fl.End() {
						inner = true
					}
					return !inner
				})
				found = !inner
			}
		}
		return true
	})
	return found
}

// assignedAfterDeclaration reports whether anything in the cell assigns v, increments
// it or takes its address, besides declaring it.
func (r *monoRound) assignedAfterDeclaration(v *types.Var) bool {
	written := false
	isV := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && r.info.Uses[id] == v
	}
	ast.Inspect(r.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				written = written || isV(l)
			}
		case *ast.IncDecStmt:
			written = written || isV(n.X)
		case *ast.UnaryExpr:
			written = written || n.Op == token.AND && isV(n.X)
		case *ast.RangeStmt:
			written = written || n.Tok == token.ASSIGN && (n.Key != nil && isV(n.Key) || n.Value != nil && isV(n.Value))
		}
		return !written
	})
	return written
}

// clearNamedEdits converts the argument of clear of a named slice or map type with
// methods to its underlying type, which shares its elements: the session's clear (yaegi
// v0.16.1 has none) received yaegi's wrapper struct of the value and panicked "clear:
// argument must be a map or a slice, not struct".
func (r *monoRound) clearNamedEdits(call *ast.CallExpr, text func(ast.Node) string, add func(ast.Node, string)) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != "clear" || len(call.Args) != 1 {
		return
	}
	if _, ok := r.info.Uses[id].(*types.Builtin); !ok {
		return
	}
	named, ok := types.Unalias(r.info.TypeOf(call.Args[0])).(*types.Named)
	if !ok || named.NumMethods() == 0 {
		return
	}
	if t, err := r.typeText(named.Underlying()); err == nil {
		add(call.Args[0], "("+t+")("+text(call.Args[0])+")")
	}
}

// panicMessageEdits hands the session, with the value of panic(x), how to write it as
// Go does when the panic is not recovered: by its Error method, or its String method,
// which a cell's type has only for interpreted code (the kernel printed its fields):
//
//	panic(x)
//	panic(func(gkv T) any { __gk.Panicking(gkv, func() string { return gkv.Error() }); return gkv }(x))
//
// x is evaluated once, and the panic's value is x as an interface, as before.
func (r *monoRound) panicMessageEdits(call *ast.CallExpr, add func(ast.Node, string)) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "panic" || len(call.Args) != 1 {
		return
	}
	if _, ok := r.info.Uses[id].(*types.Builtin); !ok {
		return
	}
	t := r.info.TypeOf(call.Args[0])
	if t == nil || types.IsInterface(t) || !r.isCellType(t) {
		return
	}
	method := ""
	ms := types.NewMethodSet(t)
	for _, name := range []string{"Error", "String"} {
		if sel := ms.Lookup(nil, name); sel != nil {
			if sig, ok := sel.Type().(*types.Signature); ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 &&
				types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
				method = name
				break
			}
		}
	}
	if method == "" {
		return
	}
	tt, err := r.typeText(t)
	if err != nil {
		return
	}
	arg := call.Args[0]
	add(&posRange{arg.Pos(), arg.Pos()}, "func(gkv "+tt+") any { "+RuntimeAlias+".Panicking(gkv, func() string { return gkv."+method+"() }); return gkv }(")
	add(&posRange{arg.End(), arg.End()}, ")")
}

// minMaxEdits writes the builtins min and max as Go means them: the session's are
// generic functions of its prelude (yaegi v0.16.1 has neither), which take their type
// from the first argument, so max(1, 2.5) was the int 2. A constant call is written
// as its value; otherwise the untyped constants among the arguments are converted to
// the call's type. real and imag of a constant are written as their value too: yaegi
// v0.16.1 fails to compile imag(2i) ("call of reflect.Value.Complex on struct
// Value"); so are len and cap of a pointer to an array (constantArrayLen). It reports
// whether the call was written whole.
func (r *monoRound) minMaxEdits(call *ast.CallExpr, text func(ast.Node) string, add func(ast.Node, string)) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != "min" && id.Name != "max" && id.Name != "real" && id.Name != "imag" && !constantArrayLen(call, id, r.info) {
		return false
	}
	if _, ok := r.info.Uses[id].(*types.Builtin); !ok {
		return false
	}
	tv := r.info.Types[call]
	if tv.Type == nil {
		return false
	}
	if tv.Value != nil {
		if lit, ok := constantText(tv.Value, tv.Type, r.typeText); ok {
			add(call, lit)
			return true
		}
		return false
	}
	t, err := r.typeText(tv.Type)
	if err != nil || id.Name == "real" || id.Name == "imag" {
		return false
	}
	for _, a := range call.Args {
		if av := r.info.Types[a]; av.Value != nil {
			if b, ok := av.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
				add(a, t+"("+text(a)+")")
			}
		}
	}
	return false
}

// constantArrayLen reports whether call is len or cap of a pointer to an array, a
// constant in Go: yaegi v0.16.1 dereferences the pointer, and panics when it is nil.
func constantArrayLen(call *ast.CallExpr, id *ast.Ident, info *types.Info) bool {
	if id.Name != "len" && id.Name != "cap" || len(call.Args) != 1 || info.Types[call].Value == nil {
		return false
	}
	_, ptr := types.Unalias(info.TypeOf(call.Args[0])).Underlying().(*types.Pointer)
	return ptr
}

// constantText writes constant v of type t as Go source: a literal of its kind when
// t is untyped, converted to t otherwise.
func constantText(v constant.Value, t types.Type, typeText func(types.Type) (string, error)) (string, bool) {
	var lit string
	switch v.Kind() {
	case constant.Int:
		lit = v.ExactString()
	case constant.Float:
		f, _ := constant.Float64Val(v)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return "", false
		}
		lit = strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(lit, ".e") {
			lit += ".0"
		}
	case constant.String:
		lit = v.ExactString()
	case constant.Bool:
		lit = v.String()
	default:
		return "", false
	}
	b, ok := t.(*types.Basic)
	if ok && b.Info()&types.IsUntyped != 0 {
		if b.Kind() == types.UntypedRune {
			return "rune(" + lit + ")", true
		}
		return lit, true
	}
	tt, err := typeText(t)
	if err != nil {
		return "", false
	}
	return tt + "(" + lit + ")", true
}

// isCompiledInterface reports whether t is an interface with methods that compiled
// code declares (error, fmt.Stringer), not the cells.
func isCompiledInterface(t types.Type, cells *types.Package) bool {
	iface, ok := t.Underlying().(*types.Interface)
	if !ok || iface.Empty() {
		return false
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != cells
}
