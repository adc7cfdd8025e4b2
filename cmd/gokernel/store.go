package main

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/gokernel/gokernel/lineage"
	"github.com/gokernel/gokernel/snapshot"
)

// runStore checks, cleans and sizes a store's snapshots:
//
//	gokernel store verify [DIR]          read every object and manifest back; exit 1 on a problem
//	gokernel store gc [DIR] [--keep N] [--grace D]  remove unreferenced objects older than D (first, all but the N newest snapshots of each session)
//	gokernel store du [DIR] [--snapshots]  sizes per notebook and variable (and per snapshot)
func runStore(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Println("Usage: gokernel store verify|gc|du [DIR] [flags]  (DIR: default ./.gokernel or $GOKERNEL_STORE)")
		if len(args) == 0 {
			return usageError{"missing subcommand verify, gc or du"}
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("store " + sub + " [DIR]")
	keep := -1
	grace := time.Hour
	perSnapshot := false
	if sub == "gc" {
		fs.IntVar(&keep, "keep", -1, "keep only the N newest snapshots of each session (and the snapshots they build on)")
		fs.DurationVar(&grace, "grace", time.Hour, "leave unreferenced objects written more recently than this: a kernel may be writing the snapshot that names them")
	}
	if sub == "du" {
		fs.BoolVar(&perSnapshot, "snapshots", false, "also list every snapshot")
	}
	dir, err := parseWithDir(fs, args)
	if err != nil {
		return err
	}
	store, err := openSnapshotStore(dir)
	if err != nil {
		return err
	}
	switch sub {
	case "verify":
		return verifyStore(store)
	case "gc":
		return collectGarbage(store, keep, grace)
	case "du":
		return diskUsage(store, perSnapshot)
	}
	return usageError{fmt.Sprintf("unknown subcommand %q (verify, gc or du)", sub)}
}

// openSnapshotStore opens the snapshots of the store in dir, never creating a store
// where there is none.
func openSnapshotStore(dir string) (*snapshot.Store, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		dir = lineage.DefaultDir(wd)
	}
	if _, err := os.Stat(filepath.Join(dir, "store.json")); err != nil {
		return nil, fmt.Errorf("no store in %s (a kernel started there records one in .gokernel/, or where GOKERNEL_STORE says)", dir)
	}
	return snapshot.OpenStore(dir)
}

// errProblems makes the command exit 1 after it printed what verify found.
var errProblems = errors.New("the store has problems (listed above)")

func verifyStore(store *snapshot.Store) error {
	problems := store.Verify()
	for _, p := range problems {
		fmt.Println(p)
	}
	if len(problems) > 0 {
		return errProblems
	}
	fmt.Println("ok: every object and snapshot reads back and matches its hash")
	return nil
}

func collectGarbage(store *snapshot.Store, keep int, grace time.Duration) error {
	removedSnapshots := 0
	if keep >= 0 {
		manifests, err := store.Manifests()
		if err != nil {
			return err
		}
		for _, id := range snapshotsBeyond(manifests, keep) {
			if err := store.RemoveManifest(id); err != nil {
				return err
			}
			removedSnapshots++
		}
	}
	removed, freed, err := store.RemoveUnreferenced(time.Now().Add(-grace))
	if err != nil {
		return err
	}
	fmt.Printf("removed %d snapshot(s) and %d unreferenced object(s) (%s)\n", removedSnapshots, removed, snapshot.FormatSize(freed))
	return nil
}

// snapshotsBeyond returns the manifests to remove to keep the newest keep of each
// session. A manifest lists every variable of its state, so it restores alone: the
// snapshots before it are not needed for it.
func snapshotsBeyond(manifests []*snapshot.Manifest, keep int) []string {
	bySession := map[string][]*snapshot.Manifest{}
	for _, m := range manifests {
		bySession[m.Session] = append(bySession[m.Session], m)
	}
	var remove []string
	for _, ms := range bySession {
		slices.SortFunc(ms, func(a, b *snapshot.Manifest) int { return b.Created.Compare(a.Created) })
		for _, m := range ms[min(keep, len(ms)):] {
			remove = append(remove, m.ID)
		}
	}
	slices.Sort(remove)
	return remove
}

// diskUsage prints the store's size per notebook, and in each per variable: what the
// notebook's snapshots added to the store, and each variable's share of it; with
// perSnapshot, every snapshot and its variables too.
func diskUsage(store *snapshot.Store, perSnapshot bool) error {
	u, err := store.DiskUsage()
	if err != nil {
		return err
	}
	notebookOf := map[string]string{}
	if ls, err := lineage.OpenStore(store.Dir()); err == nil {
		sessions, _ := ls.Sessions()
		for _, s := range sessions {
			notebookOf[s.ID] = s.Notebook
		}
	}
	type varTotal struct {
		added, encoded int64 // encoded: the size in the newest snapshot
	}
	type notebook struct {
		snapshots int
		added     int64
		vars      map[string]*varTotal
		manifests []snapshot.ManifestUsage
	}
	notebooks := map[string]*notebook{}
	for _, m := range u.Manifests {
		name := cmp.Or(notebookOf[m.Session], "(no notebook name: console or classic Notebook)")
		nb := notebooks[name]
		if nb == nil {
			nb = &notebook{vars: map[string]*varTotal{}}
			notebooks[name] = nb
		}
		nb.snapshots++
		nb.added += m.New
		nb.manifests = append(nb.manifests, m)
		for _, v := range m.Vars {
			t := nb.vars[v.Name]
			if t == nil {
				t = &varTotal{}
				nb.vars[v.Name] = t
			}
			t.added += v.New
			t.encoded = v.Size
		}
	}
	for _, name := range slices.Sorted(maps.Keys(notebooks)) {
		nb := notebooks[name]
		fmt.Printf("%s: %d snapshot(s), %s stored\n", name, nb.snapshots, snapshot.FormatSize(nb.added))
		fmt.Printf("  %9s  %9s  %s\n", "stored", "encoded", "variable")
		for _, v := range slices.Sorted(maps.Keys(nb.vars)) {
			t := nb.vars[v]
			encoded := snapshot.FormatSize(t.encoded)
			if v == snapshot.DeclsName {
				encoded = "" // source text, not an encoding
			}
			fmt.Printf("  %9s  %9s  %s\n", snapshot.FormatSize(t.added), encoded, v)
		}
		if perSnapshot {
			fmt.Printf("  %9s  %9s  %s\n", "stored", "new", "snapshot")
			for _, m := range nb.manifests {
				fmt.Printf("  %9s  %9s  %s  %s, session %s\n", snapshot.FormatSize(m.Stored), snapshot.FormatSize(m.New),
					m.Created.Local().Format("2006-01-02 15:04:05"), m.ID, m.Session)
			}
		}
		fmt.Println()
	}
	fmt.Printf("objects: %s in all, %s referenced, %s unreferenced (gokernel store gc removes them)\n",
		snapshot.FormatSize(u.Total), snapshot.FormatSize(u.Referenced), snapshot.FormatSize(u.Total-u.Referenced))
	return nil
}
