//go:build amd64 && !purego

package vec

// The AVX2+FMA kernels process 32 floats per loop iteration in four
// independent 8-wide accumulators. On 784-dim vectors they are ~5x faster
// than the unrolled Go loops and ~2x faster than gonum's SSE blas32.Dot (see
// the benchmarks in distance_test.go), and they provide the squared-L2
// kernel that blas32 lacks. Go cannot express SIMD without assembly, and the
// runtime's CPU feature package is internal, hence the CPUID probe below.

//go:noescape
func dotAVX2(a, b []float32) float32

//go:noescape
func sqL2AVX2(a, b []float32) float32

func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)
func xgetbv0() (eax, edx uint32)

// hasAVX2FMA reports whether the CPU and the OS support AVX2 and FMA: the
// OS must save the YMM registers (XCR0 bits 1 and 2) or using them would
// corrupt other threads' state.
var hasAVX2FMA = func() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv0(); xcr0&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}()

// dotKernel and sqL2Kernel are what Dot and SquaredL2 run, for tests.
func dotKernel(a, b []float32) float32 {
	if hasAVX2FMA {
		return dotAVX2(a, b)
	}
	return dotGo(a, b)
}

func sqL2Kernel(a, b []float32) float32 {
	if hasAVX2FMA {
		return sqL2AVX2(a, b)
	}
	return sqL2Go(a, b)
}
