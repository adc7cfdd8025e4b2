package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"sort"
	"strings"

	"github.com/gokernel/gokernel/interp/prepare"
)

// typeRecord is a type a cell declared, kept so that the type can be declared again
// when one of its methods, or a type it is made of, is redefined.
type typeRecord struct {
	src  string
	refs map[string]bool // the identifiers of the declaration
}

// redefinition is what a declaration chunk redefines among the session's types and
// functions. yaegi keeps the first declaration of a type and the first body of each
// method, and binds a call, a type and a variable to what existed when the code was
// compiled; so a redefinition renews every type, function and variable that depends
// on what the chunk declares again (see finishRedefinition).
type redefinition struct {
	line     int             // the cell line the chunk starts on
	types    map[string]bool // known types the chunk declares again
	declared map[string]bool // every type the chunk declares
	affected []string        // types renewed before the chunk runs, sorted
	oldTypes map[reflect.Type]string
	methods  map[string]bool // "T.M" keys the chunk declares
	funcs    map[string]bool // known functions and methods the chunk declares again
	defined  map[string]bool // functions (not methods) the chunk declares
	vars     map[string]bool // variables and constants the chunk declares
}

func newRedefinition(line int) *redefinition {
	return &redefinition{line: line, types: map[string]bool{}, declared: map[string]bool{}, methods: map[string]bool{},
		funcs: map[string]bool{}, defined: map[string]bool{}, vars: map[string]bool{}, oldTypes: map[reflect.Type]string{}}
}

// planRedefinition reads a declaration chunk, starting on the cell's line line, for
// redefined types, methods and functions; nil when it redefines none.
func (s *Session) planRedefinition(f *ast.File, line int) *redefinition {
	if f == nil {
		return nil
	}
	r := newRedefinition(line)
	affected := map[string]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					r.declared[spec.Name.Name] = true
					if spec.TypeParams != nil {
						continue
					}
					if _, known := s.types[spec.Name.Name]; known {
						r.types[spec.Name.Name] = true
						affected[spec.Name.Name] = true
					}
				case *ast.ValueSpec:
					for _, n := range spec.Names {
						r.vars[n.Name] = true
					}
				}
			}
		case *ast.FuncDecl:
			key := d.Name.Name
			if d.Recv == nil {
				r.defined[key] = true
			} else if len(d.Recv.List) == 1 {
				recv := receiverTypeName(d.Recv.List[0].Type)
				key = recv + "." + d.Name.Name
				r.methods[key] = true
				if _, known := s.funcs[key]; known {
					if _, recorded := s.types[recv]; recorded {
						affected[recv] = true
					}
				}
			}
			if _, known := s.funcs[key]; known {
				r.funcs[key] = true
			}
		}
	}
	if len(affected) == 0 && len(r.funcs) == 0 && !s.redeclares(r.vars) {
		return nil
	}
	for t := range affected {
		r.affected = append(r.affected, t)
	}
	sort.Strings(r.affected)
	return r
}

// beginRedefinition drops the affected types from the interpreter, remembering their
// reflect types to find the values that hold them, and declares again those the chunk
// only adds methods to. If it cannot, it leaves the types as they were.
func (s *Session) beginRedefinition(ctx context.Context, r *redefinition) error {
	m := markSymbols(s.yi)
	for _, t := range r.affected {
		if rt := s.typeOf(ctx, t); rt != nil {
			r.oldTypes[rt] = t
		}
		if !forgetSymbol(s.yi, t) {
			m.restore(s.yi)
			return fmt.Errorf("cannot redefine %s in this version of the interpreter", t)
		}
		if !r.types[t] {
			if _, err := s.yi.EvalWithContext(ctx, "\n"+s.types[t].src); err != nil {
				m.restore(s.yi)
				return fmt.Errorf("declaring %s again: %w", t, err)
			}
		}
	}
	return nil
}

