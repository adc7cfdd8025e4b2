package ann

import (
	"slices"
	"sync/atomic"

	"github.com/gokernel/gokernel/mllib/vec"
)

type candidate struct {
	dist float32
	node uint32
}

func sortCandidates(c []candidate) {
	slices.SortFunc(c, func(a, b candidate) int {
		switch {
		case a.dist < b.dist:
			return -1
		case a.dist > b.dist:
			return 1
		}
		return int(a.node) - int(b.node)
	})
}

// searchState is the per-search scratch space, reused through a sync.Pool
// so a query allocates nothing but its result. The visited set is an array
// of generation stamps: a node is visited when its stamp equals the current
// generation, and starting a new search is one increment instead of
// clearing the array or allocating a map.
type searchState struct {
	visited []uint32
	gen     uint32
	cands   minHeap
	top     maxHeap
	out     []candidate
	sel     []candidate
	links   []candidate
	batch   []uint32
	dists   []float32
	prune   []candidate
	q       []float32
}

func (h *HNSW) getState() *searchState {
	s, _ := h.pool.Get().(*searchState)
	if s == nil {
		s = &searchState{}
	}
	if len(s.visited) < h.capacity {
		s.visited = make([]uint32, h.capacity)
		s.gen = 0
	}
	s.gen++
	if s.gen == 0 { // wrapped: stale stamps could equal the new generation
		clear(s.visited)
		s.gen = 1
	}
	return s
}

// greedy walks layer l from cur to a local minimum of the distance to q.
func (h *HNSW) greedy(s *searchState, q []float32, cur uint32, curDist float32, l int) (uint32, float32) {
	for changed := true; changed; {
		changed = false
		list := h.list(cur, l)
		n := atomic.LoadUint32(&list[0])
		nb := s.batch[:0]
		for i := uint32(1); i <= n; i++ {
			nb = append(nb, atomic.LoadUint32(&list[i]))
		}
		s.batch = nb
		for i, d := range h.distances(s, q, nb) {
			if d < curDist {
				cur, curDist, changed = nb[i], d, true
			}
		}
	}
	return cur, curDist
}

// distances returns the distances from q to nodes, in s.dists. The
// multi-row kernels overlap the nodes' cache misses, which are most of a
// search's time once the vectors outgrow the cache.
func (h *HNSW) distances(s *searchState, q []float32, nodes []uint32) []float32 {
	ds := slices.Grow(s.dists[:0], len(nodes))[:len(nodes)]
	s.dists = ds
	if h.cfg.Metric == vec.L2 {
		vec.SquaredL2Rows(ds, q, h.vecs, nodes)
		return ds
	}
	vec.DotRows(ds, q, h.vecs, nodes)
	for i, d := range ds {
		ds[i] = 1 - d
	}
	return ds
}

