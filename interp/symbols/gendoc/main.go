// Command gendoc writes the documentation of the packages exported to cells (their
// declarations and doc comments, from source with go/doc) as gzipped JSON, so that
// inspection works for gonum, gonum/plot, display and mllib without their sources at
// run time. Run through `go generate ./interp/symbols`.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Package is the documentation of one package: its doc comment and, per exported
// name (methods as "Type.Method"), the declaration followed by its doc comment.
type Package struct {
	Name    string            `json:"name"`
	Doc     string            `json:"doc"`
	Members map[string]string `json:"members"`
}

func main() {
	out := flag.String("o", "docs.json.gz", "output file")
	flag.Parse()
	docs := map[string]Package{}
	for _, path := range flag.Args() {
		p, err := document(path)
		if err != nil {
			log.Fatalf("gendoc: %s: %v", path, err)
		}
		docs[path] = p
	}
	b, err := json.Marshal(docs)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}

func document(path string) (Package, error) {
	dirOut, err := exec.Command("go", "list", "-f", "{{.Dir}}", path).Output()
	if err != nil {
		return Package{}, fmt.Errorf("go list: %w", err)
	}
	dir := strings.TrimSpace(string(dirOut))
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Package{}, err
	}
	var files []*ast.File
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			return Package{}, err
		}
		files = append(files, f)
	}
	dp, err := doc.NewFromFiles(fset, files, path)
	if err != nil {
		return Package{}, err
	}
	p := Package{Name: dp.Name, Doc: dp.Doc, Members: map[string]string{}}
	render := func(node any, text string) string {
		var b bytes.Buffer
		printer.Fprint(&b, fset, node)
		return b.String() + "\n\n" + strings.TrimSpace(text)
	}
	fn := func(f *doc.Func) string {
		d := *f.Decl
		d.Body = nil
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
		values(t.Consts)
		values(t.Vars)
	}
	return p, nil
}
