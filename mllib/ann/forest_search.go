package ann

import (
	"slices"

	"github.com/gokernel/gokernel/mllib/vec"
)

type forestState struct {
	seen  []uint32 // generation stamps, as in the HNSW search
	gen   uint32
	queue nodeQueue
	cands []uint32
	dists []float32
	top   maxHeap
	q     []float32
}

// Search returns the k nearest neighbours of q, inspecting the configured
// SearchK candidates (Trees*k*10 when zero).
func (f *Forest) Search(q []float32, k int) []Neighbor {
	return f.SearchK(q, k, f.cfg.SearchK)
}

// SearchK is Search inspecting about searchK candidate items: the queue
// walks all trees at once, best margin first, until it has collected that
// many leaf items, which are then ranked by exact distance. searchK <= 0
// means Trees*k*10.
func (f *Forest) SearchK(q []float32, k, searchK int) []Neighbor {
	if len(q) != f.dim {
		panic("ann: Forest search: query dimension differs from the index")
	}
	if k <= 0 {
		return nil
	}
	if searchK <= 0 {
		searchK = f.cfg.Trees * k * 10
	}
	f.mu.Lock()
	built, n := f.built, len(f.ids)
	f.mu.Unlock()
	if n == 0 {
		return nil
	}
	s, _ := f.pool.Get().(*forestState)
	if s == nil {
		s = &forestState{}
	}
	defer f.pool.Put(s)
	if f.cfg.Metric == vec.Cosine {
		s.q = append(s.q[:0], q...)
		vec.Normalize(s.q)
		q = s.q
	}
	if !built {
		// Exact scan under the lock, since Add may be appending.
		f.mu.Lock()
		hits := vec.TopK(f.vecs, f.dim, q, k, f.cfg.Metric)
		out := make([]Neighbor, len(hits))
		for i, h := range hits {
			out[i] = Neighbor{f.ids[h.Index], h.Distance}
		}
		f.mu.Unlock()
		return out
	}
	if len(s.seen) < n {
		s.seen = make([]uint32, n)
		s.gen = 0
	}
	s.gen++
	if s.gen == 0 {
		clear(s.seen)
		s.gen = 1
	}
	s.queue = s.queue[:0]
	for _, r := range f.roots {
		s.queue.push(qitem{float32(3.4e38), r})
	}
	s.cands = s.cands[:0]
	dim := f.dim
	for len(s.cands) < searchK && len(s.queue) > 0 {
		it := s.queue.pop()
		nd := f.nodes[4*it.node : 4*it.node+4]
		if nd[0] == nodeLeaf {
			for _, c := range f.leaves[nd[1] : nd[1]+nd[2]] {
				if s.seen[c] != s.gen {
					s.seen[c] = s.gen
					s.cands = append(s.cands, c)
				}
			}
			continue
		}
		p := int(nd[3]) * (dim + 1)
		m := margin(f.planes[p:p+dim+1], q)
		s.queue.push(qitem{min(it.pri, m), nd[2]})
		s.queue.push(qitem{min(it.pri, -m), nd[1]})
	}
	// Candidates are scattered over the item array: the multi-row
	// kernels overlap their cache misses, and the head of each vector of
	// the next block is prefetched while this one is computed.
	const block = 64
	lines := prefetchLinesFor(dim)
	cands := s.cands
	ds := slices.Grow(s.dists[:0], len(cands))[:len(cands)]
	s.dists = ds
	prefetchRows(f.vecs, cands[:min(block, len(cands))], 4*dim, lines)
	for i := 0; i < len(cands); i += block {
		end := min(i+block, len(cands))
		if end < len(cands) {
			prefetchRows(f.vecs, cands[end:min(end+block, len(cands))], 4*dim, lines)
		}
		if f.cfg.Metric == vec.L2 {
			vec.SquaredL2Rows(ds[i:end], q, f.vecs, cands[i:end])
		} else {
			vec.DotRows(ds[i:end], q, f.vecs, cands[i:end])
			for j := i; j < end; j++ {
				ds[j] = 1 - ds[j]
			}
		}
	}
	s.top = s.top[:0]
	for i, d := range ds {
		if len(s.top) < k {
			s.top.push(candidate{d, cands[i]})
		} else if d < s.top[0].dist {
			s.top.replaceTop(candidate{d, cands[i]})
		}
	}
	out := make([]Neighbor, len(s.top))
	for i := len(out) - 1; i >= 0; i-- {
		c := s.top.pop()
		out[i] = Neighbor{f.ids[c.node], c.dist}
	}
	return out
}

type qitem struct {
	pri  float32
	node uint32
}

// nodeQueue is a max-heap on priority: the node whose region the query is
// deepest inside comes first.
type nodeQueue []qitem

func (h *nodeQueue) push(c qitem) {
	a := append(*h, c)
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].pri >= c.pri {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = c
	*h = a
}

func (h *nodeQueue) pop() qitem {
	a := *h
	top := a[0]
	last := a[len(a)-1]
	a = a[:len(a)-1]
	n := len(a)
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && a[c+1].pri > a[c].pri {
			c++
		}
		if last.pri >= a[c].pri {
			break
		}
		a[i] = a[c]
		i = c
	}
	if n > 0 {
		a[i] = last
	}
	*h = a
	return top
}
