package prepare

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gokernel/gokernel/interp/generic"
	"github.com/gokernel/gokernel/interp/symbols"
	"github.com/traefik/yaegi/stdlib"
	yaegigeneric "github.com/traefik/yaegi/stdlib/generic"
	"github.com/traefik/yaegi/stdlib/syscall"
	"github.com/traefik/yaegi/stdlib/unrestricted"
	"github.com/traefik/yaegi/stdlib/unsafe"
)

// cellTables are the compiled tables a session hands yaegi: the standard library
// and the project's packages.
func cellTables() map[string]map[string]reflect.Value {
	tables := map[string]map[string]reflect.Value{}
	for _, exports := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols} {
		for k, v := range exports {
			tables[k] = v
		}
	}
	tables[RuntimePath+"/"+RuntimePath] = runtimeSignatures
	return tables
}

// runtimeSignatures stand for the session's helpers (interp/session.go), which this
// package cannot import: the rewrites' output type-checks against them.
var runtimeSignatures = map[string]reflect.Value{
	"Defer":         reflect.ValueOf(func(func()) {}),
	"Select":        reflect.ValueOf(func(string, ...any) int { panic("stub") }),
	"PanicNilError": reflect.ValueOf(func() *runtime.PanicNilError { panic("stub") }),
	// The range-over-func rewrite (rangefunc.go) calls it, here in the instances of
	// the library's iterators (slices.Collect, maps.Keys).
	"RangeContinued": reflect.ValueOf(func() {}),
}

// cellSources are the generic packages yaegi runs from source, then the project's
// additions, in the order the session compiles them.
func cellSources(tb testing.TB) map[string][]string {
	srcs, err := SourcesByPackage(append(yaegigeneric.Sources[:], generic.Sources...))
	if err != nil {
		tb.Fatal(err)
	}
	return srcs
}

func newCellImporter(tb testing.TB) *Importer {
	return NewImporter(cellTables(), cellSources(tb))
}

// differentialPackages are compared against go/importer's source importer: the
// sample the brief asks for, then packages that exercise harder cases (unexported
// embedded types in a cycle, interfaces with unexported methods, yaegi's own
// replacement of log.Logger, methods redeclared over promoted ones).
var differentialPackages = []string{
	"fmt", "strings", "strconv", "sort", "time", "math", "os", "io", "bufio", "bytes",
	"errors", "encoding/json", "net/url", "context", "sync", "regexp", "unicode/utf8",
	"math/rand",
	"testing", "go/ast", "log", "image/color", "text/template/parse",
}

// differentialExempt are symbols whose difference is right: yaegi's table replaces
// them, so the importer reports what a cell really gets.
var differentialExempt = map[string]string{
	"log.New":    "yaegi's table exports its own log.New returning *stdlib.logLogger, a wrapper that routes Fatal and Panic through the interpreter",
	"log.Logger": "yaegi's table exports its wrapper type stdlib.logLogger as log.Logger",
}

// TestImporterDifferential compares every symbol of the symbol tables with the same
// symbol type-checked from GOROOT's source. yaegi's tables list the names of Go 1.22
// while the reflect values, like GOROOT, are of the running Go, so names are compared
// where both have them and types and method sets compare whole.
//
// canonType prints both sides the same way where reflect cannot know the source
// spelling; each such difference is named there. The methods a type declares may
// differ in one way only (see compareDeclared). differentialExempt lists the
// symbols yaegi replaces. Nothing else is exempt.
func TestImporterDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the standard library from source")
	}
	src := importer.ForCompiler(token.NewFileSet(), "source", nil)
	im := newCellImporter(t)
	for _, path := range differentialPackages {
		t.Run(path, func(t *testing.T) {
			want, err := src.Import(path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := im.Import(path)
			if err != nil {
				t.Fatal(err)
			}
			compared := 0
			for _, name := range got.Scope().Names() {
				w := want.Scope().Lookup(name)
				if w == nil {
					t.Logf("%s.%s: not in GOROOT's source", path, name)
					continue
				}
				if reason, ok := differentialExempt[path+"."+name]; ok {
					t.Logf("%s.%s: exempt: %s", path, name, reason)
					continue
				}
				compared++
				g := got.Scope().Lookup(name)
				if gs, ws := describeObject(g), describeObject(w); gs != ws {
					t.Errorf("%s.%s:\n got %s\nwant %s", path, name, gs, ws)
				}
				compareDeclared(t, g, w)
			}
			if compared == 0 || compared < len(got.Scope().Names())*9/10 {
				t.Errorf("compared %d of %d names", compared, len(got.Scope().Names()))
			}
		})
	}
}

