package interp

import (
	"strings"
	"testing"
)

// TestDeclarationBelowAStatement: a declaration that uses one the cell makes below a
// statement cannot run in a cell (declarations and statements run in order), though a
// compiled program takes it; the error says so, at the use, and what to do, instead of
// yaegi's "undefined" or "constant definition loop" at line 1.
func TestDeclarationBelowAStatement(t *testing.T) {
	for _, c := range []struct{ cell, want string }{
		{
			"func g() int { return h() }\nx := 1\nfunc h() int { return 2 }\ng() + x",
			"line 1:23: h is declared at line 3, below the statement at line 2: a cell runs its declarations and statements in order, so move the declaration of h above line 2",
		},
		{
			"func g() P { return P{1} }\nx := 1\ntype P struct{ A int }\ng().A + x",
			"line 1:10: P is declared at line 3, below the statement at line 2",
		},
		// Other errors are left as they are.
		{"func g() int { return nope() }\nx := 1\nfunc h() int { return 2 }", "undefined: nope"},
	} {
		s, err := NewSession(Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Execute(t.Context(), c.cell)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("cell %q: error %v, want one containing %q", c.cell, err, c.want)
		}
	}
	// Declarations in one run see each other in any order, as in a Go file.
	s, err := NewSession(Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Execute(t.Context(), "x := 1\nfunc g() int { return x + h() }\nfunc h() int { return 2 }\ng()")
	if err != nil || formatValues(res.Values) != "3" {
		t.Errorf("declarations in one run: %v, %v; want 3", formatValues(res.Values), err)
	}
}
