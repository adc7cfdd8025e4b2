// Package pkgdoc reads a Go package's documentation from its source with go/doc, in
// the form inspection shows it: per exported name (methods as "Type.Method") the
// declaration followed by its doc comment. The worker uses it for the standard
// library from GOROOT; interp/symbols/gendoc uses it to embed the documentation of
// the other packages cells can import.
package pkgdoc

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

// Package is the documentation of one package.
type Package struct {
	Name    string            `json:"name"`
	Doc     string            `json:"doc"`
	Members map[string]string `json:"members"`
}

// Read documents the package whose source is in dir.
func Read(dir, importPath string) (Package, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Package{}, fmt.Errorf("pkgdoc: %w", err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		// Only the files a build uses: gonum's mat declares some methods twice, once
		// per "bounds" build tag, and which copy go/doc kept would vary.
		if ok, err := build.Default.MatchFile(dir, n); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			continue // a file for another platform that does not parse here
		}
		files = append(files, f)
	}
	dp, err := doc.NewFromFiles(fset, files, importPath)
	if err != nil {
		return Package{}, fmt.Errorf("pkgdoc: %s: %w", importPath, err)
	}
	p := Package{Name: dp.Name, Doc: dp.Doc, Members: map[string]string{}}
	render := func(node any, text string) string {
		var b bytes.Buffer
		printer.Fprint(&b, fset, node)
		return b.String() + "\n\n" + strings.TrimSpace(text)
	}
	fn := func(f *doc.Func) string {
		d := *f.Decl
		d.Body = nil // the signature, not the implementation
		return render(&d, f.Doc)
	}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			for _, n := range v.Names {
				if token.IsExported(n) {
					p.Members[n] = render(v.Decl, v.Doc)
				}
			}
		}
	}
	for _, f := range dp.Funcs {
		p.Members[f.Name] = fn(f)
	}
	values(dp.Consts)
	values(dp.Vars)
	for _, t := range dp.Types {
		p.Members[t.Name] = render(t.Decl, t.Doc)
		for _, f := range t.Funcs {
			p.Members[f.Name] = fn(f)
		}
		for _, m := range t.Methods {
			p.Members[t.Name+"."+m.Name] = fn(m)
		}
		interfaceMethods(p.Members, fset, t)
		values(t.Consts)
		values(t.Vars)
	}
	return p, nil
}

// interfaceMethods documents the methods of interface type t, which go/doc leaves
// inside the type's declaration, as "Type.Method": a method reached through a value
// of the interface (r.Read for an io.Reader) is documented like any other. A method
// without a comment of its own has the type's.
func interfaceMethods(members map[string]string, fset *token.FileSet, t *doc.Type) {
	for _, spec := range t.Decl.Specs {
		ts, ok := spec.(*ast.TypeSpec)
		if !ok || ts.Name.Name != t.Name {
			continue
		}
		it, ok := ts.Type.(*ast.InterfaceType)
		if !ok {
			continue
		}
		for _, f := range it.Methods.List {
			ft, ok := f.Type.(*ast.FuncType)
			if !ok {
				continue // an embedded interface or a type constraint
			}
			text := f.Doc.Text()
			if text == "" {
				text = t.Doc
			}
			var sig bytes.Buffer
			printer.Fprint(&sig, fset, ft)
			for _, n := range f.Names {
				if token.IsExported(n.Name) {
					members[t.Name+"."+n.Name] = "func (" + t.Name + ") " + n.Name +
						strings.TrimPrefix(sig.String(), "func") + "\n\n" + strings.TrimSpace(text)
				}
			}
		}
	}
}
