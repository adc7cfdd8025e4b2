package interp

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"go/build"
	"go/types"
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
// what the cursor is on: a package member, a session variable, or a function, type,
// method or constant a cell declared (with the doc comment the cell wrote above it).
// Inside the parentheses of a call it is the function called, as in IPython: the
// moment a user wants its signature is while writing its arguments.
func (s *Session) Inspect(code string, cursorPos, detailLevel int) workerproto.InspectReply {
	cursor := byteOffset(code, cursorPos)
	toks := scanCell(code)
	chain := calleeAt(toks, cursor)
	if chain == nil {
		chain = selectorChain(toks, identAt(toks, cursor))
	}
	text := s.describe(chain, detailLevel)
	if text == "" {
		return workerproto.InspectReply{Data: map[string]any{}, Metadata: map[string]any{}}
	}
	return workerproto.InspectReply{Found: true, Data: map[string]any{"text/plain": text}, Metadata: map[string]any{}}
}

// describe documents the name chain x.y.z: a package member, or a field or method
// reached from a session variable or type; "" when nothing is known of it.
func (s *Session) describe(chain []string, detail int) string {
	switch len(chain) {
	case 0:
		return ""
	case 1:
		return s.describeName(chain[0], detail)
	}
	base, members := chain[0], chain[1:]
	v, isVar := s.globals()[base]
	_, isType := s.types[base]
	if _, ok := s.view().lookup(base).(*types.TypeName); ok {
		isType = true
	}
	if isVar || isType {
		if text := s.describeSelection(base, members, detail); text != "" {
			return text
		}
		if isVar && len(members) == 1 {
			// A variable the view has no type for: its compiled type's documentation.
			return methodDoc(v, members[0])
		}
		return ""
	}
	if p := s.resolvePackage(base); p != "" && len(members) == 1 {
		return packageMemberDoc(p, members[0])
	}
	return ""
}

// describeName documents a name on its own: a function, type or constant a cell
// declared, a session variable, or a package.
func (s *Session) describeName(name string, detail int) string {
	view := s.view()
	_, isFunc := s.funcs[name]
	_, isType := s.types[name]
	// The session's records leave out generic declarations, which the cell
	// pipeline instantiates; the view has them.
	switch view.lookup(name).(type) {
	case *types.Func:
		isFunc = true
	case *types.TypeName:
		isType = true
	}
	if isFunc || isType {
		if d, ok := s.cellDeclaration(name); ok {
			return d.text(detail)
		}
	}
	// Declared by code the session has no cell of (a restored session replays its
	// declarations without their comments): the declaration as recorded.
	if r, ok := s.funcs[name]; ok {
		src := strings.TrimSpace(r.src)
		if detail == 0 {
			if i := strings.Index(src, "{"); i > 0 {
				src = strings.TrimSpace(src[:i])
			}
		}
		return src
	}
	if obj, ok := view.lookup(name).(*types.TypeName); ok && isType {
		return "type " + name + " " + view.typeString(obj.Type().Underlying())
	}
	if v, ok := s.globals()[name]; ok {
		d, _ := s.cellDeclaration(name)
		obj := view.lookup(name)
		if c, ok := obj.(*types.Const); ok {
			return joinText(view.constDecl(c), d.doc)
		}
		if constantValue(v) != nil {
			return joinText(constSignature(name, v), d.doc)
		}
		typ := typeString(v)
		if obj != nil {
			typ = view.typeString(obj.Type())
		}
		return joinText(fmt.Sprintf("var %s %s", name, typ), d.doc, preview(formatValue(v)))
	}
	if p := s.resolvePackage(name); p != "" {
		return packageDoc(p)
	}
	return ""
}

// describeSelection documents base.members... where base is a session variable or a
// type a cell declared: the field or method the selectors reach, as go/types
// resolves them (promotion through embedded fields included).
func (s *Session) describeSelection(base string, members []string, detail int) string {
	view := s.view()
	obj := view.lookup(base)
	if obj == nil {
		return ""
	}
	t := obj.Type()
	_, isType := obj.(*types.TypeName)
	for i, name := range members {
		sel := view.selection(t, name, isType)
		if sel == nil {
			return ""
		}
		if i == len(members)-1 {
			return s.describeMember(view, sel, detail)
		}
		t, isType = sel.Type(), false
	}
	return ""
}

// describeMember documents a field or method: a method a cell declared with its doc
// comment, one of a compiled package with the package's documentation.
func (s *Session) describeMember(view *sessionView, obj types.Object, detail int) string {
	fn, ok := obj.(*types.Func)
	if !ok {
		return types.ObjectString(obj, view.qualifier)
	}
	if recv := receiverNamed(fn); recv != nil {
		key := recv.Obj().Name() + "." + fn.Name()
		if recv.Obj().Pkg() == view.pkg {
			if d, ok := s.cellDeclaration(key); ok {
				return d.text(detail)
			}
		} else if recv.Obj().Pkg() != nil {
			if doc := packageMemberDoc(recv.Obj().Pkg().Path(), key); doc != "" {
				return doc
			}
		}
	}
	return types.ObjectString(fn, view.qualifier)
}

// receiverNamed is the named type whose method fn is, or nil.
func receiverNamed(fn *types.Func) *types.Named {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, _ := types.Unalias(t).(*types.Named)
	return named
}

// joinText joins the non-empty parts of a tooltip with blank lines.
func joinText(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n\n")
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
