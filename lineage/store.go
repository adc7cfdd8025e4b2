package lineage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gokernel/gokernel/internal/atomicfile"
)

// StoreVersion is the version of the store layout this package writes (docs/store.md).
// It changes only when a reader of the previous version would misread the store;
// adding files under the reserved objects/ and snapshots/ folders does not change it.
const StoreVersion = 1

// The store's files and folders, relative to the store folder.
const (
	storeMetaFile = "store.json"
	codeDir       = "code"
	logDir        = "log"
	sessionsDir   = "sessions"
	objectsDir    = "objects"   // reserved for snapshot objects (issue 13)
	snapshotsDir  = "snapshots" // reserved for snapshot manifests (issue 13)

	// codeHashPrefix names the hash function in a code hash, so that a later layout
	// can change it without making old hashes ambiguous.
	codeHashPrefix = "sha256:"
)

// Owner-only permissions: cell sources and what they did may be private.
const (
	dirPerm  fs.FileMode = 0o700
	filePerm fs.FileMode = 0o600
)

// ErrCorrupt is wrapped by errors about store files whose content does not match what
// the store says they hold.
var ErrCorrupt = errors.New("corrupt")

// A Store is the lineage store folder of one notebook directory: the code of the
// cells, the execution log of every kernel session and the index of those sessions.
// Nothing in it is rewritten in place, so several kernels (two notebooks in one
// directory) can share it. A Store is safe for concurrent use.
type Store struct {
	dir     string
	version int // the layout version the store was created with
}

// storeMeta is the content of store.json, written once when the store is created.
type storeMeta struct {
	Version int       `json:"version"`
	Created time.Time `json:"created"`
}

// DefaultDir returns the store folder for a kernel started in workDir:
// $GOKERNEL_STORE when set, else workDir/.gokernel. Jupyter starts a kernel in its
// notebook's directory, so by default the store sits beside the notebook.
func DefaultDir(workDir string) string {
	if dir := os.Getenv("GOKERNEL_STORE"); dir != "" {
		return dir
	}
	return filepath.Join(workDir, ".gokernel")
}

// OpenStore opens the store folder dir, creating it when missing with owner-only
// permissions. A store written by a newer layout version is an error naming both
// versions. A store of an older version is read as it is: its files are never
// converted in place (see docs/store.md, "Versions"). A directory that is neither
// empty nor a store is refused, so a mistaken $GOKERNEL_STORE does not scatter store
// folders into it.
//
// An error that means the store cannot be written (see IsUnwritable) lets the caller
// turn recording off and go on.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return nil, storeError(dir, err)
	}
	meta, err := readStoreMeta(dir)
	if errors.Is(err, fs.ErrNotExist) {
		meta, err = createStoreMeta(dir)
	}
	if err != nil {
		return nil, storeError(dir, err)
	}
	if meta.Version > StoreVersion {
		return nil, storeError(dir, fmt.Errorf("layout version %d is newer than this gokernel reads (version %d); use a newer gokernel",
			meta.Version, StoreVersion))
	}
	for _, sub := range []string{codeDir, logDir, sessionsDir, objectsDir, snapshotsDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), dirPerm); err != nil {
			return nil, storeError(dir, err)
		}
	}
	return &Store{dir: dir, version: meta.Version}, nil
}

// readStoreMeta reads store.json; the error wraps fs.ErrNotExist when there is none.
func readStoreMeta(dir string) (storeMeta, error) {
	var meta storeMeta
	data, err := os.ReadFile(filepath.Join(dir, storeMetaFile))
	if err != nil {
		return meta, err
	}
	if err := json.Unmarshal(data, &meta); err != nil {
		return meta, fmt.Errorf("%s: %w: %v", storeMetaFile, ErrCorrupt, err)
	}
	if meta.Version < 1 {
		return meta, fmt.Errorf("%s: %w: no layout version", storeMetaFile, ErrCorrupt)
	}
	return meta, nil
}

