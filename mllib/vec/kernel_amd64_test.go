//go:build amd64 && !purego

package vec

import (
	"math/rand/v2"
	"testing"
)

// TestRowKernelsBitIdentical checks the multi-row kernels against the
// one-row kernels of the same instruction set, which they must match bit
// for bit, for every length to 200 and 784, misaligned.
func TestRowKernelsBitIdentical(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	lengths := make([]int, 0, 203)
	for n := 1; n <= 200; n++ {
		lengths = append(lengths, n)
	}
	lengths = append(lengths, 784, 1001)
	for _, n := range lengths {
		buf := randVec(r, 5*(n+3)+3)
		q := buf[1 : 1+n]
		var rows [4][]float32
		for i := range rows {
			o := 2 + (i+1)*(n+3) + i%3
			rows[i] = buf[o : o+n]
		}
		if hasAVX512 {
			p := [4]*float32{&rows[0][0], &rows[1][0], &rows[2][0], &rows[3][0]}
			var got [4]float32
			dotx4AVX512(&q[0], n, &p, &got)
			for i := range rows {
				if want := dotAVX512(q, rows[i]); got[i] != want {
					t.Errorf("n=%d row %d: dotx4AVX512 %v, dotAVX512 %v", n, i, got[i], want)
				}
			}
			sqL2x4AVX512(&q[0], n, &p, &got)
			for i := range rows {
				if want := sqL2AVX512(q, rows[i]); got[i] != want {
					t.Errorf("n=%d row %d: sqL2x4AVX512 %v, sqL2AVX512 %v", n, i, got[i], want)
				}
			}
		}
		if hasAVX512 {
			p := [2]*float32{&rows[1][0], &rows[2][0]}
			var got [2]float32
			dotx2AVX512(&q[0], n, &p, &got)
			for i, row := range [][]float32{rows[1], rows[2]} {
				if want := dotAVX512(q, row); got[i] != want {
					t.Errorf("n=%d row %d: dotx2AVX512 %v, dotAVX512 %v", n, i, got[i], want)
				}
			}
			sqL2x2AVX512(&q[0], n, &p, &got)
			for i, row := range [][]float32{rows[1], rows[2]} {
				if want := sqL2AVX512(q, row); got[i] != want {
					t.Errorf("n=%d row %d: sqL2x2AVX512 %v, sqL2AVX512 %v", n, i, got[i], want)
				}
			}
		}
		if hasAVX2FMA {
			p := [2]*float32{&rows[0][0], &rows[3][0]}
			var got [2]float32
			dotx2AVX2(&q[0], n, &p, &got)
			for i, row := range [][]float32{rows[0], rows[3]} {
				if want := dotAVX2(q, row); got[i] != want {
					t.Errorf("n=%d row %d: dotx2AVX2 %v, dotAVX2 %v", n, i, got[i], want)
				}
			}
			sqL2x2AVX2(&q[0], n, &p, &got)
			for i, row := range [][]float32{rows[0], rows[3]} {
				if want := sqL2AVX2(q, row); got[i] != want {
					t.Errorf("n=%d row %d: sqL2x2AVX2 %v, sqL2AVX2 %v", n, i, got[i], want)
				}
			}
		}
	}
}

// TestRowsEachPath runs TestRowsMatchOneRow's checks with the AVX-512
// kernels switched off, so that the AVX2 path is tested on a CPU that has
// both.
func TestRowsEachPath(t *testing.T) {
	if !hasAVX512 {
		t.Skip("no AVX-512: the AVX2 path is the default and tested already")
	}
	saved := useAVX512
	defer func() { useAVX512 = saved }()
	useAVX512 = false
	testRowsMatchOneRow(t)
}
