package snapshot

import (
	"bytes"
	"cmp"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gokernel/gokernel/internal/atomicfile"
)

// A Store is the snapshot part of a store folder: the objects/ folder, which
// it embeds, and the snapshots/ folder of manifests. It is safe for
// concurrent use, also by several processes sharing the folder; garbage
// collection spares what snapshots being written need through a cutoff (see
// RemoveUnreferenced).
type Store struct {
	*ObjectStore
	dir          string // the store folder
	manifestsDir string // its snapshots/ folder
}

const manifestsDirName = "snapshots"

// OpenStore opens the snapshot folders of the store folder storeDir,
// creating objects/ and snapshots/ (mode 0700) when missing. The store folder
// itself must exist: lineage.OpenStore creates it.
func OpenStore(storeDir string) (*Store, error) {
	objects, err := OpenObjects(storeDir)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(storeDir, manifestsDirName)
	if err := os.Mkdir(dir, storeDirPerm); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("snapshot store %s: %w", storeDir, err)
	}
	return &Store{ObjectStore: objects, dir: storeDir, manifestsDir: dir}, nil
}

// Dir returns the store folder.
func (s *Store) Dir() string { return s.dir }

// A Manifest describes one snapshot: the value of each variable of a session
// after an execution, as stored objects.
type Manifest struct {
	// ID names the manifest: "blake3:" and the hash of its file, so that a
	// manifest, like an object, is verified by its name. WriteManifest sets
	// it; it is not part of the file.
	ID string `json:"id,omitempty"`

	Session   string    `json:"session"`   // the kernel session (lineage's session id)
	Execution string    `json:"execution"` // the execution after which the values were taken
	Created   time.Time `json:"created"`   // when the snapshot was taken

	// Parent is the ID of the snapshot this one was taken after (the
	// session's previous one), "" for the first. The store does not follow
	// it. Whether a manifest lists every variable or only those changed
	// since its parent is the writer's choice; docs/store.md recommends
	// every one: the entries of unchanged variables name the same objects,
	// so they cost a few bytes each, and then each manifest restores a state
	// alone and old ones can be removed without breaking newer ones.
	Parent string `json:"parent,omitempty"`

	Vars map[string]VarEntry `json:"vars"`

	// Decls names the Go source that declares the session again in a fresh
	// interpreter before the values are loaded: its imports, types,
	// functions and constants, and each variable with its type and no value.
	// The values' types are declared by cells, so a snapshot restores only
	// into a session that declares them the same way. Zero for a snapshot of
	// values alone.
	Decls Ref `json:"decls,omitzero"`
}

// DeclsName is the name under which the declarations of a snapshot are
// reported where a variable's name would be (Verify, DiskUsage): it cannot be
// a Go identifier.
const DeclsName = "(declarations)"

// refs yields the stored values of m, each with the name it is reported
// under: the variables by name, then the declarations.
func (m *Manifest) refs() iter.Seq2[string, Ref] {
	return func(yield func(string, Ref) bool) {
		for _, name := range slices.Sorted(maps.Keys(m.Vars)) {
			if ref := m.Vars[name].Ref; !ref.IsZero() && !yield(name, ref) {
				return
			}
		}
		if !m.Decls.IsZero() {
			yield(DeclsName, m.Decls)
		}
	}
}

// A VarEntry is one variable of a snapshot: either a stored value (Ref) or
// the reason its value could not be stored (ReplayOnly), in which case it is
// recomputed by replaying the cells that made it.
type VarEntry struct {
	Type       string `json:"type"`                  // the variable's type, as the codec names it
	Ref        Ref    `json:"ref,omitzero"`          // the encoded value
	Size       int64  `json:"size,omitempty"`        // the encoding's length, uncompressed
	ReplayOnly string `json:"replay_only,omitempty"` // why the value was not stored

	// Shared lists the variables stored together with this one, in order, this
	// one among them, because they may share memory (b := a[:10], p := pts[0]):
	// Ref then names one encoding of them all, as the fields of a struct in that
	// order, so that what they share is shared again when they are restored.
	// Empty for a variable stored alone.
	Shared []string `json:"shared,omitempty"`
}

