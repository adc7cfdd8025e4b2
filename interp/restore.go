package interp

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/interp/prepare"
	"github.com/gokernel/gokernel/snapshot"
)

// restore loads a snapshot into the session, which must be empty: it runs the
// snapshot's declarations, decodes each stored value into the variable declared for
// it, and recomputes the values the snapshot could not store by running their
// declarations again, after the stored ones, which they may read.
func (w *worker) restore(ctx context.Context, req workerproto.RestoreRequest) workerproto.RestoreReply {
	start := time.Now()
	sn := w.snap
	sn.wait()
	reply := workerproto.RestoreReply{Lost: map[string]string{}}
	fail := func(err error) workerproto.RestoreReply {
		return workerproto.RestoreReply{Error: err.Error(), Millis: millis(time.Since(start))}
	}
	if err := sn.open(req.Dir); err != nil {
		return fail(err)
	}
	m, err := sn.store.ReadManifest(req.Manifest)
	if err != nil {
		return fail(err)
	}
	var decls prepare.Declarations
	var declsJSON []byte
	if !m.Decls.IsZero() {
		declsJSON, err = sn.store.ReadAll(m.Decls)
		if err == nil {
			err = json.Unmarshal(declsJSON, &decls)
		}
		if err != nil {
			return fail(fmt.Errorf("the declarations of snapshot %s: %w", m.ID, err))
		}
	}
	s := w.session
	undeclared := s.declare(ctx, decls.Source)

	vars := s.globals()
	types := newRestoreTypes(s, vars)
	restored := map[string]reflect.Value{}
	// replay are the variables whose initializer runs again; later those stored
	// variables whose value is loaded after it declared them.
	var replay, later []string
	for _, name := range slices.Sorted(maps.Keys(m.Vars)) {
		entry := m.Vars[name]
		if _, done := restored[name]; done || reply.Lost[name] != "" {
			continue // stored with a variable before it
		}
		members := entry.Shared
		if len(members) == 0 {
			members = []string{name}
		}
		if entry.Ref.IsZero() {
			replay = append(replay, name)
			continue
		}
		values, err := loadValues(sn.store, entry, members, vars, types)
		if err != nil {
			undeclaredMember := false
			for _, n := range members {
				if _, ok := vars[n]; !ok {
					undeclaredMember = true
				}
			}
			if undeclaredMember {
				// Declared by its initializer alone (its type cannot be written),
				// or its declaration failed: the initializer declares it, then
				// the stored value is loaded.
				replay = append(replay, members...)
				later = append(later, name)
				continue
			}
			for _, n := range members {
				reply.Lost[n] = err.Error()
			}
			continue
		}
		for n, dv := range values {
			vars[n].Set(dv)
			restored[n] = dv
		}
	}

	// Values only replay can make: each initializer once, in the order the session
	// declared them (a later one may read an earlier one's variable).
	ran := map[string]bool{}
	slices.SortStableFunc(replay, func(a, b string) int {
		return cmp.Compare(slices.Index(decls.Variables, a), slices.Index(decls.Variables, b))
	})
	for _, name := range replay {
		src, ok := decls.Initializers[name]
		switch {
		case !ok:
			reply.Lost[name] = lostWhy(m.Vars[name], undeclared[name], "")
			continue
		case ran[src]:
			if _, ok := s.globals()[name]; ok {
				reply.Replayed = append(reply.Replayed, name)
			}
			continue
		}
		ran[src] = true
		if _, err := s.Execute(ctx, replayStatement(src, s.globals())); err != nil {
			reply.Lost[name] = lostWhy(m.Vars[name], undeclared[name], fmt.Sprintf("running `%s` again failed: %s", oneLine(src), firstLine(err.Error())))
			continue
		}
		reply.Replayed = append(reply.Replayed, name)
		// The declaration may have declared stored variables too (x, err := f()):
		// they keep the stored value.
		now := s.globals()
		for other, dv := range restored {
			if v, ok := now[other]; ok && v.CanSet() && v.Type() == dv.Type() {
				v.Set(dv)
			}
		}
	}

	vars = s.globals()
	for _, name := range later {
		entry := m.Vars[name]
		members := entry.Shared
		if len(members) == 0 {
			members = []string{name}
		}
		values, err := loadValues(sn.store, entry, members, vars, types)
		for _, n := range members {
			switch {
			case err != nil && reply.Lost[n] == "":
				reply.Lost[n] = err.Error()
			case err == nil:
				vars[n].Set(values[n])
				restored[n] = values[n]
			}
		}
	}
	reply.Replayed = slices.DeleteFunc(reply.Replayed, func(n string) bool {
		_, loaded := restored[n]
		_, lost := reply.Lost[n]
		return loaded || lost
	})

	entries := map[string]snapshot.VarEntry{}
	for name, e := range m.Vars {
		if _, lost := reply.Lost[name]; !lost {
			entries[name] = e
		}
	}
	sn.parent, sn.entries, sn.declsRef, sn.decls, sn.full = m.ID, entries, m.Decls, declsJSON, false
	sn.inits = decls.Initializers
	reply.Restored = slices.Sorted(maps.Keys(restored))
	slices.Sort(reply.Replayed)
	if len(reply.Lost) == 0 {
		reply.Lost = nil
	}
	reply.Millis = millis(time.Since(start))
	return reply
}

