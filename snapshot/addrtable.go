package snapshot

import (
	"math/bits"
	"unsafe"
)

// An addrTable maps addresses to int32s, as a map[uintptr]int32 would, for
// the views of memory a walk meets: their start addresses, in no order, and
// millions of them in a large value. Its slots are one array probed
// linearly from a home slot, so that a lookup mostly reads one line of
// memory, which the walk of a map reads ahead (see entryPrefetcher); a Go
// map reads two, its control word and then the slot, and hides them.
type addrTable struct {
	slots []addrSlot // a power of two of them, at most half used
	used  int
	shift uint // 64 less the bits of len(slots), for home
}

type addrSlot struct {
	addr uintptr // 0 when unused: no view starts at address 0
	i    int32
}

// home returns the slot where the probe for addr starts. Addresses of
// values of one size differ in their low bits by multiples of that size;
// multiplying by 2⁶⁴/φ (Fibonacci hashing) spreads them over the high bits
// taken.
func (t *addrTable) home(addr uintptr) int {
	return int(uint64(addr) * 0x9e3779b97f4a7c15 >> t.shift)
}

// get returns the int32 of addr, and whether there is one.
func (t *addrTable) get(addr uintptr) (int32, bool) {
	if t.used == 0 {
		return 0, false
	}
	mask := len(t.slots) - 1
	for j := t.home(addr); ; j = (j + 1) & mask {
		switch s := &t.slots[j]; s.addr {
		case addr:
			return s.i, true
		case 0:
			return 0, false
		}
	}
}

// set makes i the int32 of addr, which is not 0.
func (t *addrTable) set(addr uintptr, i int32) {
	if 2*(t.used+1) > len(t.slots) {
		t.grow()
	}
	mask := len(t.slots) - 1
	j := t.home(addr)
	for t.slots[j].addr != 0 && t.slots[j].addr != addr {
		j = (j + 1) & mask
	}
	if t.slots[j].addr == 0 {
		t.used++
	}
	t.slots[j] = addrSlot{addr, i}
}

func (t *addrTable) grow() { t.resize(max(16, 2*len(t.slots))) }

// reserve makes room for n more addresses, so that a walk that knows how
// many views it is about to meet does not grow the table in many steps.
func (t *addrTable) reserve(n int) {
	if need := 2 * (t.used + n); need > len(t.slots) {
		t.resize(1 << bits.Len(uint(need-1)))
	}
}

// resize moves the slots to an array of n, a power of two.
func (t *addrTable) resize(n int) {
	old := t.slots
	t.slots = make([]addrSlot, n)
	t.shift = uint(64 - bits.TrailingZeros(uint(n)))
	t.used = 0
	for _, s := range old {
		if s.addr != 0 {
			t.set(s.addr, s.i)
		}
	}
}

func (t *addrTable) clear() {
	clear(t.slots)
	t.used = 0
}

// prefetch reads the home slot of addr, and returns a byte of it for the
// caller to keep, lest the read be left out.
func (t *addrTable) prefetch(addr uintptr) byte {
	if len(t.slots) == 0 {
		return 0
	}
	return *(*byte)(unsafe.Pointer(&t.slots[t.home(addr)]))
}
