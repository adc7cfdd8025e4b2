//go:build !amd64 || purego

package als

const (
	haveAVX2   = false
	haveAVX512 = false
)

func dotAVX2(x, y *float32, n int) float32     { panic("unreachable") }
func axpyAVX2(a float32, x, y *float32, n int) { panic("unreachable") }
func rowAVX2(src *float32, f int, cols *int32, n int, vals, p, out *float32, a, b float32) {
	panic("unreachable")
}
func rowAVX512(src *float32, f int, cols *int32, n int, vals, p, out *float32, a, b float32) {
	panic("unreachable")
}
func syrAVX2(a *float32, f int, y *float32, c float32) { panic("unreachable") }
func symvAVX2(gm *float32, f int, p, out *float32)     { panic("unreachable") }
