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
	return readVecs(path, math.Float32frombits)
}

// ReadIvecs reads an .ivecs file; all rows must have the same dimension.
func ReadIvecs(path string) (data []int32, dim int, err error) {
	return readVecs(path, func(u uint32) int32 { return int32(u) })
}

// readVecs streams the rows of path into one slice sized from the file's
// length, converting each value with conv: it never holds more than the result
// and a buffer, so reading a large data set costs its size in memory once (a
// benchmark's peak RSS then counts the matrix once, as a native program's does).
func readVecs[T any](path string, conv func(uint32) T) ([]T, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("anndata: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("anndata: %w", err)
	}
	r := bufio.NewReaderSize(f, 1<<20)
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err == io.EOF {
		return nil, 0, fmt.Errorf("anndata: %s: empty file", path)
	} else if err != nil {
		return nil, 0, fmt.Errorf("anndata: %s: %w in the first row header", path, err)
	}
	dim := int(int32(binary.LittleEndian.Uint32(hdr[:])))
	rowBytes := 4 * (int64(dim) + 1)
	if dim <= 0 || st.Size()%rowBytes != 0 {
		return nil, 0, fmt.Errorf("anndata: %s: %d bytes are not rows of dimension %d", path, st.Size(), dim)
	}
	rows := int(st.Size() / rowBytes)
	out := make([]T, rows*dim)
	buf := make([]byte, 4*dim)
	for i := range rows {
		if i > 0 {
			if _, err := io.ReadFull(r, hdr[:]); err != nil {
				return nil, 0, fmt.Errorf("anndata: %s: %w in row %d's header", path, err, i)
			}
			if d := int(int32(binary.LittleEndian.Uint32(hdr[:]))); d != dim {
				return nil, 0, fmt.Errorf("anndata: %s: row %d has dimension %d, the first %d", path, i, d, dim)
			}
		}
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, 0, fmt.Errorf("anndata: %s: %w in row %d", path, err, i)
		}
		row := out[i*dim : (i+1)*dim]
		for j := range row {
			row[j] = conv(binary.LittleEndian.Uint32(buf[4*j:]))
		}
	}
	return out, dim, nil
}
