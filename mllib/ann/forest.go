package ann

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/gokernel/gokernel/internal/interrupt"
	"github.com/gokernel/gokernel/mllib/vec"
)

// ForestConfig holds the parameters of a Forest. Zero fields take the
// defaults noted; Dim is required.
type ForestConfig struct {
	Dim    int
	Metric vec.Metric
	// Trees is the number of random-projection trees built; more trees
	// give higher recall for a larger index. Default 50.
	Trees int
	// LeafSize is the most items a leaf holds. Default max(32, Dim),
	// which keeps the split planes (Dim floats each) from outweighing the
	// items, the same trade Annoy makes.
	LeafSize int
	// SearchK is the default number of candidate items Search inspects;
	// 0 means Trees*k*10 for a search for k neighbours.
	SearchK int
	// Seed makes Build deterministic: tree t uses a generator seeded from
	// Seed and t, whatever the number of goroutines building.
	Seed uint64
}

// Forest is an Annoy-style forest of random-projection trees. Items are
// added, then Build makes the index immutable and searchable; a built
// Forest is safe for concurrent Search. Before Build, Search scans all
// items exactly.
//
// A Forest saved with Save or WriteTo can be opened with OpenForest, which
// memory-maps the file read-only: the vectors and trees are used in place,
// so several processes serving the same index share one copy in the page
// cache and opening it costs no parse.
type Forest struct {
	cfg ForestConfig
	dim int

	mu      sync.Mutex // guards adds; a built forest is read-only
	built   bool
	ids     []uint64
	vecs    []float32 // len(ids)*dim; normalized for cosine
	roots   []uint32
	nodes   []uint32  // 4 per node, see the node constants
	planes  []float32 // (dim+1) per split: normal, then offset
	leaves  []uint32  // item indices, referenced by leaf nodes
	mapping []byte    // the memory-mapped file, if opened with OpenForest

	pool sync.Pool // *forestState
}

// A node is 4 uint32s: {kind, a, b, c}. For a split node a and b are the
// child node indices (below and above the plane) and c is the plane index;
// for a leaf a is the first item's offset in leaves and b the item count.
const (
	nodeLeaf  = 0
	nodeSplit = 1
)

// NewForest returns an empty forest.
func NewForest(cfg ForestConfig) (*Forest, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	return &Forest{cfg: cfg, dim: cfg.Dim}, nil
}

func (cfg *ForestConfig) fill() error {
	if cfg.Dim <= 0 || cfg.Dim > 1<<20 {
		return fmt.Errorf("ann: Forest dimension must be in [1, 2^20], got %d", cfg.Dim)
	}
	if !cfg.Metric.Valid() {
		return fmt.Errorf("ann: invalid metric %v", cfg.Metric)
	}
	if cfg.Trees == 0 {
		cfg.Trees = 50
	}
	if cfg.LeafSize == 0 {
		cfg.LeafSize = max(32, cfg.Dim)
	}
	if cfg.Trees < 1 || cfg.LeafSize < 2 || cfg.SearchK < 0 {
		return fmt.Errorf("ann: Forest needs Trees >= 1, LeafSize >= 2, SearchK >= 0; got %+v", *cfg)
	}
	return nil
}

// Config returns the forest parameters with defaults filled in.
func (f *Forest) Config() ForestConfig { return f.cfg }

// Dim returns the vector dimension.
func (f *Forest) Dim() int { return f.dim }

// Len returns the number of items.
func (f *Forest) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.ids)
}

