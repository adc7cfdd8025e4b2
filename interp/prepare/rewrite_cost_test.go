package prepare_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/gokernel/gokernel/interp"
	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// rewriteCosts are programs whose hot loop runs through one rewrite of the pipeline,
// each chosen so that yaegi runs its unrewritten form right too: the benchmarks
// compare the two forms' speed, which is all that differs between them there.
// Each declares run() int, whose result both forms must agree on, or gives the cell
// to run (whose trailing value they must agree on).
var rewriteCosts = []struct {
	name, rewrite, src, cell string
}{
	{"TypeSwitch", "typeSwitchesAsAssertions", `
func classify(x any) int {
	switch v := x.(type) {
	case int:
		return v
	case string:
		return len(v)
	case float64:
		return int(v)
	case bool:
		if v {
			return 1
		}
		return 0
	case []int:
		return len(v)
	case int64:
		return int(v)
	}
	return -1
}

func run() int {
	xs := []any{1, "ab", 2.5, true, []int{1, 2, 3}, int64(4), 'x'}
	t := 0
	for i := 0; i < 30000; i++ {
		t += classify(xs[i%len(xs)])
	}
	return t
}`, ""},
	{"LoopVarCaptured", "perIterationLoopVars", `
func run() int {
	t := 0
	for i := 0; i < 30000; i++ {
		f := func() int { return i }
		t += f()
	}
	return t
}`, ""},
	{"DeferArgs", "deferredArguments", `
func step(i int) (r int) {
	defer func(x int) { r += x }(i)
	return i
}

func run() int {
	t := 0
	for i := 0; i < 30000; i++ {
		t += step(i)
	}
	return t
}`, ""},
	// A receiver nothing changes after the method value is taken: left as it is.
	{"MethodValue", "methodValuesBound", `
type counter struct{ n int }

func (c counter) get() int { return c.n }

func run() int {
	t := 0
	c := counter{3}
	for i := 0; i < 30000; i++ {
		f := c.get
		t += f()
	}
	return t
}`, ""},
	// A receiver that changes (between the calls here, so that yaegi's late read
	// gives the same answer): bound where taken, through a call.
	{"MethodValueChanging", "methodValuesBound", `
type counter struct{ n int }

func (c counter) get() int { return c.n }

func run() int {
	t := 0
	c := counter{3}
	for i := 0; i < 30000; i++ {
		c.n = i % 7
		f := c.get
		t += f()
	}
	return t
}`, ""},
	{"TupleAssign", "tupleAssignments", `
func next(a int) int { return a + 1 }

func run() int {
	a, b := 0, 0
	for i := 0; i < 100000; i++ {
		a, b = next(a), b+a
	}
	return a + b%1000
}`, ""},
	{"NamedResults", "zeroNamedResults", `
func split(x int) (q, r int) {
	q = x / 7
	r = x % 7
	return
}

func run() int {
	t := 0
	for i := 0; i < 100000; i++ {
		q, r := split(i)
		t += q + r
	}
	return t
}`, ""},
	{"CommaOk", "commaOkIntoVariables", `
func run() int {
	m := map[int]int{1: 1, 3: 3, 5: 5}
	t := 0
	for i := 0; i < 300000; i++ {
		if v, ok := m[i%7]; ok {
			t += v
		}
	}
	return t
}`, ""},
	{"Select", "selectsOntoReflect", `
func run() int {
	c := make(chan int, 1)
	t := 0
	for i := 0; i < 100000; i++ {
		c <- i
		select {
		case v := <-c:
			t += v % 3
		default:
		}
	}
	return t
}`, ""},
	// At the cell's top level the select is left to yaegi: no cost.
	{"SelectTopLevel", "selectsOntoReflect", `
var c = make(chan int, 1)`, `
t := 0
for i := 0; i < 100000; i++ {
	c <- i
	select {
	case v := <-c:
		t += v % 3
	default:
	}
}
t`},
	// The second test of the list implies the first: yaegi, which tests only the
	// first, gets it right.
	{"TaglessCaseList", "taglessCaseLists", `
func run() int {
	t := 0
	for i := 0; i < 300000; i++ {
		switch {
		case i%5 == 0, i%10 == 0:
			t++
		case i%11 == 0:
			t += 2
		}
	}
	return t
}`, ""},
}

// cellOf is the cell that runs the program c.
func cellOf(c string) string {
	if c == "" {
		return "run()"
	}
	return c
}

// BenchmarkRewriteCost runs each program unrewritten in a bare yaegi interpreter and
// as a cell of a session (every pass of the pipeline, the session's interpreter set
// up as cells get it). The bound: the rewritten form at most 2x.
func BenchmarkRewriteCost(b *testing.B) {
	for _, c := range rewriteCosts {
		b.Run(c.name+"/unrewritten", func(b *testing.B) {
			yi := yaegi.New(yaegi.Options{Stdout: io.Discard, Stderr: io.Discard})
			if err := yi.Use(stdlib.Symbols); err != nil {
				b.Fatal(err)
			}
			if _, err := yi.Eval(c.src); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := yi.Eval(cellOf(c.cell)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/rewritten", func(b *testing.B) {
			s, err := interp.NewSession(interp.Options{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			if _, err := s.Execute(ctx, c.src); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.Execute(ctx, cellOf(c.cell)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestRewriteCostProgramsAgree checks that the benchmark's two forms compute the same
// run(): a benchmark of a form that is wrong would measure nothing worth knowing.
func TestRewriteCostProgramsAgree(t *testing.T) {
	for _, c := range rewriteCosts {
		t.Run(c.name, func(t *testing.T) {
			yi := yaegi.New(yaegi.Options{Stdout: io.Discard, Stderr: io.Discard})
			if err := yi.Use(stdlib.Symbols); err != nil {
				t.Fatal(err)
			}
			if _, err := yi.Eval(c.src); err != nil {
				t.Fatal(err)
			}
			want, err := yi.Eval(cellOf(c.cell))
			if err != nil {
				t.Fatal(err)
			}
			s, err := interp.NewSession(interp.Options{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Execute(context.Background(), c.src); err != nil {
				t.Fatal(err)
			}
			got, err := s.Execute(context.Background(), cellOf(c.cell))
			if err != nil {
				t.Fatal(err)
			}
			if g := fmt.Sprint(got.Values[0].Interface()); g != fmt.Sprint(want.Interface()) {
				t.Errorf("%s is %s in a cell (rewritten by %s), %v unrewritten", cellOf(c.cell), g, c.rewrite, want)
			}
		})
	}
}
