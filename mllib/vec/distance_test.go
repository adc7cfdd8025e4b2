package vec

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
)

func randVec(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	return v
}

func dot64(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func abs64(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += math.Abs(float64(a[i]) * float64(b[i]))
	}
	return s
}

// tol is the float32 rounding bound for a sum of n terms of total magnitude
// mag: n·ε·mag with ε = 2⁻²⁴, which the unrolled kernels must meet.
func tol(n int, mag float64) float64 { return float64(n+1) * mag * (1.0 / (1 << 24)) }

func TestKernelsMatchFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 100, 784, 1001} {
		a, b := randVec(r, n), randVec(r, n)
		if got, want := float64(Dot(a, b)), dot64(a, b); math.Abs(got-want) > tol(n, abs64(a, b)) {
			t.Errorf("n=%d Dot=%v want %v", n, got, want)
		}
		d := make([]float32, n)
		var l2 float64
		for i := range a {
			x := float64(a[i]) - float64(b[i])
			l2 += x * x
			d[i] = a[i] - b[i]
		}
		if got := float64(SquaredL2(a, b)); math.Abs(got-l2) > tol(n, l2)+tol(1, l2)*float64(n) {
			t.Errorf("n=%d SquaredL2=%v want %v", n, got, l2)
		}
		if got := float64(L2Distance(a, b)); math.Abs(got-math.Sqrt(l2)) > 1e-5*math.Sqrt(l2)+1e-6 {
			t.Errorf("n=%d L2Distance=%v want %v", n, got, math.Sqrt(l2))
		}
		if n == 0 {
			if CosineSimilarity(a, b) != 0 {
				t.Errorf("cosine of empty vectors should be 0")
			}
			continue
		}
		cos := dot64(a, b) / math.Sqrt(dot64(a, a)*dot64(b, b))
		if got := float64(CosineSimilarity(a, b)); math.Abs(got-cos) > 1e-5 {
			t.Errorf("n=%d Cosine=%v want %v", n, got, cos)
		}
		if got := float64(Distance(Cosine, a, b)); math.Abs(got-(1-cos)) > 1e-5 {
			t.Errorf("n=%d cosine distance=%v want %v", n, got, 1-cos)
		}
		c := append([]float32(nil), a...)
		if l := Normalize(c); math.Abs(float64(l)-math.Sqrt(dot64(a, a))) > 1e-5*float64(l) {
			t.Errorf("n=%d Normalize returned %v", n, l)
		}
		if got := dot64(c, c); math.Abs(got-1) > 1e-5 {
			t.Errorf("n=%d normalized length² %v", n, got)
		}
	}
}

func TestZeroVector(t *testing.T) {
	z := make([]float32, 5)
	if Normalize(z) != 0 {
		t.Fatal("norm of zero vector")
	}
	for _, x := range z {
		if x != 0 || math.IsNaN(float64(x)) {
			t.Fatal("Normalize changed a zero vector")
		}
	}
	if c := CosineSimilarity(z, []float32{1, 2, 3, 4, 5}); c != 0 {
		t.Fatalf("cosine with zero vector = %v", c)
	}
}

func TestLengthMismatchPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic on length mismatch")
		}
	}()
	Dot([]float32{1}, []float32{1, 2})
}

func TestParseMetric(t *testing.T) {
	for _, m := range []Metric{Cosine, L2, InnerProduct} {
		got, err := ParseMetric(m.String())
		if err != nil || got != m {
			t.Errorf("ParseMetric(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := ParseMetric("manhattan"); err == nil {
		t.Error("ParseMetric accepted an unknown metric")
	}
}

var sink float32

func benchVecs(n int) ([]float32, []float32) {
	r := rand.New(rand.NewPCG(3, 4))
	return randVec(r, n), randVec(r, n)
}

func BenchmarkDot784(b *testing.B) {
	x, y := benchVecs(784)
	for b.Loop() {
		sink += Dot(x, y)
	}
}

func BenchmarkDotBlas32_784(b *testing.B) {
	x, y := benchVecs(784)
	vx := blas32.Vector{N: len(x), Inc: 1, Data: x}
	vy := blas32.Vector{N: len(y), Inc: 1, Data: y}
	for b.Loop() {
		sink += blas32.Dot(vx, vy)
	}
}

func BenchmarkDot100(b *testing.B) {
	x, y := benchVecs(100)
	for b.Loop() {
		sink += Dot(x, y)
	}
}

func BenchmarkDotBlas32_100(b *testing.B) {
	x, y := benchVecs(100)
	vx := blas32.Vector{N: len(x), Inc: 1, Data: x}
	vy := blas32.Vector{N: len(y), Inc: 1, Data: y}
	for b.Loop() {
		sink += blas32.Dot(vx, vy)
	}
}

func BenchmarkSquaredL2_784(b *testing.B) {
	x, y := benchVecs(784)
	for b.Loop() {
		sink += SquaredL2(x, y)
	}
}

func BenchmarkDotGo784(b *testing.B) {
	x, y := benchVecs(784)
	for b.Loop() {
		sink += dotGo(x, y)
	}
}

func BenchmarkSquaredL2Go784(b *testing.B) {
	x, y := benchVecs(784)
	for b.Loop() {
		sink += sqL2Go(x, y)
	}
}

// TestKernelsAgree checks the assembly kernels against the portable ones
// on every tail length, where an off-by-one in the assembly would show.
func TestKernelsAgree(t *testing.T) {
	if !hasAVX2FMA {
		t.Skip("no AVX2+FMA on this CPU: only the portable kernels run")
	}
	r := rand.New(rand.NewPCG(11, 12))
	for n := 0; n <= 80; n++ {
		a, b := randVec(r, n), randVec(r, n)
		if d, g := dotKernel(a, b), dotGo(a, b); math.Abs(float64(d-g)) > 2*tol(n, abs64(a, b)) {
			t.Errorf("n=%d dot asm %v go %v", n, d, g)
		}
		var l2 float64
		for i := range a {
			x := float64(a[i] - b[i])
			l2 += x * x
		}
		if d, g := sqL2Kernel(a, b), sqL2Go(a, b); math.Abs(float64(d-g)) > 4*tol(n, l2) {
			t.Errorf("n=%d sqL2 asm %v go %v", n, d, g)
		}
	}
}
