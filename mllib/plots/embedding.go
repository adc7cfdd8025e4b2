package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
)

// Projection is a 2-D principal component projection of n vectors.
type Projection struct {
	X, Y []float64 // coordinates of vector i on the first and second component
	// Explained is the fraction of the total variance along each component,
	// telling how faithful the 2-D picture is.
	Explained [2]float64
}

// PCA2D projects the rows of m (one vector per row) onto their first two
// principal components. Component signs are fixed so that the largest
// loading of each component is positive; an SVD may return either sign, and
// a map that flips between runs is hard to compare. With fewer than two
// vectors or dimensions the missing coordinates are zero.
func PCA2D(m mat.Matrix) (Projection, error) {
	n, d := m.Dims()
	for i := range n {
		for j := range d {
			if v := m.At(i, j); !finite(v) {
				return Projection{}, fmt.Errorf("plots: PCA2D: vector %d has %v at dimension %d", i, v, j)
			}
		}
	}
	proj := Projection{X: make([]float64, n), Y: make([]float64, n)}
	if n < 2 {
		return proj, nil // a single point sits at the origin
	}
	var pc stat.PC
	if !pc.PrincipalComponents(m, nil) {
		return Projection{}, fmt.Errorf("plots: PCA2D: SVD of the %d×%d centered vectors did not converge", n, d)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	vars := pc.VarsTo(nil)
	k := min(2, len(vars))

	var total float64
	for _, v := range vars {
		total += v
	}

	means := make([]float64, d)
	for j := range d {
		for i := range n {
			means[j] += m.At(i, j)
		}
		means[j] /= float64(n)
	}
	dst := [2][]float64{proj.X, proj.Y}
	for c := range k {
		if total > 0 {
			proj.Explained[c] = vars[c] / total
		}
		sign := 1.0
		best := 0.0
		for j := range d {
			if l := vecs.At(j, c); math.Abs(l) > math.Abs(best) {
				best = l
			}
		}
		if best < 0 {
			sign = -1
		}
		for i := range n {
			var s float64
			for j := range d {
				s += (m.At(i, j) - means[j]) * vecs.At(j, c)
			}
			dst[c][i] = sign * s
		}
	}
	return proj, nil
}

// Embedding2D draws the rows of vectors (item factors, word vectors) as
// points on their first two principal components, each annotated with
// labels[i] when labels is not nil. The axis labels give the share of
// variance each component explains, the honest caveat of any 2-D map.
func Embedding2D(title string, vectors mat.Matrix, labels []string) (*plot.Plot, error) {
	proj, err := PCA2D(vectors)
	if err != nil {
		return nil, fmt.Errorf("embedding %q: %w", title, err)
	}
	p := newPlot(title,
		fmt.Sprintf("PC1 (%.1f%% of variance)", 100*proj.Explained[0]),
		fmt.Sprintf("PC2 (%.1f%% of variance)", 100*proj.Explained[1]))
	addScatter(p, "Embedding2D", 0, proj.X, proj.Y, labels)
	return p, nil
}

// Embedding2DRows is Embedding2D for vectors given as equal-length rows.
func Embedding2DRows(title string, vectors [][]float64, labels []string) (*plot.Plot, error) {
	m, err := denseRows(vectors)
	if err != nil {
		return nil, fmt.Errorf("embedding %q: %w", title, err)
	}
	return Embedding2D(title, m, labels)
}
