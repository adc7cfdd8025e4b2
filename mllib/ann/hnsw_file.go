package ann

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"

	"github.com/gokernel/gokernel/mllib/vec"
)

// MarshalBinary encodes the index in the file format of WriteTo. Adds and
// searches wait while it runs, so the encoding is a consistent snapshot.
func (h *HNSW) MarshalBinary() ([]byte, error) {
	h.growMu.Lock()
	defer h.growMu.Unlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	n := h.count
	e := encoder{b: make([]byte, 0, 64+n*(8+4+4*h.dim+4*(h.m0+1)))}
	e.u32(uint32(h.dim))
	e.u32(uint32(h.cfg.Metric))
	e.u32(uint32(h.m))
	e.u32(uint32(h.cfg.EfConstruction))
	e.u32(uint32(h.efSearch.Load()))
	e.u32(uint32(n))
	e.u64(h.cfg.Seed)
	e.u64(h.entry.Load())
	// The RNG state is saved so that adding to a loaded index continues
	// the same level sequence as adding to the original would.
	pcg, err := h.pcg.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("ann: HNSW marshal rng: %w", err)
	}
	e.u32(uint32(len(pcg)))
	e.b = append(e.b, pcg...)
	e.align()
	e.u64s(h.ids[:n])
	for i := 0; i < n; i++ {
		e.u32(uint32(h.levels[i]) | h.deleted[i]<<8)
	}
	e.f32s(h.vecs[:n*h.dim])
	e.u32s(h.links0[:n*(h.m0+1)])
	for i := 0; i < n; i++ {
		e.u32s(h.upper[i])
	}
	return append(makeHeader(kindHNSW, e.b), e.b...), nil
}

// WriteTo writes the index file format to w.
func (h *HNSW) WriteTo(w io.Writer) (int64, error) {
	b, err := h.MarshalBinary()
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(w, bytes.NewReader(b))
	if err != nil {
		return n, fmt.Errorf("ann: HNSW write: %w", err)
	}
	return n, nil
}

// LoadHNSW reads an HNSW index file.
func LoadHNSW(path string) (*HNSW, error) {
	idx, err := Load(path)
	if err != nil {
		return nil, err
	}
	h, ok := idx.(*HNSW)
	if !ok {
		return nil, fmt.Errorf("ann: load %s: file holds a %T, not an HNSW index", path, idx)
	}
	return h, nil
}

