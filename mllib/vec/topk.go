package vec

import (
	"container/heap"
	"context"
	"runtime"
	"sort"
	"sync"

	"github.com/gokernel/gokernel/internal/interrupt"
)

// Hit is one result of an exact search: the row index of a vector in the
// searched data and its distance to the query under the search metric.
type Hit struct {
	Index    int
	Distance float32
}

// TopK returns the k rows of data (n rows of dimension dim, row-major) that
// are closest to query under m, nearest first; ties are broken by the lower
// row index so the result is deterministic. It scans every row, splitting
// the rows across all cores, and is the ground truth the ann package's
// recall tests measure against.
func TopK(data []float32, dim int, query []float32, k int, m Metric) []Hit {
	checkFlat(data, dim)
	if len(query) != dim {
		panic("vec: TopK query length differs from dim")
	}
	n := len(data) / dim
	if k > n {
		k = n
	}
	if k <= 0 {
		return nil
	}
	q := prepareQuery(query, m)
	workers := runtime.GOMAXPROCS(0)
	// Small scans are not worth a goroutine each.
	if min := 4096; n < workers*min {
		workers = max(1, n/min)
	}
	parts := make([][]Hit, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Add(1)
		go func(w, lo, hi int) {
			defer wg.Done()
			parts[w] = scanRange(data, dim, q, lo, hi, k, m)
		}(w, lo, hi)
	}
	wg.Wait()
	all := parts[0]
	for _, p := range parts[1:] {
		all = append(all, p...)
	}
	sortHits(all)
	return all[:k]
}

// TopKBatch runs TopK for each of the len(queries)/dim queries. Queries
// are processed in blocks that share one pass over data, so each row is
// loaded from memory once per block rather than once per query (an exact
// scan is memory-bound once data outgrows the cache), and blocks are
// spread over the cores. It is TopKBatchContext with context.Background():
// in a gokernel notebook, interrupting the cell stops it, and it returns nil.
func TopKBatch(data []float32, dim int, queries []float32, k int, m Metric) [][]Hit {
	out, err := TopKBatchContext(context.Background(), data, dim, queries, k, m)
	if err != nil {
		return nil
	}
	return out
}

// TopKBatchContext is TopKBatch, stopping with ctx's error (its
// context.Cause) when ctx is cancelled or a gokernel notebook cell is
// interrupted; it checks every few thousand rows of data.
func TopKBatchContext(ctx context.Context, data []float32, dim int, queries []float32, k int, m Metric) ([][]Hit, error) {
	ctx, release := interrupt.With(ctx)
	defer release()
	checkFlat(data, dim)
	checkFlat(queries, dim)
	n := len(data) / dim
	nq := len(queries) / dim
	if k > n {
		k = n
	}
	out := make([][]Hit, nq)
	if k <= 0 {
		return out, nil
	}
	const block = 16
	var next sync.Mutex
	b := 0
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				next.Lock()
				lo := b
				b += block
				next.Unlock()
				if lo >= nq {
					return
				}
				hi := min(lo+block, nq)
				qs := make([][]float32, hi-lo)
				heaps := make([]hitHeap, hi-lo)
				for j := range qs {
					qs[j] = prepareQuery(queries[(lo+j)*dim:(lo+j+1)*dim], m)
					heaps[j] = make(hitHeap, 0, k)
				}
				for i0 := 0; i0 < n && ctx.Err() == nil; i0 += scanBlock {
					for i := i0; i < min(n, i0+scanBlock); i++ {
						row := data[i*dim : (i+1)*dim]
						var inv float32
						if m == Cosine {
							if nr := Norm(row); nr != 0 {
								inv = 1 / nr
							}
						}
						for j, q := range qs {
							offer(&heaps[j], Hit{i, rowDistance(m, q, row, inv)}, k)
						}
					}
				}
				for j := range heaps {
					sortHits(heaps[j])
					out[lo+j] = heaps[j]
				}
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	return out, nil
}

// scanBlock rows of data are scanned between two looks at the context: a
// few milliseconds of work for a block of queries, so a cancellation is
// noticed quickly and checking costs nothing measurable.
const scanBlock = 4096

// prepareQuery normalizes a copy of the query for cosine so the scan only
// needs to divide by the row norm.
func prepareQuery(q []float32, m Metric) []float32 {
	if m != Cosine {
		return q
	}
	c := append([]float32(nil), q...)
	Normalize(c)
	return c
}

// scanRange returns the (unsorted) k best rows in [lo, hi).
func scanRange(data []float32, dim int, q []float32, lo, hi, k int, m Metric) []Hit {
	h := make(hitHeap, 0, k)
	for i := lo; i < hi; i++ {
		row := data[i*dim : (i+1)*dim]
		var inv float32
		if m == Cosine {
			if nr := Norm(row); nr != 0 {
				inv = 1 / nr
			}
		}
		offer(&h, Hit{i, rowDistance(m, q, row, inv)}, k)
	}
	return h
}

// rowDistance is the distance from a prepared query (unit length for
// cosine) to a row; inv is 1/|row| for cosine, 0 for a zero row.
func rowDistance(m Metric, q, row []float32, inv float32) float32 {
	switch m {
	case Cosine:
		if inv == 0 {
			return 1
		}
		return 1 - Dot(q, row)*inv
	case L2:
		return SquaredL2(q, row)
	case InnerProduct:
		return 1 - Dot(q, row)
	}
	panic("vec: invalid metric")
}

// offer keeps h the k best hits seen.
func offer(h *hitHeap, x Hit, k int) {
	if len(*h) < k {
		heap.Push(h, x)
	} else if less(x, (*h)[0]) {
		(*h)[0] = x
		heap.Fix(h, 0)
	}
}

func less(a, b Hit) bool {
	if a.Distance != b.Distance {
		return a.Distance < b.Distance
	}
	return a.Index < b.Index
}

func sortHits(h []Hit) {
	sort.Slice(h, func(i, j int) bool { return less(h[i], h[j]) })
}

// hitHeap is a max-heap: the worst of the k best sits on top, ready to be
// replaced.
type hitHeap []Hit

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return less(h[j], h[i]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(Hit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
