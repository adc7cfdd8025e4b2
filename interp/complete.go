package interp

import (
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gokernel/gokernel/internal/workerproto"
)

// goKeywords are offered wherever a statement or expression can start.
var goKeywords = []string{"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var"}

// goBuiltins are the predeclared functions, types and constants.
var goBuiltins = []string{"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
	"make", "max", "min", "new", "panic", "print", "println", "real", "recover",
	"any", "bool", "byte", "comparable", "complex128", "complex64", "error", "float32", "float64",
	"int", "int16", "int32", "int64", "int8", "rune", "string", "uint", "uint16", "uint32", "uint64",
	"uint8", "uintptr", "true", "false", "iota", "nil"}

// completion is one candidate with the kind and signature JupyterLab shows beside it.
type completion struct {
	text, kind, signature string
}

// Complete answers a complete_request. cursorPos counts Unicode code points, as the
// protocol says; the reply's cursor_start and cursor_end do too.
func (s *Session) Complete(code string, cursorPos int) workerproto.CompleteReply {
	cursor := byteOffset(code, cursorPos)
	if start, prefix, ok := importPathAt(scanCell(code), code, cursor); ok {
		return completeReply(code, start, cursor, prefix, s.importPaths())
	}
	prefix := identBefore(code, cursor)
	start := cursor - len(prefix)

	var cands []completion
	if start > 0 && code[start-1] == '.' {
		base := identBefore(code, start-1)
		cands = s.memberCompletions(base)
		if cands == nil {
			cands = s.localMembers(code[:start-1], base)
		}
	} else {
		cands = s.nameCompletions(code)
	}
	return completeReply(code, start, cursor, prefix, cands)
}

// completeReply is the reply that replaces code[start:cursor], which holds prefix,
// with each candidate that starts with prefix.
func completeReply(code string, start, cursor int, prefix string, cands []completion) workerproto.CompleteReply {
	seen := map[string]bool{}
	var matches []string
	var meta []map[string]any
	startCP := utf8.RuneCountInString(code[:start])
	endCP := utf8.RuneCountInString(code[:cursor])
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].text < cands[j].text })
	for _, c := range cands {
		if !strings.HasPrefix(c.text, prefix) || seen[c.text] {
			continue
		}
		seen[c.text] = true
		matches = append(matches, c.text)
		meta = append(meta, map[string]any{"start": startCP, "end": endCP, "text": c.text, "type": c.kind, "signature": c.signature})
	}
	if matches == nil {
		matches = []string{}
	}
	return workerproto.CompleteReply{
		Matches:     matches,
		CursorStart: startCP,
		CursorEnd:   endCP,
		Metadata:    map[string]any{"_jupyter_types_experimental": meta},
	}
}

// nameCompletions are the names valid at the start of an identifier: session
// variables, names declared in this cell, packages, keywords and builtins.
func (s *Session) nameCompletions(code string) []completion {
	var out []completion
	view := s.view()
	for name, v := range s.globals() {
		if strings.HasPrefix(name, "_") {
			continue
		}
		switch obj := view.lookup(name); {
		case obj != nil:
			out = append(out, view.objectCompletion(obj))
		case constantValue(v) != nil:
			out = append(out, completion{text: name, kind: "constant", signature: constSignature(name, v)})
		default:
			out = append(out, completion{text: name, kind: "variable", signature: typeString(v)})
		}
	}
	// The cells' functions and types, which the interpreter's globals leave out.
	for name := range s.funcs {
		if obj := view.lookup(name); obj != nil && !strings.Contains(name, ".") {
			out = append(out, view.objectCompletion(obj))
		}
	}
	for name := range s.types {
		if obj := view.lookup(name); obj != nil {
			out = append(out, view.objectCompletion(obj))
		}
	}
	for _, name := range declaredNames(code) {
		out = append(out, completion{text: name, kind: "variable"})
	}
	for alias := range s.imports {
		out = append(out, completion{text: alias, kind: "module"})
	}
	for name := range s.packagesByName() {
		out = append(out, completion{text: name, kind: "module"})
	}
	for _, k := range goKeywords {
		out = append(out, completion{text: k, kind: "keyword"})
	}
	for _, b := range goBuiltins {
		out = append(out, completion{text: b, kind: "builtin"})
	}
	return out
}

