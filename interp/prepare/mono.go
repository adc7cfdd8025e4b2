package prepare

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"log/slog"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Monomorphization: yaegi v0.16.1 runs ordinary Go far more faithfully than generic Go
// (its generic instantiation crashes its compiler or gets types wrong in about half of
// the Go distribution's typeparam tests), so before a cell that declares or uses generic
// functions or types of the session runs, the kernel instantiates them itself, the way
// a compiler would: go/types type-checks the cell in the context of the earlier cells,
// every use of a generic function or type at concrete type arguments (List[int],
// Map(xs, f) with inferred arguments) is replaced by the name of an ordinary
// declaration made for those arguments (Listᐸintᐳ, Mapᐸintꓹstringᐳ), and those
// declarations are added to the cell. The generic declarations stay as they are, so a
// cell the rewrite cannot handle still runs on yaegi's own generics, as before.
//
// The rewrite is all or nothing: when go/types finds an error in the cell (a real one,
// or code it cannot see, such as a package without source on this machine), the cell
// is left untouched and yaegi reports or runs it as it would have.

// instanceOpen, instanceSep and instanceClose spell an instance's type arguments in its
// name. They are letters (Canadian syllabics, Lisu) so the name is a Go identifier,
// and they read as List<int, string>. They can clash with no name a person types.
const (
	instanceOpen  = "ᐸ"
	instanceSep   = "ꓹ"
	instanceClose = "ᐳ"
)

// maxInstances bounds the instances one cell may create: a generic function that
// calls itself at a growing type (F[T] calling F[[]T]) has no finite instantiation,
// which Go's compiler rejects and the rewrite gives up on.
const maxInstances = 1000

// monoCellFunc is the function the cell's statements are type-checked in, and
// monoShowFunc the one its trailing list of values is checked as an argument list of.
const (
	monoCellFunc = "gkcellᐸᐳ"
	monoShowFunc = "gkshowᐸᐳ"
)

// monomorphizer holds what the rewrite needs to know of earlier cells.
type monomorphizer struct {
	// mu serialises the use of imp: warm may be importing.
	mu sync.Mutex
	// imp imports the packages cells can use, caching them for the session's life.
	imp types.Importer
	// decls are the top-level declarations of earlier cells that ran, latest last, in
	// the form they are type-checked in (a := statement becomes a var declaration).
	decls []priorDecl
	// generics are the names of generic functions and types among decls.
	generics map[string]bool
	// emitted maps an instance already declared in the interpreter to its source.
	emitted map[string]string
	// pending are the declarations the rewrite added to the cell being run, emitted
	// once the part of the cell they are in has run.
	pending map[string]pendingDecl
	log     *slog.Logger
	// methodsUsed are the methods of the cells' types that the cell last
	// type-checked selects, as Type.Method (see MethodsUsed).
	methodsUsed []string
	// importName is the session's: the name an import spec binds.
	importName func(spec *ast.ImportSpec, path string) string
	// rangeFuncsSeen says that the cell last type-checked ranges over a function, and
	// rangeFuncs numbers the loops rewritten (see rangefunc.go).
	rangeFuncsSeen bool
	rangeFuncs     int
	// defers numbers the defer statements rewritten (see deferargs.go), tuples the
	// tuple assignments (tupleassign.go).
	defers, tuples int
}

// priorDecl is one declaration of an earlier cell.
type priorDecl struct {
	names  []string // what it declares; methods as Type.Method
	src    string
	idents []string // the identifiers in src
	short  bool     // a := statement, checked as the var declaration src
	// variable: a var declaration, whose variables a later top-level var declaration
	// cannot read in yaegi either (see varsFromShortVars).
	variable bool
}

// anyUsed reports whether code naming used needs a declaration of names: a method
// is needed with its type.
func anyUsed(names []string, used map[string]bool) bool {
	for _, n := range names {
		t, _, _ := strings.Cut(n, ".")
		if used[t] {
			return true
		}
	}
	return false
}

func newMonomorphizer(importName func(*ast.ImportSpec, string) string, imp types.Importer, log *slog.Logger) *monomorphizer {
	return &monomorphizer{
		log:      log,
		imp:      imp,
		generics: map[string]bool{},
		emitted:  map[string]string{},

		importName: importName,
	}
}

// warm imports the packages cells use most, so that the first cell does not wait for
// them. The worker runs it while the user types.
func (m *monomorphizer) warm() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range []string{"fmt", "strings", "sort", "math", "errors", "slices", "maps"} {
		m.imp.Import(p)
	}
}

// span is a run of the checked file copied verbatim from a cell or an instance.
type span struct {
	from, to int // offsets in the checked file
	src      int // offset of from in its source
	owner    int // -1 for the cell, copyOwner for a copy of its text, else the instance's index
}

// monoRound is one type-check of the cell with its instances.
type monoRound struct {
	m *monomorphizer
	// fset holds the checked file alone. Nothing outlives its round but text (the
	// rewritten cell, instances, names), and imported packages have the importer's
	// own FileSet, so no round asks for the position of another round's node: a
	// FileSet per round lets the session drop each round's token.File with it.
	fset      *token.FileSet
	cell      string // the cell being checked, and its items
	items     []Item
	text      string
	spans     []span
	file      *ast.File
	pkg       *types.Package
	info      *types.Info
	imports   map[string]string // package path -> name in the checked file
	decls     map[types.Object]ast.Node
	methods   map[types.Object][]*ast.FuncDecl
	instances *instanceSet
	// errs are the type errors of the round, in the order go/types found them.
	errs []types.Error
	// hoisted are the local types moved to the top level this round, by name, and
	// extra the edits that turn their declarations into aliases.
	hoisted map[types.Object]string
	extra   []ownedEdit
}

// ownedEdit is an edit of the cell (owner -1) or of an instance.
type ownedEdit struct {
	owner int
	edit
}

// instanceSet is the instances a cell needs, in the order they were found.
type instanceSet struct {
	byKey map[string]*instance
	list  []*instance
}