// describeObject is what the differential test compares: the kind of object, its
// type, a constant's value, and for a defined type its underlying type and the
// method sets of T and *T (exported methods).
func describeObject(obj types.Object) string {
	var b strings.Builder
	switch obj := obj.(type) {
	case *types.Func:
		b.WriteString("func " + canonType(obj.Type()))
	case *types.Var:
		b.WriteString("var " + canonType(obj.Type()))
	case *types.Const:
		b.WriteString("const " + canonType(obj.Type()) + " = " + obj.Val().String())
	case *types.TypeName:
		if obj.IsAlias() {
			return "type = " + canonType(obj.Type())
		}
		named := obj.Type().(*types.Named)
		b.WriteString("type " + canonType(named.Underlying()))
		b.WriteString("\n\tT " + methodSet(named))
		b.WriteString("\n\t*T " + methodSet(types.NewPointer(named)))
	default:
		b.WriteString(obj.String())
	}
	return b.String()
}

// compareDeclared compares the exported methods a defined type declares (rather than
// promotes). Reflect cannot tell a method declared with the same signature as one
// promoted from an embedded field (image/color.NYCbCrA.RGBA over YCbCr.RGBA) from
// the promoted one, so the importer may declare fewer methods than the source when
// the method sets, compared by describeObject, are the same; never more or others.
func compareDeclared(t *testing.T, got, want types.Object) {
	gt, ok := got.(*types.TypeName)
	if !ok || gt.IsAlias() {
		return
	}
	g := declaredMethods(gt.Type().(*types.Named))
	w := declaredMethods(want.Type().(*types.Named))
	for m := range g {
		if !w[m] {
			t.Errorf("%s declares %s, the source does not", gt.Name(), m)
		}
	}
	for m := range w {
		if !g[m] {
			t.Logf("%s: %s is declared in source, promoted here (same method sets)", gt.Name(), m)
		}
	}
}

func declaredMethods(n *types.Named) map[string]bool {
	ms := map[string]bool{}
	for i := range n.NumMethods() {
		m := n.Method(i)
		if !m.Exported() {
			continue
		}
		recv := ""
		if _, ok := m.Signature().Recv().Type().(*types.Pointer); ok {
			recv = "*"
		}
		ms[recv+m.Name()+" "+canonType(m.Type())] = true
	}
	return ms
}

func methodSet(t types.Type) string {
	set := types.NewMethodSet(t)
	var ms []string
	for i := range set.Len() {
		if m := set.At(i).Obj(); m.Exported() {
			ms = append(ms, m.Name()+" "+canonType(m.Type()))
		}
	}
	return strings.Join(ms, "; ")
}

// canonType prints a type with package paths in full and with the differences
// reflect cannot see printed alike on both sides:
//   - parameter and result names are left out (reflect has none);
//   - byte prints as uint8 and rune as int32 (aliases reflect cannot tell apart);
//   - an untyped rune constant's type prints as untyped int (yaegi's tables write
//     rune constants as integer literals, e.g. utf8.RuneError);
//   - aliases print as what they denote (any is interface{});
//   - an interface prints its full method set, not its embedded interfaces
//     (reflect lists methods flat);
//   - a generic instantiation prints as its generic type's name with "[...]":
//     reflect gives only a formatted name, not the type arguments.
func canonType(t types.Type) string {
	var b strings.Builder
	writeCanon(&b, t)
	return b.String()
}

