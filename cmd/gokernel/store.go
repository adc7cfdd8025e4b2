package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/gokernel/gokernel/lineage"
	"github.com/gokernel/gokernel/snapshot"
)

// runStore checks, cleans and sizes a store's snapshots:
//
//	gokernel store verify [DIR]          read every object and manifest back; exit 1 on a problem
//	gokernel store gc [DIR] [--keep N] [--grace D]  remove unreferenced objects older than D (first, all but the N newest snapshots of each session)
//	gokernel store du [DIR]              sizes per snapshot and variable
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
	if sub == "gc" {
		fs.IntVar(&keep, "keep", -1, "keep only the N newest snapshots of each session (and the snapshots they build on)")
		fs.DurationVar(&grace, "grace", time.Hour, "leave unreferenced objects written more recently than this: a kernel may be writing the snapshot that names them")
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
		return diskUsage(store)
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
	fmt.Printf("removed %d snapshot(s) and %d unreferenced object(s) (%s)\n", removedSnapshots, removed, byteSize(freed))
	return nil
}

// snapshotsBeyond returns the manifests to remove to keep the newest keep of each
// session, never one that a kept manifest builds on (its Parent, transitively).
func snapshotsBeyond(manifests []*snapshot.Manifest, keep int) []string {
	bySession := map[string][]*snapshot.Manifest{}
	byID := map[string]*snapshot.Manifest{}
	for _, m := range manifests {
		bySession[m.Session] = append(bySession[m.Session], m)
		byID[m.ID] = m
	}
	kept := map[string]bool{}
	for _, ms := range bySession {
		slices.SortFunc(ms, func(a, b *snapshot.Manifest) int { return b.Created.Compare(a.Created) })
		for _, m := range ms[:min(keep, len(ms))] {
			for p := m; p != nil && !kept[p.ID]; p = byID[p.Parent] {
				kept[p.ID] = true
			}
		}
	}
	var remove []string
	for _, m := range manifests {
		if !kept[m.ID] {
			remove = append(remove, m.ID)
		}
	}
	return remove
}

func diskUsage(store *snapshot.Store) error {
	u, err := store.DiskUsage()
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "stored\tnew\tencoded\t snapshot / variable\t")
	for _, m := range u.Manifests {
		fmt.Fprintf(w, "%s\t%s\t\t %s  %s, session %s\t\n", byteSize(m.Stored), byteSize(m.New), m.Created.Local().Format("2006-01-02 15:04:05"), m.ID, m.Session)
		for _, v := range m.Vars {
			fmt.Fprintf(w, "%s\t%s\t%s\t   %s\t\n", byteSize(v.Stored), byteSize(v.New), byteSize(v.Size), v.Name)
		}
	}
	w.Flush()
	fmt.Printf("objects: %s in all, %s referenced, %s unreferenced (gokernel store gc removes them)\n",
		byteSize(u.Total), byteSize(u.Referenced), byteSize(u.Total-u.Referenced))
	return nil
}

// byteSize prints n bytes in binary units.
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
