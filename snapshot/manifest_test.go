package snapshot_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gokernel/gokernel/snapshot"
)

// openStoreForTest returns a snapshot store in a new store folder.
func openStoreForTest(t testing.TB) *snapshot.Store {
	t.Helper()
	s, err := snapshot.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// putValue stores data as a value and returns its entry.
func putValue(t testing.TB, s *snapshot.Store, typ string, data []byte) snapshot.VarEntry {
	t.Helper()
	ref, err := s.PutStream(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return snapshot.VarEntry{Type: typ, Ref: ref, Size: int64(len(data))}
}

// manifestFile returns the file of the manifest id.
func manifestFile(s *snapshot.Store, id string) string {
	return filepath.Join(s.Dir(), "snapshots", strings.TrimPrefix(id, "blake3:")+".json")
}

func writeManifest(t testing.TB, s *snapshot.Store, m *snapshot.Manifest) string {
	t.Helper()
	if err := s.WriteManifest(m); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func TestManifestRoundTrip(t *testing.T) {
	s := openStoreForTest(t)
	m := &snapshot.Manifest{
		Session:   "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
		Execution: "7c0f5b2e-8d1a-4f3e-9b6a-2e4d8c1f0a93",
		Created:   time.Date(2026, 3, 14, 9, 26, 53, 162_000_000, time.UTC),
		Vars: map[string]snapshot.VarEntry{
			"ratings": putValue(t, s, "[]float64", randomData(1, 2<<20)),
			"name":    putValue(t, s, "string", []byte("gokernel")),
			"done":    {Type: "chan int", ReplayOnly: "a channel cannot be stored"},
		},
	}
	id := writeManifest(t, s, m)
	if _, err := snapshot.ParseID(id); err != nil {
		t.Fatalf("manifest ID %q: %v", id, err)
	}
	got, err := s.ReadManifest(id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, m)
	}

	file, err := os.ReadFile(manifestFile(s, id))
	if err != nil {
		t.Fatal(err)
	}
	if snapshot.ObjectID(file).String() != id {
		t.Error("the manifest ID is not the hash of its file")
	}
	var raw map[string]any
	if err := json.Unmarshal(file, &raw); err != nil {
		t.Fatal(err)
	}
	if raw["version"] != 1.0 || raw["id"] != nil {
		t.Errorf("file holds version %v and id %v; want 1 and none", raw["version"], raw["id"])
	}
	if fi, _ := os.Stat(manifestFile(s, id)); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("manifest file mode %v, want 0600", fi.Mode().Perm())
	}

	// The same manifest again is the same file; a child names its parent.
	again := *m
	if writeManifest(t, s, &again) != id {
		t.Error("the same manifest written again has another ID")
	}
	child := &snapshot.Manifest{Session: m.Session, Execution: "e2", Parent: id,
		Vars: map[string]snapshot.VarEntry{"name": putValue(t, s, "string", []byte("changed"))}}
	writeManifest(t, s, child)
	if child.Created.IsZero() {
		t.Error("WriteManifest did not set Created")
	}
	if got, err := s.ReadManifest(child.ID); err != nil || got.Parent != id {
		t.Errorf("child: %v, parent %q", err, got.Parent)
	}
}

func TestWriteManifestRefuses(t *testing.T) {
	s := openStoreForTest(t)
	stored := putValue(t, s, "int", []byte{1})
	missing := snapshot.VarEntry{Type: "int", Ref: snapshot.Ref{ID: snapshot.ObjectID([]byte("never stored"))}}
	for name, m := range map[string]*snapshot.Manifest{
		"missing object": {Vars: map[string]snapshot.VarEntry{"x": missing}},
		"no value":       {Vars: map[string]snapshot.VarEntry{"x": {Type: "int"}}},
		"both":           {Vars: map[string]snapshot.VarEntry{"x": {Type: "int", Ref: stored.Ref, ReplayOnly: "why"}}},
		"no name":        {Vars: map[string]snapshot.VarEntry{"": stored}},
		"negative size":  {Vars: map[string]snapshot.VarEntry{"x": {Ref: stored.Ref, Size: -1}}},
		"bad parent":     {Parent: "previous", Vars: map[string]snapshot.VarEntry{"x": stored}},
	} {
		if err := s.WriteManifest(m); err == nil {
			t.Errorf("%s: WriteManifest succeeded", name)
		}
	}
	if ms, err := s.Manifests(); err != nil || len(ms) != 0 {
		t.Errorf("refused manifests left %d files (%v)", len(ms), err)
	}
}

func TestReadManifestDamaged(t *testing.T) {
	s := openStoreForTest(t)
	id := writeManifest(t, s, &snapshot.Manifest{Session: "s", Execution: "e",
		Vars: map[string]snapshot.VarEntry{"x": putValue(t, s, "int", []byte{1})}})
	good, _ := os.ReadFile(manifestFile(s, id))

	// Damage under the manifest's name: the hash catches any change.
	for name, file := range map[string][]byte{
		"empty":     {},
		"truncated": good[:len(good)-2],
		"changed":   bytes.Replace(good, []byte(`"e"`), []byte(`"f"`), 1),
	} {
		os.WriteFile(manifestFile(s, id), file, 0o600)
		if _, err := s.ReadManifest(id); !errors.Is(err, snapshot.ErrCorrupt) || !strings.Contains(err.Error(), id) {
			t.Errorf("%s: %v; want ErrCorrupt naming %s", name, err, id)
		}
	}

	// Files that hash to their name but do not hold a valid manifest.
	for name, file := range map[string]string{
		"not JSON":        `{"version":1,`,
		"no version":      `{"session":"s","vars":{}}`,
		"bad ref":         `{"version":1,"vars":{"x":{"ref":"blake3:00"}}}`,
		"no value":        `{"version":1,"vars":{"x":{"type":"int"}}}`,
		"vars not a map":  `{"version":1,"vars":[]}`,
		"created garbage": `{"version":1,"created":"yesterday","vars":{}}`,
	} {
		id := snapshot.ObjectID([]byte(file)).String()
		os.WriteFile(manifestFile(s, id), []byte(file), 0o600)
		if _, err := s.ReadManifest(id); !errors.Is(err, snapshot.ErrCorrupt) || !strings.Contains(err.Error(), id) {
			t.Errorf("%s: %v; want ErrCorrupt naming %s", name, err, id)
		}
		os.Remove(manifestFile(s, id))
	}

	newer := `{"version":2,"vars":{}}`
	newerID := snapshot.ObjectID([]byte(newer)).String()
	os.WriteFile(manifestFile(s, newerID), []byte(newer), 0o600)
	if _, err := s.ReadManifest(newerID); err == nil || errors.Is(err, snapshot.ErrCorrupt) || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer version: %v", err)
	}
	os.Remove(manifestFile(s, newerID))

	if _, err := s.ReadManifest(snapshot.ObjectID(nil).String()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing manifest: %v, want fs.ErrNotExist", err)
	}
	if _, err := s.ReadManifest("../../etc/passwd"); err == nil {
		t.Error("ReadManifest of a path succeeded")
	}
}

