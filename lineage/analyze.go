package lineage

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/interp/prepare"
)

// Analysis is what the source of a cell says it does to the session's names. It is
// static: the worker confirms the changes by hashing values before and after the cell.
type Analysis struct {
	// Defined are the names the cell declares at top level: funcs, types, vars,
	// consts and top-level := (also when it redeclares a session name), and methods
	// as "Type.Method".
	Defined []string
	// Read are the session names the cell uses before (or outside) its own
	// declaration of them, function bodies included.
	Read []string
	// Changed are the session names the cell may change without declaring them:
	// candidates, since without types the analysis cannot know, for instance,
	// whether a method has a pointer receiver or a function writes through a slice.
	Changed []string
}

// Analyze reports the names a cell defines, reads and may change. session reports
// whether a name is declared in the session (by an earlier cell). The error is the
// parse error of a cell that is not Go.
//
// A cell is read as the worker runs it: magic lines (% and !) are skipped, imports
// hold for the whole cell, consecutive declarations see each other as in a Go file,
// and statements see only what the cell declared above them.
//
// A session variable x counts as changed when the cell, outside the bodies of the
// functions it declares (those run only when called), does any of:
//   - assigns it: x = v, x op= v, x++, x, y = f(), for x = range ...;
//   - writes through it: x[i] = v, x.f = v, x.f.g[i] = v, *x = v;
//   - takes its address: &x, &x.f, &x[i];
//   - calls a method on it, or takes a method value: x.M(), x.f.M(), h := x.M
//     (without types every selector used as a value is taken for a method value,
//     and every receiver for a pointer receiver);
//   - passes it (or x.f, x[i], x[i:j], *x) to a function or method, in a go or
//     defer statement too, or sends it on a channel (see callChanges for the calls
//     known to leave their arguments alone);
//   - references it from a function literal, which may change it whenever it runs.
//
// Aliasing is left to the worker: after b := a[:2], a later b[0] = 9 names b only.
func Analyze(src string, session func(name string) bool) (Analysis, error) {
	if session == nil {
		session = func(string) bool { return false }
	}
	src = blankMagics(src)
	items, err := prepare.SplitItems(src)
	if err != nil {
		return Analysis{}, err
	}
	c, err := parseCell(src, items)
	if err != nil {
		return Analysis{}, err
	}
	a := &analyzer{
		session:   session,
		imports:   c.imports,
		declared:  map[string]bool{},
		run:       map[string]bool{},
		cellTypes: map[string]ast.Expr{},
		defined:   map[string]bool{},
		read:      map[string]bool{},
		changed:   map[string]bool{},
		replaced:  map[string]bool{},
	}
	a.cell(c.nodes)
	return a.result(), nil
}

// blankMagics replaces the magic lines of a cell with spaces, keeping every offset.
// A magic line is one whose first token, outside any bracket, is % or ! (read as
// the worker reads them), so that a continued expression such as "!ok" inside
// parentheses stays Go.
func blankMagics(src string) string {
	if !mayHaveMagics(src) {
		return src
	}
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	out := []byte(src)
	depth, lastLine, magicLine := 0, 0, 0
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			break
		}
		line := file.Line(pos)
		if line != lastLine && depth == 0 && (tok == token.REM || tok == token.NOT || tok == token.REM_ASSIGN || tok == token.NEQ) {
			blankLine(out, file.Offset(file.LineStart(line)))
			magicLine = line
		}
		lastLine = line
		if line == magicLine {
			continue // not Go: its brackets do not count
		}
		switch tok {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		}
	}
	return string(out)
}

// mayHaveMagics reports whether some line of src starts with % or !, sparing the
// scan of blankMagics to the cells (nearly all) that have none.
func mayHaveMagics(src string) bool {
	for line := range strings.Lines(src) {
		if t := strings.TrimLeft(line, " \t"); t != "" && (t[0] == '%' || t[0] == '!') {
			return true
		}
	}
	return false
}

// blankLine overwrites the line of b that starts at from with spaces.
func blankLine(b []byte, from int) {
	for i := from; i < len(b) && b[i] != '\n'; i++ {
		b[i] = ' '
	}
}

