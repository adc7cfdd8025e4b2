package interp

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// Go's names for the cells' struct types, where fmt prints type names. yaegi v0.16.1
// builds a cell's struct type with reflect.StructOf, which makes unnamed types: %T of
// a Rec printed struct { A int }, and %#v struct { A int }{A:1}. reflect cannot make
// a named type, so the session keeps, for each struct type the cells declared, the
// strings reflect and the session's fmt (its look-alikes, fields.go) spell it with,
// and fmt writes Go's name, main.Rec, where they appear in what its formatting
// functions print (%T, %#v, %!d(main.Rec=...)). A string two cell types share (two structs of the same fields) names neither.
// Named types of other kinds (type Celsius float64) have reflect types shared with
// Go's own (float64): their names come from the cell's text instead (the wrap of
// prepare/fmtargs.go).
type typeNames struct {
	mu       sync.Mutex
	byString map[string]string // type string -> main.T, "" when ambiguous
	replacer *strings.Replacer // made again when byString changes
	// declared is the declaration each cell type was named from, so that a type
	// declared again is named again.
	declared map[string]string
}

func newTypeNames() *typeNames {
	return &typeNames{byString: map[string]string{}, declared: map[string]string{}}
}

// add names the struct type rt (and its look-alike) main.name.
func (n *typeNames) add(rt reflect.Type, name string) {
	if rt == nil || rt.Kind() != reflect.Struct {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	keys := []string{rt.String()}
	if s := shapeOf(rt, nil, false); s.to != nil && s.to != rt {
		keys = append(keys, s.to.String())
	}
	for _, k := range keys {
		if prev, ok := n.byString[k]; ok && prev != "main."+name {
			n.byString[k] = "" // two types print alike: name neither
		} else {
			n.byString[k] = "main." + name
		}
	}
	n.replacer = nil
}

// apply writes Go's names for the cells' struct types in s, text fmt printed.
func (n *typeNames) apply(s string) string {
	if n == nil || !strings.Contains(s, "struct {") {
		return s
	}
	n.mu.Lock()
	r := n.replacer
	if r == nil {
		keys := make([]string, 0, len(n.byString))
		for k, v := range n.byString {
			if v != "" {
				keys = append(keys, k)
			}
		}
		// The longest first: a struct type holding another is named as a whole.
		sort.Slice(keys, func(i, j int) bool {
			return len(keys[i]) > len(keys[j]) || len(keys[i]) == len(keys[j]) && keys[i] < keys[j]
		})
		pairs := make([]string, 0, 2*len(keys))
		for _, k := range keys {
			pairs = append(pairs, k, n.byString[k])
		}
		r = strings.NewReplacer(pairs...)
		n.replacer = r
	}
	n.mu.Unlock()
	return r.Replace(s)
}

// nameTypes names the struct types the cells declared since it last ran (or
// declared again).
func (s *Session) nameTypes(ctx context.Context) {
	for name, rec := range s.types {
		if s.typeNames.declared[name] == rec.src {
			continue
		}
		s.typeNames.declared[name] = rec.src
		s.typeNames.add(s.typeOf(ctx, name), name)
	}
}
