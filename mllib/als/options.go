package als

import (
	"fmt"
	"math"
	"runtime"
	"time"
)

// Solver selects how each user's or item's least-squares problem is solved.
type Solver int

const (
	// CG runs Options.CGSteps conjugate-gradient steps warm-started from the
	// previous factors. It never solves exactly, but each step lowers the
	// objective and three are enough in practice (Takács et al. 2011).
	CG Solver = iota
	// Cholesky builds each f x f system and solves it exactly. It costs
	// O(nnz f^2 + n f^3) per half-iteration and is the reference CG is
	// tested against.
	Cholesky
)

func (s Solver) String() string {
	switch s {
	case CG:
		return "cg"
	case Cholesky:
		return "cholesky"
	}
	return fmt.Sprintf("Solver(%d)", int(s))
}

// Weighting selects a transformation of the raw counts before they become
// confidences. Both follow the `implicit` library: the matrix is seen as
// items (documents) by users (terms), so popular items are length-normalised
// and heavy users get a lower idf.
type Weighting int

const (
	// NoWeighting uses the counts as given.
	NoWeighting Weighting = iota
	// BM25 uses r (K1+1) / (K1 ((1-B) + B len_i/avglen) + r) * idf_u, where
	// len_i is item i's total count and idf_u = log(items) - log1p(items of u),
	// clamped at 0.
	BM25
	// TFIDF uses sqrt(r) * idf_u.
	TFIDF
)

func (w Weighting) String() string {
	switch w {
	case NoWeighting:
		return "none"
	case BM25:
		return "bm25"
	case TFIDF:
		return "tfidf"
	}
	return fmt.Sprintf("Weighting(%d)", int(w))
}

// Options configures Fit. The zero value is usable: every zero field takes
// the default documented on it.
type Options struct {
	// Factors is the number of latent factors f. Default 64.
	Factors int
	// Iterations is the number of alternating sweeps (users then items).
	// Default 15.
	Iterations int
	// Lambda is the L2 regularisation weight. Default 0.01. Use a tiny
	// positive value rather than 0 to ask for (almost) none: 0 means default.
	Lambda float64
	// Alpha scales counts into confidence c = 1 + Alpha*r. Default 1.
	Alpha float64
	// Solver picks CG (default) or Cholesky.
	Solver Solver
	// CGSteps is the number of conjugate-gradient steps per solve. Default 3.
	CGSteps int
	// Weighting transforms the counts before Alpha is applied.
	Weighting Weighting
	// BM25K1 and BM25B parameterise BM25. Defaults 100 and 0.8, as in
	// `implicit`.
	BM25K1, BM25B float64
	// Workers is the number of goroutines. Default runtime.GOMAXPROCS(0).
	// The result does not depend on it.
	Workers int
	// Seed seeds the random initial factors.
	Seed uint64
	// ComputeLoss computes the objective after every iteration and passes it
	// to Progress. It costs about one extra CG step.
	ComputeLoss bool
	// Progress, when set, is called after every iteration from the goroutine
	// that called Fit.
	Progress func(Iteration)
}

// Iteration reports progress after one sweep over users and items.
type Iteration struct {
	Iteration  int           // 1-based number of the sweep just finished
	Iterations int           // total sweeps
	Elapsed    time.Duration // since Fit started, including setup
	Duration   time.Duration // of this sweep alone (without the loss)
	// Loss is the objective divided by the total confidence
	// (users*items + sum of alpha*r), set when Options.ComputeLoss is true.
	Loss    float64
	HasLoss bool
}

func (o Options) withDefaults() (Options, error) {
	if o.Factors == 0 {
		o.Factors = 64
	}
	if o.Iterations == 0 {
		o.Iterations = 15
	}
	if o.Lambda == 0 {
		o.Lambda = 0.01
	}
	if o.Alpha == 0 {
		o.Alpha = 1
	}
	if o.CGSteps == 0 {
		o.CGSteps = 3
	}
	if o.BM25K1 == 0 {
		o.BM25K1 = 100
	}
	if o.BM25B == 0 {
		o.BM25B = 0.8
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	switch {
	case o.Factors < 0 || o.Factors > 4096:
		return o, fmt.Errorf("als: Factors = %d, want 1..4096", o.Factors)
	case o.Iterations < 0:
		return o, fmt.Errorf("als: Iterations = %d, want >= 0", o.Iterations)
	case bad(o.Lambda):
		return o, fmt.Errorf("als: Lambda = %v, want a finite value >= 0", o.Lambda)
	case bad(o.Alpha):
		return o, fmt.Errorf("als: Alpha = %v, want a finite value > 0", o.Alpha)
	case o.CGSteps < 0:
		return o, fmt.Errorf("als: CGSteps = %d, want >= 1", o.CGSteps)
	case o.Solver != CG && o.Solver != Cholesky:
		return o, fmt.Errorf("als: unknown solver %v", o.Solver)
	case o.Weighting < NoWeighting || o.Weighting > TFIDF:
		return o, fmt.Errorf("als: unknown weighting %v", o.Weighting)
	case bad(o.BM25K1) || o.BM25B < 0 || o.BM25B > 1 || math.IsNaN(o.BM25B):
		return o, fmt.Errorf("als: BM25 K1 = %v, B = %v, want K1 >= 0 and 0 <= B <= 1", o.BM25K1, o.BM25B)
	case o.Workers < 0:
		return o, fmt.Errorf("als: Workers = %d, want >= 0", o.Workers)
	}
	return o, nil
}