type instance struct {
	name string
	src  string
}

// rewrite returns the cell with its uses of generic functions and types instantiated,
// or the cell itself when it uses none or cannot be rewritten. imports are the
// session's packages by the name they were imported under.
func (m *monomorphizer) rewrite(code string, imports map[string]string) string {
	m.pending = nil
	items, err := SplitItems(code)
	if err != nil || !m.mayNeedRewrite(code, items, imports) {
		return code
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	set := &instanceSet{byKey: map[string]*instance{}}
	cell := code
	selectsDone := false // selectsOntoReflect has run
	for round := 0; ; round++ {
		if round == 50 {
			m.debug("not rewritten", code, errors.New("instantiation did not settle in 50 rounds"))
			return code
		}
		// The cell as written must type-check. Rounds in between may not: a use
		// already names its instance while the instance's own uses are still generic
		// (*List[T] against *Listᐸintᐳ). The round that finds nothing left to do
		// checks the final text, and must be clean again.
		r, typeErr, err := m.check(cell, items, imports, set, false)
		if err != nil {
			m.debug("not rewritten", code, err)
			return code
		}
		if round == 0 && typeErr != nil {
			m.debug("not rewritten", code, typeErr)
			return code
		}
		cellEdits, instEdits, grew, err := r.instantiate()
		if err != nil {
			m.debug("not rewritten", code, err)
			return code
		}
		if len(cellEdits) == 0 && len(instEdits) == 0 && !grew {
			if typeErr != nil {
				m.debug("not rewritten: the instantiated cell does not type-check", code, typeErr)
				return code
			}
			// The final text is clean: now the rewrites that need its types. Ranges
			// over functions first, innermost first, a round each; then the select
			// statements, in a round of their own: the other typed rewrites may edit
			// their operands, which this one moves.
			if cellEdits, instEdits := r.rangeOverFuncs(); len(cellEdits) > 0 || len(instEdits) > 0 {
				cell = applyEdits(cell, cellEdits)
				for i, edits := range instEdits {
					set.list[i].src = applyEdits(set.list[i].src, edits)
				}
				if items, err = SplitItems(cell); err != nil {
					m.debug("not rewritten: the range-over-func rewrite broke the cell", code, err)
					return code
				}
				continue
			}
			// Then the defer statements whose calls need their values evaluated
			// where they stand, innermost first.
			if cellEdits := r.deferredCalls(); len(cellEdits) > 0 {
				cell = applyEdits(cell, cellEdits)
				if items, err = SplitItems(cell); err != nil {
					m.debug("not rewritten: the defer rewrite broke the cell", code, err)
					return code
				}
				continue
			}
			if cellEdits := r.tupleAssigns(); len(cellEdits) > 0 {
				cell = applyEdits(cell, cellEdits)
				if items, err = SplitItems(cell); err != nil {
					m.debug("not rewritten: the tuple assignment rewrite broke the cell", code, err)
					return code
				}
				continue
			}
			n := len(set.list)
			if !selectsDone {
				selectsDone = true
				if cellEdits, instEdits = r.selectsOntoReflect(); len(cellEdits) > 0 || len(instEdits) > 0 {
					cell = applyEdits(cell, cellEdits)
					for i, edits := range instEdits {
						set.list[i].src = applyEdits(set.list[i].src, edits)
					}
					if items, err = SplitItems(cell); err != nil {
						m.debug("not rewritten: the select rewrite broke the cell", code, err)
						return code
					}
					continue
				}
			}
			cellEdits, instEdits = r.typedEdits()
			if len(set.list) != n {
				m.debug("not rewritten", code, errors.New("a typed rewrite named a type that needs a new instance"))
				return code
			}
			cell = applyEdits(cell, cellEdits)
			for i, edits := range instEdits {
				set.list[i].src = applyEdits(set.list[i].src, edits)
			}
			if items, err = SplitItems(cell); err != nil {
				m.debug("not rewritten: the typed rewrites broke the cell", code, err)
				return code
			}
			break
		}
		cell = applyEdits(cell, cellEdits)
		for i, edits := range instEdits {
			set.list[i].src = applyEdits(set.list[i].src, edits)
		}
		if items, err = SplitItems(cell); err != nil {
			m.debug("not rewritten: instantiation broke the cell", code, err)
			return code
		}
	}
	if len(set.list) == 0 {
		return cell
	}
	var added []addedDecl
	// The library's non-generic declarations the instances use come first, once
	// per session.
	srcs := make([]string, len(set.list))
	for i, in := range set.list {
		srcs[i] = in.src
	}
	libNames, libSrcs := library().sessionDecls(srcs, m.emitted)
	for i, name := range libNames {
		src, err := oneLine(libSrcs[i])
		if err != nil {
			m.debug("not rewritten", code, fmt.Errorf("library declaration %s: %w", name, err))
			return code
		}
		added = append(added, addedDecl{name: name, src: src, library: true})
	}
	for _, in := range set.list {
		// An instance of a generic declared by an earlier cell is made from that
		// cell's text as written, before the syntax passes: it goes through them
		// now (they leave what they rewrote already alone).
		src, err := oneLine(librarySyntax(in.src))
		if err != nil {
			m.debug("not rewritten", code, fmt.Errorf("instance %s: %w", in.name, err))
			return code
		}
		if m.emitted[in.name] != src {
			added = append(added, addedDecl{name: in.name, src: src})
		}
	}
	if len(added) == 0 {
		return cell
	}
	cell, at := insertDecls(cell, items, added)
	m.pending = map[string]pendingDecl{}
	for i, d := range added {
		m.pending[d.name] = pendingDecl{src: d.src, at: at[i]}
	}
	return cell
}

// mayNeedRewrite is the cheap test that spares ordinary cells the rounds of
// type-checks below: the cell may hold something one of the rewrites changes.
func (m *monomorphizer) mayNeedRewrite(code string, items []Item, imports map[string]string) bool {
	return m.rangeFuncsSeen || // rangefunc.go
		m.mayUseGenerics(code, items) || m.mayUseLibrary(code, imports) || // instances
		mayNeedTypedRewrite(code) || hasTopLevelCommaOk(code, items) || // mono_typed.go
		typedVarOrConversion.MatchString(code) || multiDefineFromCall.MatchString(code) ||
		minMaxCall.MatchString(code) || strings.Contains(code, ".As(") || strings.Contains(code, ".Is(") || strings.Contains(code, ".Unwrap(") ||
		m.mayNeedFmtRewrite(code) || printsTypes.MatchString(code) || // fmtargs.go
		strings.Contains(code, "defer") || // deferargs.go
		strings.Contains(code, "panic(") || // panicMessageEdits
		tupleAssignsNil.MatchString(code) || // x, y = nil, 1
		strings.Contains(code, "'") || // runeConstant
		strings.Contains(code, "iota") || // constDeclEdits (and "const" below)
		untypedShift.MatchString(code) || // untypedShiftEdits
		fieldAssign.MatchString(code) || // compiledInterfaceField
		strings.Contains(code, "*[") || // constantArrayLen
		strings.Contains(code, "clear(") || // clearNamedEdits
		strings.Contains(code, ".AsType[") || // errorsAsTypeEdits
		strings.Contains(code, "const") || // constDeclEdits, a constant string indexed
		strings.Contains(code, "for ") && strings.Contains(code, "func(") || // loopClosureEdits
		strings.Contains(code, "struct") && (strings.Contains(code, "==") || strings.Contains(code, "!=")) || // a named struct == an unnamed one
		m.mayTakeMethodValue(code) || // methodvalues.go
		mayMixTupleAssign(code) // tupleassign.go
}

// multiDefineFromCall matches a, b := x.f(...): where f may be a field of function
// type (see the typed rewrites).
var multiDefineFromCall = regexp.MustCompile(`[\pL_][\pL\pN_]*\s*,\s*[\pL_][\pL\pN_, ]*:=\s*[\pL_][\pL\pN_.\[\]]*\.[\pL_][\pL\pN_]*\(`)

// fieldAssign matches an assignment to a field (r.Value = ...).
var fieldAssign = regexp.MustCompile(`\.\pL[\pL\pN_]*\s*(?:,[^=\n]*)?=[^=]`)

// untypedShift matches a literal shifted by something other than a literal.
var untypedShift = regexp.MustCompile(`\b\d+\s*(?:<<|>>)\s*[^\d\s]`)

// tupleAssignsNil matches a line that may assign nil among several values.
var tupleAssignsNil = regexp.MustCompile(`(?m)^[^=\n]*,[^=\n]*=[^=\n]*\bnil\b`)

// minMaxCall matches a call of min, max, real or imag (see minMaxEdits).
var minMaxCall = regexp.MustCompile(`\b(?:min|max|real|imag)\s*\(`)

// typedVarOrConversion matches a var declaration with a type and a value, or a
// conversion to error: where a cell's value may be given to an interface (see
// toInterface in typedEdits).
var typedVarOrConversion = regexp.MustCompile(`\bvar\s+[\pL_][\pL\pN_]*(?:\s*,\s*[\pL_][\pL\pN_]*)*\s+[^=\s(][^=]*=[^=]|\berror\(`)

// mayUseGenerics is the cheap test that spares ordinary cells the type-check: the cell
// declares a generic function or type, or names one an earlier cell declared.
func (m *monomorphizer) mayUseGenerics(code string, items []Item) bool {
	found := false
	if len(m.generics) > 0 {
		// Inferred calls have no brackets: Wrap("s") uses generic Wrap.
		scanIdents(code, func(name string) {
			if m.generics[name] {
				found = true
			}
		})
	}
	if found || !strings.Contains(code, "[") {
		return found
	}
	for _, it := range items {
		if it.Kind != DeclChunk || it.IsImport {
			continue
		}
		if f := ParseDecls(code[it.Start:it.End]); f != nil {
			for _, d := range f.Decls {
				if isGenericDecl(d) {
					return true
				}
			}
		}
	}
	return false
}

// check builds the file the cell is type-checked as and checks it:
//
//	package main; imports; earlier cells' declarations; the cell's declarations;
//	its := statements as var declarations; its other statements in a function;
//	the instances made so far.
//
// With exact set, the file is the one the cell's errors are reported from: its :=
// statements stay in the function as written, so that the compiler's wording comes out
// (assignment mismatch, no new variables), and only those the cell's declarations
// refer to are also declared at package level, as copies whose errors do not count.
func (m *monomorphizer) check(cell string, items []Item, imports map[string]string, set *instanceSet, exact bool) (r *monoRound, typeErr, err error) {
	r = &monoRound{m: m, fset: token.NewFileSet(), instances: set, hoisted: map[types.Object]string{}, cell: cell, items: items}
	var b strings.Builder
	copySpan := func(src string, from, to, owner int) {
		r.spans = append(r.spans, span{from: b.Len(), to: b.Len() + to - from, src: from, owner: owner})
		b.WriteString(src[from:to])
	}
	b.WriteString("package main\n")
	names := make([]string, 0, len(imports))
	for name := range imports {
		names = append(names, name)
	}
	sort.Strings(names)
	cellImports := map[string]bool{}
	allImports := make(map[string]string, len(imports))
	for name, path := range imports {
		allImports[name] = path
	}
	for _, it := range items {
		if it.IsImport {
			if f := ParseDecls(cell[it.Start:it.End]); f != nil {
				for _, spec := range f.Imports {
					p, _ := strconv.Unquote(spec.Path.Value)
					name := m.importName(spec, p)
					cellImports[name] = true
					allImports[name] = p
				}
			}
		}
	}
	declared := map[string]bool{}
	var stmts []Item
	var defines []*ast.AssignStmt
	for _, it := range items {
		switch {
		case it.IsImport:
		case it.Kind == DeclChunk:
			if f := ParseDecls(cell[it.Start:it.End]); f != nil {
				for _, n := range declNames(f) {
					declared[n] = true
				}
			}
		default:
			if as := defineStmt(cell[it.Start:it.End]); as != nil {
				defines = append(defines, as)
				for _, l := range as.Lhs {
					declared[l.(*ast.Ident).Name] = true
				}
			} else {
				defines = append(defines, nil)
			}
			stmts = append(stmts, it)
		}
	}
	// Of the earlier cells' declarations, only those the cell needs, directly or
	// through each other, are checked with it; and only the packages they and the
	// cell name are imported. Importing from source costs time, and a package with
	// no source here (gonum, mllib: compiled into the worker) fails the check of any
	// code that imports it, so one cell that used it must not spoil the rest.
	used := map[string]bool{}
	scanIdents(cell, func(name string) { used[name] = true })
	for _, in := range set.list {
		scanIdents(in.src, func(name string) { used[name] = true })
	}
	decls := make([]priorDecl, 0, len(m.decls))
	for _, d := range m.decls {
		if d, ok := withoutRedeclared(d, declared); ok {
			decls = append(decls, d)
		}
	}
	// The generic standard library's declarations (library.go) are checked with the
	// cell like earlier cells' when it uses them: slices.Sort makes slicesꓸSort used.
	lib := library()
	decls = append(decls, lib.decls...)
	lib.markUsed(used, allImports)
	needed := make([]bool, len(decls))
	for grew := true; grew; {
		grew = false
		for i, d := range decls {
			if needed[i] || !anyUsed(d.names, used) {
				continue
			}
			needed[i], grew = true, true
			for _, id := range d.idents {
				used[id] = true
			}
			if i >= len(decls)-len(lib.decls) {
				lib.markUsed(used, allImports) // an alias the declaration uses
			}
		}
	}
	for _, name := range names {
		if used[name] && !cellImports[name] && name != "_" && name != "." {
			fmt.Fprintf(&b, "import %s %q\n", name, imports[name])
		}
	}
	for alias, path := range lib.aliases {
		if used[alias] {
			fmt.Fprintf(&b, "import %s %q\n", alias, path)
		}
	}
	if used[RuntimeAlias] {
		// A syntax pass called the session's helpers (__gk.Defer).
		fmt.Fprintf(&b, "import %s %q\n", RuntimeAlias, RuntimePath)
	}
	for _, it := range items {
		if it.IsImport {
			copySpan(cell, it.Start, it.End, -1)
			b.WriteString("\n")
		}
	}
	for i, d := range decls {
		if needed[i] {
			b.WriteString(d.src)
			b.WriteString("\n")
		}
	}
	for _, it := range items {
		if it.Kind == DeclChunk && !it.IsImport {
			copySpan(cell, it.Start, it.End, -1)
			b.WriteString("\n")
		}
	}
	var atPackageLevel map[*ast.AssignStmt]bool
	if exact {
		atPackageLevel = definesUsedByDecls(cell, items, stmts, defines)
	}
	defined := map[string]bool{}
	for i, it := range stmts {
		owner := -1
		if exact {
			owner = copyOwner
		}
		if as := defines[i]; as != nil && (!exact || atPackageLevel[as]) {
			// x := e is checked as var x = e, so that the cell's functions see x as
			// they do in the session. A name an earlier := of the cell declared is
			// assigned, not declared again, as in a function: it is checked as _.
			b.WriteString("var ")
			for j, l := range as.Lhs {
				if j > 0 {
					b.WriteString(", ")
				}
				name := l.(*ast.Ident).Name
				if defined[name] {
					b.WriteString("_")
					continue
				}
				defined[name] = name != "_" // a blank is declared anew each time
				copySpan(cell, it.Start+int(l.Pos())-1, it.Start+int(l.End())-1, owner)
			}
			b.WriteString(" = ")
			copySpan(cell, it.Start+int(as.Rhs[0].Pos())-1, it.End, owner)
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "func %s(...any) {}\n", monoShowFunc)
	fmt.Fprintf(&b, "func %s() {\n", monoCellFunc)
	for i, it := range stmts {
		if defines[i] != nil && !exact {
			continue
		}
		if text := cell[it.Start:it.End]; i == len(stmts)-1 && it == items[len(items)-1] && isExpressionList(text) {
			// The trailing "a, b" that the cell shows is checked as the session runs
			// it: as the arguments of a call.
			b.WriteString(monoShowFunc + "(")
			copySpan(cell, it.Start, it.End, -1)
			b.WriteString(")\n")
			continue
		}
		copySpan(cell, it.Start, it.End, -1)
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	for i, in := range set.list {
		copySpan(in.src, 0, len(in.src), i)
		b.WriteString("\n")
	}
	r.text = b.String()

	f, err := parser.ParseFile(r.fset, "cell.go", r.text, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, err
	}
	r.file = f
	r.info = &types.Info{
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Instances:  map[*ast.Ident]types.Instance{},
		Implicits:  map[ast.Node]types.Object{},
		Types:      map[ast.Expr]types.TypeAndValue{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	var trailing *Item
	if last := items[len(items)-1]; last.Kind == StmtChunk {
		trailing = &last
	}
	conf := types.Config{
		Importer: m.imp,
		Sizes:    types.SizesFor("gc", runtime.GOARCH),
		Error: func(err error) {
			var te types.Error
			if !errors.As(err, &te) || te.Soft && notebookTolerates(te.Msg) {
				return // unused variables, imports and labels are fine in a notebook
			}
			if trailing != nil && strings.HasSuffix(te.Msg, "is not used") {
				// The value of the cell's trailing expression is shown, not dropped.
				if r.cellOffset(r.offset(te.Pos)) >= trailing.Start {
					return
				}
			}
			r.errs = append(r.errs, te)
		},
	}
	r.pkg, _ = conf.Check("main", r.fset, []*ast.File{f}, r.info)
	r.index()
	if len(r.errs) > 0 {
		return r, r.errs[0], nil
	}
	return r, nil, nil
}

// notebookTolerates reports whether a soft error of go/types is one a cell may make:
// a variable, import or label declared and not used (a cell tries things out). Its
// other soft errors (a type argument outside its constraint, two iteration variables
// over an integer) are the compiler's errors like any other.
func notebookTolerates(msg string) bool {
	return strings.Contains(msg, "declared and not used") || strings.Contains(msg, "imported and not used") ||
		strings.HasPrefix(msg, "\"") && strings.Contains(msg, "imported as ") && strings.HasSuffix(msg, "and not used")
}

// index maps the checked file's generic functions and types to their declarations and
// the packages to the names the file imports them under.
func (r *monoRound) index() {
	r.imports = map[string]string{}
	for _, spec := range r.file.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		if spec.Name != nil {
			r.imports[p] = spec.Name.Name
		} else if pn, ok := r.info.Implicits[spec].(*types.PkgName); ok {
			r.imports[p] = pn.Name()
		}
	}
	r.decls = map[types.Object]ast.Node{}
	r.methods = map[types.Object][]*ast.FuncDecl{}
	for _, d := range r.file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				if obj := r.info.Defs[d.Name]; obj != nil {
					r.decls[obj] = d
				}
				continue
			}
			if base := RecvBase(d.Recv.List[0].Type); base != nil {
				if obj := r.info.Uses[base]; obj != nil {
					r.methods[obj] = append(r.methods[obj], d)
				}
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					if obj := r.info.Defs[ts.Name]; obj != nil {
						r.decls[obj] = ts
					}
				}
			}
		}
	}
}

