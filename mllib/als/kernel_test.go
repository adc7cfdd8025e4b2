package als

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
)

func TestKernelsMatchNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 63, 64, 128, 131} {
		x, y := make([]float32, n), make([]float32, n)
		for i := range x {
			x[i], y[i] = rng.Float32()-0.5, rng.Float32()-0.5
		}
		var want float64
		for i := range x {
			want += float64(x[i]) * float64(y[i])
		}
		if got := dot(x, y); math.Abs(float64(got)-want) > 1e-4 {
			t.Errorf("dot n=%d: got %v want %v", n, got, want)
		}
		if got := vdot(x, y); math.Abs(float64(got)-want) > 1e-4 {
			t.Errorf("vdot n=%d: got %v want %v", n, got, want)
		}
		w := append([]float32(nil), y...)
		vaxpy(-2, x, w)
		for i := range w {
			if d := w[i] - (y[i] - 2*x[i]); d > 1e-6 || d < -1e-6 {
				t.Fatalf("vaxpy n=%d i=%d: got %v want %v", n, i, w[i], y[i]-2*x[i])
			}
		}
		z := append([]float32(nil), y...)
		axpy(0.5, x, z)
		for i := range z {
			if d := z[i] - (y[i] + 0.5*x[i]); d > 1e-6 || d < -1e-6 {
				t.Fatalf("axpy n=%d i=%d: got %v want %v", n, i, z[i], y[i]+0.5*x[i])
			}
		}
	}
}

func TestRowUpdateMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, f := range []int{3, 8, 16, 24, 64, 72, 128} {
		const items = 50
		src := make([]float32, items*f)
		for i := range src {
			src[i] = rng.Float32() - 0.5
		}
		cols := []int32{0, 7, 8, 31, 49}
		vals := []float32{0, 1, 2.5, 0.25, 10}
		p := make([]float32, f)
		for i := range p {
			p[i] = rng.Float32() - 0.5
		}
		for _, ab := range [][2]float32{{1, -1}, {0, 1}} {
			got := make([]float32, f)
			want := make([]float64, f)
			for i := range got {
				got[i] = float32(i)
				want[i] = float64(i)
			}
			rowUpdate(src, f, cols, vals, p, got, ab[0], ab[1])
			for k, c := range cols {
				y := src[int(c)*f : int(c)*f+f]
				var s float64
				for i := range y {
					s += float64(y[i]) * float64(p[i])
				}
				coef := float64(ab[0])*(1+float64(vals[k])) + float64(ab[1])*float64(vals[k])*s
				for i := range y {
					want[i] += coef * float64(y[i])
				}
			}
			for i := range got {
				if math.Abs(float64(got[i])-want[i]) > 1e-4*math.Max(1, math.Abs(want[i])) {
					t.Fatalf("f=%d a,b=%v: out[%d] = %v, want %v", f, ab, i, got[i], want[i])
				}
			}
		}
	}
}

func TestSyrLowerMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, f := range []int{5, 8, 24, 64} {
		a := make([]float32, f*f)
		y := make([]float32, f)
		for i := range y {
			y[i] = rng.Float32() - 0.5
		}
		syrLower(a, f, y, 3)
		for i := 0; i < f; i++ {
			for j := 0; j <= i; j++ {
				if d := a[i*f+j] - 3*y[i]*y[j]; d > 1e-6 || d < -1e-6 {
					t.Fatalf("f=%d a[%d][%d] = %v, want %v", f, i, j, a[i*f+j], 3*y[i]*y[j])
				}
			}
		}
	}
}

func TestGemvMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, f := range []int{5, 8, 16, 64, 72, 128, 136} {
		s := newSweeper(Options{Factors: f, Lambda: 0.5, Workers: 1}, 1)
		g := make([]float32, f*f)
		for i := 0; i < f; i++ {
			for j := 0; j <= i; j++ {
				v := rng.Float32() - 0.5
				g[i*f+j], g[j*f+i] = v, v
			}
		}
		v := make([]float32, f)
		for i := range v {
			v[i] = rng.Float32() - 0.5
		}
		out := make([]float32, f)
		s.gemv(g, v, out)
		for a := 0; a < f; a++ {
			want := 0.5 * float64(v[a])
			for b := 0; b < f; b++ {
				want += float64(g[a*f+b]) * float64(v[b])
			}
			if math.Abs(float64(out[a])-want) > 1e-4 {
				t.Fatalf("f=%d out[%d] = %v, want %v", f, a, out[a], want)
			}
		}
	}
}

// rowKernel is an assembly row kernel: whether this CPU has what it needs and
// the f it takes.
type rowKernel struct {
	name string
	have bool
	fits func(f int) bool
	fn   func(src *float32, f int, cols *int32, n int, vals, p, out *float32, a, b float32)
}

var rowKernels = []rowKernel{
	{"avx2", haveAVX2, func(f int) bool { return f%8 == 0 }, rowAVX2},
	{"avx512", haveAVX512, func(f int) bool { return f%16 == 0 && f <= 128 }, rowAVX512},
}

// TestRowKernelsMatchNaive calls each assembly row kernel directly (rowUpdate
// picks only one) at every f the AVX-512 kernel has a block of code for, with
// n covering whole pairs, the odd nonzero left over and no nonzeros at all.
// Each element must be within a rounding-error bound of the float64 result:
// twice (f+n+8) units of float32 rounding of the sum of the magnitudes of
// what it adds up, which a wrong register or a lost row exceeds by orders of
// magnitude. The floats after out must not be written.
func TestRowKernelsMatchNaive(t *testing.T) {
	for _, kern := range rowKernels {
		t.Run(kern.name, func(t *testing.T) {
			if !kern.have {
				t.Skipf("the CPU or the OS lacks what %s needs", kern.name)
			}
			testRowKernel(t, kern)
		})
	}
}

func testRowKernel(t *testing.T, kern rowKernel) {
	rng := rand.New(rand.NewPCG(9, 10))
	const items = 300
	for _, f := range []int{16, 32, 48, 64, 80, 96, 112, 128} {
		if !kern.fits(f) {
			continue
		}
		src := make([]float32, items*f)
		for i := range src {
			if rng.IntN(8) > 0 { // one in 8 stays zero
				src[i] = float32(rng.NormFloat64())
			}
		}
		p := make([]float32, f)
		for i := range p {
			p[i] = float32(rng.NormFloat64() * 4)
		}
		for _, n := range []int{0, 1, 2, 3, 7, 64} {
			// One more than n, so that &cols[0] exists when n is 0.
			cols := make([]int32, n+1)
			vals := make([]float32, n+1)
			for k := range n {
				cols[k] = int32(rng.IntN(items))
				switch k % 4 {
				case 0:
					vals[k] = 0
				case 1:
					vals[k] = float32(rng.IntN(40))
				default:
					vals[k] = rng.Float32() * 3
				}
			}
			if n > 2 {
				cols[n-1] = items - 1 // the last row of src
				cols[1] = cols[0]     // the same row twice in a pair
			}
			for _, ab := range [][2]float32{{1, -1}, {0, 1}, {0.5, 2}} {
				out := make([]float32, f+16)
				for i := range out {
					out[i] = float32(rng.NormFloat64() * 10)
				}
				want := make([]float64, f)
				bound := make([]float64, f)
				for i := range want {
					want[i] = float64(out[i])
					bound[i] = math.Abs(want[i])
				}
				for k, c := range cols[:n] {
					y := src[int(c)*f : int(c)*f+f]
					var s, sabs float64
					for i := range y {
						s += float64(y[i]) * float64(p[i])
						sabs += math.Abs(float64(y[i]) * float64(p[i]))
					}
					a, b, v := float64(ab[0]), float64(ab[1]), float64(vals[k])
					coef := a*(1+v) + b*v*s
					mag := math.Abs(a*(1+v)) + math.Abs(b*v)*sabs
					for i := range y {
						want[i] += coef * float64(y[i])
						bound[i] += mag * math.Abs(float64(y[i]))
					}
				}
				got := append([]float32(nil), out...)
				kern.fn(&src[0], f, &cols[0], n, &vals[0], &p[0], &got[0], ab[0], ab[1])
				for i := range want {
					tol := 2 * float64(f+n+8) * 0x1p-24 * bound[i]
					if d := math.Abs(float64(got[i]) - want[i]); !(d <= tol) {
						t.Fatalf("f=%d n=%d a,b=%v: out[%d] = %v, want %v (off by %.3g, tolerance %.3g)",
							f, n, ab, i, got[i], want[i], d, tol)
					}
				}
				for i := f; i < len(got); i++ {
					if got[i] != out[i] {
						t.Fatalf("f=%d n=%d: out[%d] written, past f", f, n, i)
					}
				}
			}
		}
	}
}

