// The failing node of a panic's frame: which of its function's nodes the yaegi
// closure the frame ran may be, told apart with what the logged code declares.

package interp

import (
	"go/ast"
	"go/token"
	"maps"
	"reflect"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/interp/prepare"
)

// The failing node: what a yaegi closure runs.

// opKinds maps a yaegi closure generator to the syntax it runs; ops not listed place
// no node.
var opKinds = map[string]string{
	"_panic":                 "panic",
	"getIndexArray":          "index",
	"getIndexMap":            "index",
	"getIndexMap2":           "index",
	"getPtrIndexSeq":         "selector",
	"getIndexSeq":            "selector",
	"getIndexSeqPtr":         "selector",
	"getIndexBinMethod":      "selector",
	"getIndexBinPtrMethod":   "selector",
	"quo":                    "divide",
	"quoConst":               "divide",
	"quoAssign":              "divide",
	"rem":                    "divide",
	"remConst":               "divide",
	"remAssign":              "divide",
	"slice":                  "slice",
	"slice0":                 "slice",
	"convert":                "conversion",
	"typeAssert":             "assert",
	"typeAssertShort":        "assert",
	"typeAssertLong":         "assert",
	"typeAssertStatus":       "assert",
	"call":                   "call",
	"callBin":                "callBin",
	"genBuiltinDeferWrapper": "builtin",
	"_close":                 "builtin",
	"_delete":                "builtin",
	"_copy":                  "builtin",
	"_append":                "builtin",
	"_make":                  "builtin",
	"send":                   "send",
	"assign":                 "assign",
	"assignX":                "assign",
	"assignX2":               "assign",
	"inc":                    "incdec",
	"dec":                    "incdec",
	"deref":                  "deref",
}

// builtinFuncs and builtinTypes are the predeclared functions and types: a call of
// one (not redeclared) is not a call of an interpreted or compiled function. (The
// session's prelude defines min, max, clear, print and println in Go; they are
// builtins all the same: they change none of the cell's variables.)
var builtinFuncs = map[string]bool{
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true,
	"new": true, "panic": true, "print": true, "println": true, "real": true, "recover": true,
}

var builtinTypes = map[string]bool{
	"bool": true, "byte": true, "complex64": true, "complex128": true, "error": true,
	"float32": true, "float64": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "rune": true, "string": true, "uint": true, "uint8": true, "uint16": true,
	"uint32": true, "uint64": true, "uintptr": true, "any": true,
}

// namespace is what the logged code declares, for telling calls apart.
type namespace struct {
	funcs      map[string]bool // declared functions
	methods    map[string]bool // declared methods
	types      map[string]bool
	other      map[string]bool // every other declared name: variables, parameters, fields...
	funcFields map[string]bool // struct fields that may hold a function
	imports    map[string]bool
	// compiled reports whether a package's member is a compiled function (not one
	// interpreted from source, as the generic library's are, and not a type).
	compiled func(pkg, member string) bool
}

// namespace returns what the logged code declares, with the session's imports.
func (s *Session) namespace() namespace {
	imports := s.imports
	declared, running := s.sources.namespace()
	if running != nil {
		if f := running.parsed(); f != nil {
			declared.add(f)
		}
	}
	ns := namespace{funcs: declared.funcs, methods: declared.methods, types: declared.types,
		other: declared.other, funcFields: declared.funcFields, imports: declared.imports}
	ns.compiled = func(pkg, member string) bool {
		if pkg == prepare.RuntimeAlias {
			return true
		}
		p, ok := imports[pkg]
		if !ok {
			return false
		}
		v, ok := s.symbols.byPath[p][member]
		return ok && v.Kind() == reflect.Func
	}
	for name := range imports {
		ns.imports[name] = true
	}
	ns.imports[prepare.RuntimeAlias] = true
	// A field of a declared type may hold a function if the type is a function type,
	// declared in any chunk, before or after the field's.
	for t := range declared.funcTypes {
		for name := range declared.fieldsOfType[t] {
			ns.funcFields[name] = true
		}
	}
	return ns
}

