package dataset

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/gokernel/gokernel/internal/interrupt"
	"github.com/gokernel/gokernel/mllib/sparse"
)

// SyntheticOptions shapes a generated data set. The zero value gives the
// MovieLens-1M shape: 6,040 users, 3,706 items, about a million interactions.
type SyntheticOptions struct {
	Users, Items int // default 6040 and 3706
	// Interactions is the target number of nonzeros (default 1,000,209, as in
	// ML-1M). The result is close to it but not exact, because no user can
	// have more than half the items.
	Interactions int
	// MinPerUser is every user's minimum activity (default 20, as in ML-1M).
	MinPerUser int
	// Factors is the rank of the planted preferences (default 8).
	Factors int
	// ItemExponent and UserExponent are the power-law exponents of item
	// popularity and of user activity by rank (defaults 0.9 and 0.8).
	ItemExponent, UserExponent float64
	// Affinity weighs the planted preferences against popularity when users
	// pick items: 0 means popularity alone (nothing to learn), larger values
	// make choices more personal. Default 2.5.
	Affinity float64
	Seed     uint64
}

// Synthetic is a generated data set with the truth it was drawn from.
type Synthetic struct {
	Dataset
	// Factors is the planted rank; UserFactors (users x Factors) and
	// ItemFactors (items x Factors) are row-major, and each x_u·y_i is
	// roughly standard normal.
	Factors                  int
	UserFactors, ItemFactors []float64
	// Popularity is each item's base weight, largest 1.
	Popularity []float64
}

func (o SyntheticOptions) withDefaults() (SyntheticOptions, error) {
	if o.Users == 0 {
		o.Users = 6040
	}
	if o.Items == 0 {
		o.Items = 3706
	}
	if o.Interactions == 0 {
		o.Interactions = 1000209
	}
	if o.MinPerUser == 0 {
		o.MinPerUser = 20
	}
	if o.Factors == 0 {
		o.Factors = 8
	}
	if o.ItemExponent == 0 {
		o.ItemExponent = 0.9
	}
	if o.UserExponent == 0 {
		o.UserExponent = 0.8
	}
	if o.Affinity == 0 {
		o.Affinity = 2.5
	}
	switch {
	case o.Users < 0 || o.Items < 2 || o.Users > 1<<24 || o.Items > 1<<24:
		return o, fmt.Errorf("dataset: synthetic: %d users x %d items", o.Users, o.Items)
	case o.MinPerUser < 1 || o.MinPerUser > o.Items/2:
		return o, fmt.Errorf("dataset: synthetic: MinPerUser = %d, want 1..%d (half the items)", o.MinPerUser, o.Items/2)
	case o.Interactions < o.Users*o.MinPerUser:
		return o, fmt.Errorf("dataset: synthetic: %d interactions cannot give %d users %d each", o.Interactions, o.Users, o.MinPerUser)
	case o.Factors < 0:
		return o, fmt.Errorf("dataset: synthetic: Factors = %d", o.Factors)
	}
	for _, v := range []float64{o.ItemExponent, o.UserExponent, o.Affinity} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return o, fmt.Errorf("dataset: synthetic: exponents and affinity must be finite and >= 0, got %v", v)
		}
	}
	return o, nil
}

// GenerateSynthetic draws a data set. Each user u gets an activity n_u from a
// power law by rank (at least MinPerUser) and picks n_u distinct items with
// probability proportional to popularity_i * exp(Affinity * x_u·y_i), drawn
// without replacement by the Gumbel top-k trick. The count of a pick is
// 1 + a geometric variable whose mean grows with x_u·y_i. The result depends
// only on the options, not on the number of cores. It is
// GenerateSyntheticContext with context.Background(); in a gokernel notebook,
// interrupting the cell stops it all the same.
func GenerateSynthetic(opt SyntheticOptions) (*Synthetic, error) {
	return GenerateSyntheticContext(context.Background(), opt)
}