// The prefixes that turn parts of a cell into Go files: declarations as a file,
// statements as the body of a function. A position p in such a file is the cell
// offset p-1-len(prefix), as the parts keep their offsets (see blankExcept).
const (
	declPrefix = "package p;"
	stmtPrefix = "package p; func _() {"
)

// parsedCell is a cell parsed into its top-level declarations and statements.
type parsedCell struct {
	imports map[string]string // the package names the cell imports, to their paths
	nodes   []ast.Node        // ast.Decl and ast.Stmt, in cell order
}

// parseCell parses the imports, the declarations and the statements of a cell, each
// kind laid out as its own file, and merges the declarations and statements back
// into cell order.
func parseCell(src string, items []prepare.Item) (parsedCell, error) {
	c := parsedCell{imports: map[string]string{}}
	isImport := func(it prepare.Item) bool { return it.IsImport }
	isDecl := func(it prepare.Item) bool { return it.Kind == prepare.DeclChunk && !it.IsImport }
	isStmt := func(it prepare.Item) bool { return it.Kind == prepare.StmtChunk }

	if slices.ContainsFunc(items, isImport) {
		f, err := parseLaidOut(declPrefix, blankExcept(src, items, isImport), "", parser.ImportsOnly)
		if err != nil {
			return c, err
		}
		for _, spec := range f.Imports {
			if name, importPath := importName(spec); name != "_" && name != "." {
				c.imports[name] = importPath
			}
		}
	}
	var decls []ast.Decl
	if slices.ContainsFunc(items, isDecl) {
		f, err := parseLaidOut(declPrefix, blankExcept(src, items, isDecl), "", 0)
		if err != nil {
			return c, err
		}
		decls = f.Decls
	}
	var stmts []ast.Stmt
	if slices.ContainsFunc(items, isStmt) {
		f, err := parseLaidOut(stmtPrefix, blankExcept(src, items, isStmt), "\n}", 0)
		if err != nil {
			return c, err
		}
		stmts = f.Decls[0].(*ast.FuncDecl).Body.List
	}
	// Merge by cell offset; the two prefixes differ, so compare offsets, not positions.
	for len(decls) > 0 || len(stmts) > 0 {
		if len(stmts) == 0 || len(decls) > 0 && int(decls[0].Pos())-len(declPrefix) < int(stmts[0].Pos())-len(stmtPrefix) {
			c.nodes, decls = append(c.nodes, decls[0]), decls[1:]
		} else {
			c.nodes, stmts = append(c.nodes, stmts[0]), stmts[1:]
		}
	}
	return c, nil
}

// blankExcept returns src with everything but the items keep accepts replaced by
// spaces (newlines stay), so that positions in it are cell positions. A kept item
// followed on its line by a blanked one ends with the ; that separated them.
func blankExcept(src string, items []prepare.Item, keep func(prepare.Item) bool) string {
	b := []byte(src)
	blankFrom := 0
	blank := func(to int) {
		for i := blankFrom; i < to; i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	for _, it := range items {
		if !keep(it) {
			continue
		}
		blank(it.Start)
		blankFrom = it.End
	}
	blank(len(b))
	for _, it := range items {
		if keep(it) && it.End < len(b) && b[it.End] == ' ' {
			b[it.End] = ';'
		}
	}
	return string(b)
}

// parseLaidOut parses prefix+text+suffix and reports an error at its cell position.
func parseLaidOut(prefix, text, suffix string, mode parser.Mode) (*ast.File, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "cell", prefix+text+suffix, mode|parser.SkipObjectResolution)
	if list, ok := err.(scanner.ErrorList); ok {
		for _, e := range list {
			e.Pos.Offset -= len(prefix)
			switch {
			case e.Pos.Offset >= len(text):
				// In the suffix, which stands for the end of the cell.
				e.Pos.Offset = len(text)
				e.Pos.Line = 1 + strings.Count(text, "\n")
				e.Pos.Column = len(text) - strings.LastIndexByte(text, '\n')
				e.Msg = strings.Replace(e.Msg, "found '}'", "found 'EOF'", 1)
			case e.Pos.Line == 1: // the prefix sits on the first line, in front of the cell
				e.Pos.Column -= len(prefix)
			}
		}
	}
	return f, err
}

