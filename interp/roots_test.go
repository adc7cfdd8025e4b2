package interp

import (
	"context"
	"errors"
	"go/token"
	"strings"
	"testing"
)

// TestCompiledRootsField pins the yaegi v0.16.1 fields roots.go empties: if another
// release renames one or changes its type, dropCompiledRoots does nothing and the
// session keeps every compiled cell again.
func TestCompiledRootsField(t *testing.T) {
	s, _ := newTestSession(t)
	d, ok := debuggerOnlyFields(s.yi)
	if !ok || len(d.children) < 2 {
		t.Fatal("yaegi's Interpreter.roots ([]*node with a pos), fset, universe and scopes (with child []*scope) are not as roots.go expects: re-check it against this yaegi release")
	}
	if kept(d) == 0 {
		t.Fatal("nothing in roots or the scopes' child lists after the session's prelude: yaegi no longer records them; re-check roots.go")
	}
	// Code declared in one cell still runs from later ones once the roots are gone:
	// it is reached through the package scope.
	for _, code := range []string{
		"type point struct{ X, Y int }",
		"func (p point) sum() int { return p.X + p.Y }",
		"func twice(f func() int) int { return 2 * f() }",
		"p := point{X: 1, Y: 2}",
		"g := func() int { return p.sum() }",
	} {
		if _, err := s.Execute(context.Background(), code); err != nil {
			t.Fatalf("%q: %v", code, err)
		}
		d, _ := debuggerOnlyFields(s.yi)
		if n := kept(d); n != 0 {
			t.Fatalf("%q: %d roots and child scopes kept after the execution, want 0", code, n)
		}
	}
	expectValue(t, s, "twice(g) + point{3, 4}.sum()", "13")
}

// kept counts the roots and child scopes d holds.
func kept(d debuggerOnly) int {
	n := d.roots.Len()
	for _, c := range d.children {
		n += c.Len()
	}
	return n
}

// TestEarlierCellsKeepTheirPositions: dropCompiledRoots removes files from yaegi's
// FileSet; a panic in a function an earlier cell declared, after cells that failed
// to parse or compile, is still placed on its line.
func TestEarlierCellsKeepTheirPositions(t *testing.T) {
	s, _ := newTestSession(t)
	d, _ := debuggerOnlyFields(s.yi)
	files := func() int {
		n := 0
		d.fset.Iterate(func(*token.File) bool { n++; return true })
		return n
	}
	for _, code := range []string{
		"func boom(n int) int {\n\tif n == 0 {\n\t\tpanic(\"boom\")\n\t}\n\treturn boom(n - 1)\n}",
		"x := 1",
		"x + (",
		"undefinedName + 1",
		"x",
	} {
		s.Execute(context.Background(), code)
	}
	before := files()
	for range 10 {
		s.Execute(context.Background(), "x++")
	}
	if grew := files() - before; grew > 10 {
		t.Errorf("yaegi's FileSet grew by %d files in 10 one-statement cells, want at most one each", grew)
	}
	_, err := s.Execute(context.Background(), "boom(2)")
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want a panic", err)
	}
	frames := cellFrames(ce)
	if len(frames) == 0 || !strings.HasPrefix(frames[0].fn, "main.boom") || frames[0].line != 3 {
		t.Errorf("innermost frame %+v, want main.boom at line 3\n%s", frames, strings.Join(ce.Traceback, "\n"))
	}
}
