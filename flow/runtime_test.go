package flow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gokernel/gokernel/snapshot"
)

// The artifacts of the test flow, package-level variables as in an exported program.
// The flow is a diamond: load, then totals and index (independent), then report,
// then publish.
type rtItem struct {
	ID    string
	Price float64
	Tags  []string
	Next  *rtItem // into the same slice: sharing the store must keep
}

var (
	rtItems  []rtItem
	rtTotals map[string]float64
	rtIndex  map[string]*rtItem
	rtReport string
	rtCount  int
)

func rtLoad() error {
	rtItems = []rtItem{
		{ID: "a", Price: 1.5, Tags: []string{"fruit", "red"}},
		{ID: "b", Price: 2.25, Tags: []string{"fruit"}},
		{ID: "c", Price: 0.1, Tags: nil},
		{ID: "d", Price: 1e-7, Tags: []string{}},
	}
	for i := range len(rtItems) - 1 {
		rtItems[i].Next = &rtItems[i+1]
	}
	return nil
}

func rtComputeTotals() error {
	rtTotals = map[string]float64{}
	for _, it := range rtItems {
		for _, t := range it.Tags {
			rtTotals[t] += it.Price
		}
	}
	return nil
}

func rtBuildIndex() error {
	rtIndex = map[string]*rtItem{}
	for i := range rtItems {
		it := rtItems[i]
		it.Next = nil
		rtIndex[it.ID] = &it
	}
	return nil
}

func rtMakeReport() error {
	var tags []string
	for t := range rtTotals {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	var b strings.Builder
	for _, t := range tags {
		fmt.Fprintf(&b, "%s=%g ", t, rtTotals[t])
	}
	fmt.Fprintf(&b, "items=%d", len(rtIndex))
	rtReport = b.String()
	return nil
}

func rtPublish() error {
	rtCount = len(rtReport)
	return nil
}

func rtReset() {
	rtItems, rtTotals, rtIndex, rtReport, rtCount = nil, nil, nil, "", 0
}

// rtHarness records which steps ran, in which order, how many at once, and lets a
// test hook into a step.
type rtHarness struct {
	mu         sync.Mutex
	started    []string
	running    atomic.Int32
	maxRunning atomic.Int32
	hooks      map[string]func() error
}

func (h *rtHarness) wrap(name string, body func() error) func() error {
	return func() error {
		n := h.running.Add(1)
		defer h.running.Add(-1)
		for {
			m := h.maxRunning.Load()
			if n <= m || h.maxRunning.CompareAndSwap(m, n) {
				break
			}
		}
		h.mu.Lock()
		h.started = append(h.started, name)
		hook := h.hooks[name]
		h.mu.Unlock()
		if hook != nil {
			if err := hook(); err != nil {
				return err
			}
		}
		return body()
	}
}

func (h *rtHarness) ran() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.started)
}

var rtArtifactNames = []string{"items", "totals", "index", "report", "count"}

// rtDiamond declares the test flow, with hashes as the notebook's recorded hashes.
func rtDiamond(h *rtHarness, hashes map[string]string) *Flow {
	f := New("diamond")
	f.Notebook("diamond.ipynb")
	f.Artifact("items", &rtItems, hashes["items"])
	f.Artifact("totals", &rtTotals, hashes["totals"])
	f.Artifact("index", &rtIndex, hashes["index"])
	f.Artifact("report", &rtReport, hashes["report"])
	f.Artifact("count", &rtCount, hashes["count"])
	f.Step("load", h.wrap("load", rtLoad), Writes("items"), Cells(1, 2))
	f.Step("totals", h.wrap("totals", rtComputeTotals), Reads("items"), Writes("totals"), Cells(3))
	f.Step("index", h.wrap("index", rtBuildIndex), Reads("items"), Writes("index"), Cells(4))
	f.Step("report", h.wrap("report", rtMakeReport), Reads("totals", "index"), Writes("report"), Cells(5))
	f.Step("publish", h.wrap("publish", rtPublish), Reads("report"), Writes("count"), After("index"), Cells(7))
	return f
}

