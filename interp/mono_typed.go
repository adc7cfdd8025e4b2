package interp

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"reflect"
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
//   - A value of a cell's type with methods stored in an interface{} (var x any = v,
//     x = v, return v, []any{v}, any(v)) loses its type in yaegi, which stores it
//     raw: a later x.(I) finds no methods. Passed to an interpreted function's
//     interface{} parameter it keeps them, so such values go through gkBox (prelude).
//   - len(p) or cap(p) that Go evaluates as a constant (p a pointer to an array, even
//     nil): yaegi evaluates p and panics on nil. The constant is written instead.

// anyType is the compiled empty interface cells convert to as __gk.Any.
type anyType interface{}

// assertionFailed panics as a failed type assertion does.
func assertionFailed(x any, target string) {
	panic(fmt.Errorf("interface conversion: %s is not %s: missing method", dynamicTypeName(x), target))
}

func dynamicTypeName(x any) string {
	if x == nil {
		return "interface {} is nil,"
	}
	return reflect.TypeOf(x).String()
}

// mayNeedTypedRewrite reports whether code has an x.(T) that is not a type switch's,
// or names interface{}, any or unsafe: the cells the typed rewrites most often
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
		if prev2 == token.PERIOD && prev == token.LPAREN && tok != token.TYPE || tok == token.INTERFACE || tok == token.IDENT && (lit == "any" || lit == "unsafe") {
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
	box := func(target types.Type, e ast.Expr) {
		if isEmptyInterface(target) && r.hasCellMethods(r.info.TypeOf(e)) {
			add(e, "gkBox("+text(e)+")")
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
			if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
				for i, e := range n.Rhs {
					box(r.info.TypeOf(n.Lhs[i]), e)
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				if ta, ok := n.Values[0].(*ast.TypeAssertExpr); ok {
					commaOk[ta] = true
				}
			}
			if n.Type != nil && len(n.Names) == len(n.Values) {
				for _, e := range n.Values {
					box(r.info.TypeOf(n.Type), e)
				}
			}
		case *ast.TypeAssertExpr:
			if n.Type == nil || !isEmptyInterface(r.info.TypeOf(n.X)) {
				return true
			}
			target := r.info.TypeOf(n.Type)
			if iface, ok := target.Underlying().(*types.Interface); !ok || iface.Empty() {
				return true
			}
			if named, ok := types.Unalias(target).(*types.Named); ok && named.Obj().Pkg() != r.pkg {
				return true // compiled (error, fmt.Stringer): yaegi's own path works
			}
			if commaOk[n] {
				add(n.X, runtimeAlias+".Any("+text(n.X)+")")
				return true
			}
			t, err := r.typeText(target)
			if err != nil {
				return true
			}
			name := types.TypeString(target, func(p *types.Package) string { return p.Name() })
			add(n, fmt.Sprintf("func(gkX interface{}) %s { gkV, gkOK := %s.Any(gkX).(%s); if !gkOK { %s.AssertionFailed(gkX, %q) }; return gkV }(%s)",
				t, runtimeAlias, t, runtimeAlias, name, text(n.X)))
		case *ast.CallExpr:
			if tv := r.info.Types[n.Fun]; tv.IsType() && len(n.Args) == 1 {
				box(tv.Type, n.Args[0]) // any(v)
				return true
			}
			id, ok := n.Fun.(*ast.Ident)
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
