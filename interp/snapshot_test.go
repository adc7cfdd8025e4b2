package interp

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/snapshot"
)

// snapshotWorker is a worker without a connection: its snapshots are collected.
type snapshotWorker struct {
	*worker
	out  *bytes.Buffer
	mu   sync.Mutex
	done []workerproto.SnapshotDone
	spec *workerproto.SnapshotSpec
	n    int
}

func newSnapshotWorker(t *testing.T, dir string) *snapshotWorker {
	t.Helper()
	out := &bytes.Buffer{}
	s, err := NewSession(Options{Stdout: out, Stderr: out})
	if err != nil {
		t.Fatal(err)
	}
	sw := &snapshotWorker{out: out, spec: &workerproto.SnapshotSpec{Dir: dir, Session: "test-session"}}
	sw.worker = &worker{session: s, stdin: &stdinReader{}, inputs: map[uint64]chan workerproto.InputReply{}}
	sw.snap = newSnapshotter(func(d workerproto.SnapshotDone) {
		sw.mu.Lock()
		sw.done = append(sw.done, d)
		sw.mu.Unlock()
	})
	return sw
}

// run executes code as the kernel would, with a snapshot after it, and returns the
// snapshot written (the zero SnapshotDone when none was).
func (sw *snapshotWorker) run(t *testing.T, code string) workerproto.SnapshotDone {
	t.Helper()
	sw.n++
	sw.mu.Lock()
	before := len(sw.done)
	sw.mu.Unlock()
	reply := sw.execute(workerproto.ExecuteRequest{Code: code, ExecutionID: fmt.Sprintf("exec-%d", sw.n), Snapshot: sw.spec})
	if reply.Error != nil {
		t.Fatalf("cell %q: %s: %s\n%s", code, reply.Error.Name, reply.Error.Value, sw.out)
	}
	sw.snap.wait()
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if len(sw.done) == before {
		return workerproto.SnapshotDone{}
	}
	d := sw.done[len(sw.done)-1]
	if d.Error != "" {
		t.Fatalf("snapshot after %q: %s", code, d.Error)
	}
	return d
}

// value returns the text form of an expression in the worker's session.
func (sw *snapshotWorker) value(t *testing.T, expr string) string {
	t.Helper()
	res, err := sw.session.Execute(context.Background(), expr)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return formatValues(res.Values)
}

// hashes are the value hashes of the session's variables.
func (sw *snapshotWorker) hashes() map[string]string {
	out := map[string]string{}
	for name, v := range sw.session.globals() {
		if isSessionVariable(name) {
			out[name] = hashString(v)
		}
	}
	return out
}

const snapshotCells = `
type Point struct {
	X, Y float64
	label string
}

type Shape interface{ Area() float64 }

type Rect struct{ W, H float64 }

func (r Rect) Area() float64 { return r.W * r.H }

type Node struct {
	Name string
	Next *Node
}

func (p Point) Norm1() float64 { return p.X + p.Y }
---
n := 42
f := 2.5
s := "héllo"
b := true
xs := []float64{1, 2, 3.5}
m := map[string]int{"a": 1, "b": 2}
pt := Point{1, 2, "origin-ish"}
pts := []*Point{{3, 4, "p"}}
alias := pts[0]
shapes := []Shape{Rect{2, 3}, Rect{1, 1}}
var anyv any = Point{5, 6, "in any"}
ring := &Node{Name: "a"}
ring.Next = &Node{Name: "b", Next: ring}
sub := xs[:2]
inc := func(x int) int { return x + n }
ch := make(chan int, 1)
---
n = 43
xs[0] = 100
`

func TestSnapshotRestoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a := newSnapshotWorker(t, dir)
	var last workerproto.SnapshotDone
	for _, cell := range strings.Split(snapshotCells, "---") {
		if d := a.run(t, cell); d.Manifest != "" {
			last = d
		}
	}
	if last.Manifest == "" {
		t.Fatal("no snapshot was written")
	}
	if !slices.Equal(last.Stored, []string{"n", "sub", "xs"}) {
		t.Errorf("the last cell stored %v, want the variables it changed and the slice sharing xs", last.Stored)
	}
	want := a.hashes()

	b := newSnapshotWorker(t, dir)
	reply := b.restore(context.Background(), workerproto.RestoreRequest{SnapshotSpec: *b.spec, Manifest: last.Manifest})
	if reply.Error != "" || len(reply.Lost) > 0 {
		t.Fatalf("restore: %+v\n%s", reply, b.out)
	}
	if !slices.Equal(reply.Replayed, []string{"ch", "inc"}) {
		t.Errorf("replayed %v, want the func and the channel", reply.Replayed)
	}
	got := b.hashes()
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if name == "inc" || name == "ch" {
			continue // cannot be hashed
		}
		if got[name] != want[name] {
			t.Errorf("%s: hash %s after restore, %s before", name, got[name], want[name])
		}
	}
	// In order: some of them write through one variable and read another.
	for _, c := range []struct{ expr, want string }{
		{"n", "43"},
		{"s", `"héllo"`},
		{"xs[0] + sub[1]", "102"},
		{"sub[0] = 7; xs[0]", "7"},
		{"alias.X = 9; pts[0].X", "9"},
		{"shapes[0].Area() + shapes[1].Area()", "7"},
		{"anyv.(Point).Norm1()", "11"},
		{"ring.Next.Next == ring", "true"},
		{"ring.Next.Next.Next.Name", `"b"`},
		{"pt.label", `"origin-ish"`},
		{"inc(1)", "44"},
		{"ch <- 1; len(ch)", "1"},
		{`m["b"]`, "2"},
	} {
		if got := b.value(t, c.expr); got != c.want {
			t.Errorf("%s = %s after restore, want %s", c.expr, got, c.want)
		}
	}

	// The restored session snapshots on from where it was: a change stores the
	// changed variable alone, and the manifest still lists every variable.
	d := b.run(t, "f = 3.5")
	if !slices.Equal(d.Stored, []string{"f"}) {
		t.Errorf("after restore, a change stored %v", d.Stored)
	}
	st, err := snapshot.OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.ReadManifest(d.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	if m.Parent != last.Manifest || len(m.Vars) != len(want) {
		t.Errorf("manifest after restore: parent %s (want %s), %d variables (want %d)", m.Parent, last.Manifest, len(m.Vars), len(want))
	}
	if problems := st.Verify(); len(problems) > 0 {
		t.Errorf("verify: %v", problems)
	}
}

// restoreInto restores manifest into a new worker of the store and fails the test
// unless it succeeds.
func restoreInto(t *testing.T, dir, manifest string) (*snapshotWorker, workerproto.RestoreReply) {
	t.Helper()
	w := newSnapshotWorker(t, dir)
	r := w.restore(context.Background(), workerproto.RestoreRequest{SnapshotSpec: *w.spec, Manifest: manifest})
	if r.Error != "" {
		t.Fatalf("restore: %s\n%s", r.Error, w.out)
	}
	return w, r
}

func TestSnapshotRedefinitions(t *testing.T) {
	dir := t.TempDir()
	a := newSnapshotWorker(t, dir)
	a.run(t, "type T struct{ A int }\nfunc f(t T) int { return t.A }\nv := T{1}")
	a.run(t, "func f(t T) int { return t.A * 10 }")    // redefined: the last body counts
	a.run(t, "type T struct{ A, B int }\nv = T{2, 3}") // the type too
	d := a.run(t, "w := f(v)")
	b, r := restoreInto(t, dir, d.Manifest)
	if len(r.Lost) > 0 {
		t.Fatalf("lost %v", r.Lost)
	}
	for _, c := range []struct{ expr, want string }{{"f(v)", "20"}, {"v.B", "3"}, {"w", "20"}} {
		if got := b.value(t, c.expr); got != c.want {
			t.Errorf("%s = %s, want %s", c.expr, got, c.want)
		}
	}
}

func TestSnapshotUntypedAndReplayed(t *testing.T) {
	dir := t.TempDir()
	a := newSnapshotWorker(t, dir)
	a.run(t, `type Stack[E any] struct{ items []E }
func (s *Stack[E]) Push(e E) { s.items = append(s.items, e) }
func NewStack[E any]() *Stack[E] { return &Stack[E]{} }
st := NewStack[int]()
st.Push(4)
k := 3
add := func(x int) int { return x + k }`)
	d := a.run(t, "k = 5")
	b, r := restoreInto(t, dir, d.Manifest)
	if len(r.Lost) > 0 {
		t.Fatalf("lost %v\n%s", r.Lost, b.out)
	}
	if got := b.value(t, "add(1)"); got != "6" {
		t.Errorf("add(1) = %s after restore: the func must be recomputed after k is loaded", got)
	}
	if got := b.value(t, "len(st.items)"); got != "1" {
		t.Errorf("len(st.items) = %s: the generic instance was not brought back", got)
	}
}