// rtHashes returns the hash of each artifact's variable as it is now.
func rtHashes(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, ptr := range map[string]any{"items": &rtItems, "totals": &rtTotals, "index": &rtIndex, "report": &rtReport, "count": &rtCount} {
		sum, err := snapshot.Hash(reflect.ValueOf(ptr).Elem(), snapshot.HashOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out[name] = sum.String()
	}
	return out
}

// rtRunAll runs the whole flow into a new store and returns the store and the
// artifacts' hashes.
func rtRunAll(t *testing.T) (store string, hashes map[string]string) {
	t.Helper()
	rtReset()
	store = t.TempDir()
	var h rtHarness
	if err := rtDiamond(&h, nil).Run(context.Background(), RunOptions{Store: store, Stderr: &bytes.Buffer{}}); err != nil {
		t.Fatal(err)
	}
	return store, rtHashes(t)
}

func rtLatest(t *testing.T, store string) *runRecord {
	t.Helper()
	st, err := openFlowStore(store, "diamond")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := st.latest()
	if err != nil {
		t.Fatal(err)
	}
	if rec == nil {
		t.Fatal("no run record")
	}
	return rec
}

func rtPos(list []string, name string) int { return slices.Index(list, name) }

func TestRunAllInOrderAndStored(t *testing.T) {
	for _, parallel := range []int{1, 2} {
		t.Run(fmt.Sprint("parallel ", parallel), func(t *testing.T) {
			rtReset()
			store := t.TempDir()
			h := rtHarness{hooks: map[string]func() error{}}
			if parallel == 2 {
				// Each independent step waits until the other has started: they
				// finish only if they ran at the same time.
				totalsIn, indexIn := make(chan struct{}), make(chan struct{})
				meet := func(mine, other chan struct{}) func() error {
					return func() error {
						close(mine)
						select {
						case <-other:
							return nil
						case <-time.After(20 * time.Second):
							return errors.New("the other independent step did not run at the same time")
						}
					}
				}
				h.hooks["totals"] = meet(totalsIn, indexIn)
				h.hooks["index"] = meet(indexIn, totalsIn)
			}
			var stderr bytes.Buffer
			f := rtDiamond(&h, nil)
			if err := f.Run(context.Background(), RunOptions{Store: store, Parallel: parallel, Stderr: &stderr}); err != nil {
				t.Fatalf("%v\n%s", err, stderr.String())
			}
			ran := h.ran()
			if len(ran) != 5 || ran[0] != "load" || rtPos(ran, "report") < max(rtPos(ran, "totals"), rtPos(ran, "index")) || ran[4] != "publish" {
				t.Errorf("steps started in the order %v", ran)
			}
			if got := h.maxRunning.Load(); int(got) != parallel {
				t.Errorf("at most %d steps ran at once, want %d", got, parallel)
			}
			if rtCount != len("fruit=3.75 red=1.5 items=4") || rtReport != "fruit=3.75 red=1.5 items=4" {
				t.Errorf("report %q, count %d", rtReport, rtCount)
			}
			for _, name := range []string{"load", "totals", "index", "report", "publish"} {
				if !regexp.MustCompile(`(?m)^flow: step `+name+` started$`).MatchString(stderr.String()) ||
					!regexp.MustCompile(`(?m)^flow: step `+name+` done in [0-9.]+(s|ms|µs)`).MatchString(stderr.String()) {
					t.Errorf("no start and end lines for step %s in\n%s", name, stderr.String())
				}
			}

			hashes := rtHashes(t)
			rec := rtLatest(t, store)
			if rec.Mode != "all" || rec.Failed != "" || len(rec.Steps) != 5 || rec.Run != rec.ID || len(rec.Earlier) != 0 {
				t.Errorf("run record %+v", rec)
			}
			st, _ := openFlowStore(store, "diamond")
			for _, name := range rtArtifactNames {
				a, ok := rec.Artifacts[name]
				if !ok {
					t.Errorf("artifact %s not in the run record", name)
					continue
				}
				if a.Hash != hashes[name] || a.Step != f.DAG().Artifacts[name].Step || a.Record != rec.ID || a.Type != f.DAG().Artifacts[name].Type {
					t.Errorf("artifact %s recorded as %+v, hash now %s", name, a, hashes[name])
				}
				ref, err := snapshot.ParseRef(a.Ref)
				if err != nil || !st.objects.Has(ref.ID) {
					t.Errorf("artifact %s: ref %q not stored (%v)", name, a.Ref, err)
				}
			}
		})
	}
}

func TestResumeLoadsEarlierArtifacts(t *testing.T) {
	store, hashes := rtRunAll(t)
	items, totals := rtItems, rtTotals
	rtReset()

	var h rtHarness
	var stderr bytes.Buffer
	err := rtDiamond(&h, nil).Run(context.Background(), RunOptions{Store: store, Resume: "index", Parallel: 2, Stderr: &stderr})
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if ran := h.ran(); !slices.Equal(ran, []string{"index", "report", "publish"}) {
		t.Errorf("resume from index ran %v, want index, report, publish", ran)
	}
	if now := rtHashes(t); !reflect.DeepEqual(now, hashes) {
		t.Errorf("after resume the hashes are\n%v\nwant\n%v", now, hashes)
	}
	if !reflect.DeepEqual(rtItems, items) || !reflect.DeepEqual(rtTotals, totals) {
		t.Errorf("loaded items %v, totals %v; want %v, %v", rtItems, rtTotals, items, totals)
	}
	if rtItems[0].Next != &rtItems[1] || rtItems[2].Next != &rtItems[3] {
		t.Error("the loaded items no longer point into their own slice")
	}
	if !strings.Contains(stderr.String(), "flow: loaded items") || !strings.Contains(stderr.String(), "flow: loaded totals") {
		t.Errorf("no load lines in\n%s", stderr.String())
	}
	rec := rtLatest(t, store)
	if rec.Mode != "resume" || rec.From != "index" || rec.Base == "" || rec.Artifacts["items"].Record != rec.Base || rec.Artifacts["index"].Record != rec.ID {
		t.Errorf("run record after resume: %+v", rec)
	}
}

func TestResumeFromFirstStepNeedsNoRecord(t *testing.T) {
	rtReset()
	var h rtHarness
	if err := rtDiamond(&h, nil).Run(context.Background(), RunOptions{Store: t.TempDir(), Resume: "load", Stderr: &bytes.Buffer{}}); err != nil {
		t.Fatal(err)
	}
	if len(h.ran()) != 5 {
		t.Errorf("ran %v", h.ran())
	}
	var h2 rtHarness
	err := rtDiamond(&h2, nil).Run(context.Background(), RunOptions{Store: t.TempDir(), Resume: "report", Stderr: &bytes.Buffer{}})
	if err == nil || !strings.Contains(err.Error(), "no recorded run") {
		t.Errorf("resume in an empty store: %v", err)
	}
}

func TestOnlyRunsOneStep(t *testing.T) {
	store, hashes := rtRunAll(t)
	before := rtLatest(t, store)
	rtReset()

	var h rtHarness
	var stderr bytes.Buffer
	if err := rtDiamond(&h, nil).Run(context.Background(), RunOptions{Store: store, Only: "report", Stderr: &stderr}); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if ran := h.ran(); !slices.Equal(ran, []string{"report"}) {
		t.Errorf("--only report ran %v", ran)
	}
	if rtReport != "fruit=3.75 red=1.5 items=4" || rtItems != nil || rtCount != 0 {
		t.Errorf("after --only report: report %q, items %v, count %d", rtReport, rtItems, rtCount)
	}
	rec := rtLatest(t, store)
	if rec.Mode != "only" || rec.Run != before.Run || rec.Base != before.ID || !slices.Equal(rec.Steps, []string{"report"}) {
		t.Errorf("run record after --only: %+v", rec)
	}
	for _, name := range rtArtifactNames {
		a := rec.Artifacts[name]
		want := before.ID
		if name == "report" {
			want = rec.ID
		}
		if a.Record != want || a.Hash != hashes[name] {
			t.Errorf("artifact %s after --only report: %+v", name, a)
		}
	}
}

// TestOnlyStepByStep runs the flow as a scheduler does, one step per process run,
// each loading what the steps before it stored.
func TestOnlyStepByStep(t *testing.T) {
	_, hashes := rtRunAll(t)
	store := t.TempDir()
	for _, step := range []string{"load", "totals", "index", "report", "publish"} {
		rtReset()
		var h rtHarness
		opts := RunOptions{Store: store, Only: step, Verify: step == "publish", Stderr: &bytes.Buffer{}}
		if err := rtDiamond(&h, hashes).Run(context.Background(), opts); err != nil {
			t.Fatalf("--only %s: %v\n%s", step, err, opts.Stderr)
		}
		if ran := h.ran(); !slices.Equal(ran, []string{step}) {
			t.Fatalf("--only %s ran %v", step, ran)
		}
	}
	rec := rtLatest(t, store)
	for _, name := range rtArtifactNames {
		if rec.Artifacts[name].Hash != hashes[name] {
			t.Errorf("artifact %s: %+v, want hash %s", name, rec.Artifacts[name], hashes[name])
		}
	}
}

// TestOnlyMergesSiblings has two --only steps start from the same record and
// finish one after the other, as a scheduler running independent steps at once
// does: the second record must keep what the first stored.
func TestOnlyMergesSiblings(t *testing.T) {
	store := t.TempDir()
	rtReset()
	var h rtHarness
	f := rtDiamond(&h, nil)
	run := func(step string) {
		if err := f.Run(context.Background(), RunOptions{Store: store, Only: step, Stderr: &bytes.Buffer{}}); err != nil {
			t.Fatal(err)
		}
	}
	run("load")
	st, _ := openFlowStore(store, "diamond")
	base, _ := st.latest()
	run("totals")

	// index ran from base, and finishes after totals stored its record.
	if err := rtBuildIndex(); err != nil {
		t.Fatal(err)
	}
	r := &runner{f: f, log: &progress{w: &bytes.Buffer{}}, st: st, mode: "only", produced: map[version]storedArtifact{}}
	if _, err := r.storeOutputs(f.steps[2]); err != nil {
		t.Fatal(err)
	}
	rec := &runRecord{Flow: "diamond", Mode: "only", From: "index", Started: time.Now()}
	if err := f.saveRecord(st, rec, base, f.steps[2:3], r.produced); err != nil {
		t.Fatal(err)
	}
	latest, _ := st.latest()
	for _, name := range []string{"items", "totals", "index"} {
		if _, ok := latest.Artifacts[name]; !ok {
			t.Errorf("the record after two sibling steps lacks %s: %+v", name, latest.Artifacts)
		}
	}
	if latest.Run != base.Run {
		t.Errorf("run %s, want %s", latest.Run, base.Run)
	}
}

func TestFailingStepStopsTheFlow(t *testing.T) {
	for _, tc := range []struct {
		name, step string
		hook       func() error
		parallel   int
		want       string
	}{
		{"error", "totals", func() error { return errors.New("boom") }, 1, "step totals failed: boom"},
		{"panic", "index", func() error { panic("kaboom") }, 2, "step index failed: panic: kaboom"},
		{"runtime error", "totals", func() error { s := []int{}; return fmt.Errorf("%d", s[rtCount]) }, 1, "step totals failed: panic: runtime error: index out of range [0] with length 0"},
		{"Goexit", "totals", func() error { runtime.Goexit(); return nil }, 1, "step totals failed: the step called runtime.Goexit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rtReset()
			store := t.TempDir()
			h := rtHarness{hooks: map[string]func() error{tc.step: tc.hook}}
			var stdout, stderr bytes.Buffer
			code := rtDiamond(&h, nil).main(context.Background(), []string{"--store", store, "--parallel", fmt.Sprint(tc.parallel)}, &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if !strings.Contains(stderr.String(), "flow: "+tc.want) {
				t.Errorf("stderr lacks %q:\n%s", "flow: "+tc.want, stderr.String())
			}
			ran := h.ran()
			if slices.Contains(ran, "report") || slices.Contains(ran, "publish") {
				t.Errorf("steps after the failure ran: %v", ran)
			}
			if tc.parallel == 1 && slices.Contains(ran, "index") {
				t.Errorf("index started after totals failed: %v", ran)
			}
			if tc.name == "panic" && (!strings.Contains(stderr.String(), "flow: step index panicked: kaboom") || !strings.Contains(stderr.String(), "runtime_test.go")) {
				t.Errorf("no panic value and stack in\n%s", stderr.String())
			}
			if tc.name == "panic" && strings.Contains(stderr.String(), "flow.callStep") {
				t.Errorf("the stack shows the runtime's frames:\n%s", stderr.String())
			}

			// Run gives the same as a *StepError, and the record says so.
			rtReset()
			h = rtHarness{hooks: map[string]func() error{tc.step: tc.hook}}
			err := rtDiamond(&h, nil).Run(context.Background(), RunOptions{Store: store, Parallel: tc.parallel, Stderr: &bytes.Buffer{}})
			var se *StepError
			if !errors.As(err, &se) || se.Step != tc.step {
				t.Fatalf("Run: %v, want a *StepError of step %s", err, tc.step)
			}
			rec := rtLatest(t, store)
			if !strings.Contains(rec.Failed, tc.want) || rec.Artifacts["items"].Ref == "" {
				t.Errorf("run record after the failure: %+v", rec)
			}
			if _, ok := rec.Artifacts[tc.step]; ok {
				t.Errorf("the failed step's artifact is recorded: %+v", rec.Artifacts)
			}
		})
	}
}

func TestCancelStopsStarting(t *testing.T) {
	rtReset()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := rtHarness{hooks: map[string]func() error{"load": func() error { cancel(); return nil }}}
	err := rtDiamond(&h, nil).Run(ctx, RunOptions{Store: t.TempDir(), Stderr: &bytes.Buffer{}})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "totals, index, report, publish") {
		t.Errorf("Run after cancel: %v", err)
	}
	if ran := h.ran(); !slices.Equal(ran, []string{"load"}) {
		t.Errorf("ran %v", ran)
	}
}

