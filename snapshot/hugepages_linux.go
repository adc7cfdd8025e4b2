package snapshot

import (
	"syscall"
	"unsafe"
)

// adviseHugePages asks Linux to back the memory at p, size bytes of a region
// Decode has just allocated and is about to fill, with transparent huge pages
// where the system leaves that to the program (THP "madvise", Debian's
// default). Go's heap does not ask for them itself, so a large restored slice
// is otherwise faulted in 4 KiB at a time: on a virtual machine, where each
// first touch of a page can exit to the hypervisor, 1 GiB took 3.3-3.9 s to
// touch in 4 KiB pages and 1.5-2.0 s in 2 MiB ones (measured on the 2-core
// development VM). Only the 2 MiB-aligned interior is advised; the advice is
// a hint, so a refusal changes nothing but the time.
func adviseHugePages(p unsafe.Pointer, size uintptr) {
	const huge = 2 << 20
	start := (uintptr(p) + huge - 1) &^ (huge - 1)
	end := (uintptr(p) + size) &^ (huge - 1)
	if end <= start {
		return
	}
	interior := unsafe.Slice((*byte)(unsafe.Add(p, start-uintptr(p))), end-start)
	syscall.Madvise(interior, syscall.MADV_HUGEPAGE)
}