// rowBenchData is one user's CG product over 100 nonzeros, with the rows
// spread over 4000 items.
func rowBenchData(f int) (src []float32, cols []int32, vals, p, out []float32) {
	const items = 4000
	src = make([]float32, items*f)
	for i := range src {
		src[i] = float32(i%7) * 0.01
	}
	cols = make([]int32, 100)
	vals = make([]float32, 100)
	for k := range cols {
		cols[k] = int32(k * 37 % items)
		vals[k] = 1
	}
	return src, cols, vals, make([]float32, f), make([]float32, f)
}

// BenchmarkRow times one user's CG product over 100 nonzeros: the fused
// kernel rowUpdate picks against separate dot and axpy calls.
func BenchmarkRow(b *testing.B) {
	for _, f := range []int{64, 128} {
		src, cols, vals, p, out := rowBenchData(f)
		b.Run(fmt.Sprintf("fused/f=%d", f), func(b *testing.B) {
			for b.Loop() {
				rowUpdate(src, f, cols, vals, p, out, 0, 1)
			}
			perNonzero(b, len(cols))
		})
		b.Run(fmt.Sprintf("blas32/f=%d", f), func(b *testing.B) {
			impl := gonum.Implementation{}
			for b.Loop() {
				for k, c := range cols {
					y := src[int(c)*f : int(c)*f+f]
					impl.Saxpy(f, vals[k]*impl.Sdot(f, y, 1, p, 1), y, 1, out, 1)
				}
			}
			perNonzero(b, len(cols))
		})
	}
}

// BenchmarkRowAVX512 times the AVX2 and AVX-512 row kernels, each called
// directly, on BenchmarkRow's data.
func BenchmarkRowAVX512(b *testing.B) {
	if !haveAVX512 {
		b.Skip("no AVX-512 on this CPU")
	}
	for _, f := range []int{64, 128} {
		src, cols, vals, p, out := rowBenchData(f)
		for _, kern := range rowKernels {
			b.Run(fmt.Sprintf("%s/f=%d", kern.name, f), func(b *testing.B) {
				for b.Loop() {
					kern.fn(&src[0], f, &cols[0], len(cols), &vals[0], &p[0], &out[0], 0, 1)
				}
				perNonzero(b, len(cols))
			})
		}
	}
}

// BenchmarkRowCold times the row kernels over 2000 rows of 20-270 sorted
// nonzeros scattered over 138,000 factor rows (35 MB at f=64, 71 MB at
// f=128: the users' factors on ML-20M's item side), so that the rows come from
// DRAM and the prefetching decides the speed.
func BenchmarkRowCold(b *testing.B) {
	for _, f := range []int{64, 128} {
		const items = 138_000
		src := make([]float32, items*f)
		for i := range src {
			src[i] = float32(i%7) * 0.01
		}
		rng := rand.New(rand.NewPCG(1, 1))
		rows := make([][]int32, 2000)
		nnz := 0
		for r := range rows {
			cols := make([]int32, 20+rng.IntN(250))
			for k := range cols {
				cols[k] = int32(rng.IntN(items))
			}
			slices.Sort(cols)
			rows[r] = cols
			nnz += len(cols)
		}
		vals := make([]float32, 270)
		for k := range vals {
			vals[k] = 1
		}
		p, out := make([]float32, f), make([]float32, f)
		for _, kern := range rowKernels {
			b.Run(fmt.Sprintf("%s/f=%d", kern.name, f), func(b *testing.B) {
				if !kern.have {
					b.Skipf("the CPU or the OS lacks what %s needs", kern.name)
				}
				for b.Loop() {
					for _, cols := range rows {
						kern.fn(&src[0], f, &cols[0], len(cols), &vals[0], &p[0], &out[0], 0, 1)
					}
				}
				perNonzero(b, nnz)
			})
		}
	}
}

