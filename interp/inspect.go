package interp

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/interp/symbols"
)

// Inspect answers an inspect_request (Shift+Tab): the signature and documentation of
// the package member under the cursor, or the type and value of a session variable.
func (s *Session) Inspect(code string, cursorPos, detailLevel int) workerproto.InspectReply {
	notFound := workerproto.InspectReply{Data: map[string]any{}, Metadata: map[string]any{}}
	cursor := byteOffset(code, cursorPos)
	// The name under the cursor extends both ways; a cursor just after it counts too.
	start, end := cursor, cursor
	for start > 0 && isIdentRune(rune(code[start-1])) {
		start--
	}
	for end < len(code) && isIdentRune(rune(code[end])) {
		end++
	}
	name := code[start:end]
	if name == "" {
		return notFound
	}
	var text string
	if start > 0 && code[start-1] == '.' {
		base := identBefore(code, start-1)
		if v, ok := s.globals()[base]; ok {
			text = methodDoc(v, name)
		} else if p := s.resolvePackage(base); p != "" {
			text = packageMemberDoc(p, name)
		}
	} else if r, ok := s.funcs[name]; ok {
		// A function a cell declared: its signature, and with detail_level 1 its source.
		src := strings.TrimSpace(r.src)
		if detailLevel == 0 {
			if i := strings.Index(src, "{"); i > 0 {
				src = strings.TrimSpace(src[:i])
			}
		}
		text = src
	} else if v, ok := s.globals()[name]; ok {
		text = fmt.Sprintf("var %s %s\n\n%s", name, typeString(v), preview(formatValue(v)))
	} else if p := s.resolvePackage(name); p != "" {
		text = packageDoc(p)
	}
	if text == "" {
		return notFound
	}
	return workerproto.InspectReply{Found: true, Data: map[string]any{"text/plain": text}, Metadata: map[string]any{}}
}

// preview shortens a value's text to what fits in a tooltip.
func preview(s string) string {
	const limit = 500
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}

// goSource finds the Go distribution's sources, which hold the documentation.
var goSource = sync.OnceValue(func() string {
	if root := os.Getenv("GOROOT"); root != "" {
		return filepath.Join(root, "src")
	}
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		return filepath.Join(strings.TrimSpace(string(out)), "src")
	}
	return filepath.Join(runtime.GOROOT(), "src")
})

// docCache holds parsed package documentation by import path.
var docCache sync.Map // string -> *docPackage

type docPackage struct {
	fset *token.FileSet
	pkg  *doc.Package
}

// loadDoc parses the documentation of a standard library package from source.
func loadDoc(path string) *docPackage {
	if v, ok := docCache.Load(path); ok {
		return v.(*docPackage)
	}
	dir := filepath.Join(goSource(), filepath.FromSlash(path))
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		docCache.Store(path, (*docPackage)(nil))
		return nil
	}
	var files []*ast.File
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			continue
		}
		files = append(files, f)
	}
	var dp *docPackage
	if p, err := doc.NewFromFiles(fset, files, path); err == nil {
		dp = &docPackage{fset: fset, pkg: p}
	}
	docCache.Store(path, dp)
	return dp
}

// packageDoc is the synopsis of a package.
func packageDoc(path string) string {
	if d, ok := moduleDocs()[path]; ok {
		return fmt.Sprintf("package %s // import %q\n\n%s", d.Name, path, d.Doc)
	}
	dp := loadDoc(path)
	if dp == nil {
		return "package " + path
	}
	return fmt.Sprintf("package %s // import %q\n\n%s", dp.pkg.Name, path, dp.pkg.Doc)
}

// moduleDocs is the documentation of the non-standard packages cells can import,
// generated into interp/symbols because their sources need not be on the machine.
var moduleDocs = sync.OnceValue(func() map[string]moduleDoc {
	docs := map[string]moduleDoc{}
	zr, err := gzip.NewReader(bytes.NewReader(symbols.Docs))
	if err != nil {
		return docs
	}
	if err := json.NewDecoder(zr).Decode(&docs); err != nil {
		return map[string]moduleDoc{}
	}
	return docs
})

type moduleDoc struct {
	Name    string            `json:"name"`
	Doc     string            `json:"doc"`
	Members map[string]string `json:"members"`
}

// methodDoc documents field or method name of a session variable's compiled type.
func methodDoc(v reflect.Value, name string) string {
	if !v.IsValid() {
		return ""
	}
	t := v.Type()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() == "" || t.Name() == "" {
		return ""
	}
	if d, ok := moduleDocs()[t.PkgPath()]; ok {
		return d.Members[t.Name()+"."+name]
	}
	return packageMemberDoc(t.PkgPath(), t.Name()+"."+name)
}

// packageMemberDoc is the declaration and doc comment of one exported name, or of
// "Type.Method".
func packageMemberDoc(path, name string) string {
	if d, ok := moduleDocs()[path]; ok {
		return d.Members[name]
	}
	dp := loadDoc(path)
	if dp == nil {
		return ""
	}
	decl := func(node any, docText string) string {
		var b bytes.Buffer
		printer.Fprint(&b, dp.fset, node)
		return b.String() + "\n\n" + strings.TrimSpace(docText)
	}
	funcDecl := func(f *doc.Func) string {
		d := *f.Decl
		d.Body = nil
		return decl(&d, f.Doc)
	}
	for _, f := range dp.pkg.Funcs {
		if f.Name == name {
			return funcDecl(f)
		}
	}
	for _, t := range dp.pkg.Types {
		if t.Name == name {
			return decl(t.Decl, t.Doc)
		}
		for _, m := range t.Methods {
			if t.Name+"."+m.Name == name {
				return funcDecl(m)
			}
		}
		for _, f := range t.Funcs {
			if f.Name == name {
				return funcDecl(f)
			}
		}
		for _, vs := range [][]*doc.Value{t.Consts, t.Vars} {
			if text := valueDoc(vs, name, decl); text != "" {
				return text
			}
		}
	}
	for _, vs := range [][]*doc.Value{dp.pkg.Consts, dp.pkg.Vars} {
		if text := valueDoc(vs, name, decl); text != "" {
			return text
		}
	}
	return ""
}

func valueDoc(vs []*doc.Value, name string, decl func(any, string) string) string {
	for _, v := range vs {
		for _, n := range v.Names {
			if n == name {
				return decl(v.Decl, v.Doc)
			}
		}
	}
	return ""
}
