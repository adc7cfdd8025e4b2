package snapshot_test

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gokernel/gokernel/snapshot"
)

// twoSeries is a value whose encoding holds two large numeric arrays that
// Decode reads straight from the store, with small fields around them, so
// that the arrays start and end inside chunks.
type twoSeries struct {
	Name   string
	Prices []float64
	Note   string
	Counts []int32
	Last   int
}

func newTwoSeries() twoSeries {
	r := rand.New(rand.NewPCG(1, 2))
	v := twoSeries{Name: "series", Note: strings.Repeat("n", 1001), Last: 7}
	v.Prices = make([]float64, 3<<20/8+13)
	p := 100.0
	for i := range v.Prices {
		p += r.NormFloat64()
		v.Prices[i] = math.Round(p*100) / 100
	}
	v.Counts = make([]int32, 1<<20/4+5)
	for i := range v.Counts {
		v.Counts[i] = r.Int32()
	}
	return v
}

// storeTwoSeries stores v's encoding as the kernel does: in content-defined
// chunks (PutStream) or in fixed blocks (PutBlocks).
func storeTwoSeries(t *testing.T, s *snapshot.ObjectStore, v twoSeries, blocks bool) snapshot.Ref {
	t.Helper()
	if blocks {
		w := snapshot.NewBlockWriter(nil)
		if err := snapshot.Encode(w, reflect.ValueOf(v)); err != nil {
			t.Fatal(err)
		}
		ref, _, err := s.PutBlocks(w)
		if err != nil {
			t.Fatal(err)
		}
		return ref
	}
	var buf bytes.Buffer
	if err := snapshot.Encode(&buf, reflect.ValueOf(v)); err != nil {
		t.Fatal(err)
	}
	ref, err := s.PutStream(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func decodeOpenValue(s *snapshot.ObjectStore, ref snapshot.Ref) (twoSeries, error) {
	r, closer, err := s.OpenValue(ref)
	if err != nil {
		return twoSeries{}, err
	}
	defer closer.Close()
	t := reflect.TypeFor[twoSeries]()
	v, err := snapshot.Decode(r, t, snapshot.NewTypeResolver(t))
	if err != nil {
		return twoSeries{}, err
	}
	return v.Interface().(twoSeries), nil
}

// TestOpenValueDecode restores values through OpenValue into Decode, which
// reads the chunks wholly inside a large array in parallel, straight into
// the array, and the rest in order.
func TestOpenValueDecode(t *testing.T) {
	for _, blocks := range []bool{false, true} {
		name := map[bool]string{false: "chunks", true: "blocks"}[blocks]
		t.Run(name, func(t *testing.T) {
			s := openObjectsForTest(t)
			want := newTwoSeries()
			ref := storeTwoSeries(t, s, want, blocks)
			if !ref.Chunked {
				t.Fatal("the value fits one object: the test needs a chunk list")
			}
			got, err := decodeOpenValue(s, ref)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Error("the value read back differs")
			}
		})
	}
}

// TestOpenValueDamaged damages each chunk in turn: whether it lies inside an
// array read in parallel or not, Decode fails naming it, never returning a
// value.
func TestOpenValueDamaged(t *testing.T) {
	s := openObjectsForTest(t)
	v := newTwoSeries()
	ref := storeTwoSeries(t, s, v, true)
	for id := range objectSet(t, s) {
		if id == ref.ID {
			continue
		}
		name := s.Path(id)
		good, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		bad := bytes.Clone(good)
		bad[len(bad)/2] ^= 1
		if err := os.WriteFile(name, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err = decodeOpenValue(s, ref)
		if !errors.Is(err, snapshot.ErrCorrupt) || !strings.Contains(err.Error(), id.String()) {
			t.Errorf("with chunk %s damaged: %v; want ErrCorrupt naming it", id, err)
		}
		if err := os.WriteFile(name, good, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := decodeOpenValue(s, ref); err != nil {
		t.Fatalf("repaired: %v", err)
	}
}
