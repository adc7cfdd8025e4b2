package ann

import (
	"encoding"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Neighbor is one search result: the caller's id for a vector and its
// distance to the query (smaller is closer).
type Neighbor struct {
	ID       uint64
	Distance float32
}

// Index is what every approximate nearest-neighbour index in this package
// does. Search returns at most k neighbours, nearest first; it panics if the
// query's length differs from the index dimension, which is a programming
// error.
type Index interface {
	Add(id uint64, v []float32) error
	Search(q []float32, k int) []Neighbor
	Len() int
	Dim() int
	// WriteTo writes the index in the versioned, checksummed file format.
	WriteTo(w io.Writer) (int64, error)
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

var (
	_ Index = (*HNSW)(nil)
	_ Index = (*Forest)(nil)
)

// ErrCorrupt is wrapped by every error about unreadable index data: bad
// magic, checksum mismatch, truncation or inconsistent contents.
var ErrCorrupt = errors.New("corrupt index data")

// ErrDuplicateID is returned by Add for an id that is already present.
var ErrDuplicateID = errors.New("duplicate id")

// Save writes idx to path atomically: to a temporary file in the same
// directory, synced, then renamed, so a crash never leaves a half-written
// index under the final name.
func Save(path string, idx Index) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("ann: save %s: %w", path, err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("ann: save %s: %w", path, err)
	}
	if _, err := idx.WriteTo(f); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("ann: save %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("ann: save %s: %w", path, err)
	}
	return nil
}

// Load reads an index file written by Save or WriteTo, of either kind, into
// memory. Use OpenForest to memory-map a Forest instead.
func Load(path string) (Index, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ann: load: %w", err)
	}
	idx, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("ann: load %s: %w", path, err)
	}
	return idx, nil
}

// Decode parses index bytes produced by MarshalBinary or WriteTo of either
// index kind. The result does not retain data.
func Decode(data []byte) (Index, error) {
	kind, _, err := parseFile(data, "")
	if err != nil {
		return nil, err
	}
	switch kind {
	case kindHNSW:
		h := new(HNSW)
		if err := h.UnmarshalBinary(data); err != nil {
			return nil, err
		}
		return h, nil
	case kindForest:
		f := new(Forest)
		if err := f.UnmarshalBinary(data); err != nil {
			return nil, err
		}
		return f, nil
	}
	return nil, fmt.Errorf("%w: unknown index kind %q", ErrCorrupt, kind)
}
