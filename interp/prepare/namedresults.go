package prepare

import (
	"go/ast"
	"go/token"
	"strings"
)

// zeroNamedResults makes every function with named results set them to their zero
// values first. Go guarantees they start at zero; yaegi v0.16.1 stores a call's results
// straight into the variable a plain assignment targets, so in
//
//	func f() (out []string) { out = append(out, "x"); return }
//	got = f()
//	got = f()
//
// out starts as got's old value and the second call returns [x x]. An explicit
//
//	func f() (out []string) { out = *new([]string); ...
//
// restores Go's meaning; it is inserted after the body's opening brace, on its line.
// Where the type's zero has a literal (0, "", false, a nil) that is written instead:
// every call pays for the assignment, and yaegi takes twice as long over *new(T) as
// over a literal (BenchmarkRewriteCost/NamedResults).
func zeroNamedResults(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	// A predeclared type the cell declares again is not the predeclared one.
	redeclared := map[string]bool{}
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok {
			for _, spec := range gd.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					redeclared[spec.Name.Name] = true
				case *ast.ValueSpec:
					for _, name := range spec.Names {
						redeclared[name.Name] = true
					}
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		var ft *ast.FuncType
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncDecl:
			ft, body = n.Type, n.Body
		case *ast.FuncLit:
			ft, body = n.Type, n.Body
		default:
			return true
		}
		if body == nil || ft.Results == nil {
			return true
		}
		var names, zeros []string
		// In the body a parameter or result may hide a name the result types use
		// (url *url.URL): then the types cannot be written there, and nothing is.
		declared := map[string]bool{}
		for _, list := range []*ast.FieldList{ft.Params, ft.Results} {
			if list != nil {
				for _, field := range list.List {
					for _, name := range field.Names {
						declared[name.Name] = true
					}
				}
			}
		}
		for _, field := range ft.Results.List {
			typ := src[field.Type.Pos()-1 : field.Type.End()-1]
			hidden := strings.Contains(typ, "\n")
			ast.Inspect(field.Type, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && declared[id.Name] {
					hidden = true
				}
				return !hidden
			})
			if hidden || declared["new"] {
				return true // (a parameter named new hides the builtin the zero is written with)
			}
			for _, name := range field.Names {
				if name.Name != "_" {
					names = append(names, name.Name)
					zeros = append(zeros, zeroLiteral(field.Type, typ, redeclared))
				}
			}
		}
		if len(names) > 0 {
			p := at(body.Lbrace) + 1
			edits = append(edits, edit{p, p, " " + strings.Join(names, ", ") + " = " + strings.Join(zeros, ", ") + ";"})
		}
		return true
	})
	return edits
}

// zeroLiteral is the literal that is the zero value of a type written as typ, or
// *new(typ) where there is none.
func zeroLiteral(t ast.Expr, typ string, redeclared map[string]bool) string {
	switch t := t.(type) {
	case *ast.StarExpr, *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType:
		if a, ok := t.(*ast.ArrayType); !ok || a.Len == nil { // an array has no literal zero
			// Typed: yaegi v0.16.1 panics on an untyped nil in a tuple assignment.
			return "(" + typ + ")(nil)"
		}
	case *ast.Ident:
		if redeclared[t.Name] {
			break
		}
		switch t.Name {
		case "bool":
			return "false"
		case "string":
			return `""`
		case "error", "any":
			return "(" + t.Name + ")(nil)"
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
			"uintptr", "byte", "rune", "float32", "float64", "complex64", "complex128":
			return "0"
		}
	}
	return "*new(" + typ + ")"
}