// importName is the name an import declares: its own, or the package name guessed
// from the path (the last element, skipping a major version such as /v2 and
// trimming .v3 and a go- prefix or -go suffix, as gopkg.in/yaml.v3 and
// github.com/x/go-foo are named); a wrong guess only matters for a package named
// like a session variable.
func importName(spec *ast.ImportSpec) (name, importPath string) {
	p, _ := strconv.Unquote(spec.Path.Value)
	if spec.Name != nil {
		return spec.Name.Name, p
	}
	name = path.Base(p)
	if isMajorVersion(name) && strings.Contains(p, "/") {
		name = path.Base(path.Dir(p))
	}
	if i := strings.Index(name, ".v"); i > 0 {
		name = name[:i]
	}
	name = strings.TrimPrefix(name, "go-")
	return strings.TrimSuffix(name, "-go"), p
}

// isMajorVersion reports whether a path element is a module major version (v2, v10).
func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// analyzer walks a cell resolving every identifier: to a local, to a name the cell
// declared, to an imported package, or to a session name.
type analyzer struct {
	session func(string) bool
	imports map[string]string // package name to path
	// declared are the top-level names the cell declared in items above the one
	// being walked; run are those of the run of consecutive declarations being
	// walked, which see each other in any order, as in a Go file; but a var or
	// const does not see itself in its own initializer (initializing), where the
	// name still means the session's.
	declared     map[string]bool
	run          map[string]bool
	initializing []string
	// cellTypes are the types the cell declares, to tell conversions from calls and
	// map literals from struct literals.
	cellTypes map[string]ast.Expr

	// locals are the names declared in the open scopes, innermost last; scopes
	// holds the length of locals when each scope opened.
	locals []string
	scopes []int
	// inFunc counts the function declarations around the walk, inLit the function
	// literals.
	inFunc, inLit int

	defined, read, changed map[string]bool
	// replaced are the session variables the cell has assigned whole (x = v) in
	// its own top-level code so far: from there on, that code reading x reads the
	// value the cell gave it, not one from an earlier cell. A read in a function
	// declaration still reads the session's variable, whenever it is called.
	replaced map[string]bool
}

func (a *analyzer) result() Analysis {
	for name := range a.defined {
		delete(a.changed, name) // the old value is replaced, not changed
	}
	return Analysis{Defined: sortedKeys(a.defined), Read: sortedKeys(a.read), Changed: sortedKeys(a.changed)}
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// cell walks the top-level items of a cell in order.
func (a *analyzer) cell(nodes []ast.Node) {
	for i := 0; i < len(nodes); {
		if s, ok := nodes[i].(ast.Stmt); ok {
			a.stmt(s)
			i++
			continue
		}
		j := i
		for j < len(nodes) && isDecl(nodes[j]) {
			j++
		}
		a.declRun(nodes[i:j])
		i = j
	}
}

func isDecl(n ast.Node) bool {
	_, ok := n.(ast.Decl)
	return ok
}

// declRun walks a run of consecutive top-level declarations, which see each other.
func (a *analyzer) declRun(run []ast.Node) {
	for _, n := range run {
		a.predeclare(n.(ast.Decl))
	}
	for _, n := range run {
		switch d := n.(type) {
		case *ast.GenDecl:
			a.genDecl(d)
		case *ast.FuncDecl:
			a.funcDecl(d)
		}
	}
	for name := range a.run {
		a.declared[name] = true
	}
	clear(a.run)
}

// predeclare adds the names a top-level declaration declares to the current run.
func (a *analyzer) predeclare(d ast.Decl) {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			a.run[d.Name.Name] = true
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch spec := spec.(type) {
			case *ast.ValueSpec:
				for _, id := range spec.Names {
					a.run[id.Name] = true
				}
			case *ast.TypeSpec:
				a.run[spec.Name.Name] = true
				a.cellTypes[spec.Name.Name] = spec.Type
			}
		}
	}
}

