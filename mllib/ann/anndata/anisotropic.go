package anndata

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/gokernel/gokernel/mllib/vec"
)

// AnisotropicConfig describes a harder synthetic dataset than Clustered,
// shaped like a large collection of learned embeddings: many clusters of
// very different sizes that overlap, each stretched along its own
// low-dimensional subspace, all leaning toward one shared direction, under
// isotropic noise in every dimension.
type AnisotropicConfig struct {
	N        int // base vectors; default 200,000
	Queries  int // held-out queries from the same distribution; default 10,000
	Dim      int // default 128
	Clusters int // default 1,000
	// Rank is the number of directions each cluster is stretched along;
	// default 24. Direction i has scale Spread/sqrt(i+1), a decaying
	// spectrum like that of real embeddings.
	Rank   int
	Spread float64 // scale of a cluster's first direction; default 0.5
	// Noise is the expected norm of the isotropic noise added to every
	// vector; default 0.6. It gives the data a high intrinsic dimension
	// at small distances, which is what makes graph search hard.
	Noise float64
	// Bias is the weight of the direction every vector shares (learned
	// embeddings occupy a narrow cone, not the whole sphere); default 0.5.
	Bias float64
	// Skew is the exponent of the cluster size distribution: cluster j
	// is drawn with probability proportional to 1/(j+1)^Skew, so a few
	// clusters are large and most are small. Default 0.8.
	Skew float64
	Seed uint64
}

func (cfg *AnisotropicConfig) fill() {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	deff := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&cfg.N, 200_000)
	def(&cfg.Queries, 10_000)
	def(&cfg.Dim, 128)
	def(&cfg.Clusters, 1000)
	def(&cfg.Rank, 24)
	deff(&cfg.Spread, 0.5)
	deff(&cfg.Noise, 0.6)
	deff(&cfg.Bias, 0.5)
	deff(&cfg.Skew, 0.8)
	if cfg.N < 0 || cfg.Queries < 0 || cfg.Dim < 1 || cfg.Clusters < 1 || cfg.Rank < 0 ||
		cfg.Spread < 0 || cfg.Noise < 0 || cfg.Bias < 0 || cfg.Skew < 0 {
		panic("anndata: invalid AnisotropicConfig")
	}
}

// Anisotropic generates a dataset under the cosine metric, every vector of
// unit length. A vector of cluster j is
//
//	Bias*s + c_j + sum_i (Spread/sqrt(i+1)) z_i u_ji + (Noise/sqrt(Dim)) w
//
// normalised, where s is the shared unit direction, c_j the cluster's unit
// centre, u_j1..u_jRank its unit directions (all drawn uniformly on the
// sphere), and z and w standard normal. The labels are nil: there are more
// clusters than a uint8 holds.
//
// The same config always yields the same vectors: it uses one PCG stream
// seeded by Seed, drawn in a fixed order.
func Anisotropic(cfg AnisotropicConfig) *Dataset {
	cfg.fill()
	r := rand.New(rand.NewPCG(cfg.Seed, 0xa5150))
	dim := cfg.Dim
	unit := func(n int) []float32 {
		v := make([]float32, n*dim)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		vec.NormalizeRows(v, dim)
		return v
	}
	shared := unit(1)
	centres := unit(cfg.Clusters)
	var dirs []float32
	if cfg.Rank > 0 {
		dirs = unit(cfg.Clusters * cfg.Rank)
	}
	scale := make([]float64, cfg.Rank)
	for i := range scale {
		scale[i] = cfg.Spread / math.Sqrt(float64(i+1))
	}
	// Cumulative cluster weights, drawn from by binary search.
	cum := make([]float64, cfg.Clusters)
	total := 0.0
	for j := range cum {
		total += math.Pow(float64(j+1), -cfg.Skew)
		cum[j] = total
	}
	noise := cfg.Noise / math.Sqrt(float64(dim))

	gen := func(n int) []float32 {
		data := make([]float32, n*dim)
		acc := make([]float64, dim)
		for i := 0; i < n; i++ {
			j := min(sort.SearchFloat64s(cum, r.Float64()*total), cfg.Clusters-1)
			c := centres[j*dim : (j+1)*dim]
			for d := range acc {
				acc[d] = cfg.Bias*float64(shared[d]) + float64(c[d])
			}
			for k, s := range scale {
				z := s * r.NormFloat64()
				u := dirs[(j*cfg.Rank+k)*dim : (j*cfg.Rank+k+1)*dim]
				for d := range acc {
					acc[d] += z * float64(u[d])
				}
			}
			row := data[i*dim : (i+1)*dim]
			for d := range row {
				row[d] = float32(acc[d] + noise*r.NormFloat64())
			}
			vec.Normalize(row)
		}
		return data
	}
	d := &Dataset{Name: "anisotropic", Dim: dim, Metric: vec.Cosine}
	d.Train = gen(cfg.N)
	d.Test = gen(cfg.Queries)
	return d
}
