package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gokernel/gokernel/display"
	"github.com/gokernel/gokernel/interp/generic"
	"github.com/gokernel/gokernel/interp/symbols"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/syscall"
	"github.com/traefik/yaegi/stdlib/unrestricted"
	"github.com/traefik/yaegi/stdlib/unsafe"
)

// runtimePath is the import path under which the session exposes its own helpers to
// cells. The name cannot clash with a real package: it has no dot-separated host.
const runtimePath = "gokernel_rt"

// runtimeAlias is the name cells see the helpers under; the double underscore keeps it
// out of the way of user names.
const runtimeAlias = "__gk"

// Options configure a Session.
type Options struct {
	// Stdin is what fmt.Scan and os.Stdin read in cells.
	Stdin io.Reader
	// Stdout and Stderr receive the output of cells.
	Stdout, Stderr io.Writer
}

// Session is one interpreter whose state persists from cell to cell.
type Session struct {
	yi   *interp.Interpreter
	opts Options
	// shown collects the values of a cell's trailing expression, set by the runtime
	// helper that the rewritten expression calls.
	shown []reflect.Value
	// panicTrace holds the interpreted call stack yaegi reports for a panic, one
	// "line:col: panic: func(...)" frame per line, innermost first.
	traceMu    sync.Mutex
	panicTrace []string
	// imports maps the names cells imported packages under to their paths.
	imports map[string]string
	symbols symbolTable
	// funcs and types are the functions, methods and types cells declared, for
	// redefinition.
	funcs     map[string]*funcRecord
	funcOrder int
	types     map[string]typeRecord
	// lastType receives the reflect type of a value the runtime's TypeOf was given.
	lastType reflect.Type
	// mono instantiates the generic functions and types cells use; see mono.go.
	mono *monomorphizer
}

// Result is what a cell produced besides its output.
type Result struct {
	// Values are the values of the cell's trailing expression; empty when the cell
	// does not end in an expression or the expression has no value.
	Values []reflect.Value
}