func TestVerify(t *testing.T) {
	_, hashes := rtRunAll(t)

	rtReset()
	var h rtHarness
	var stderr bytes.Buffer
	if err := rtDiamond(&h, hashes).Run(context.Background(), RunOptions{Store: t.TempDir(), Verify: true, Stderr: &stderr}); err != nil {
		t.Fatalf("verify with the right hashes: %v\n%s", err, stderr.String())
	}
	for _, name := range rtArtifactNames {
		if !strings.Contains(stderr.String(), "flow: verify: "+name+" matches the notebook") {
			t.Errorf("no match line for %s in\n%s", name, stderr.String())
		}
	}

	wrong := map[string]string{}
	for k, v := range hashes {
		wrong[k] = v
	}
	wrong["totals"] = "xxh3-128:00000000000000000000000000000001"
	delete(wrong, "count")
	rtReset()
	stderr.Reset()
	var stdout bytes.Buffer
	code := rtDiamond(&h, wrong).main(context.Background(), []string{"--store", t.TempDir(), "--verify"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit status %d with a wrong hash", code)
	}
	want := "flow: verify: artifact totals differs from the notebook's: hash " + hashes["totals"] + ", the notebook recorded " + wrong["totals"]
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks\n%s\nin\n%s", want, stderr.String())
	}
	if !strings.Contains(stderr.String(), "flow: verify: count unverified: the notebook recorded no hash") {
		t.Errorf("count not listed as unverified:\n%s", stderr.String())
	}

	rtReset()
	err := rtDiamond(&h, wrong).Run(context.Background(), RunOptions{Store: t.TempDir(), Verify: true, Stderr: &bytes.Buffer{}})
	var ve *VerifyError
	if !errors.As(err, &ve) || len(ve.Mismatches) != 1 || ve.Mismatches[0] != (Mismatch{"totals", hashes["totals"], wrong["totals"]}) {
		t.Errorf("Run: %#v", err)
	}
}

