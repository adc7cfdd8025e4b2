package interp

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"github.com/gokernel/gokernel/internal/pkgdoc"
	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/interp/symbols"
)

// Inspect answers an inspect_request (Shift+Tab): the signature and documentation of
// the package member under the cursor, or the type and value of a session variable.
func (s *Session) Inspect(code string, cursorPos, detailLevel int) workerproto.InspectReply {
	notFound := workerproto.InspectReply{Data: map[string]any{}, Metadata: map[string]any{}}
	cursor := byteOffset(code, cursorPos)
	// The name under the cursor extends both ways; a cursor just after it counts too.
	start := cursor - len(identBefore(code, cursor))
	name := code[start:cursor] + identAfter(code, cursor)
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

// goSource finds the Go distribution's sources, which hold the documentation: $GOROOT,
// else the go command on PATH, else the tree the kernel was built from
// (build.Default.GOROOT), which is right for a kernel installed with go install and
// started where go is not on PATH, as from a desktop launcher. It is empty when none is
// known (a -trimpath build), and then standard library members have no documentation.
var goSource = sync.OnceValue(func() string {
	if root := os.Getenv("GOROOT"); root != "" {
		return filepath.Join(root, "src")
	}
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		if root := strings.TrimSpace(string(out)); root != "" {
			return filepath.Join(root, "src")
		}
	}
	if root := build.Default.GOROOT; root != "" {
		return filepath.Join(root, "src")
	}
	return ""
})

// stdDocs caches the documentation of standard library packages read from GOROOT,
// by import path (nil when the source is not there).
var stdDocs sync.Map // string -> *pkgdoc.Package

// packageDocumentation returns a package's documentation: embedded for the packages
// of interp/symbols, read from GOROOT for the standard library.
func packageDocumentation(path string) *pkgdoc.Package {
	if d, ok := moduleDocs()[path]; ok {
		return &d
	}
	if v, ok := stdDocs.Load(path); ok {
		return v.(*pkgdoc.Package)
	}
	var p *pkgdoc.Package
	if src := goSource(); src != "" {
		if d, err := pkgdoc.Read(filepath.Join(src, filepath.FromSlash(path)), path); err == nil {
			p = &d
		}
	}
	stdDocs.Store(path, p)
	return p
}

// moduleDocs is the documentation of the non-standard packages cells can import,
// generated into interp/symbols because their sources need not be on the machine.
var moduleDocs = sync.OnceValue(func() map[string]pkgdoc.Package {
	docs := map[string]pkgdoc.Package{}
	zr, err := gzip.NewReader(bytes.NewReader(symbols.Docs))
	if err != nil {
		return docs
	}
	if err := json.NewDecoder(zr).Decode(&docs); err != nil {
		return map[string]pkgdoc.Package{}
	}
	return docs
})

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
	return packageMemberDoc(t.PkgPath(), t.Name()+"."+name)
}

// packageMemberDoc is the declaration and doc comment of one exported name, or of
// "Type.Method".
func packageMemberDoc(path, name string) string {
	if p := packageDocumentation(path); p != nil {
		return p.Members[name]
	}
	return ""
}

// packageDoc is the synopsis of a package.
func packageDoc(path string) string {
	p := packageDocumentation(path)
	if p == nil {
		return "package " + path
	}
	return fmt.Sprintf("package %s // import %q\n\n%s", p.Name, path, p.Doc)
}
