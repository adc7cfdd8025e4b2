package snapshot_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"testing/iotest"
	"unsafe"

	"github.com/gokernel/gokernel/snapshot"
)

// objectSet returns every stored object with its stored size.
func objectSet(t testing.TB, s *snapshot.ObjectStore) map[snapshot.ID]int64 {
	t.Helper()
	objects := make(map[snapshot.ID]int64)
	if err := s.Walk(func(id snapshot.ID, size int64) error { objects[id] = size; return nil }); err != nil {
		t.Fatal(err)
	}
	return objects
}

// putStreamAdded stores data with PutStream and returns its Ref and the
// stored bytes of the objects it added.
func putStreamAdded(t testing.TB, s *snapshot.ObjectStore, data []byte) (snapshot.Ref, int64) {
	t.Helper()
	before := objectSet(t, s)
	ref, err := s.PutStream(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var added int64
	for id, size := range objectSet(t, s) {
		if _, ok := before[id]; !ok {
			added += size
		}
	}
	return ref, added
}

func checkReadBack(t *testing.T, s *snapshot.ObjectStore, ref snapshot.Ref, want []byte) {
	t.Helper()
	got, err := s.ReadAll(ref)
	if err != nil {
		t.Fatalf("ReadAll(%s): %v", ref, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("ReadAll(%s) returned other bytes (%d, want %d)", ref, len(got), len(want))
	}
	r, err := s.Open(ref)
	if err != nil {
		t.Fatalf("Open(%s): %v", ref, err)
	}
	defer r.Close()
	got, err = io.ReadAll(r)
	if err != nil {
		t.Fatalf("reading Open(%s): %v", ref, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("Open(%s) read other bytes (%d, want %d)", ref, len(got), len(want))
	}
}

func TestPutStreamRoundTrip(t *testing.T) {
	s := openObjectsForTest(t)
	for _, data := range [][]byte{
		nil,
		[]byte("small"),
		randomData(1, 32<<10),
		randomData(2, 32<<10+1),
		randomData(3, 3<<20+12345),
		make([]byte, 5<<20), // zeros: every chunk the same object
	} {
		ref, err := s.PutStream(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if len(data) <= 32<<10 && (ref.Chunked || ref.ID != snapshot.ObjectID(data)) {
			t.Errorf("%d bytes: Ref %s, want the single object %s", len(data), ref, snapshot.ObjectID(data))
		}
		if len(data) > 512<<10 && !ref.Chunked {
			t.Errorf("%d bytes: Ref %s is not a chunk list", len(data), ref)
		}
		checkReadBack(t, s, ref, data)
	}

	// A reader that returns one byte at a time, and one that fails.
	data := randomData(4, 300_000)
	ref, err := s.PutStream(iotest.OneByteReader(bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.PutStream(bytes.NewReader(data)); again != ref {
		t.Errorf("the same bytes read differently gave %s and %s", ref, again)
	}
	checkReadBack(t, s, ref, data)
	broken := io.MultiReader(bytes.NewReader(data), iotest.ErrReader(errors.New("disk on fire")))
	if _, err := s.PutStream(broken); err == nil || !bytes.Contains([]byte(err.Error()), []byte("disk on fire")) {
		t.Errorf("PutStream of a failing reader: %v", err)
	}
}

// TestChunkSizes checks that chunk sizes stay in their bounds and average
// near 150 KiB on data without structure.
func TestChunkSizes(t *testing.T) {
	s := openObjectsForTest(t)
	const total = 64 << 20
	ref, err := s.PutStream(bytes.NewReader(randomData(5, total)))
	if err != nil {
		t.Fatal(err)
	}
	chunks := 0
	for id, size := range objectSet(t, s) {
		if id == ref.ID {
			continue
		}
		chunks++
		// Random bytes are stored raw: the stored size is the chunk's plus a header.
		if length := size - 16; length < 32<<10 || length > 512<<10 {
			t.Errorf("a chunk of %d bytes", length)
		}
	}
	avg := total / chunks
	t.Logf("%d chunks, %d KiB on average", chunks, avg>>10)
	if avg < 128<<10 || avg > 192<<10 {
		t.Errorf("chunks average %d KiB, want about 150", avg>>10)
	}
}

// TestPutStreamIncremental is the point of chunking: storing a changed value
// again writes only what changed.
func TestPutStreamIncremental(t *testing.T) {
	s := openObjectsForTest(t)
	const size = 64 << 20
	data := randomData(6, size) // incompressible, so stored bytes are chunk bytes
	ref, added := putStreamAdded(t, s, data)
	if added < size {
		t.Fatalf("64 MiB stored in %d bytes", added)
	}

	again, added := putStreamAdded(t, s, data)
	if again != ref || added != 0 {
		t.Errorf("the same data again: Ref %s (first %s), %d bytes added; want the same Ref and nothing", again, ref, added)
	}

	changed := bytes.Clone(data)
	copy(changed[size/2:], randomData(7, 1<<20))
	ref2, added := putStreamAdded(t, s, changed)
	t.Logf("1 MiB changed in the middle: %d KiB added", added>>10)
	if added >= 2<<20 {
		t.Errorf("changing 1 MiB added %d KiB, want under 2 MiB", added>>10)
	}
	checkReadBack(t, s, ref2, changed)

	inserted := append(append(bytes.Clone(data[:size/3]), "a few bytes inserted"...), data[size/3:]...)
	_, added = putStreamAdded(t, s, inserted)
	t.Logf("20 bytes inserted: %d KiB added", added>>10)
	if added >= 2<<20 {
		t.Errorf("inserting 20 bytes added %d KiB, want under 2 MiB", added>>10)
	}

	appended := append(bytes.Clone(data), randomData(8, 3<<20)...)
	ref3, added := putStreamAdded(t, s, appended)
	t.Logf("3 MiB appended: %d KiB added", added>>10)
	// The new tail, the last old chunk (it now continues), and the list.
	if added > 3<<20+512<<10+64<<10 {
		t.Errorf("appending 3 MiB added %d KiB, want only the tail", added>>10)
	}
	checkReadBack(t, s, ref3, appended)
}

// damageOneChunk applies damage to the file of one chunk of ref, in a store
// that holds nothing else, and returns the chunk's ID.
func damageOneChunk(t *testing.T, s *snapshot.ObjectStore, ref snapshot.Ref, damage func(name string)) snapshot.ID {
	t.Helper()
	for id := range objectSet(t, s) {
		if id != ref.ID {
			damage(s.Path(id))
			return id
		}
	}
	t.Fatal("no chunk")
	return snapshot.ID{}
}

func TestOpenDamaged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(name string)
		want   error
	}{
		{"corrupt", func(name string) {
			b, _ := os.ReadFile(name)
			b[len(b)/2] ^= 1
			os.WriteFile(name, b, 0o600)
		}, snapshot.ErrCorrupt},
		{"truncated", func(name string) {
			b, _ := os.ReadFile(name)
			os.WriteFile(name, b[:len(b)-1], 0o600)
		}, snapshot.ErrCorrupt},
		{"missing", func(name string) { os.Remove(name) }, fs.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openObjectsForTest(t)
			data := randomData(9, 8<<20)
			ref, err := s.PutStream(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			bad := damageOneChunk(t, s, ref, tc.damage)
			if _, err := s.ReadAll(ref); !errors.Is(err, tc.want) || !bytes.Contains([]byte(err.Error()), []byte(bad.String())) {
				t.Errorf("ReadAll: %v; want %v naming %s", err, tc.want, bad)
			}
			r, err := s.Open(ref)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			r.Close()
			if !errors.Is(err, tc.want) {
				t.Errorf("reading: %v, want %v", err, tc.want)
			}
			// What was read before the error is the value's start, never other bytes.
			if !bytes.HasPrefix(data, got) {
				t.Error("reading returned bytes that are not the value's")
			}

			// A damaged chunk list fails at Open.
			tc.damage(s.Path(ref.ID))
			if _, err := s.Open(ref); !errors.Is(err, tc.want) {
				t.Errorf("Open with a damaged chunk list: %v, want %v", err, tc.want)
			}
		})
	}
}

// TestChunkListFormat reads a chunk list written by hand in the documented
// format, and refuses malformed ones whose hash is right all the same.
func TestChunkListFormat(t *testing.T) {
	s := openObjectsForTest(t)
	a, b := []byte("first chunk "), []byte("second chunk")
	idA, _ := s.Put(a)
	idB, _ := s.Put(b)
	list := append([]byte("gkcl\x01\x02"), idA[:]...)
	list = append(list, byte(len(a)))
	list = append(list, idB[:]...)
	list = append(list, byte(len(b)))
	listID, err := s.Put(list)
	if err != nil {
		t.Fatal(err)
	}
	checkReadBack(t, s, snapshot.Ref{ID: listID, Chunked: true}, append(bytes.Clone(a), b...))

	for name, bad := range map[string][]byte{
		"not a list":      []byte("gkcx\x01\x00"),
		"newer version":   []byte("gkcl\x02\x00"),
		"count too large": []byte("gkcl\x01\xff\xff\xff\xff\x0f"),
		"wrong length":    append(bytes.Clone(list[:len(list)-1]), byte(len(b)+1)),
		"zero length":     append(bytes.Clone(list[:len(list)-1]), 0),
		"trailing bytes":  append(bytes.Clone(list), 0),
		"truncated":       list[:len(list)-5],
	} {
		id, err := s.Put(bad)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReadAll(snapshot.Ref{ID: id, Chunked: true}); !errors.Is(err, snapshot.ErrCorrupt) {
			t.Errorf("%s: %v, want ErrCorrupt", name, err)
		}
	}
}

func TestOpenClose(t *testing.T) {
	s := openObjectsForTest(t)
	ref, err := s.PutStream(bytes.NewReader(randomData(10, 16<<20)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Open(ref)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(r, make([]byte, 1000)); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := r.Read(make([]byte, 10)); err == nil {
		t.Error("Read after Close succeeded")
	}
}

func TestRefText(t *testing.T) {
	id := snapshot.ObjectID([]byte("x"))
	for _, ref := range []snapshot.Ref{{}, {ID: id}, {ID: id, Chunked: true}} {
		text, _ := ref.MarshalText()
		var back snapshot.Ref
		if err := back.UnmarshalText(text); err != nil || back != ref {
			t.Errorf("%q read back as %v, %v", text, back, err)
		}
	}
	if got := (snapshot.Ref{ID: id, Chunked: true}).String(); got != "chunks:"+id.String() {
		t.Errorf("String() = %q", got)
	}
	for _, bad := range []string{"chunks:", "chunks:chunks:" + id.String(), "blake3:00", "list:" + id.String()} {
		if _, err := snapshot.ParseRef(bad); err == nil {
			t.Errorf("ParseRef(%q) succeeded", bad)
		}
	}
}

// float64Data returns n float64 values as they sit in memory, as the codec
// encodes a []float64: a random walk of prices with cents, the kind of
// series a notebook loads (no structure zstd can exploit beyond the sign and
// exponent bytes).
func float64Data(n int) []byte {
	values := make([]float64, n)
	rng := rand.New(rand.NewPCG(1, 2))
	price := 100.0
	for i := range values {
		price = math.Max(0.01, price+rng.NormFloat64()*0.5)
		values[i] = math.Round(price*100) / 100
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&values[0])), n*8)
}

const benchDataSize = 64 << 20

// BenchmarkPutFloat64Data stores 64 MiB of new float64 data, as the first
// snapshot of a large variable does: chunk, hash, compress, write, fsync.
func BenchmarkPutFloat64Data(b *testing.B) {
	data := float64Data(benchDataSize / 8)
	var stored int64
	b.SetBytes(benchDataSize)
	for b.Loop() {
		b.StopTimer()
		s := openObjectsForTest(b)
		b.StartTimer()
		if _, err := s.PutStream(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		stored = 0
		for _, size := range objectSet(b, s) {
			stored += size
		}
		os.RemoveAll(s.Dir())
		b.StartTimer()
	}
	b.ReportMetric(float64(stored)/benchDataSize, "stored/raw")
}

// BenchmarkPutFloat64DataUnchanged stores 64 MiB that are already stored:
// the cost of snapshotting a large variable a cell did not change.
func BenchmarkPutFloat64DataUnchanged(b *testing.B) {
	data := float64Data(benchDataSize / 8)
	s := openObjectsForTest(b)
	if _, err := s.PutStream(bytes.NewReader(data)); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(benchDataSize)
	for b.Loop() {
		if _, err := s.PutStream(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutFloat64DataChanged1MiB stores 64 MiB of which a different
// 1 MiB changed since the last snapshot, each time.
func BenchmarkPutFloat64DataChanged1MiB(b *testing.B) {
	data := float64Data(benchDataSize / 8)
	s := openObjectsForTest(b)
	if _, err := s.PutStream(bytes.NewReader(data)); err != nil {
		b.Fatal(err)
	}
	values := unsafe.Slice((*float64)(unsafe.Pointer(&data[0])), len(data)/8)
	before := objectSet(b, s)
	b.SetBytes(benchDataSize)
	i := 0
	for b.Loop() {
		start := (i * 7919 << 17) % (len(values) - 1<<17)
		for j := start; j < start+1<<17; j++ { // 1 MiB of values
			values[j] += 0.01
		}
		i++
		if _, err := s.PutStream(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	var added int64
	for id, size := range objectSet(b, s) {
		if _, ok := before[id]; !ok {
			added += size
		}
	}
	b.ReportMetric(float64(added)/float64(i)/(1<<20), "MiB-added/op")
}

// BenchmarkGetFloat64Data reads 64 MiB of float64 data back through Open:
// read, decompress and verify every chunk.
func BenchmarkGetFloat64Data(b *testing.B) {
	data := float64Data(benchDataSize / 8)
	s := openObjectsForTest(b)
	ref, err := s.PutStream(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(benchDataSize)
	for b.Loop() {
		r, err := s.Open(ref)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, r); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

// BenchmarkGetFloat64DataReadAll reads the same into one slice, as a
// restore of a []float64 does.
func BenchmarkGetFloat64DataReadAll(b *testing.B) {
	data := float64Data(benchDataSize / 8)
	s := openObjectsForTest(b)
	ref, err := s.PutStream(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(benchDataSize)
	for b.Loop() {
		if _, err := s.ReadAll(ref); err != nil {
			b.Fatal(err)
		}
	}
}