// edit replaces text[from:to] with repl.
type edit struct {
	from, to int
	repl     string
}

// instantiate finds the uses of generic functions and types at concrete type arguments
// in the cell and in the instances, and returns the edits that name their instances,
// per cell and per instance. grew reports whether new instances were made.
func (r *monoRound) instantiate() (cellEdits []edit, instEdits map[int][]edit, grew bool, err error) {
	instEdits = map[int][]edit{}
	before := len(r.instances.list)
	indexed := map[*ast.Ident]ast.Expr{}
	// selected maps the Sel of a selector to the selector, or to the index expression
	// around it (slices.Sort, maps.Keys[M]): the text a library instance replaces.
	selected := map[*ast.Ident]ast.Expr{}
	ast.Inspect(r.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IndexExpr:
			if id, ok := n.X.(*ast.Ident); ok {
				indexed[id] = n
			}
			if sel, ok := n.X.(*ast.SelectorExpr); ok {
				selected[sel.Sel] = n
			}
		case *ast.IndexListExpr:
			if id, ok := n.X.(*ast.Ident); ok {
				indexed[id] = n
			}
			if sel, ok := n.X.(*ast.SelectorExpr); ok {
				selected[sel.Sel] = n
			}
		case *ast.SelectorExpr:
			if _, ok := selected[n.Sel]; !ok {
				selected[n.Sel] = n
			}
		}
		return true
	})
	// Sorted by position, so instances are made (and named) in the order of the text.
	idents := make([]*ast.Ident, 0, len(r.info.Instances))
	for id := range r.info.Instances {
		idents = append(idents, id)
	}
	sort.Slice(idents, func(i, j int) bool { return idents[i].Pos() < idents[j].Pos() })
	for _, id := range idents {
		inst := r.info.Instances[id]
		obj := r.info.Uses[id]
		var expr ast.Node = id
		if lo := r.libraryObject(obj); lo != nil {
			obj = lo
			if e, ok := selected[id]; ok {
				expr = e
			} else {
				continue
			}
		} else if ix, ok := indexed[id]; ok {
			expr = ix
		}
		if obj == nil || obj.Pkg() != r.pkg || obj.Parent() != r.pkg.Scope() || !concrete(inst.TypeArgs) {
			continue
		}
		from, to := r.offset(expr.Pos()), r.offset(expr.End())
		sp := r.spanOf(from, to)
		if sp == nil {
			continue // in an earlier cell's declaration
		}
		name, ierr := r.instance(obj, inst.TypeArgs)
		if ierr != nil {
			if errors.Is(ierr, errTooManyInstances) {
				return nil, nil, false, ierr
			}
			continue // left to yaegi's generics
		}
		e := edit{from: from - sp.from + sp.src, to: to - sp.from + sp.src, repl: name}
		if sp.owner < 0 {
			cellEdits = append(cellEdits, e)
		} else {
			instEdits[sp.owner] = append(instEdits[sp.owner], e)
		}
	}
	for _, e := range r.extra {
		if e.owner < 0 {
			cellEdits = append(cellEdits, e.edit)
		} else {
			instEdits[e.owner] = append(instEdits[e.owner], e.edit)
		}
	}
	// Method expressions used as values (f := T.M) become function literals: yaegi
	// v0.16.1 gives T.M, unless it is called at once, the type of the method value,
	// without the receiver parameter (reflect.Set: value of type func() string is not
	// assignable to type func(T) string). A method expression of an interface is
	// wrong even when called (I.M(x): too many arguments).
	// And a method called on a conversion to an interface, I(x).M(), which yaegi
	// calls on x's underlying value, gets the conversion from a function call.
	called := map[ast.Expr]bool{}
	ast.Inspect(r.file, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			called[ast.Unparen(c.Fun)] = true
		}
		return true
	})
	addEdit := func(from, to int, repl string) {
		sp := r.spanOf(from, to)
		if sp == nil {
			return
		}
		e := edit{from: from - sp.from + sp.src, to: to - sp.from + sp.src, repl: repl}
		if sp.owner < 0 {
			cellEdits = append(cellEdits, e)
		} else {
			instEdits[sp.owner] = append(instEdits[sp.owner], e)
		}
	}
	// An embedded field of an instantiated generic type, B[int] in struct{ B[int] },
	// is named after its instance, Bᐸintᐳ, once the type is: so are its uses, x.B and
	// the key of T{B: ...}.
	used := make([]*ast.Ident, 0, len(r.info.Uses))
	for id := range r.info.Uses {
		used = append(used, id)
	}
	sort.Slice(used, func(i, j int) bool { return used[i].Pos() < used[j].Pos() })
	for _, id := range used {
		v, ok := r.info.Uses[id].(*types.Var)
		if !ok || !v.IsField() || !v.Embedded() {
			continue
		}
		t := v.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		named, ok := t.(*types.Named)
		if !ok || named.TypeArgs().Len() == 0 || named.Obj().Pkg() != r.pkg || named.Obj().Parent() != r.pkg.Scope() || !concrete(named.TypeArgs()) {
			continue
		}
		if name, err := r.instance(named.Origin().Obj(), named.TypeArgs()); err == nil && name != id.Name {
			addEdit(r.offset(id.Pos()), r.offset(id.End()), name)
		}
	}
	// unsafe.Sizeof, Alignof and Offsetof are constants outside generic code: yaegi
	// v0.16.1 fails to compile Offsetof(r.f) in a method and gets it wrong elsewhere,
	// so they are written as the value go/types computes for this machine.
	ast.Inspect(r.file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if b, ok := r.info.Uses[sel.Sel].(*types.Builtin); ok && b.Pkg() == types.Unsafe {
			if tv := r.info.Types[call]; tv.Value != nil && (b.Name() == "Sizeof" || b.Name() == "Alignof" || b.Name() == "Offsetof") {
				addEdit(r.offset(call.Pos()), r.offset(call.End()), "uintptr("+tv.Value.ExactString()+")")
				return false
			}
		}
		return true
	})
	ast.Inspect(r.file, func(n ast.Node) bool {
		if ret, ok := n.(*ast.ReturnStmt); ok {
			// return f, f a function of the package: yaegi v0.16.1 returns its node
			// (reflect.Set: value of type *interp.node is not assignable to type
			// func()); converted to its own type, (func())(f), it is a function value.
			for _, res := range ret.Results {
				id, ok := ast.Unparen(res).(*ast.Ident)
				if !ok {
					continue
				}
				fn, ok := r.info.Uses[id].(*types.Func)
				if !ok || fn.Parent() != r.pkg.Scope() || fn.Type().(*types.Signature).TypeParams().Len() > 0 {
					continue
				}
				if t, err := r.typeText(fn.Type()); err == nil {
					addEdit(r.offset(id.Pos()), r.offset(id.End()), "("+t+")("+id.Name+")")
				}
			}
			return true
		}
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		s := r.info.Selections[sel]
		if s == nil || mentionsTypeParam(s.Type(), map[types.Type]bool{}) {
			return true
		}
		switch s.Kind() {
		case types.MethodExpr:
			if called[sel] && !types.IsInterface(s.Recv()) {
				return true
			}
			lit, err := r.methodExprFunc(sel.Sel.Name, s.Type().(*types.Signature))
			if err == nil {
				addEdit(r.offset(sel.Pos()), r.offset(sel.End()), lit)
				return false
			}
		case types.MethodVal:
			// x.M promoted from an interface embedded in x's struct: yaegi v0.16.1
			// panics (invalid interface value); x.I.M it calls.
			if path, ok := r.embeddedInterfacePath(s); ok {
				addEdit(r.offset(sel.Sel.Pos()), r.offset(sel.Sel.End()), path+sel.Sel.Name)
			}
			conv, ok := ast.Unparen(sel.X).(*ast.CallExpr)
			if !ok || len(conv.Args) != 1 || !r.info.Types[conv.Fun].IsType() || !types.IsInterface(r.info.Types[conv.Fun].Type) {
				return true
			}
			t, err := r.typeText(r.info.Types[conv.Fun].Type)
			if err == nil {
				fun := "func(gkᐸ0ᐳ " + t + ") " + t + " { return gkᐸ0ᐳ }"
				addEdit(r.offset(conv.Fun.Pos()), r.offset(conv.Fun.End()), fun)
			}
		}
		return true
	})
	return cellEdits, instEdits, len(r.instances.list) > before, nil
}

