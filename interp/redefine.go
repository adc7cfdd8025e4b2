package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"math"
	"reflect"
	"runtime"
	"sort"
	"strings"

	"github.com/gokernel/gokernel/interp/prepare"
)

// funcRecord is a function or method a cell declared, kept so that it can be compiled
// again when something it uses is redefined.
type funcRecord struct {
	key   string // "f", or "T.M" for a method
	src   string // the declaration
	refs  map[string]bool
	order int
}

// recordFuncs remembers the functions a declaration chunk defined and returns the keys
// it redefined.
func (s *Session) recordFuncs(f *ast.File, src string) []string {
	if f == nil {
		return nil
	}
	var redefined []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		key := funcKey(fd)
		// Names in the signature count too: a function taking a redefined type must
		// be compiled again against the new one.
		refs := map[string]bool{}
		ast.Inspect(fd, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				refs[id.Name] = true
			}
			return true
		})
		if _, ok := s.funcs[key]; ok {
			redefined = append(redefined, key)
		}
		s.funcOrder++
		s.funcs[key] = &funcRecord{key: key, src: prepare.DeclSource(src, fd), refs: refs, order: s.funcOrder}
	}
	return redefined
}

// funcKey is a function's funcRecord key: "f" for a function, "T.M" for a method.
func funcKey(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return fd.Name.Name
	}
	return receiverTypeName(fd.Recv.List[0].Type) + "." + fd.Name.Name
}

// receiverTypeName is T for receivers T, *T, T[P] and *T[P], or "".
func receiverTypeName(e ast.Expr) string {
	if id := prepare.RecvBase(e); id != nil {
		return id.Name
	}
	return ""
}

// recompileDependents brings the session up to date with functions a chunk declared
// again, for a caller that did not plan the chunk with planRedefinition; that covers
// redefined functions too, so the session no longer reaches this. See
// finishRedefinition. The chunk's line is unknown here: the declarations of the cell
// being run all count as later ones.
func (s *Session) recompileDependents(ctx context.Context, redefined []string, definedNow map[string]bool) {
	r := newRedefinition(0)
	for _, key := range redefined {
		r.funcs[key] = true
	}
	for key := range definedNow {
		if receiverOf(key) != "" {
			r.methods[key] = true
		} else {
			r.defined[key] = true
		}
	}
	s.finishRedefinition(ctx, r)
}

// redeclares reports whether any of vars is a variable of the session already.
func (s *Session) redeclares(vars map[string]bool) bool {
	if len(vars) == 0 {
		return false
	}
	for n := range s.globals() {
		if vars[n] {
			return true
		}
	}
	return false
}

// redeclaredVariables brings the session up to date after a statement chunk whose
// x := e statements declared variables again. yaegi gives a variable declared again
// a new slot, and code compiled before keeps reading the old one: functions that use
// it are compiled again, and variables holding a function built from it are dropped,
// as for any redefinition (see finishRedefinition). The session calls it after each
// statement chunk it ran; code is the prepared cell the chunk is cut from.
func (s *Session) redeclaredVariables(ctx context.Context, code string, c prepare.Chunk) {
	var names []string
	for _, it := range c.Items {
		names = append(names, prepare.DefinedNames(code[it.Start:it.End])...)
	}
	if len(names) == 0 {
		return
	}
	again := s.prep.Declared(c.Line, names...)
	if len(again) == 0 {
		return
	}
	r := newRedefinition(c.Line)
	for _, n := range again {
		r.vars[n] = true
	}
	s.finishRedefinition(ctx, r)
}

// update is everything a redefinition makes stale, worked out before anything is
// changed.
type update struct {
	r        *redefinition
	oldTypes map[reflect.Type]string // the reflect types of renewed types before
	// renewed are the types declared again, by the chunk or after it; renew are those
	// declared again after it, late those renewed after the chunk compiled (the chunk's
	// own code must be compiled again if it uses them).
	renewed     map[string]bool
	renew       []string
	renewFailed bool
	// changed are the names whose meaning changed: types, functions, methods (by
	// their name alone) and variables.
	changed   map[string]bool
	late      map[string]bool
	recompile []*funcRecord
	info      map[string]prepare.VarInfo
	migrate   []string
	drop      map[string]string // variable -> why it is dropped
	// constants are the declarations of constants to declare again, and constNames
	// the names each declares.
	constants  []string
	constNames map[string][]string
}

