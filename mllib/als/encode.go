package als

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"

	"github.com/gokernel/gokernel/mllib/sparse"
)

// The encoding is little endian:
//
//	"GKALS" version(1 byte) factors users items (uint32) lambda (float64)
//	user factors, item factors (float32), training confidences (sparse.CSR)
//	CRC-32 (IEEE) of everything before it
//
// The checksum turns a flipped bit into an error instead of a silently
// different model; sizes are checked against the buffer before allocating.
const (
	modelMagic   = "GKALS"
	modelVersion = 1
	headerLen    = len(modelMagic) + 1 + 3*4 + 8
)

// ErrCorrupt reports a model encoding that is truncated, altered or from an
// unknown version.
var ErrCorrupt = errors.New("als: corrupt model encoding")

// MarshalBinary encodes the model, including the training interactions used
// by Recommend's excludeSeen and by Explain.
func (m *Model) MarshalBinary() ([]byte, error) {
	size := headerLen + 4*(len(m.x)+len(m.y)) + 36 + 8*(m.users+1) + 8*m.seen.NNZ() + 4
	b := make([]byte, 0, size)
	b = append(b, modelMagic...)
	b = append(b, modelVersion)
	b = binary.LittleEndian.AppendUint32(b, uint32(m.factors))
	b = binary.LittleEndian.AppendUint32(b, uint32(m.users))
	b = binary.LittleEndian.AppendUint32(b, uint32(m.items))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.lambda))
	for _, v := range m.x {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	for _, v := range m.y {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	b, err := m.seen.AppendBinary(b)
	if err != nil {
		return nil, fmt.Errorf("als: marshal: %w", err)
	}
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b)), nil
}

// UnmarshalBinary replaces m with a model decoded from data.
func (m *Model) UnmarshalBinary(data []byte) error {
	if len(data) < headerLen+4 || string(data[:len(modelMagic)]) != modelMagic {
		return fmt.Errorf("%w: bad header", ErrCorrupt)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return fmt.Errorf("%w: checksum mismatch (truncated or altered)", ErrCorrupt)
	}
	if v := body[len(modelMagic)]; v != modelVersion {
		return fmt.Errorf("%w: version %d, want %d", ErrCorrupt, v, modelVersion)
	}
	p := body[len(modelMagic)+1:]
	f := uint64(binary.LittleEndian.Uint32(p))
	users := uint64(binary.LittleEndian.Uint32(p[4:]))
	items := uint64(binary.LittleEndian.Uint32(p[8:]))
	lambda := math.Float64frombits(binary.LittleEndian.Uint64(p[12:]))
	p = p[20:]
	if f == 0 || f > 4096 || math.IsNaN(lambda) || lambda < 0 {
		return fmt.Errorf("%w: factors %d, lambda %v", ErrCorrupt, f, lambda)
	}
	if need := 4 * f * (users + items); uint64(len(p)) < need {
		return fmt.Errorf("%w: %d bytes of factors, need %d", ErrCorrupt, len(p), need)
	}
	read := func(n uint64) []float32 {
		out := make([]float32, n)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(p[4*i:]))
		}
		p = p[4*n:]
		return out
	}
	x, y := read(users*f), read(items*f)
	for _, v := range [][]float32{x, y} {
		for _, e := range v {
			if math.IsNaN(float64(e)) || math.IsInf(float64(e), 0) {
				return fmt.Errorf("%w: factor %v is not finite", ErrCorrupt, e)
			}
		}
	}
	seen, rest, err := sparse.DecodeCSR(p)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if len(rest) != 0 || uint64(seen.Rows()) != users || uint64(seen.Cols()) != items {
		return fmt.Errorf("%w: interactions %dx%d for %d users x %d items, %d trailing bytes", ErrCorrupt, seen.Rows(), seen.Cols(), users, items, len(rest))
	}
	*m = Model{factors: int(f), users: int(users), items: int(items), lambda: lambda, x: x, y: y, seen: seen}
	return nil
}
