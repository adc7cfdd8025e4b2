//go:build amd64 && !purego

package als

import "golang.org/x/sys/cpu"

// haveAVX2 reports AVX2 and FMA in the CPU and YMM state enabled by the OS.
var haveAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// haveAVX512 reports AVX-512F (besides haveAVX2) and the OS saving the opmask
// registers and the ZMM state (x/sys/cpu checks XCR0).
var haveAVX512 = haveAVX2 && cpu.X86.HasAVX512F

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
