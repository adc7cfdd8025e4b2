package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"sort"

	"github.com/gokernel/gokernel/interp/prepare"
)

// typeRecord is a type a cell declared, kept so that the type can be declared again
// when only one of its methods is redefined.
type typeRecord struct {
	src string
}

// redefinition is what a declaration chunk redefines among the session's types: the
// types it declares again, and the types whose methods it declares again. Both need
// the type itself renewed, since yaegi keeps the first declaration of a type and the
// first body of each method.
type redefinition struct {
	types    map[string]bool // types declared again by the chunk
	affected []string        // every type to renew, sorted
	oldTypes map[string]reflect.Type
	methods  map[string]bool // "T.M" keys the chunk declares
}

// planRedefinition reads a declaration chunk for redefined types and methods.
func (s *Session) planRedefinition(f *ast.File) *redefinition {
	if f == nil {
		return nil
	}
	r := &redefinition{types: map[string]bool{}, methods: map[string]bool{}, oldTypes: map[string]reflect.Type{}}
	affected := map[string]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				ts, ok := spec.(*ast.TypeSpec)
				if !ok || ts.Assign.IsValid() || ts.TypeParams != nil {
					continue
				}
				if _, known := s.types[ts.Name.Name]; known {
					r.types[ts.Name.Name] = true
					affected[ts.Name.Name] = true
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) != 1 {
				continue
			}
			recv := receiverTypeName(d.Recv.List[0].Type)
			key := recv + "." + d.Name.Name
			r.methods[key] = true
			if _, known := s.funcs[key]; known {
				if _, recorded := s.types[recv]; recorded {
					affected[recv] = true
				}
			}
		}
	}
	if len(affected) == 0 {
		return nil
	}
	for t := range affected {
		r.affected = append(r.affected, t)
	}
	sort.Strings(r.affected)
	return r
}

// begin drops the old types from the interpreter, remembering their reflect types to
// find the variables that hold them, and declares again those the chunk only adds
// methods to.
func (s *Session) beginRedefinition(ctx context.Context, r *redefinition) error {
	for _, t := range r.affected {
		r.oldTypes[t] = s.typeOf(ctx, t)
		if !forgetSymbol(s.yi, t) {
			return fmt.Errorf("cannot redefine %s in this version of the interpreter", t)
		}
		if !r.types[t] {
			if _, err := s.yi.EvalWithContext(ctx, "\n"+s.types[t].src); err != nil {
				return fmt.Errorf("declaring %s again: %w", t, err)
			}
		}
	}
	return nil
}

// finish gives the renewed types back the methods the chunk did not redefine,
// recompiles the functions that use them, and moves the session's variables of the
// old types over: field by field where the fields still fit, otherwise dropped with a
// notice.
func (s *Session) finishRedefinition(ctx context.Context, r *redefinition) {
	renewed := map[string]bool{}
	var changed []string
	for _, t := range r.affected {
		changed = append(changed, t)
		for key, f := range s.funcs {
			if receiverOf(key) != t {
				continue
			}
			renewed[key] = true
			if r.methods[key] {
				continue
			}
			if _, err := s.yi.EvalWithContext(ctx, "\n"+f.src); err != nil {
				fmt.Fprintf(s.opts.Stderr, "note: method %s was dropped: it no longer compiles with the new %s: %v\n", key, t, err)
			}
		}
	}
	for key := range r.methods {
		renewed[key] = true
	}
	s.recompileDependents(ctx, changed, renewed)
	s.moveVariables(ctx, r)
}

// moveVariables declares the session's variables of a renewed struct type again with
// the new type and copies what fits.
func (s *Session) moveVariables(ctx context.Context, r *redefinition) {
	globals := s.globals()
	names := make([]string, 0, len(globals))
	for name := range globals {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, t := range r.affected {
		oldT := r.oldTypes[t]
		if oldT == nil || oldT.Kind() != reflect.Struct {
			continue
		}
		for _, name := range names {
			old := globals[name]
			if !old.IsValid() || old.Type() != oldT {
				continue
			}
			if _, err := s.yi.EvalWithContext(ctx, fmt.Sprintf("\nvar %s %s", name, t)); err != nil {
				fmt.Fprintf(s.opts.Stderr, "note: variable %s of the old type %s was dropped: %v\n", name, t, err)
				continue
			}
			nv, ok := s.globals()[name]
			if !ok || !nv.CanSet() {
				continue
			}
			if lost := copyFields(nv, old); len(lost) > 0 {
				fmt.Fprintf(s.opts.Stderr, "note: variable %s of type %s kept the fields that still fit; dropped %v\n", name, t, lost)
			}
		}
	}
}

// copyFields copies the fields of src into dst by name where the new field can hold
// the old value, and returns the names of the fields it could not carry over.
func copyFields(dst, src reflect.Value) []string {
	var lost []string
	for i := 0; i < src.NumField(); i++ {
		name := src.Type().Field(i).Name
		df := dst.FieldByName(name)
		sf := src.Field(i)
		switch {
		case !df.IsValid() || !df.CanSet():
			lost = append(lost, name)
		case sf.Type().AssignableTo(df.Type()):
			df.Set(sf)
		case numeric(sf.Kind()) && numeric(df.Kind()):
			// int to float64 and the like keep the value; other conversions Go allows
			// (an int to a string, for one) would invent a different one.
			df.Set(sf.Convert(df.Type()))
		default:
			lost = append(lost, name)
		}
	}
	return lost
}

// typeOf is the reflect type yaegi gives a cell type, nil for an interface type.
func (s *Session) typeOf(ctx context.Context, name string) reflect.Type {
	s.lastType = nil
	if _, err := s.yi.EvalWithContext(ctx, fmt.Sprintf("\n;%s.TypeOf(*new(%s))", prepare.RuntimeAlias, name)); err != nil {
		return nil
	}
	return s.lastType
}

// recordTypes remembers the types a declaration chunk declared.
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
			if ts.Assign.IsValid() || ts.TypeParams != nil {
				continue
			}
			s.types[ts.Name.Name] = typeRecord{src: "type " + prepare.DeclSource(src, ts)}
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
