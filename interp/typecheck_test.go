package interp

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestEveryCellIsTypeChecked checks cells that use the compiled libraries (which no
// `go build` outside this module can compile, so they are not among the differential
// cases of testdata/cells) for the compiler's error at the user's line, and that
// nothing of a rejected cell ran.
func TestEveryCellIsTypeChecked(t *testing.T) {
	s, out := newTestSession(t)
	if _, err := s.Execute(context.Background(), "users := sparse.NewIDMap()\nusers.Add(\"nas\")"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ code, want string }{
		// The reported case: a two-result lookup read as one gave another user's row.
		{"fmt.Println(\"ran\")\nu := users.Index(\"nobody\")", "line 2:6: assignment mismatch: 1 variable but users.Index returns 2 values"},
		{"m := mat.NewDense(2, 2, nil)\nm.Set(0, 0, \"x\")", `line 2:13: cannot use "x" (untyped string constant) as float64 value in argument to m.Set`},
		{"var d time.Duration = time.Second\nvar n int = d", "line 2:13: cannot use d (variable of int64 type time.Duration) as int value in variable declaration"},
		{"func f() int {\n}", "line 2:1: missing return"},
		{"z := foo + 1", "line 1:6: undefined: foo"},
		{"als.Fit(1, 2)", "line 1:13: not enough arguments in call to als.Fit\n\thave (number, number)\n\twant (context.Context, *sparse.CSR, als.Options)"},
	} {
		out.Reset()
		_, err := s.Execute(context.Background(), c.code)
		var ce *CellError
		if !errors.As(err, &ce) || ce.Name != "CompileError" || ce.Value != c.want {
			t.Errorf("%q: got %v, want CompileError: %s", c.code, err, c.want)
		}
		if out.Len() != 0 {
			t.Errorf("%q: a rejected cell ran: %q", c.code, out)
		}
	}
	// Notebook relaxations: unused variables and imports, and a name declared again.
	for _, code := range []string{"import \"os\"\nunused := 1", "users := 3\nusers + 1"} {
		if _, err := s.Execute(context.Background(), code); err != nil {
			t.Errorf("%q: %v", code, err)
		}
	}
}

// TestRangeOverFuncIsRefused: valid Go the interpreter cannot run is refused at the
// TestRangeOverFuncIsRefused checks that a range over a function the kernel cannot
// rewrite (a return from its body at a cell's top level) is refused at the user's
// line, before anything of the cell runs.
func TestRangeOverFuncIsRefused(t *testing.T) {
	s, out := newTestSession(t)
	_, err := s.Execute(context.Background(), "seq := func(yield func(int) bool) { yield(1) }\nfmt.Println(\"before\")\nfor x := range seq { if x > 0 { return } }")
	var ce *CellError
	if !errors.As(err, &ce) || ce.Name != "NotSupported" || !strings.HasPrefix(ce.Value, "line 3:16: not supported in cells: return at a cell's top level from the body of a range over a function") {
		t.Fatalf("got %v, want NotSupported at line 3:16", err)
	}
	if out.Len() != 0 {
		t.Errorf("a refused cell ran: %q", out)
	}
}

// TestRangeOverFuncPanics checks that a panic in the body of a range over a function
// ends the cell with Go's panic value.
func TestRangeOverFuncPanics(t *testing.T) {
	s, _ := newTestSession(t)
	_, err := s.Execute(context.Background(), "seq := func(yield func(int) bool) { for i := 0; i < 3; i++ { if !yield(i) { return } } }\nfor x := range seq {\n\tif x == 2 {\n\t\tpanic(fmt.Sprint(\"in the body at \", x))\n\t}\n}")
	var ce *CellError
	if !errors.As(err, &ce) || ce.Name != "panic" || ce.Value != "in the body at 2" {
		t.Fatalf("got %v, want panic: in the body at 2", err)
	}
}

// TestRangeOverFuncIteratorContinuing checks that an iterator calling yield again after
// the loop's body broke out panics with Go's runtime error, instead of running the body
// again.
func TestRangeOverFuncIteratorContinuing(t *testing.T) {
	s, out := newTestSession(t)
	_, err := s.Execute(context.Background(), "stubborn := func(yield func(int) bool) { for i := 0; i < 3; i++ { yield(i) } }\nfor x := range stubborn {\n\tfmt.Println(x)\n\tif x == 1 {\n\t\tbreak\n\t}\n}")
	var ce *CellError
	if !errors.As(err, &ce) || ce.Name != "runtime error" || ce.Value != "range function continued iteration after function for loop body returned false" {
		t.Fatalf("got %v (%+v), want the runtime error Go panics with", err, ce)
	}
	if out.String() != "0\n1\n" {
		t.Errorf("the body printed %q, want \"0\\n1\\n\"", out)
	}
}
