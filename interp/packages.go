package interp

import (
	"path"
	"reflect"
	"sort"
	"strings"
)

// symbolTable indexes the packages exported to the interpreter by import path and by
// package name, for completion, inspection and name resolution.
type symbolTable struct {
	byPath map[string]map[string]reflect.Value
	byName map[string][]string
	nameOf map[string]string // import path -> package name
}

// add records an export table (keys "import/path/name" as yaegi writes them).
func (t *symbolTable) add(exports map[string]map[string]reflect.Value) {
	if t.byPath == nil {
		t.byPath = map[string]map[string]reflect.Value{}
		t.byName = map[string][]string{}
		t.nameOf = map[string]string{}
	}
	for key, syms := range exports {
		dir, name := path.Split(key)
		p := strings.TrimSuffix(dir, "/")
		if p == "" || strings.HasPrefix(p, runtimePath) {
			continue
		}
		if t.byPath[p] == nil {
			t.byPath[p] = map[string]reflect.Value{}
			t.byName[name] = append(t.byName[name], p)
		}
		// Later tables refine earlier ones (unrestricted os.Exit over the default).
		for sym, v := range syms {
			t.byPath[p][sym] = v
		}
		t.nameOf[p] = name
	}
	// Several packages may share a name (math/rand, crypto/rand): the shortest path
	// wins, which picks the general-purpose package over the specialised one.
	for name, paths := range t.byName {
		sort.Slice(paths, func(i, j int) bool {
			if len(paths[i]) != len(paths[j]) {
				return len(paths[i]) < len(paths[j])
			}
			return paths[i] < paths[j]
		})
		t.byName[name] = paths
	}
}

func (s *Session) packagesByName() map[string][]string { return s.symbols.byName }

func (s *Session) packageSymbols(path string) map[string]reflect.Value {
	return s.symbols.byPath[path]
}
