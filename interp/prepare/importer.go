package prepare

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// Importer imports, for go/types, the packages cells can use: compiled ones from the
// interpreter's symbol tables, and packages the interpreter runs from Go source.
//
// There is no Go source for most of these packages at run time (gonum and the ML
// library are compiled into the worker, outside any module), and type-checking the
// standard library from source costs about a second; but the worker holds a reflect
// value for every exported name. A package is built from those values when it is
// first imported and kept for the importer's life. Types are canonical: there is one
// types.Type per reflect.Type, so io.Reader reached through bufio's signatures is the
// same object as io.Reader imported directly. A package whose types are only
// referenced (internal/poll, or io before a cell imports it) gets a package object
// holding just those types; importing it later fills its scope in place.
//
// What reflect cannot tell, the importer cannot know: parameter names (all params
// are unnamed), byte from uint8 (uint8 is shown as byte, the usual spelling in APIs),
// rune from int32 (shown as int32), untyped rune constants from untyped int ones
// (yaegi's tables write both as integer literals), interface embedding (an interface
// lists all its methods flat), the type arguments of generic instantiations (such a
// type is a plain named type called, say, "Pointer[net/http.conn]"), and the
// unexported methods of concrete types (see hiddenIface for the repair).
//
// Import may be called from several goroutines, but the packages it returns keep
// growing as later imports fill in packages that were only referenced (and declare
// unexported methods, see hiddenIface): type-check with one goroutine at a time.
type Importer struct {
	mu      sync.Mutex
	fset    *token.FileSet
	tables  map[string]map[string]reflect.Value // compiled packages by import path
	names   map[string]string                   // import path -> package name, from the table keys
	sources map[string][]string                 // source packages by import path

	pkgs    map[string]*types.Package // every package object handed out, full or not
	loaded  map[string]bool           // packages whose scope is fully declared
	failed  map[string]error          // source packages that did not type-check
	loading map[string]bool           // source packages being type-checked, to stop cycles
	// types is keyed by reflect.Type, not by (PkgPath, Name): the two agree for
	// package-level types, and function-local types, which may share a name with a
	// package-level one, stay apart.
	types map[reflect.Type]types.Type

	// Methods are declared after the type graph they belong to is built (see flush).
	pending    []namedType
	undeclared map[*types.Named]reflect.Type
	// concrete are the named non-interface types whose methods are declared; hidden
	// are the interfaces with unexported methods (see addHidden).
	concrete  []namedType
	hidden    []hiddenIface
	newHidden []hiddenIface
}

// namedType is a named type built from reflect, with the reflect type it came from.
type namedType struct {
	rt    reflect.Type
	named *types.Named
}

// hiddenIface is an interface with unexported methods. Reflect lists no unexported
// methods of concrete types, so without help *ast.Ident would not implement ast.Expr
// (which needs exprNode). reflect.Type.Implements does see them, so the importer
// declares an interface's unexported methods on every type of the same package that
// implements it.
type hiddenIface struct {
	rt       reflect.Type
	unexport []*types.Func
}

// NewImporter returns an importer for the compiled packages in tables, keyed
// "importpath/pkgname" as yaegi's Interpreter.Use takes them (merge the tables in the
// order they are passed to Use first: later ones win), and for the packages in
// sources, keyed by import path, each a list of Go source files compiled in order.
// A package in both is its source declarations plus the compiled symbols the source
// does not declare.
func NewImporter(tables map[string]map[string]reflect.Value, sources map[string][]string) *Importer {
	im := &Importer{
		fset:    token.NewFileSet(),
		tables:  make(map[string]map[string]reflect.Value, len(tables)),
		names:   make(map[string]string, len(tables)),
		sources: sources,
		pkgs:    map[string]*types.Package{},
		loaded:  map[string]bool{},
		failed:  map[string]error{},
		loading: map[string]bool{},
		types:   map[reflect.Type]types.Type{},

		undeclared: map[*types.Named]reflect.Type{},
	}
	for key, syms := range tables {
		i := strings.LastIndexByte(key, '/')
		if i <= 0 {
			continue // yaegi's "." entry holds MapTypes, not a package
		}
		p := key[:i]
		im.names[p] = key[i+1:]
		prev, ok := im.tables[p]
		if !ok {
			// Shared, not copied: copying every table would cost more than
			// building a package.
			im.tables[p] = syms
			continue
		}
		merged := make(map[string]reflect.Value, len(prev)+len(syms))
		for _, t := range []map[string]reflect.Value{prev, syms} {
			for name, v := range t {
				merged[name] = v
			}
		}
		im.tables[p] = merged
	}
	return im
}

