//go:build amd64 && !purego

package ann

// prefetchRows asks the CPU to start loading the first lines cache lines
// of each node's vector. The search collects a node's unvisited neighbours
// first and prefetches them all before computing any distance, so the
// memory loads overlap instead of each distance waiting for its own cache
// misses; on vectors that do not fit in cache this is most of a query's
// time. Go has no prefetch intrinsic, hence the assembly. lines must be >= 1.
//
//go:noescape
func prefetchRows(vecs []float32, nodes []uint32, rowBytes, lines int)

// prefetchLinks asks the CPU to start loading the cache lines of p[0:n],
// n >= 1: a node's neighbour list, when the node becomes a candidate, so
// that the list is in cache when the search expands the node.
//
//go:noescape
func prefetchLinks(p *uint32, n int)