// NewSession returns a session with the standard library available to cells.
func NewSession(opts Options) (*Session, error) {
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	s := &Session{opts: opts, imports: map[string]string{}, funcs: map[string]*funcRecord{}, types: map[string]typeRecord{}}
	s.mono = newMonomorphizer(s.importName)
	s.yi = interp.New(interp.Options{
		Stdin:  opts.Stdin,
		Stdout: opts.Stdout,
		Stderr: &panicTraceFilter{s: s, w: opts.Stderr},
		Env:    os.Environ(),
		Args:   []string{"gokernel"},
		// The notebook runs on the user's own machine with the user's rights, like any
		// Go program they would write; os/exec, os.Getenv and friends must just work.
		Unrestricted: true,
	})
	// The whole standard library, with the real os.Exit, log.Fatal and os/exec: a
	// notebook is the user's own program on the user's own machine. A cell that exits
	// ends the worker, and the kernel reports it and starts a new one.
	for _, exports := range []interp.Exports{stdlib.Symbols, unrestricted.Symbols, syscall.Symbols, unsafe.Symbols, symbols.Symbols} {
		if err := s.yi.Use(exports); err != nil {
			return nil, fmt.Errorf("interp: load standard library symbols: %w", err)
		}
		s.symbols.add(exports)
	}
	// Cells see os.Stdin as the session's reader, so bufio.NewScanner(os.Stdin) asks
	// the frontend for input like fmt.Scan does. Its static type is io.Reader: the
	// price is that *os.File-only methods (Fd, Close) do not compile on it.
	cellStdin := opts.Stdin
	if err := s.yi.Use(interp.Exports{"os/os": {"Stdin": reflect.ValueOf(&cellStdin).Elem()}}); err != nil {
		return nil, fmt.Errorf("interp: install stdin: %w", err)
	}
	// Show receives the trailing expression's values. Listing interfaces for it in
	// MapTypes makes yaegi wrap a cell-declared type that implements one of them, so
	// compiled code sees its methods: String and Error for the text form, HTML,
	// Markdown, SVG and PNG for rich display. The first interface that fits wins, so
	// the rich ones come first.
	show := reflect.ValueOf(s.show)
	if err := s.yi.Use(interp.Exports{
		runtimePath + "/" + runtimePath: {
			"Show":    show,
			"TypeOf":  reflect.ValueOf(func(v any) { s.lastType = reflect.TypeOf(v) }),
			"Clear":   reflect.ValueOf(clearValue),
			"Print":   reflect.ValueOf(func(args ...any) { builtinPrint(opts.Stderr, false, args) }),
			"Println": reflect.ValueOf(func(args ...any) { builtinPrint(opts.Stderr, true, args) }),
			// For the typed rewrites of mono_typed.go.
			"Any":             reflect.ValueOf((*anyType)(nil)),
			"AssertionFailed": reflect.ValueOf(assertionFailed),
		},
		".": {"MapTypes": reflect.ValueOf(map[reflect.Value][]reflect.Type{show: {
			reflect.TypeFor[display.PNGer](),
			reflect.TypeFor[display.SVGer](),
			reflect.TypeFor[display.HTMLer](),
			reflect.TypeFor[display.Markdowner](),
			reflect.TypeFor[error](),
			reflect.TypeFor[fmt.Stringer](),
		}})},
	}); err != nil {
		return nil, fmt.Errorf("interp: load runtime symbols: %w", err)
	}
	if _, err := s.yi.Eval(fmt.Sprintf("import %s %q", runtimeAlias, runtimePath)); err != nil {
		return nil, fmt.Errorf("interp: import runtime: %w", err)
	}
	for _, src := range generic.Sources {
		if _, err := s.yi.Compile(src); err != nil {
			return nil, fmt.Errorf("interp: generic library: %w", err)
		}
	}
	if _, err := s.yi.Eval(preludeSource); err != nil {
		return nil, fmt.Errorf("interp: prelude: %w", err)
	}
	return s, nil
}

// show receives the values of a cell's trailing expression.
func (s *Session) show(vs ...any) {
	for _, v := range vs {
		rv := reflect.ValueOf(v)
		if !rv.IsValid() {
			// A nil interface value: keep it as a nil of type any so it still shows.
			rv = reflect.Zero(reflect.TypeFor[any]())
		}
		s.shown = append(s.shown, rv)
	}
}

// ErrInterrupted is returned by Execute when the cell was interrupted.
var ErrInterrupted = errors.New("interrupted")

