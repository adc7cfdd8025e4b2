package ann

import (
	"bytes"
	"fmt"
	"io"

	"github.com/gokernel/gokernel/mllib/vec"
)

// MarshalBinary encodes the forest in the file format of WriteTo. Arrays
// are 8-byte aligned within the payload so OpenForest can use them in
// place.
func (f *Forest) MarshalBinary() ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.ids)
	e := encoder{b: make([]byte, 0, 64+n*(8+4*f.dim)+4*(len(f.nodes)+len(f.planes)+len(f.leaves)+len(f.roots)))}
	e.u32(uint32(f.dim))
	e.u32(uint32(f.cfg.Metric))
	e.u32(uint32(n))
	e.u32(uint32(f.cfg.Trees))
	e.u32(uint32(f.cfg.LeafSize))
	e.u32(uint32(f.cfg.SearchK))
	e.u64(f.cfg.Seed)
	e.u32(uint32(len(f.nodes) / 4))
	e.u32(uint32(len(f.planes) / (f.dim + 1)))
	e.u32(uint32(len(f.leaves)))
	built := uint32(0)
	if f.built {
		built = 1
	}
	e.u32(built)
	e.u32s(f.roots)
	e.align()
	e.u64s(f.ids)
	e.f32s(f.vecs)
	e.align()
	e.u32s(f.nodes)
	e.f32s(f.planes)
	e.align()
	e.u32s(f.leaves)
	e.align()
	return append(makeHeader(kindForest, e.b), e.b...), nil
}

// WriteTo writes the index file format to w.
func (f *Forest) WriteTo(w io.Writer) (int64, error) {
	b, err := f.MarshalBinary()
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(w, bytes.NewReader(b))
	if err != nil {
		return n, fmt.Errorf("ann: Forest write: %w", err)
	}
	return n, nil
}

// UnmarshalBinary replaces f with the forest encoded in data, copying what
// it needs: data may be reused afterwards.
func (f *Forest) UnmarshalBinary(data []byte) error {
	g, err := decodeForest(data, false)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cfg, f.dim, f.built = g.cfg, g.dim, g.built
	f.ids, f.vecs, f.roots, f.nodes, f.planes, f.leaves = g.ids, g.vecs, g.roots, g.nodes, g.planes, g.leaves
	return nil
}

// decodeForest parses and validates a forest file. With inPlace the arrays
// alias data where the host allows it (little-endian, aligned).
func decodeForest(data []byte, inPlace bool) (*Forest, error) {
	_, payload, err := parseFile(data, kindForest)
	if err != nil {
		return nil, fmt.Errorf("ann: Forest decode: %w", err)
	}
	d := &decoder{b: payload}
	var cfg ForestConfig
	cfg.Dim = int(d.u32("dim"))
	cfg.Metric = vec.Metric(d.u32("metric"))
	n := uint64(d.u32("item count"))
	cfg.Trees = int(d.u32("tree count"))
	cfg.LeafSize = int(d.u32("leaf size"))
	cfg.SearchK = int(int32(d.u32("search_k")))
	cfg.Seed = d.u64("seed")
	nNodes := uint64(d.u32("node count"))
	nPlanes := uint64(d.u32("plane count"))
	nLeaves := uint64(d.u32("leaf item count"))
	built := d.u32("built flag")
	if d.err != nil {
		return nil, fmt.Errorf("ann: Forest decode: %w", d.err)
	}
	if err := cfg.fill(); err != nil || built > 1 {
		return nil, fmt.Errorf("ann: Forest decode: %w: invalid parameters %+v", ErrCorrupt, cfg)
	}
	dim := uint64(cfg.Dim)
	nTrees := uint64(0)
	if built == 1 {
		nTrees = uint64(cfg.Trees)
	}
	f := &Forest{cfg: cfg, dim: cfg.Dim, built: built == 1}
	f.roots = d.u32s(nTrees, "roots", inPlace)
	d.align()
	f.ids = d.u64s(n, "ids", inPlace)
	f.vecs = d.f32s(n*dim, "vectors", inPlace)
	d.align()
	f.nodes = d.u32s(nNodes*4, "nodes", inPlace)
	f.planes = d.f32s(nPlanes*(dim+1), "planes", inPlace)
	d.align()
	f.leaves = d.u32s(nLeaves, "leaves", inPlace)
	d.align()
	if d.err == nil && d.off != len(payload) {
		d.corrupt("%d unexpected bytes after the leaves", len(payload)-d.off)
	}
	if d.err != nil {
		return nil, fmt.Errorf("ann: Forest decode: %w", d.err)
	}
	// Search trusts the trees; check every reference once here.
	bad := func(format string, args ...any) (*Forest, error) {
		return nil, fmt.Errorf("ann: Forest decode: %w: "+format, append([]any{ErrCorrupt}, args...)...)
	}
	if !f.built && (nNodes != 0 || nLeaves != 0 || nPlanes != 0) {
		return bad("unbuilt forest with trees")
	}
	for _, r := range f.roots {
		if uint64(r) >= nNodes {
			return bad("root %d out of range", r)
		}
	}
	for i := uint64(0); i < nNodes; i++ {
		nd := f.nodes[4*i : 4*i+4]
		switch nd[0] {
		case nodeSplit:
			// Children strictly after their parent rule out cycles.
			if uint64(nd[1]) <= i || uint64(nd[2]) <= i || uint64(nd[1]) >= nNodes || uint64(nd[2]) >= nNodes || uint64(nd[3]) >= nPlanes {
				return bad("split node %d has invalid references", i)
			}
		case nodeLeaf:
			if uint64(nd[1])+uint64(nd[2]) > nLeaves {
				return bad("leaf node %d out of range", i)
			}
		default:
			return bad("node %d has unknown kind %d", i, nd[0])
		}
	}
	for _, it := range f.leaves {
		if uint64(it) >= n {
			return bad("leaf item %d out of range", it)
		}
	}
	return f, nil
}

// LoadForest reads a forest file into memory.
func LoadForest(path string) (*Forest, error) {
	idx, err := Load(path)
	if err != nil {
		return nil, err
	}
	f, ok := idx.(*Forest)
	if !ok {
		return nil, fmt.Errorf("ann: load %s: file holds a %T, not a Forest", path, idx)
	}
	return f, nil
}

// OpenForest memory-maps a forest file read-only (on Linux; elsewhere it
// reads the file) and uses its arrays in place. The checksum is verified on
// open, which reads the file once. The forest must be built. Call Close
// when done; the Forest must not be used after.
func OpenForest(path string) (*Forest, error) {
	data, err := mapFile(path)
	if err != nil {
		return nil, fmt.Errorf("ann: open forest %s: %w", path, err)
	}
	f, err := decodeForest(data, true)
	if err == nil && !f.built {
		err = fmt.Errorf("ann: Forest decode: forest in file is not built")
	}
	if err != nil {
		unmapFile(data)
		return nil, fmt.Errorf("ann: open forest %s: %w", path, err)
	}
	f.mapping = data
	return f, nil
}

// Close releases the memory mapping of a forest from OpenForest; it is a
// no-op for other forests.
func (f *Forest) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.mapping == nil {
		return nil
	}
	m := f.mapping
	f.mapping = nil
	f.ids, f.vecs, f.roots, f.nodes, f.planes, f.leaves = nil, nil, nil, nil, nil, nil
	if err := unmapFile(m); err != nil {
		return fmt.Errorf("ann: close forest: %w", err)
	}
	return nil
}
