package anndata

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

// The .fvecs and .ivecs formats (from the INRIA TEXMEX corpus, read by most
// ANN tools): each row is a little-endian int32 dimension followed by that
// many float32 (fvecs) or int32 (ivecs) values.

// WriteFvecs writes len(data)/dim rows of data to path.
func WriteFvecs(path string, data []float32, dim int) error {
	return writeVecs(path, len(data), dim, func(i int) uint32 { return math.Float32bits(data[i]) })
}

// WriteIvecs writes len(data)/dim rows of int32 data to path.
func WriteIvecs(path string, data []int32, dim int) error {
	return writeVecs(path, len(data), dim, func(i int) uint32 { return uint32(data[i]) })
}

func writeVecs(path string, n, dim int, val func(int) uint32) error {
	if dim <= 0 || n%dim != 0 {
		return fmt.Errorf("anndata: write %s: %d values do not form rows of %d", path, n, dim)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("anndata: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	row := make([]byte, 0, 4*(dim+1))
	for i := 0; i < n; i += dim {
		row = binary.LittleEndian.AppendUint32(row[:0], uint32(dim))
		for j := i; j < i+dim; j++ {
			row = binary.LittleEndian.AppendUint32(row, val(j))
		}
		if _, err := w.Write(row); err != nil {
			f.Close()
			return fmt.Errorf("anndata: write %s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("anndata: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("anndata: write %s: %w", path, err)
	}
	return nil
}

// ReadFvecs reads an .fvecs file; all rows must have the same dimension.
func ReadFvecs(path string) (data []float32, dim int, err error) {
	raw, dim, err := readVecs(path)
	if err != nil {
		return nil, 0, err
	}
	data = make([]float32, len(raw))
	for i, u := range raw {
		data[i] = math.Float32frombits(u)
	}
	return data, dim, nil
}

// ReadIvecs reads an .ivecs file; all rows must have the same dimension.
func ReadIvecs(path string) (data []int32, dim int, err error) {
	raw, dim, err := readVecs(path)
	if err != nil {
		return nil, 0, err
	}
	data = make([]int32, len(raw))
	for i, u := range raw {
		data[i] = int32(u)
	}
	return data, dim, nil
}

func readVecs(path string) ([]uint32, int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, fmt.Errorf("anndata: %w", err)
	}
	out := make([]uint32, 0, len(b)/4)
	dim := -1
	for off := 0; off < len(b); {
		if len(b)-off < 4 {
			return nil, 0, fmt.Errorf("anndata: %s: %w in row header at byte %d", path, io.ErrUnexpectedEOF, off)
		}
		d := int(int32(binary.LittleEndian.Uint32(b[off:])))
		off += 4
		if d <= 0 || (dim >= 0 && d != dim) {
			return nil, 0, fmt.Errorf("anndata: %s: row dimension %d at byte %d (first row has %d)", path, d, off-4, dim)
		}
		dim = d
		if len(b)-off < 4*d {
			return nil, 0, fmt.Errorf("anndata: %s: %w in row at byte %d", path, io.ErrUnexpectedEOF, off)
		}
		for j := 0; j < d; j++ {
			out = append(out, binary.LittleEndian.Uint32(b[off+4*j:]))
		}
		off += 4 * d
	}
	if dim < 0 {
		return nil, 0, fmt.Errorf("anndata: %s: empty file", path)
	}
	return out, dim, nil
}