// Import returns the package at path, building it on first use.
func (im *Importer) Import(path string) (*types.Package, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.load(path)
}

// ImportFrom is Import: cells have no directory and no vendoring, so dir and mode
// change nothing.
func (im *Importer) ImportFrom(path, dir string, mode types.ImportMode) (*types.Package, error) {
	return im.Import(path)
}

// lockedImporter is the importer that source packages are type-checked with: it runs
// inside Import, which already holds the mutex.
type lockedImporter struct{ im *Importer }

func (l lockedImporter) Import(path string) (*types.Package, error) { return l.im.load(path) }

func (im *Importer) load(path string) (*types.Package, error) {
	if path == "unsafe" {
		// go/types needs its own unsafe package for Sizeof and friends.
		return types.Unsafe, nil
	}
	if im.loaded[path] {
		return im.pkgs[path], nil
	}
	if err := im.failed[path]; err != nil {
		return nil, err
	}
	syms, compiled := im.tables[path]
	if srcs, ok := im.sources[path]; ok {
		return im.loadSource(path, srcs, syms)
	}
	if compiled {
		return im.loadCompiled(path, syms), nil
	}
	return nil, fmt.Errorf("package %s is not available in cells", path)
}

// loadCompiled declares a compiled package's symbols in its scope.
func (im *Importer) loadCompiled(path string, syms map[string]reflect.Value) *types.Package {
	pkg := im.pkg(path, "")
	im.declareSymbols(pkg, syms)
	im.complete(pkg)
	return pkg
}

// complete finishes a fully declared package.
func (im *Importer) complete(pkg *types.Package) {
	im.flush()
	pkg.MarkComplete()
	im.loaded[pkg.Path()] = true
}