// declaredNamespace is what chunks declare, added up chunk by chunk (see
// sourceLog.index) so that a panic does not read every chunk again.
type declaredNamespace struct {
	funcs, methods, types, other, imports map[string]bool
	funcTypes                             map[string]bool // the function types
	// funcFields are the struct fields of a function type, an interface type or
	// another package's type; fieldsOfType the fields of each type declared by name,
	// which may hold a function if that type is one of funcTypes.
	funcFields   map[string]bool
	fieldsOfType map[string]map[string]bool
}

func newDeclaredNamespace() *declaredNamespace {
	return &declaredNamespace{funcs: map[string]bool{}, methods: map[string]bool{}, types: map[string]bool{},
		other: map[string]bool{}, imports: map[string]bool{}, funcTypes: map[string]bool{},
		funcFields: map[string]bool{}, fieldsOfType: map[string]map[string]bool{}}
}

func (d *declaredNamespace) clone() *declaredNamespace {
	c := &declaredNamespace{funcs: maps.Clone(d.funcs), methods: maps.Clone(d.methods), types: maps.Clone(d.types),
		other: maps.Clone(d.other), imports: maps.Clone(d.imports), funcTypes: maps.Clone(d.funcTypes),
		funcFields: maps.Clone(d.funcFields), fieldsOfType: make(map[string]map[string]bool, len(d.fieldsOfType))}
	for t, fields := range d.fieldsOfType {
		c.fieldsOfType[t] = maps.Clone(fields)
	}
	return c
}

// add adds the names file f imports and declares.
func (d *declaredNamespace) add(f *ast.File) {
	for _, is := range f.Imports {
		if is.Name != nil {
			d.imports[is.Name.Name] = true
		} else if p, err := strconv.Unquote(is.Path.Value); err == nil {
			d.imports[p[strings.LastIndexByte(p, '/')+1:]] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if x.Name.Name == "_" && x.Recv == nil {
				return true // the statement chunk's wrapper
			}
			if x.Recv != nil {
				d.methods[x.Name.Name] = true
			} else {
				d.funcs[x.Name.Name] = true
			}
		case *ast.TypeSpec:
			d.types[x.Name.Name] = true
			if _, ok := x.Type.(*ast.FuncType); ok {
				d.funcTypes[x.Name.Name] = true
			}
		case *ast.ValueSpec:
			for _, id := range x.Names {
				d.other[id.Name] = true
			}
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for _, e := range x.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						d.other[id.Name] = true
					}
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{x.Key, x.Value} {
				if id, ok := e.(*ast.Ident); ok {
					d.other[id.Name] = true
				}
			}
		case *ast.Field:
			for _, id := range x.Names {
				d.other[id.Name] = true
			}
		case *ast.LabeledStmt:
			d.other[x.Label.Name] = true
		case *ast.StructType:
			d.addFields(x)
		}
		return true
	})
}

// addFields adds the fields of st that may hold a function.
func (d *declaredNamespace) addFields(st *ast.StructType) {
	for _, fld := range st.Fields.List {
		t := fld.Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		switch ft := t.(type) {
		case *ast.FuncType, *ast.SelectorExpr, *ast.InterfaceType:
			for _, id := range fld.Names {
				d.funcFields[id.Name] = true
			}
		case *ast.Ident:
			if d.fieldsOfType[ft.Name] == nil {
				d.fieldsOfType[ft.Name] = map[string]bool{}
			}
			for _, id := range fld.Names {
				d.fieldsOfType[ft.Name][id.Name] = true
			}
		}
	}
}

// knownFunc reports whether an identifier can only name a declared function.
func (ns namespace) knownFunc(name string) bool { return ns.funcs[name] && !ns.other[name] }

// builtin reports whether an identifier can only name a predeclared function or type.
func (ns namespace) builtin(name string) bool {
	return (builtinFuncs[name] || builtinTypes[name]) && !ns.other[name] && !ns.types[name] && !ns.funcs[name]
}

// typeName reports whether an identifier names a type, making a call of it a conversion.
func (ns namespace) typeName(name string) bool {
	return (ns.types[name] || builtinTypes[name]) && !ns.other[name] && !ns.funcs[name]
}

// package reports whether an identifier can only name an imported package.
func (ns namespace) pkg(name string) bool {
	return ns.imports[name] && !ns.other[name] && !ns.funcs[name] && !ns.types[name]
}

