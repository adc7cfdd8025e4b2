package anndata

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gokernel/gokernel/mllib/vec"
)

// FashionMNISTDir is where Debian's dataset-fashion-mnist package installs
// the four gzipped idx files (checked with dpkg -L): train-images-idx3-ubyte.gz,
// train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and
// t10k-labels-idx1-ubyte.gz.
const FashionMNISTDir = "/usr/share/datasets/fashion-mnist"

// FashionMNIST reads the 60,000 training and 10,000 test images of
// Fashion-MNIST from dir (FashionMNISTDir if empty) as 784-dim vectors of
// raw pixel values 0-255, with their labels, under the L2 metric used by
// the ann-benchmarks version of the dataset. Files may be gzipped (.gz) or
// plain.
func FashionMNIST(dir string) (*Dataset, error) {
	if dir == "" {
		dir = FashionMNISTDir
	}
	d := &Dataset{Name: "fashion-mnist", Metric: vec.L2}
	var err error
	var rows, cols int
	if d.Train, _, rows, cols, err = ReadIDXImages(findIDX(dir, "train-images-idx3-ubyte")); err != nil {
		return nil, err
	}
	d.Dim = rows * cols
	var tr, tc int
	if d.Test, _, tr, tc, err = ReadIDXImages(findIDX(dir, "t10k-images-idx3-ubyte")); err != nil {
		return nil, err
	}
	if tr*tc != d.Dim {
		return nil, fmt.Errorf("anndata: fashion-mnist: test images are %dx%d, train %dx%d", tr, tc, rows, cols)
	}
	if d.TrainLabels, err = ReadIDXLabels(findIDX(dir, "train-labels-idx1-ubyte")); err != nil {
		return nil, err
	}
	if d.TestLabels, err = ReadIDXLabels(findIDX(dir, "t10k-labels-idx1-ubyte")); err != nil {
		return nil, err
	}
	if len(d.TrainLabels) != d.NumTrain() || len(d.TestLabels) != d.NumTest() {
		return nil, fmt.Errorf("anndata: fashion-mnist: %d/%d labels for %d/%d images",
			len(d.TrainLabels), len(d.TestLabels), d.NumTrain(), d.NumTest())
	}
	return d, nil
}

// findIDX prefers the gzipped file Debian ships and falls back to an
// unpacked one.
func findIDX(dir, base string) string {
	p := filepath.Join(dir, base+".gz")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return filepath.Join(dir, base)
}

// readIDX returns the dimensions and data of an idx file of unsigned bytes
// (type code 0x08), decompressing it if it starts with the gzip magic.
func readIDX(path string, wantDims int) ([]int, []byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("anndata: %w", err)
	}
	if len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, nil, fmt.Errorf("anndata: %s: %w", path, err)
		}
		if raw, err = io.ReadAll(bufio.NewReader(zr)); err != nil {
			return nil, nil, fmt.Errorf("anndata: %s: gunzip: %w", path, err)
		}
	}
	if len(raw) < 4 || raw[0] != 0 || raw[1] != 0 {
		return nil, nil, fmt.Errorf("anndata: %s: not an idx file", path)
	}
	if raw[2] != 0x08 {
		return nil, nil, fmt.Errorf("anndata: %s: idx element type 0x%02x, want unsigned byte 0x08", path, raw[2])
	}
	nd := int(raw[3])
	if nd != wantDims {
		return nil, nil, fmt.Errorf("anndata: %s: idx has %d dimensions, want %d", path, nd, wantDims)
	}
	if len(raw) < 4+4*nd {
		return nil, nil, fmt.Errorf("anndata: %s: truncated idx header", path)
	}
	dims := make([]int, nd)
	total := uint64(1)
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(raw[4+4*i:]))
		total *= uint64(dims[i])
	}
	body := raw[4+4*nd:]
	if uint64(len(body)) != total {
		return nil, nil, fmt.Errorf("anndata: %s: idx header promises %d bytes of data, file has %d", path, total, len(body))
	}
	return dims, body, nil
}

// ReadIDXImages reads an idx3 image file (optionally gzipped) and returns
// the images as flat float32 rows of rows*cols pixel values.
func ReadIDXImages(path string) (data []float32, n, rows, cols int, err error) {
	dims, body, err := readIDX(path, 3)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	data = make([]float32, len(body))
	for i, b := range body {
		data[i] = float32(b)
	}
	return data, dims[0], dims[1], dims[2], nil
}

// ReadIDXLabels reads an idx1 label file (optionally gzipped).
func ReadIDXLabels(path string) ([]uint8, error) {
	_, body, err := readIDX(path, 1)
	return body, err
}