// perNonzero reports the time per nonzero of a row benchmark.
func perNonzero(b *testing.B, nnz int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nnz), "ns/nonzero")
}

var sink float32

// BenchmarkDot compares the unrolled Go loop with gonum's blas32 (SSE
// assembly) at the factor sizes the solver uses.
func BenchmarkDot(b *testing.B) {
	impl := gonum.Implementation{}
	for _, n := range []int{64, 128} {
		x, y := make([]float32, n), make([]float32, n)
		for i := range x {
			x[i], y[i] = float32(i), float32(n-i)
		}
		b.Run(fmt.Sprintf("go/f=%d", n), func(b *testing.B) {
			for b.Loop() {
				sink += dot(x, y)
			}
		})
		b.Run(fmt.Sprintf("blas32/f=%d", n), func(b *testing.B) {
			for b.Loop() {
				sink += impl.Sdot(n, x, 1, y, 1)
			}
		})
		b.Run(fmt.Sprintf("avx2/f=%d", n), func(b *testing.B) {
			for b.Loop() {
				sink += vdot(x, y)
			}
		})
	}
}

func BenchmarkAxpy(b *testing.B) {
	impl := gonum.Implementation{}
	for _, n := range []int{64, 128} {
		x, y := make([]float32, n), make([]float32, n)
		b.Run(fmt.Sprintf("go/f=%d", n), func(b *testing.B) {
			for b.Loop() {
				axpy(1e-9, x, y)
			}
		})
		b.Run(fmt.Sprintf("blas32/f=%d", n), func(b *testing.B) {
			for b.Loop() {
				impl.Saxpy(n, 1e-9, x, 1, y, 1)
			}
		})
		b.Run(fmt.Sprintf("avx2/f=%d", n), func(b *testing.B) {
			for b.Loop() {
				vaxpy(1e-9, x, y)
			}
		})
	}
}

// dot and axpy are portable unrolled loops (eight independent accumulators), the
// baseline the kernel benchmarks compare the AVX2 and blas32 kernels against.

func dot(x, y []float32) float32 {
	n := len(x)
	y = y[:n]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= n; i += 8 {
		xs := x[i : i+8 : i+8]
		ys := y[i : i+8 : i+8]
		s0 += xs[0] * ys[0]
		s1 += xs[1] * ys[1]
		s2 += xs[2] * ys[2]
		s3 += xs[3] * ys[3]
		s4 += xs[4] * ys[4]
		s5 += xs[5] * ys[5]
		s6 += xs[6] * ys[6]
		s7 += xs[7] * ys[7]
	}
	for ; i < n; i++ {
		s0 += x[i] * y[i]
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// axpy sets y += a*x.
func axpy(a float32, x, y []float32) {
	n := len(x)
	y = y[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		xs := x[i : i+8 : i+8]
		ys := y[i : i+8 : i+8]
		ys[0] += a * xs[0]
		ys[1] += a * xs[1]
		ys[2] += a * xs[2]
		ys[3] += a * xs[3]
		ys[4] += a * xs[4]
		ys[5] += a * xs[5]
		ys[6] += a * xs[6]
		ys[7] += a * xs[7]
	}
	for ; i < n; i++ {
		y[i] += a * x[i]
	}
}