func TestDamagedStore(t *testing.T) {
	resume := func(store string) error {
		rtReset()
		var h rtHarness
		err := rtDiamond(&h, nil).Run(context.Background(), RunOptions{Store: store, Resume: "index", Stderr: &bytes.Buffer{}})
		if len(h.ran()) != 0 {
			t.Errorf("steps ran from a damaged store: %v", h.ran())
		}
		return err
	}

	t.Run("record", func(t *testing.T) {
		for _, content := range []string{`{"flow": "diamond", "id": `, `{"flow": "other"}`, `[1, 2]`, ""} {
			store, _ := rtRunAll(t)
			st, _ := openFlowStore(store, "diamond")
			rec := rtLatest(t, store)
			path := st.recordPath(rec.ID)
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			err := resume(store)
			if err == nil || !strings.Contains(err.Error(), "run record "+path+" is damaged") {
				t.Errorf("record %q: %v", content, err)
			}
		}
		store, _ := rtRunAll(t)
		st, _ := openFlowStore(store, "diamond")
		rec := rtLatest(t, store)
		a := rec.Artifacts["items"]
		a.Ref = "blake3:zz"
		rec.Artifacts["items"] = a
		data, _ := json.Marshal(rec)
		os.WriteFile(st.recordPath(rec.ID), data, 0o600)
		if err := resume(store); err == nil || !strings.Contains(err.Error(), "is damaged") || !strings.Contains(err.Error(), `artifact "items"`) {
			t.Errorf("bad ref: %v", err)
		}
	})

	objectPath := func(t *testing.T, store, artifact string) string {
		rec := rtLatest(t, store)
		ref, err := snapshot.ParseRef(rec.Artifacts[artifact].Ref)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := openFlowStore(store, "diamond")
		return st.objects.Path(ref.ID)
	}
	t.Run("missing object", func(t *testing.T) {
		store, _ := rtRunAll(t)
		path := objectPath(t, store, "items")
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		err := resume(store)
		if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), `artifact "items" (written by step "load"`) {
			t.Errorf("missing object: %v", err)
		}
	})
	t.Run("corrupt object", func(t *testing.T) {
		store, _ := rtRunAll(t)
		path := objectPath(t, store, "totals")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		data[len(data)-1] ^= 0xff
		os.Chmod(path, 0o600)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		err = resume(store)
		if !errors.Is(err, snapshot.ErrCorrupt) || !strings.Contains(err.Error(), `artifact "totals"`) {
			t.Errorf("corrupt object: %v", err)
		}
	})
	t.Run("other type", func(t *testing.T) {
		store, _ := rtRunAll(t)
		st, _ := openFlowStore(store, "diamond")
		rec := rtLatest(t, store)
		a := rec.Artifacts["totals"]
		a.Type = "map[string]int"
		rec.Artifacts["totals"] = a
		data, _ := json.Marshal(rec)
		os.WriteFile(st.recordPath(rec.ID), data, 0o600)
		if err := resume(store); err == nil || !strings.Contains(err.Error(), "is a map[string]int in the store, but the program declares a map[string]float64") {
			t.Errorf("other type: %v", err)
		}
	})
}