func writeCanon(b *strings.Builder, t types.Type) {
	switch t := t.(type) {
	case *types.Alias:
		writeCanon(b, types.Unalias(t))
	case *types.Basic:
		k := t.Kind()
		if k == types.UntypedRune {
			k = types.UntypedInt
		}
		b.WriteString(types.Typ[k].Name())
	case *types.Named:
		writeNamed(b, t)
	case *types.Pointer:
		b.WriteString("*")
		writeCanon(b, t.Elem())
	case *types.Slice:
		b.WriteString("[]")
		writeCanon(b, t.Elem())
	case *types.Array:
		b.WriteString("[" + strconv.FormatInt(t.Len(), 10) + "]")
		writeCanon(b, t.Elem())
	case *types.Map:
		b.WriteString("map[")
		writeCanon(b, t.Key())
		b.WriteString("]")
		writeCanon(b, t.Elem())
	case *types.Chan:
		b.WriteString([]string{types.SendRecv: "chan ", types.SendOnly: "chan<- ", types.RecvOnly: "<-chan "}[t.Dir()])
		writeCanon(b, t.Elem())
	case *types.Signature:
		writeSignature(b, t)
	case *types.Struct:
		writeStruct(b, t)
	case *types.Interface:
		writeInterface(b, t)
	default:
		b.WriteString(t.String())
	}
}

func writeNamed(b *strings.Builder, t *types.Named) {
	obj := t.Origin().Obj()
	if obj.Pkg() != nil {
		b.WriteString(obj.Pkg().Path() + ".")
	}
	name, _, generic := strings.Cut(obj.Name(), "[")
	b.WriteString(name)
	if generic || t.TypeArgs().Len() > 0 {
		b.WriteString("[...]")
	}
}

func writeSignature(b *strings.Builder, sig *types.Signature) {
	b.WriteString("func(")
	for i := range sig.Params().Len() {
		if i > 0 {
			b.WriteString(", ")
		}
		pt := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			b.WriteString("...")
			pt = pt.(*types.Slice).Elem()
		}
		writeCanon(b, pt)
	}
	b.WriteString(") (")
	for i := range sig.Results().Len() {
		if i > 0 {
			b.WriteString(", ")
		}
		writeCanon(b, sig.Results().At(i).Type())
	}
	b.WriteString(")")
}

func writeStruct(b *strings.Builder, s *types.Struct) {
	b.WriteString("struct{")
	for i := range s.NumFields() {
		f := s.Field(i)
		if i > 0 {
			b.WriteString("; ")
		}
		if f.Embedded() {
			b.WriteString("embedded ")
		}
		b.WriteString(qualifiedName(f) + " ")
		writeCanon(b, f.Type())
		if tag := s.Tag(i); tag != "" {
			b.WriteString(" " + strconv.Quote(tag))
		}
	}
	b.WriteString("}")
}

func writeInterface(b *strings.Builder, it *types.Interface) {
	b.WriteString("interface{")
	for i := range it.NumMethods() {
		if i > 0 {
			b.WriteString("; ")
		}
		m := it.Method(i)
		b.WriteString(qualifiedName(m))
		writeCanon(b, m.Type())
	}
	b.WriteString("}")
}

