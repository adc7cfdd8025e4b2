package snapshot_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gokernel/gokernel/snapshot"
)

const thinGarbage = "garbage no snapshot names"

// thinStore returns a store with five snapshots of one session, a minute
// apart, oldest first, and an object no snapshot names. Each snapshot holds
// config, the same small value in all; step, a value of its own; model, a
// chunked value that changes in one place after the third snapshot, so that
// the last two share most of its chunks with the first three; and a
// replay-only variable. Their declarations change with model. The store is
// the same, manifest IDs included, every time.
func thinStore(t *testing.T) (*snapshot.Store, []string) {
	t.Helper()
	s := openStoreForTest(t)
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	model := randomData(7, 1<<20)
	retrained := bytes.Clone(model)
	copy(retrained[512<<10:], "retrained")
	var ids []string
	for i := range 5 {
		m := &snapshot.Manifest{
			Session:   "s1",
			Execution: fmt.Sprint(i),
			Created:   base.Add(time.Duration(i) * time.Minute),
			Vars: map[string]snapshot.VarEntry{
				"config": putValue(t, s, "string", []byte("lr=0.01")),
				"step":   putValue(t, s, "[]byte", randomData(uint64(100+i), 20<<10)),
				"model":  putValue(t, s, "[]byte", model),
				"done":   {Type: "chan bool", ReplayOnly: "a channel cannot be stored"},
			},
		}
		m.Decls = putValue(t, s, "", []byte("var config string\nvar step, model []byte\nvar done chan bool\n")).Ref
		if i >= 3 {
			m.Vars["model"] = putValue(t, s, "[]byte", retrained)
			m.Decls = putValue(t, s, "", []byte("var config string\nvar step, model []byte\nvar done chan bool\nfunc retrain() {}\n")).Ref
		}
		if i > 0 {
			m.Parent = ids[i-1]
		}
		ids = append(ids, writeManifest(t, s, m))
	}
	if _, err := s.Put([]byte(thinGarbage)); err != nil {
		t.Fatal(err)
	}
	return s, ids
}

// snapshotsSize measures what Thin counts: the objects some manifest
// reaches, as DiskUsage counts them, plus the manifest files.
func snapshotsSize(t *testing.T, s *snapshot.Store) int64 {
	t.Helper()
	usage, err := s.DiskUsage()
	if err != nil {
		t.Fatal(err)
	}
	size := usage.Referenced
	for _, m := range usage.Manifests {
		fi, err := os.Stat(manifestFile(s, m.ID))
		if err != nil {
			t.Fatal(err)
		}
		size += fi.Size()
	}
	return size
}

