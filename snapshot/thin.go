package snapshot

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// ThinResult is what Thin did.
type ThinResult struct {
	Removed []string // the IDs of the manifests removed, oldest first

	// Freed is the bytes removing them freed on disk: their manifest files
	// and the objects RemoveUnreferenced then removed. These can include
	// garbage left by earlier removals, and leave out objects the cutoff
	// spared, so Freed need not be Before-After.
	Freed int64

	// Before and After are the size of the store's snapshots before and
	// after thinning: the stored bytes of the objects some manifest reaches
	// (Usage.Referenced) plus the manifest files. After is computed, not
	// measured: it counts the objects spared by the cutoff as freed.
	Before, After int64
}

// Thin removes old snapshots until the store's snapshots fit in budget bytes,
// and then the objects no remaining snapshot reaches. The size counted is the
// stored (compressed) bytes of the objects some manifest reaches, each once,
// as DiskUsage counts them, plus the manifest files; garbage is not counted,
// as RemoveUnreferenced removes it anyway. A budget of 0 or less means no
// limit: Thin then does nothing, as it does when the snapshots fit.
//
// Manifests are removed oldest first (by Created), skipping every one keep
// returns true for (a nil keep keeps none). The kernel keeps the latest
// snapshot of each live session, which its next snapshot builds on, and the
// ones a user checked out. Each manifest lists a whole state, so removing one
// never breaks another. If the kept snapshots alone exceed the budget, Thin
// removes every other one and reports an After above budget; that is not an
// error.
//
// The bytes a removal frees are computed, not measured, from one reading of
// the store: the objects no remaining manifest reaches. Thin then calls
// RemoveUnreferenced(cutoff), which reads the store again, so an object a
// snapshot written meanwhile reaches, or one written or reused after cutoff,
// stays (see RemoveUnreferenced). keep sees only the manifests, so it cannot
// tell the snapshots of other kernels sharing the store; a keep that also
// spares manifests created after the cutoff protects their latest snapshots
// while they are active.
//
// When a manifest or a chunk list it reaches cannot be read, Thin removes
// nothing and returns an error naming it: the objects that manifest reaches,
// and so what removing another would free, are unknown. An error removing a
// manifest or collecting the garbage is returned with what was done until
// then.
func (s *Store) Thin(budget int64, keep func(*Manifest) bool, cutoff time.Time) (ThinResult, error) {
	var result ThinResult
	if budget <= 0 {
		return result, nil
	}
	use, err := s.snapshotUse()
	if err != nil {
		return result, fmt.Errorf("not thinning: %w", err)
	}
	result.Before = use.total
	size := use.total

	// Oldest first: the newest snapshots are the ones a user most likely
	// returns to, and "everything before some time, except what is kept" is
	// easy to foresee. Thinning evenly (every other snapshot across the whole
	// history) would keep distant restore points but free far less per
	// removal: a value lives in a run of consecutive snapshots, from the
	// execution that set it to the one that changed it, and its objects go
	// only when every snapshot of the run does. Removing the oldest removes
	// whole runs; removing scattered snapshots frees only the values that
	// lived in one snapshot each.
	var manifestBytes int64 // of the manifest files removed
	for i, m := range use.manifests {
		if size <= budget {
			break
		}
		if keep != nil && keep(m) {
			continue
		}
		if err := s.RemoveManifest(m.ID); err != nil {
			result.After = size
			result.Freed = manifestBytes
			return result, err
		}
		result.Removed = append(result.Removed, m.ID)
		manifestBytes += use.fileSizes[i]
		size -= use.fileSizes[i]
		for _, obj := range use.reaches[i] {
			use.refs[obj]--
			if use.refs[obj] == 0 {
				size -= use.objectSizes[obj]
			}
		}
	}
	result.After = size
	result.Freed = manifestBytes
	if len(result.Removed) == 0 {
		return result, nil
	}
	_, freed, err := s.RemoveUnreferenced(cutoff)
	result.Freed += freed
	if err != nil {
		return result, fmt.Errorf("removed %d snapshot(s), then collecting their objects: %w", len(result.Removed), err)
	}
	return result, nil
}

// snapshotUse is which objects the manifests of a store reach, read once, so
// that what removing a manifest frees can be computed rather than measured.
// Objects are numbered, so that each manifest's list takes 4 bytes an object
// rather than 32: a store of many snapshots of large chunked values reaches
// many thousands of chunks from each.
type snapshotUse struct {
	manifests   []*Manifest // oldest first
	fileSizes   []int64     // of each manifest's file
	reaches     [][]int32   // the objects each manifest reaches, each once
	refs        []int32     // by object: how many manifests reach it
	objectSizes []int64     // by object: its stored size; 0 when missing
	total       int64       // the objects reached, each once, plus the manifest files
}

// snapshotUse reads the manifests and the chunk lists they name. It fails,
// naming them, when a manifest or chunk list cannot be read.
func (s *Store) snapshotUse() (*snapshotUse, error) {
	sizes := make(map[ID]int64)
	if err := s.Walk(func(id ID, size int64) error { sizes[id] = size; return nil }); err != nil {
		return nil, err
	}
	manifests, err := s.Manifests()
	if err != nil {
		return nil, err
	}
	use := &snapshotUse{}
	numbers := make(map[ID]int32)
	lists := make(map[ID][]chunk)
	var errs []error
	for _, m := range manifests {
		var (
			reached []ID
			varErrs []error
		)
		for name, ref := range m.refs() { // the variables, and the declarations
			ids, err := s.objectsOf(ref, lists)
			if err != nil {
				varErrs = append(varErrs, fmt.Errorf("snapshot %s: variable %s: %w", m.ID, name, err))
			}
			reached = append(reached, ids...)
		}
		// The file is looked at after the chunk lists are read: a manifest
		// that another process removed meanwhile, and whose chunk lists its
		// garbage collection took, is gone rather than damaged.
		id, err := ParseID(m.ID) // valid: ReadManifest made it from the file's name
		if err != nil {
			errs = append(errs, s.error(fmt.Errorf("manifest %s: %w", m.ID, err)))
			continue
		}
		fi, err := os.Lstat(s.manifestPath(id))
		if errors.Is(err, fs.ErrNotExist) {
			continue // it neither counts nor can be removed
		} else if err != nil {
			errs = append(errs, s.error(fmt.Errorf("manifest %s: %w", m.ID, err)))
			continue
		}
		errs = append(errs, varErrs...)

		var reach []int32
		seen := make(map[int32]bool, len(reached))
		for _, id := range reached {
			n, ok := numbers[id]
			if !ok {
				n = int32(len(use.objectSizes))
				numbers[id] = n
				use.objectSizes = append(use.objectSizes, sizes[id])
				use.refs = append(use.refs, 0)
				use.total += sizes[id]
			}
			if !seen[n] {
				seen[n] = true
				reach = append(reach, n)
				use.refs[n]++
			}
		}
		use.manifests = append(use.manifests, m)
		use.fileSizes = append(use.fileSizes, fi.Size())
		use.reaches = append(use.reaches, reach)
		use.total += fi.Size()
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return use, nil
}