// embeddedInterfacePath returns the fields "F1.F2." the method of selection s is
// promoted through when the last of them is an interface.
func (r *monoRound) embeddedInterfacePath(s *types.Selection) (string, bool) {
	idx := s.Index()
	if len(idx) < 2 {
		return "", false
	}
	t := s.Recv()
	var path strings.Builder
	for _, i := range idx[:len(idx)-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return "", false
		}
		f := st.Field(i)
		name := f.Name()
		ft := f.Type()
		if p, ok := ft.(*types.Pointer); ok {
			ft = p.Elem()
		}
		if named, ok := ft.(*types.Named); ok && f.Embedded() && named.TypeArgs().Len() > 0 && named.Obj().Pkg() == r.pkg {
			n, err := r.instance(named.Origin().Obj(), named.TypeArgs())
			if err != nil {
				return "", false
			}
			name = n
		}
		path.WriteString(name + ".")
		t = f.Type()
	}
	return path.String(), types.IsInterface(t)
}

// methodExprFunc writes the method expression T.M of signature sig (the receiver its
// first parameter) as the function literal that calls the method on that parameter.
func (r *monoRound) methodExprFunc(method string, sig *types.Signature) (string, error) {
	n := sig.Params().Len()
	params := make([]string, n)
	var args []string
	for i := 0; i < n; i++ {
		pt := sig.Params().At(i).Type()
		prefix := ""
		name := fmt.Sprintf("gkᐸ%dᐳ", i)
		if sig.Variadic() && i == n-1 {
			if s, ok := pt.(*types.Slice); ok {
				pt, prefix = s.Elem(), "..."
			}
		}
		t, err := r.typeText(pt)
		if err != nil {
			return "", err
		}
		params[i] = name + " " + prefix + t
		if i > 0 {
			args = append(args, name+prefix)
		}
	}
	full, err := r.signatureText(types.NewSignatureType(nil, nil, nil, types.NewTuple(), sig.Results(), false))
	if err != nil {
		return "", err
	}
	results := strings.TrimPrefix(full, "()")
	call := "gkᐸ0ᐳ." + method + "(" + strings.Join(args, ", ") + ")"
	if sig.Results().Len() > 0 {
		call = "return " + call
	}
	return "func(" + strings.Join(params, ", ") + ")" + results + " { " + call + " }", nil
}