// memberCompletions are the members after "base.": the fields and methods of a
// session variable, or the exported members of a package.
func (s *Session) memberCompletions(base string) []completion {
	if v, ok := s.globals()[base]; ok {
		// go/types knows the methods cells declared, reflect only those compiled.
		view := s.view()
		if obj, ok := view.lookup(base).(*types.Var); ok {
			return view.members(obj.Type())
		}
		return valueMembers(v)
	}
	path := s.resolvePackage(base)
	if path == "" {
		return nil
	}
	var out []completion
	for name, v := range s.packageSymbols(path) {
		if !token.IsExported(name) {
			continue
		}
		kind, sig := symbolKind(name, v)
		out = append(out, completion{text: name, kind: kind, signature: sig})
	}
	return out
}

// resolvePackage maps a name used in a selector to an import path: the session's own
// imports first, then a standard library package of that name.
func (s *Session) resolvePackage(name string) string {
	if path, ok := s.imports[name]; ok {
		return path
	}
	if paths := s.packagesByName()[name]; len(paths) > 0 {
		return paths[0]
	}
	return ""
}

// symbolKind classifies exported symbol name the way yaegi's export tables encode
// it: types as typed nil pointers, untyped constants as constant.Value, variables
// addressable, typed constants as plain values.
func symbolKind(name string, v reflect.Value) (kind, signature string) {
	switch {
	case !v.IsValid():
		return "unknown", ""
	case v.Kind() == reflect.Pointer && v.IsNil():
		return "class", v.Type().Elem().String()
	case v.Kind() == reflect.Func:
		return "function", funcSignature(v.Type(), 0)
	case v.CanAddr():
		return "variable", v.Type().String()
	}
	return "constant", constSignature(name, v)
}

func typeString(v reflect.Value) string {
	if !v.IsValid() {
		return ""
	}
	return v.Type().String()
}

// declaredNames finds names a cell declares before it has run: the identifier after
// func, type, var and const, and those on the left of :=.
func declaredNames(code string) []string {
	var names []string
	fields := strings.FieldsFunc(code, func(r rune) bool { return !isIdentRune(r) && r != ':' && r != '=' && r != ',' })
	for i, f := range fields {
		switch f {
		case "func", "type", "var", "const":
			if i+1 < len(fields) && isIdent(fields[i+1]) {
				names = append(names, fields[i+1])
			}
		}
		if strings.HasSuffix(f, ":=") || f == ":=" {
			if i > 0 && isIdent(fields[i-1]) {
				names = append(names, fields[i-1])
			}
		}
	}
	return names
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func isIdent(s string) bool {
	if s == "" || token.Lookup(s).IsKeyword() {
		return false
	}
	for i, r := range s {
		if !isIdentRune(r) || i == 0 && unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// identBefore returns the identifier that ends at byte offset end.
func identBefore(code string, end int) string {
	start := end
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= size
	}
	return code[start:end]
}

// byteOffset converts a position in code points to a byte offset, clamped to code.
func byteOffset(code string, cp int) int {
	if cp <= 0 {
		return 0
	}
	i := 0
	for off := range code {
		if i == cp {
			return off
		}
		i++
	}
	return len(code)
}

// valueMembers lists the fields and methods reachable from v with a selector:
// struct fields (through pointers and embedded structs, as reflect's field
// promotion shows them) and the methods of its compiled type.
func valueMembers(v reflect.Value) []completion {
	if !v.IsValid() {
		return nil
	}
	// An interface-typed variable completes on what it holds.
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	t := v.Type()
	var out []completion
	for i := 0; i < t.NumMethod(); i++ {
		m := t.Method(i)
		out = append(out, completion{text: m.Name, kind: "method", signature: methodSignature(t, m)})
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	} else if v.CanAddr() {
		// An addressable variable can call its pointer methods too (sb.WriteString).
		pt := reflect.PointerTo(t)
		for i := 0; i < pt.NumMethod(); i++ {
			m := pt.Method(i)
			out = append(out, completion{text: m.Name, kind: "method", signature: methodSignature(pt, m)})
		}
	}
	if st.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(st) {
			if f.IsExported() {
				out = append(out, completion{text: f.Name, kind: "field", signature: f.Type.String()})
			}
		}
	}
	return out
}