// declareSymbols adds to pkg's scope the symbols it does not declare yet. They are
// taken in name order so that the build, and which of two clashing names wins, does
// not depend on map order.
func (im *Importer) declareSymbols(pkg *types.Package, syms map[string]reflect.Value) {
	names := make([]string, 0, len(syms))
	for name := range syms {
		// Names with a leading "_" are yaegi's interface wrapper types.
		if !strings.HasPrefix(name, "_") && syms[name].IsValid() && pkg.Scope().Lookup(name) == nil {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		pkg.Scope().Insert(im.object(pkg, name, syms[name]))
	}
}

// object turns one symbol table entry into a go/types object. yaegi extract writes a
// type as a nil pointer to it, a variable as an addressable value, a function as its
// value, an untyped constant as a go/constant value and a typed one as its value.
func (im *Importer) object(pkg *types.Package, name string, v reflect.Value) types.Object {
	switch {
	case v.Kind() == reflect.Pointer && v.IsNil() && !v.CanAddr():
		return im.typeName(pkg, name, v.Type().Elem())
	case v.CanAddr():
		return types.NewVar(token.NoPos, pkg, name, im.typeOf(v.Type()))
	case v.Kind() == reflect.Func && v.Type().Name() == "":
		return types.NewFunc(token.NoPos, pkg, name, im.typeOf(v.Type()).(*types.Signature))
	}
	if !v.CanInterface() {
		return types.NewVar(token.NoPos, pkg, name, im.typeOf(v.Type()))
	}
	if c, ok := v.Interface().(constant.Value); ok {
		return types.NewConst(token.NoPos, pkg, name, untypedOf(c), c)
	}
	if c, ok := constantOf(v); ok {
		return types.NewConst(token.NoPos, pkg, name, im.typeOf(v.Type()), c)
	}
	// Not a shape yaegi extract writes, but a hand-made table may hold any value:
	// a variable is the closest object.
	return types.NewVar(token.NoPos, pkg, name, im.typeOf(v.Type()))
}

// typeName declares the type symbol name of pkg whose reflect type is rt. When rt is
// that very named type the symbol is its type name; otherwise (os.FileInfo is
// io/fs.FileInfo, reflect cannot tell) the symbol is an alias of it.
func (im *Importer) typeName(pkg *types.Package, name string, rt reflect.Type) types.Object {
	t := im.typeOf(rt)
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() == pkg && n.Obj().Name() == name {
		return n.Obj()
	}
	obj := types.NewTypeName(token.NoPos, pkg, name, nil)
	types.NewAlias(obj, t)
	return obj
}

// untypedOf is the untyped type of an untyped constant's value. An untyped rune
// constant reaches us as an integer literal, so it becomes an untyped int.
func untypedOf(c constant.Value) types.Type {
	switch c.Kind() {
	case constant.Bool:
		return types.Typ[types.UntypedBool]
	case constant.String:
		return types.Typ[types.UntypedString]
	case constant.Int:
		return types.Typ[types.UntypedInt]
	case constant.Float:
		return types.Typ[types.UntypedFloat]
	case constant.Complex:
		return types.Typ[types.UntypedComplex]
	}
	return types.Typ[types.Invalid]
}

// constantOf is the go/constant value of a typed constant. go/types keeps typed float
// constants rounded to their type, which is what the reflect value holds.
func constantOf(v reflect.Value) (constant.Value, bool) {
	switch v.Kind() {
	case reflect.Bool:
		return constant.MakeBool(v.Bool()), true
	case reflect.String:
		return constant.MakeString(v.String()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return constant.MakeInt64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return constant.MakeUint64(v.Uint()), true
	case reflect.Float32, reflect.Float64:
		return constant.MakeFloat64(v.Float()), true
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		i := constant.MakeImag(constant.MakeFloat64(imag(c)))
		return constant.BinaryOp(constant.MakeFloat64(real(c)), token.ADD, i), true
	}
	return nil, false
}

// pkg returns the package object for path, creating it (with an empty scope) on
// first use. Its name comes from the symbol tables when the package is in them, else
// from name (the package name reflect prints in type strings), else from the path.
func (im *Importer) pkg(path, name string) *types.Package {
	if p, ok := im.pkgs[path]; ok {
		return p
	}
	if n := im.names[path]; n != "" {
		name = n
	}
	if name == "" {
		name = nameFromPath(path)
	}
	// Not marked complete until its scope is declared (see complete): go/types only
	// asks the packages Import returns, and a package that merely holds referenced
	// types is never returned.
	p := types.NewPackage(path, name)
	im.pkgs[path] = p
	return p
}

// nameFromPath guesses a package name from its import path by the usual convention:
// the last element, skipping a major version suffix, up to its first dot.
func nameFromPath(p string) string {
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	base, _, _ = strings.Cut(base, ".")
	base = strings.ReplaceAll(base, "-", "_")
	if !token.IsIdentifier(base) {
		return "_"
	}
	return base
}

// typeOf returns the go/types type for rt, building and caching it on first use.
func (im *Importer) typeOf(rt reflect.Type) types.Type {
	if t, ok := im.types[rt]; ok {
		return t
	}
	var t types.Type
	switch {
	case rt.Name() == "":
		// Unnamed types cannot be recursive without a named type on the way, which
		// caches itself before recursing, so caching after building is enough.
		t = im.literal(rt, nil)
	case rt.PkgPath() == "" || rt.Kind() == reflect.UnsafePointer:
		// reflect names unsafe.Pointer with the package path "unsafe".
		t = predeclared(rt)
	default:
		return im.named(rt)
	}
	im.types[rt] = t
	return t
}

// named builds a named type. The Named is cached before its underlying type is built
// so that recursive types (type Node struct{ next *Node }) terminate. Its methods
// wait for flush: declaring them needs the underlying types of embedded fields.
func (im *Importer) named(rt reflect.Type) *types.Named {
	pkg := im.pkg(rt.PkgPath(), reflectPkgName(rt))
	obj := types.NewTypeName(token.NoPos, pkg, rt.Name(), nil)
	n := types.NewNamed(obj, nil, nil)
	im.types[rt] = n
	n.SetUnderlying(im.literal(rt, n))
	if rt.Kind() != reflect.Interface {
		im.pending = append(im.pending, namedType{rt, n})
		im.undeclared[n] = rt
	}
	return n
}

// reflectPkgName is the package name reflect prints before a named type's name
// ("poll" in "poll.FD"), the real name even when it differs from the path's last
// element.
func reflectPkgName(rt reflect.Type) string {
	s, n := rt.String(), rt.Name()
	if !strings.HasSuffix(s, "."+n) {
		return ""
	}
	if name := s[:len(s)-len(n)-1]; token.IsIdentifier(name) {
		return name
	}
	return ""
}

// predeclared maps the types reflect names without a package: the basic types,
// error and unsafe.Pointer.
func predeclared(rt reflect.Type) types.Type {
	if rt.Kind() == reflect.Interface {
		return types.Universe.Lookup("error").Type()
	}
	return basicOf(rt.Kind())
}

// basics maps reflect kinds to go/types basic types. uint8 is byte: reflect cannot
// tell them apart and []byte is by far the more common spelling in APIs.
var basics = map[reflect.Kind]types.Type{
	reflect.Bool:          types.Typ[types.Bool],
	reflect.Int:           types.Typ[types.Int],
	reflect.Int8:          types.Typ[types.Int8],
	reflect.Int16:         types.Typ[types.Int16],
	reflect.Int32:         types.Typ[types.Int32],
	reflect.Int64:         types.Typ[types.Int64],
	reflect.Uint:          types.Typ[types.Uint],
	reflect.Uint8:         types.Universe.Lookup("byte").Type(),
	reflect.Uint16:        types.Typ[types.Uint16],
	reflect.Uint32:        types.Typ[types.Uint32],
	reflect.Uint64:        types.Typ[types.Uint64],
	reflect.Uintptr:       types.Typ[types.Uintptr],
	reflect.Float32:       types.Typ[types.Float32],
	reflect.Float64:       types.Typ[types.Float64],
	reflect.Complex64:     types.Typ[types.Complex64],
	reflect.Complex128:    types.Typ[types.Complex128],
	reflect.String:        types.Typ[types.String],
	reflect.UnsafePointer: types.Typ[types.UnsafePointer],
}

func basicOf(k reflect.Kind) types.Type {
	if t, ok := basics[k]; ok {
		return t
	}
	return types.Typ[types.Invalid]
}

// literal builds the structure of rt, ignoring its name: the type itself when rt is
// unnamed, the underlying type of owner when it is named.
func (im *Importer) literal(rt reflect.Type, owner *types.Named) types.Type {
	switch rt.Kind() {
	case reflect.Array:
		return types.NewArray(im.typeOf(rt.Elem()), int64(rt.Len()))
	case reflect.Slice:
		return types.NewSlice(im.typeOf(rt.Elem()))
	case reflect.Pointer:
		return types.NewPointer(im.typeOf(rt.Elem()))
	case reflect.Map:
		return types.NewMap(im.typeOf(rt.Key()), im.typeOf(rt.Elem()))
	case reflect.Chan:
		return types.NewChan(chanDir(rt.ChanDir()), im.typeOf(rt.Elem()))
	case reflect.Func:
		return im.signature(rt, nil, 0)
	case reflect.Struct:
		return im.structType(rt, owner)
	case reflect.Interface:
		return im.interfaceType(rt, owner)
	}
	return basicOf(rt.Kind())
}

func chanDir(d reflect.ChanDir) types.ChanDir {
	switch d {
	case reflect.SendDir:
		return types.SendOnly
	case reflect.RecvDir:
		return types.RecvOnly
	}
	return types.SendRecv
}

// signature builds a function type from rt, leaving out its first skip parameters
// (a reflect method's receiver). Parameters are unnamed: reflect has no names.
func (im *Importer) signature(rt reflect.Type, recv *types.Var, skip int) *types.Signature {
	params := make([]*types.Var, 0, rt.NumIn()-skip)
	for i := skip; i < rt.NumIn(); i++ {
		params = append(params, types.NewParam(token.NoPos, nil, "", im.typeOf(rt.In(i))))
	}
	results := make([]*types.Var, rt.NumOut())
	for i := range results {
		results[i] = types.NewParam(token.NoPos, nil, "", im.typeOf(rt.Out(i)))
	}
	return types.NewSignatureType(recv, nil, nil, types.NewTuple(params...), types.NewTuple(results...), rt.IsVariadic())
}

// ownerPkg is the package exported fields and methods belong to: the named type's,
// or none for a type literal (an exported name's package does not matter to go/types).
func ownerPkg(owner *types.Named) *types.Package {
	if owner == nil {
		return nil
	}
	return owner.Obj().Pkg()
}

// memberPkg is the package of a field or method: unexported names belong to the
// package reflect gives them, and their identity depends on it.
func (im *Importer) memberPkg(pkgPath string, owner *types.Named) *types.Package {
	if pkgPath != "" {
		return im.pkg(pkgPath, "")
	}
	return ownerPkg(owner)
}

// structType keeps every field, unexported ones too: they decide comparability and
// whose methods an embedded field promotes.
func (im *Importer) structType(rt reflect.Type, owner *types.Named) *types.Struct {
	fields := make([]*types.Var, rt.NumField())
	tags := make([]string, rt.NumField())
	for i := range fields {
		f := rt.Field(i)
		pkg := im.memberPkg(f.PkgPath, owner)
		fields[i] = types.NewField(token.NoPos, pkg, f.Name, im.typeOf(f.Type), f.Anonymous)
		tags[i] = string(f.Tag)
	}
	return types.NewStruct(fields, tags)
}

// universeAny is the predeclared alias, so that an empty interface reads "any" as it
// does in the standard library's declarations.
var universeAny = types.Universe.Lookup("any").Type()

// interfaceType lists all of rt's methods flat; reflect shows an interface's
// unexported methods too, which keeps interfaces such as ast.Expr closed to outside
// types.
func (im *Importer) interfaceType(rt reflect.Type, owner *types.Named) types.Type {
	if owner == nil && rt.NumMethod() == 0 {
		return universeAny
	}
	methods := make([]*types.Func, rt.NumMethod())
	var unexported []*types.Func
	for i := range methods {
		m := rt.Method(i)
		pkg := im.memberPkg(m.PkgPath, owner)
		var recv *types.Var
		if owner != nil {
			recv = types.NewVar(token.NoPos, pkg, "", owner)
		}
		methods[i] = types.NewFunc(token.NoPos, pkg, m.Name, im.signature(m.Type, recv, 0))
		if m.PkgPath != "" {
			unexported = append(unexported, methods[i])
		}
	}
	iface := types.NewInterfaceType(methods, nil).Complete()
	if len(unexported) > 0 {
		im.newHidden = append(im.newHidden, hiddenIface{rt, unexported})
	}
	return iface
}

// flush declares the methods of the named types built so far, and of those their
// signatures bring in, until none is left. It runs once the type graph reachable
// from the current symbol is built, so every underlying type it looks at is set.
func (im *Importer) flush() {
	for len(im.pending) > 0 || len(im.newHidden) > 0 {
		if len(im.pending) > 0 {
			n := im.pending[0]
			im.pending = im.pending[1:]
			im.declareMethods(n)
			continue
		}
		h := im.newHidden[0]
		im.newHidden = im.newHidden[1:]
		im.hidden = append(im.hidden, h)
		for _, n := range im.concrete {
			im.addHidden(n, h)
		}
	}
}

// declareMethods declares the methods of a named non-interface type, once: those of
// its embedded fields' types first, since it must tell which of its own methods
// go/types will promote from them.
func (im *Importer) declareMethods(n namedType) {
	if _, ok := im.undeclared[n.named]; !ok {
		return
	}
	delete(im.undeclared, n.named)
	for _, e := range embeddedNamed(n.named) {
		if rt, ok := im.undeclared[e]; ok {
			im.declareMethods(namedType{rt, e})
		}
	}
	im.declareReflectMethods(n)
	im.concrete = append(im.concrete, n)
	for _, h := range im.hidden {
		im.addHidden(n, h)
	}
}

// declareReflectMethods declares value-receiver methods from reflect's T and
// pointer-receiver ones from *T minus T's. Reflect's method sets include methods
// promoted from embedded fields; go/types promotes those itself, so a method go/types
// already finds with the same signature is left out. (A type that redeclares a
// promoted method with the same signature looks the same to reflect: its method sets
// come out right, with the method promoted rather than declared.)
func (im *Importer) declareReflectMethods(n namedType) {
	ptr := reflect.PointerTo(n.rt)
	if ptr.NumMethod() == 0 {
		return
	}
	embeds := hasEmbedded(n.named)
	own := make(map[string]bool, n.rt.NumMethod())
	var promoted *types.MethodSet
	if embeds {
		promoted = types.NewMethodSet(n.named)
	}
	for i := range n.rt.NumMethod() {
		m := n.rt.Method(i)
		own[m.Name] = true
		im.declareMethod(n.named, n.named, m, promoted)
	}
	if ptr.NumMethod() == len(own) {
		return
	}
	recv := types.NewPointer(n.named)
	var valueSet *types.MethodSet
	if embeds {
		valueSet, promoted = types.NewMethodSet(n.named), types.NewMethodSet(recv)
	}
	for i := range ptr.NumMethod() {
		m := ptr.Method(i)
		if own[m.Name] {
			continue
		}
		if valueSet != nil && valueSet.Lookup(n.named.Obj().Pkg(), m.Name) != nil {
			// go/types would promote m into T's method set, where reflect does not
			// have it: T declares m with a pointer receiver, shadowing the promoted one.
			im.declareMethod(n.named, recv, m, nil)
			continue
		}
		im.declareMethod(n.named, recv, m, promoted)
	}
}

// declareMethod declares m on named with receiver type recv unless promoted, the
// method set before declaring, already has it.
func (im *Importer) declareMethod(named *types.Named, recv types.Type, m reflect.Method, promoted *types.MethodSet) {
	pkg := named.Obj().Pkg()
	sig := im.signature(m.Type, types.NewVar(token.NoPos, pkg, "", recv), 1)
	if promoted != nil {
		if sel := promoted.Lookup(pkg, m.Name); sel != nil && types.Identical(sel.Obj().Type(), sig) {
			return
		}
	}
	named.AddMethod(types.NewFunc(token.NoPos, pkg, m.Name, sig))
}

// embeddedNamed are the named types of n's embedded fields (T for *T).
func embeddedNamed(n *types.Named) []*types.Named {
	s, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var out []*types.Named
	for i := range s.NumFields() {
		if !s.Field(i).Embedded() {
			continue
		}
		t := s.Field(i).Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if e, ok := t.(*types.Named); ok {
			out = append(out, e)
		}
	}
	return out
}

func hasEmbedded(n *types.Named) bool {
	s, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range s.NumFields() {
		if s.Field(i).Embedded() {
			return true
		}
	}
	return false
}

// addHidden declares on n the unexported methods of h that n (or *n) has, as far as
// reflect can tell. Only methods of n's own package can be declared on it; a type of
// another package gets them through the embedded field that provides them.
func (im *Importer) addHidden(n namedType, h hiddenIface) {
	pkg := n.named.Obj().Pkg()
	var mine []*types.Func
	for _, m := range h.unexport {
		if m.Pkg() == pkg {
			mine = append(mine, m)
		}
	}
	if len(mine) == 0 {
		return
	}
	var recv types.Type
	switch {
	case n.rt.Implements(h.rt):
		recv = n.named
	case reflect.PointerTo(n.rt).Implements(h.rt):
		recv = types.NewPointer(n.named)
	default:
		return
	}
	for _, m := range mine {
		sig := m.Type().(*types.Signature)
		own := types.NewSignatureType(types.NewVar(token.NoPos, pkg, "", recv), nil, nil, sig.Params(), sig.Results(), sig.Variadic())
		n.named.AddMethod(types.NewFunc(token.NoPos, pkg, m.Name(), own))
	}
}

// loadSource type-checks a package the interpreter runs from Go source, importing
// what it imports through the importer itself, then adds the compiled symbols the
// source does not declare.
func (im *Importer) loadSource(path string, srcs []string, syms map[string]reflect.Value) (*types.Package, error) {
	if im.loading[path] {
		return nil, fmt.Errorf("import cycle through package %s", path)
	}
	im.loading[path] = true
	defer delete(im.loading, path)
	pkg, err := im.checkSource(path, srcs, syms)
	if err != nil {
		im.failed[path] = err
		return nil, err
	}
	im.complete(pkg)
	return pkg, nil
}

// checkSource parses and type-checks the files of a source package into its package
// object (which compiled types may already have referenced). The compiled symbols the
// source does not declare are declared first, so that the source can name them (the
// generic declarations of a compiled package: reflect.TypeFor returns a Type).
func (im *Importer) checkSource(path string, srcs []string, syms map[string]reflect.Value) (*types.Package, error) {
	files, name, err := im.parse(path, srcs)
	if err != nil {
		return nil, err
	}
	pkg := im.pkg(path, name)
	pkg.SetName(name)
	if len(syms) > 0 {
		declared := map[string]bool{}
		for _, f := range files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
					continue // a method
				}
				for _, id := range declaredIdents(d) {
					declared[id.Name] = true
				}
			}
		}
		rest := make(map[string]reflect.Value, len(syms))
		for n, v := range syms {
			if !declared[n] {
				rest[n] = v
			}
		}
		im.declareSymbols(pkg, rest)
		im.flush()
	}
	var errs []error
	conf := types.Config{
		// Cells see only the declarations; the interpreter has compiled the bodies
		// already, and checking them would double the cost of the package.
		IgnoreFuncBodies: true,
		Importer:         lockedImporter{im},
		Error: func(err error) {
			// Soft errors (an import only function bodies use) do not change what the
			// package declares.
			if te, ok := err.(types.Error); !ok || !te.Soft {
				errs = append(errs, err)
			}
		},
	}
	_ = types.NewChecker(&conf, im.fset, pkg, nil).Files(files) // errors come through conf.Error
	if len(errs) > 0 {
		return nil, fmt.Errorf("package %s from source: %w", path, errors.Join(errs...))
	}
	return pkg, nil
}

