//go:build !amd64 || purego

package vec

const hasAVX2FMA = false

// The assembly kernels' names exist everywhere so Dot and SquaredL2 compile
// unchanged; behind the constant false they are never called.
func dotAVX2(a, b []float32) float32  { return dotGo(a, b) }
func sqL2AVX2(a, b []float32) float32 { return sqL2Go(a, b) }

func dotKernel(a, b []float32) float32  { return dotGo(a, b) }
func sqL2Kernel(a, b []float32) float32 { return sqL2Go(a, b) }
