package prepare

import (
	"errors"
	"go/ast"
	"go/importer"
	"go/token"
	"math"
	"path"
	"strings"
	"testing"
)

func newTestPipeline() *Pipeline {
	return New(Config{
		ImportName: func(spec *ast.ImportSpec, p string) string {
			if spec.Name != nil {
				return spec.Name.Name
			}
			return path.Base(p)
		},
		IntVars:  func() map[string]bool { return nil },
		Importer: importer.ForCompiler(token.NewFileSet(), "source", nil),
	})
}

// run prepares and records a cell, as a session that ran it would.
func run(t *testing.T, p *Pipeline, cell string) {
	t.Helper()
	if _, err := p.Prepare(cell, nil); err != nil {
		t.Fatalf("%q: %v", cell, err)
	}
	p.Record(math.MaxInt)
}

// undefined reports whether the pipeline rejects a use of name as undefined.
func undefined(p *Pipeline, name string) bool {
	_, err := p.Prepare("_ = "+name, nil)
	var pe *Error
	return errors.As(err, &pe) && pe.Msg == "undefined: "+name
}

func TestForgetEarlierDeclarations(t *testing.T) {
	p := newTestPipeline()
	run(t, p, "a, b := 1, 2\nvar c, d = 3, 4\nvar e int\ntype T struct{ F int }\nfunc (T) M() int { return 1 }")
	p.Forget(1, "b", "c", "e", "T.M")
	for name, gone := range map[string]bool{"a": false, "b": true, "c": true, "d": false, "e": true} {
		if got := undefined(p, name); got != gone {
			t.Errorf("%s undefined: %v, want %v", name, got, gone)
		}
	}
	if _, err := p.Prepare("_ = T{}.M()", nil); err == nil || !strings.Contains(err.Error(), "M") {
		t.Errorf("T{}.M() after forgetting T.M: %v", err)
	}
}

func TestForgetInTheCellBeingRun(t *testing.T) {
	p := newTestPipeline()
	run(t, p, "x := 0\ny := 0")
	cell := "x := 1\ny, z := 2, 3\nvar w = 4\nconst k = 5"
	if _, err := p.Prepare(cell, nil); err != nil {
		t.Fatal(err)
	}
	// The session drops x, y and w part way, after line 3: the cell's declarations of
	// them before line 3 go too, z stays; a later one (w) declares it anew.
	p.Forget(3, "x", "y", "w")
	p.Record(math.MaxInt)
	for name, gone := range map[string]bool{"x": true, "y": true, "z": false, "w": false, "k": false} {
		if got := undefined(p, name); got != gone {
			t.Errorf("%s undefined: %v, want %v", name, got, gone)
		}
	}
}

func TestCheckpointUndoesForget(t *testing.T) {
	p := newTestPipeline()
	run(t, p, "x := 0")
	undo := p.Checkpoint()
	p.Forget(1, "x")
	if !undefined(p, "x") {
		t.Fatal("x not forgotten")
	}
	undo()
	if undefined(p, "x") {
		t.Error("x still forgotten after undo")
	}
}

func TestVars(t *testing.T) {
	p := newTestPipeline()
	run(t, p, "import \"time\"\ntype Song struct{ T time.Duration }\ntype List = []Song\nxs := List{}\nvar m map[string]*Song\nf := func(s Song) int { return 1 }\nvar ch <-chan struct{ s Song }")
	got := p.Vars([]string{"xs", "m", "f", "ch", "nope"}, map[string]string{"time": "time"}, 1)
	for name, want := range map[string]string{
		"xs": "[]Song", // the alias spelled out
		"m":  "map[string]*Song",
		"f":  "func(Song) int",
		"ch": "<-chan struct{s Song}",
	} {
		if got[name].Type != want || !got[name].Declared || len(got[name].Mentions) != 1 || got[name].Mentions[0] != "Song" {
			t.Errorf("%s: %+v, want type %s mentioning Song", name, got[name], want)
		}
	}
	if got["nope"].Declared || got["nope"].Type != "" {
		t.Errorf("nope: %+v", got["nope"])
	}
	if !got["f"].Initialized || got["m"].Initialized {
		t.Errorf("Initialized: f %v, m %v", got["f"].Initialized, got["m"].Initialized)
	}
}
