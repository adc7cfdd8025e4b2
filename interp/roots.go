package interp

import (
	"go/token"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// yaegi v0.16.1 keeps two references to everything it ever compiled that only its
// debugger reads, so a session keeps the nodes, scopes, types and control flow of
// every evaluation it ran, even once the functions and variables they declared were
// declared again (traefik/yaegi#1678):
//
//   - Interpreter.roots: interp/ast.go appends the root of every syntax tree it
//     compiles (`interp.roots = append(interp.roots, root)`); only debugger.go reads
//     it (PathBreakpointTarget, AllBreakpointTarget). Compiling and running use roots
//     of their own: genGlobalVars is given the roots of the current Eval or Program
//     (src.go, program.go).
//   - scope.child: scope.push (scope.go) appends every new scope to its parent's, so
//     the package scope of main holds the scope of every function and block a cell
//     ever declared, and through scope.def their nodes; only debugger.go reads it
//     (scanScope, the names of a frame's variables).
//
// A renamed copy of yaegi v0.16.1 built with the compiler showed these are every use
// of the two fields. What a later cell uses of an earlier one it reaches through the
// package scope's symbols and the nodes' own scope pointers, never through these
// lists. The session never attaches a debugger, so after each execution it empties
// roots and the child lists of the long-lived scopes (the universe and each package's),
// and the garbage collector gets back what no symbol, value or live node reaches.
//
// yaegi's FileSet grows too: each evaluation adds the file of firstToken's scan, the
// file of buildOk's parse of the package clause and the file of the parse itself
// (interp/ast.go, build.go), and a fourth when it parses again. Only the last has
// nodes, and so positions anyone asks for (a panic's frames, a compile error); it is
// the file of the evaluation's root. So before roots is emptied, every file added
// since the last execution that holds no root is removed from the FileSet.
//
// All this is done on the session's goroutine, between evaluations: yaegi writes
// these fields unsynchronised while it compiles, which is only ever on that goroutine
// (an interrupted evaluation is waited for before the next cell runs; see
// waitEvalStopped). TestCompiledRootsField fails if a field disappears or changes
// type with another yaegi release.

// debuggerOnly is what dropCompiledRoots empties and reads.
type debuggerOnly struct {
	roots    reflect.Value   // Interpreter.roots, a []*node
	children []reflect.Value // the child lists of the long-lived scopes
	fset     *token.FileSet
}

// debuggerOnlyFields returns yi's fields described above, settable, and false if
// yaegi's layout is not the one this file was checked against.
func debuggerOnlyFields(yi *interp.Interpreter) (debuggerOnly, bool) {
	pkgPath := reflect.TypeFor[interp.Interpreter]().PkgPath()
	isSliceOf := func(f reflect.Value, name string) bool {
		if !f.IsValid() || f.Kind() != reflect.Slice {
			return false
		}
		t := f.Type().Elem()
		return t.Kind() == reflect.Pointer && t.Elem().Name() == name && t.Elem().PkgPath() == pkgPath
	}
	var d debuggerOnly
	in := reflect.ValueOf(yi).Elem()
	d.roots = exported(in.FieldByName("roots"))
	if !isSliceOf(d.roots, "node") {
		return debuggerOnly{}, false
	}
	if pos, ok := d.roots.Type().Elem().Elem().FieldByName("pos"); !ok || pos.Type != reflect.TypeFor[token.Pos]() {
		return debuggerOnly{}, false
	}
	fset, ok := exported(in.FieldByName("fset")).Interface().(*token.FileSet)
	if !ok || fset == nil {
		return debuggerOnly{}, false
	}
	d.fset = fset
	scopes := []reflect.Value{exported(in.FieldByName("universe"))}
	if m := exported(in.FieldByName("scopes")); m.IsValid() && m.Kind() == reflect.Map {
		for it := m.MapRange(); it.Next(); {
			scopes = append(scopes, it.Value())
		}
	}
	for _, sc := range scopes {
		if !sc.IsValid() || sc.Kind() != reflect.Pointer || sc.IsNil() || sc.Type().Elem().Name() != "scope" {
			return debuggerOnly{}, false
		}
		child := exported(sc.Elem().FieldByName("child"))
		if !isSliceOf(child, "scope") {
			return debuggerOnly{}, false
		}
		d.children = append(d.children, child)
	}
	return d, true
}

// dropCompiledRoots lets go of what yaegi kept of earlier evaluations for its
// debugger alone, and of the files of its FileSet that hold no node.
func (s *Session) dropCompiledRoots() {
	s.releaseTemporaries() // before the child lists it reads are emptied
	d, ok := debuggerOnlyFields(s.yi)
	if !ok {
		return
	}
	s.filesChecked = dropNodelessFiles(d, s.filesChecked)
	d.roots.SetZero()
	for _, c := range d.children {
		c.SetZero()
	}
}

// dropNodelessFiles removes from d.fset the files from base on that hold no root of
// d.roots, which are all the roots compiled since base, and returns the base to start
// from next time. It removes nothing when a root is in no file.
func dropNodelessFiles(d debuggerOnly, base int) int {
	keep := map[*token.File]bool{}
	for i := range d.roots.Len() {
		f := d.fset.File(token.Pos(d.roots.Index(i).Elem().FieldByName("pos").Int()))
		if f == nil {
			return d.fset.Base()
		}
		keep[f] = true
	}
	var drop []*token.File
	base = max(base, 1) // a FileSet's first file starts at 1, after NoPos
	for end := d.fset.Base(); base < end; {
		f := d.fset.File(token.Pos(base))
		if f == nil {
			break
		}
		if !keep[f] {
			drop = append(drop, f)
		}
		base = f.Base() + f.Size() + 1
	}
	for _, f := range drop {
		d.fset.RemoveFile(f)
	}
	return d.fset.Base()
}
