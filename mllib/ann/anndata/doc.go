// Package anndata owns the datasets used to test and benchmark nearest
// neighbour search: a reader for the Fashion-MNIST idx files installed by
// Debian's dataset-fashion-mnist package, deterministic synthetic
// generators (Clustered, and the larger, embedding-like Anisotropic), and
// .fvecs/.ivecs files, the plain format shared with other ANN tools
// (hnswlib, Faiss benchmarks) so every contender reads the same bytes.
package anndata

import "github.com/gokernel/gokernel/mllib/vec"

// Dataset is a set of base vectors to index and held-out queries, stored
// flat and row-major.
type Dataset struct {
	Name   string
	Dim    int
	Metric vec.Metric
	Train  []float32 // NumTrain()*Dim
	Test   []float32 // NumTest()*Dim
	// Labels are the class labels where the dataset has them (nil
	// otherwise): for Fashion-MNIST the clothing class 0-9, for the
	// synthetic data the cluster.
	TrainLabels []uint8
	TestLabels  []uint8
}

// NumTrain returns the number of base vectors.
func (d *Dataset) NumTrain() int { return len(d.Train) / d.Dim }

// NumTest returns the number of queries.
func (d *Dataset) NumTest() int { return len(d.Test) / d.Dim }

// TrainRow returns base vector i.
func (d *Dataset) TrainRow(i int) []float32 { return d.Train[i*d.Dim : (i+1)*d.Dim] }

// TestRow returns query i.
func (d *Dataset) TestRow(i int) []float32 { return d.Test[i*d.Dim : (i+1)*d.Dim] }
