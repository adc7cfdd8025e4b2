//go:build !amd64 || purego

package ann

func prefetchRows(vecs []float32, nodes []uint32, rowBytes, lines int) {}
func prefetchLinks(p *uint32, n int)                                   {}