// Scopes.

func (a *analyzer) openScope() { a.scopes = append(a.scopes, len(a.locals)) }

func (a *analyzer) closeScope() {
	last := len(a.scopes) - 1
	a.locals, a.scopes = a.locals[:a.scopes[last]], a.scopes[:last]
}

// declare declares name in the innermost scope: at the top level of the cell (no
// scope open), that makes it a name the cell defines.
func (a *analyzer) declare(name string) {
	switch {
	case name == "_":
	case len(a.scopes) > 0:
		a.locals = append(a.locals, name)
	default:
		a.defined[name] = true
		a.declared[name] = true
	}
}

func (a *analyzer) isLocal(name string) bool {
	for i := len(a.locals) - 1; i >= 0; i-- {
		if a.locals[i] == name {
			return true
		}
	}
	return false
}

func (a *analyzer) isCellName(name string) bool {
	return a.declared[name] || a.run[name] && !slices.Contains(a.initializing, name)
}

// sessionName reports whether name, where the walk is, means a session name.
func (a *analyzer) sessionName(name string) bool {
	return name != "_" && !a.isLocal(name) && !a.isCellName(name) && !a.isImported(name) && a.session(name)
}

func (a *analyzer) isImported(name string) bool {
	_, ok := a.imports[name]
	return ok
}

// packagePath returns the import path of a package name: the cell's import of
// it, else the name itself (a standard package the session imports).
func (a *analyzer) packagePath(name string) string {
	if p, ok := a.imports[name]; ok {
		return p
	}
	return name
}

// isPackage reports whether name, as the X of a selector, is a package: one the
// cell imports or, when no name is declared so, one the session imports.
func (a *analyzer) isPackage(name string) bool {
	return !a.isLocal(name) && !a.isCellName(name) && (a.isImported(name) || !a.session(name))
}

// isUniverse reports whether name means Go's predeclared identifier of that name.
func (a *analyzer) isUniverse(name string) bool {
	return !a.isLocal(name) && !a.isCellName(name) && !a.isImported(name) && !a.session(name)
}

// capturing reports whether the walk is in a function literal that the cell itself
// may run, now or later, so that every session variable it references may change.
func (a *analyzer) capturing() bool { return a.inLit > 0 && a.inFunc == 0 }

// ref records a use of id; mayCapture is false where id cannot be a variable a
// closure changes (a type, a function called).
func (a *analyzer) ref(id *ast.Ident, mayCapture bool) {
	if !a.sessionName(id.Name) {
		return
	}
	if !a.replaced[id.Name] || a.inFunc > 0 {
		a.read[id.Name] = true
	}
	if mayCapture && a.capturing() {
		a.changed[id.Name] = true
	}
}

// change records that the variable at the root of e (x in x.f[i]) may change, when
// it is a session variable and the cell runs the code (not a function declaration).
func (a *analyzer) change(e ast.Expr) {
	if id := rootIdent(e); id != nil && a.inFunc == 0 && a.sessionName(id.Name) {
		a.changed[id.Name] = true
	}
}

// rootIdent returns the variable an expression reaches into: x for x, x.f, x[i],
// x[i:j], *x, &x, x.(T) and any nesting of them; nil for anything else.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.TypeAssertExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

// Declarations.

func (a *analyzer) genDecl(d *ast.GenDecl) {
	for _, spec := range d.Specs {
		switch spec := spec.(type) {
		case *ast.ValueSpec:
			a.valueSpec(spec)
		case *ast.TypeSpec:
			a.typeSpec(spec)
		}
	}
}

func (a *analyzer) valueSpec(spec *ast.ValueSpec) {
	a.typ(spec.Type)
	if len(a.scopes) == 0 { // a local's scope starts after its spec anyway
		for _, id := range spec.Names {
			a.initializing = append(a.initializing, id.Name)
		}
	}
	for _, v := range spec.Values {
		a.expr(v)
		a.methodValue(v)
	}
	a.initializing = a.initializing[:0]
	for _, id := range spec.Names {
		a.declare(id.Name)
	}
}