func (r *monoRound) offset(p token.Pos) int { return r.fset.Position(p).Offset }

// spanOf returns the verbatim span holding text[from:to], or nil.
func (r *monoRound) spanOf(from, to int) *span {
	for i := range r.spans {
		if sp := &r.spans[i]; sp.from <= from && to <= sp.to {
			return sp
		}
	}
	return nil
}

// concrete reports whether no type argument involves a type parameter.
func concrete(targs *types.TypeList) bool {
	for i := 0; i < targs.Len(); i++ {
		if mentionsTypeParam(targs.At(i), map[types.Type]bool{}) {
			return false
		}
	}
	return true
}

func mentionsTypeParam(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Basic:
		return false
	case *types.Alias:
		return mentionsTypeParam(types.Unalias(t), seen)
	case *types.Named:
		args := t.TypeArgs()
		for i := 0; i < args.Len(); i++ {
			if mentionsTypeParam(args.At(i), seen) {
				return true
			}
		}
		return false
	case *types.Pointer:
		return mentionsTypeParam(t.Elem(), seen)
	case *types.Slice:
		return mentionsTypeParam(t.Elem(), seen)
	case *types.Array:
		return mentionsTypeParam(t.Elem(), seen)
	case *types.Chan:
		return mentionsTypeParam(t.Elem(), seen)
	case *types.Map:
		return mentionsTypeParam(t.Key(), seen) || mentionsTypeParam(t.Elem(), seen)
	case *types.Signature:
		return mentionsTypeParam(t.Params(), seen) || mentionsTypeParam(t.Results(), seen)
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			if mentionsTypeParam(t.At(i).Type(), seen) {
				return true
			}
		}
		return false
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			if mentionsTypeParam(t.Field(i).Type(), seen) {
				return true
			}
		}
		return false
	case *types.Interface:
		for i := 0; i < t.NumEmbeddeds(); i++ {
			if mentionsTypeParam(t.EmbeddedType(i), seen) {
				return true
			}
		}
		for i := 0; i < t.NumExplicitMethods(); i++ {
			if mentionsTypeParam(t.ExplicitMethod(i).Type(), seen) {
				return true
			}
		}
		return false
	case *types.Union:
		for i := 0; i < t.Len(); i++ {
			if mentionsTypeParam(t.Term(i).Type(), seen) {
				return true
			}
		}
		return false
	}
	return true // unknown: treat as not concrete
}

