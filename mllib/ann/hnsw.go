package ann

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/gokernel/gokernel/mllib/vec"
)

// HNSWConfig holds the parameters of an HNSW index. Zero fields take the
// defaults noted; Dim is required.
type HNSWConfig struct {
	Dim    int
	Metric vec.Metric
	// M is the number of links per node on the upper layers; layer 0 keeps
	// 2*M, as the paper recommends. Default 16.
	M int
	// EfConstruction is the candidate list size while inserting. Default 200.
	EfConstruction int
	// EfSearch is the default candidate list size for Search, raised to k
	// when smaller. Default 50.
	EfSearch int
	// Seed drives the random layer assignment; a single-threaded build
	// with the same seed and insertion order gives an identical graph.
	Seed uint64
}

// HNSW is a hierarchical navigable small world graph index.
//
// Add, Delete and Search are safe for concurrent use. Storage is flat: all
// vectors in one []float32, all layer-0 neighbour lists in one []uint32,
// so a search touches few cache lines and the garbage collector sees a
// handful of large objects instead of millions of small ones.
type HNSW struct {
	cfg      HNSWConfig
	dim      int
	m, m0    int
	levelMul float64
	efSearch atomic.Int64
	// prefetchLines is how many cache lines of a vector the search
	// prefetches: see prefetchLinesFor.
	prefetchLines int

	// growMu is held shared by every Add and Search and exclusively only
	// while the storage below is reallocated to a larger capacity, so the
	// slices never change under a running operation.
	growMu   sync.RWMutex
	capacity int
	vecs     []float32  // capacity*dim; cosine vectors are stored normalized
	links0   []uint32   // capacity*(m0+1): a count, then up to m0 neighbours
	upper    [][]uint32 // per node: level*(m+1) for layers 1..level
	levels   []uint8
	ids      []uint64
	deleted  []uint32 // 1 when marked deleted; read atomically
	locks    []uint32 // per-node spin locks guarding writes to its lists
	// anyDeleted is set by the first Delete and never cleared: until
	// then searches skip reading deleted, a cache miss per neighbour.
	anyDeleted atomic.Bool

	// mu guards node allocation, the id map, the RNG and the live count.
	mu    sync.Mutex
	count int
	live  int
	byID  map[uint64]uint32
	pcg   *rand.PCG
	rng   *rand.Rand

	// entry packs the entry node (low 32 bits) and the top layer (high 32
	// bits) so searches read both in one atomic load; emptyEntry when the
	// graph has no nodes. epMu serialises insertions that raise the top
	// layer, which must hold it for their whole insertion.
	entry atomic.Uint64
	epMu  sync.Mutex

	pool sync.Pool // *searchState
}

const (
	emptyEntry = math.MaxUint64
	maxLevel   = 32
)

// NewHNSW returns an empty index.
func NewHNSW(cfg HNSWConfig) (*HNSW, error) {
	if cfg.Dim <= 0 {
		return nil, fmt.Errorf("ann: HNSW dimension must be positive, got %d", cfg.Dim)
	}
	if !cfg.Metric.Valid() {
		return nil, fmt.Errorf("ann: invalid metric %v", cfg.Metric)
	}
	if cfg.M == 0 {
		cfg.M = 16
	}
	if cfg.M < 2 || cfg.M > 1024 {
		return nil, fmt.Errorf("ann: HNSW M must be in [2, 1024], got %d", cfg.M)
	}
	if cfg.EfConstruction == 0 {
		cfg.EfConstruction = 200
	}
	if cfg.EfSearch == 0 {
		cfg.EfSearch = 50
	}
	if cfg.EfConstruction < 1 || cfg.EfSearch < 1 {
		return nil, fmt.Errorf("ann: HNSW ef values must be positive")
	}
	h := &HNSW{}
	h.init(cfg)
	return h, nil
}

func (h *HNSW) init(cfg HNSWConfig) {
	h.cfg = cfg
	h.dim = cfg.Dim
	h.m = cfg.M
	h.m0 = 2 * cfg.M
	h.levelMul = 1 / math.Log(float64(cfg.M))
	h.prefetchLines = prefetchLinesFor(cfg.Dim)
	h.efSearch.Store(int64(cfg.EfSearch))
	h.byID = make(map[uint64]uint32)
	h.pcg = rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)
	h.rng = rand.New(h.pcg)
	h.entry.Store(emptyEntry)
}

// Config returns the index parameters, with defaults filled in and EfSearch
// as currently set.
func (h *HNSW) Config() HNSWConfig {
	c := h.cfg
	c.EfSearch = int(h.efSearch.Load())
	return c
}

// SetEfSearch sets the default candidate list size used by Search.
func (h *HNSW) SetEfSearch(ef int) {
	if ef < 1 {
		panic("ann: SetEfSearch with ef < 1")
	}
	h.efSearch.Store(int64(ef))
}

// Dim returns the vector dimension.
func (h *HNSW) Dim() int { return h.dim }

// Len returns the number of vectors added and not deleted.
func (h *HNSW) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.live
}