// manifestFile is what a manifest file holds: a format version and the
// manifest without its ID.
type manifestFile struct {
	Version int `json:"version"`
	*Manifest
}

const manifestVersion = 1

// WriteManifest stores m as a new manifest file and sets m.ID to its ID.
// Created is set to the current time when zero. Every Ref must name an object
// already stored (write the values first, then the manifest: a manifest never
// names a missing object, even after a crash). The file is written like an
// object (temporary file, fsync, rename, folder fsync), so once WriteManifest
// returns the snapshot is durable, and a crash before leaves none.
func (s *Store) WriteManifest(m *Manifest) error {
	if m.Created.IsZero() {
		m.Created = time.Now().UTC()
	}
	if err := m.validate(); err != nil {
		return s.error(fmt.Errorf("writing a manifest: %w", err))
	}
	for name, ref := range m.refs() {
		if !s.Has(ref.ID) {
			return s.error(fmt.Errorf("writing a manifest: %s: object %s is not stored", name, ref.ID))
		}
	}
	body := *m
	body.ID = ""
	data, err := json.Marshal(manifestFile{Version: manifestVersion, Manifest: &body})
	if err != nil {
		return s.error(fmt.Errorf("writing a manifest: %w", err))
	}
	data = append(data, '\n')
	id := ObjectID(data)
	name := s.manifestPath(id)
	if _, err := os.Lstat(name); err != nil {
		if err := atomicfile.Write(name, data); err != nil {
			return s.error(fmt.Errorf("manifest %s: %w", id, err))
		}
	}
	m.ID = id.String()
	return nil
}

// validate checks what every manifest must satisfy, written or read.
func (m *Manifest) validate() error {
	if m.Parent != "" {
		if _, err := ParseID(m.Parent); err != nil {
			return fmt.Errorf("parent: %w", err)
		}
	}
	for name, v := range m.Vars {
		switch {
		case name == "":
			return errors.New("a variable without a name")
		case v.Ref.IsZero() && v.ReplayOnly == "":
			return fmt.Errorf("variable %s has neither a value nor a replay-only reason", name)
		case !v.Ref.IsZero() && v.ReplayOnly != "":
			return fmt.Errorf("variable %s has both a value and a replay-only reason", name)
		case v.Size < 0:
			return fmt.Errorf("variable %s has a negative size", name)
		case len(v.Shared) > 0 && (!slices.Contains(v.Shared, name) || v.Ref.IsZero()):
			return fmt.Errorf("variable %s is stored with %v, without itself or a value", name, v.Shared)
		}
	}
	return nil
}

// manifestPath returns the file of the manifest id: snapshots/<hex>.json.
func (s *Store) manifestPath(id ID) string {
	return filepath.Join(s.manifestsDir, hex.EncodeToString(id[:])+".json")
}

// ReadManifest reads the manifest id ("blake3:" and 64 hexadecimal digits).
// A manifest whose file does not hash to its name, or does not hold a valid
// manifest, is an error wrapping ErrCorrupt and naming it; a missing one
// wraps fs.ErrNotExist.
func (s *Store) ReadManifest(id string) (*Manifest, error) {
	parsed, err := ParseID(id)
	if err != nil {
		return nil, s.error(fmt.Errorf("manifest: %w", err))
	}
	data, err := os.ReadFile(s.manifestPath(parsed))
	if err != nil {
		return nil, s.error(fmt.Errorf("manifest %s: %w", id, err))
	}
	m, err := decodeManifest(parsed, data)
	if err != nil {
		return nil, s.error(fmt.Errorf("manifest %s: %w", id, err))
	}
	return m, nil
}