// applyEdits applies non-overlapping edits to src; where two overlap, the outer one
// (found first in position order, ending last) wins.
func applyEdits(src string, edits []edit) string {
	out, _ := applyEditsDropping(src, edits)
	return out
}

// applyEditsDropping applies edits that do not overlap, in order of position; an
// insertion goes before a replacement that starts where it is. It returns how many
// edits it dropped because an earlier one already covered their text.
func applyEditsDropping(src string, edits []edit) (string, int) {
	if len(edits) == 0 {
		return src, 0
	}
	sort.SliceStable(edits, func(i, j int) bool {
		a, b := edits[i], edits[j]
		if a.from != b.from {
			return a.from < b.from
		}
		if (a.to == a.from) != (b.to == b.from) {
			return a.to == a.from
		}
		return a.to > b.to
	})
	var b strings.Builder
	last, dropped := 0, 0
	for _, e := range edits {
		if e.from < last {
			dropped++
			continue
		}
		b.WriteString(src[last:e.from])
		b.WriteString(e.repl)
		last = e.to
	}
	b.WriteString(src[last:])
	return b.String(), dropped
}

// addedDecl is a declaration the rewrite adds to the cell: an instance, a local type
// moved to the top level, or a non-generic declaration of the library.
type addedDecl struct {
	name, src string
	// library: a declaration of the library, which names nothing of the cell.
	library bool
}

