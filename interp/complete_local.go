package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"

	"github.com/gokernel/gokernel/interp/prepare"
)

// localMembers completes "v." for a variable v the cell declares before the cursor
// but that has not run yet: its type is read from the declaration — `var v pkg.T`,
// `v := pkg.T{...}` or `&pkg.T{...}`, `v := pkg.F(...)` (F's first result), a
// struct type the cell itself declares, or a type or function of an earlier cell.
func (s *Session) localMembers(code string, name string) []completion {
	f := parseLoose(code)
	if f == nil {
		return nil
	}
	cellTypes := map[string]*ast.StructType{}
	methods := map[string][]string{}
	var typeExpr ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeSpec:
			if st, ok := n.Type.(*ast.StructType); ok {
				cellTypes[n.Name.Name] = st
			}
		case *ast.FuncDecl:
			if n.Recv != nil && len(n.Recv.List) == 1 {
				recv := receiverTypeName(n.Recv.List[0].Type)
				methods[recv] = append(methods[recv], n.Name.Name)
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if id.Name != name {
					continue
				}
				if n.Type != nil {
					typeExpr = n.Type
				} else if i < len(n.Values) {
					typeExpr = exprType(n.Values[i])
				}
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok && id.Name == name {
						typeExpr = exprType(n.Rhs[i])
					}
				}
			}
		}
		return true
	})
	if typeExpr == nil {
		return nil
	}
	if star, ok := typeExpr.(*ast.StarExpr); ok {
		typeExpr = star.X
	}
	switch t := typeExpr.(type) {
	case *ast.Ident:
		if _, local := cellTypes[t.Name]; !local && methods[t.Name] == nil {
			// A type an earlier cell declared (or a function of one returning it).
			view := s.view()
			switch obj := view.lookup(t.Name).(type) {
			case *types.TypeName:
				return view.members(obj.Type())
			case *types.Func:
				if res := obj.Type().(*types.Signature).Results(); res.Len() > 0 {
					return view.members(res.At(0).Type())
				}
			}
		}
		var out []completion
		if st, ok := cellTypes[t.Name]; ok {
			for _, field := range st.Fields.List {
				for _, id := range field.Names {
					out = append(out, completion{text: id.Name, kind: "field"})
				}
			}
		}
		for _, m := range methods[t.Name] {
			out = append(out, completion{text: m, kind: "method"})
		}
		return out
	case *ast.SelectorExpr:
		pkg, ok := t.X.(*ast.Ident)
		if !ok {
			return nil
		}
		sym, ok := s.packageSymbols(s.resolvePackage(pkg.Name))[t.Sel.Name]
		if !ok || !sym.IsValid() {
			return nil
		}
		var rt reflect.Type
		switch {
		case sym.Kind() == reflect.Pointer && sym.IsNil(): // a type
			rt = reflect.PointerTo(sym.Type().Elem())
		case sym.Kind() == reflect.Func && sym.Type().NumOut() > 0: // a constructor
			rt = sym.Type().Out(0)
		default:
			return nil
		}
		return valueMembers(reflect.New(rt).Elem())
	}
	return nil
}

// exprType is the type an initialiser gives a variable, where the syntax says it:
// a composite literal, its address, or a call (returned as the function's selector,
// resolved by the caller).
func exprType(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case *ast.CompositeLit:
		return e.Type
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			if cl, ok := e.X.(*ast.CompositeLit); ok {
				return cl.Type
			}
		}
	case *ast.CallExpr:
		return e.Fun
	}
	return nil
}

// parseLoose parses a cell for completion: declarations and statements, the last line
// possibly unfinished (the text being completed is cut off).
func parseLoose(code string) *ast.File {
	chunks, err := prepare.SplitCell(code)
	if err != nil {
		return nil
	}
	file := &ast.File{Name: ast.NewIdent("p")}
	fset := token.NewFileSet()
	for _, c := range chunks {
		src := "package p;" + c.Src
		if c.Kind == prepare.StmtChunk {
			src = "package p; func _() {" + c.Src + "\n}"
		}
		f, _ := parser.ParseFile(fset, "", src, parser.SkipObjectResolution|parser.AllErrors)
		if f != nil {
			file.Decls = append(file.Decls, f.Decls...)
		}
	}
	return file
}
