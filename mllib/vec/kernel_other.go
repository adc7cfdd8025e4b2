//go:build !amd64 || purego

package vec

const (
	hasAVX2FMA = false
	hasAVX512  = false
	useAVX512  = false
)

// The assembly kernels' names exist everywhere so Dot and SquaredL2 compile
// unchanged; behind the constant false they are never called.
func dotAVX2(a, b []float32) float32  { return dotGo(a, b) }
func sqL2AVX2(a, b []float32) float32 { return sqL2Go(a, b) }

func dotAVX512(a, b []float32) float32  { return dotGo(a, b) }
func sqL2AVX512(a, b []float32) float32 { return sqL2Go(a, b) }

func dotKernel(a, b []float32) float32  { return dotGo(a, b) }
func sqL2Kernel(a, b []float32) float32 { return sqL2Go(a, b) }

func kernelName() string { return "go" }

func rowsAsm(out, q, data []float32, rows []uint32, dot bool) int { return 0 }