// pendingDecl is a declaration added to the cell being run, at offset at of the
// rewritten cell.
type pendingDecl struct {
	src string
	at  int
}

// insertDecls puts each added declaration where the cell first names it, on the line
// of a declaration so that no line of the cell moves, and returns the cell and the
// offset of each declaration in it. The session evaluates each run of consecutive
// declarations as one file, and the runs and the statements between them in order, so
// a function is compiled with its run and must find there, or earlier, what its body
// names. So what the cell first names in a declaration (a function's body, a var's
// value) goes into that declaration's run, right after it; what it first names in a
// statement, after the last declaration before that statement, or at the start of the
// cell when none comes before; what it names nowhere, after its last declaration. An
// added declaration that another names (an instance calling another instance) counts
// as named where that one is. Each is placed as late as that allows, so that the
// cell's declarations it uses (a type argument) come before it; the library's, which
// use nothing of the cell, go with the earliest.
func insertDecls(cell string, items []Item, decls []addedDecl) (string, []int) {
	first := make([]int, len(decls)) // the index of the first item naming each, or len(items)
	index := make(map[string]int, len(decls))
	for i, d := range decls {
		first[i] = len(items)
		index[d.name] = i
	}
	for k := len(items) - 1; k >= 0; k-- {
		if it := items[k]; !it.IsImport {
			scanIdents(cell[it.Start:it.End], func(name string) {
				if i, ok := index[name]; ok {
					first[i] = k
				}
			})
		}
	}
	names := make([][]int, len(decls))
	for i, d := range decls {
		scanIdents(d.src, func(name string) {
			if j, ok := index[name]; ok && j != i {
				names[i] = append(names[i], j)
			}
		})
	}
	for changed := true; changed; {
		changed = false
		for i := range decls {
			for _, j := range names[i] {
				if first[i] < first[j] {
					first[j], changed = first[i], true
				}
			}
		}
	}
	earliest := slices.Min(first)
	at := make([]int, len(decls))
	for i, d := range decls {
		k := first[i]
		if d.library {
			k = earliest
		}
		for _, it := range items[:min(k+1, len(items))] {
			if it.Kind == DeclChunk && !it.IsImport {
				at[i] = it.End
			}
		}
	}
	// Where several go at one place, they keep their order: the library's first.
	order := make([]int, len(decls))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return at[order[a]] < at[order[b]] })
	var b strings.Builder
	offsets := make([]int, len(decls))
	last := 0
	for n, i := range order {
		pos := at[i]
		switch {
		case n > 0 && at[order[n-1]] == pos:
			b.WriteString("; ")
		case pos > 0:
			b.WriteString(cell[last:pos])
			b.WriteString("; ")
			last = pos
		}
		offsets[i] = b.Len()
		b.WriteString(decls[i].src)
		if pos == 0 && (n == len(order)-1 || at[order[n+1]] != 0) {
			b.WriteString("; ")
		}
	}
	b.WriteString(cell[last:])
	return b.String(), offsets
}

