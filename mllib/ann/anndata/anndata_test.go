package anndata

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gokernel/gokernel/mllib/vec"
)

func TestFvecsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	data := []float32{1, 2, 3, -4.5, 0, 1e-7}
	p := filepath.Join(dir, "a.fvecs")
	if err := WriteFvecs(p, data, 3); err != nil {
		t.Fatal(err)
	}
	got, dim, err := ReadFvecs(p)
	if err != nil || dim != 3 || !reflect.DeepEqual(got, data) {
		t.Fatalf("ReadFvecs = %v, %d, %v", got, dim, err)
	}
	raw, _ := os.ReadFile(p)
	if len(raw) != 2*(4+3*4) || binary.LittleEndian.Uint32(raw) != 3 {
		t.Fatalf("unexpected fvecs layout: %d bytes", len(raw))
	}
	ip := filepath.Join(dir, "a.ivecs")
	ints := []int32{7, -1, 3, 9}
	if err := WriteIvecs(ip, ints, 2); err != nil {
		t.Fatal(err)
	}
	gi, dim, err := ReadIvecs(ip)
	if err != nil || dim != 2 || !reflect.DeepEqual(gi, ints) {
		t.Fatalf("ReadIvecs = %v, %d, %v", gi, dim, err)
	}
	// Truncation is an error, not a short read.
	os.WriteFile(p, raw[:len(raw)-1], 0o644)
	if _, _, err := ReadFvecs(p); err == nil {
		t.Error("truncated fvecs accepted")
	}
	if err := WriteFvecs(p, data, 4); err == nil {
		t.Error("ragged rows accepted")
	}
	// A second row claiming another dimension, in a file whose length is
	// still a whole number of first-dimension rows.
	ragged := []byte{1, 0, 0, 0, 0, 0, 128, 63, 2, 0, 0, 0, 0, 0, 128, 63}
	if err := os.WriteFile(p, ragged, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadFvecs(p); err == nil {
		t.Error("rows of two dimensions accepted")
	}
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadFvecs(p); err == nil {
		t.Error("empty file accepted")
	}
	if _, _, err := ReadFvecs(filepath.Join(dir, "missing.fvecs")); err == nil {
		t.Error("missing file accepted")
	}
}

// writeIDX writes an idx file of unsigned bytes, gzipped if gz.
func writeIDX(t *testing.T, path string, dims []int, body []byte, gz bool) {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 8, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(body)
	out := b.Bytes()
	if gz {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(out)
		w.Close()
		out = z.Bytes()
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestIDXReader(t *testing.T) {
	dir := t.TempDir()
	// Two 2x3 images in the train set, one in the test set; the train
	// files gzipped like Debian's, the test files plain.
	writeIDX(t, filepath.Join(dir, "train-images-idx3-ubyte.gz"), []int{2, 2, 3}, []byte{0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}, true)
	writeIDX(t, filepath.Join(dir, "train-labels-idx1-ubyte.gz"), []int{2}, []byte{3, 9}, true)
	writeIDX(t, filepath.Join(dir, "t10k-images-idx3-ubyte"), []int{1, 2, 3}, []byte{9, 8, 7, 6, 5, 4}, false)
	writeIDX(t, filepath.Join(dir, "t10k-labels-idx1-ubyte"), []int{1}, []byte{1}, false)
	d, err := FashionMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Dim != 6 || d.NumTrain() != 2 || d.NumTest() != 1 || d.Metric != vec.L2 {
		t.Fatalf("dataset shape %d x %d / %d", d.NumTrain(), d.Dim, d.NumTest())
	}
	if d.TrainRow(1)[5] != 255 || d.TestRow(0)[0] != 9 || d.TrainLabels[1] != 9 || d.TestLabels[0] != 1 {
		t.Fatalf("wrong contents: %v %v %v", d.Train, d.Test, d.TrainLabels)
	}
	// A file whose header promises more data than it has.
	writeIDX(t, filepath.Join(dir, "t10k-labels-idx1-ubyte"), []int{5}, []byte{1}, false)
	if _, err := FashionMNIST(dir); err == nil {
		t.Error("short idx file accepted")
	}
	if _, err := FashionMNIST(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing directory accepted")
	}
}

// TestFashionMNISTInstalled reads the real files when Debian's
// dataset-fashion-mnist package is installed.
func TestFashionMNISTInstalled(t *testing.T) {
	if raceEnabled {
		t.Skip("reads 47M pixels; nothing concurrent to check under -race")
	}
	if _, err := os.Stat(filepath.Join(FashionMNISTDir, "train-images-idx3-ubyte.gz")); err != nil {
		t.Skip("dataset-fashion-mnist is not installed")
	}
	d, err := FashionMNIST("")
	if err != nil {
		t.Fatal(err)
	}
	if d.Dim != 784 || d.NumTrain() != 60000 || d.NumTest() != 10000 {
		t.Fatalf("shape %d x %d, %d queries", d.NumTrain(), d.Dim, d.NumTest())
	}
	counts := make([]int, 10)
	for _, l := range d.TrainLabels {
		counts[l]++
	}
	for c, n := range counts {
		if n != 6000 { // Fashion-MNIST is balanced: 6,000 per class
			t.Errorf("class %d has %d training images", c, n)
		}
	}
}

func TestClusteredDeterministic(t *testing.T) {
	cfg := ClusteredConfig{N: 500, Queries: 20, Dim: 8, Clusters: 5, Seed: 3}
	a, b := Clustered(cfg), Clustered(cfg)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different data")
	}
	cfg.Seed = 4
	if reflect.DeepEqual(a.Train, Clustered(cfg).Train) {
		t.Fatal("different seeds, same data")
	}
	if a.NumTrain() != 500 || a.NumTest() != 20 || a.Dim != 8 || a.Metric != vec.Cosine {
		t.Fatalf("shape %d x %d / %d", a.NumTrain(), a.Dim, a.NumTest())
	}
	for i := 0; i < a.NumTrain(); i++ {
		if n := vec.Norm(a.TrainRow(i)); n < 0.999 || n > 1.001 {
			t.Fatalf("row %d has norm %v, want unit", i, n)
		}
	}
	// Clustered means a point's nearest neighbour usually shares its
	// cluster.
	same := 0
	for i := 0; i < a.NumTest(); i++ {
		h := vec.TopK(a.Train, a.Dim, a.TestRow(i), 1, vec.Cosine)
		if a.TrainLabels[h[0].Index] == a.TestLabels[i] {
			same++
		}
	}
	if same < a.NumTest()*3/4 {
		t.Errorf("only %d/%d queries' nearest neighbour is in their cluster", same, a.NumTest())
	}
}

func TestClusteredDefaults(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("generates 100k vectors")
	}
	d := Clustered(ClusteredConfig{Seed: 1})
	if d.NumTrain() != 100_000 || d.Dim != 100 || d.NumTest() != 1000 {
		t.Fatalf("defaults give %d x %d / %d", d.NumTrain(), d.Dim, d.NumTest())
	}
}
