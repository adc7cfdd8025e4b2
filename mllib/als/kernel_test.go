package als

import (
	"fmt"
	"math"
	"math/rand/v2"
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

// BenchmarkRow times one user's CG product over 100 nonzeros: the fused
// kernel against separate dot and axpy calls.
func BenchmarkRow(b *testing.B) {
	for _, f := range []int{64, 128} {
		const items = 4000
		src := make([]float32, items*f)
		for i := range src {
			src[i] = float32(i%7) * 0.01
		}
		cols := make([]int32, 100)
		vals := make([]float32, 100)
		for k := range cols {
			cols[k] = int32(k * 37 % items)
			vals[k] = 1
		}
		p, out := make([]float32, f), make([]float32, f)
		b.Run(fmt.Sprintf("fused/f=%d", f), func(b *testing.B) {
			for b.Loop() {
				rowUpdate(src, f, cols, vals, p, out, 0, 1)
			}
		})
		b.Run(fmt.Sprintf("blas32/f=%d", f), func(b *testing.B) {
			impl := gonum.Implementation{}
			for b.Loop() {
				for k, c := range cols {
					y := src[int(c)*f : int(c)*f+f]
					impl.Saxpy(f, vals[k]*impl.Sdot(f, y, 1, p, 1), y, 1, out, 1)
				}
			}
		})
	}
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
