// Package vec owns dense float32 vector arithmetic for similarity search:
// dot products, cosine similarity, Euclidean distance, normalization, exact
// (brute-force) top-k search and batch similarity matrices.
//
// Vectors are plain []float32. Collections of n vectors of dimension dim are
// flat row-major slices of length n*dim, the layout the ann package stores
// and the one that keeps rows contiguous in memory.
//
// The distance kernels Dot and SquaredL2 run hand-written AVX2+FMA assembly
// on amd64 CPUs that have it (detected once at start-up) and unrolled Go
// loops with eight independent accumulators elsewhere, or when built with
// the purego tag. Measured on 784-dim vectors (BenchmarkDot* in
// distance_test.go): AVX2 ~55-70 ns, gonum's SSE blas32.Dot ~115 ns, the
// unrolled Go loop ~400 ns. blas32 also has no squared-L2 kernel, and
// computing it as |a|²+|b|²-2a·b loses precision for near neighbours, so
// blas32 is used only for matrix products (Similarities), where its
// blocking pays off.
package vec
