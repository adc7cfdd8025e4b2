package sparse

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The binary form is little endian: magic, rows, cols and nnz as uint64,
// rows+1 indptr entries as uint64, nnz int32 indices, nnz float32 values. Lengths are checked against the buffer before anything is
// allocated, so a corrupt header cannot ask for gigabytes.
var csrMagic = [4]byte{'G', 'C', 'S', 'R'}

// ErrCorrupt reports a binary encoding that is truncated or inconsistent.
var ErrCorrupt = errors.New("sparse: corrupt encoding")

// MarshalBinary encodes the matrix.
func (m *CSR) MarshalBinary() ([]byte, error) {
	return m.AppendBinary(nil)
}

// AppendBinary appends the encoding of m to b.
func (m *CSR) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, csrMagic[:]...)
	b = binary.LittleEndian.AppendUint64(b, uint64(m.rows))
	b = binary.LittleEndian.AppendUint64(b, uint64(m.cols))
	b = binary.LittleEndian.AppendUint64(b, uint64(len(m.indices)))
	if m.indptr == nil { // zero value
		b = binary.LittleEndian.AppendUint64(b, 0)
	}
	for _, p := range m.indptr {
		b = binary.LittleEndian.AppendUint64(b, uint64(p))
	}
	for _, c := range m.indices {
		b = binary.LittleEndian.AppendUint32(b, uint32(c))
	}
	for _, v := range m.values {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b, nil
}

// UnmarshalBinary decodes a matrix written by MarshalBinary, replacing m.
func (m *CSR) UnmarshalBinary(data []byte) error {
	d, rest, err := DecodeCSR(data)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%w: %d trailing bytes", ErrCorrupt, len(rest))
	}
	*m = *d
	return nil
}

// DecodeCSR decodes one matrix from the front of data and returns the bytes
// after it, so the encoding can be embedded in larger formats.
func DecodeCSR(data []byte) (*CSR, []byte, error) {
	if len(data) < 28 || [4]byte(data[:4]) != csrMagic {
		return nil, nil, fmt.Errorf("%w: bad header", ErrCorrupt)
	}
	rows := binary.LittleEndian.Uint64(data[4:])
	cols := binary.LittleEndian.Uint64(data[12:])
	nnz := binary.LittleEndian.Uint64(data[20:])
	data = data[28:]
	if rows > maxDim || cols > maxDim || nnz > uint64(len(data)) {
		return nil, nil, fmt.Errorf("%w: shape %dx%d with %d nonzeros", ErrCorrupt, rows, cols, nnz)
	}
	need := (rows+1)*8 + nnz*8
	if uint64(len(data)) < need {
		return nil, nil, fmt.Errorf("%w: truncated: %d bytes, need %d", ErrCorrupt, len(data), need)
	}
	indptr := make([]int, rows+1)
	for i := range indptr {
		p := binary.LittleEndian.Uint64(data[8*i:])
		if p > nnz {
			return nil, nil, fmt.Errorf("%w: indptr[%d] = %d beyond %d nonzeros", ErrCorrupt, i, p, nnz)
		}
		indptr[i] = int(p)
	}
	data = data[(rows+1)*8:]
	indices := make([]int32, nnz)
	for i := range indices {
		indices[i] = int32(binary.LittleEndian.Uint32(data[4*i:]))
	}
	data = data[nnz*4:]
	values := make([]float32, nnz)
	for i := range values {
		values[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	data = data[nnz*4:]
	m, err := FromCSR(int(rows), int(cols), indptr, indices, values)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return m, data, nil
}
