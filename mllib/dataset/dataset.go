package dataset

import (
	"fmt"

	"github.com/gokernel/gokernel/mllib/sparse"
)

// Dataset is a users x items matrix of interaction counts with the maps from
// the external user and item keys to its rows and columns.
type Dataset struct {
	Matrix *sparse.CSR
	Users  *sparse.IDMap
	Items  *sparse.IDMap
}

// String summarises the data set for notebooks.
func (d *Dataset) String() string {
	return fmt.Sprintf("dataset: %d users x %d items, %d interactions", d.Matrix.Rows(), d.Matrix.Cols(), d.Matrix.NNZ())
}

// numberedIDs returns a map with keys prefix0, prefix1, ...
func numberedIDs(prefix string, n int) *sparse.IDMap {
	m := sparse.NewIDMap()
	for i := 0; i < n; i++ {
		m.Add(fmt.Sprintf("%s%d", prefix, i))
	}
	return m
}
