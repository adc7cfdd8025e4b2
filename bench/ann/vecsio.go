package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

// readMatrix streams an .fvecs or .ivecs file (per row: a little-endian
// int32 dimension, then that many 4-byte values) into one slice sized from
// the file length, converting each value with conv. Unlike
// anndata.ReadFvecs, which holds the file, the raw words and the result at
// once, it never holds more than the result and a buffer, so a child's
// peak RSS counts the matrix once, as the native program's does.
func readMatrix[T any](path string, conv func(uint32) T) ([]T, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	r := bufio.NewReaderSize(f, 1<<20)
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	dim := int(int32(binary.LittleEndian.Uint32(hdr[:])))
	rowBytes := int64(4 * (dim + 1))
	if dim <= 0 || st.Size()%rowBytes != 0 {
		return nil, 0, fmt.Errorf("%s: %d bytes are not rows of dimension %d", path, st.Size(), dim)
	}
	rows := int(st.Size() / rowBytes)
	out := make([]T, rows*dim)
	buf := make([]byte, 4*dim)
	for i := 0; i < rows; i++ {
		if i > 0 {
			if _, err := io.ReadFull(r, hdr[:]); err != nil {
				return nil, 0, fmt.Errorf("%s: %w", path, err)
			}
			if d := int(int32(binary.LittleEndian.Uint32(hdr[:]))); d != dim {
				return nil, 0, fmt.Errorf("%s: row %d has dimension %d, the first %d", path, i, d, dim)
			}
		}
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", path, err)
		}
		row := out[i*dim : (i+1)*dim]
		for j := range row {
			row[j] = conv(binary.LittleEndian.Uint32(buf[4*j:]))
		}
	}
	return out, dim, nil
}

func readFvecs(path string) ([]float32, int, error) { return readMatrix(path, math.Float32frombits) }

func readIvecs(path string) ([]int32, int, error) {
	return readMatrix(path, func(u uint32) int32 { return int32(u) })
}