func (a *analyzer) typeSpec(spec *ast.TypeSpec) {
	a.declare(spec.Name.Name) // before its body: a type may refer to itself
	a.openScope()
	a.typeParams(spec.TypeParams)
	a.typ(spec.Type)
	a.closeScope()
}

// typeParams declares type parameters, then walks their constraints, which may
// refer to each other.
func (a *analyzer) typeParams(params *ast.FieldList) {
	if params == nil {
		return
	}
	for _, f := range params.List {
		for _, id := range f.Names {
			a.declare(id.Name)
		}
	}
	a.fieldTypes(params)
}

func (a *analyzer) funcDecl(d *ast.FuncDecl) {
	name := d.Name.Name
	a.openScope()
	if d.Recv != nil {
		name = "" // unless the receiver names its type
		for _, recv := range d.Recv.List {
			if base := a.receiverBase(recv.Type); base != "" {
				name = base + "." + d.Name.Name
			}
			for _, id := range recv.Names {
				a.declare(id.Name)
			}
		}
	}
	a.typeParams(d.Type.TypeParams)
	a.signature(d.Type)
	if d.Body != nil {
		a.inFunc++
		a.stmts(d.Body.List)
		a.inFunc--
	}
	a.closeScope()
	if name != "" && name != "init" && name != "_" {
		a.defined[name] = true
	}
}

// receiverBase reads a method's receiver type, T, *T or *T[P, Q]: it declares the
// type parameters, records the use of T and returns its name.
func (a *analyzer) receiverBase(t ast.Expr) string {
	t = ast.Unparen(t)
	if star, ok := t.(*ast.StarExpr); ok {
		t = ast.Unparen(star.X)
	}
	var params []ast.Expr
	switch x := t.(type) {
	case *ast.IndexExpr:
		t, params = x.X, []ast.Expr{x.Index}
	case *ast.IndexListExpr:
		t, params = x.X, x.Indices
	}
	for _, p := range params {
		if id, ok := p.(*ast.Ident); ok {
			a.declare(id.Name)
		}
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return ""
	}
	a.ref(id, false)
	return id.Name
}

// signature walks the parameter and result types of a function, then declares
// their names in the current scope (the function's).
func (a *analyzer) signature(ft *ast.FuncType) {
	a.fieldTypes(ft.Params)
	a.fieldTypes(ft.Results)
	for _, fl := range []*ast.FieldList{ft.Params, ft.Results} {
		if fl == nil {
			continue
		}
		for _, f := range fl.List {
			for _, id := range f.Names {
				a.declare(id.Name)
			}
		}
	}
}

// fieldTypes walks the types of a field list; field, parameter and method names
// are not references.
func (a *analyzer) fieldTypes(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		a.typ(f.Type)
	}
}

// Statements.

func (a *analyzer) stmts(list []ast.Stmt) {
	for _, s := range list {
		a.stmt(s)
	}
}

func (a *analyzer) block(list []ast.Stmt) {
	a.openScope()
	a.stmts(list)
	a.closeScope()
}

func (a *analyzer) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.DeclStmt:
		a.genDecl(s.Decl.(*ast.GenDecl))
	case *ast.LabeledStmt:
		a.stmt(s.Stmt) // labels are not names
	case *ast.ExprStmt:
		a.expr(s.X)
	case *ast.SendStmt:
		a.expr(s.Chan)
		a.expr(s.Value)
		a.change(s.Value)
	case *ast.IncDecStmt:
		a.expr(s.X)
		a.change(s.X)
	case *ast.AssignStmt:
		a.assign(s)
	case *ast.GoStmt:
		a.expr(s.Call)
	case *ast.DeferStmt:
		a.expr(s.Call)
	case *ast.ReturnStmt:
		a.exprs(s.Results)
	case *ast.BlockStmt:
		a.block(s.List)
	case *ast.IfStmt:
		a.openScope()
		a.stmt(s.Init)
		a.expr(s.Cond)
		a.block(s.Body.List)
		a.stmt(s.Else)
		a.closeScope()
	case *ast.SwitchStmt:
		a.openScope()
		a.stmt(s.Init)
		a.expr(s.Tag)
		for _, c := range s.Body.List {
			c := c.(*ast.CaseClause)
			a.openScope()
			a.exprs(c.List)
			a.stmts(c.Body)
			a.closeScope()
		}
		a.closeScope()
	case *ast.TypeSwitchStmt:
		a.typeSwitch(s)
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			c := c.(*ast.CommClause)
			a.openScope()
			a.stmt(c.Comm)
			a.stmts(c.Body)
			a.closeScope()
		}
	case *ast.ForStmt:
		a.openScope()
		a.stmt(s.Init)
		a.expr(s.Cond)
		a.stmt(s.Post)
		a.block(s.Body.List)
		a.closeScope()
	case *ast.RangeStmt:
		a.rangeStmt(s)
	}
}