// callee is what an outer frame called: the inner frame's function.
type callee struct {
	pkg string
	fn  string       // a declared function or method; "" for a literal
	lit *ast.FuncLit // the literal, when known
	// instance begins the names of the instances of a function of Go's generic
	// library (slicesꓸGrowᐸ), which the cell calls once prepared.
	instance string
}

// compatible reports whether call may be a call of c.
func (ns namespace) compatible(call *ast.CallExpr, c callee) bool {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		return c.fn == "" && (c.lit == nil || c.lit == f)
	case *ast.Ident:
		if c.fn != "" && f.Name == c.fn && c.pkg == "main" {
			return true
		}
		if c.instance != "" {
			return strings.HasPrefix(f.Name, c.instance)
		}
		return !ns.knownFunc(f.Name) && !ns.builtin(f.Name) && !ns.typeName(f.Name)
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && ns.pkg(x.Name) {
			return c.pkg == x.Name && f.Sel.Name == c.fn
		}
		if c.fn != "" && f.Sel.Name == c.fn {
			return true
		}
		return ns.funcFields[f.Sel.Name] || !ns.methods[f.Sel.Name]
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType, *ast.StarExpr:
		return false
	}
	return true
}

// compiledCall reports whether call may call compiled code.
func (ns namespace) compiledCall(call *ast.CallExpr) bool {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		return false
	case *ast.Ident:
		return !ns.knownFunc(f.Name) && !ns.builtin(f.Name) && !ns.typeName(f.Name)
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && x.Name == prepare.RuntimeAlias && f.Sel.Name == "Show" {
			return false // the trailing expression's wrapper, see evalTrailing
		}
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType, *ast.StarExpr:
		return false
	}
	return true
}

// candidate is a node the failing operation may be.
type candidate struct {
	node ast.Node
	pos  token.Pos // where to point
	top  bool      // in a simple statement at the top level of the chunk
	stmt ast.Stmt  // that statement
}