// parse parses the files of a source package, which must agree on its name, and
// resolves names declared in more than one file as the interpreter does: the last
// declaration wins.
func (im *Importer) parse(path string, srcs []string) ([]*ast.File, string, error) {
	files := make([]*ast.File, len(srcs))
	for i, src := range srcs {
		f, err := parser.ParseFile(im.fset, fmt.Sprintf("%s/source%d.go", path, i), src, parser.SkipObjectResolution)
		if err != nil {
			return nil, "", fmt.Errorf("package %s from source: %w", path, err)
		}
		if i > 0 && f.Name.Name != files[0].Name.Name {
			return nil, "", fmt.Errorf("package %s from source: files of packages %s and %s", path, files[0].Name.Name, f.Name.Name)
		}
		files[i] = f
	}
	if len(files) == 0 {
		return nil, "", fmt.Errorf("package %s from source: no files", path)
	}
	blankRedeclared(files)
	return files, files[0].Name.Name, nil
}

// blankRedeclared renames to _ every package-level declaration that a later one
// redeclares. yaegi lets a later file of a package replace a function (the project's
// slices.Reverse replaces yaegi's own); go/types would report a redeclaration. A
// blank declaration is still checked but declares nothing.
func blankRedeclared(files []*ast.File) {
	seen := map[string]bool{}
	for i := len(files) - 1; i >= 0; i-- {
		decls := files[i].Decls
		for j := len(decls) - 1; j >= 0; j-- {
			for _, id := range declaredIdents(decls[j]) {
				if id.Name == "_" || id.Name == "init" {
					continue
				}
				key := id.Name
				if fd, ok := decls[j].(*ast.FuncDecl); ok && fd.Recv != nil {
					key = recvBaseName(fd.Recv.List[0].Type) + "." + key
				}
				if seen[key] {
					id.Name = "_"
				}
				seen[key] = true
			}
		}
	}
}