var (
	rtCallback func() int
	rtUsed     int
)

func TestUnencodableArtifact(t *testing.T) {
	build := func() *Flow {
		f := New("callbacks")
		f.Artifact("callback", &rtCallback, "")
		f.Artifact("used", &rtUsed, "")
		f.Step("make", func() error { rtCallback = func() int { return 42 }; return nil }, Writes("callback"))
		f.Step("use", func() error { rtUsed = rtCallback(); return nil }, Reads("callback"), Writes("used"))
		return f
	}
	store := t.TempDir()
	var stderr bytes.Buffer
	if err := build().Run(context.Background(), RunOptions{Store: store, Stderr: &stderr}); err != nil {
		t.Fatal(err)
	}
	if rtUsed != 42 || !strings.Contains(stderr.String(), "flow: note: artifact callback is not stored") {
		t.Errorf("used %d; stderr\n%s", rtUsed, stderr.String())
	}
	err := build().Run(context.Background(), RunOptions{Store: store, Resume: "use", Stderr: &bytes.Buffer{}})
	if err == nil || !strings.Contains(err.Error(), `artifact "callback" (written by step "make"`) || !strings.Contains(err.Error(), "cannot be loaded: it was not stored") {
		t.Errorf("resume: %v", err)
	}
	err = build().Run(context.Background(), RunOptions{Store: store, Only: "make", Stderr: &bytes.Buffer{}})
	var se *StepError
	if !errors.As(err, &se) || se.Step != "make" || !strings.Contains(err.Error(), "steps use must load it") {
		t.Errorf("--only make: %v", err)
	}
}