// createStoreMeta makes dir a store by writing store.json. It is the first file of a
// store, so a directory without it holds nothing of ours but leftovers of a crash
// before it was renamed into place.
func createStoreMeta(dir string) (storeMeta, error) {
	if err := checkEmpty(dir); err != nil {
		return storeMeta{}, err
	}
	meta := storeMeta{Version: StoreVersion, Created: time.Now().UTC()}
	data, err := json.Marshal(meta)
	if err != nil {
		return storeMeta{}, err
	}
	return meta, atomicfile.Write(filepath.Join(dir, storeMetaFile), append(data, '\n'))
}

// checkEmpty returns an error when dir has entries other than temporary files.
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), atomicfile.TempPrefix) {
			return fmt.Errorf("not a gokernel store (no %s) and not empty (it holds %q): refusing to write into it",
				storeMetaFile, e.Name())
		}
	}
	return nil
}

// Dir returns the store folder.
func (s *Store) Dir() string { return s.dir }

// Version returns the layout version the store was created with: StoreVersion, or an
// older one that this package still reads.
func (s *Store) Version() int { return s.version }

// CodeHash is the content hash that names a cell's source: "sha256:" and 64 hex
// digits.
func CodeHash(code string) string {
	sum := sha256.Sum256([]byte(code))
	return codeHashPrefix + hex.EncodeToString(sum[:])
}

// PutCode stores a cell's source once, under its content hash, and returns the hash
// ("sha256:" and 64 hex digits), which an Execution names as its Code. Storing the
// same code again writes nothing; a stored copy that fails its hash is replaced.
func (s *Store) PutCode(code string) (string, error) {
	hash := CodeHash(code)
	name := filepath.Join(s.dir, codeDir, strings.TrimPrefix(hash, codeHashPrefix))
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, []byte(code)) {
		return hash, nil
	}
	if err := atomicfile.Write(name, []byte(code)); err != nil {
		return "", storeError(s.dir, fmt.Errorf("code %s: %w", hash, err))
	}
	return hash, nil
}

// Code returns the cell source stored under hash, as PutCode returned it (the bare
// hex digest is accepted too). The content is verified against the hash: a corrupt
// file is an error wrapping ErrCorrupt, never wrong code.
func (s *Store) Code(hash string) (string, error) {
	digest, err := parseCodeHash(hash)
	if err != nil {
		return "", storeError(s.dir, err)
	}
	data, err := os.ReadFile(filepath.Join(s.dir, codeDir, digest))
	if err != nil {
		return "", storeError(s.dir, fmt.Errorf("code %s: %w", hash, err))
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != digest {
		return "", storeError(s.dir, fmt.Errorf("code %s: %w: the file's content hashes to %s%x",
			hash, ErrCorrupt, codeHashPrefix, sum))
	}
	return string(data), nil
}

// parseCodeHash returns the hex digest of a code hash. Only lower-case hex of the
// right length passes, so a hash can never name a file outside code/.
func parseCodeHash(hash string) (string, error) {
	digest := strings.TrimPrefix(hash, codeHashPrefix)
	if len(digest) != 2*sha256.Size || strings.Trim(digest, "0123456789abcdef") != "" {
		return "", fmt.Errorf("invalid code hash %q (want %s and %d lower-case hex digits)",
			hash, codeHashPrefix, 2*sha256.Size)
	}
	return digest, nil
}

// storeError gives err the context of the store folder.
func storeError(dir string, err error) error {
	return fmt.Errorf("lineage store %s: %w", dir, err)
}

// IsUnwritable reports whether err says that the store cannot be written where it is:
// a read-only file system, permission denied, a full disk or quota, or a file where a
// store folder should be. The kernel then turns recording off with one notice and
// keeps running cells; any other error is worth a louder report.
func IsUnwritable(err error) bool {
	for _, target := range []error{
		fs.ErrPermission, // EACCES, EPERM
		syscall.EROFS,
		syscall.ENOSPC,
		syscall.EDQUOT,
		syscall.ENOTDIR,
	} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