// Add appends an item. It fails once the forest is built: trees are built
// over a fixed item set, as in Annoy.
func (f *Forest) Add(id uint64, v []float32) error {
	if len(v) != f.dim {
		return fmt.Errorf("ann: Forest add id %d: vector has %d dims, index has %d", id, len(v), f.dim)
	}
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("ann: Forest add id %d: vector has a NaN or Inf component", id)
		}
	}
	if f.cfg.Metric == vec.Cosine && vec.Norm(v) == 0 {
		return fmt.Errorf("ann: Forest add id %d: zero vector has no cosine direction", id)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.built {
		return fmt.Errorf("ann: Forest add id %d: forest is built and read-only", id)
	}
	if uint64(len(f.ids)) >= math.MaxUint32-1 {
		return fmt.Errorf("ann: Forest add id %d: forest is full", id)
	}
	f.ids = append(f.ids, id)
	n := len(f.vecs)
	f.vecs = append(f.vecs, v...)
	if f.cfg.Metric == vec.Cosine {
		vec.Normalize(f.vecs[n:])
	}
	return nil
}

// Built reports whether Build has run.
func (f *Forest) Built() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.built
}

// Build builds the trees, in parallel over the cores, and makes the forest
// read-only. It is BuildContext with context.Background(); in a gokernel
// notebook, interrupting the cell stops it all the same.
func (f *Forest) Build() error {
	return f.BuildContext(context.Background())
}

// BuildContext builds the trees, in parallel over the cores, and makes the
// forest read-only. When ctx is cancelled (or a gokernel notebook cell is
// interrupted) it stops within milliseconds with ctx's error (its
// context.Cause), wrapped, and leaves the forest as it was: unbuilt, open to
// more Adds and to another build.
func (f *Forest) BuildContext(ctx context.Context) error {
	ctx, release := interrupt.With(ctx)
	defer release()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.built {
		return fmt.Errorf("ann: Forest build: already built")
	}
	n := len(f.ids)
	if n == 0 {
		return fmt.Errorf("ann: Forest build: no items")
	}
	trees := make([]treeBuild, f.cfg.Trees)
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				t := int(next.Add(1) - 1)
				if t >= len(trees) {
					return
				}
				trees[t] = f.buildTree(ctx, t)
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return fmt.Errorf("ann: Forest build: %w", context.Cause(ctx))
	}
	// Concatenate in tree order so the result is independent of which
	// goroutine built which tree.
	for _, t := range trees {
		nodeBase, planeBase, leafBase := uint32(len(f.nodes)/4), uint32(len(f.planes)/(f.dim+1)), uint32(len(f.leaves))
		f.roots = append(f.roots, nodeBase)
		for i := 0; i < len(t.nodes); i += 4 {
			nd := t.nodes[i : i+4]
			if nd[0] == nodeSplit {
				f.nodes = append(f.nodes, nodeSplit, nd[1]+nodeBase, nd[2]+nodeBase, nd[3]+planeBase)
			} else {
				f.nodes = append(f.nodes, nodeLeaf, nd[1]+leafBase, nd[2], 0)
			}
		}
		f.planes = append(f.planes, t.planes...)
		f.leaves = append(f.leaves, t.leaves...)
	}
	f.built = true
	return nil
}

type treeBuild struct {
	nodes  []uint32
	planes []float32
	leaves []uint32
	// ctx stops the build. It is checked once per split, not per item: a
	// split costs a few hundred distance computations at the bottom of a
	// tree and one per item of the node above that.
	ctx context.Context
}

// buildTree builds tree t. Once ctx is cancelled it returns an unfinished
// tree, which the caller throws away.
func (f *Forest) buildTree(ctx context.Context, t int) treeBuild {
	rng := rand.New(rand.NewPCG(f.cfg.Seed, uint64(t)*0x9e3779b97f4a7c15+1))
	items := make([]uint32, len(f.ids))
	for i := range items {
		items[i] = uint32(i)
	}
	b := treeBuild{ctx: ctx}
	f.split(&b, rng, items)
	return b
}

func (f *Forest) item(i uint32) []float32 {
	o := int(i) * f.dim
	return f.vecs[o : o+f.dim : o+f.dim]
}