// randomLevel draws a layer from the paper's exponential distribution,
// floor(-ln(U) * 1/ln(M)), so each layer holds about 1/M of the one below.
func (h *HNSW) randomLevel() int {
	u := 1 - h.rng.Float64() // (0, 1]: ln(0) would be infinite
	l := int(-math.Log(u) * h.levelMul)
	return min(l, maxLevel)
}

// grow raises the capacity to at least atLeast, doubling to amortize the
// copies. Called without growMu held.
func (h *HNSW) grow(atLeast int) {
	h.growMu.Lock()
	defer h.growMu.Unlock()
	// The capacity is read under the lock: another Add may be growing
	// it, and may already have grown it enough.
	if h.capacity >= atLeast {
		return
	}
	// The first allocation is ~1024 nodes, fewer for very wide vectors so
	// an almost empty index stays small.
	h.resize(max(atLeast, h.capacity*2, min(1024, max(16, (1<<20)/h.dim))))
}

// growTo sets the capacity to exactly c unless it is already that large.
func (h *HNSW) growTo(c int) {
	h.growMu.Lock()
	defer h.growMu.Unlock()
	if h.capacity >= c {
		return // another goroutine grew it first
	}
	h.resize(c)
}

// resize reallocates the storage for c > h.capacity nodes; growMu must be
// held exclusively.
func (h *HNSW) resize(c int) {
	h.vecs = append(make([]float32, 0, c*h.dim), h.vecs...)[:c*h.dim]
	h.links0 = append(make([]uint32, 0, c*(h.m0+1)), h.links0...)[:c*(h.m0+1)]
	h.upper = append(make([][]uint32, 0, c), h.upper...)[:c]
	h.levels = append(make([]uint8, 0, c), h.levels...)[:c]
	h.ids = append(make([]uint64, 0, c), h.ids...)[:c]
	h.deleted = append(make([]uint32, 0, c), h.deleted...)[:c]
	h.locks = append(make([]uint32, 0, c), h.locks...)[:c]
	h.capacity = c
}

// Reserve grows the storage to hold n nodes, so a known-size build does not
// pay for repeated doubling.
func (h *HNSW) Reserve(n int) { h.growTo(n) }

// Add inserts v under id. It returns ErrDuplicateID (wrapped) if id is
// present and not deleted; an id whose vector was deleted may be added
// again. For the cosine metric a zero vector is rejected: it has no
// direction to compare.
func (h *HNSW) Add(id uint64, v []float32) error {
	if len(v) != h.dim {
		return fmt.Errorf("ann: HNSW add id %d: vector has %d dims, index has %d", id, len(v), h.dim)
	}
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("ann: HNSW add id %d: vector has a NaN or Inf component", id)
		}
	}
	if h.cfg.Metric == vec.Cosine && vec.Norm(v) == 0 {
		return fmt.Errorf("ann: HNSW add id %d: zero vector has no cosine direction", id)
	}

	// Allocate a node, growing the storage first if it is full.
	var node uint32
	var level int
	for {
		h.growMu.RLock()
		h.mu.Lock()
		if old, ok := h.byID[id]; ok && atomic.LoadUint32(&h.deleted[old]) == 0 {
			h.mu.Unlock()
			h.growMu.RUnlock()
			return fmt.Errorf("ann: HNSW add id %d: %w", id, ErrDuplicateID)
		}
		if uint64(h.count) >= math.MaxUint32-1 {
			h.mu.Unlock()
			h.growMu.RUnlock()
			return fmt.Errorf("ann: HNSW add id %d: index is full (%d nodes)", id, h.count)
		}
		if h.count < h.capacity {
			break
		}
		c := h.count + 1
		h.mu.Unlock()
		h.growMu.RUnlock()
		h.grow(c)
	}
	defer h.growMu.RUnlock()
	node = uint32(h.count)
	h.count++
	h.live++
	h.byID[id] = node
	level = h.randomLevel()
	// The node's fields are written before any other goroutine can reach
	// it: it becomes reachable only through the atomic stores that link it
	// into a neighbour's list, which order these writes before the reads.
	dst := h.vecs[int(node)*h.dim : (int(node)+1)*h.dim]
	copy(dst, v)
	if h.cfg.Metric == vec.Cosine {
		vec.Normalize(dst)
	}
	h.ids[node] = id
	h.levels[node] = uint8(level)
	if level > 0 {
		h.upper[node] = make([]uint32, level*(h.m+1))
	}
	h.mu.Unlock()

	h.insert(node, level)
	return nil
}

