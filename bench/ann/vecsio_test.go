package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gokernel/gokernel/mllib/ann/anndata"
)

func TestReadMatrixMatchesAnndata(t *testing.T) {
	dir := t.TempDir()
	data := []float32{1, -2, 3.5, 0, 1e-7, 6}
	p := filepath.Join(dir, "a.fvecs")
	if err := anndata.WriteFvecs(p, data, 3); err != nil {
		t.Fatal(err)
	}
	got, dim, err := readFvecs(p)
	if err != nil || dim != 3 || !reflect.DeepEqual(got, data) {
		t.Fatalf("readFvecs = %v, %d, %v", got, dim, err)
	}
	ip := filepath.Join(dir, "a.ivecs")
	if err := anndata.WriteIvecs(ip, []int32{7, -1, 3, 9}, 2); err != nil {
		t.Fatal(err)
	}
	gi, dim, err := readIvecs(ip)
	if err != nil || dim != 2 || !reflect.DeepEqual(gi, []int32{7, -1, 3, 9}) {
		t.Fatalf("readIvecs = %v, %d, %v", gi, dim, err)
	}
	// A second row claiming another dimension, in a file whose length
	// is still a whole number of first-dimension rows.
	ragged := []byte{1, 0, 0, 0, 0, 0, 128, 63, 2, 0, 0, 0, 0, 0, 128, 63}
	if err := os.WriteFile(p, ragged, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := readFvecs(p); err == nil {
		t.Error("ragged rows accepted")
	}
	if _, _, err := readFvecs(p[:len(p)-1]); err == nil {
		t.Error("missing file accepted")
	}
}