// declaredIdents are the names a package-level declaration declares.
func declaredIdents(d ast.Decl) []*ast.Ident {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return []*ast.Ident{d.Name}
	case *ast.GenDecl:
		var ids []*ast.Ident
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				ids = append(ids, s.Name)
			case *ast.ValueSpec:
				ids = append(ids, s.Names...)
			}
		}
		return ids
	}
	return nil
}

// recvBaseName is the type name of a method receiver: T in *T, T[K] or (*T[K, V]).
func recvBaseName(x ast.Expr) string {
	for {
		switch e := x.(type) {
		case *ast.StarExpr:
			x = e.X
		case *ast.ParenExpr:
			x = e.X
		case *ast.IndexExpr:
			x = e.X
		case *ast.IndexListExpr:
			x = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}

// SourcesByPackage groups Go source files by their package clause, in order, into the
// sources NewImporter takes. The key is the package name, which is the import path
// for the standard library packages (slices, maps, cmp, iter) the interpreter runs
// from source.
func SourcesByPackage(srcs []string) (map[string][]string, error) {
	out := map[string][]string{}
	fset := token.NewFileSet()
	for i, src := range srcs {
		f, err := parser.ParseFile(fset, "", src, parser.PackageClauseOnly)
		if err != nil {
			return nil, fmt.Errorf("source %d: %w", i, err)
		}
		out[f.Name.Name] = append(out[f.Name.Name], src)
	}
	return out, nil
}