// record remembers the declarations of a cell that ran (before instantiation, still
// generic) and the instances it declared: those the rewritten cell holds before offset
// ran, the part of it that ran.
func (m *monomorphizer) record(code string, ran int) {
	for name, d := range m.pending {
		if d.at < ran {
			m.emitted[name] = d.src
		}
	}
	m.pending = nil
	// A later declaration of the cell replaces the names an earlier one declared
	// (x, err := f() then y, err := g()), as the cell's declarations replace the
	// session's: each name is declared once in the file later cells are checked in.
	var added []priorDecl
	now := map[string]bool{}
	for _, d := range cellDecls(code) {
		redeclared := map[string]bool{}
		for _, n := range d.names {
			redeclared[n], now[n] = true, true
			if d.generic {
				m.generics[n] = true
			}
		}
		kept := added[:0]
		for _, a := range added {
			if a, ok := withoutRedeclared(a, redeclared); ok {
				kept = append(kept, a)
			}
		}
		added = append(kept, d.priorDecl)
	}
	if len(added) == 0 {
		return
	}
	kept := m.decls[:0]
	for _, d := range m.decls {
		if d, ok := withoutRedeclared(d, now); ok {
			kept = append(kept, d)
		}
	}
	m.decls = append(kept, added...)
}

func isGenericDecl(d ast.Decl) bool {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return d.Type.TypeParams != nil
	case *ast.GenDecl:
		for _, s := range d.Specs {
			if ts, ok := s.(*ast.TypeSpec); ok && ts.TypeParams != nil {
				return true
			}
		}
	}
	return false
}

// declNames lists what a file's declarations declare; methods as Type.Method, blank
// names not at all.
func declNames(f *ast.File) []string {
	var names []string
	add := func(n string) {
		if n != "_" {
			names = append(names, n)
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				add(d.Name.Name)
			} else if base := RecvBase(d.Recv.List[0].Type); base != nil {
				add(base.Name + "." + d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					add(s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						add(n.Name)
					}
				}
			}
		}
	}
	return names
}

// withoutRedeclared returns d less the names in declared, which a later declaration
// replaces, and whether anything is left of it. A variable declaration of several
// names keeps the others (x, err := f() then err := g() leaves x declared): the
// replaced ones are declared as _. Any other declaration goes whole, and so does a
// method of a type declared again.
func withoutRedeclared(d priorDecl, declared map[string]bool) (priorDecl, bool) {
	if !anyDeclared(d.names, declared) {
		return d, true
	}
	if len(declIdents(d.src, false)) == 0 {
		return priorDecl{}, false
	}
	return forgetIn(d, declared)
}

func anyDeclared(names []string, declared map[string]bool) bool {
	for _, n := range names {
		if declared[n] {
			return true
		}
		if t, _, ok := strings.Cut(n, "."); ok && declared[t] {
			return true // a method of a type the cell declares again
		}
	}
	return false
}

// RecvBase returns the type name of a method receiver: T in T, *T, (T), T[P], *T[P].
func RecvBase(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x
		default:
			return nil
		}
	}
}

// DefinedNames returns the names, other than _, that stmt declares when it is an
// x, y := e statement of plain names; nil otherwise.
func DefinedNames(stmt string) []string {
	as := defineStmt(stmt)
	if as == nil {
		return nil
	}
	var names []string
	for _, l := range as.Lhs {
		if id := l.(*ast.Ident); id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	return names
}

// defineStmt returns the statement as an x, y := e assignment of plain names, or nil.
// Its positions are 1-based offsets in text.
func defineStmt(text string) *ast.AssignStmt {
	if !strings.Contains(text, ":=") {
		return nil
	}
	e, err := parser.ParseExprFrom(token.NewFileSet(), "", "func(){"+text+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	lit, ok := e.(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return nil
	}
	as, ok := lit.Body.List[0].(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE {
		return nil
	}
	for _, l := range as.Lhs {
		if _, ok := l.(*ast.Ident); !ok {
			return nil
		}
	}
	// Shift positions from the wrapper to text: "func(){" is 7 bytes, and positions
	// are 1-based offsets of the parsed source.
	shift := token.Pos(len("func(){"))
	out := &ast.AssignStmt{Tok: as.Tok}
	for _, l := range as.Lhs {
		id := *l.(*ast.Ident)
		id.NamePos -= shift
		out.Lhs = append(out.Lhs, &id)
	}
	out.Rhs = []ast.Expr{&ast.BasicLit{ValuePos: as.Rhs[0].Pos() - shift}}
	return out
}

// scanIdents calls f with every identifier in src.
func scanIdents(src string, f func(name string)) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return
		}
		if tok == token.IDENT {
			f(lit)
		}
	}
}

// debug notes, at debug level, why the pipeline left a cell as it was.
func (m *monomorphizer) debug(msg, code string, err error) {
	m.log.Debug(msg, "cell", code, "reason", err)
}
