package snapshot_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gokernel/gokernel/snapshot"
)

// openObjectsForTest returns an object store in a new store folder.
func openObjectsForTest(t testing.TB) *snapshot.ObjectStore {
	t.Helper()
	s, err := snapshot.OpenObjects(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// randomData returns n bytes that zstd cannot compress.
func randomData(seed uint64, n int) []byte {
	data := make([]byte, n)
	rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), byte(seed >> 16), byte(seed >> 24)}).Read(data)
	return data
}

// objectHeader returns the header of an object file (docs/store.md).
func objectHeader(compression byte, length uint64) []byte {
	h := []byte("gkob\x01\x00\x00\x00........")
	h[5] = compression
	binary.LittleEndian.PutUint64(h[8:], length)
	return h
}

func TestIDText(t *testing.T) {
	id := snapshot.ObjectID([]byte("hello"))
	text := id.String()
	if !strings.HasPrefix(text, "blake3:") || len(text) != len("blake3:")+64 {
		t.Fatalf("String() = %q", text)
	}
	// BLAKE3-256("hello"), from the reference implementation.
	if want := "blake3:ea8f163db38682925e4491c5e58d4bb3506ef8c14eb78a86e908c5624a67200f"; text != want {
		t.Errorf("String() = %s, want %s", text, want)
	}
	parsed, err := snapshot.ParseID(text)
	if err != nil || parsed != id {
		t.Errorf("ParseID(%q) = %v, %v", text, parsed, err)
	}
	for _, bad := range []string{
		"",
		text[len("blake3:"):],                  // no prefix
		"sha256:" + text[len("blake3:"):],      // another hash
		strings.ToUpper(text[:10]) + text[10:], // upper-case prefix
		text[:len(text)-1],                     // short
		text + "0",                             // long
		"blake3:" + strings.Repeat("A", 64),    // upper-case digits: one spelling only
		"blake3:" + strings.Repeat("g", 64),    // not hex
		"blake3:../" + strings.Repeat("0", 61), // a path
	} {
		if _, err := snapshot.ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) succeeded", bad)
		}
	}
	if !(snapshot.ID{}).IsZero() || id.IsZero() {
		t.Error("IsZero is wrong")
	}
}

func TestPutGet(t *testing.T) {
	s := openObjectsForTest(t)
	for _, data := range [][]byte{
		nil,
		[]byte("x"),
		[]byte(strings.Repeat("a compressible line of text\n", 10_000)),
		randomData(1, 100_000),
		make([]byte, 1<<20), // zeros: the largest expansion a header must allow
	} {
		id, err := s.Put(data)
		if err != nil {
			t.Fatal(err)
		}
		if id != snapshot.ObjectID(data) {
			t.Errorf("Put returned %s, want the hash of the data %s", id, snapshot.ObjectID(data))
		}
		got, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("Get(%s) returned other bytes (%d, want %d)", id, len(got), len(data))
		}
		if !s.Has(id) {
			t.Errorf("Has(%s) = false after Put", id)
		}
		size, err := s.Size(id)
		if err != nil {
			t.Fatal(err)
		}
		if limit := int64(len(data)) + 16; size > limit {
			t.Errorf("%d bytes stored in %d, more than the data and a header (%d)", len(data), size, limit)
		}
		fi, err := os.Stat(s.Path(id))
		if err != nil {
			t.Fatal(err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Errorf("object file mode %v, want 0600", fi.Mode().Perm())
		}
		digits := strings.TrimPrefix(id.String(), "blake3:")
		if want := filepath.Join(s.Dir(), digits[:2], digits[2:]); s.Path(id) != want {
			t.Errorf("Path = %s, want %s", s.Path(id), want)
		}
	}
	if fi, err := os.Stat(s.Dir()); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700) {
		t.Errorf("objects folder: %v, %v; want mode 0700", fi.Mode(), err)
	}
	size, _ := s.Size(snapshot.ObjectID([]byte(strings.Repeat("a compressible line of text\n", 10_000))))
	if size > 10_000 {
		t.Errorf("280 kB of repeated text stored in %d bytes; is it compressed?", size)
	}
}