func TestSnapshotFailedCellAndOffOn(t *testing.T) {
	dir := t.TempDir()
	a := newSnapshotWorker(t, dir)
	a.run(t, "xs := []int{1, 2, 3}\ny := 1")
	// A cell that changes xs, then panics: the next successful cell's snapshot
	// includes xs though that cell does not touch it.
	reply := a.execute(workerproto.ExecuteRequest{Code: "xs[0] = 100\npanic(\"stop\")", ExecutionID: "failing", Snapshot: a.spec})
	if reply.Error == nil {
		t.Fatal("the cell did not fail")
	}
	d := a.run(t, "y = 2")
	if !slices.Contains(d.Stored, "xs") {
		t.Errorf("after a failed cell changed xs, the next snapshot stored %v", d.Stored)
	}
	// Executions while snapshots are off: the next snapshot stores every variable.
	a.spec = nil
	a.run(t, "y = 3\nz := 4")
	a.spec = &workerproto.SnapshotSpec{Dir: dir, Session: "test-session"}
	d = a.run(t, "q := 1")
	if !slices.Equal(d.Stored, []string{"q", "xs", "y", "z"}) {
		t.Errorf("after snapshots were off, stored %v, want every variable", d.Stored)
	}
	b, _ := restoreInto(t, dir, d.Manifest)
	if got := b.value(t, "xs[0] + y + z"); got != "107" {
		t.Errorf("xs[0] + y + z = %s", got)
	}
}

func TestSnapshotDiff(t *testing.T) {
	dir := t.TempDir()
	a := newSnapshotWorker(t, dir)
	d1 := a.run(t, "xs := []float64{1, 2, 3}\nhead := xs[:2]\nlabel := \"a\"")
	d2 := a.run(t, "head[1] = 20\nlabel = \"b\"")
	diff := a.diff(workerproto.DiffRequest{Dir: dir, A: d1.Manifest, B: d2.Manifest, ALabel: "[1]", BLabel: "[2]"})
	if diff.Error != "" {
		t.Fatal(diff.Error)
	}
	for _, want := range []string{"[1] → [2]", "xs", "head", "label", `"a" → "b"`} {
		if !strings.Contains(diff.Text, want) {
			t.Errorf("diff lacks %q:\n%s", want, diff.Text)
		}
	}
	now := a.diff(workerproto.DiffRequest{Dir: dir, A: d2.Manifest, ALabel: "[2]", BLabel: "now"})
	if now.Error != "" || !strings.Contains(now.Text, "No differences") {
		t.Errorf("diff with now: %+v", now)
	}
}

// A diff loads values whose interfaces hold types of compiled packages (a color in a
// plot's style), and leaves out, saying why, what a snapshot could not store or
// cannot be loaded, instead of failing or calling it added.
func TestSnapshotDiffAwkwardValues(t *testing.T) {
	dir := t.TempDir()
	a := newSnapshotWorker(t, dir)
	d1 := a.run(t, "import (\"context\"; \"image/color\")\ntype style struct{ C color.Color; W float64 }\ns := style{color.Gray16{Y: 7}, 1}\nctx := context.Background()\nf := func() int { return 1 }")
	a.run(t, "s.W = 2")
	diff := a.diff(workerproto.DiffRequest{Dir: dir, A: d1.Manifest, ALabel: "[1]", BLabel: "now"})
	if diff.Error != "" {
		t.Fatal(diff.Error)
	}
	for _, want := range []string{"changed: s", "s.W 1 → 2", "not compared: f (not stored:", "not compared: ctx"} {
		if !strings.Contains(diff.Text, want) {
			t.Errorf("diff lacks %q:\n%s", want, diff.Text)
		}
	}
	if strings.Contains(diff.Text, "added") {
		t.Errorf("a variable the snapshot could not store is reported added:\n%s", diff.Text)
	}
}

// A variable holding a value whose type a new worker cannot name (a heatmap's
// unexported tick and grid types, met only through interfaces) is left to replay at
// once, alone: the variables stored with it, which may share its memory, are still
// restored and compared, where before the one undecodable value took them all down.
func TestSnapshotUnnamableTypeStaysAlone(t *testing.T) {
	dir := t.TempDir()
	a := newSnapshotWorker(t, dir)
	d1 := a.run(t, "rows := [][]float64{{1, 2}, {3, 4}}\nhm := plots.HeatmapRows(\"t\", rows, nil, nil)\nscale := 2.0")
	d2 := a.run(t, "rows[0][0] = 10\nscale = 3")
	b, r := restoreInto(t, dir, d2.Manifest)
	if _, lost := r.Lost["rows"]; lost || r.Lost["scale"] != "" {
		t.Fatalf("lost %v: the unnamable plot took the variables stored with it down\n%s", r.Lost, b.out)
	}
	if got := b.value(t, "rows[0][0], scale"); got != "10, 3" {
		t.Errorf("after restore rows[0][0], scale = %s, want 10, 3", got)
	}
	if got := b.value(t, "hm.Title.Text"); got != `"t"` && got != "t" {
		t.Errorf("hm.Title.Text = %s after restore: the plot must be recomputed", got)
	}
	diff := a.diff(workerproto.DiffRequest{Dir: dir, A: d1.Manifest, B: d2.Manifest, ALabel: "[1]", BLabel: "[2]"})
	if diff.Error != "" {
		t.Fatal(diff.Error)
	}
	for _, want := range []string{"changed: rows", "rows[0] 1 of 2 elements changed", "scale 2 → 3", "not compared: hm (not stored:"} {
		if !strings.Contains(diff.Text, want) {
			t.Errorf("diff lacks %q:\n%s", want, diff.Text)
		}
	}
}