// finishRedefinition runs once the chunk has run and its declarations are recorded.
// It works out everything the chunk made stale (see planUpdate), then:
//
//  1. declares again the other types that depend on a redefined one (a struct with a
//     field of it, a type whose methods call a redefined function), and the constants
//     of a renewed type;
//  2. carries the session's variables whose type mentions a renewed type over to the
//     new type, value by value (fields by name where they still fit, pointers still
//     shared), or drops them with a note;
//  3. drops, with a note, the variables that hold a function built from an old
//     definition, or a value of an old type behind an interface: they cannot be
//     carried over, and a half-working value is worse than none;
//  4. gives the renewed types back their methods and compiles again the functions
//     that use anything renewed, together, so that they bind to the new definitions.
//
// What no longer compiles is dropped in turn, and what depends on it, until nothing
// more changes.
func (s *Session) finishRedefinition(ctx context.Context, r *redefinition) {
	var gone []string
	for round := 0; round == 0 || len(gone) > 0; round++ {
		if round > 0 {
			// Only the names dropped last round changed now.
			r = newRedefinition(r.line)
		}
		u := s.planUpdate(ctx, r, gone)
		s.renewTypes(ctx, u)
		s.renewConstants(ctx, u)
		s.moveVariables(ctx, u)
		s.dropVariables(u)
		gone = s.recompile(ctx, u)
	}
}

// renewTypes declares again the types the update renews after the chunk, together so
// that they may refer to each other. If that fails they are left as they were.
func (s *Session) renewTypes(ctx context.Context, u *update) {
	if len(u.renew) == 0 {
		return
	}
	m := markSymbols(s.yi)
	var src strings.Builder
	for _, t := range u.renew {
		forgetSymbol(s.yi, t)
		src.WriteString("\n" + s.types[t].src)
	}
	if _, err := s.yi.EvalWithContext(ctx, src.String()); err != nil {
		m.restore(s.yi)
		fmt.Fprintf(s.opts.Stderr, "note: %s kept the old definitions they depend on: %s\n", strings.Join(u.renew, ", "), unpositioned(err))
		u.renewFailed = true
	}
}

// renewConstants declares again the constants whose declaration uses a renewed type
// (a Genre constant keeps the type it was declared with, and so its old methods); one
// that no longer compiles is dropped with a note.
func (s *Session) renewConstants(ctx context.Context, u *update) {
	for _, src := range u.constants {
		if err := s.evalOrUndo(ctx, "\n"+src); err != nil {
			names := u.constNames[src]
			for _, n := range names {
				forgetSymbol(s.yi, n)
			}
			s.prep.Forget(u.r.line, names...)
			fmt.Fprintf(s.opts.Stderr, "note: %s %s dropped: %s no longer compiles with the new definitions: %s; run its cell again\n",
				strings.Join(names, ", "), wasWere(len(names)), itsTheir(len(names)), unpositioned(err))
		}
	}
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func itsTheir(n int) string {
	if n == 1 {
		return "its declaration"
	}
	return "their declaration"
}

// moveVariables declares the variables the update migrates again with their new type
// and carries their values over.
func (s *Session) moveVariables(ctx context.Context, u *update) {
	if len(u.migrate) == 0 {
		return
	}
	old := s.globals()
	m := newMigrator(u.oldTypes)
	// Values that hold their elements go first, so that a pointer into them, moved
	// after, points into the moved value as before.
	sort.SliceStable(u.migrate, func(i, j int) bool {
		return strings.Count(u.info[u.migrate[i]].Type, "*") < strings.Count(u.info[u.migrate[j]].Type, "*")
	})
	for _, name := range u.migrate {
		ov, ok := old[name]
		if !ok {
			continue
		}
		typ := u.info[name].Type
		if _, err := s.yi.EvalWithContext(ctx, fmt.Sprintf("\nvar %s %s", name, typ)); err != nil {
			u.drop[name] = fmt.Sprintf("its type %s could not be declared again: %s", typ, unpositioned(err))
			continue
		}
		nv, ok := s.globals()[name]
		if !ok || !nv.CanSet() {
			u.drop[name] = fmt.Sprintf("its type %s could not be declared again", typ)
			continue
		}
		m.lost = map[string]bool{}
		if err := m.move(nv, ov); err != nil {
			types := strings.Join(u.info[name].Mentions, ", ")
			if errors.Is(err, errHoldsFunc) {
				u.drop[name] = "it holds a function built from the old " + types
			} else {
				u.drop[name] = fmt.Sprintf("its value could not be carried over to the new %s: %v", types, err)
			}
			continue
		}
		if len(m.lost) > 0 && !u.info[name].Later {
			lost := make([]string, 0, len(m.lost))
			for f := range m.lost {
				lost = append(lost, f)
			}
			sort.Strings(lost)
			fmt.Fprintf(s.opts.Stderr, "note: %s kept the fields that still fit the new %s; dropped %v\n", name, strings.Join(u.info[name].Mentions, ", "), lost)
		}
	}
}

// typeOf is the reflect type yaegi gives a cell type, nil for an interface type.
func (s *Session) typeOf(ctx context.Context, name string) reflect.Type {
	s.lastType = nil
	if _, err := s.yi.EvalWithContext(ctx, fmt.Sprintf("\n;%s.TypeOf(*new(%s))", prepare.RuntimeAlias, name)); err != nil {
		return nil
	}
	return s.lastType
}

// recordTypes remembers the types a declaration chunk declared, aliases included
// (an alias of a cell type stands for the type it was declared with).
func (s *Session) recordTypes(f *ast.File, src string) {
	if f == nil {
		return
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			if ts.TypeParams != nil {
				continue
			}
			refs := map[string]bool{}
			ast.Inspect(ts.Type, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					refs[id.Name] = true
				}
				return true
			})
			s.types[ts.Name.Name] = typeRecord{src: "type " + prepare.DeclSource(src, ts), refs: refs}
		}
	}
}

