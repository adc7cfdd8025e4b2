package prepare

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"log/slog"
	"strconv"
	"strings"
)

// Config is what the pipeline asks of the session it prepares cells for.
type Config struct {
	// ImportName is the name an import spec binds: its explicit name, else the name of
	// the package (which can differ from the last path element: math/rand/v2).
	ImportName func(spec *ast.ImportSpec, path string) string
	// IntVars returns the session's variables of an integer kind.
	IntVars func() map[string]bool
	// Importer imports the packages cells can use, for the type-check (see
	// NewImporter).
	Importer types.Importer
	// Log receives, at debug level, what the pipeline did to a cell and why a rewrite
	// gave up; nil discards it.
	Log *slog.Logger
}

// Pipeline prepares the cells of one session. It remembers what earlier cells
// declared, to type-check later ones against. A session runs one cell at a time, and so
// does its pipeline.
type Pipeline struct {
	cfg  Config
	mono *monomorphizer
	// prepared is the last cell Prepare accepted, as checked, for Record.
	prepared string
}

// New returns the pipeline of a new session.
func New(cfg Config) *Pipeline {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Pipeline{cfg: cfg, mono: newMonomorphizer(cfg.ImportName, cfg.Importer, cfg.Log)}
}

// Warm loads what the first type-checked cell would otherwise wait for; the worker
// calls it while the user writes the first cell.
func (p *Pipeline) Warm() { p.mono.warm() }

// Prepare turns a cell into the source the interpreter runs: it type-checks the cell
// as written against the session (an *Error, in the compiler's words at the cell's
// position, when the compiler would reject it), then rewrites it, in this order:
//
//  1. blankReimports: yaegi refuses a second import of a package;
//  2. the syntax passes, over one parse of each top-level item (rewrite.go):
//     tagUnexportedFields (yaegi exports unexported fields as X+name to reflect),
//     varsFromShortVars (yaegi's package-level initializers cannot read := variables),
//     unnamedVarFuncParams (yaegi takes a var's func type's parameter names for
//     session variables),
//     rangeOverInt (yaegi v0.16.1 has no range over an integer),
//     typeSwitchesAsAssertions (yaegi compares type names as strings in type switches),
//     expressionSwitches (yaegi evaluates a switch's tag before its init statement,
//     and compares only the first of a case's expressions),
//     zeroNamedResults (yaegi stores call results into the assigned variable's slot),
//     parenthesizeCompositeLits (yaegi drops values beside a composite literal),
//     commaOkIntoVariables (yaegi stores a comma-ok value into an interface as is),
//     dropBlankTypes (yaegi cannot declare type _), and the select passes
//     selectRecvIntoVariables, hoistSelectChannels, unparenSelectReceives,
//     parenthesizeReturnedReceives, labeledJumpsOutOfSelect (yaegi's select),
//     perIterationLoopVars (yaegi shares a loop variable across iterations),
//     topLevelDefers (yaegi keeps a cell's defers in its main frame for good),
//     recoveredValues (yaegi's recover returns the value in a reflect.Value),
//     panicNilValues (yaegi's panic(nil) is no *runtime.PanicNilError),
//     taglessCaseLists (yaegi tests only the first of a tagless case's list);
//     then tagUnexportedFields once more, over what the other passes wrote;
//  3. instantiation of generic functions and types (mono.go: yaegi's generics are
//     unreliable), then selectsOntoReflect (mono_select.go: yaegi shares a select's
//     case list between the goroutines running it), then the typed rewrites
//     (mono_typed.go).
//
// Every pass keeps every line of the cell where it was, so the interpreter's errors
// still point at the user's line. imports are the session's packages by the name they
// were imported under, with those the cell will be given by auto-import.
func (p *Pipeline) Prepare(code string, imports map[string]string) (string, error) {
	code = p.blankReimports(code, imports)
	p.prepared = ""
	if err := p.mono.typeCheck(code, imports); err != nil {
		return code, err
	}
	p.prepared = code
	rangeInts := map[*ast.RangeStmt]bool{} // the loops rangeOverInt rewrites, for perIterationLoopVars
	code, dropped := rewriteSyntaxDropping(code, tagUnexportedFields, varsFromShortVars(p.mono.shortVars()), unnamedVarFuncParams, rangeOverInt(code, p.cfg.IntVars, rangeInts), typeSwitchesAsAssertions(), expressionSwitches(), zeroNamedResults, parenthesizeCompositeLits, commaOkIntoVariables, dropBlankTypes,
		selectRecvIntoVariables, hoistSelectChannels(), unparenSelectReceives, parenthesizeReturnedReceives, labeledJumpsOutOfSelect, perIterationLoopVars(rangeInts), topLevelDefers, recoveredValues, panicNilValues, taglessCaseLists)
	if dropped > 0 {
		p.cfg.Log.Debug("syntax rewrites overlapped: some were not made", "cell", p.prepared, "dropped", dropped)
	}
	if strings.Contains(code, "struct") {
		// Tags are part of a struct type's identity: a struct type that another pass
		// copied into its rewrite (a type switch's case struct{ a, b T }) is tagged
		// as its twins elsewhere were. The pass skips what is tagged already.
		code = rewriteSyntax(code, tagUnexportedFields)
	}
	code = p.mono.rewrite(code, imports)
	if code != p.prepared {
		p.cfg.Log.Debug("cell rewritten", "cell", p.prepared, "to", code)
	}
	return code, nil
}

// Record remembers what the cell last prepared declared, for later cells to be
// type-checked against. The session calls it once the cell has run far enough to have
// declared it. ran is the offset in the prepared cell (what Prepare returned) before
// which its declarations were evaluated: its length when the whole cell ran, less when
// a panic stopped it. The declarations the rewrite added after ran (the instances a
// later part of the cell uses) were never declared in the interpreter: the next cell
// that needs them declares them.
func (p *Pipeline) Record(ran int) {
	if p.prepared != "" {
		p.mono.record(p.prepared, ran)
	}
}

// blankReimports replaces with spaces the imports of packages the session already has
// under the same name: yaegi refuses a second import of a package, but re-running a
// cell that starts with imports is the most ordinary thing in a notebook. Blanking
// keeps every offset, so error positions still match the cell.
func (p *Pipeline) blankReimports(code string, imports map[string]string) string {
	items, err := SplitItems(code)
	if err != nil {
		return code
	}
	var out []byte
	for _, it := range items {
		if !it.IsImport {
			continue
		}
		text := code[it.Start:it.End]
		f, err := parser.ParseFile(token.NewFileSet(), "", DeclPrefix+text, parser.ImportsOnly)
		if err != nil || len(f.Decls) != 1 {
			continue
		}
		gd, ok := f.Decls[0].(*ast.GenDecl)
		if !ok {
			continue
		}
		blank := func(from, to int) {
			if out == nil {
				out = []byte(code)
			}
			for i := it.Start + from - len(DeclPrefix); i < it.Start+to-len(DeclPrefix); i++ {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
		}
		kept := 0
		for _, spec := range gd.Specs {
			is := spec.(*ast.ImportSpec)
			if path, err := strconv.Unquote(is.Path.Value); err == nil && imports[p.cfg.ImportName(is, path)] == path {
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