func (h *HNSW) insert(node uint32, level int) {
	h.epMu.Lock()
	e := h.entry.Load()
	if e == emptyEntry {
		h.entry.Store(uint64(level)<<32 | uint64(node))
		h.epMu.Unlock()
		return
	}
	ep, top := uint32(e), int(e>>32)
	raising := level > top
	if !raising {
		h.epMu.Unlock()
	}

	s := h.getState()
	defer h.pool.Put(s)
	q := h.vector(node)
	cur := ep
	curDist := h.distTo(q, cur)
	for l := top; l > level; l-- {
		cur, curDist = h.greedy(s, q, cur, curDist, l)
	}
	for l := min(level, top); l >= 0; l-- {
		cands := h.searchLayer(s, q, cur, curDist, h.cfg.EfConstruction, l, false)
		// A concurrent insertion may already have linked this node on
		// layer l; it must not become its own neighbour.
		cands = slices.DeleteFunc(cands, func(c candidate) bool { return c.node == node })
		if len(cands) == 0 {
			continue
		}
		// cands is sorted nearest first; the nearest is the next layer's
		// entry, as in the paper.
		cur, curDist = cands[0].node, cands[0].dist
		mmax := h.m
		if l == 0 {
			mmax = h.m0
		}
		// link reuses the selection scratch space, so keep our own copy.
		sel := append(s.links[:0], h.selectNeighbors(cands, h.m, s)...)
		s.links = sel
		h.lock(node)
		list := h.list(node, l)
		for i, c := range sel {
			atomic.StoreUint32(&list[1+i], c.node)
		}
		atomic.StoreUint32(&list[0], uint32(len(sel)))
		h.unlock(node)
		for _, c := range sel {
			h.link(c.node, node, c.dist, l, mmax, s)
		}
	}
	if raising {
		h.entry.Store(uint64(level)<<32 | uint64(node))
		h.epMu.Unlock()
	}
}

// link adds node to from's list on layer l, re-selecting from's neighbours
// with the heuristic when the list is full.
func (h *HNSW) link(from, node uint32, d float32, l, mmax int, s *searchState) {
	h.lock(from)
	defer h.unlock(from)
	list := h.list(from, l)
	n := int(list[0])
	for i := 1; i <= n; i++ {
		if list[i] == node {
			return
		}
	}
	if n < mmax {
		atomic.StoreUint32(&list[1+n], node)
		atomic.StoreUint32(&list[0], uint32(n+1))
		return
	}
	fv := h.vector(from)
	cands := s.prune[:0]
	cands = append(cands, candidate{d, node})
	for i := 1; i <= n; i++ {
		c := list[i]
		cands = append(cands, candidate{h.distTo(fv, c), c})
	}
	sortCandidates(cands)
	s.prune = cands
	sel := h.selectNeighbors(cands, mmax, s)
	for i, c := range sel {
		atomic.StoreUint32(&list[1+i], c.node)
	}
	atomic.StoreUint32(&list[0], uint32(len(sel)))
}

// selectNeighbors is the paper's heuristic (Algorithm 4, without extending
// candidates or keeping pruned ones, as in hnswlib): walking candidates
// nearest first, keep one only if it is closer to the base than to every
// neighbour already kept. This spreads links in different directions, which
// is what keeps clustered data navigable. cands must be sorted nearest
// first. The result aliases scratch space in s.
func (h *HNSW) selectNeighbors(cands []candidate, m int, s *searchState) []candidate {
	if len(cands) <= m {
		return append(s.sel[:0], cands...)
	}
	sel := s.sel[:0]
	for _, c := range cands {
		if len(sel) >= m {
			break
		}
		cv := h.vector(c.node)
		good := true
		for _, r := range sel {
			if h.distTo(cv, r.node) < c.dist {
				good = false
				break
			}
		}
		if good {
			sel = append(sel, c)
		}
	}
	s.sel = sel
	return sel
}

// list returns node's neighbour list on layer l: element 0 is the count.
// Elements are read with atomic loads and written with atomic stores under
// the node's lock, so searches need no lock and the race detector agrees.
func (h *HNSW) list(node uint32, l int) []uint32 {
	if l == 0 {
		o := int(node) * (h.m0 + 1)
		return h.links0[o : o+h.m0+1 : o+h.m0+1]
	}
	o := (l - 1) * (h.m + 1)
	return h.upper[node][o : o+h.m+1 : o+h.m+1]
}

func (h *HNSW) lock(node uint32) {
	for !atomic.CompareAndSwapUint32(&h.locks[node], 0, 1) {
		runtime.Gosched()
	}
}

func (h *HNSW) unlock(node uint32) { atomic.StoreUint32(&h.locks[node], 0) }

func (h *HNSW) vector(node uint32) []float32 {
	o := int(node) * h.dim
	return h.vecs[o : o+h.dim : o+h.dim]
}

// distTo is the distance from q (already normalized for cosine) to a node.
func (h *HNSW) distTo(q []float32, node uint32) float32 {
	v := h.vector(node)
	if h.cfg.Metric == vec.L2 {
		return vec.SquaredL2(q, v)
	}
	return 1 - vec.Dot(q, v)
}

// Delete marks id deleted: it is skipped in results from then on but stays
// in the graph as a waypoint, so recall for the remaining vectors does not
// drop. It reports whether id was present.
func (h *HNSW) Delete(id uint64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	node, ok := h.byID[id]
	if !ok || atomic.LoadUint32(&h.deleted[node]) != 0 {
		return false
	}
	h.anyDeleted.Store(true)
	atomic.StoreUint32(&h.deleted[node], 1)
	h.live--
	return true
}

// Contains reports whether id is present and not deleted.
func (h *HNSW) Contains(id uint64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	node, ok := h.byID[id]
	return ok && atomic.LoadUint32(&h.deleted[node]) == 0
}