func TestDeclarationErrors(t *testing.T) {
	var x, y int
	f := New("bad/name")
	f.Artifact("x", &x, "")
	f.Artifact("x", &y, "")
	f.Artifact("y", y, "")
	f.Artifact("z", (*int)(nil), "")
	f.Artifact("w", &y, "md5:abc")
	f.Step("a", func() error { return nil }, Writes("x", "nope"))
	f.Step("a", func() error { return nil })
	f.Step("b", func() error { return nil }, Reads("missing"), After("c"))
	f.Step("c", nil, Reads("x"))
	f.Step("d", func() error { return nil }, Reads("y"))
	f.Step("has space", func() error { return nil })
	wants := []string{
		`flow name "bad/name" cannot name a folder`,
		`artifact "x" is declared twice`,
		`artifact "y": want a non-nil pointer to its variable, not a int`,
		`artifact "z": want a non-nil pointer to its variable, not a nil *int`,
		`artifact "w": recorded hash`,
		`step "a" writes "nope", which is not a declared artifact`,
		`step "a" is declared twice`,
		`step "b" reads "missing", which is not a declared artifact`,
		`step "b" is after "c", which is not a step declared before it`,
		`step "c" has no function to run`,
		`step "d" reads "y", which is not a declared artifact`,
		`step name "has space" holds a space`,
	}
	check := func(what, got string) {
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, got)
			}
		}
	}
	err := f.Run(context.Background(), RunOptions{Store: t.TempDir(), Stderr: &bytes.Buffer{}})
	if err == nil {
		t.Fatal("Run of a badly declared flow succeeded")
	}
	check("Run's error", err.Error())
	var stdout, stderr bytes.Buffer
	if code := f.main(context.Background(), []string{"--list"}, &stdout, &stderr); code != 1 {
		t.Errorf("--list exit status %d", code)
	}
	check("--list's stderr", stderr.String())

	g := New("order")
	g.Artifact("x", &x, "")
	g.Step("reader", func() error { return nil }, Reads("x"))
	g.Step("writer", func() error { return nil }, Writes("x"))
	if err := g.Check(); err == nil || !strings.Contains(err.Error(), `step "reader" reads artifact "x", which no step declared before it writes`) {
		t.Errorf("read before write: %v", err)
	}
}