func TestPutDeduplicates(t *testing.T) {
	s := openObjectsForTest(t)
	data := randomData(2, 10_000)
	id, err := s.Put(data)
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(s.Path(id))
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(s.Path(id), old, old)
	again, err := s.Put(bytes.Clone(data))
	if err != nil || again != id {
		t.Fatalf("Put again = %s, %v; want %s", again, err, id)
	}
	after, err := os.Stat(s.Path(id))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("Put of stored bytes wrote the object again")
	}
	if after.ModTime().Before(time.Now().Add(-time.Minute)) {
		t.Error("Put of stored bytes did not refresh the object's modification time")
	}
}

func TestGetDamaged(t *testing.T) {
	s := openObjectsForTest(t)
	data := []byte(strings.Repeat("gokernel keeps your variables. ", 2000))
	id, err := s.Put(data)
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(s.Path(id))
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.Put([]byte("other bytes"))
	if err != nil {
		t.Fatal(err)
	}
	otherFile, _ := os.ReadFile(s.Path(other))

	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x10
		return b
	}
	set := func(i int, v byte) []byte {
		b := bytes.Clone(good)
		b[i] = v
		return b
	}
	cases := map[string][]byte{
		"empty":                 {},
		"header only":           good[:16],
		"truncated header":      good[:10],
		"truncated payload":     good[:len(good)-3],
		"one byte more":         append(bytes.Clone(good), 0),
		"bad magic":             flip(0),
		"version 0":             set(4, 0),
		"bad compression":       flip(5),
		"reserved byte set":     flip(6),
		"length off":            flip(8),
		"huge length":           append(objectHeader(1, 1<<40), good[16:]...),
		"payload bit flip":      flip(len(good) / 2),
		"last byte flip":        flip(len(good) - 1),
		"another object's file": otherFile,
		"raw, wrong bytes":      append(objectHeader(0, 5), "wrong"...),
		"raw, short":            append(objectHeader(0, uint64(len(data))), data[:100]...),
		"garbage":               randomData(3, 1000),
	}
	for name, file := range cases {
		if err := os.WriteFile(s.Path(id), file, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(id)
		if err == nil {
			t.Errorf("%s: Get succeeded (%d bytes)", name, len(got))
			continue
		}
		if !errors.Is(err, snapshot.ErrCorrupt) {
			t.Errorf("%s: error %v does not wrap ErrCorrupt", name, err)
		}
		if !strings.Contains(err.Error(), id.String()) {
			t.Errorf("%s: error %q does not name the object", name, err)
		}
	}

	// The same bytes stored raw (as incompressible data is) read back.
	os.WriteFile(s.Path(id), append(objectHeader(0, uint64(len(data))), data...), 0o600)
	if got, err := s.Get(id); err != nil || !bytes.Equal(got, data) {
		t.Errorf("raw object: %v", err)
	}

	// A newer format is refused, saying so, and is not called corrupt.
	newer := bytes.Clone(good)
	newer[4] = 2
	os.WriteFile(s.Path(id), newer, 0o600)
	if _, err := s.Get(id); err == nil || errors.Is(err, snapshot.ErrCorrupt) || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer format: %v", err)
	}

	os.Remove(s.Path(id))
	if _, err := s.Get(id); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing object: %v, want fs.ErrNotExist", err)
	}
	if s.Has(id) {
		t.Error("Has of a removed object")
	}
	// Storing the bytes again repairs the store.
	if _, err := s.Put(data); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(id); err != nil || !bytes.Equal(got, data) {
		t.Errorf("after Put again: %v", err)
	}
}

