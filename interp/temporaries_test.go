package interp

import (
	"context"
	"runtime"
	"sync"
	"testing"
)

// TestReleaseTemporariesFields fails when yaegi's global frame or scopes are no
// longer laid out as temporaries.go expects.
func TestReleaseTemporariesFields(t *testing.T) {
	s, _ := newTestSession(t)
	expectValue(t, s, "x := 1\nx + 1", "2")
	g, ok := globalFrameFields(s.yi)
	if !ok || len(g.data) == 0 {
		t.Fatal("yaegi's Interpreter.frame.data ([]reflect.Value), universe and scopes (level, sym with index, child) are not as temporaries.go expects: re-check it against this yaegi release")
	}
}

// TestReleaseTemporariesKeepsVariables runs cells whose later cells, closures and
// goroutines read what the top level of an earlier cell computed: each must find the
// value Go gives, after the temporaries of that cell were released.
func TestReleaseTemporariesKeepsVariables(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ code, want string }{
		{"import (\"fmt\"; \"sync\")\ntype pt struct{ X, Y int }\nfunc (p pt) Sum() int { return p.X + p.Y }", ""},
		// Closures over the variables of a top-level loop (one per iteration, Go 1.22),
		// an if's and a switch's init, and a block.
		{"var fs []func() int\nfor i := 0; i < 3; i++ { fs = append(fs, func() int { return i * 10 }) }", ""},
		{"if v := 7; v > 0 { fs = append(fs, func() int { return v }) }\nswitch w := 8; w { case 8: fs = append(fs, func() int { return w }) }\n{ z := 9; fs = append(fs, func() int { return z }) }", ""},
		{"fmt.Sprint(fs[0](), fs[1](), fs[2](), fs[3](), fs[4](), fs[5]())", `"0 10 20 7 8 9"`},
		// Pointers to composite literals, and method values, taken at the top level.
		{"p := &pt{X: 1, Y: 2}\nq := &[]int{4, 5, 6}\nm := pt{X: 3, Y: 4}.Sum\nr := &pt{X: len(*q), Y: p.Sum()}", ""},
		{"fmt.Sprint(p.Sum(), (*q)[2], m(), *r)", `"3 6 7 {3 3}"`},
		{"p.X = 10\nfmt.Sprint(p.Sum(), (*p).X)", `"12 10"`},
		// Values of types with methods handed to compiled code, which calls their
		// methods in later cells: yaegi reads the receiver from the slot each time.
		{"type card struct{ t string }\nfunc (c card) String() string { return \"<\" + c.t + \">\" }\nfunc mkCard(t string) card { return card{t} }\ntype pcard struct{ t string }\nfunc (c *pcard) String() string { return \"*\" + c.t }\ntype outer struct{ card }\ntype holder struct{ c card }", ""},
		{"var st fmt.Stringer = card{\"a\"}\nss := []fmt.Stringer{card{\"b\"}, mkCard(\"c\"), &pcard{\"d\"}, outer{card{\"e\"}}}\nm2 := mkCard(\"f\").String\nm3 := holder{c: card{\"g\"}}.c.String", ""},
		{"fmt.Sprintln(st, st.String(), ss, m2(), m3())", `"<a> <a> [<b> <c> *d <e>] <f> <g>\n"`},
	} {
		if c.want == "" {
			if _, err := s.Execute(context.Background(), c.code); err != nil {
				t.Fatalf("%q: %v", c.code, err)
			}
			continue
		}
		expectValue(t, s, c.code, c.want)
	}

	// A goroutine that reads a variable of a top-level loop once its cell is over.
	// The test lets it go, and waits for it, from outside the interpreter: yaegi
	// v0.16.1 replaces the global frame's slice when a cell adds slots, unsynchronised
	// with goroutines that read it, which -race would report.
	if _, err := s.Execute(context.Background(), "start, wg, got := make(chan struct{}), &sync.WaitGroup{}, make(chan int, 1)\nfor k := 40; k < 41; k++ { j := k + len(\"ab\"); wg.Add(1); go func() { defer wg.Done(); <-start; got <- j }() }"); err != nil {
		t.Fatal(err)
	}
	g := s.globals()
	close(g["start"].Interface().(chan struct{}))
	g["wg"].Interface().(*sync.WaitGroup).Wait()
	expectValue(t, s, "<-got", "42")
}

// TestReleaseTemporariesFreesValues checks that what the top level of a cell computed
// and did not keep is collected once the cell is over: a cell `len(make(...))` used
// to keep its 64 MiB for the rest of the session.
func TestReleaseTemporariesFreesValues(t *testing.T) {
	s, _ := newTestSession(t)
	expectValue(t, s, "1 + 1", "2") // slot 0, which is never released
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	expectValue(t, s, "len(make([]byte, 64<<20))", "67108864")
	expectValue(t, s, "func big() []int { return make([]int, 8<<20) }\nlen(big()) + cap(big()[:1])", "16777216")
	expectValue(t, s, "func big2() []int { return make([]int, 8<<20) }\nfor i := 0; i < 1; i++ { _ = big2() }\n0", "0")
	if after := heap(); after > before+16<<20 {
		t.Errorf("heap went from %d to %d MiB: the cells' temporaries are still held", before>>20, after>>20)
	}
	runtime.KeepAlive(s) // the session, not only its values, must outlive the measurement
}
