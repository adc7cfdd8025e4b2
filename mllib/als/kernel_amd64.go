//go:build amd64 && !purego

package als

// haveAVX2 reports AVX2 and FMA in the CPU and YMM state enabled by the OS.
var haveAVX2 = func() bool {
	max, _, _, _ := cpuid(0, 0)
	if max < 7 {
		return false
	}
	_, _, c1, _ := cpuid(1, 0)
	const fma, osxsave = 1 << 12, 1 << 27
	if c1&fma == 0 || c1&osxsave == 0 || xgetbv()&6 != 6 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}()

// haveAVX512 reports AVX-512F (besides haveAVX2) and the OS saving the ZMM
// state: XCR0 bits 1, 2 (SSE, AVX) and 5, 6, 7 (opmask, upper halves of
// ZMM0-15, ZMM16-31).
var haveAVX512 = func() bool {
	if !haveAVX2 || xgetbv()&0xE6 != 0xE6 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<16) != 0
}()

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax uint32)

//go:noescape
func dotAVX2(x, y *float32, n int) float32

//go:noescape
func axpyAVX2(a float32, x, y *float32, n int)

//go:noescape
func rowAVX2(src *float32, f int, cols *int32, n int, vals, p, out *float32, a, b float32)

//go:noescape
func rowAVX512(src *float32, f int, cols *int32, n int, vals, p, out *float32, a, b float32)

//go:noescape
func syrAVX2(a *float32, f int, y *float32, c float32)

//go:noescape
func symvAVX2(gm *float32, f int, p, out *float32)
