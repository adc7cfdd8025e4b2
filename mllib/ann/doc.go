// Package ann owns approximate nearest-neighbour search over float32
// vectors: the Index interface, an HNSW graph (Malkov and Yashunin, 2016)
// for fast, high-recall, incrementally built indexes, and an Annoy-style
// Forest of random-projection trees whose saved file can be memory-mapped
// read-only and shared between processes.
//
// Distances follow package vec: smaller is closer; cosine distance is
// 1 - cos, L2 is the squared Euclidean distance, inner product is 1 - a·b.
//
// Both indexes save to a versioned binary format (see file.go) with a CRC-32C
// checksum, so a corrupt or truncated file is reported as an error wrapping
// ErrCorrupt rather than producing wrong answers or a panic. Both implement
// encoding.BinaryMarshaler and encoding.BinaryUnmarshaler with the same
// bytes, so notebook snapshots can store them.
package ann