func (a *analyzer) assign(s *ast.AssignStmt) {
	for _, r := range s.Rhs {
		a.expr(r)
		a.methodValue(r)
	}
	switch s.Tok {
	case token.DEFINE:
		for _, l := range s.Lhs {
			if id, ok := l.(*ast.Ident); ok {
				a.declare(id.Name)
			}
		}
	case token.ASSIGN:
		for _, l := range s.Lhs {
			a.target(l, false)
		}
	default: // x op= v reads x
		a.target(s.Lhs[0], true)
	}
}

// target walks the left side of an assignment. x = v does not read x where the cell
// runs it, but a function declaration or literal that assigns x depends on x.
func (a *analyzer) target(e ast.Expr, readsOld bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		a.expr(e) // x[i] = v, x.f = v, *x = v read x
		a.change(e)
		return
	}
	if !a.sessionName(id.Name) {
		return
	}
	if readsOld || a.inFunc > 0 || a.inLit > 0 {
		a.read[id.Name] = true
	}
	a.change(id)
	if !readsOld && a.inFunc == 0 && a.inLit == 0 && len(a.scopes) == 0 {
		a.replaced[id.Name] = true
	}
}

func (a *analyzer) typeSwitch(s *ast.TypeSwitchStmt) {
	a.openScope()
	a.stmt(s.Init)
	var bound string // v in switch v := x.(type)
	switch g := s.Assign.(type) {
	case *ast.AssignStmt:
		if id, ok := g.Lhs[0].(*ast.Ident); ok {
			bound = id.Name
		}
		a.exprs(g.Rhs)
	case *ast.ExprStmt:
		a.expr(g.X)
	}
	for _, c := range s.Body.List {
		c := c.(*ast.CaseClause)
		a.openScope()
		for _, t := range c.List {
			a.typ(t)
		}
		if bound != "" {
			a.declare(bound)
		}
		a.stmts(c.Body)
		a.closeScope()
	}
	a.closeScope()
}

func (a *analyzer) rangeStmt(s *ast.RangeStmt) {
	a.expr(s.X) // evaluated before the loop variables exist
	a.openScope()
	for _, e := range []ast.Expr{s.Key, s.Value} {
		id, isIdent := e.(*ast.Ident)
		switch {
		case e == nil:
		case s.Tok == token.DEFINE && isIdent:
			a.declare(id.Name)
		case s.Tok == token.ASSIGN:
			a.target(e, false)
		}
	}
	a.block(s.Body.List)
	a.closeScope()
}

// Expressions.

func (a *analyzer) exprs(list []ast.Expr) {
	for _, e := range list {
		a.expr(e)
	}
}