func TestCommandLine(t *testing.T) {
	var h rtHarness
	f := rtDiamond(&h, map[string]string{"items": "xxh3-128:0123456789abcdef0123456789abcdef"})
	run := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := f.main(context.Background(), args, &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"extra"}, 2, "unexpected arguments: extra"},
		{[]string{"--parallel", "0"}, 2, "--parallel 0: want at least 1"},
		{[]string{"--nope"}, 2, "flag provided but not defined"},
		{[]string{"--resume", "x", "--store", t.TempDir()}, 1, `flow "diamond" has no step "x" (its steps: load, totals, index, report, publish)`},
		{[]string{"--resume", "index", "--only", "index"}, 1, "--resume and --only cannot be given together"},
		{[]string{"-h"}, 0, "usage: diamond [flags]"},
	} {
		code, _, stderr := run(tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.err) {
			t.Errorf("%v: exit %d, stderr\n%s\nwant exit %d and %q", tc.args, code, stderr, tc.code, tc.err)
		}
	}
	if len(h.ran()) != 0 {
		t.Errorf("steps ran: %v", h.ran())
	}

	code, out, _ := run("--list")
	want := `flow diamond: 5 steps, 5 artifacts
STEP     READS          WRITES  NEEDS
load     -              items   -
totals   items          totals  load
index    items          index   load
report   totals, index  report  index, totals
publish  report         count   index, report
`
	if code != 0 || out != want {
		t.Errorf("--list: exit %d\n%s\nwant\n%s", code, out, want)
	}

	code, out, _ = run("--dag")
	var d DAG
	if err := json.Unmarshal([]byte(out), &d); code != 0 || err != nil {
		t.Fatalf("--dag: exit %d, %v\n%s", code, err, out)
	}
	if !reflect.DeepEqual(d, f.DAG()) {
		t.Errorf("--dag printed\n%+v\nDAG() is\n%+v", d, f.DAG())
	}
}

func TestDAG(t *testing.T) {
	var h rtHarness
	d := rtDiamond(&h, map[string]string{"report": "xxh3-128:0123456789abcdef0123456789abcdef"}).DAG()
	want := DAG{
		Name:     "diamond",
		Notebook: "diamond.ipynb",
		Steps: []StepInfo{
			{Name: "load", Cells: []int{1, 2}, Writes: []string{"items"}},
			{Name: "totals", Cells: []int{3}, Needs: []string{"load"}, Reads: []string{"items"}, Writes: []string{"totals"}},
			{Name: "index", Cells: []int{4}, Needs: []string{"load"}, Reads: []string{"items"}, Writes: []string{"index"}},
			{Name: "report", Cells: []int{5}, Needs: []string{"index", "totals"}, Reads: []string{"totals", "index"}, Writes: []string{"report"}},
			{Name: "publish", Cells: []int{7}, Needs: []string{"index", "report"}, Reads: []string{"report"}, Writes: []string{"count"}},
		},
		Artifacts: map[string]ArtifactInfo{
			"items":  {Type: "[]flow.rtItem", Step: "load"},
			"totals": {Type: "map[string]float64", Step: "totals"},
			"index":  {Type: "map[string]*flow.rtItem", Step: "index"},
			"report": {Type: "string", Step: "report", Hash: "xxh3-128:0123456789abcdef0123456789abcdef"},
			"count":  {Type: "int", Step: "publish"},
		},
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("DAG\n%+v\nwant\n%+v", d, want)
	}
}

