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
	for expr, want := range map[string]string{
		"n":                                   "43",
		"s":                                   `"héllo"`,
		"xs[0] + sub[1]":                      "102",
		"alias.X = 9; pts[0].X":               "9",
		"shapes[0].Area() + shapes[1].Area()": "7",
		"anyv.(Point).Norm1()":                "11",
		"ring.Next.Next == ring":              "true",
		"ring.Next.Next.Next.Name":            `"b"`,
		"pt.label":                            `"origin-ish"`,
		"inc(1)":                              "44",
		"ch <- 1; len(ch)":                    "1",
		"m[\"b\"]":                            "2",
	} {
		if got := b.value(t, expr); got != want {
			t.Errorf("%s = %s after restore, want %s", expr, got, want)
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