// searchLayer is the paper's Algorithm 2: a best-first search on layer l
// keeping the ef nearest nodes found. With skipDeleted, deleted nodes are
// traversed but kept out of the result, as hnswlib does, so deletions do
// not cut the graph. The result is sorted nearest first and aliases s.out.
func (h *HNSW) searchLayer(s *searchState, q []float32, ep uint32, epDist float32, ef, l int, skipDeleted bool) []candidate {
	s.cands = s.cands[:0]
	s.top = s.top[:0]
	visited, gen := s.visited, s.gen
	visited[ep] = gen
	s.cands.push(candidate{epDist, ep})
	bound := float32(3.4e38)
	if !skipDeleted || atomic.LoadUint32(&h.deleted[ep]) == 0 {
		s.top.push(candidate{epDist, ep})
		bound = epDist
	}
	for len(s.cands) > 0 {
		c := s.cands.pop()
		if c.dist > bound && len(s.top) >= ef {
			break
		}
		var list []uint32
		if l == 0 {
			o := int(c.node) * (h.m0 + 1)
			list = h.links0[o : o+h.m0+1 : o+h.m0+1]
		} else {
			list = h.list(c.node, l)
		}
		n := atomic.LoadUint32(&list[0])
		batch := s.batch[:0]
		for i := uint32(1); i <= n; i++ {
			e := atomic.LoadUint32(&list[i])
			if visited[e] == gen {
				continue
			}
			visited[e] = gen
			batch = append(batch, e)
		}
		s.batch = batch
		prefetchRows(h.vecs, batch, 4*h.dim, h.prefetchLines)
		for j, d := range h.distances(s, q, batch) {
			e := batch[j]
			if len(s.top) < ef || d < bound {
				s.cands.push(candidate{d, e})
				if l == 0 {
					// Its links are read when it is expanded,
					// usually soon: start loading them now.
					prefetchLinks(&h.links0[int(e)*(h.m0+1)], h.m0+1)
				}
				if !skipDeleted || atomic.LoadUint32(&h.deleted[e]) == 0 {
					if len(s.top) < ef {
						s.top.push(candidate{d, e})
					} else {
						s.top.replaceTop(candidate{d, e})
					}
				}
				if len(s.top) > 0 {
					bound = s.top[0].dist
				}
			}
		}
	}
	out := s.out[:0]
	for len(s.top) > 0 {
		out = append(out, s.top.pop())
	}
	slices.Reverse(out)
	s.out = out
	return out
}

// Search returns the k nearest neighbours of q using the index's EfSearch.
func (h *HNSW) Search(q []float32, k int) []Neighbor {
	return h.SearchEf(q, k, int(h.efSearch.Load()))
}

// SearchEf is Search with an explicit candidate list size ef (raised to k
// if smaller): larger ef is slower and more accurate.
func (h *HNSW) SearchEf(q []float32, k, ef int) []Neighbor {
	if len(q) != h.dim {
		panic("ann: HNSW search: query dimension differs from the index")
	}
	if k <= 0 {
		return nil
	}
	ef = max(ef, k)
	h.growMu.RLock()
	defer h.growMu.RUnlock()
	e := h.entry.Load()
	if e == emptyEntry {
		return nil
	}
	s := h.getState()
	defer h.pool.Put(s)
	if h.cfg.Metric == vec.Cosine {
		s.q = append(s.q[:0], q...)
		vec.Normalize(s.q)
		q = s.q
	}
	cur, top := uint32(e), int(e>>32)
	curDist := h.distTo(q, cur)
	for l := top; l > 0; l-- {
		cur, curDist = h.greedy(s, q, cur, curDist, l)
	}
	// Until something is deleted there is nothing to skip, and not
	// reading the flags saves a cache miss per neighbour.
	res := h.searchLayer(s, q, cur, curDist, ef, 0, h.anyDeleted.Load())
	if len(res) > k {
		res = res[:k]
	}
	out := make([]Neighbor, len(res))
	for i, c := range res {
		out[i] = Neighbor{ID: h.ids[c.node], Distance: c.dist}
	}
	return out
}

// minHeap and maxHeap are hand-written binary heaps over candidate: the
// container/heap interface calls cost a third of the search time.
type minHeap []candidate

func (h *minHeap) push(c candidate) {
	a := append(*h, c)
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].dist <= c.dist {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = c
	*h = a
}

func (h *minHeap) pop() candidate {
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
		if c+1 < n && a[c+1].dist < a[c].dist {
			c++
		}
		if last.dist <= a[c].dist {
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

type maxHeap []candidate

// replaceTop swaps the farthest element for c, one sift instead of the
// push and pop it replaces.
func (h maxHeap) replaceTop(c candidate) {
	n := len(h)
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if l+1 < n && h[l+1].dist > h[l].dist {
			l++
		}
		if c.dist >= h[l].dist {
			break
		}
		h[i] = h[l]
		i = l
	}
	h[i] = c
}

func (h *maxHeap) push(c candidate) {
	a := append(*h, c)
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].dist >= c.dist {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = c
	*h = a
}

func (h *maxHeap) pop() candidate {
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
		if c+1 < n && a[c+1].dist > a[c].dist {
			c++
		}
		if last.dist >= a[c].dist {
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
