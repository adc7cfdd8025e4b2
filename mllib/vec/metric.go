package vec

import "fmt"

// Metric selects how two vectors are compared. Every metric is expressed as a
// distance, smaller meaning closer, so that search code orders results one way.
type Metric int

const (
	// Cosine distance is 1 - cos(a, b), in [0, 2].
	Cosine Metric = iota
	// L2 distance is the squared Euclidean distance; the square root is
	// monotone, so ranking by the square is the same and cheaper.
	L2
	// InnerProduct distance is 1 - a·b, the convention of hnswlib and Faiss,
	// so that the largest dot product ranks first.
	InnerProduct
)

// String returns the metric's name: "cosine", "l2" or "ip".
func (m Metric) String() string {
	switch m {
	case Cosine:
		return "cosine"
	case L2:
		return "l2"
	case InnerProduct:
		return "ip"
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// ParseMetric is the inverse of Metric.String.
func ParseMetric(s string) (Metric, error) {
	switch s {
	case "cosine", "angular":
		return Cosine, nil
	case "l2", "euclidean":
		return L2, nil
	case "ip", "dot", "inner_product":
		return InnerProduct, nil
	}
	return 0, fmt.Errorf("vec: unknown metric %q (want cosine, l2 or ip)", s)
}

// Valid reports whether m is one of the defined metrics.
func (m Metric) Valid() bool { return m >= Cosine && m <= InnerProduct }

// Distance returns the distance between a and b under m. Cosine is computed
// exactly from the unnormalized vectors; callers comparing many vectors
// should normalize once and use InnerProduct-style 1 - Dot instead.
func Distance(m Metric, a, b []float32) float32 {
	switch m {
	case Cosine:
		return 1 - CosineSimilarity(a, b)
	case L2:
		return SquaredL2(a, b)
	case InnerProduct:
		return 1 - Dot(a, b)
	}
	panic(fmt.Sprintf("vec: invalid metric %d", int(m)))
}