// receiverOf is T for a method key "T.M", "" for a function.
func receiverOf(key string) string {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '.' {
			return key[:i]
		}
	}
	return ""
}

func numeric(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

// errHoldsFunc is why a value holding a function cannot be carried over: the
// function was compiled against the old definitions.
var errHoldsFunc = errors.New("it holds a function")

// migrator carries values of old types over to new ones, keeping what was shared
// shared: two pointers to one value, or a pointer into a slice, point into the one
// new value.
type migrator struct {
	old     map[reflect.Type]string
	addrs   map[addrKey]reflect.Value // an old value's address -> pointer to its new value
	maps    map[uintptr]reflect.Value
	regions []sliceRegion
	lost    map[string]bool // fields that did not fit
	scan    *valueScanner
}

type addrKey struct {
	p uintptr
	t reflect.Type
}

// sliceRegion is the backing array of a moved slice, old and new.
type sliceRegion struct {
	base, end uintptr // the old array's bytes
	elem      reflect.Type
	new       reflect.Value // the new slice over the whole array
}

func newMigrator(old map[reflect.Type]string) *migrator {
	return &migrator{old: old, addrs: map[addrKey]reflect.Value{}, maps: map[uintptr]reflect.Value{}, scan: newValueScanner(old)}
}

// move carries the variable src over into dst, a new variable.
func (m *migrator) move(dst, src reflect.Value) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if src.CanAddr() {
		m.addrs[addrKey{src.UnsafeAddr(), src.Type()}] = dst.Addr()
	}
	return m.convert(dst, src)
}