func TestManifests(t *testing.T) {
	s := openStoreForTest(t)
	value := putValue(t, s, "int", []byte{1})
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var want []string
	for _, minutes := range []int{5, 1, 3} {
		want = append(want, writeManifest(t, s, &snapshot.Manifest{
			Execution: fmt.Sprint(minutes),
			Created:   base.Add(time.Duration(minutes) * time.Minute),
			Vars:      map[string]snapshot.VarEntry{"x": value},
		}))
	}
	want = []string{want[1], want[2], want[0]} // by Created

	// A damaged manifest, a temporary file and a stranger.
	broken := writeManifest(t, s, &snapshot.Manifest{Execution: "broken", Vars: map[string]snapshot.VarEntry{}})
	os.WriteFile(manifestFile(s, broken), []byte("{"), 0o600)
	os.WriteFile(filepath.Join(s.Dir(), "snapshots", ".tmp-partial.json-1"), []byte("{"), 0o600)
	os.WriteFile(filepath.Join(s.Dir(), "snapshots", "notes.json"), []byte("{"), 0o600)

	ms, err := s.Manifests()
	if err == nil || !errors.Is(err, snapshot.ErrCorrupt) || !strings.Contains(err.Error(), broken) {
		t.Errorf("Manifests error %v; want one naming %s", err, broken)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.ID)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Manifests = %v, want %v", got, want)
	}

	if err := s.RemoveManifest(want[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveManifest(want[0]); err != nil {
		t.Errorf("second RemoveManifest: %v", err)
	}
	if ms, _ := s.Manifests(); len(ms) != 2 {
		t.Errorf("%d manifests after removing one of 3", len(ms))
	}
	if n, err := s.RemoveTemp(time.Now().Add(time.Second)); err != nil || n != 1 {
		t.Errorf("RemoveTemp removed %d, %v; want 1", n, err)
	}
}

// sharedStore returns a store with two snapshots sharing most of a chunked
// value, and garbage.
func sharedStore(t *testing.T) (s *snapshot.Store, first, second string, data []byte) {
	t.Helper()
	s = openStoreForTest(t)
	data = randomData(11, 4<<20)
	first = writeManifest(t, s, &snapshot.Manifest{Execution: "1", Created: time.Unix(1, 0),
		Vars: map[string]snapshot.VarEntry{
			"big":   putValue(t, s, "[]byte", data),
			"small": putValue(t, s, "string", []byte("small")),
		}})
	changed := bytes.Clone(data)
	copy(changed[1<<20:], "a change")
	second = writeManifest(t, s, &snapshot.Manifest{Execution: "2", Created: time.Unix(2, 0), Parent: first,
		Vars: map[string]snapshot.VarEntry{
			"big":  putValue(t, s, "[]byte", changed),
			"copy": putValue(t, s, "string", []byte("small")), // the same object as first's small
		}})
	if _, err := s.Put([]byte("garbage no snapshot names")); err != nil {
		t.Fatal(err)
	}
	return s, first, second, data
}

func TestReferenced(t *testing.T) {
	s, first, _, _ := sharedStore(t)
	referenced, err := s.Referenced()
	if err != nil {
		t.Fatal(err)
	}
	all := 0
	s.Walk(func(id snapshot.ID, _ int64) error {
		all++
		if id == snapshot.ObjectID([]byte("garbage no snapshot names")) {
			if referenced[id] {
				t.Error("garbage is referenced")
			}
		} else if !referenced[id] {
			t.Errorf("%s is stored for a snapshot but not referenced", id)
		}
		return nil
	})
	if len(referenced) != all-1 {
		t.Errorf("%d referenced of %d objects, want all but the garbage", len(referenced), all)
	}

	// A chunk list that cannot be read makes Referenced fail, naming it.
	m, _ := s.ReadManifest(first)
	list := m.Vars["big"].Ref.ID
	os.Remove(s.Path(list))
	if _, err := s.Referenced(); err == nil || !strings.Contains(err.Error(), list.String()) {
		t.Errorf("Referenced with a missing chunk list: %v", err)
	}
}

func TestRemoveUnreferenced(t *testing.T) {
	s, first, second, _ := sharedStore(t)
	garbage := snapshot.ObjectID([]byte("garbage no snapshot names"))
	recent, err := s.Put([]byte("a value whose snapshot is being written"))
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	s.Walk(func(id snapshot.ID, _ int64) error { return os.Chtimes(s.Path(id), old, old) })
	os.Chtimes(s.Path(recent), time.Now(), time.Now())
	garbageSize, _ := s.Size(garbage)

	removed, freed, err := s.RemoveUnreferenced(time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if removed != 1 || freed != garbageSize || s.Has(garbage) {
		t.Errorf("removed %d objects of %d bytes; want only the garbage (%d bytes)", removed, freed, garbageSize)
	}
	if !s.Has(recent) {
		t.Error("removed an object written within the cutoff")
	}
	for _, id := range []string{first, second} {
		checkSnapshotReads(t, s, id)
	}
	if problems := s.Verify(); len(problems) != 0 {
		t.Errorf("after removing garbage: %v", problems)
	}

	// Reusing an old unreferenced object makes it recent again.
	os.Chtimes(s.Path(recent), old, old)
	if _, err := s.Put([]byte("a value whose snapshot is being written")); err != nil {
		t.Fatal(err)
	}
	if removed, _, _ := s.RemoveUnreferenced(time.Now().Add(-time.Hour)); removed != 0 || !s.Has(recent) {
		t.Error("removed an object Put just reused")
	}

	// Nothing is removed when a manifest does not read.
	os.WriteFile(manifestFile(s, second), []byte("{"), 0o600)
	os.Chtimes(s.Path(recent), old, old)
	if removed, _, err := s.RemoveUnreferenced(time.Now()); err == nil || removed != 0 || !s.Has(recent) {
		t.Errorf("with a damaged manifest: removed %d, %v; want nothing and an error", removed, err)
	}
}

func TestVerify(t *testing.T) {
	s, first, second, _ := sharedStore(t)
	if problems := s.Verify(); len(problems) != 0 {
		t.Fatalf("a sound store has problems: %v", problems)
	}

	m1, _ := s.ReadManifest(first)
	m2, _ := s.ReadManifest(second)
	// A chunk both snapshots share: the first chunk of big, which the change
	// at 1 MiB does not touch.
	chunks1 := chunksOf(t, s, m1.Vars["big"].Ref)
	chunks2 := chunksOf(t, s, m2.Vars["big"].Ref)
	shared := chunks1[0]
	if shared != chunks2[0] {
		t.Fatal("the snapshots share no first chunk")
	}
	corruptFile(t, s.Path(shared))
	var onlyFirst snapshot.ID // the chunk the change replaced
	for _, c := range chunks1 {
		if !slices.Contains(chunks2, c) {
			onlyFirst = c
		}
	}
	if onlyFirst.IsZero() {
		t.Fatal("the change replaced no chunk")
	}
	os.Remove(s.Path(onlyFirst))
	garbage := snapshot.ObjectID([]byte("garbage no snapshot names"))
	corruptFile(t, s.Path(garbage))
	os.WriteFile(manifestFile(s, writeManifest(t, s, &snapshot.Manifest{Execution: "3", Vars: map[string]snapshot.VarEntry{}})), []byte("{}"), 0o600)
	// Temporary files are no problem.
	os.WriteFile(filepath.Join(filepath.Dir(s.Path(shared)), ".tmp-x"), nil, 0o600)

	type found struct {
		manifest, variable string
		object             snapshot.ID
		err                error
	}
	want := []found{
		{first, "big", shared, snapshot.ErrCorrupt},
		{first, "big", onlyFirst, fs.ErrNotExist},
		{second, "big", shared, snapshot.ErrCorrupt},
		{"", "", garbage, snapshot.ErrCorrupt},
		{"damaged manifest", "", snapshot.ID{}, snapshot.ErrCorrupt},
	}
	problems := s.Verify()
	for _, p := range problems {
		t.Log(p)
	}
	if len(problems) != len(want) {
		t.Fatalf("%d problems, want %d", len(problems), len(want))
	}
	for _, w := range want {
		ok := false
		for _, p := range problems {
			if w.manifest == "damaged manifest" {
				ok = ok || (p.Var == "" && p.Object.IsZero() && p.Manifest != "" && errors.Is(p.Err, w.err))
				continue
			}
			ok = ok || (p.Manifest == w.manifest && p.Var == w.variable && p.Object == w.object && errors.Is(p.Err, w.err))
		}
		if !ok {
			t.Errorf("no problem reported for %+v", w)
		}
	}
	for _, p := range problems {
		if p.Var != "" && !strings.Contains(p.String(), "variable "+p.Var) {
			t.Errorf("%q does not name the variable", p)
		}
	}
}

// chunksOf returns the chunks of a chunked value, as the objects its list
// names in order, found by reading the list in its documented format.
func chunksOf(t *testing.T, s *snapshot.Store, ref snapshot.Ref) []snapshot.ID {
	t.Helper()
	list, err := s.Get(ref.ID)
	if err != nil || !ref.Chunked {
		t.Fatalf("chunk list %s: %v", ref, err)
	}
	rest := list[5:]
	count, n := binary.Uvarint(rest)
	rest = rest[n:]
	var ids []snapshot.ID
	for range count {
		var id snapshot.ID
		copy(id[:], rest)
		ids = append(ids, id)
		_, n := binary.Uvarint(rest[32:])
		rest = rest[32+n:]
	}
	return ids
}

func corruptFile(t *testing.T, name string) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 0x01
	if err := os.WriteFile(name, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDiskUsage(t *testing.T) {
	s, first, second, _ := sharedStore(t)
	usage, err := s.DiskUsage()
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	sizes := make(map[snapshot.ID]int64)
	s.Walk(func(id snapshot.ID, size int64) error { total += size; sizes[id] = size; return nil })
	garbage := sizes[snapshot.ObjectID([]byte("garbage no snapshot names"))]
	if usage.Total != total || usage.Referenced != total-garbage {
		t.Errorf("Total %d, Referenced %d; want %d and %d", usage.Total, usage.Referenced, total, total-garbage)
	}
	if len(usage.Manifests) != 2 || usage.Manifests[0].ID != first || usage.Manifests[1].ID != second {
		t.Fatalf("manifests %+v", usage.Manifests)
	}
	m1, m2 := usage.Manifests[0], usage.Manifests[1]
	if m1.New+m2.New != usage.Referenced {
		t.Errorf("New adds up to %d, want Referenced %d", m1.New+m2.New, usage.Referenced)
	}
	if m1.New != m1.Stored {
		t.Errorf("the first snapshot: New %d, Stored %d; want equal", m1.New, m1.Stored)
	}
	// The second shares all of big but the changed chunk, and all of copy.
	if m2.New >= m2.Stored/2 || m2.New > 1<<20 {
		t.Errorf("the second snapshot added %d of its %d stored bytes; want only the changed chunk", m2.New, m2.Stored)
	}
	names := func(vs []snapshot.VarUsage) (out []string) {
		for _, v := range vs {
			out = append(out, v.Name)
		}
		return out
	}
	if got := names(m2.Vars); !reflect.DeepEqual(got, []string{"big", "copy"}) {
		t.Errorf("vars %v", got)
	}
	if c := m2.Vars[1]; c.New != 0 || c.Stored == 0 || c.Size != 5 {
		t.Errorf("copy: %+v; want stored, not new, size 5", c)
	}
}

// FuzzReadManifest reads arbitrary bytes as a manifest file, under its own
// hash (so that the parser sees them) and under another name: ReadManifest
// must never panic, must refuse the misnamed one, and whatever it accepts
// must be a valid manifest.
func FuzzReadManifest(f *testing.F) {
	s := openStoreForTest(f)
	value := putValue(f, s, "int", []byte{1})
	id := writeManifest(f, s, &snapshot.Manifest{Session: "s", Execution: "e", Parent: value.Ref.ID.String(),
		Vars: map[string]snapshot.VarEntry{"x": value, "f": {Type: "func()", ReplayOnly: "a func"}}})
	good, _ := os.ReadFile(manifestFile(s, id))
	f.Add(good)
	f.Add([]byte(`{"version":1,"vars":{"x":{"ref":"chunks:blake3:` + strings.Repeat("0", 64) + `"}}}`))
	f.Add([]byte(`{"version":1,"vars":{"":{"replay_only":"x"}}}`))
	f.Add([]byte(`{"version":1,"created":"2026-01-01T00:00:00Z","vars":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, file []byte) {
		id := snapshot.ObjectID(file).String()
		name := manifestFile(s, id)
		if err := os.WriteFile(name, file, 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(name)
		m, err := s.ReadManifest(id)
		if err == nil {
			if m.ID != id {
				t.Errorf("ID %q, want %q", m.ID, id)
			}
			for name, v := range m.Vars {
				if name == "" || v.Ref.IsZero() == (v.ReplayOnly == "") || v.Size < 0 {
					t.Errorf("accepted an invalid variable %q: %+v", name, v)
				}
			}
		} else if !strings.Contains(err.Error(), id) {
			t.Errorf("error %q does not name the manifest", err)
		}

		wrong := snapshot.ObjectID(append(bytes.Clone(file), 0)).String()
		os.WriteFile(manifestFile(s, wrong), file, 0o600)
		defer os.Remove(manifestFile(s, wrong))
		if _, err := s.ReadManifest(wrong); !errors.Is(err, snapshot.ErrCorrupt) {
			t.Errorf("a file under another manifest's name: %v, want ErrCorrupt", err)
		}
	})
}

// The crash test runs a child process (this test binary again) that writes
// snapshots as fast as it can, kills it with SIGKILL at a random moment, and
// checks the store: every object reads back whole, and every snapshot the
// child reported written reads back with all its values. Only temporary
// files may be left behind.
const crashChildEnv = "GOKERNEL_SNAPSHOT_CRASH_STORE"

func TestCrashSafety(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir) // never returns
	}
	trials := 100
	if testing.Short() {
		trials = 20
	}
	storeDir := t.TempDir()
	if _, err := snapshot.OpenStore(storeDir); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	var written []string // manifest IDs the children reported
	start := time.Now()
	for trial := range trials {
		ids := runCrashChild(t, storeDir, time.Duration(rng.IntN(100_000))*time.Microsecond)
		written = append(written, ids...)
		s, err := snapshot.OpenStore(storeDir)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			checkSnapshotReads(t, s, id)
		}
		if trial%10 == 9 || trial == trials-1 {
			for _, p := range s.Verify() {
				t.Errorf("after trial %d: %v", trial, p)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	s, _ := snapshot.OpenStore(storeDir)
	for _, id := range written {
		checkSnapshotReads(t, s, id)
	}
	objects, temps := checkOnlyTempLeft(t, storeDir)
	ms, err := s.Manifests()
	if err != nil {
		t.Error(err)
	}
	t.Logf("%d trials in %v: %d snapshots reported written (%d in the store), %d objects, %d temporary files left",
		trials, time.Since(start).Round(time.Millisecond), len(written), len(ms), objects, temps)
	if len(written) == 0 {
		t.Error("no child wrote a snapshot before it was killed; the test tests nothing")
	}
}

// runCrashChild runs one child writing into storeDir, kills it after delay,
// and returns the IDs of the snapshots it reported written.
func runCrashChild(t *testing.T, storeDir string, delay time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+storeDir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan []string)
	started := make(chan struct{})
	go func() {
		var ids []string
		r := bufio.NewReader(stdout)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				break // a line without its newline was cut by the kill
			}
			if line == "ready\n" {
				close(started)
			} else if id, ok := strings.CutPrefix(line, "written "); ok {
				ids = append(ids, strings.TrimSpace(id))
			}
		}
		lines <- ids
	}()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the child did not start: %s", stderr.String())
	}
	time.Sleep(delay)
	cmd.Process.Kill() // SIGKILL
	ids := <-lines
	cmd.Wait()
	if bytes.Contains(stderr.Bytes(), []byte("crash child:")) {
		t.Fatalf("the child failed: %s", stderr.String())
	}
	return ids
}

// crashChild writes snapshots into dir until it is killed: values of all
// sizes, some sharing chunks with earlier ones, and a manifest for each set.
func crashChild(dir string) {
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(2)
	}
	s, err := snapshot.OpenStore(dir)
	if err != nil {
		fail(err)
	}
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	base := randomData(12, 2<<20) // the same in every child, so that values share chunks
	fmt.Println("ready")
	parent := ""
	for {
		m := &snapshot.Manifest{Session: "crash", Execution: fmt.Sprint(rng.Uint64()), Parent: parent,
			Vars: map[string]snapshot.VarEntry{}}
		for v := range 1 + rng.IntN(3) {
			var data []byte
			switch rng.IntN(3) {
			case 0: // small, new
				data = randomData(rng.Uint64(), rng.IntN(20<<10))
			case 1: // chunked, mostly shared
				data = bytes.Clone(base[:512<<10+rng.IntN(len(base)-512<<10)])
				copy(data[rng.IntN(len(data)-8):], fmt.Sprint(rng.Uint32()))
			default: // compressible
				data = bytes.Repeat([]byte(fmt.Sprint(rng.Uint64())), rng.IntN(10_000))
			}
			ref, err := s.PutStream(bytes.NewReader(data))
			if err != nil {
				fail(err)
			}
			m.Vars[fmt.Sprint("v", v)] = snapshot.VarEntry{Type: "[]byte", Ref: ref, Size: int64(len(data))}
		}
		m.Vars["f"] = snapshot.VarEntry{Type: "func()", ReplayOnly: "a func"}
		if err := s.WriteManifest(m); err != nil {
			fail(err)
		}
		fmt.Println("written", m.ID) // only after WriteManifest returned: the snapshot is durable
		parent = m.ID
	}
}

// checkSnapshotReads reads the manifest id and every value it names.
func checkSnapshotReads(t *testing.T, s *snapshot.Store, id string) {
	t.Helper()
	m, err := s.ReadManifest(id)
	if err != nil {
		t.Errorf("a snapshot reported written does not read: %v", err)
		return
	}
	for name, v := range m.Vars {
		if v.Ref.IsZero() {
			continue
		}
		data, err := s.ReadAll(v.Ref)
		if err != nil {
			t.Errorf("snapshot %s: variable %s: %v", id, name, err)
		} else if int64(len(data)) != v.Size {
			t.Errorf("snapshot %s: variable %s: %d bytes, want %d", id, name, len(data), v.Size)
		}
	}
}

// checkOnlyTempLeft checks that every file in the snapshot folders is an
// object, a manifest or a temporary file, and counts them.
func checkOnlyTempLeft(t *testing.T, storeDir string) (objects, temps int) {
	t.Helper()
	filepath.WalkDir(storeDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(storeDir, path)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		switch {
		case strings.HasPrefix(d.Name(), ".tmp-"):
			temps++
		case len(parts) == 3 && parts[0] == "objects":
			if _, err := snapshot.ParseID("blake3:" + parts[1] + parts[2]); err != nil {
				t.Errorf("unexpected file %s", rel)
			}
			objects++
		case len(parts) == 2 && parts[0] == "snapshots" && strings.HasSuffix(d.Name(), ".json"):
		default:
			t.Errorf("unexpected file %s", rel)
		}
		return nil
	})
	return objects, temps
}