// loadValues decodes the stored value of entry, the variables members stored
// together, each into the type of the session's variable of that name.
func loadValues(store *snapshot.Store, entry snapshot.VarEntry, members []string, vars map[string]reflect.Value, types *restoreTypes) (map[string]reflect.Value, error) {
	var varTypes []reflect.Type
	for _, n := range members {
		v, ok := vars[n]
		if !ok {
			return nil, fmt.Errorf("%s was not declared again", n)
		}
		if !v.CanSet() {
			return nil, fmt.Errorf("%s cannot be set", n)
		}
		varTypes = append(varTypes, v.Type())
	}
	if len(entry.Shared) == 0 {
		// Streamed into the value's memory: a large value is not held twice.
		r, closer, err := store.OpenValue(entry.Ref)
		if err != nil {
			return nil, fmt.Errorf("its stored value cannot be read: %w", err)
		}
		defer closer.Close()
		dv, err := snapshot.Decode(r, varTypes[0], types)
		if err != nil {
			if errors.Is(err, snapshot.ErrCorrupt) || errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("its stored value cannot be read: %w", err)
			}
			return nil, fmt.Errorf("its stored value (%s) does not decode as %s: %w", entry.Type, varTypes[0], err)
		}
		return map[string]reflect.Value{members[0]: dv}, nil
	}
	data, err := store.ReadAll(entry.Ref)
	if err != nil {
		return nil, fmt.Errorf("its stored value cannot be read: %w", err)
	}
	values, err := decodeGroup(data, members, varTypes, types)
	if err != nil {
		return nil, fmt.Errorf("its stored value, with %s, does not decode: %w", strings.Join(members, ", "), err)
	}
	return values, nil
}

// replayStatement is the statement that recomputes the variables of declaration src
// (var a, b = f()): an assignment when the session declares them all already (the
// restore declared them by type), so that they keep the declared variable; the
// declaration itself otherwise.
func replayStatement(src string, vars map[string]reflect.Value) string {
	f := prepare.ParseDecls(src)
	if f == nil || len(f.Decls) != 1 {
		return src
	}
	gd, ok := f.Decls[0].(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		return src
	}
	var b strings.Builder
	for _, spec := range gd.Specs {
		vs := spec.(*ast.ValueSpec)
		if len(vs.Values) == 0 {
			continue // declared by type: the restore declared it so already
		}
		var lhs []string
		for _, n := range vs.Names {
			if _, ok := vars[n.Name]; !ok && n.Name != "_" {
				return src
			}
			lhs = append(lhs, n.Name)
		}
		rhs := prepare.DeclSource(src, vs.Values[0])
		if last := vs.Values[len(vs.Values)-1]; last != vs.Values[0] {
			rhs = src[int(vs.Values[0].Pos())-1-len(prepare.DeclPrefix) : int(last.End())-1-len(prepare.DeclPrefix)]
		}
		b.WriteString(strings.Join(lhs, ", ") + " = " + rhs + "\n")
	}
	return b.String()
}

// declare runs the declarations of a snapshot in the session. When the whole does not
// compile (a declaration that only worked in its order among the cells), each
// declaration is run alone, in order, and those that fail are returned by the names
// they declare, with why.
func (s *Session) declare(ctx context.Context, src string) map[string]string {
	failed := map[string]string{}
	if strings.TrimSpace(src) == "" {
		return failed
	}
	if _, err := s.Execute(ctx, src); err == nil {
		return failed
	}
	items, err := prepare.SplitItems(src)
	if err != nil {
		failed[""] = err.Error()
		return failed
	}
	for _, it := range items {
		text := src[it.Start:it.End]
		if _, err := s.Execute(ctx, text); err != nil {
			for _, name := range declaredNames(text) {
				failed[name] = firstLine(err.Error())
			}
		}
	}
	return failed
}

