package als

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/gokernel/gokernel/internal/interrupt"
	"github.com/gokernel/gokernel/mllib/sparse"
)

// ErrEmpty reports an interaction matrix without users, items or nonzeros.
var ErrEmpty = errors.New("als: empty interaction matrix")

// ErrNilModel is returned by the methods of a nil *Model, such as the one a notebook
// variable holds after the cell that should have fitted it failed.
var ErrNilModel = errors.New("als: nil model (was it fitted?)")

// Fit factorises the users x items matrix of implicit counts (rows are users,
// columns items; values are counts >= 0) and returns the model. It stops with
// ctx's error (its context.Cause), wrapped, when ctx is cancelled, checking
// between small blocks of rows so that it stops within milliseconds. In a
// gokernel notebook, interrupting the cell stops it too, whatever context the
// cell passed.
func Fit(ctx context.Context, m *sparse.CSR, opt Options) (*Model, error) {
	start := time.Now()
	ctx, release := interrupt.With(ctx)
	defer release()
	if m == nil || m.Rows() == 0 || m.Cols() == 0 || m.NNZ() == 0 {
		if m == nil {
			return nil, fmt.Errorf("%w: nil", ErrEmpty)
		}
		return nil, fmt.Errorf("%w: %dx%d with %d nonzeros", ErrEmpty, m.Rows(), m.Cols(), m.NNZ())
	}
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	cui, err := confidence(m, o)
	if err != nil {
		return nil, err
	}
	f := o.Factors
	model := &Model{
		factors: f,
		users:   m.Rows(),
		items:   m.Cols(),
		lambda:  o.Lambda,
		x:       make([]float32, m.Rows()*f),
		y:       make([]float32, m.Cols()*f),
		seen:    cui,
	}
	// Small positive factors, as in `implicit`: the first half-iteration
	// then starts from predictions near zero and moves them towards 1.
	rng := rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15))
	for i := range model.x {
		model.x[i] = rng.Float32() * 0.01
	}
	for i := range model.y {
		model.y[i] = rng.Float32() * 0.01
	}
	if o.Iterations == 0 {
		return model, nil
	}
	ciu := cui.T()
	s := newSweeper(o, max(m.Rows(), m.Cols()))
	var gramY []float32 // YtY carried over from the loss computation
	for it := 1; it <= o.Iterations; it++ {
		itStart := time.Now()
		if gramY == nil {
			gramY, err = s.gram(ctx, model.y, m.Cols(), s.gramA)
			if err != nil {
				return nil, fmt.Errorf("als: iteration %d: %w", it, err)
			}
		}
		if err := s.solve(ctx, model.x, model.y, cui, gramY); err != nil {
			return nil, fmt.Errorf("als: iteration %d users: %w", it, err)
		}
		gramX, err := s.gram(ctx, model.x, m.Rows(), s.gramB)
		if err != nil {
			return nil, fmt.Errorf("als: iteration %d: %w", it, err)
		}
		if err := s.solve(ctx, model.y, model.x, ciu, gramX); err != nil {
			return nil, fmt.Errorf("als: iteration %d items: %w", it, err)
		}
		gramY = nil
		report := Iteration{Iteration: it, Iterations: o.Iterations, Duration: time.Since(itStart)}
		if o.ComputeLoss {
			if gramY, err = s.gram(ctx, model.y, m.Cols(), s.gramA); err != nil {
				return nil, fmt.Errorf("als: iteration %d loss: %w", it, err)
			}
			if report.Loss, err = s.loss(ctx, model.x, model.y, cui, gramY); err != nil {
				return nil, fmt.Errorf("als: iteration %d loss: %w", it, err)
			}
			report.HasLoss = true
		}
		report.Elapsed = time.Since(start)
		if o.Progress != nil {
			o.Progress(report)
		}
	}
	return model, nil
}

// Loss returns the normalised objective (see Iteration.Loss) of the model on
// its training data. It is mainly for tests and for checking a model loaded
// from disk.
func (m *Model) Loss(ctx context.Context) (float64, error) {
	ctx, release := interrupt.With(ctx)
	defer release()
	s := newSweeper(Options{Factors: m.factors, Lambda: m.lambda, Workers: runtime.GOMAXPROCS(0)}, max(m.users, m.items))
	g, err := s.gram(ctx, m.y, m.items, s.gramA)
	if err != nil {
		return 0, fmt.Errorf("als: loss: %w", err)
	}
	l, err := s.loss(ctx, m.x, m.y, m.seen, g)
	if err != nil {
		return 0, fmt.Errorf("als: loss: %w", err)
	}
	return l, nil
}