func (a *analyzer) expr(e ast.Expr) {
	switch e := e.(type) {
	case *ast.Ident:
		a.ref(e, true)
	case *ast.CompositeLit:
		a.compositeLit(e, e.Type)
	case *ast.FuncLit:
		a.openScope()
		a.signature(e.Type)
		a.inLit++
		a.stmts(e.Body.List)
		a.inLit--
		a.closeScope()
	case *ast.ParenExpr:
		a.expr(e.X)
	case *ast.SelectorExpr:
		a.expr(e.X) // Sel is a field, a method or a package member
	case *ast.IndexExpr:
		a.expr(e.X)
		a.expr(e.Index)
	case *ast.IndexListExpr: // an instantiation F[K, V]
		a.expr(e.X)
		for _, t := range e.Indices {
			a.typ(t)
		}
	case *ast.SliceExpr:
		a.expr(e.X)
		a.expr(e.Low)
		a.expr(e.High)
		a.expr(e.Max)
	case *ast.TypeAssertExpr:
		a.expr(e.X)
		a.typ(e.Type)
	case *ast.CallExpr:
		a.call(e)
	case *ast.StarExpr:
		a.expr(e.X)
	case *ast.UnaryExpr:
		a.expr(e.X)
		if e.Op == token.AND {
			a.change(e.X)
		}
	case *ast.BinaryExpr:
		a.expr(e.X)
		a.expr(e.Y)
	case *ast.ArrayType, *ast.StructType, *ast.FuncType, *ast.InterfaceType, *ast.MapType, *ast.ChanType, *ast.Ellipsis:
		a.typ(e)
	}
}

// typ walks a type expression: its names are read, never changed.
func (a *analyzer) typ(e ast.Expr) {
	switch e := e.(type) {
	case *ast.Ident:
		a.ref(e, false)
	case *ast.SelectorExpr:
		a.typ(e.X)
	case *ast.ParenExpr:
		a.typ(e.X)
	case *ast.StarExpr:
		a.typ(e.X)
	case *ast.UnaryExpr: // ~T in a constraint
		a.typ(e.X)
	case *ast.BinaryExpr: // A | B in a constraint, or a constant array length
		a.typ(e.X)
		a.typ(e.Y)
	case *ast.ArrayType:
		a.typ(e.Len)
		a.typ(e.Elt)
	case *ast.Ellipsis:
		a.typ(e.Elt)
	case *ast.MapType:
		a.typ(e.Key)
		a.typ(e.Value)
	case *ast.ChanType:
		a.typ(e.Value)
	case *ast.FuncType:
		a.fieldTypes(e.Params)
		a.fieldTypes(e.Results)
	case *ast.StructType:
		a.fieldTypes(e.Fields)
	case *ast.InterfaceType:
		a.fieldTypes(e.Methods)
	case *ast.IndexExpr:
		a.typ(e.X)
		a.typ(e.Index)
	case *ast.IndexListExpr:
		a.typ(e.X)
		for _, t := range e.Indices {
			a.typ(t)
		}
	case nil:
	default:
		a.expr(e)
	}
}

// methodValue records h := x.M: the method value holds x (or a pointer to it) and
// may change it whenever it is called. Without types a field read, y := x.f, looks
// the same and counts too.
func (a *analyzer) methodValue(e ast.Expr) {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return
	}
	if id, ok := sel.X.(*ast.Ident); ok && a.isPackage(id.Name) {
		return
	}
	a.change(sel.X)
}

// compositeLit walks a literal of type typ (its own, or the element type of the
// literal it is nested in when it elides it). Keys of map, slice and array literals
// are expressions; keys of any other literal are taken for struct field names.
func (a *analyzer) compositeLit(lit *ast.CompositeLit, typ ast.Expr) {
	a.typ(lit.Type)
	var keyType, elemType ast.Expr
	keyed := false
	switch t := a.underlying(typ).(type) {
	case *ast.ArrayType:
		keyed, elemType = true, t.Elt
	case *ast.MapType:
		keyed, keyType, elemType = true, t.Key, t.Value
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if keyed {
				a.element(kv.Key, keyType)
			}
			elt = kv.Value
		}
		a.element(elt, elemType)
	}
}

// element walks an element of a composite literal, which may be a literal that
// elides its type typ.
func (a *analyzer) element(e, typ ast.Expr) {
	if lit, ok := e.(*ast.CompositeLit); ok && lit.Type == nil {
		a.compositeLit(lit, typ)
		return
	}
	a.expr(e)
}