func TestSnapshotLargeValueIncremental(t *testing.T) {
	dir := t.TempDir()
	a := newSnapshotWorker(t, dir)
	// 16 MiB: stored in fixed blocks, so the next snapshot copies and writes only
	// the blocks a change touched.
	d := a.run(t, "big := make([]float64, 2<<20)\nfor i := range big { big[i] = float64(i % 1000) }")
	if d.Changed != d.Bytes || d.Bytes < 16<<20 {
		t.Fatalf("first snapshot: %d of %d bytes written", d.Changed, d.Bytes)
	}
	d = a.run(t, "for i := 1 << 20; i < 1<<20+1000; i++ { big[i] = -1 }")
	if d.Changed == 0 || d.Changed > 2*snapshot.BlockSize {
		t.Errorf("8000 bytes changed: %d bytes written, want at most two blocks", d.Changed)
	}
	d = a.run(t, "big = append(big, 1, 2, 3)")
	if d.Changed > 2*snapshot.BlockSize {
		t.Errorf("an append: %d bytes written", d.Changed)
	}
	b, _ := restoreInto(t, dir, d.Manifest)
	if got, want := b.hashes()["big"], a.hashes()["big"]; got != want {
		t.Errorf("restored big hashes %s, want %s", got, want)
	}
	if got := b.value(t, "big[1<<20+999] + big[len(big)-1] + big[5]"); got != "7" {
		t.Errorf("restored values: %s", got)
	}
}

func TestSnapshotSelfEncodingValues(t *testing.T) {
	dir := t.TempDir()
	a := newSnapshotWorker(t, dir)
	d := a.run(t, `import (
	"context"
	"math/big"
	"time"

	"github.com/gokernel/gokernel/mllib/als"
	"github.com/gokernel/gokernel/mllib/sparse"
	"gonum.org/v1/gonum/mat"
)
when := time.Date(2026, 11, 30, 12, 0, 0, 5, time.FixedZone("X", 3600))
huge, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
ratio := big.NewRat(2, 3)
plays, _ := sparse.NewCSR(3, 4, []sparse.Triplet{{0, 1, 3}, {1, 2, 5}, {2, 3, 1}, {0, 3, 2}})
model, _ := als.Fit(context.Background(), plays, als.Options{Factors: 4, Iterations: 3})
m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})`)
	want := a.hashes()
	b, r := restoreInto(t, dir, d.Manifest)
	if len(r.Lost) > 0 || len(r.Replayed) > 0 {
		t.Fatalf("restore: %+v", r)
	}
	for name, h := range want {
		if got := b.hashes()[name]; got != h {
			t.Errorf("%s hashes %s after restore, %s before", name, got, h)
		}
	}
	for _, c := range []struct{ expr, want string }{
		{"when.Nanosecond()", "5"},
		{"huge.String()", `"123456789012345678901234567890"`},
		{"ratio.String()", `"2/3"`},
		{"m.At(1, 0)", "3"},
	} {
		if got := b.value(t, c.expr); got != c.want {
			t.Errorf("%s = %s after restore, want %s", c.expr, got, c.want)
		}
	}
	if got, want := b.value(t, "f, _ := model.ItemFactors(1); f"), a.value(t, "f, _ := model.ItemFactors(1); f"); got != want {
		t.Errorf("the restored ALS model scores %s, the original %s", got, want)
	}
}

func TestSnapshotReplayOrder(t *testing.T) {
	dir := t.TempDir()
	a := newSnapshotWorker(t, dir)
	// Both hold channels, recomputed on restore; "a" (declared second) is built
	// from "z", so they must run again in the order the cells declared them,
	// not by name.
	d := a.run(t, "z := make(chan int, 3)\na := []chan int{z}")
	b, r := restoreInto(t, dir, d.Manifest)
	if len(r.Lost) > 0 {
		t.Fatalf("lost %v", r.Lost)
	}
	if got := b.value(t, "a[0] == z"); got != "true" {
		t.Errorf("a[0] == z is %s after restore", got)
	}
}