// GenerateSyntheticContext is GenerateSynthetic, stopping with ctx's error
// (its context.Cause), wrapped, when ctx is cancelled or a gokernel notebook
// cell is interrupted; it checks between users, each of which costs one pass
// over the items.
func GenerateSyntheticContext(ctx context.Context, opt SyntheticOptions) (*Synthetic, error) {
	ctx, release := interrupt.With(ctx)
	defer release()
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(o.Seed, 1))
	k := o.Factors
	s := &Synthetic{
		Factors:     k,
		UserFactors: make([]float64, o.Users*k),
		ItemFactors: make([]float64, o.Items*k),
		Popularity:  make([]float64, o.Items),
	}
	// Scale so x·y has variance 1 whatever the rank.
	scale := 1 / math.Sqrt(math.Sqrt(float64(max(k, 1))))
	for i := range s.UserFactors {
		s.UserFactors[i] = rng.NormFloat64() * scale
	}
	for i := range s.ItemFactors {
		s.ItemFactors[i] = rng.NormFloat64() * scale
	}
	for i, r := range rng.Perm(o.Items) {
		s.Popularity[i] = math.Pow(float64(r+1), -o.ItemExponent)
	}
	activity := make([]int, o.Users)
	weights := make([]float64, o.Users)
	var wsum float64
	for u, r := range rng.Perm(o.Users) {
		weights[u] = math.Pow(float64(r+1), -o.UserExponent)
		wsum += weights[u]
	}
	extra := float64(o.Interactions - o.Users*o.MinPerUser)
	limit := o.Items / 2
	for u := range activity {
		activity[u] = min(limit, o.MinPerUser+int(math.Round(extra*weights[u]/wsum)))
	}
	// The heaviest users hit the limit; hand what they could not take to the
	// others in proportion to their weights, so the total stays near target.
	for range 20 {
		total, open := 0, 0.0
		for u, n := range activity {
			total += n
			if n < limit {
				open += weights[u]
			}
		}
		deficit := float64(o.Interactions - total)
		if deficit < 1 || open == 0 {
			break
		}
		for u, n := range activity {
			if n < limit {
				activity[u] = min(limit, n+int(math.Round(deficit*weights[u]/open)))
			}
		}
	}

	rows := make([][]sparse.Triplet, o.Users)
	logPop := make([]float64, o.Items)
	for i, p := range s.Popularity {
		logPop[i] = math.Log(p)
	}
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys := make([]float64, o.Items)
			order := make([]int, o.Items)
			for u := w; u < o.Users && ctx.Err() == nil; u += workers {
				// A stream per user keeps the result independent of workers.
				ur := rand.New(rand.NewPCG(o.Seed, uint64(u)+2))
				xu := s.UserFactors[u*k : (u+1)*k]
				for i := range keys {
					var a float64
					yi := s.ItemFactors[i*k : (i+1)*k]
					for f := range xu {
						a += xu[f] * yi[f]
					}
					keys[i] = logPop[i] + o.Affinity*a - math.Log(ur.ExpFloat64())
					order[i] = i
				}
				n := activity[u]
				topK(order, keys, n)
				picked := order[:n]
				slices.Sort(picked)
				row := make([]sparse.Triplet, n)
				for j, i := range picked {
					var a float64
					yi := s.ItemFactors[i*k : (i+1)*k]
					for f := range xu {
						a += xu[f] * yi[f]
					}
					mean := math.Exp(0.5 * a) // extra plays beyond the first
					extraPlays := math.Floor(ur.ExpFloat64() * mean)
					row[j] = sparse.Triplet{Row: u, Col: i, Value: float32(1 + min(extraPlays, 1000))}
				}
				rows[u] = row
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("dataset: synthetic: %w", context.Cause(ctx))
	}
	var trips []sparse.Triplet
	for _, r := range rows {
		trips = append(trips, r...)
	}
	m, err := sparse.NewCSR(o.Users, o.Items, trips)
	if err != nil {
		return nil, fmt.Errorf("dataset: synthetic: %w", err)
	}
	s.Dataset = Dataset{Matrix: m, Users: numberedIDs("u", o.Users), Items: numberedIDs("i", o.Items)}
	return s, nil
}

// topK reorders idx so its first n entries are those with the largest keys
// (quickselect; ties are rare with continuous Gumbel noise and then broken by
// position, which is deterministic).
func topK(idx []int, keys []float64, n int) {
	lo, hi := 0, len(idx)-1
	for lo < hi {
		p := keys[idx[(lo+hi)/2]]
		i, j := lo, hi
		for i <= j {
			for keys[idx[i]] > p {
				i++
			}
			for keys[idx[j]] < p {
				j--
			}
			if i <= j {
				idx[i], idx[j] = idx[j], idx[i]
				i++
				j--
			}
		}
		switch {
		case n-1 <= j:
			hi = j
		case n-1 >= i:
			lo = i
		default:
			return
		}
	}
}