// split appends the subtree over items to b in pre-order and returns its
// root; pre-order puts every child after its parent, which the loader
// checks to rule out cycles in a corrupt file.
func (f *Forest) split(b *treeBuild, rng *rand.Rand, items []uint32) uint32 {
	me := uint32(len(b.nodes) / 4)
	if len(items) <= f.cfg.LeafSize || b.ctx.Err() != nil {
		b.nodes = append(b.nodes, nodeLeaf, uint32(len(b.leaves)), uint32(len(items)), 0)
		b.leaves = append(b.leaves, items...)
		return me
	}
	b.nodes = append(b.nodes, nodeSplit, 0, 0, 0)
	plane := make([]float32, f.dim+1)
	var lo, hi []uint32
	// Like Annoy, retry a plane that splits very unevenly, and fall back to
	// a random split: deep unbalanced trees cost time and recall.
	for attempt := 0; ; attempt++ {
		if attempt < 3 {
			f.twoMeansPlane(rng, items, plane)
		}
		lo, hi = lo[:0], hi[:0]
		for _, it := range items {
			var side bool
			if attempt < 3 {
				side = margin(plane, f.item(it)) > 0
			} else {
				side = rng.IntN(2) == 1
			}
			if side {
				hi = append(hi, it)
			} else {
				lo = append(lo, it)
			}
		}
		small := min(len(lo), len(hi))
		if float64(small) >= 0.05*float64(len(items)) && small > 0 {
			break
		}
		if attempt >= 3 && small > 0 {
			// Random sides: a zero plane sends the search down both.
			clear(plane)
			break
		}
	}
	pi := uint32(len(b.planes) / (f.dim + 1))
	b.planes = append(b.planes, plane...)
	// Children must not share the items slice: lo and hi were built into
	// fresh slices, and the recursion owns them.
	l := f.split(b, rng, lo)
	h := f.split(b, rng, hi)
	b.nodes[4*me+1], b.nodes[4*me+2], b.nodes[4*me+3] = l, h, pi
	return me
}

// twoMeansPlane picks the hyperplane between two centroids found by a few
// rounds of 2-means over a sample, Annoy's method: it follows the data's
// spread better than the plane between two random points.
func (f *Forest) twoMeansPlane(rng *rand.Rand, items []uint32, plane []float32) {
	dim := f.dim
	i := rng.IntN(len(items))
	j := rng.IntN(len(items) - 1)
	if j >= i {
		j++
	}
	p := append([]float32(nil), f.item(items[i])...)
	q := append([]float32(nil), f.item(items[j])...)
	np, nq := 1, 1
	cos := f.cfg.Metric == vec.Cosine
	for step := 0; step < 200; step++ {
		v := f.item(items[rng.IntN(len(items))])
		dp := float32(np) * dist(f.cfg.Metric, p, v)
		dq := float32(nq) * dist(f.cfg.Metric, q, v)
		if dp < dq {
			for k := range p {
				p[k] = (p[k]*float32(np) + v[k]) / float32(np+1)
			}
			np++
		} else if dq < dp {
			for k := range q {
				q[k] = (q[k]*float32(nq) + v[k]) / float32(nq+1)
			}
			nq++
		}
	}
	if cos {
		vec.Normalize(p)
		vec.Normalize(q)
	}
	var off float32
	for k := 0; k < dim; k++ {
		plane[k] = p[k] - q[k]
	}
	vec.Normalize(plane[:dim])
	if !cos {
		// Through the midpoint; cosine planes go through the origin,
		// because only direction matters.
		for k := 0; k < dim; k++ {
			off -= plane[k] * (p[k] + q[k]) / 2
		}
	}
	plane[dim] = off
}

func margin(plane, v []float32) float32 {
	dim := len(v)
	return vec.Dot(plane[:dim], v) + plane[dim]
}

func dist(m vec.Metric, a, b []float32) float32 {
	if m == vec.L2 {
		return vec.SquaredL2(a, b)
	}
	return 1 - vec.Dot(a, b)
}