// planUpdate works out what the chunk made stale, to a fixed point: types that
// mention a renewed type or whose methods use a changed name are renewed; functions
// that use a changed name are compiled again; variables whose type mentions a renewed
// type are carried over; variables holding a function built from a changed name, or an
// old value behind an interface, are dropped. Each of these changes names in turn.
func (s *Session) planUpdate(ctx context.Context, r *redefinition, dropped []string) *update {
	u := &update{r: r, oldTypes: r.oldTypes, renewed: map[string]bool{}, changed: map[string]bool{},
		late: map[string]bool{}, drop: map[string]string{}, constNames: map[string][]string{}}
	for _, n := range dropped {
		u.changed[n], u.late[n] = true, true
	}
	for _, t := range r.affected {
		u.renewed[t], u.changed[t] = true, true
	}
	for key := range r.funcs {
		u.changed[shortName(key)] = true
	}
	for v := range r.vars {
		u.changed[v] = true // declared again: code compiled before sees the old variable
	}

	globals := s.globals()
	var names, consts []string
	for n, v := range globals {
		switch {
		case r.vars[n] || !v.IsValid():
		case v.CanSet():
			names = append(names, n)
		default:
			consts = append(consts, n)
		}
	}
	sort.Strings(names)
	sort.Strings(consts)
	u.info = s.prep.Vars(append(names, consts...), s.imports, r.line)
	scanner := newValueScanner(u.oldTypes)
	scanned := map[string]holding{}
	scan := func(n string) holding {
		h, ok := scanned[n]
		if !ok {
			h = scanner.scan(globals[n], u.info[n].Type == "")
			scanned[n] = h
		}
		return h
	}
	typeNames := sortedKeys(s.types)
	funcKeys := sortedKeys(s.funcs)
	decided := map[string]bool{}
	recompiling := map[string]bool{}
	for grew := true; grew; {
		grew = false
		for _, t := range typeNames {
			if u.renewed[t] || r.declared[t] {
				continue
			}
			if !mentions(s.types[t].refs, u.changed) && !s.methodsUse(t, u.changed, r.methods) {
				continue
			}
			if rt := s.typeOf(ctx, t); rt != nil {
				u.oldTypes[rt] = t
			}
			u.renewed[t], u.changed[t], u.late[t] = true, true, true
			u.renew = append(u.renew, t)
			grew = true
		}
		// A type the chunk redefined whose new methods use something renewed after
		// the chunk is declared again, methods and all, after it.
		for _, t := range r.affected {
			if u.late[t] {
				continue
			}
			for key := range r.methods {
				if f := s.funcs[key]; f != nil && receiverOf(key) == t && mentions(f.refs, u.late) {
					u.late[t] = true
					u.renew = append(u.renew, t)
					grew = true
					break
				}
			}
		}
		for _, key := range funcKeys {
			f := s.funcs[key]
			if receiverOf(key) != "" || recompiling[key] {
				continue
			}
			// The chunk's own functions were compiled with it: only what changed
			// after it makes them stale.
			uses := u.changed
			if r.defines(key) {
				uses = u.late
			}
			if mentions(f.refs, uses) {
				recompiling[key], u.changed[key], u.late[key] = true, true, true
				grew = true
			}
		}
		for _, n := range consts {
			in := u.info[n]
			if decided[n] || !in.Declared || !usesOther(in.Idents, n, u.changed) {
				continue
			}
			if _, ok := u.constNames[in.Src]; !ok {
				u.constants = append(u.constants, in.Src)
			}
			u.constNames[in.Src] = append(u.constNames[in.Src], n)
			decided[n], u.changed[n], u.late[n] = true, true, true
			grew = true
		}
		for _, n := range names {
			if decided[n] {
				continue
			}
			in := u.info[n]
			if !in.Declared {
				continue // not a cell's variable
			}
			// A function built from changed code is dropped before its type is
			// looked at: carried over to a renewed type of the same shape, it would
			// keep calling the old code.
			if h := scan(n); h.closure && anyIn(in.Mentions, u.renewed) && u.staleValue(n, in, h) != "" {
				u.drop[n] = u.staleValue(n, in, h)
			} else if anyIn(in.Mentions, u.renewed) {
				u.migrate = append(u.migrate, n)
			} else if why := u.staleValue(n, in, scan(n)); why != "" {
				u.drop[n] = why
			} else {
				continue
			}
			decided[n], u.changed[n], u.late[n] = true, true, true
			grew = true
		}
	}
	for key := range recompiling {
		u.recompile = append(u.recompile, s.funcs[key])
	}
	sortRecords(u.recompile)
	return u
}