// Execute runs one cell. It returns ErrInterrupted (wrapped) when ctx is cancelled,
// and a *CellError when the cell fails to compile or panics.
func (s *Session) Execute(ctx context.Context, code string) (Result, error) {
	segs := splitMagics(code)
	if len(segs) == 1 && segs[0].magic == "" {
		return s.executeGo(ctx, code)
	}
	var timers []time.Time
	defer func() {
		for i := len(timers) - 1; i >= 0; i-- {
			fmt.Fprintf(s.opts.Stdout, "Time: %s\n", time.Since(timers[i]).Round(time.Microsecond))
		}
	}()
	var res Result
	for _, seg := range segs {
		var err error
		if seg.magic != "" {
			res, err = Result{}, s.runMagic(ctx, seg.magic, &timers)
		} else {
			res, err = s.executeGo(ctx, seg.code)
		}
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// executeGo runs Go code: a cell, or the part of one between magic lines.
func (s *Session) executeGo(ctx context.Context, code string) (Result, error) {
	code, isProgram := prepareProgram(code)
	res, err := s.executeChunks(ctx, code)
	if err == nil && isProgram && strings.Contains(code, "func "+mainAlias+"()") && onlyDeclarations(code) {
		// A whole program pasted into a cell (package main ... func main) runs, as
		// `go run` would.
		_, err = s.executeChunks(ctx, mainAlias+"()")
	}
	var ce *CellError
	if errors.As(err, &ce) {
		ce.Value = unaliasMain(ce.Value)
		for i := range ce.Traceback {
			ce.Traceback[i] = unaliasMain(ce.Traceback[i])
		}
	}
	return res, err
}

// onlyDeclarations reports whether code has no top-level statements.
func onlyDeclarations(code string) bool {
	chunks, err := splitCell(code)
	if err != nil {
		return false
	}
	for _, c := range chunks {
		if c.kind == stmtChunk {
			return false
		}
	}
	return true
}

// executeChunks evaluates prepared Go code chunk by chunk.
func (s *Session) executeChunks(ctx context.Context, code string) (res Result, err error) {
	code = s.blankReimports(code)
	code = rewriteSyntax(code, s.rangeOverInt(code), typeSwitchesAsAssertions(), zeroNamedResults, parenthesizeCompositeLits, commaOkIntoVariables, dropBlankTypes,
		selectRecvIntoVariables, hoistSelectChannels(), unparenSelectReceives, parenthesizeReturnedReceives, labeledJumpsOutOfSelect)
	if needed := s.autoImports(code); len(needed) > 0 {
		src := importSource(needed)
		if _, err := s.yi.EvalWithContext(ctx, "\n"+src); err != nil {
			return Result{}, compileError(src, err, 1, nil)
		}
		s.recordImports(parseDecls(src))
	}
	// What the cell declares is remembered before it is instantiated (generic, as
	// written but for the syntax rewrites above, which keep it valid Go), for later
	// cells to be type-checked against, once it has run far enough to declare it.
	defer func(original string) {
		var ce *CellError
		if err == nil || !errors.As(err, &ce) || ce.Name != "CompileError" {
			s.mono.record(original)
		}
	}(code)
	code = s.mono.rewrite(code, s.imports)
	chunks, err := splitCell(code)
	if err != nil {
		return Result{}, compileError(code, err, 0, nil)
	}
	for ci, c := range chunks {
		// The trailing expression of the cell is evaluated on its own, wrapped in a call
		// that hands its values to the session; see evalTrailing.
		last := ci == len(chunks)-1
		if last && c.kind == stmtChunk {
			head, tail := c.items[:len(c.items)-1], c.items[len(c.items)-1]
			if text := code[tail.start:tail.end]; isExpression(text) && !isPrintCall(text) {
				if len(head) > 0 {
					if err := s.eval(ctx, code, buildChunk(code, stmtChunk, head)); err != nil {
						return res, err
					}
				}
				vals, err := s.evalTrailing(ctx, code, buildChunk(code, stmtChunk, []item{tail}))
				res.Values = vals
				return res, err
			}
		}
		var redef *redefinition
		var decls *ast.File
		if c.kind == declChunk {
			decls = parseDecls(c.src)
			if redef = s.planRedefinition(decls); redef != nil {
				if err := s.beginRedefinition(ctx, redef); err != nil {
					return res, &CellError{Name: "RedefinitionError", Value: err.Error(),
						Traceback: []string{ansiRed + "RedefinitionError" + ansiReset + ": " + err.Error()}}
				}
			}
		}
		if err := s.eval(ctx, code, c); err != nil {
			return res, err
		}
		if c.kind == declChunk {
			s.recordImports(decls)
			s.recordTypes(decls, c.src)
			redefined := s.recordFuncs(decls, c.src)
			if redef != nil {
				s.finishRedefinition(ctx, redef)
				continue
			}
			if len(redefined) > 0 {
				now := map[string]bool{}
				for _, k := range redefined {
					now[k] = true
				}
				s.recompileDependents(ctx, redefined, now)
			}
		}
	}
	return res, nil
}

// evalTrailing evaluates a cell's final expression E as show(E), so that its values,
// however many, reach the session with their interpreted types. An expression that
// cannot be an argument (a call with no result, a panic) fails to compile that way and
// is then run as a plain statement; compiling has no side effects, so nothing runs twice.
func (s *Session) evalTrailing(ctx context.Context, code string, c chunk) ([]reflect.Value, error) {
	wrapped := c
	text := code[c.items[0].start:c.items[0].end]
	wrapped.src = strings.TrimSuffix(c.src, text) + runtimeAlias + ".Show(" + text + ")"
	s.shown = s.shown[:0]
	err := s.eval(ctx, code, wrapped)
	var ce *CellError
	if errors.As(err, &ce) && ce.Name == "CompileError" {
		return nil, s.eval(ctx, code, c)
	}
	if err != nil {
		return nil, err
	}
	vals := append([]reflect.Value(nil), s.shown...)
	s.shown = s.shown[:0]
	return vals, nil
}

// eval runs one chunk and turns yaegi's errors into CellErrors positioned in the cell.
func (s *Session) eval(ctx context.Context, code string, c chunk) error {
	// The leading newline keeps yaegi's "package main;" wrapper alone on line 1, so a
	// position reported on line L+1 is the cell's line L, at the same column.
	// Statements get a leading ";" too: yaegi picks declaration or statement mode by
	// the first token, and a statement such as func() {...}() starts like a declaration.
	src := "\n" + c.src
	if c.kind == stmtChunk {
		src = ";" + src
	}
	s.traceMu.Lock()
	s.panicTrace = s.panicTrace[:0]
	s.traceMu.Unlock()
	_, err := s.yi.EvalWithContext(ctx, src)
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		waitEvalStopped()
		return fmt.Errorf("cell %w", ErrInterrupted)
	}
	var p interp.Panic
	if errors.As(err, &p) {
		if ce := unsupportedError(code, p, 1, c.colShift); ce != nil {
			return ce
		}
		s.traceMu.Lock()
		trace := append([]string(nil), s.panicTrace...)
		s.traceMu.Unlock()
		return panicError(p, trace, 1)
	}
	return compileError(code, err, 1, c.colShift)
}

// blankReimports replaces with spaces the imports of packages the session already has
// under the same name: yaegi refuses a second import of a package, but re-running a
// cell that starts with imports is the most ordinary thing in a notebook. Blanking
// keeps every offset, so error positions still match the cell.
func (s *Session) blankReimports(code string) string {
	items, err := splitItems(code)
	if err != nil {
		return code
	}
	var out []byte
	for _, it := range items {
		if !it.isImport {
			continue
		}
		text := code[it.start:it.end]
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.ImportsOnly)
		if err != nil || len(f.Decls) != 1 {
			continue
		}
		gd, ok := f.Decls[0].(*ast.GenDecl)
		if !ok {
			continue
		}
		const prefix = len("package p;")
		blank := func(from, to int) {
			if out == nil {
				out = []byte(code)
			}
			for i := it.start + from - prefix; i < it.start+to-prefix; i++ {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
		}
		kept := 0
		for _, spec := range gd.Specs {
			is := spec.(*ast.ImportSpec)
			if s.alreadyImported(is) {
				blank(int(is.Pos())-1, int(is.End())-1)
			} else {
				kept++
			}
		}
		if kept == 0 && !gd.Lparen.IsValid() {
			blank(int(gd.Pos())-1, int(gd.End())-1)
		}
	}
	if out == nil {
		return code
	}
	return string(out)
}

// alreadyImported reports whether the session has imported spec's path under the name
// spec would give it.
func (s *Session) alreadyImported(spec *ast.ImportSpec) bool {
	p, err := strconv.Unquote(spec.Path.Value)
	if err != nil {
		return false
	}
	name := s.importName(spec, p)
	return s.imports[name] == p
}

// importName is the name an import spec binds: its explicit name, else the package's.
func (s *Session) importName(spec *ast.ImportSpec, p string) string {
	if spec.Name != nil {
		return spec.Name.Name
	}
	if n, ok := s.symbols.nameOf[p]; ok {
		// The package name can differ from the last path element (math/rand/v2).
		return n
	}
	return path.Base(p)
}

// globals returns the session's variables and constants. yaegi's Globals can panic
// on a session whose last evaluation failed half-way; that costs completions, not
// the cell.
func (s *Session) globals() (g map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			g = map[string]reflect.Value{}
		}
	}()
	return s.yi.Globals()
}

