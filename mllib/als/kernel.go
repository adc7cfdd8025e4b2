package als

import "gonum.org/v1/gonum/blas/gonum"

// The inner loops of the solver are float32 dot products and axpys over
// factor vectors of length f (64 or 128 in practice), and above all the
// per-nonzero "dot then axpy" of the CG product Yᵀ(C-I)Y p. Measured with
// BenchmarkDot, BenchmarkAxpy and BenchmarkRow (best of 3 on the 2-core AMD
// EPYC test machine, which was shared with other jobs):
//
//	                    f=64      f=128
//	dot   Go unrolled   38 ns    123 ns
//	dot   gonum blas32  16 ns     25 ns
//	dot   AVX2          19 ns     16 ns
//	axpy  Go unrolled   41 ns     81 ns
//	axpy  gonum blas32  23 ns     23 ns
//	axpy  AVX2          12 ns     18 ns
//	per nonzero, blas32 dot+axpy   28 ns   38 ns
//	per nonzero, fused AVX2 row    11 ns   19 ns
//
// gonum's SSE assembly (reached through gonum.Implementation, skipping the
// blas32 package-level indirection) beats unrolled Go loops 2-5x, because the
// Go compiler does not vectorise. The fused AVX2+FMA row kernel in
// kernel_amd64.s, which walks a user's nonzeros two at a time in one call,
// halves the time per nonzero again, and that loop is ~70% of an iteration.
//
// The AVX-512 row kernel (rowAVX512, f a multiple of 16 up to 128) halves it
// once more. It keeps p and the running out in ZMM registers for the whole
// row (16 of the 32 at f=128), so out is loaded and stored once per row
// instead of once per pair of nonzeros and p is not reloaded for every pair,
// and it loads each y row once, into registers, for both its dot product and
// its axpy, where the AVX2 kernel reads it twice. On Zen 4 a 512-bit FMA
// issues as two 256-bit halves, so the peak FLOP rate is the AVX2 one: the
// gain comes from the loads and stores saved, which bound the AVX2 loop, not
// from more FLOPs. It also prefetches the rows 12 nonzeros ahead instead of
// 2, which is what counts when they come from DRAM (BenchmarkRowCold: the
// item side of ML-20M, whose user factors are 35 MB at f=64); 2 ahead, it
// took 28 and 49 ns there. Per nonzero, BenchmarkRowAVX512 (rows in L1/L2,
// best of 3) and BenchmarkRowCold (best of 2), the machine otherwise idle:
//
//	                      f=64     f=128
//	AVX2 row, cached     5.5 ns   11.4 ns
//	AVX-512 row, cached  2.6 ns    5.4 ns
//	AVX2 row, DRAM        26 ns     44 ns
//	AVX-512 row, DRAM     10 ns     19 ns
//
// A CG iteration on ML-1M-shaped data (bench/als BenchmarkIteration, 2
// cores) went from 0.030 to 0.019 s at f=64 and from 0.062 to 0.043 s at
// f=128.
//
// So: for the row kernel AVX-512 when the CPU and the OS have it and f is a
// multiple of 16 up to 128; AVX2 when the CPU has it and f is a multiple of
// 8, gonum otherwise; the Go loops stay as the reference the tests compare
// against.
var impl gonum.Implementation

// fast reports whether the AVX2 kernels apply to vectors of length n.
func fast(n int) bool { return haveAVX2 && n > 0 && n%8 == 0 }

// vdot returns x·y; len(y) must be at least len(x).
func vdot(x, y []float32) float32 {
	if fast(len(x)) {
		_ = y[len(x)-1]
		return dotAVX2(&x[0], &y[0], len(x))
	}
	return impl.Sdot(len(x), x, 1, y, 1)
}

// vaxpy sets y += a*x.
func vaxpy(a float32, x, y []float32) {
	if fast(len(x)) {
		_ = y[len(x)-1]
		axpyAVX2(a, &x[0], &y[0], len(x))
		return
	}
	impl.Saxpy(len(x), a, x, 1, y, 1)
}

// rowUpdate adds to out, for every nonzero k of a row with column cols[k]
// and value c = vals[k], (a*(1+c) + b*c*(y·p)) * y where y is that column's
// factor row in src (f wide). With a=1, b=-1 and p=x it accumulates the CG
// residual b - Ax's data term; with a=0, b=1 it is the Yᵀ(C-I)Y p product.
func rowUpdate(src []float32, f int, cols []int32, vals []float32, p, out []float32, a, b float32) {
	if len(cols) == 0 {
		return
	}
	if haveAVX512 && f > 0 && f%16 == 0 && f <= 128 {
		_, _, _ = vals[len(cols)-1], p[f-1], out[f-1]
		rowAVX512(&src[0], f, &cols[0], len(cols), &vals[0], &p[0], &out[0], a, b)
		return
	}
	if fast(f) {
		_, _, _ = vals[len(cols)-1], p[f-1], out[f-1]
		rowAVX2(&src[0], f, &cols[0], len(cols), &vals[0], &p[0], &out[0], a, b)
		return
	}
	for k, i := range cols {
		y := src[int(i)*f : int(i)*f+f]
		c := vals[k]
		vaxpy(a*(1+c)+b*c*vdot(y, p), y, out)
	}
}

// syrLower adds c*y*yᵀ to the lower triangle of the f x f row-major a. It
// may also write above the diagonal.
func syrLower(a []float32, f int, y []float32, c float32) {
	if fast(f) {
		_, _ = a[f*f-1], y[f-1]
		syrAVX2(&a[0], f, &y[0], c)
		return
	}
	for k := 0; k < f; k++ {
		if y[k] != 0 {
			// Rounded up to a multiple of 8 as in the assembly; the spill
			// lands in the upper triangle, which is never read.
			n := min(f, (k+8)&^7)
			vaxpy(c*y[k], y[:n], a[k*f:k*f+n])
		}
	}
}