// staleValue says why the value of variable name is stale, or "". A function value
// is stale when its declaration uses a changed name; when the declaration did not give
// it its value, what the value was built from is unknown, and it is taken as stale if
// code (a function, method or type) changed, not when only variables were declared
// again.
func (u *update) staleValue(name string, in prepare.VarInfo, h holding) string {
	switch {
	case h.old != "":
		return "it holds a value of the old " + h.old
	case !h.closure:
		return ""
	case !in.Initialized:
		if len(u.r.affected) == 0 && len(u.r.funcs) == 0 && len(u.r.methods) == 0 && len(u.renewed) == 0 {
			return ""
		}
		return "it holds a function given to it after its declaration, which may use the old " + u.redefinedNames()
	}
	local := localNames(in.Src)
	var used []string
	for _, id := range in.Idents {
		if id != name && u.changed[id] && !local[id] {
			used = append(used, id)
		}
	}
	if len(used) == 0 {
		return ""
	}
	if in.ThisCell {
		return "it holds a function built from the old " + joinNames(used) + ", which this cell changes below it; declare " + name + " after that"
	}
	return "it holds a function built from the old " + joinNames(used)
}

// localNames returns the names declared inside the functions of a declaration
// (parameters, results, variables, labels): where the declaration uses them, it does
// not use the session's names. A name also used from outside before its local
// declaration is missed, which only keeps a variable that could have been dropped.
func localNames(src string) map[string]bool {
	local := map[string]bool{}
	f := prepare.ParseDecls(src)
	if f == nil {
		return local
	}
	fields := func(l *ast.FieldList) {
		if l == nil {
			return
		}
		for _, fld := range l.List {
			for _, n := range fld.Names {
				local[n.Name] = true
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			fields(n.Type.Params)
			fields(n.Type.Results)
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						local[id.Name] = true
					}
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						local[id.Name] = true
					}
				}
			}
		case *ast.FuncDecl:
			return false
		case *ast.DeclStmt:
			if gd, ok := n.Decl.(*ast.GenDecl); ok {
				for _, sp := range gd.Specs {
					switch sp := sp.(type) {
					case *ast.ValueSpec:
						for _, id := range sp.Names {
							local[id.Name] = true
						}
					case *ast.TypeSpec:
						local[sp.Name.Name] = true
					}
				}
			}
		case *ast.LabeledStmt:
			local[n.Label.Name] = true
		}
		return true
	})
	return local
}

// usesOther reports whether idents, those of the declaration of name, has a name in
// changed other than name itself.
func usesOther(idents []string, name string, changed map[string]bool) bool {
	for _, id := range idents {
		if id != name && changed[id] {
			return true
		}
	}
	return false
}

// redefinedNames lists what the chunk declared again, for a note.
func (u *update) redefinedNames() string {
	var names []string
	names = append(names, u.r.affected...)
	for key := range u.r.funcs {
		names = append(names, key)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "definitions"
	}
	return joinNames(names)
}

func joinNames(names []string) string {
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + " and others"
	}
	return strings.Join(names, ", ")
}

// defines reports whether the chunk declares function key.
func (r *redefinition) defines(key string) bool {
	return r.funcs[key] || r.methods[key] || r.defined[key]
}

// methodsUse reports whether a recorded method of type t, other than those the
// chunk declares, uses a name in changed.
func (s *Session) methodsUse(t string, changed, chunkMethods map[string]bool) bool {
	for key, f := range s.funcs {
		if receiverOf(key) == t && !chunkMethods[key] && mentions(f.refs, changed) {
			return true
		}
	}
	return false
}

