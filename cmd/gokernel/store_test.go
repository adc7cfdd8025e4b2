package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gokernel/gokernel/lineage"
	"github.com/gokernel/gokernel/snapshot"
)

// newSnapshotStore makes a store with three snapshots of session s1 (each building
// on the one before), one of s2, and an object no snapshot names.
func newSnapshotStore(t *testing.T) (dir string, store *snapshot.Store, ids []string, stray snapshot.ID) {
	t.Helper()
	dir = t.TempDir()
	if _, err := lineage.OpenStore(dir); err != nil {
		t.Fatal(err)
	}
	store, err := snapshot.OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	put := func(s string) snapshot.Ref {
		ref, err := store.PutStream(bytes.NewReader([]byte(s)))
		if err != nil {
			t.Fatal(err)
		}
		return ref
	}
	start := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	parent := ""
	for i, session := range []string{"s1", "s1", "s1", "s2"} {
		if session == "s2" {
			parent = ""
		}
		m := &snapshot.Manifest{Session: session, Execution: "e", Created: start.Add(time.Duration(i) * time.Minute), Parent: parent,
			Vars: map[string]snapshot.VarEntry{"x": {Type: "string", Ref: put(session + string(rune('a'+i)))}}}
		if err := store.WriteManifest(m); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
		parent = m.ID
	}
	stray = put("nobody's").ID
	return dir, store, ids, stray
}

func TestStoreGCKeepsWhatSnapshotsReach(t *testing.T) {
	_, store, ids, stray := newSnapshotStore(t)
	if err := collectGarbage(store, -1, 0); err != nil {
		t.Fatal(err)
	}
	if store.Has(stray) {
		t.Error("gc left an unreferenced object")
	}
	if p := store.Verify(); len(p) > 0 {
		t.Fatalf("after gc: %v", p)
	}
	// --keep 1: the newest of s1 and s2's one stay, and restore alone.
	if err := collectGarbage(store, 1, 0); err != nil {
		t.Fatal(err)
	}
	ms, _ := store.Manifests()
	if len(ms) != 2 || ms[0].ID != ids[2] || ms[1].ID != ids[3] {
		t.Errorf("--keep 1 left %d snapshots, want the newest of each session", len(ms))
	}
	if p := store.Verify(); len(p) > 0 {
		t.Fatalf("after gc --keep 1: %v", p)
	}
	for _, m := range ms {
		if _, err := store.ReadAll(m.Vars["x"].Ref); err != nil {
			t.Errorf("a kept snapshot lost its value: %v", err)
		}
	}
}

func TestSnapshotsBeyond(t *testing.T) {
	m := func(id, session, parent string, minute int) *snapshot.Manifest {
		return &snapshot.Manifest{ID: id, Session: session, Parent: parent, Created: time.Date(2026, 1, 1, 0, minute, 0, 0, time.UTC)}
	}
	all := []*snapshot.Manifest{m("a", "s", "", 0), m("b", "s", "", 1), m("c", "s", "b", 2), m("d", "t", "", 3), m("e", "t", "", 4)}
	got := snapshotsBeyond(all, 1)
	if want := []string{"a", "b", "d"}; !slices.Equal(got, want) {
		t.Errorf("remove %v, want %v", got, want)
	}
	if got := snapshotsBeyond(all, 0); len(got) != len(all) {
		t.Errorf("--keep 0 removes %v", got)
	}
}

func TestStoreVerifyFindsCorruption(t *testing.T) {
	dir, store, _, _ := newSnapshotStore(t)
	if err := verifyStore(store); err != nil {
		t.Fatalf("a sound store: %v", err)
	}
	// Damage every object file: verify must say so and fail.
	filepath.Walk(filepath.Join(dir, "objects"), func(path string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			os.WriteFile(path, []byte("garbage"), 0o600)
		}
		return nil
	})
	if err := verifyStore(store); err != errProblems {
		t.Errorf("verify of a damaged store: %v", err)
	}
	// gc removes only what no snapshot names: the damaged values stay for the user to see.
	if err := collectGarbage(store, -1, 0); err != nil {
		t.Fatal(err)
	}
	if p := store.Verify(); len(p) != 4 {
		t.Errorf("after gc, %d problems, want the 4 damaged snapshot values: %v", len(p), p)
	}
}

func TestStoreCommandNeedsAStore(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"store", "du", t.TempDir()}, &stdout, &stderr); code != 1 || !bytes.Contains(stderr.Bytes(), []byte("no store in")) {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	dir, _, _, _ := newSnapshotStore(t)
	for _, args := range [][]string{{"store", "du", dir}, {"store", "du", dir, "--snapshots"}} {
		stdout.Reset()
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}
