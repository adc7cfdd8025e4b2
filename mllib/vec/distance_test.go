package vec

import (
	"fmt"
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

// kernel is one implementation of Dot or SquaredL2, with whether this CPU
// can run it, so the tests exercise every kernel the CPU has, not only the
// one Dot and SquaredL2 dispatch to.
type kernel struct {
	name string
	ok   bool
	dot  func(a, b []float32) float32
	sqL2 func(a, b []float32) float32
}

var kernels = []kernel{
	{"go", true, dotGo, sqL2Go},
	{"avx2", hasAVX2FMA, dotAVX2, sqL2AVX2},
	{"avx512", hasAVX512, dotAVX512, sqL2AVX512},
}

// refL2 returns the squared distance in float64 and the float32 rounding
// bound the kernels must meet: n·ε·l2 for the sum, plus the rounding of
// each float32 difference, which can reach 2ε relative in its square.
func refL2(a, b []float32) (l2, bound float64) {
	for i := range a {
		x := float64(a[i]) - float64(b[i])
		l2 += x * x
	}
	return l2, tol(len(a), l2) + 3*l2/(1<<24)
}

// TestKernelsAllLengths checks every available kernel against float64
// references on every length up to 200 and 784, each at several
// misalignments within a larger slice, so both the vector loops and every
// tail length run from unaligned addresses.
func TestKernelsAllLengths(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	lengths := make([]int, 0, 203)
	for n := 0; n <= 200; n++ {
		lengths = append(lengths, n)
	}
	lengths = append(lengths, 784, 1001)
	for _, k := range kernels {
		if !k.ok {
			t.Logf("%s: not supported by this CPU, skipped", k.name)
			continue
		}
		for _, n := range lengths {
			for off := 0; off < 4; off++ {
				// b's offset differs from a's so the two are
				// misaligned differently.
				bufA, bufB := randVec(r, n+8), randVec(r, n+8)
				a, b := bufA[off:off+n:off+n], bufB[3-off:3-off+n:3-off+n]
				want := dot64(a, b)
				if got := float64(k.dot(a, b)); math.Abs(got-want) > tol(n, abs64(a, b)) {
					t.Errorf("%s n=%d off=%d dot=%v want %v", k.name, n, off, got, want)
				}
				l2, bound := refL2(a, b)
				if got := float64(k.sqL2(a, b)); math.Abs(got-l2) > bound {
					t.Errorf("%s n=%d off=%d sqL2=%v want %v", k.name, n, off, got, l2)
				}
				// The same against the portable kernel, as
				// the reference the package falls back to.
				if got, g := k.dot(a, b), dotGo(a, b); math.Abs(float64(got-g)) > 2*tol(n, abs64(a, b)) {
					t.Errorf("%s n=%d off=%d dot=%v go %v", k.name, n, off, got, g)
				}
				if got, g := k.sqL2(a, b), sqL2Go(a, b); math.Abs(float64(got-g)) > 2*bound {
					t.Errorf("%s n=%d off=%d sqL2=%v go %v", k.name, n, off, got, g)
				}
			}
		}
	}
}

// TestKernelsExact checks the tails' lane bookkeeping exactly: on small
// integers every partial sum is exact in float32, so any lane summed twice
// or skipped shows as a wrong integer, which a tolerance could hide.
func TestKernelsExact(t *testing.T) {
	for _, k := range kernels {
		if !k.ok {
			continue
		}
		for n := 0; n <= 200; n++ {
			a, b := make([]float32, n), make([]float32, n)
			var dot, l2 float32
			for i := range a {
				a[i], b[i] = float32(i%7+1), float32(i%5)
				dot += a[i] * b[i]
				l2 += (a[i] - b[i]) * (a[i] - b[i])
			}
			if got := k.dot(a, b); got != dot {
				t.Errorf("%s n=%d dot=%v want %v", k.name, n, got, dot)
			}
			if got := k.sqL2(a, b); got != l2 {
				t.Errorf("%s n=%d sqL2=%v want %v", k.name, n, got, l2)
			}
		}
	}
}

// TestDispatch checks that Dot and SquaredL2 run the kernel the package
// chose for this CPU.
func TestDispatch(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	a, b := randVec(r, 101), randVec(r, 101)
	if Dot(a, b) != dotKernel(a, b) || SquaredL2(a, b) != sqL2Kernel(a, b) {
		t.Fatal("Dot or SquaredL2 does not run the selected kernel")
	}
	t.Logf("kernels: avx2+fma %v, avx512f %v, selected %s", hasAVX2FMA, hasAVX512, kernelName())
}

// TestRowsMatchOneRow checks that SquaredL2Rows and DotRows give exactly
// SquaredL2 and Dot of each row, for every number of rows to 9 (the
// multi-row kernels' remainders), repeated and unordered rows, and dims up
// to 200 and 784.
func TestRowsMatchOneRow(t *testing.T) { testRowsMatchOneRow(t) }

func testRowsMatchOneRow(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	dims := []int{0}
	for d := 1; d <= 200; d += 1 + d/16 {
		dims = append(dims, d)
	}
	dims = append(dims, 784)
	for _, dim := range dims {
		const n = 13
		// An odd offset misaligns every row differently when dim is odd.
		buf := randVec(r, n*dim+1)
		data := buf[1:]
		q := randVec(r, dim)
		for k := 0; k <= 9; k++ {
			rows := make([]uint32, k)
			for i := range rows {
				rows[i] = uint32(r.IntN(n))
			}
			out := make([]float32, k+1)
			out[k] = 42 // past len(rows): must be left alone
			SquaredL2Rows(out, q, data, rows)
			for i, row := range rows {
				v := data[int(row)*dim : int(row+1)*dim]
				if want := SquaredL2(q, v); out[i] != want {
					t.Fatalf("dim=%d k=%d row %d: SquaredL2Rows %v, SquaredL2 %v", dim, k, i, out[i], want)
				}
			}
			DotRows(out, q, data, rows)
			for i, row := range rows {
				v := data[int(row)*dim : int(row+1)*dim]
				if want := Dot(q, v); out[i] != want {
					t.Fatalf("dim=%d k=%d row %d: DotRows %v, Dot %v", dim, k, i, out[i], want)
				}
			}
			if out[k] != 42 {
				t.Fatalf("dim=%d k=%d: wrote past the rows", dim, k)
			}
		}
	}
}

func TestRowsPanics(t *testing.T) {
	data := make([]float32, 3*4)
	q := make([]float32, 4)
	for name, f := range map[string]func(){
		"row out of range": func() { SquaredL2Rows(make([]float32, 1), q, data, []uint32{3}) },
		"short out":        func() { DotRows(make([]float32, 1), q, data, []uint32{0, 1}) },
		"partial last row": func() { SquaredL2Rows(make([]float32, 1), q, data[:11], []uint32{2}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// BenchmarkRows measures SquaredL2Rows on 8 rows scattered through a
// 64 MiB matrix, mostly not in cache, as in an index search, against a
// loop of SquaredL2 over the same rows.
func BenchmarkRows(b *testing.B) {
	for _, dim := range []int{128, 784} {
		n := (64 << 20) / 4 / dim
		r := rand.New(rand.NewPCG(9, 10))
		data := randVec(r, n*dim)
		q := randVec(r, dim)
		rows := make([]uint32, 8*1024)
		for i := range rows {
			rows[i] = uint32(r.IntN(n))
		}
		out := make([]float32, 8)
		b.Run(fmt.Sprintf("dim=%d/impl=loop", dim), func(b *testing.B) {
			i := 0
			for b.Loop() {
				rs := rows[i : i+8]
				for j, row := range rs {
					o := int(row) * dim
					out[j] = SquaredL2(q, data[o:o+dim])
				}
				i = (i + 8) % len(rows)
			}
		})
		b.Run(fmt.Sprintf("dim=%d/impl=rows", dim), func(b *testing.B) {
			i := 0
			for b.Loop() {
				SquaredL2Rows(out, q, data, rows[i:i+8])
				i = (i + 8) % len(rows)
			}
		})
	}
}

// BenchmarkKernels runs every available kernel at the dimensions the ANN
// benchmarks use, the AVX2 and AVX-512 ones next to each other so that a
// loop over -count=1 runs compares them interleaved.
func BenchmarkKernels(b *testing.B) {
	for _, n := range []int{100, 128, 784} {
		x, y := benchVecs(n)
		for _, op := range []string{"dot", "sqL2"} {
			for _, k := range kernels[1:] {
				if !k.ok {
					continue
				}
				f := k.dot
				if op == "sqL2" {
					f = k.sqL2
				}
				b.Run(fmt.Sprintf("op=%s/dim=%d/kernel=%s", op, n, k.name), func(b *testing.B) {
					for b.Loop() {
						sink += f(x, y)
					}
				})
			}
		}
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