// sizeAfterRemoving returns the size of the snapshots of thinStore once the
// snapshots numbered remove, and the objects only they reached, are removed
// by hand.
func sizeAfterRemoving(t *testing.T, remove ...int) int64 {
	t.Helper()
	s, ids := thinStore(t)
	for _, i := range remove {
		if err := s.RemoveManifest(ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.RemoveUnreferenced(time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	return snapshotsSize(t, s)
}

func TestThin(t *testing.T) {
	full := sizeAfterRemoving(t)
	for _, tt := range []struct {
		name   string
		budget int64
		keep   []int // the snapshots keep returns true for
		want   []int // the snapshots removed
	}{
		{"no limit", 0, nil, nil},
		{"negative budget: no limit", -1, nil, nil},
		{"fits", full, nil, nil},
		{"oldest first", sizeAfterRemoving(t, 0, 1), nil, []int{0, 1}},
		{"a byte less", sizeAfterRemoving(t, 0, 1) - 1, nil, []int{0, 1, 2}},
		{"keep", sizeAfterRemoving(t, 0, 2), []int{1}, []int{0, 2}},
		{"the kept exceed the budget", 1, []int{1, 4}, []int{0, 2, 3}},
		{"nothing kept", 1, nil, []int{0, 1, 2, 3, 4}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, ids := thinStore(t)
			garbage := snapshot.ObjectID([]byte(thinGarbage))
			garbageSize, err := s.Size(garbage)
			if err != nil {
				t.Fatal(err)
			}
			keep := func(m *snapshot.Manifest) bool {
				return slices.ContainsFunc(tt.keep, func(i int) bool { return ids[i] == m.ID })
			}
			res, err := s.Thin(tt.budget, keep, time.Now().Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}

			var want []string
			for _, i := range tt.want {
				want = append(want, ids[i])
			}
			if !slices.Equal(res.Removed, want) {
				t.Errorf("removed %v, want %v", res.Removed, want)
			}
			switch {
			case tt.budget <= 0:
				if !reflect.DeepEqual(res, snapshot.ThinResult{}) {
					t.Errorf("with no limit: %+v, want nothing done", res)
				}
			case len(want) == 0:
				if res.Before != full || res.After != full || res.Freed != 0 {
					t.Errorf("within budget: %+v; want Before = After = %d, nothing freed", res, full)
				}
			default:
				after := snapshotsSize(t, s)
				if res.Before != full || res.After != after {
					t.Errorf("Before %d, After %d; measured %d and %d", res.Before, res.After, full, after)
				}
				// The garbage goes too: it was older than the cutoff.
				if res.Freed != res.Before-res.After+garbageSize {
					t.Errorf("Freed %d, want %d: what thinning freed and the garbage", res.Freed, res.Before-res.After+garbageSize)
				}
			}
			if s.Has(garbage) != (len(want) == 0) {
				t.Errorf("garbage stored: %v; want it collected only when a snapshot is removed", s.Has(garbage))
			}

			remaining, err := s.Manifests()
			if err != nil {
				t.Fatal(err)
			}
			if len(remaining)+len(want) != len(ids) {
				t.Errorf("%d snapshots remain and %d were removed, of %d", len(remaining), len(want), len(ids))
			}
			overBudget := tt.budget > 0 && res.After > tt.budget
			for _, m := range remaining {
				checkSnapshotReads(t, s, m.ID)
				if overBudget && !keep(m) {
					t.Errorf("over budget (%d > %d), and %s remains unkept", res.After, tt.budget, m.ID)
				}
			}
			for _, id := range want {
				if _, err := s.ReadManifest(id); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("removed snapshot %s: %v, want fs.ErrNotExist", id, err)
				}
			}
			if problems := s.Verify(); len(problems) != 0 {
				t.Errorf("after thinning: %v", problems)
			}
			if len(want) > 0 {
				// Exactly the objects the remaining snapshots reach are left.
				referenced, err := s.Referenced()
				if err != nil {
					t.Fatal(err)
				}
				stored := objectSet(t, s.ObjectStore)
				for id := range stored {
					if !referenced[id] {
						t.Errorf("object %s is left, and no snapshot reaches it", id)
					}
				}
				if len(stored) != len(referenced) {
					t.Errorf("%d objects stored, %d referenced; want the same", len(stored), len(referenced))
				}
			}
		})
	}
}

// TestThinSharedObjects checks that an object goes only with the last
// snapshot reaching it.
func TestThinSharedObjects(t *testing.T) {
	s, ids := thinStore(t)
	read := func(id string) *snapshot.Manifest {
		m, err := s.ReadManifest(id)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	first, last := read(ids[0]), read(ids[4])
	oldModel := append(chunksOf(t, s, first.Vars["model"].Ref), first.Vars["model"].Ref.ID)
	newModel := append(chunksOf(t, s, last.Vars["model"].Ref), last.Vars["model"].Ref.ID)
	var shared, onlyOld []snapshot.ID
	for _, id := range oldModel {
		if slices.Contains(newModel, id) {
			shared = append(shared, id)
		} else {
			onlyOld = append(onlyOld, id)
		}
	}
	if len(shared) == 0 || len(onlyOld) < 2 { // the old list, and a chunk at least
		t.Fatalf("the models share %d objects and differ in %d; want both", len(shared), len(onlyOld))
	}
	if first.Decls == last.Decls {
		t.Fatal("the first and last snapshots share their declarations")
	}
	onlyOld = append(onlyOld, first.Decls.ID)
	config := first.Vars["config"].Ref.ID
	step0 := first.Vars["step"].Ref.ID

	stored := func(what string, objects []snapshot.ID, want bool) {
		t.Helper()
		for _, id := range objects {
			if s.Has(id) != want {
				t.Errorf("%s: object %s stored: %v, want %v", what, id, !want, want)
			}
		}
	}
	cutoff := time.Now().Add(time.Minute)

	// Snapshot 2 still reaches the old model.
	if _, err := s.Thin(sizeAfterRemoving(t, 0, 1), nil, cutoff); err != nil {
		t.Fatal(err)
	}
	stored("the first step", []snapshot.ID{step0}, false)
	stored("the old model, reached by snapshot 2", oldModel, true)

	// Now nothing does; the chunks the new model shares stay, and config.
	res, err := s.Thin(sizeAfterRemoving(t, 0, 1, 2), nil, cutoff)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Removed, ids[2:3]) {
		t.Errorf("removed %v, want %v", res.Removed, ids[2:3])
	}
	stored("the old model's own objects and the old declarations", onlyOld, false)
	stored("the chunks both models share", shared, true)
	stored("config and the new declarations", []snapshot.ID{config, last.Decls.ID}, true)
	for _, id := range ids[3:] {
		checkSnapshotReads(t, s, id)
	}
}

// TestThinCutoff checks that Thin leaves the objects written after the
// cutoff, which another kernel's snapshot in progress may need.
func TestThinCutoff(t *testing.T) {
	s, ids := thinStore(t)
	var manifestBytes int64
	for _, id := range ids[:2] {
		fi, err := os.Stat(manifestFile(s, id))
		if err != nil {
			t.Fatal(err)
		}
		manifestBytes += fi.Size()
	}
	before := objectSet(t, s.ObjectStore)

	budget := sizeAfterRemoving(t, 0, 1)
	res, err := s.Thin(budget, nil, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Removed, ids[:2]) || res.After != budget {
		t.Errorf("removed %v, After %d; want %v and %d", res.Removed, res.After, ids[:2], budget)
	}
	if res.Freed != manifestBytes {
		t.Errorf("freed %d, want only the manifest files (%d bytes)", res.Freed, manifestBytes)
	}
	if after := objectSet(t, s.ObjectStore); !maps.Equal(after, before) {
		t.Errorf("%d objects before, %d after; want every recent one kept", len(before), len(after))
	}

	// Once they are older than the cutoff, they go.
	if _, _, err := s.RemoveUnreferenced(time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := snapshotsSize(t, s); got != res.After {
		t.Errorf("after collecting: %d bytes, Thin estimated %d", got, res.After)
	}
}

// TestThinDamaged checks that Thin removes nothing when it cannot tell what
// a snapshot reaches.
func TestThinDamaged(t *testing.T) {
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, s *snapshot.Store, ids []string) (named string)
		is     error
	}{
		{"damaged manifest", func(t *testing.T, s *snapshot.Store, ids []string) string {
			if err := os.WriteFile(manifestFile(s, ids[4]), []byte("{"), 0o600); err != nil {
				t.Fatal(err)
			}
			return ids[4]
		}, snapshot.ErrCorrupt},
		{"missing chunk list", func(t *testing.T, s *snapshot.Store, ids []string) string {
			m, err := s.ReadManifest(ids[0])
			if err != nil {
				t.Fatal(err)
			}
			list := m.Vars["model"].Ref.ID
			if err := os.Remove(s.Path(list)); err != nil {
				t.Fatal(err)
			}
			return list.String()
		}, fs.ErrNotExist},
		{"damaged chunk list", func(t *testing.T, s *snapshot.Store, ids []string) string {
			m, err := s.ReadManifest(ids[4])
			if err != nil {
				t.Fatal(err)
			}
			list := m.Vars["model"].Ref.ID
			corruptFile(t, s.Path(list))
			return list.String()
		}, snapshot.ErrCorrupt},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, ids := thinStore(t)
			named := tt.damage(t, s, ids)
			objects := objectSet(t, s.ObjectStore)

			res, err := s.Thin(1, nil, time.Now().Add(time.Minute))
			if err == nil || !errors.Is(err, tt.is) || !strings.Contains(err.Error(), named) {
				t.Errorf("Thin: %v; want an error wrapping %v naming %s", err, tt.is, named)
			}
			if len(res.Removed) != 0 || res.Freed != 0 {
				t.Errorf("removed %v, freed %d; want nothing", res.Removed, res.Freed)
			}
			for _, id := range ids {
				if _, err := os.Stat(manifestFile(s, id)); err != nil {
					t.Errorf("snapshot %s: %v", id, err)
				}
			}
			if after := objectSet(t, s.ObjectStore); !maps.Equal(after, objects) {
				t.Errorf("%d objects before, %d after; want none removed", len(objects), len(after))
			}
		})
	}
}