// declPrefix turns a declaration chunk into a file that go/parser accepts; positions
// in it are offsets into the chunk plus len(declPrefix)+1.
const declPrefix = "package p;"

// parseDecls parses a declaration chunk once for everything the session records of
// it: imports, types and functions. It returns nil when the chunk does not parse.
func parseDecls(src string) *ast.File {
	f, err := parser.ParseFile(token.NewFileSet(), "", declPrefix+src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	return f
}

// declSource is the text of node n of a file parsed by parseDecls from src.
func declSource(src string, n ast.Node) string {
	return src[int(n.Pos())-1-len(declPrefix) : int(n.End())-1-len(declPrefix)]
}

// recordImports remembers the packages a declaration chunk imported, by the name the
// cell uses for them.
func (s *Session) recordImports(f *ast.File) {
	if f == nil {
		return
	}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := s.importName(spec, p)
		if name != "_" && name != "." {
			s.imports[name] = p
		}
	}
}

// isExpression reports whether src is a Go expression or a list of them
// ("len(xs), cap(xs)"), which a cell shows together, as a multi-value call's results.
func isExpression(src string) bool {
	e, err := parser.ParseExpr("f(" + src + ")")
	if err != nil {
		return false
	}
	call, ok := e.(*ast.CallExpr)
	return ok && !call.Ellipsis.IsValid()
}