// underlying resolves a literal's type through the types the cell declares, far
// enough to tell a map or slice from a struct: T, *T (elided &T{}) and T[P].
func (a *analyzer) underlying(t ast.Expr) ast.Expr {
	for range 8 { // a bound on chains of named types, which may be cyclic
		switch x := t.(type) {
		case *ast.ParenExpr:
			t = x.X
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			decl, ok := a.cellTypes[x.Name]
			if !ok || a.isLocal(x.Name) {
				return nil
			}
			t = decl
		default:
			return t
		}
	}
	return nil
}

// call walks a call and records the variables it may change (see callChanges).
func (a *analyzer) call(c *ast.CallExpr) {
	if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
		a.ref(id, false) // calling a function does not change it
	} else {
		a.expr(c.Fun)
	}
	a.exprs(c.Args)
	for _, e := range a.callChanges(c) {
		a.change(e)
	}
}

// callChanges returns the expressions whose variables a call may change: its
// receiver and its arguments, except for:
//   - conversions T(x), to a predeclared type, a type the cell declares or a type
//     literal ([]byte(x)); a conversion to a session type looks like a call;
//   - builtins that only read: len, cap, append (x = append(x, v) is an
//     assignment), min, max, complex, real, imag, make, new, panic, print, println;
//     copy, clear, delete and close change their first argument only;
//   - fmt's functions, which only read, but for the io.Writer or io.Reader of
//     Fprint* and Fscan* (a pointer passed as &x still counts);
//   - log's Print*, Fatal* and Panic*;
//   - the functions of strings, strconv and math, which take values.
func (a *analyzer) callChanges(c *ast.CallExpr) []ast.Expr {
	fun := ast.Unparen(c.Fun)
	if a.isType(fun) {
		return nil
	}
	switch f := fun.(type) {
	case *ast.Ident:
		if a.isUniverse(f.Name) {
			switch f.Name {
			case "copy", "clear", "delete", "close":
				return c.Args[:min(1, len(c.Args))]
			case "len", "cap", "append", "min", "max", "complex", "real", "imag", "make", "new", "panic", "print", "println":
				return nil
			}
		}
	case *ast.SelectorExpr:
		if pkg, ok := f.X.(*ast.Ident); ok && a.isPackage(pkg.Name) {
			if n, ok := changedArgs(a.packagePath(pkg.Name), f.Sel.Name); ok {
				return c.Args[:min(n, len(c.Args))]
			}
			return c.Args
		}
		return append([]ast.Expr{f.X}, c.Args...) // a method may change its receiver
	}
	return c.Args
}

// changedArgs says, for the package functions cells most often pass session
// variables to, how many leading arguments a call may change; ok is false for the
// functions it does not know, which may change them all.
func changedArgs(pkgPath, fn string) (n int, ok bool) {
	switch pkgPath {
	case "fmt":
		if strings.HasPrefix(fn, "Fprint") || strings.HasPrefix(fn, "Fscan") {
			return 1, true
		}
		return 0, true
	case "log":
		for _, p := range []string{"Print", "Fatal", "Panic"} {
			if strings.HasPrefix(fn, p) {
				return 0, true
			}
		}
	case "strings", "strconv", "math":
		return 0, true
	}
	return 0, false
}

// isType reports whether e, the function of a call, is surely a type: a type
// literal, a predeclared type or one the cell declares.
func (a *analyzer) isType(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType:
		return true
	case *ast.ParenExpr:
		return a.isType(x.X)
	case *ast.StarExpr:
		return a.isType(x.X)
	case *ast.IndexExpr:
		return a.isType(x.X)
	case *ast.IndexListExpr:
		return a.isType(x.X)
	case *ast.Ident:
		if _, ok := a.cellTypes[x.Name]; ok && a.isCellName(x.Name) && !a.isLocal(x.Name) {
			return true
		}
		return predeclaredTypes[x.Name] && a.isUniverse(x.Name)
	}
	return false
}

var predeclaredTypes = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true,
	"complex128": true, "error": true, "float32": true, "float64": true, "int": true,
	"int8": true, "int16": true, "int32": true, "int64": true, "rune": true,
	"string": true, "uint": true, "uint8": true, "uint16": true, "uint32": true,
	"uint64": true, "uintptr": true,
}
