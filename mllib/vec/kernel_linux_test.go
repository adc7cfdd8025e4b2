package vec

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"unsafe"
)

// guardedPage returns a page of floats followed by an inaccessible page.
func guardedPage(t *testing.T) []float32 {
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skip("mmap:", err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[page:], syscall.PROT_NONE); err != nil {
		t.Skip("mprotect:", err)
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&mem[0])), page/4)
}

// TestKernelsPageEnd puts vectors so they end exactly where an inaccessible
// page begins: a kernel that reads even one float past the end of a slice
// (a tail loaded whole instead of masked) faults here.
func TestKernelsPageEnd(t *testing.T) {
	fa, fb := guardedPage(t), guardedPage(t)
	r := rand.New(rand.NewPCG(7, 8))
	for i := range fa {
		fa[i] = float32(r.NormFloat64())
		fb[i] = float32(r.NormFloat64())
	}
	for _, k := range kernels {
		if !k.ok {
			continue
		}
		for n := 0; n <= 200; n++ {
			a, b := fa[len(fa)-n:], fb[len(fb)-n:]
			if got, want := k.dot(a, b), dotGo(a, b); got != want && abs32(got-want) > 1e-3*(1+abs32(want)) {
				t.Errorf("%s n=%d dot=%v go %v", k.name, n, got, want)
			}
			if got, want := k.sqL2(a, b), sqL2Go(a, b); abs32(got-want) > 1e-3*(1+want) {
				t.Errorf("%s n=%d sqL2=%v go %v", k.name, n, got, want)
			}
			// Swapped, so each argument's tail is checked.
			k.dot(b, a)
			k.sqL2(b, a)
		}
	}
}

// TestRowsPageEnd is TestKernelsPageEnd for SquaredL2Rows and DotRows:
// the query and the last row end where an inaccessible page begins.
func TestRowsPageEnd(t *testing.T) {
	fa, fb := guardedPage(t), guardedPage(t)
	for i := range fa {
		fa[i], fb[i] = float32(i%13), float32(i%7)
	}
	out := make([]float32, 4)
	for dim := 1; dim <= 100; dim++ {
		q := fa[len(fa)-dim:]
		data := fb[len(fb)-4*dim:]
		rows := []uint32{3, 0, 3, 1}
		SquaredL2Rows(out, q, data, rows)
		for i, r := range rows {
			if want := SquaredL2(q, data[int(r)*dim:int(r+1)*dim]); out[i] != want {
				t.Fatalf("dim=%d: SquaredL2Rows %v, SquaredL2 %v", dim, out[i], want)
			}
		}
		DotRows(out, q, data, rows)
		for i, r := range rows {
			if want := Dot(q, data[int(r)*dim:int(r+1)*dim]); out[i] != want {
				t.Fatalf("dim=%d: DotRows %v, Dot %v", dim, out[i], want)
			}
		}
	}
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