// candidates returns the nodes of a site that the closure generator op may have been
// running. value is the panic's message (for the innermost frame), c the callee (for
// an outer frame), nil when unknown.
func (st site) candidates(op, value string, c *callee, ns namespace) []candidate {
	kind := opKinds[op]
	if kind == "" {
		return nil
	}
	var roots []ast.Node
	if b := st.body(); b != nil {
		roots = []ast.Node{b}
	} else {
		roots = st.chunk.topLevelCode()
	}
	var found []candidate
	var path []ast.Node
	visit := func(n ast.Node) bool {
		if n == nil {
			path = path[:len(path)-1]
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && ast.Node(lit) != st.fn {
			// Another function: its nodes run in frames of their own.
			return false
		}
		if pos, ok := matches(kind, n, path, value, c, ns); ok {
			cand := candidate{node: n, pos: pos}
			if st.fn == nil {
				// A simple statement of the top level: its names are the cell's variables.
				top := n
				if len(path) > 0 {
					top = path[0]
				}
				switch s := top.(type) {
				case *ast.ExprStmt, *ast.AssignStmt, *ast.IncDecStmt, *ast.SendStmt, *ast.DeclStmt:
					cand.stmt, cand.top = s.(ast.Stmt), true
				}
			}
			found = append(found, cand)
		}
		path = append(path, n)
		return true
	}
	for _, r := range roots {
		path = path[:0]
		if b, ok := r.(*ast.BlockStmt); ok {
			for _, s := range b.List {
				ast.Inspect(s, visit)
			}
			continue
		}
		ast.Inspect(r, visit)
	}
	return found
}

// directCall reports whether the node at the end of path is the call of a go or
// defer statement, which does not run where it stands.
func directCall(n ast.Node, path []ast.Node) bool {
	if len(path) == 0 {
		return false
	}
	switch p := path[len(path)-1].(type) {
	case *ast.GoStmt:
		return p.Call == n
	case *ast.DeferStmt:
		return p.Call == n
	}
	return false
}

// matches reports whether node n (inside path) is one kind runs, and where to point.
func matches(kind string, n ast.Node, path []ast.Node, value string, c *callee, ns namespace) (token.Pos, bool) {
	switch kind {
	case "panic":
		if call, ok := n.(*ast.CallExpr); ok && !directCall(n, path) {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				return call.Pos(), true
			}
		}
	case "index":
		if ix, ok := n.(*ast.IndexExpr); ok {
			if lit, ok := ix.Index.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				return 0, false // a map's
			}
			return ix.Pos(), true
		}
	case "selector":
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && ns.pkg(x.Name) {
				return 0, false
			}
			return sel.Pos(), true
		}
	case "divide":
		// A division by a constant other than zero cannot fail.
		switch e := n.(type) {
		case *ast.BinaryExpr:
			if (e.Op == token.QUO || e.Op == token.REM) && !nonZeroConstant(e.Y) {
				return e.OpPos, true
			}
		case *ast.AssignStmt:
			if (e.Tok == token.QUO_ASSIGN || e.Tok == token.REM_ASSIGN) && !(len(e.Rhs) == 1 && nonZeroConstant(e.Rhs[0])) {
				return e.TokPos, true
			}
		}
	case "slice":
		if s, ok := n.(*ast.SliceExpr); ok {
			return s.Pos(), true
		}
	case "conversion":
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 1 && !call.Ellipsis.IsValid() {
			switch f := ast.Unparen(call.Fun).(type) {
			case *ast.FuncLit:
				return 0, false
			case *ast.Ident:
				if ns.knownFunc(f.Name) || builtinFuncs[f.Name] && ns.builtin(f.Name) {
					return 0, false
				}
			case *ast.SelectorExpr:
				// Only a package's type makes a selector a conversion.
				if x, ok := f.X.(*ast.Ident); !ok || !ns.pkg(x.Name) || ns.compiled(x.Name, f.Sel.Name) {
					return 0, false
				}
			}
			return call.Pos(), true
		}
	case "assert":
		if a, ok := n.(*ast.TypeAssertExpr); ok && a.Type != nil {
			return a.Pos(), true
		}
	case "call", "callBin":
		call, ok := n.(*ast.CallExpr)
		if !ok || directCall(n, path) {
			return 0, false
		}
		if kind == "callBin" {
			return call.Pos(), ns.compiledCall(call)
		}
		if c != nil {
			return call.Pos(), ns.compatible(call, *c)
		}
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			if ns.builtin(f.Name) || ns.typeName(f.Name) {
				return 0, false
			}
		case *ast.SelectorExpr:
			if x, ok := f.X.(*ast.Ident); ok && ns.pkg(x.Name) && ns.compiled(x.Name, f.Sel.Name) {
				return 0, false // a call of compiled code is yaegi's callBin
			}
		}
		return call.Pos(), true
	case "builtin":
		if call, ok := n.(*ast.CallExpr); ok && !directCall(n, path) {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && builtinFuncs[id.Name] {
				return call.Pos(), true
			}
		}
	case "send":
		if s, ok := n.(*ast.SendStmt); ok {
			return s.Pos(), true
		}
	case "assign", "incdec":
		var lhs []ast.Expr
		switch s := n.(type) {
		case *ast.AssignStmt:
			if kind != "assign" {
				return 0, false
			}
			lhs = s.Lhs
		case *ast.ValueSpec:
			if kind != "assign" || strings.HasPrefix(value, "assignment to entry in nil map") {
				return 0, false
			}
			return s.Pos(), true
		case *ast.IncDecStmt:
			if kind != "incdec" {
				return 0, false
			}
			lhs = []ast.Expr{s.X}
		default:
			return 0, false
		}
		if strings.HasPrefix(value, "assignment to entry in nil map") {
			// Only a map index on the left writes to a map.
			for _, e := range lhs {
				if ix, ok := ast.Unparen(e).(*ast.IndexExpr); ok {
					return ix.Pos(), true
				}
			}
			return 0, false
		}
		return n.Pos(), true
	case "deref":
		if s, ok := n.(*ast.StarExpr); ok {
			return s.Pos(), true
		}
	}
	return 0, false
}

// nonZeroConstant reports whether e is a number literal other than zero.
func nonZeroConstant(e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.BasicLit)
	if !ok || (lit.Kind != token.INT && lit.Kind != token.FLOAT) {
		return false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(lit.Value, "_", ""), 64)
	if err != nil {
		if i, err := strconv.ParseInt(strings.ReplaceAll(lit.Value, "_", ""), 0, 64); err == nil {
			return i != 0
		}
		return false
	}
	return v != 0
}