// isPrintCall reports whether src calls one of fmt's print functions. Their (n, err)
// results are noise after the text they printed, so a cell ending in fmt.Println shows
// just the printed line, as it would in a terminal.
func isPrintCall(src string) bool {
	e, err := parser.ParseExpr(src)
	if err != nil {
		return false
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Name != "fmt" {
		return false
	}
	switch sel.Sel.Name {
	case "Print", "Printf", "Println", "Fprint", "Fprintf", "Fprintln":
		return true
	}
	return false
}

// evalGoroutineFrame is the function yaegi's EvalWithContext runs the evaluation in.
// After an interrupt EvalWithContext returns at once, while that goroutine finishes the
// node it is in; a native call (time.Sleep, a blocked read) can keep it for long.
const evalGoroutineFrame = "github.com/traefik/yaegi/interp.(*Interpreter).EvalWithContext.func1"

// waitEvalStopped waits until no evaluation goroutine is left, so that the next cell
// never runs beside the remains of an interrupted one. A cell that never stops keeps
// the worker from answering; the kernel's interrupt timeout then replaces the worker.
func waitEvalStopped() {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n == len(buf) {
			buf = make([]byte, 2*len(buf))
			continue
		}
		if !strings.Contains(string(buf[:n]), evalGoroutineFrame) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// yaegiPanicFrame matches the line yaegi writes to its stderr for each interpreted
// frame a panic unwinds through.
var yaegiPanicFrame = regexp.MustCompile(`^(?:[^\s:]*:)?\d+:\d+: panic: .*\n?$`)

// panicTraceFilter is the interpreter's stderr: it keeps yaegi's panic frames for the
// error's traceback and passes everything else (log output) through.
type panicTraceFilter struct {
	s *Session
	w io.Writer
}

func (f *panicTraceFilter) Write(p []byte) (int, error) {
	if yaegiPanicFrame.Match(p) {
		f.s.traceMu.Lock()
		f.s.panicTrace = append(f.s.panicTrace, strings.TrimSpace(string(p)))
		f.s.traceMu.Unlock()
		return len(p), nil
	}
	return f.w.Write(p)
}
