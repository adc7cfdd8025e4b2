// Package vec owns dense float32 vector arithmetic for similarity search:
// dot products, cosine similarity, Euclidean distance, normalization, exact
// (brute-force) top-k search and batch similarity matrices.
//
// Vectors are plain []float32. Collections of n vectors of dimension dim are
// flat row-major slices of length n*dim, the layout the ann package stores
// and the one that keeps rows contiguous in memory.
//
// The distance kernels Dot and SquaredL2 run hand-written AVX-512 or
// AVX2+FMA assembly on amd64 CPUs that have it (detected once at start-up)
// and unrolled Go loops with eight independent accumulators elsewhere, or
// when built with the purego tag. Measured on 784-dim vectors (BenchmarkDot*
// in distance_test.go): AVX2 ~55-70 ns, gonum's SSE blas32.Dot ~115 ns, the
// unrolled Go loop ~400 ns; AVX-512 (BenchmarkKernels) ~0.6x AVX2's time.
// blas32 also has no squared-L2 kernel, and computing it as |a|²+|b|²-2a·b
// loses precision for near neighbours, so blas32 is used only for matrix
// products (Similarities), where its blocking pays off.
//
// SquaredL2Rows and DotRows compute one query's distances to a list of rows
// of a matrix, four (AVX-512) or two (AVX2) rows per pass, with the same
// results bit for bit as SquaredL2 and Dot. When the rows are scattered
// through a matrix larger than the cache, as in an index search, the rows'
// cache misses then overlap: BenchmarkRows (8 rows scattered through 64
// MiB) measures 0.64-0.67x the time of a loop over SquaredL2.
package vec
