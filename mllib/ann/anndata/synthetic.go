package anndata

import (
	"math"
	"math/rand/v2"

	"github.com/gokernel/gokernel/mllib/vec"
)

// ClusteredConfig describes a synthetic dataset of Gaussian clusters on the
// unit sphere, the shape of real embedding collections: items of a kind
// lie close together, and kinds point in different directions.
type ClusteredConfig struct {
	N        int     // base vectors; default 100,000
	Queries  int     // held-out queries from the same clusters; default 1,000
	Dim      int     // default 100
	Clusters int     // default 100
	Spread   float64 // per-coordinate noise around a unit centre; default 1/sqrt(Dim)
	Seed     uint64
}

// Clustered generates a dataset under the cosine metric. The same config
// always yields the same vectors: it uses one PCG stream seeded by Seed,
// drawn in a fixed order.
func Clustered(cfg ClusteredConfig) *Dataset {
	if cfg.N == 0 {
		cfg.N = 100_000
	}
	if cfg.Queries == 0 {
		cfg.Queries = 1000
	}
	if cfg.Dim == 0 {
		cfg.Dim = 100
	}
	if cfg.Clusters == 0 {
		cfg.Clusters = 100
	}
	if cfg.Spread == 0 {
		// Noise of norm ~1 around a unit centre: clusters overlap enough
		// that a neighbour search must look past cluster boundaries.
		cfg.Spread = 1 / math.Sqrt(float64(cfg.Dim))
	}
	if cfg.N < 0 || cfg.Queries < 0 || cfg.Dim < 1 || cfg.Clusters < 1 || cfg.Spread < 0 {
		panic("anndata: invalid ClusteredConfig")
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	centres := make([]float32, cfg.Clusters*cfg.Dim)
	for i := range centres {
		centres[i] = float32(r.NormFloat64())
	}
	vec.NormalizeRows(centres, cfg.Dim)
	gen := func(n int) ([]float32, []uint8) {
		data := make([]float32, n*cfg.Dim)
		labels := make([]uint8, n)
		for i := 0; i < n; i++ {
			c := r.IntN(cfg.Clusters)
			labels[i] = uint8(c)
			row := data[i*cfg.Dim : (i+1)*cfg.Dim]
			centre := centres[c*cfg.Dim : (c+1)*cfg.Dim]
			for j := range row {
				row[j] = centre[j] + float32(cfg.Spread*r.NormFloat64())
			}
			vec.Normalize(row)
		}
		return data, labels
	}
	d := &Dataset{Name: "clustered", Dim: cfg.Dim, Metric: vec.Cosine}
	d.Train, d.TrainLabels = gen(cfg.N)
	d.Test, d.TestLabels = gen(cfg.Queries)
	return d
}