func TestWalkRemove(t *testing.T) {
	s := openObjectsForTest(t)
	want := make(map[snapshot.ID]int64)
	for i := range 50 {
		id, err := s.Put(randomData(uint64(i), 100+i))
		if err != nil {
			t.Fatal(err)
		}
		want[id], _ = s.Size(id)
	}
	// What a crash or a stranger leaves is not an object.
	id := snapshot.ObjectID([]byte("x"))
	digits := strings.TrimPrefix(id.String(), "blake3:")
	os.MkdirAll(filepath.Join(s.Dir(), digits[:2]), 0o700)
	os.WriteFile(filepath.Join(s.Dir(), digits[:2], ".tmp-"+digits[2:]+"-123"), []byte("partial"), 0o600)
	os.WriteFile(filepath.Join(s.Dir(), digits[:2], "notes.txt"), nil, 0o600)
	os.WriteFile(filepath.Join(s.Dir(), "README"), nil, 0o600)

	got := make(map[snapshot.ID]int64)
	var last snapshot.ID
	err := s.Walk(func(id snapshot.ID, size int64) error {
		if bytes.Compare(id[:], last[:]) <= 0 {
			t.Errorf("Walk out of order: %s after %s", id, last)
		}
		last = id
		got[id] = size
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("Walk saw %d objects, want %d", len(got), len(want))
	}
	for id, size := range want {
		if got[id] != size {
			t.Errorf("Walk: %s has size %d, want %d", id, got[id], size)
		}
	}

	stop := errors.New("stop")
	if err := s.Walk(func(snapshot.ID, int64) error { return stop }); err != stop {
		t.Errorf("Walk returned %v, want fn's error", err)
	}

	for id := range want {
		if err := s.Remove(id); err != nil {
			t.Fatal(err)
		}
		if err := s.Remove(id); err != nil {
			t.Errorf("second Remove: %v", err)
		}
	}
	n := 0
	s.Walk(func(snapshot.ID, int64) error { n++; return nil })
	if n != 0 {
		t.Errorf("%d objects left after removing all", n)
	}

	if n, err := s.RemoveTemp(time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("RemoveTemp of older files removed %d, %v; want 0", n, err)
	}
	if n, err := s.RemoveTemp(time.Now().Add(time.Second)); err != nil || n != 1 {
		t.Errorf("RemoveTemp removed %d, %v; want 1", n, err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), digits[:2], "notes.txt")); err != nil {
		t.Error("RemoveTemp removed a file that is not temporary")
	}
}

func TestOpenObjectsNeedsStoreFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	if _, err := snapshot.OpenObjects(dir); err == nil {
		t.Error("OpenObjects of a missing store folder succeeded")
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("OpenObjects created the store folder; lineage.OpenStore would then refuse it")
	}
	file := t.TempDir()
	os.WriteFile(filepath.Join(file, "objects"), nil, 0o600)
	if _, err := snapshot.OpenObjects(file); err == nil {
		t.Error("OpenObjects with a file named objects succeeded")
	}
}

// FuzzReadObject writes arbitrary bytes as the file of an object and reads
// it: Get must never panic, and may succeed only with the object's bytes.
func FuzzReadObject(f *testing.F) {
	want := []byte(strings.Repeat("the right bytes, ", 500))
	s := openObjectsForTest(f)
	id, err := s.Put(want)
	if err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(s.Path(id))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[:16])
	f.Add(append(objectHeader(0, uint64(len(want))), want...))
	f.Add(append(objectHeader(1, 1<<40), good[16:]...))
	f.Add(append(objectHeader(1, 5), 0x28, 0xb5, 0x2f, 0xfd))
	// The decimal float transform's frame: the reader must refuse its
	// garbage as well.
	var prices []byte
	for i := range 1024 {
		prices = binary.LittleEndian.AppendUint64(prices, math.Float64bits(float64(10000+i%7)/100))
	}
	priceID, err := s.Put(prices)
	if err != nil {
		f.Fatal(err)
	}
	decimal, err := os.ReadFile(s.Path(priceID))
	if err != nil || decimal[5] != 2 {
		f.Fatalf("prices were not stored with the decimal transform (%v)", err)
	}
	f.Add(decimal)
	f.Add(append(objectHeader(2, uint64(len(want))), decimal[16:]...))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, file []byte) {
		if err := os.WriteFile(s.Path(id), file, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(id)
		if err != nil {
			if !strings.Contains(err.Error(), id.String()) {
				t.Errorf("error %q does not name the object", err)
			}
			return
		}
		if !bytes.Equal(got, want) {
			t.Errorf("Get returned %d wrong bytes", len(got))
		}
	})
}