// UnmarshalBinary replaces h with the index encoded in data. Every count
// and link is validated, so corrupt input yields an error wrapping
// ErrCorrupt, never a panic or an index that could index out of range.
func (h *HNSW) UnmarshalBinary(data []byte) error {
	_, payload, err := parseFile(data, kindHNSW)
	if err != nil {
		return fmt.Errorf("ann: HNSW unmarshal: %w", err)
	}
	d := &decoder{b: payload}
	var cfg HNSWConfig
	cfg.Dim = int(d.u32("dim"))
	cfg.Metric = vec.Metric(d.u32("metric"))
	cfg.M = int(d.u32("M"))
	cfg.EfConstruction = int(d.u32("efConstruction"))
	cfg.EfSearch = int(d.u32("efSearch"))
	n := uint64(d.u32("count"))
	cfg.Seed = d.u64("seed")
	entry := d.u64("entry")
	pcgLen := uint64(d.u32("rng length"))
	pcg := d.bytes(pcgLen, 1, "rng state")
	d.align()
	if d.err != nil {
		return fmt.Errorf("ann: HNSW unmarshal: %w", d.err)
	}
	if cfg.Dim <= 0 || cfg.Dim > 1<<20 || !cfg.Metric.Valid() || cfg.M < 2 || cfg.M > 1024 ||
		cfg.EfConstruction < 1 || cfg.EfSearch < 1 {
		return fmt.Errorf("ann: HNSW unmarshal: %w: invalid parameters %+v", ErrCorrupt, cfg)
	}
	g := &HNSW{}
	g.init(cfg)
	if err := g.pcg.UnmarshalBinary(pcg); err != nil {
		return fmt.Errorf("ann: HNSW unmarshal: %w: rng state: %v", ErrCorrupt, err)
	}
	g.rng = rand.New(g.pcg)
	dim := uint64(cfg.Dim)
	// Check the sizes of the fixed arrays before allocating for them, so
	// a corrupt count cannot make us allocate terabytes.
	if need := n * (8 + 4 + 4*dim + 4*uint64(g.m0+1)); n > 1<<32 || need > uint64(len(payload)) {
		return fmt.Errorf("ann: HNSW unmarshal: %w: %d nodes do not fit in %d bytes", ErrCorrupt, n, len(payload))
	}
	g.growTo(max(int(n), 1))
	copy(g.ids, d.u64s(n, "ids", false))
	meta := d.u32s(n, "levels", false)
	copy(g.vecs, d.f32s(n*dim, "vectors", false))
	copy(g.links0, d.u32s(n*uint64(g.m0+1), "layer-0 links", false))
	if d.err != nil {
		return fmt.Errorf("ann: HNSW unmarshal: %w", d.err)
	}
	for i := range meta {
		lv, del := meta[i]&0xff, meta[i]>>8
		if lv > maxLevel || del > 1 {
			return fmt.Errorf("ann: HNSW unmarshal: %w: node %d has level %d, flags %d", ErrCorrupt, i, lv, del)
		}
		g.levels[i] = uint8(lv)
		g.deleted[i] = del
		if del != 0 {
			g.anyDeleted.Store(true)
		}
		if lv > 0 {
			g.upper[i] = d.u32s(uint64(lv)*uint64(g.m+1), "upper links", false)
		}
		if del == 0 {
			if _, dup := g.byID[g.ids[i]]; dup {
				return fmt.Errorf("ann: HNSW unmarshal: %w: id %d appears twice", ErrCorrupt, g.ids[i])
			}
			g.byID[g.ids[i]] = uint32(i)
			g.live++
		}
	}
	if d.err == nil && d.off != len(payload) {
		d.corrupt("%d unexpected bytes after the links", len(payload)-d.off)
	}
	if d.err != nil {
		return fmt.Errorf("ann: HNSW unmarshal: %w", d.err)
	}
	g.count = int(n)
	// Searches trust the links; check every one points at a node that
	// exists on that layer.
	for i := 0; i < g.count; i++ {
		for l := 0; l <= int(g.levels[i]); l++ {
			list := g.list(uint32(i), l)
			mmax := g.m
			if l == 0 {
				mmax = g.m0
			}
			if int(list[0]) > mmax {
				return fmt.Errorf("ann: HNSW unmarshal: %w: node %d layer %d has %d links", ErrCorrupt, i, l, list[0])
			}
			for _, c := range list[1 : 1+list[0]] {
				if uint64(c) >= n || int(g.levels[c]) < l {
					return fmt.Errorf("ann: HNSW unmarshal: %w: node %d layer %d links to invalid node %d", ErrCorrupt, i, l, c)
				}
			}
		}
	}
	if entry != emptyEntry {
		ep, top := entry&0xffffffff, entry>>32
		if ep >= n || top != uint64(g.levels[ep]) {
			return fmt.Errorf("ann: HNSW unmarshal: %w: invalid entry point", ErrCorrupt)
		}
	} else if n != 0 {
		return fmt.Errorf("ann: HNSW unmarshal: %w: nodes but no entry point", ErrCorrupt)
	}
	g.entry.Store(entry)
	h.replace(g)
	return nil
}

// replace moves g's state into h field by field: HNSW holds locks and
// atomics, which must not be copied as a whole struct.
func (h *HNSW) replace(g *HNSW) {
	h.growMu.Lock()
	defer h.growMu.Unlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cfg, h.dim, h.m, h.m0, h.levelMul, h.prefetchLines = g.cfg, g.dim, g.m, g.m0, g.levelMul, g.prefetchLines
	h.efSearch.Store(g.efSearch.Load())
	h.capacity, h.vecs, h.links0, h.upper = g.capacity, g.vecs, g.links0, g.upper
	h.levels, h.ids, h.deleted, h.locks = g.levels, g.ids, g.deleted, g.locks
	h.count, h.live, h.byID, h.pcg, h.rng = g.count, g.live, g.byID, g.pcg, g.rng
	h.entry.Store(g.entry.Load())
	h.anyDeleted.Store(g.anyDeleted.Load())
	h.pool = sync.Pool{}
}