// qualifiedName is an object's name, with its package path when it is unexported
// (the package is part of the identity of an unexported name).
func qualifiedName(obj types.Object) string {
	if obj.Exported() || obj.Pkg() == nil || obj.Name() == "_" {
		return obj.Name()
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

// checkCell type-checks a cell-like file with the importer and returns the first
// error, or "".
func checkCell(im types.Importer, src string) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", "package cell\n"+src, parser.SkipObjectResolution)
	if err != nil {
		return err.Error()
	}
	conf := types.Config{Importer: im}
	if _, err := conf.Check("cell", fset, []*ast.File{f}, nil); err != nil {
		return err.Error()
	}
	return ""
}

func TestImporterCheck(t *testing.T) {
	im := newCellImporter(t) // shared: packages built for one snippet serve the next
	for _, tc := range []struct {
		name, src, wantErr string
	}{
		{"println", `import "fmt"
			func f() { fmt.Println("hi", 1, nil); fmt.Printf("%d\n", 2) }`, ""},
		{"atoi one var", `import "strconv"
			func f() { x := strconv.Atoi("1"); _ = x }`,
			"assignment mismatch: 1 variable but strconv.Atoi returns 2 values"},
		{"atoi", `import "strconv"
			func f() (int, error) { return strconv.Atoi("1") }`, ""},
		{"math constants", `import "math"
			const half = math.MaxInt64 / 2
			var _ int64 = half*2 + 1
			const tau = 2 * math.Pi
			var _ float32 = tau
			var _ [math.MaxInt8 / 42]int = [3]int{}`, ""},
		{"math overflow", `import "math"
			var _ int32 = math.MaxInt64`, "as int32 value in variable declaration (overflows)"},
		{"file mode", `import "os"
			var m os.FileMode = os.ModeDir | os.ModePerm
			var _ = m.IsDir()
			const _ = os.ModeDir | os.ModePerm`, ""},
		{"reader", `import ("io"; "strings")
			var r io.Reader = strings.NewReader("x")`, ""},
		{"reader by value", `import ("io"; "strings")
			var r io.Reader = strings.Reader{}`, "method Read has pointer receiver"},
		{"scanner", `import ("bufio"; "os")
			func f() { s := bufio.NewScanner(os.Stdin); for s.Scan() { _ = s.Text() } }`, ""},
		{"promoted methods", `import "bufio"
			func f(rw *bufio.ReadWriter) error { _, _ = rw.ReadString('\n'); _, _ = rw.WriteString("x"); return rw.Flush() }`, ""},
		{"sort.Slice", `import "sort"
			func f() { x := []int{3, 1}; sort.Slice(x, func(i, j int) bool { return x[i] < x[j] }) }`, ""},
		{"duration", `import "time"
			var d time.Duration = 3 * time.Second
			var _ = d * time.Second
			func f() { time.Sleep(d); _ = time.Now().Add(d).Sub(time.Now()).Seconds() }`, ""},
		{"duration times int", `import "time"
			var n = 3
			var _ = n * time.Second`, "mismatched types int and time.Duration"},
		{"not comparable", `import "strings"
			func f(a, b strings.Builder) bool { return a == b }`, "cannot be compared"},
		{"unexported field", `import "time"
			var _ = time.Time{wall: 1}`, "wall"},
		{"handler func", `import "net/http"
			var _ http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200); _ = r.URL.Query().Get("q") })`, ""},
		{"json", `import "encoding/json"
			func f() ([]byte, error) { return json.MarshalIndent(map[string]any{"a": 1}, "", " ") }`, ""},
		{"mat", `import "gonum.org/v1/gonum/mat"
			func f() float64 {
				m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
				var _ mat.Matrix = m
				var v mat.VecDense
				v.MulVec(m, mat.NewVecDense(2, nil))
				return m.At(0, 1) + v.AtVec(0)
			}`, ""},
		{"mat wrong args", `import "gonum.org/v1/gonum/mat"
			var _ = mat.NewDense(2, 2)`, "not enough arguments in call to mat.NewDense"},
		{"als", `import ("context"; "github.com/gokernel/gokernel/mllib/als"; "github.com/gokernel/gokernel/mllib/sparse")
			func f() (float32, error) {
				m, err := sparse.NewCSR(2, 2, []sparse.Triplet{{Row: 0, Col: 1, Value: 1}})
				if err != nil { return 0, err }
				model, err := als.Fit(context.Background(), m, als.Options{Factors: 8, Solver: als.Cholesky})
				if err != nil { return 0, err }
				recs, err := model.Recommend(0, 5, true)
				return recs[0].Score, err
			}`, ""},
		{"display", `import "github.com/gokernel/gokernel/display"
			func f() { display.HTML("<b>x</b>"); display.Markdown("*x*"); var _ string = display.MIMEHTML }`, ""},
		{"slices and maps from source", `import ("maps"; "slices")
			func f() []string {
				x := []int{3, 1, 2}
				slices.Sort(x)
				slices.Reverse(x)
				_ = slices.Contains(x, 1) && slices.Index(x, 2) > 0
				keys := slices.Collect(maps.Keys(map[string]int{"a": 1}))
				slices.Sort(keys)
				return keys
			}`, ""},
		{"slices.Sort of structs", `import "slices"
			func f() { slices.Sort([]struct{}{}) }`, "does not satisfy"},
		{"iter from source", `import "iter"
			func f(s iter.Seq[int]) { s(func(int) bool { return true }) }`, ""},
		{"recursive type", `import "container/list"
			func f() int {
				l := list.New()
				l.PushBack(1)
				n := 0
				for e := l.Front(); e != nil; e = e.Next() { n += e.Value.(int) }
				return n
			}`, ""},
		{"unexported interface methods", `import "go/ast"
			var _ ast.Expr = &ast.Ident{Name: "x"}
			var _ ast.Stmt = &ast.ExprStmt{X: ast.NewIdent("y")}`, ""},
		{"closed interface", `import ("go/ast"; "go/token")
			type myExpr struct{}
			func (myExpr) Pos() token.Pos { return 0 }
			func (myExpr) End() token.Pos { return 0 }
			var _ ast.Expr = myExpr{}`, "missing method exprNode"},
		{"unsafe", `import "unsafe"
			var _ = unsafe.Sizeof(int64(0))`, ""},
		{"not available", `import "github.com/foo/bar"
			var _ = bar.X`, "package github.com/foo/bar is not available in cells"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := checkCell(im, tc.src)
			switch {
			case tc.wantErr == "" && got != "":
				t.Errorf("unexpected error: %s", got)
			case tc.wantErr != "" && !strings.Contains(got, tc.wantErr):
				t.Errorf("error %q, want it to contain %q", got, tc.wantErr)
			}
		})
	}
}