// dropVariables makes the variables the update drops undefined, for the interpreter
// and the type-check, with a note on each.
func (s *Session) dropVariables(u *update) {
	if len(u.drop) == 0 {
		return
	}
	names := sortedKeys(u.drop)
	for _, n := range names {
		forgetSymbol(s.yi, n)
		if !u.info[n].Later {
			again := "; run its cell again"
			if u.info[n].ThisCell {
				again = ""
			}
			fmt.Fprintf(s.opts.Stderr, "note: %s was dropped: %s%s\n", n, u.drop[n], again)
		}
	}
	s.prep.Forget(u.r.line, names...)
}

// recompile gives the renewed types their methods back and compiles again the
// functions that use anything changed, all in one evaluation so that they bind to
// each other's new versions; if that fails, one by one, callees first. A function or
// method that no longer compiles is dropped with a note, for the interpreter and the
// type-check: kept, it would run its old body against the new definitions. It returns
// the names dropped (a method by its name alone).
func (s *Session) recompile(ctx context.Context, u *update) []string {
	var methods []*funcRecord
	for key, f := range s.funcs {
		t := receiverOf(key)
		if t == "" || !u.renewed[t] {
			continue
		}
		if u.r.methods[key] && !u.late[t] {
			continue // declared by the chunk on the type it renewed
		}
		if u.renewFailed && contains(u.renew, t) {
			continue // the type kept its old declaration and methods
		}
		methods = append(methods, f)
	}
	sortRecords(methods)
	all := calleesFirst(append(methods, u.recompile...))
	if len(all) == 0 {
		return nil
	}
	var src strings.Builder
	for _, f := range all {
		src.WriteString("\n" + f.src)
	}
	if s.evalOrUndo(ctx, src.String()) == nil {
		return nil
	}
	var gone, keys []string
	for _, f := range all {
		err := s.evalOrUndo(ctx, "\n"+f.src)
		if err == nil {
			continue
		}
		if t := receiverOf(f.key); t != "" {
			fmt.Fprintf(s.opts.Stderr, "note: method %s was dropped: it no longer compiles with the new definitions: %s; fix it and run its cell again\n", f.key, unpositioned(err))
		} else {
			forgetSymbol(s.yi, f.key)
			fmt.Fprintf(s.opts.Stderr, "note: %s was dropped: it no longer compiles with the new definitions: %s; fix it and run its cell again\n", f.key, unpositioned(err))
		}
		delete(s.funcs, f.key)
		gone = append(gone, shortName(f.key))
		keys = append(keys, f.key)
	}
	// A cell declares a function once (twice does not type-check): whatever its line,
	// the cell's declaration is the one that no longer compiles.
	s.prep.Forget(math.MaxInt, keys...)
	return gone
}

// unpositioned is err's message without the line:column yaegi puts in front of it: in
// source the session put together the position means nothing to the user.
func unpositioned(err error) string {
	return positionPrefix.ReplaceAllString(err.Error(), "")
}

// calleesFirst orders functions and methods so that each comes after those it calls
// (a method by its name alone), so that compiling them one by one binds each call to
// the new callee.
func calleesFirst(fs []*funcRecord) []*funcRecord {
	byName := map[string][]*funcRecord{}
	for _, f := range fs {
		byName[shortName(f.key)] = append(byName[shortName(f.key)], f)
	}
	var out []*funcRecord
	state := map[string]int{} // 1: in progress, 2: done
	var visit func(f *funcRecord)
	visit = func(f *funcRecord) {
		if state[f.key] != 0 {
			return
		}
		state[f.key] = 1
		for _, name := range sortedKeys(f.refs) {
			for _, g := range byName[name] {
				if g != f {
					visit(g)
				}
			}
		}
		state[f.key] = 2
		out = append(out, f)
	}
	for _, f := range fs {
		visit(f)
	}
	return out
}

func shortName(key string) string {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '.' {
			return key[i+1:]
		}
	}
	return key
}

func sortRecords(rs []*funcRecord) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].order < rs[j].order })
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func mentions(refs, names map[string]bool) bool {
	if len(refs) > len(names) {
		refs, names = names, refs
	}
	for n := range refs {
		if names[n] {
			return true
		}
	}
	return false
}