// decodeManifest returns the manifest a file holds, after checking that the
// file hashes to id.
func decodeManifest(id ID, data []byte) (*Manifest, error) {
	if got := ObjectID(data); got != id {
		return nil, fmt.Errorf("%w: content hashes to %s", ErrCorrupt, got)
	}
	m := new(Manifest)
	file := manifestFile{Manifest: m}
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	switch {
	case file.Version > manifestVersion:
		return nil, fmt.Errorf("manifest format version %d is newer than this gokernel reads (version %d)", file.Version, manifestVersion)
	case file.Version < 1:
		return nil, fmt.Errorf("%w: no format version", ErrCorrupt)
	}
	if err := m.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	m.ID = id.String()
	return m, nil
}

// manifestIDs lists the IDs of the manifest files, in ID order. Temporary
// files and names that are not manifest names are skipped.
func (s *Store) manifestIDs() ([]ID, error) {
	entries, err := os.ReadDir(s.manifestsDir)
	if err != nil {
		return nil, s.error(err)
	}
	var ids []ID
	for _, e := range entries {
		digits, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok {
			continue
		}
		if id, err := parseIDHex(digits, ""); err == nil {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// Manifests returns every manifest of the store, oldest (by Created) first.
// A manifest that cannot be read is left out and named in the error, which
// joins one error per such manifest; the others are returned all the same.
func (s *Store) Manifests() ([]*Manifest, error) {
	ids, err := s.manifestIDs()
	if err != nil {
		return nil, err
	}
	var (
		manifests []*Manifest
		errs      []error
	)
	for _, id := range ids {
		m, err := s.ReadManifest(id.String())
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed since the listing
		} else if err != nil {
			errs = append(errs, err)
			continue
		}
		manifests = append(manifests, m)
	}
	slices.SortFunc(manifests, func(a, b *Manifest) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})
	return manifests, errors.Join(errs...)
}

// RemoveManifest removes the manifest id. Its objects stay until garbage
// collection finds no other manifest reaching them. Removing a manifest that
// does not exist is not an error.
func (s *Store) RemoveManifest(id string) error {
	parsed, err := ParseID(id)
	if err != nil {
		return s.error(fmt.Errorf("manifest: %w", err))
	}
	if err := os.Remove(s.manifestPath(parsed)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return s.error(fmt.Errorf("manifest %s: %w", id, err))
	}
	return nil
}

// RemoveTemp removes the temporary files under objects/ and snapshots/ last
// modified before cutoff, which a crash left behind, and returns how many it
// removed. Only a cutoff older than any write in progress is safe.
func (s *Store) RemoveTemp(cutoff time.Time) (int, error) {
	n, err := s.ObjectStore.RemoveTemp(cutoff)
	if err != nil {
		return n, err
	}
	m, err := removeTempFiles(s.manifestsDir, cutoff)
	if err != nil {
		err = s.error(err)
	}
	return n + m, err
}

// objectsOf returns the objects a value's Ref reaches: the object itself and,
// for a chunk list, its chunks. lists caches the chunk lists already read.
func (s *Store) objectsOf(ref Ref, lists map[ID][]chunk) ([]ID, error) {
	if !ref.Chunked {
		return []ID{ref.ID}, nil
	}
	chunks, ok := lists[ref.ID]
	if !ok {
		var err error
		chunks, _, err = s.readChunkList(ref.ID)
		if err != nil {
			return []ID{ref.ID}, err
		}
		lists[ref.ID] = chunks
	}
	ids := make([]ID, 0, 1+len(chunks))
	ids = append(ids, ref.ID)
	for _, c := range chunks {
		ids = append(ids, c.id)
	}
	return ids, nil
}

// Referenced returns every object some manifest reaches: the objects its
// variables name and the chunks of their chunk lists. Every other object is
// garbage. When a manifest or a chunk list cannot be read, the error says
// which, and the objects it would have reached are unknown: a garbage
// collector must then remove nothing.
func (s *Store) Referenced() (map[ID]bool, error) {
	manifests, err := s.Manifests()
	errs := []error{err}
	referenced := make(map[ID]bool)
	lists := make(map[ID][]chunk)
	for _, m := range manifests {
		for name, ref := range m.refs() {
			ids, err := s.objectsOf(ref, lists)
			for _, id := range ids {
				referenced[id] = true
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("snapshot %s: variable %s: %w", m.ID, name, err))
			}
		}
	}
	return referenced, errors.Join(errs...)
}