func TestImporterIdentity(t *testing.T) {
	im := newCellImporter(t)
	bufio, err := im.Import("bufio")
	if err != nil {
		t.Fatal(err)
	}
	param := bufio.Scope().Lookup("NewReader").Type().(*types.Signature).Params().At(0).Type()
	ioPkg := param.(*types.Named).Obj().Pkg()
	if ioPkg.Scope().Lookup("Copy") != nil {
		t.Errorf("importing bufio declared io.Copy: dependencies should only get the types they use")
	}
	io, err := im.Import("io")
	if err != nil {
		t.Fatal(err)
	}
	if io != ioPkg {
		t.Errorf("io imported directly is not the io of bufio's signatures")
	}
	if reader := io.Scope().Lookup("Reader").Type(); reader != param {
		t.Errorf("io.Reader %p is not bufio.NewReader's parameter type %p", reader, param)
	}
	if io.Scope().Lookup("Copy") == nil {
		t.Errorf("importing io did not declare io.Copy")
	}
	again, _ := im.Import("bufio")
	if again != bufio {
		t.Errorf("second import built a new package")
	}
}

// TestImporterMethods checks the method rules: promoted methods are not declared,
// pointer-receiver methods are, and recursive types end.
func TestImporterMethods(t *testing.T) {
	im := newCellImporter(t)
	bufio, _ := im.Import("bufio")
	rw := bufio.Scope().Lookup("ReadWriter").Type().(*types.Named)
	if rw.NumMethods() != 0 {
		t.Errorf("bufio.ReadWriter declares %d methods, want 0 (all are promoted)", rw.NumMethods())
	}
	if types.NewMethodSet(types.NewPointer(rw)).Lookup(nil, "Flush") == nil {
		t.Errorf("*bufio.ReadWriter has no Flush")
	}
	list, _ := im.Import("container/list")
	elem := list.Scope().Lookup("Element").Type().(*types.Named)
	next := methodNamed(elem, "Next")
	if next == nil {
		t.Fatal("list.Element has no Next")
	}
	if res, ok := next.Signature().Results().At(0).Type().(*types.Pointer); !ok || res.Elem() != elem {
		t.Errorf("list.Element.Next returns %v, want *list.Element", next.Signature().Results())
	}
	if _, ok := next.Signature().Recv().Type().(*types.Pointer); !ok {
		t.Errorf("list.Element.Next has a value receiver")
	}
	fmtPkg, _ := im.Import("fmt")
	errorf := fmtPkg.Scope().Lookup("Errorf").Type().(*types.Signature)
	if !errorf.Variadic() {
		t.Errorf("fmt.Errorf is not variadic")
	}
}