func anyIn(list []string, set map[string]bool) bool {
	for _, n := range list {
		if set[n] {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// holding is what a scan found in a value that a redefinition can make stale.
type holding struct {
	closure bool   // a function compiled by the interpreter, or a value it hides
	old     string // the name of an old type a value behind an interface has
}

// valueScanner looks through values for what a redefinition makes stale: functions
// the interpreter compiled (they keep calling what they were compiled against) and
// values of the old types behind interfaces (their methods are the old ones).
type valueScanner struct {
	old     map[reflect.Type]string
	mayHold [2]map[reflect.Type]bool // without and with the old types
	seen    map[uintptr]bool
	budget  int
	h       holding
}

func newValueScanner(old map[reflect.Type]string) *valueScanner {
	return &valueScanner{old: old, mayHold: [2]map[reflect.Type]bool{{}, {}}}
}

// scanBudget bounds the values one scan looks at: a huge slice of structs with an
// interface field is looked at in part. Beyond it the scan finds nothing more.
const scanBudget = 1 << 20

// scan looks through v. With static, a value whose declared type is an old type
// counts too (the variable's type could not be written, so it is not carried over);
// without, only a value behind an interface does.
func (sc *valueScanner) scan(v reflect.Value, static bool) (h holding) {
	defer func() {
		if recover() != nil {
			h = holding{closure: true} // what the value holds is unknown: assume the worst
		}
	}()
	sc.h, sc.seen, sc.budget = holding{}, map[uintptr]bool{}, scanBudget
	if v.IsValid() {
		sc.walk(v, static)
	}
	return sc.h
}

func (sc *valueScanner) walk(v reflect.Value, checkOld bool) {
	if sc.budget <= 0 || sc.h.old != "" {
		return
	}
	sc.budget--
	t := v.Type()
	if checkOld {
		if name, ok := sc.old[t]; ok {
			sc.h.old = name
			return
		}
	}
	if !sc.holds(t, checkOld) {
		return
	}
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			sc.walk(v.Elem(), true)
		}
	case reflect.Func:
		if !v.IsNil() && interpreted(v) {
			sc.h.closure = true
		}
	case reflect.Pointer:
		if v.IsNil() || sc.seen[v.Pointer()] {
			return
		}
		sc.seen[v.Pointer()] = true
		sc.walk(v.Elem(), checkOld)
	case reflect.Struct:
		if isValueInterface(t) {
			if dv := valueInterfaceValue(v); dv.IsValid() {
				sc.walk(dv, true)
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			sc.walk(v.Field(i), checkOld)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return
		}
		for i := 0; i < v.Len() && sc.budget > 0; i++ {
			sc.walk(v.Index(i), checkOld)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() && sc.budget > 0 {
			sc.walk(it.Key(), checkOld)
			sc.walk(it.Value(), checkOld)
		}
	}
}

// holds reports whether a value of type t may hold a function, an interface or
// (withOld) a value of an old type.
func (sc *valueScanner) holds(t reflect.Type, withOld bool) bool {
	cache := sc.mayHold[0]
	if withOld {
		cache = sc.mayHold[1]
	}
	if h, ok := cache[t]; ok {
		return h
	}
	cache[t] = false // a recursive type holds what its other parts hold
	_, h := sc.old[t]
	h = h && withOld
	switch t.Kind() {
	case reflect.Interface, reflect.Func:
		h = true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		h = h || sc.holds(t.Elem(), withOld)
	case reflect.Map:
		h = h || sc.holds(t.Key(), withOld) || sc.holds(t.Elem(), withOld)
	case reflect.Struct:
		if isValueInterface(t) {
			h = true
			break
		}
		for i := 0; i < t.NumField() && !h; i++ {
			h = sc.holds(t.Field(i).Type, withOld)
		}
	}
	cache[t] = h
	return h
}

// interpreted reports whether fn is a function yaegi compiled: it calls it through
// reflect.MakeFunc. A compiled function of a package (strings.ToUpper) is not.
func interpreted(fn reflect.Value) bool {
	f := runtime.FuncForPC(fn.Pointer())
	return f == nil || f.Name() == "reflect.makeFuncStub"
}
