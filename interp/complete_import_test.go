package interp

import (
	"slices"
	"testing"
)

func TestCompleteImportPaths(t *testing.T) {
	s, _ := newTestSession(t)
	cases := []struct {
		code   string
		cursor int // in code points; -1: the end
		want   []string
		not    []string
		start  int
	}{
		{`import "encoding/`, -1, []string{"encoding/json", "encoding/csv", "encoding/xml"}, []string{"fmt", "encoding"}, 8},
		{`import "encoding/j`, -1, []string{"encoding/json"}, []string{"encoding/csv"}, 8},
		// The editor closed the quote already.
		{`import "encoding/j"`, 18, []string{"encoding/json"}, nil, 8},
		// Under a name, and in a block.
		{`import js "encoding/j`, -1, []string{"encoding/json"}, nil, 11},
		{"import (\n\t\"fmt\"\n\tj \"encoding/j", -1, []string{"encoding/json"}, nil, 20},
		{"import (\n\t\"fmt\"\n\t\"math/r", -1, []string{"math/rand", "math/rand/v2"}, nil, 18},
		// Packages of the symbol tables beyond the standard library, and those the
		// session runs from source.
		{`import "gonum.org/v1/gonum/m`, -1, []string{"gonum.org/v1/gonum/mat"}, nil, 8},
		{`import "ite`, -1, []string{"iter"}, nil, 8},
		// After a non-ASCII cell start, positions count code points.
		{"// ü\nimport \"strc", -1, []string{"strconv"}, nil, 13},
		// A string that is no import path completes nothing of the kind.
		{`fmt.Println("encoding/`, -1, nil, []string{"encoding/json"}, 0},
		{"import (\n\t\"fmt\"\n)\nx := f(\"encoding/", -1, nil, []string{"encoding/json"}, 0},
	}
	for _, c := range cases {
		cursor := c.cursor
		if cursor < 0 {
			cursor = len([]rune(c.code))
		}
		r := s.Complete(c.code, cursor)
		for _, w := range c.want {
			if !slices.Contains(r.Matches, w) {
				t.Errorf("%q: matches %v lack %q", c.code, r.Matches, w)
			}
		}
		for _, n := range c.not {
			if slices.Contains(r.Matches, n) {
				t.Errorf("%q: %q offered", c.code, n)
			}
		}
		if c.want != nil && (r.CursorStart != c.start || r.CursorEnd != cursor) {
			t.Errorf("%q: replaces %d..%d, want %d..%d", c.code, r.CursorStart, r.CursorEnd, c.start, cursor)
		}
	}
}