func methodNamed(n *types.Named, name string) *types.Func {
	for i := range n.NumMethods() {
		if n.Method(i).Name() == name {
			return n.Method(i)
		}
	}
	return nil
}

// TestImporterSourceMerge checks the rules for packages run from source: a later
// file's declaration replaces an earlier one, and compiled symbols the source does
// not declare are added.
func TestImporterSourceMerge(t *testing.T) {
	tables := map[string]map[string]reflect.Value{
		"demo/demo": {
			"A":     reflect.ValueOf(strings.ToUpper), // declared by the source too: the source wins
			"Upper": reflect.ValueOf(strings.ToUpper),
		},
		"strings/strings": stdlib.Symbols["strings/strings"],
	}
	sources := map[string][]string{"demo": {
		"package demo\nimport \"strings\"\nfunc A() int { return 1 }\nfunc B() string { return strings.Repeat(\"x\", 2) }",
		"package demo\nfunc A() bool { return true }",
	}}
	im := NewImporter(tables, sources)
	demo, err := im.Import("demo")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"A":     "func demo.A() bool",
		"B":     "func demo.B() string",
		"Upper": "func demo.Upper(string) string",
	} {
		obj := demo.Scope().Lookup(name)
		if obj == nil {
			t.Errorf("%s not declared", name)
			continue
		}
		if got := types.ObjectString(obj, nil); got != want {
			t.Errorf("%s: got %s, want %s", name, got, want)
		}
	}
}

func TestImporterSourceErrors(t *testing.T) {
	im := NewImporter(nil, map[string][]string{"bad": {"package bad\nfunc F() Missing { return nil }"}})
	if _, err := im.Import("bad"); err == nil || !strings.Contains(err.Error(), "package bad from source") {
		t.Errorf("error %v, want a type error of package bad", err)
	}
	if _, err := im.Import("fmt"); err == nil || err.Error() != "package fmt is not available in cells" {
		t.Errorf("error %v, want fmt not available", err)
	}
}

// TestImporterAllTables builds every package a cell can import, to catch a reflect
// shape the importer does not handle (it must not panic), and checks that every
// source package type-checks.
func TestImporterAllTables(t *testing.T) {
	tables := cellTables()
	for _, exports := range []map[string]map[string]reflect.Value{syscall.Symbols, unrestricted.Symbols, unsafe.Symbols} {
		for k, v := range exports {
			tables[k] = v
		}
	}
	im := NewImporter(tables, cellSources(t))
	for key := range tables {
		i := strings.LastIndexByte(key, '/')
		if i <= 0 {
			continue
		}
		if _, err := im.Import(key[:i]); err != nil {
			t.Errorf("%s: %v", key[:i], err)
		}
	}
	for path := range cellSources(t) {
		if _, err := im.Import(path); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// TestImporterConcurrentImport imports from several goroutines (run with -race):
// each package is built once and all callers get the same object.
func TestImporterConcurrentImport(t *testing.T) {
	im := newCellImporter(t)
	paths := []string{"net/http", "bufio", "io", "gonum.org/v1/gonum/mat", "slices", "fmt"}
	got := make([][]*types.Package, 4)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			for i := range paths {
				p, err := im.Import(paths[(i+g)%len(paths)])
				if err != nil {
					t.Error(err)
				}
				got[g] = append(got[g], p)
			}
		})
	}
	wg.Wait()
	for g := range got {
		for i, p := range got[g] {
			if want, _ := im.Import(paths[(i+g)%len(paths)]); p != want {
				t.Errorf("goroutine %d got another %s", g, p.Path())
			}
		}
	}
}

func benchmarkImport(b *testing.B, path string) {
	tables, sources := cellTables(), cellSources(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewImporter(tables, sources).Import(path); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkImportFmt(b *testing.B)     { benchmarkImport(b, "fmt") }
func BenchmarkImportNetHTTP(b *testing.B) { benchmarkImport(b, "net/http") }
func BenchmarkImportMat(b *testing.B)     { benchmarkImport(b, "gonum.org/v1/gonum/mat") }
func BenchmarkImportSlices(b *testing.B)  { benchmarkImport(b, "slices") }