// convert sets dst, of a new type, from src, of the old one: field by field where
// the fields still fit (the rest noted in m.lost), element by element. A function,
// a channel or an interface holding a value of an old type cannot be carried over.
func (m *migrator) convert(dst, src reflect.Value) error {
	st, dt := src.Type(), dst.Type()
	if st.AssignableTo(dt) {
		if h := m.scan.scan(src, false); h.old != "" {
			return fmt.Errorf("it holds a value of the old %s", h.old)
		}
		dst.Set(src)
		return nil
	}
	if numeric(st.Kind()) && numeric(dt.Kind()) {
		// int to float64 and the like keep the value; other conversions Go allows
		// (an int to a string, for one) would invent a different one.
		dst.Set(src.Convert(dt))
		return nil
	}
	if st.Kind() != dt.Kind() {
		return fmt.Errorf("a %s cannot become a %s", st.Kind(), dt.Kind())
	}
	switch dt.Kind() {
	case reflect.Struct:
		for i := 0; i < st.NumField(); i++ {
			name := st.Field(i).Name
			sf := src.Field(i)
			df, ok := dt.FieldByName(name)
			if !ok || len(df.Index) != 1 {
				m.lost[fieldName(st.Field(i))] = true
				continue
			}
			dv := dst.FieldByIndex(df.Index)
			if sf.CanAddr() {
				m.addrs[addrKey{sf.UnsafeAddr(), sf.Type()}] = dv.Addr()
			}
			if err := m.convert(dv, sf); err != nil {
				m.lost[fieldName(st.Field(i))] = true
			}
		}
		return nil
	case reflect.Pointer:
		if src.IsNil() {
			return nil
		}
		if p, ok := m.addrs[addrKey{src.Pointer(), st.Elem()}]; ok && p.Type() == dt {
			dst.Set(p)
			return nil
		}
		np := reflect.New(dt.Elem())
		m.addrs[addrKey{src.Pointer(), st.Elem()}] = np
		if err := m.convert(np.Elem(), src.Elem()); err != nil {
			return err
		}
		dst.Set(np)
		return nil
	case reflect.Slice:
		if src.IsNil() {
			return nil
		}
		ns, err := m.slice(dt, src)
		if err != nil {
			return err
		}
		dst.Set(ns)
		return nil
	case reflect.Array:
		for i := 0; i < src.Len(); i++ {
			if e := src.Index(i); e.CanAddr() {
				m.addrs[addrKey{e.UnsafeAddr(), e.Type()}] = dst.Index(i).Addr()
			}
			if err := m.convert(dst.Index(i), src.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if src.IsNil() {
			return nil
		}
		if nm, ok := m.maps[src.Pointer()]; ok && nm.Type() == dt {
			dst.Set(nm)
			return nil
		}
		nm := reflect.MakeMapWithSize(dt, src.Len())
		m.maps[src.Pointer()] = nm
		it := src.MapRange()
		for it.Next() {
			k, v := reflect.New(dt.Key()).Elem(), reflect.New(dt.Elem()).Elem()
			if err := m.convert(k, it.Key()); err != nil {
				return err
			}
			if err := m.convert(v, it.Value()); err != nil {
				return err
			}
			nm.SetMapIndex(k, v)
		}
		dst.Set(nm)
		return nil
	case reflect.Chan:
		if src.IsNil() {
			return nil
		}
		return fmt.Errorf("it holds a channel, whose values cannot be carried over")
	case reflect.Func:
		if src.IsNil() {
			return nil
		}
		return errHoldsFunc
	case reflect.Interface:
		if src.IsNil() {
			return nil
		}
		return fmt.Errorf("it holds a value of the old type behind an interface")
	}
	return fmt.Errorf("a %s cannot be carried over", st)
}

// slice converts a slice, keeping it within the new version of a backing array
// already moved, so that slices of one array still share it.
func (m *migrator) slice(dt reflect.Type, src reflect.Value) (reflect.Value, error) {
	size := src.Type().Elem().Size()
	p := src.Pointer()
	if size > 0 {
		for _, r := range m.regions {
			if r.elem == src.Type().Elem() && r.base <= p && p+uintptr(src.Cap())*size <= r.end && r.new.Type() == dt {
				i := int((p - r.base) / size)
				return r.new.Slice3(i, i+src.Len(), i+src.Cap()), nil
			}
		}
	}
	full := src.Slice(0, src.Cap())
	ns := reflect.MakeSlice(dt, src.Cap(), src.Cap())
	if size > 0 {
		m.regions = append(m.regions, sliceRegion{base: p, end: p + uintptr(src.Cap())*size, elem: src.Type().Elem(), new: ns})
	}
	for i := 0; i < full.Len(); i++ {
		m.addrs[addrKey{full.Index(i).UnsafeAddr(), full.Index(i).Type()}] = ns.Index(i).Addr()
	}
	for i := 0; i < full.Len(); i++ {
		if err := m.convert(ns.Index(i), full.Index(i)); err != nil {
			return reflect.Value{}, err
		}
	}
	return ns.Slice(0, src.Len()), nil
}

// fieldName is the name a cell wrote for a field: yaegi exports every field of a
// struct type it builds, prefixing an unexported name with X, which the pipeline tags.
func fieldName(f reflect.StructField) string {
	if f.Tag.Get(prepare.UnexportedTag) == prepare.UnexportedValue {
		return strings.TrimPrefix(f.Name, "X")
	}
	return f.Name
}
