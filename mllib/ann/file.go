package ann

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"unsafe"
)

// The file format, shared by both index kinds:
//
//	offset size
//	0      4    magic "GKAN"
//	4      4    kind: "HNSW" or "FRST"
//	8      4    format version, little-endian uint32
//	12     4    reserved, zero
//	16     8    payload length in bytes
//	24     4    CRC-32C (Castagnoli) of the payload
//	28     4    reserved, zero
//	32     ...  payload, little-endian, kind-specific
//
// The payload length in the header is what makes truncation detectable; the
// checksum catches everything else. The 32-byte header keeps the payload
// 8-byte aligned in a memory-mapped file, so Forest can view its arrays in
// place without copying.
const (
	headerSize    = 32
	formatVersion = 1
	kindHNSW      = "HNSW"
	kindForest    = "FRST"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func makeHeader(kind string, payload []byte) []byte {
	h := make([]byte, headerSize)
	copy(h[0:4], "GKAN")
	copy(h[4:8], kind)
	binary.LittleEndian.PutUint32(h[8:], formatVersion)
	binary.LittleEndian.PutUint64(h[16:], uint64(len(payload)))
	binary.LittleEndian.PutUint32(h[24:], crc32.Checksum(payload, castagnoli))
	return h
}

// parseFile checks the header and checksum of data and returns its kind and
// payload. If want is not empty the kind must match it.
func parseFile(data []byte, want string) (kind string, payload []byte, err error) {
	if len(data) < headerSize {
		return "", nil, fmt.Errorf("%w: truncated: %d bytes, header alone is %d", ErrCorrupt, len(data), headerSize)
	}
	if string(data[0:4]) != "GKAN" {
		return "", nil, fmt.Errorf("%w: not a gokernel ann index (bad magic %q)", ErrCorrupt, data[0:4])
	}
	kind = string(data[4:8])
	if want != "" && kind != want {
		return "", nil, fmt.Errorf("%w: index kind is %q, want %q", ErrCorrupt, kind, want)
	}
	if v := binary.LittleEndian.Uint32(data[8:]); v != formatVersion {
		return "", nil, fmt.Errorf("ann: unsupported index format version %d (this build reads %d)", v, formatVersion)
	}
	n := binary.LittleEndian.Uint64(data[16:])
	if have := uint64(len(data) - headerSize); n != have {
		if n > have {
			return "", nil, fmt.Errorf("%w: truncated: header says %d payload bytes, have %d", ErrCorrupt, n, have)
		}
		return "", nil, fmt.Errorf("%w: %d trailing bytes after payload", ErrCorrupt, have-n)
	}
	payload = data[headerSize:]
	if sum := crc32.Checksum(payload, castagnoli); sum != binary.LittleEndian.Uint32(data[24:]) {
		return "", nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	return kind, payload, nil
}

// encoder appends little-endian values to a byte slice.
type encoder struct{ b []byte }

func (e *encoder) u32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *encoder) u64(v uint64) { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) f32s(v []float32) {
	for _, x := range v {
		e.u32(math.Float32bits(x))
	}
}
func (e *encoder) u32s(v []uint32) {
	for _, x := range v {
		e.u32(x)
	}
}
func (e *encoder) u64s(v []uint64) {
	for _, x := range v {
		e.u64(x)
	}
}

// align pads to a multiple of 8 bytes so the next array can be viewed in
// place.
func (e *encoder) align() {
	for len(e.b)%8 != 0 {
		e.b = append(e.b, 0)
	}
}

// decoder reads little-endian values with bounds checks; the first failure
// sticks, so parsing code checks err once at the end instead of after every
// field, and never indexes past the data.
type decoder struct {
	b   []byte
	off int
	err error
}

func (d *decoder) need(n uint64, what string) bool {
	if d.err != nil {
		return false
	}
	if n > uint64(len(d.b)-d.off) {
		d.err = fmt.Errorf("%w: payload too short for %s", ErrCorrupt, what)
		return false
	}
	return true
}

func (d *decoder) u32(what string) uint32 {
	if !d.need(4, what) {
		return 0
	}
	v := binary.LittleEndian.Uint32(d.b[d.off:])
	d.off += 4
	return v
}

func (d *decoder) u64(what string) uint64 {
	if !d.need(8, what) {
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b[d.off:])
	d.off += 8
	return v
}

func (d *decoder) align() {
	if d.err != nil {
		return
	}
	for d.off%8 != 0 && d.off < len(d.b) {
		d.off++
	}
}

// bytes returns the next n*size bytes, checking for overflow in the product.
func (d *decoder) bytes(n uint64, size uint64, what string) []byte {
	if n > math.MaxInt/size {
		d.err = fmt.Errorf("%w: absurd %s count %d", ErrCorrupt, what, n)
		return nil
	}
	if !d.need(n*size, what) {
		return nil
	}
	b := d.b[d.off : d.off+int(n*size)]
	d.off += int(n * size)
	return b
}

// f32s views or copies n float32s. With inPlace the result aliases the
// input when the host is little-endian and the bytes are aligned, which is
// what lets a memory-mapped Forest avoid reading its vectors into the heap.
func (d *decoder) f32s(n uint64, what string, inPlace bool) []float32 {
	b := d.bytes(n, 4, what)
	if b == nil {
		return make([]float32, 0)
	}
	if inPlace && littleEndian && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

func (d *decoder) u32s(n uint64, what string, inPlace bool) []uint32 {
	b := d.bytes(n, 4, what)
	if b == nil {
		return make([]uint32, 0)
	}
	if inPlace && littleEndian && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}

func (d *decoder) u64s(n uint64, what string, inPlace bool) []uint64 {
	b := d.bytes(n, 8, what)
	if b == nil {
		return make([]uint64, 0)
	}
	if inPlace && littleEndian && uintptr(unsafe.Pointer(&b[0]))%8 == 0 {
		return unsafe.Slice((*uint64)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return out
}

func (d *decoder) corrupt(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
	}
}

var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()
