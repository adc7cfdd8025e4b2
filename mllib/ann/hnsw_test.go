package ann

import (
	"bytes"
	"errors"
	"math"
	"sync"
	"testing"

	"github.com/gokernel/gokernel/mllib/ann/anndata"
	"github.com/gokernel/gokernel/mllib/vec"
)

// smallData is a small clustered dataset; a third of the size under the
// race detector, which slows everything tenfold and is there for the
// concurrency, not the statistics.
func smallData(n int, seed uint64) *anndata.Dataset {
	if raceEnabled {
		n = max(500, n/3)
	}
	return anndata.Clustered(anndata.ClusteredConfig{N: n, Queries: 50, Dim: 16, Clusters: 10, Seed: seed})
}

func TestHNSWDeterministicBuild(t *testing.T) {
	d := smallData(3000, 4)
	a, err := buildHNSW(t, d, HNSWConfig{Seed: 9}).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := buildHNSW(t, d, HNSWConfig{Seed: 9}).MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Fatal("two single-threaded builds with the same seed differ")
	}
	c, _ := buildHNSW(t, d, HNSWConfig{Seed: 10}).MarshalBinary()
	if bytes.Equal(a, c) {
		t.Fatal("builds with different seeds are identical: the seed is not used")
	}
}

func TestHNSWAddErrors(t *testing.T) {
	h, err := NewHNSW(HNSWConfig{Dim: 3, Metric: vec.Cosine})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Add(1, []float32{1, 2}); err == nil {
		t.Error("wrong dimension accepted")
	}
	if err := h.Add(1, []float32{1, float32(math.NaN()), 0}); err == nil {
		t.Error("NaN accepted")
	}
	if err := h.Add(1, []float32{0, 0, 0}); err == nil {
		t.Error("zero vector accepted for cosine")
	}
	if err := h.Add(1, []float32{1, 0, 0}); err != nil {
		t.Fatal(err)
	}
	if err := h.Add(1, []float32{0, 1, 0}); !errors.Is(err, ErrDuplicateID) {
		t.Errorf("duplicate id: got %v, want ErrDuplicateID", err)
	}
	if _, err := NewHNSW(HNSWConfig{}); err == nil {
		t.Error("zero dimension accepted")
	}
	if _, err := NewHNSW(HNSWConfig{Dim: 2, Metric: vec.Metric(7)}); err == nil {
		t.Error("invalid metric accepted")
	}
}

func TestHNSWEmptyAndTiny(t *testing.T) {
	h, _ := NewHNSW(HNSWConfig{Dim: 2, Metric: vec.L2})
	if res := h.Search([]float32{0, 0}, 3); len(res) != 0 {
		t.Fatalf("empty index returned %v", res)
	}
	h.Add(7, []float32{1, 1})
	h.Add(8, []float32{5, 5})
	res := h.Search([]float32{0, 0}, 3)
	if len(res) != 2 || res[0].ID != 7 || res[1].ID != 8 || res[0].Distance != 2 {
		t.Fatalf("got %v", res)
	}
}

// TestHNSWDeletedAfterRoundTrip checks that a loaded index still skips
// its deleted nodes: searches read the deletion flags only once an index
// has any, so that fact must survive saving.
func TestHNSWDeletedAfterRoundTrip(t *testing.T) {
	d := smallData(1000, 6)
	h := buildHNSW(t, d, HNSWConfig{Seed: 2})
	for i := 0; i < 20; i++ {
		h.Delete(uint64(i))
	}
	b, err := h.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var g HNSW
	if err := g.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		// Its own vector is the nearest to a deleted point.
		for _, n := range g.Search(d.TrainRow(i), 5) {
			if n.ID < 20 {
				t.Fatalf("query %d: deleted id %d returned after the round trip", i, n.ID)
			}
		}
	}
}

func TestHNSWDelete(t *testing.T) {
	d := smallData(3000, 5)
	h := buildHNSW(t, d, HNSWConfig{Seed: 1})
	// Delete every third point, then no search may return one.
	for i := 0; i < d.NumTrain(); i += 3 {
		if !h.Delete(uint64(i)) {
			t.Fatalf("Delete(%d) = false", i)
		}
	}
	if h.Delete(0) {
		t.Error("second Delete of the same id reported true")
	}
	if want := d.NumTrain() - (d.NumTrain()+2)/3; h.Len() != want {
		t.Errorf("Len = %d, want %d", h.Len(), want)
	}
	for i := 0; i < d.NumTest(); i++ {
		res := h.Search(d.TestRow(i), 10)
		if len(res) != 10 {
			t.Fatalf("got %d results", len(res))
		}
		for _, n := range res {
			if n.ID%3 == 0 {
				t.Fatalf("deleted id %d returned", n.ID)
			}
		}
	}
	// The deleted id can be added again and is then found.
	if err := h.Add(0, d.TrainRow(0)); err != nil {
		t.Fatal(err)
	}
	if res := h.Search(d.TrainRow(0), 1); len(res) != 1 || res[0].ID != 0 {
		t.Errorf("re-added id not found first: %v", res)
	}
	if !h.Contains(0) || h.Contains(3) {
		t.Error("Contains disagrees with deletions")
	}
}

// TestHNSWConcurrentInsert inserts from several goroutines while others
// search; run it under -race. Every id must be present exactly once and
// the graph must still reach high recall.
func TestHNSWConcurrentInsert(t *testing.T) {
	n := 8000
	if testing.Short() || raceEnabled {
		n = 3000
	}
	// Not smallData: the race run must keep enough points to grow the
	// storage (initially 1024 nodes) while other goroutines insert.
	d := anndata.Clustered(anndata.ClusteredConfig{N: n, Queries: 50, Dim: 16, Clusters: 10, Seed: 6})
	h, _ := NewHNSW(HNSWConfig{Dim: d.Dim, Metric: d.Metric, M: 12, EfConstruction: 100, EfSearch: 64, Seed: 2})
	const writers = 4
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += writers {
				if err := h.Add(uint64(i), d.TrainRow(i)); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	done := make(chan struct{})
	var sg sync.WaitGroup
	sg.Add(1)
	go func() {
		defer sg.Done()
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			for _, r := range h.Search(d.TestRow(i%d.NumTest()), 5) {
				if r.ID >= uint64(n) {
					t.Errorf("search returned unknown id %d", r.ID)
				}
			}
			if i%50 == 0 {
				h.Delete(uint64(n + i)) // absent ids: exercises the lock paths
			}
		}
	}()
	wg.Wait()
	close(done)
	sg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if h.Len() != n {
		t.Fatalf("Len = %d, want %d", h.Len(), n)
	}
	for i := 0; i < n; i++ {
		if !h.Contains(uint64(i)) {
			t.Fatalf("id %d missing", i)
		}
	}
	r := recallAt(t, d, 10, func(q []float32) []Neighbor { return h.Search(q, 10) })
	t.Logf("recall@10 after concurrent build: %.4f", r)
	if r < 0.95 {
		t.Errorf("recall@10 = %.4f after concurrent build, want >= 0.95", r)
	}
}