// TestRewrittenArtifact has an artifact that two steps write: the step between
// them reads the first value, and --resume and --only load that one, not the last.
func TestRewrittenArtifact(t *testing.T) {
	var (
		n       int
		doubled int
	)
	build := func() *Flow {
		f := New("rewrite")
		f.Artifact("n", &n, "")
		f.Artifact("doubled", &doubled, "")
		f.Step("set", func() error { n = 21; return nil }, Writes("n"))
		f.Step("double", func() error { doubled = 2 * n; return nil }, Reads("n"), Writes("doubled"))
		f.Step("bump", func() error { n++; return nil }, Reads("n"), Writes("n"))
		return f
	}
	store := t.TempDir()
	if err := build().Run(context.Background(), RunOptions{Store: store, Parallel: 4, Stderr: &bytes.Buffer{}}); err != nil {
		t.Fatal(err)
	}
	if n != 22 || doubled != 42 {
		t.Fatalf("n %d, doubled %d", n, doubled)
	}
	n, doubled = 0, 0
	if err := build().Run(context.Background(), RunOptions{Store: store, Only: "double", Stderr: &bytes.Buffer{}}); err != nil {
		t.Fatal(err)
	}
	if doubled != 42 {
		t.Errorf("--only double loaded n = %d", doubled/2)
	}
	st, _ := openFlowStore(store, "rewrite")
	rec, _ := st.latest()
	if rec.Artifacts["n"].Step != "bump" || len(rec.Earlier) != 1 || rec.Earlier[0].Name != "n" || rec.Earlier[0].Step != "set" {
		t.Errorf("record: artifacts %+v, earlier %+v", rec.Artifacts, rec.Earlier)
	}
}

type rtModel struct {
	factors [][]float64
	name    string
}

var (
	rtAny    any
	rtModelP *rtModel
	rtNilAny any
)

// TestInterfaceArtifacts loads artifacts of interface types, whose dynamic types
// the program must name, and a pointer to a struct with unexported fields.
func TestInterfaceArtifacts(t *testing.T) {
	store := t.TempDir()
	build := func(types bool) *Flow {
		f := New("iface")
		f.Artifact("any", &rtAny, "")
		f.Artifact("model", &rtModelP, "")
		f.Artifact("nilany", &rtNilAny, "")
		if types {
			f.Types([]rtItem{})
		}
		f.Step("make", func() error {
			rtAny = []rtItem{{ID: "x", Tags: []string{"t"}}}
			rtModelP = &rtModel{factors: [][]float64{{1, 2}, {3}}, name: "m"}
			return nil
		}, Writes("any", "model", "nilany"))
		f.Step("use", func() error { return nil }, Reads("any", "model", "nilany"))
		return f
	}
	if err := build(false).Run(context.Background(), RunOptions{Store: store, Stderr: &bytes.Buffer{}}); err != nil {
		t.Fatal(err)
	}
	wantAny, wantModel := rtAny, rtModelP
	rtAny, rtModelP, rtNilAny = nil, nil, 1
	err := build(false).Run(context.Background(), RunOptions{Store: store, Only: "use", Stderr: &bytes.Buffer{}})
	if err == nil || !strings.Contains(err.Error(), "unknown type []flow.rtItem") || !strings.Contains(err.Error(), "Flow.Types") {
		t.Errorf("loading an interface of an unknown type: %v", err)
	}
	if err := build(true).Run(context.Background(), RunOptions{Store: store, Only: "use", Stderr: &bytes.Buffer{}}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rtAny, wantAny) || !reflect.DeepEqual(rtModelP, wantModel) || rtNilAny != nil {
		t.Errorf("loaded %#v, %#v, %#v", rtAny, rtModelP, rtNilAny)
	}
}