// lostWhy says why a variable could not be brought back.
func lostWhy(e snapshot.VarEntry, undeclared, replay string) string {
	var parts []string
	if e.ReplayOnly != "" {
		parts = append(parts, "it could not be stored ("+e.ReplayOnly+")")
	}
	if undeclared != "" {
		parts = append(parts, "its declaration failed: "+undeclared)
	}
	if replay != "" {
		parts = append(parts, replay)
	}
	if len(parts) == 0 {
		parts = append(parts, "no declaration of it was recorded")
	}
	return strings.Join(parts, "; ")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// oneLine shortens a declaration to one line for a message.
func oneLine(src string) string {
	src = strings.Join(strings.Fields(src), " ")
	if len(src) > 60 {
		src = src[:57] + "..."
	}
	return src
}

// restoreTypes resolves the types a snapshot names in the session restoring it, and
// rebuilds yaegi's interface values (see isYaegiInterface): an interface value of a
// type the cells declared is yaegi's struct of the value and the interpreter's node
// for its dynamic type. The node comes from a template the session makes by assigning
// a zero value of that type to a variable of one of the cells' interface types.
type restoreTypes struct {
	snapshot.TypeResolver
	s *Session
	// cellTypes maps the reflect type of each type the cells declared to its name;
	// interfaces are the cells' interface types by name.
	cellTypes  map[reflect.Type]string
	interfaces []string
	templates  map[reflect.Type]reflect.Value
}

func newRestoreTypes(s *Session, vars map[string]reflect.Value) *restoreTypes {
	r := &restoreTypes{s: s, templates: map[reflect.Type]reflect.Value{}}
	seeds := variableTypes(vars)
	r.learnCellTypes()
	for t := range r.cellTypes {
		seeds = append(seeds, t)
	}
	// The exported types of every compiled package cells can import: a value's
	// static types do not reach the dynamic types its interfaces hold (a plot's
	// color.Color holding a color.Gray16).
	seeds = append(seeds, s.compiledTypes()...)
	r.TypeResolver = snapshot.NewTypeResolver(seeds...)
	return r
}

// compiledNames resolves the compiled packages' types (compiledTypes) and those they
// are built from, made on first use and kept: a snapshot is checked against it
// (snapshot.EncodeFor), since a named type is compiled into the binary (reflect makes
// none at run time) and a new worker restoring the snapshot resolves it exactly when
// this resolver does.
func (s *Session) compiledNames() snapshot.TypeResolver {
	return lazyTypes{s}
}

// lazyTypes is compiledNames's resolver, built when first asked: most snapshots
// name no type that needs it.
type lazyTypes struct{ s *Session }

func (l lazyTypes) Resolve(kind reflect.Kind, name, pkgPath string) (reflect.Type, bool) {
	if l.s.compiledResolver == nil {
		l.s.compiledResolver = snapshot.NewTypeResolver(l.s.compiledTypes()...)
	}
	return l.s.compiledResolver.Resolve(kind, name, pkgPath)
}

// compiledTypes returns the exported types of the compiled packages in the session's
// symbol tables, computed once.
func (s *Session) compiledTypes() []reflect.Type {
	if s.compiled != nil {
		return s.compiled
	}
	for _, p := range slices.Sorted(maps.Keys(s.symbols.byPath)) {
		syms := s.symbols.byPath[p]
		for _, name := range slices.Sorted(maps.Keys(syms)) {
			v := syms[name]
			// yaegi lists a type as a nil pointer to it; "_Name" are its wrappers.
			if strings.HasPrefix(name, "_") || !v.IsValid() || v.Kind() != reflect.Pointer || !v.IsNil() {
				continue
			}
			s.compiled = append(s.compiled, v.Type().Elem())
		}
	}
	if s.compiled == nil {
		s.compiled = []reflect.Type{}
	}
	return s.compiled
}

// learnCellTypes finds the reflect type of every type the cells declared.
func (r *restoreTypes) learnCellTypes() {
	r.cellTypes = map[reflect.Type]string{}
	for _, name := range slices.Sorted(maps.Keys(r.s.types)) {
		t := r.s.typeOf(context.Background(), name)
		if t == nil {
			r.interfaces = append(r.interfaces, name)
			continue
		}
		if _, dup := r.cellTypes[t]; !dup {
			r.cellTypes[t] = name
		}
	}
}

// Rewrap implements snapshot.Rewrapper.
func (r *restoreTypes) Rewrap(t reflect.Type, inner reflect.Value) (reflect.Value, error) {
	if !inner.IsValid() {
		return reflect.Zero(t), nil // yaegi's nil interface is the zero struct
	}
	tpl, err := r.template(t, inner.Type())
	if err != nil {
		return reflect.Value{}, err
	}
	out := reflect.New(t).Elem()
	out.Set(tpl)
	f, _ := t.FieldByName("value")
	*(*reflect.Value)(unsafe.Pointer(out.Field(f.Index[0]).UnsafeAddr())) = inner
	return out, nil
}

// template returns an interface value of wrapper type t holding a zero value of
// dynamic type dyn, made by the interpreter.
func (r *restoreTypes) template(t, dyn reflect.Type) (reflect.Value, error) {
	if v, ok := r.templates[dyn]; ok {
		return v, nil
	}
	spelling := dyn.String()
	if name, ok := r.cellTypes[dyn]; ok {
		spelling = name
	} else if dyn.Kind() == reflect.Pointer {
		if name, ok := r.cellTypes[dyn.Elem()]; ok {
			spelling = "*" + name
		}
	}
	for _, iface := range append([]string{"any"}, r.interfaces...) {
		src := fmt.Sprintf("\nvar __gkTemplate %s = *new(%s)", iface, spelling)
		if _, err := r.s.evalQuiet(src); err != nil {
			continue
		}
		v, ok := r.s.globals()["__gkTemplate"]
		if ok && v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem() // any holds yaegi's interface value of a type with methods
		}
		if !ok || v.Type() != t {
			continue
		}
		tpl := reflect.New(t).Elem()
		tpl.Set(v)
		r.templates[dyn] = tpl
		return tpl, nil
	}
	return reflect.Value{}, fmt.Errorf("no interface type of the cells holds a %s", spelling)
}