// RemoveUnreferenced removes the objects no manifest reaches (garbage) that
// were last written or reused before cutoff, and the temporary files older
// than cutoff, and returns how many objects it removed and their stored
// bytes. It removes nothing when Referenced fails: an object a damaged
// manifest reaches would look like garbage.
//
// The cutoff protects snapshots being written by other kernels: their
// objects are stored before their manifest, so until it is written they look
// like garbage. Put refreshes the modification time of every object it
// reuses (unless it is under ten minutes old), so a cutoff older than the
// longest snapshot write plus ten minutes (an hour is plenty) spares them all.
func (s *Store) RemoveUnreferenced(cutoff time.Time) (removed int, freed int64, err error) {
	referenced, err := s.Referenced()
	if err != nil {
		return 0, 0, fmt.Errorf("not removing garbage: %w", err)
	}
	var garbage []ID
	err = s.Walk(func(id ID, _ int64) error {
		if !referenced[id] {
			garbage = append(garbage, id)
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	for _, id := range garbage {
		fi, err := os.Lstat(s.Path(id))
		if err != nil || !fi.ModTime().Before(cutoff) {
			continue // gone, or written or reused recently
		}
		if err := s.Remove(id); err != nil {
			return removed, freed, err
		}
		removed++
		freed += fi.Size()
	}
	if _, err := s.RemoveTemp(cutoff); err != nil {
		return removed, freed, err
	}
	return removed, freed, nil
}

// A Problem is one thing wrong in a store, as Verify reports it.
type Problem struct {
	Manifest string // the manifest affected; "" for an object no manifest reaches
	Var      string // the variable whose value is affected; "" for the manifest itself
	Object   ID     // the damaged or missing object; zero for a damaged manifest
	Err      error  // what is wrong: wraps ErrCorrupt, fs.ErrNotExist, or a read error
}

// String describes the problem, naming the snapshot and variable it affects.
func (p Problem) String() string {
	switch {
	case p.Var != "":
		return fmt.Sprintf("snapshot %s: variable %s: %v", p.Manifest, p.Var, p.Err)
	case p.Manifest != "" && p.Object.IsZero():
		return p.Err.Error() // it names the manifest
	case p.Manifest != "":
		return fmt.Sprintf("snapshot %s: %v", p.Manifest, p.Err)
	}
	return p.Err.Error()
}

// Verify reads back and checks every object and every manifest of the store,
// and reports each problem: an object that does not decompress to bytes
// hashing to its name, a manifest that does not read, and every variable
// whose value reaches a damaged or missing object. A damaged object no
// manifest reaches is reported on its own. Temporary files are ignored. The
// objects are checked by several goroutines.
func (s *Store) Verify() []Problem {
	var problems []Problem
	damaged, err := s.checkObjects()
	if err != nil {
		problems = append(problems, Problem{Err: err})
	}
	reported := make(map[ID]bool)
	ids, err := s.manifestIDs()
	if err != nil {
		problems = append(problems, Problem{Err: err})
	}
	lists := make(map[ID][]chunk)
	for _, id := range ids {
		m, err := s.ReadManifest(id.String())
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed since the listing
		} else if err != nil {
			problems = append(problems, Problem{Manifest: id.String(), Err: err})
			continue
		}
		for name, ref := range m.refs() {
			// A chunk list is read only when it checked out whole.
			var objects []ID
			if damaged[ref.ID] == nil {
				objects, err = s.objectsOf(ref, lists)
				if err != nil {
					damaged[ref.ID] = err // gone since checkObjects, or not a chunk list
				}
			} else {
				objects = []ID{ref.ID}
			}
			for _, obj := range objects {
				if err := damaged[obj]; err != nil {
					problems = append(problems, Problem{Manifest: m.ID, Var: name, Object: obj, Err: err})
					reported[obj] = true
				} else if !s.Has(obj) {
					err := s.error(fmt.Errorf("object %s is missing: %w", obj, fs.ErrNotExist))
					problems = append(problems, Problem{Manifest: m.ID, Var: name, Object: obj, Err: err})
				}
			}
		}
	}
	for _, id := range slices.SortedFunc(maps.Keys(damaged), func(a, b ID) int { return bytes.Compare(a[:], b[:]) }) {
		if !reported[id] {
			problems = append(problems, Problem{Object: id, Err: damaged[id]})
		}
	}
	return problems
}

// checkObjects reads and verifies every object, and returns the error of each
// one that fails.
func (s *Store) checkObjects() (map[ID]error, error) {
	var (
		mu      sync.Mutex
		damaged = make(map[ID]error)
		ids     = make(chan ID)
		wg      sync.WaitGroup
	)
	for range readAhead() {
		wg.Go(func() {
			for id := range ids {
				if _, err := s.Get(id); err != nil && !errors.Is(err, fs.ErrNotExist) {
					mu.Lock()
					damaged[id] = err
					mu.Unlock()
				}
			}
		})
	}
	err := s.Walk(func(id ID, _ int64) error { ids <- id; return nil })
	close(ids)
	wg.Wait()
	return damaged, err
}

// Usage is the disk space of a store's snapshots, as DiskUsage reports it.
// Sizes are stored bytes: compressed, headers included.
type Usage struct {
	Total      int64           // all objects, each counted once
	Referenced int64           // the objects some manifest reaches; Total-Referenced is garbage
	Manifests  []ManifestUsage // oldest first
}

// ManifestUsage is the disk space of one snapshot.
type ManifestUsage struct {
	ID, Session, Execution string
	Created                time.Time

	Stored int64 // the objects it reaches, each counted once
	// New counts the objects it reaches that no earlier snapshot does: what
	// this snapshot added to the store. The New of all manifests add up to
	// Usage.Referenced, so a shared object is counted once overall.
	New  int64
	Vars []VarUsage // by name
}

// VarUsage is the disk space of one variable of a snapshot.
type VarUsage struct {
	Name   string
	Size   int64 // the encoding's length, uncompressed (VarEntry.Size)
	Stored int64 // the objects its value reaches
	// New counts the objects no earlier snapshot, and no variable before it
	// in this one, reaches: what storing this variable added.
	New int64
}

// DiskUsage returns the disk space of every snapshot and variable. An object
// or manifest that cannot be read is counted as far as it can be and named
// in the error, which joins one error per problem.
func (s *Store) DiskUsage() (Usage, error) {
	var usage Usage
	sizes := make(map[ID]int64)
	err := s.Walk(func(id ID, size int64) error {
		sizes[id] = size
		usage.Total += size
		return nil
	})
	if err != nil {
		return usage, err
	}
	manifests, err := s.Manifests()
	errs := []error{err}
	seen := make(map[ID]bool) // by an earlier snapshot or variable
	lists := make(map[ID][]chunk)
	for _, m := range manifests {
		mu := ManifestUsage{ID: m.ID, Session: m.Session, Execution: m.Execution, Created: m.Created}
		inManifest := make(map[ID]bool)
		for name, ref := range m.refs() {
			vu := VarUsage{Name: name, Size: m.Vars[name].Size}
			ids, err := s.objectsOf(ref, lists)
			if err != nil {
				errs = append(errs, fmt.Errorf("snapshot %s: variable %s: %w", m.ID, name, err))
			}
			inVar := make(map[ID]bool)
			for _, id := range ids {
				if inVar[id] {
					continue // a chunk repeated within the value
				}
				inVar[id] = true
				size := sizes[id]
				vu.Stored += size
				if !inManifest[id] {
					inManifest[id] = true
					mu.Stored += size
				}
				if !seen[id] {
					seen[id] = true
					vu.New += size
					mu.New += size
					usage.Referenced += size
				}
			}
			mu.Vars = append(mu.Vars, vu)
		}
		usage.Manifests = append(usage.Manifests, mu)
	}
	return usage, errors.Join(errs...)
}
