package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"io"
	"log/slog"
	"maps"
	"os"
	"path"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gokernel/gokernel/display"
	"github.com/gokernel/gokernel/interp/generic"
	"github.com/gokernel/gokernel/interp/generic/std"
	"github.com/gokernel/gokernel/interp/prepare"
	"github.com/gokernel/gokernel/interp/symbols"
	"github.com/gokernel/gokernel/snapshot"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	yaegigeneric "github.com/traefik/yaegi/stdlib/generic"
	"github.com/traefik/yaegi/stdlib/syscall"
	"github.com/traefik/yaegi/stdlib/unrestricted"
	"github.com/traefik/yaegi/stdlib/unsafe"
)

// runtimePath is the import path under which the session exposes its own helpers to
// cells (as prepare.RuntimeAlias).
const runtimePath = prepare.RuntimePath

// Options configure a Session.
type Options struct {
	// Stdin is what fmt.Scan and os.Stdin read in cells.
	Stdin io.Reader
	// Stdout and Stderr receive the output of cells.
	Stdout, Stderr io.Writer
	// Log receives the session's own records (at debug level, what the cell pipeline
	// rewrote and why a rewrite gave up); nil discards them. Never the cell's stderr.
	Log *slog.Logger
}

// Session is one interpreter whose state persists from cell to cell.
type Session struct {
	yi   *interp.Interpreter
	opts Options
	// shown collects the values of a cell's trailing expression, set by the runtime
	// helper that the rewritten expression calls.
	shown []reflect.Value
	// deferred are the calls the running cell's top-level defer statements deferred,
	// run when its statements are done (see prepare's topLevelDefers).
	deferred []func()
	// aliases maps each variable to those it may share memory with (see
	// recordAliases in lineage.go).
	aliases map[string]map[string]bool
	// selects is the round of select statements the next interrupt ends (see
	// selects.go), read by the goroutines that run selects.
	selects atomic.Pointer[selectRound]
	// lastPanic is the latest value a cell panicked with that has a message of its
	// own (panic_messages.go).
	lastPanic atomic.Pointer[panicking]
	// views is completion's and inspection's type-checked view of the declarations
	// (complete_types.go).
	views viewCache
	// traceMu guards panicTrace and panicSeqs, which panicking goroutines write.
	traceMu sync.Mutex
	// panicTrace holds yaegi's frame lines of the latest panic of each goroutine that
	// reported one, with the closure each frame ran (see panic_trace.go), in the
	// order they were written: per goroutine, innermost frame first.
	panicTrace []traceLine
	// panicSeqs are the panics whose frame lines are still being written.
	panicSeqs []*panicSeq
	// sources is the code of every chunk the session evaluated, for placing a panic's
	// frames in the cells that declared their functions.
	sources sourceLog
	// imports maps the names cells imported packages under to their paths.
	imports map[string]string
	symbols symbolTable
	// funcs and types are the functions, methods and types cells declared, for
	// redefinition.
	funcs     map[string]*funcRecord
	funcOrder int
	types     map[string]typeRecord
	// typeNames are Go's names for the cells' struct types, for fmt (typenames.go).
	typeNames *typeNames
	// lastType receives the reflect type of a value the runtime's TypeOf was given.
	lastType reflect.Type
	// prep is the cell pipeline: type-check and rewrites (package prepare).
	prep *prepare.Pipeline
	// det seeds math/rand for each execution and records the files it reads.
	det *determinism
	// compiled are the exported types of the compiled packages (compiledTypes), and
	// compiledResolver the resolver of those (compiledNames).
	compiled         []reflect.Type
	compiledResolver snapshot.TypeResolver
	// filesChecked is how far dropCompiledRoots has looked through yaegi's FileSet.
	filesChecked int
	// temporariesChecked is how far releaseTemporaries has looked through yaegi's
	// global frame.
	temporariesChecked int
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
	s := &Session{opts: opts, imports: map[string]string{}, funcs: map[string]*funcRecord{}, types: map[string]typeRecord{}, typeNames: newTypeNames(), det: newDeterminism()}
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
	// Seeded math/rand, and file opens recorded as inputs (determinism.go).
	if err := s.yi.Use(s.det.exports()); err != nil {
		return nil, fmt.Errorf("interp: install seeded math/rand: %w", err)
	}
	// Cells see os.Stdin as the session's reader, so bufio.NewScanner(os.Stdin) asks
	// the frontend for input like fmt.Scan does. Its static type is io.Reader: the
	// price is that *os.File-only methods (Fd, Close) do not compile on it.
	cellStdin := opts.Stdin
	stdin := interp.Exports{"os/os": {"Stdin": reflect.ValueOf(&cellStdin).Elem()}}
	if err := s.yi.Use(stdin); err != nil {
		return nil, fmt.Errorf("interp: install stdin: %w", err)
	}
	// fmt's print functions present cell values as compiled Go would (see fmtfuncs.go);
	// after every Use of the standard library, which would put fmt's own back.
	if err := installFmt(s); err != nil {
		return nil, err
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
			"Defer":   reflect.ValueOf(func(f func()) { s.deferred = append(s.deferred, f) }),
			// For the typed rewrites of mono_typed.go.
			"Any":             reflect.ValueOf((*anyType)(nil)),
			"AssertionFailed": reflect.ValueOf(assertionFailed),
			"Recovered":       reflect.ValueOf(recovered),
			"PanicNilError":   reflect.ValueOf(func() *runtime.PanicNilError { return new(runtime.PanicNilError) }),
			"ErrorsAs":        reflect.ValueOf(errorsAs),
			"ErrorsIs":        reflect.ValueOf(errorsIs),
			"ErrorsUnwrap":    reflect.ValueOf(errorsUnwrap),
			"Panicking":       reflect.ValueOf(s.panicking),
			// For the ranges over functions of prepare/rangefunc.go.
			"RangeContinued": reflect.ValueOf(rangeContinuedPanic),
			// For the select statements of prepare/mono_select.go.
			"Select": reflect.ValueOf(s.selectCases),
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
	if _, err := s.yi.Eval(fmt.Sprintf("import %s %q", prepare.RuntimeAlias, runtimePath)); err != nil {
		return nil, fmt.Errorf("interp: import runtime: %w", err)
	}
	// The pipeline type-checks cells against the same packages the interpreter has:
	// the symbol tables as the interpreter holds them after the Use calls above (a
	// later table's symbol wins), and the generic packages it runs from source.
	tables := map[string]map[string]reflect.Value{}
	// The session's own helpers are there too: the rewrites call them.
	runtime := interp.Exports{runtimePath + "/" + runtimePath: s.yi.Symbols(runtimePath)[runtimePath]}
	for _, exports := range []interp.Exports{stdlib.Symbols, unrestricted.Symbols, syscall.Symbols, unsafe.Symbols, symbols.Symbols, stdin, runtime} {
		for path, syms := range exports {
			if tables[path] == nil {
				tables[path] = syms
				continue
			}
			merged := maps.Clone(tables[path])
			maps.Copy(merged, syms)
			tables[path] = merged
		}
	}
	sources, err := prepare.SourcesByPackage(append(yaegigeneric.Sources[:], generic.Sources...))
	if err != nil {
		return nil, fmt.Errorf("interp: generic library: %w", err)
	}
	// The generic standard library (interp/generic/std, prepare/library.go): the
	// cells are type-checked against Go's own declarations of it, which the kernel
	// instantiates; a package the interpreter lacks altogether (unique) is compiled
	// into it from the same source.
	missing := interp.Exports{}
	for _, p := range std.Packages() {
		_, compiled := tables[p.Path]
		if _, ok := sources[p.Path]; !ok && !compiled {
			// Every use of its declarations is instantiated: the interpreter needs
			// only the package to import.
			missing[p.Path+"/"+path.Base(p.Path)] = map[string]reflect.Value{}
		}
		if p.Whole {
			sources[p.Path] = p.Source
		} else {
			// The generic declarations beside the package's own (iter's source here,
			// or the compiled symbols the importer adds).
			sources[p.Path] = append(sources[p.Path][:len(sources[p.Path]):len(sources[p.Path])], p.Source...)
		}
	}
	s.prep = prepare.New(prepare.Config{
		ImportName: s.importName,
		IntVars:    s.intVars,
		Importer:   prepare.NewImporter(tables, sources),
		Log:        opts.Log,
	})
	for _, src := range generic.Sources {
		if _, err := s.yi.Compile(src); err != nil {
			return nil, fmt.Errorf("interp: generic library: %w", err)
		}
	}
	if err := s.yi.Use(missing); err != nil {
		return nil, fmt.Errorf("interp: generic library: %w", err)
	}
	if _, err := s.yi.Eval(preludeSource); err != nil {
		return nil, fmt.Errorf("interp: prelude: %w", err)
	}
	if _, err := s.yi.Eval(prepare.LibraryImports()); err != nil {
		return nil, fmt.Errorf("interp: generic library: %w", err)
	}
	s.releaseTemporaries() // cells' temporaries start after the prelude's slots
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

// Reseed starts an execution for determinism (determinism.go): the cells' math/rand
// and math/rand/v2 draw from sources seeded with seed, and no file is recorded as read
// yet.
func (s *Session) Reseed(seed uint64) { s.det.reseed(seed) }

// Declarations returns the session's declarations as its cells left them (see
// prepare.Declarations).
func (s *Session) Declarations() prepare.Declarations { return s.prep.Declarations(s.imports) }

// Inputs returns the files read since Reseed, with the hashes of their content.
func (s *Session) Inputs() map[string]string { return s.det.inputs() }

// ErrInterrupted is returned by Execute when the cell was interrupted.
var ErrInterrupted = errors.New("interrupted")

// Execute runs one cell. It returns ErrInterrupted (wrapped) when ctx is cancelled,
// and a *CellError when the cell fails to compile or panics.
func (s *Session) Execute(ctx context.Context, code string) (Result, error) {
	defer s.dropCompiledRoots()
	defer s.beginSelects(ctx)()
	segs := splitMagics(code, s.isGoExpression)
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
	code, isProgram := prepare.PrepareProgram(code)
	res, err := s.executeChunks(ctx, code)
	if err == nil && isProgram && strings.Contains(code, "func "+prepare.MainAlias+"()") && onlyDeclarations(code) {
		// A whole program pasted into a cell (package main ... func main) runs, as
		// `go run` would.
		_, err = s.executeChunks(ctx, prepare.MainAlias+"()")
	}
	var ce *CellError
	if errors.As(err, &ce) {
		ce.Value = prepare.UnaliasMain(ce.Value)
		for i := range ce.Traceback {
			ce.Traceback[i] = prepare.UnaliasMain(ce.Traceback[i])
		}
	}
	return res, err
}

// onlyDeclarations reports whether code has no top-level statements.
func onlyDeclarations(code string) bool {
	chunks, err := prepare.SplitCell(code)
	if err != nil {
		return false
	}
	for _, c := range chunks {
		if c.Kind == prepare.StmtChunk {
			return false
		}
	}
	return true
}

// executeChunks evaluates prepared Go code chunk by chunk.
func (s *Session) executeChunks(ctx context.Context, code string) (res Result, err error) {
	imports := s.imports
	needed := s.autoImports(code)
	if len(needed) > 0 {
		imports = maps.Clone(s.imports)
		maps.Copy(imports, needed)
	}
	code, err = s.prep.Prepare(code, imports)
	var pe *prepare.Error
	if errors.As(err, &pe) {
		name := "CompileError"
		if pe.NotSupported {
			name = "NotSupported"
		}
		return Result{}, positioned(code, name, pe.Msg, pe.Line, pe.Col)
	}
	if len(needed) > 0 {
		src := importSource(needed)
		if _, err := s.yi.EvalWithContext(ctx, "\n"+src); err != nil {
			return Result{}, compileError(src, err, 1, nil)
		}
		s.recordImports(prepare.ParseDecls(src))
	}
	// What the cell declares is remembered, for later cells to be type-checked
	// against, once it has run far enough to declare it. A cell that fails to compile
	// part way is undone: it leaves no name half-declared (see rollback). ran is the
	// offset in code before which every declaration chunk was evaluated: a cell that
	// panics part way declared only those.
	cp := s.checkpoint()
	ran := 0
	defer func() {
		var ce *CellError
		if err == nil || !errors.As(err, &ce) || ce.Name != "CompileError" {
			s.prep.Record(ran)
			s.nameTypes(ctx)
		} else {
			s.rollback(cp)
		}
	}()
	chunks, err := prepare.SplitCell(code)
	if err != nil {
		return Result{}, compileError(code, err, 0, nil)
	}
	s.deferred = s.deferred[:0]
	defer func() {
		if derr := s.runDeferred(); err == nil {
			err = derr
		}
	}()
	for ci, c := range chunks {
		// The trailing expression of the cell is evaluated on its own, wrapped in a call
		// that hands its values to the session; see evalTrailing.
		last := ci == len(chunks)-1
		if last && c.Kind == prepare.StmtChunk {
			head, tail := c.Items[:len(c.Items)-1], c.Items[len(c.Items)-1]
			if text := code[tail.Start:tail.End]; prepare.IsExpression(text) && !isPrintCall(text) {
				if len(head) > 0 {
					if err := s.eval(ctx, code, prepare.BuildChunk(code, prepare.StmtChunk, head)); err != nil {
						return res, err
					}
				}
				vals, err := s.evalTrailing(ctx, code, prepare.BuildChunk(code, prepare.StmtChunk, []prepare.Item{tail}))
				res.Values = vals
				return res, err
			}
		}
		var redef *redefinition
		var decls *ast.File
		if c.Kind == prepare.DeclChunk {
			decls = prepare.ParseDecls(c.Src)
			if redef = s.planRedefinition(decls, c.Line); redef != nil {
				if err := s.beginRedefinition(ctx, redef); err != nil {
					return res, bareError("RedefinitionError", err.Error())
				}
			}
		}
		if err := s.eval(ctx, code, c); err != nil {
			var ce *CellError
			if c.Kind == prepare.DeclChunk && errors.As(err, &ce) && ce.Name == "CompileError" {
				if later := laterDeclarationError(code, chunks, ci, ce); later != nil {
					return res, later
				}
			}
			return res, err
		}
		if c.Kind == prepare.DeclChunk {
			if !c.Items[0].IsImport {
				ran = c.Items[len(c.Items)-1].End
			}
			s.recordImports(decls)
			s.recordTypes(decls, c.Src)
			redefined := s.recordFuncs(decls, c.Src)
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

// runDeferred runs what the cell's top-level defer statements deferred, last first,
// as Go does when a function's statements are done, and after a panic too. A panic
// in a deferred call becomes the cell's error, if it has none yet; the other
// deferred calls still run.
func (s *Session) runDeferred() (err error) {
	for len(s.deferred) > 0 {
		f := s.deferred[len(s.deferred)-1]
		s.deferred = s.deferred[:len(s.deferred)-1]
		func() {
			defer func() {
				if r := recover(); r != nil && err == nil {
					err = panicError(r)
				}
			}()
			f()
		}()
	}
	return err
}

// evalTrailing evaluates a cell's final expression E as show(E), so that its values,
// however many, reach the session with their interpreted types. An expression that
// cannot be an argument (a call with no result, a panic) fails to compile that way and
// is then run as a plain statement; compiling has no side effects, so nothing runs twice.
func (s *Session) evalTrailing(ctx context.Context, code string, c prepare.Chunk) ([]reflect.Value, error) {
	wrapped := c
	text := code[c.Items[0].Start:c.Items[0].End]
	wrapped.Src = strings.TrimSuffix(c.Src, text) + prepare.RuntimeAlias + ".Show(" + text + ")"
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
func (s *Session) eval(ctx context.Context, code string, c prepare.Chunk) error {
	// The leading newline keeps yaegi's "package main;" wrapper alone on line 1, so a
	// position reported on line L+1 is the cell's line L, at the same column.
	// Statements get a leading ";" too: yaegi picks declaration or statement mode by
	// the first token, and a statement such as func() {...}() starts like a declaration.
	src := "\n" + c.Src
	if c.Kind == prepare.StmtChunk {
		src = ";" + src
	}
	// The log of evaluated code places the frames of a later panic in their cells.
	srcLog := &s.sources
	run := srcLog.begin(s.funcs, code, c.Src, c.Kind == prepare.StmtChunk, c.ColShift)
	_, err := s.yi.EvalWithContext(ctx, src)
	if err == nil {
		srcLog.end(run, chunkRan)
		return nil
	}
	if ctx.Err() != nil {
		waitEvalStopped()
		srcLog.end(run, chunkRan)
		return fmt.Errorf("cell %w", ErrInterrupted)
	}
	var p interp.Panic
	if errors.As(err, &p) {
		if ce := unsupportedError(code, p, 1, c.ColShift); ce != nil {
			srcLog.end(run, chunkFailed)
			return ce
		}
		ce := s.evalPanicError(p, code, run)
		srcLog.end(run, panicOutcome(p))
		return ce
	}
	srcLog.end(run, compileOutcome(c.Src))
	return compileError(code, err, 1, c.ColShift)
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

// intVars returns the session's variables of an integer kind.
func (s *Session) intVars() map[string]bool {
	ints := map[string]bool{}
	for name, v := range s.globals() {
		if v.IsValid() && v.Kind() >= reflect.Int && v.Kind() <= reflect.Uintptr {
			ints[name] = true
		}
	}
	return ints
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
	g = s.yi.Globals()
	for name := range g {
		if prepare.IsLibraryName(name) {
			delete(g, name) // the generic library's, declared by the kernel
		}
	}
	return g
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
