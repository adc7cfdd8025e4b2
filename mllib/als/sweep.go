package als

import (
	"context"
	"math"
	"sync"
	"sync/atomic"

	"github.com/gokernel/gokernel/mllib/sparse"
)

// Rows are handed to workers in blocks: small enough to balance power-law row
// lengths and to notice cancellation quickly, large enough that the atomic
// counter is noise.
const rowBlock = 32

// gramBlock rows share one partial Gram matrix. The partials are summed in
// block order, so YtY does not depend on how blocks met workers.
const gramBlock = 256

// sweeper holds everything one half-iteration needs, allocated once per Fit so
// that the per-row solves allocate nothing.
type sweeper struct {
	f       int
	lambda  float32
	steps   int
	exact   bool
	workers int

	gramA, gramB []float32 // f x f outputs: YtY for the user half, XtX for the item half
	partial      []float32 // gram partials, one f x f block per gramBlock rows
	lossParts    []float64
	scratch      []scratch
}

// scratch is one worker's private buffers.
type scratch struct {
	r, p, ap, b []float32 // CG vectors and the Cholesky right-hand side
	a           []float32 // f x f system for Cholesky
	l           []float64 // its factor
	z           []float64 // triangular-solve vector
}

func newSweeper(o Options, maxRows int) *sweeper {
	f := o.Factors
	w := max(1, o.Workers)
	s := &sweeper{
		f:         f,
		lambda:    float32(o.Lambda),
		steps:     o.CGSteps,
		exact:     o.Solver == Cholesky,
		workers:   w,
		gramA:     make([]float32, f*f),
		gramB:     make([]float32, f*f),
		partial:   make([]float32, (maxRows+gramBlock-1)/gramBlock*f*f),
		lossParts: make([]float64, (maxRows+rowBlock-1)/rowBlock),
		scratch:   make([]scratch, w),
	}
	for i := range s.scratch {
		sc := &s.scratch[i]
		sc.r, sc.p, sc.ap, sc.b = make([]float32, f), make([]float32, f), make([]float32, f), make([]float32, f)
		if s.exact {
			sc.a = make([]float32, f*f)
			sc.l = make([]float64, f*f)
			sc.z = make([]float64, f)
		}
	}
	return s
}

// parallel runs fn(worker, block) for blocks 0..n-1 on s.workers goroutines.
// Which worker gets which block varies; callers make results independent of it.
func (s *sweeper) parallel(ctx context.Context, n int, fn func(w, b int)) error {
	if s.workers == 1 {
		for b := 0; b < n; b++ {
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			fn(0, b)
		}
		return nil
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < s.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				b := int(next.Add(1) - 1)
				if b >= n {
					return
				}
				fn(w, b)
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// gram computes VᵀV for the n x f row-major v into out (f x f, full square).
func (s *sweeper) gram(ctx context.Context, v []float32, n int, out []float32) ([]float32, error) {
	f := s.f
	nb := (n + gramBlock - 1) / gramBlock
	err := s.parallel(ctx, nb, func(_, b int) {
		part := s.partial[b*f*f : (b+1)*f*f]
		clear(part)
		for r := b * gramBlock; r < min(n, (b+1)*gramBlock); r++ {
			syrLower(part, f, v[r*f:(r+1)*f], 1) // lower triangle only
		}
	})
	if err != nil {
		return nil, err
	}
	for a := 0; a < f; a++ {
		for c := 0; c <= a; c++ {
			var sum float64
			for b := 0; b < nb; b++ {
				sum += float64(s.partial[b*f*f+a*f+c])
			}
			out[a*f+c] = float32(sum)
			out[c*f+a] = float32(sum)
		}
	}
	return out, nil
}

// solve updates every row of dst (the side being solved, rows of c) given the
// other side's factors src and their Gram matrix.
func (s *sweeper) solve(ctx context.Context, dst, src []float32, c *sparse.CSR, gram []float32) error {
	rows := c.Rows()
	f := s.f
	return s.parallel(ctx, (rows+rowBlock-1)/rowBlock, func(w, b int) {
		sc := &s.scratch[w]
		for r := b * rowBlock; r < min(rows, (b+1)*rowBlock); r++ {
			cols, vals := c.Row(r)
			x := dst[r*f : (r+1)*f]
			if s.exact {
				s.cholRow(sc, x, cols, vals, src, gram)
			} else {
				s.cgRow(sc, x, cols, vals, src, gram)
			}
		}
	})
}

// gemv sets out = g*v + lambda*v for the symmetric f x f matrix g.
func (s *sweeper) gemv(g, v, out []float32) {
	f := s.f
	if fast(f) {
		_, _, _ = g[f*f-1], v[f-1], out[f-1]
		symvAVX2(&g[0], f, &v[0], &out[0])
		vaxpy(s.lambda, v, out)
		return
	}
	for a := 0; a < f; a++ {
		out[a] = vdot(g[a*f:(a+1)*f], v) + s.lambda*v[a]
	}
}

// cgRow improves x towards the solution of
// (YtY + lambda I + Yᵀ(C-I)Y) x = YᵀC p with s.steps CG steps, touching only
// the row's nonzeros (vals hold c-1).
func (s *sweeper) cgRow(sc *scratch, x []float32, cols []int32, vals []float32, src, gram []float32) {
	f := s.f
	r, p, ap := sc.r, sc.p, sc.ap
	s.gemv(gram, x, ap)
	for k := range r {
		r[k] = -ap[k]
	}
	rowUpdate(src, f, cols, vals, x, r, 1, -1)
	copy(p, r)
	rs := vdot(r, r)
	for step := 0; step < s.steps; step++ {
		if rs < 1e-20 {
			return
		}
		s.gemv(gram, p, ap)
		rowUpdate(src, f, cols, vals, p, ap, 0, 1)
		pap := vdot(p, ap)
		if !(pap > 0) {
			return // p is in the null space of a singular system: nothing to gain
		}
		alpha := rs / pap
		vaxpy(alpha, p, x)
		vaxpy(-alpha, ap, r)
		rsNew := vdot(r, r)
		beta := rsNew / rs
		for k := range p {
			p[k] = r[k] + beta*p[k]
		}
		rs = rsNew
	}
}

// cholRow solves the row's system exactly: the f x f matrix is accumulated in
// float32 (lower triangle) and factored in float64.
func (s *sweeper) cholRow(sc *scratch, x []float32, cols []int32, vals []float32, src, gram []float32) {
	f := s.f
	a, b, l := sc.a, sc.b, sc.l
	copy(a, gram)
	for k := 0; k < f; k++ {
		a[k*f+k] += s.lambda
	}
	clear(b)
	for j, i := range cols {
		y := src[int(i)*f : int(i)*f+f]
		c := vals[j]
		if c != 0 {
			syrLower(a, f, y, c)
		}
		vaxpy(1+c, y, b)
	}
	// In-place Cholesky of the lower triangle, a = L Lᵀ.
	for k := 0; k < f; k++ {
		for m := 0; m <= k; m++ {
			l[k*f+m] = float64(a[k*f+m])
		}
	}
	for j := 0; j < f; j++ {
		lj := l[j*f : j*f+j]
		d := l[j*f+j] - impl.Ddot(j, lj, 1, lj, 1)
		if !(d > 1e-12) {
			d = 1e-12 // singular system (lambda ~ 0): regularise the pivot
		}
		d = math.Sqrt(d)
		l[j*f+j] = d
		for i := j + 1; i < f; i++ {
			l[i*f+j] = (l[i*f+j] - impl.Ddot(j, l[i*f:i*f+j], 1, lj, 1)) / d
		}
	}
	// Solve L z = b, then Lᵀ x = z.
	z := sc.z
	for i := 0; i < f; i++ {
		z[i] = (float64(b[i]) - impl.Ddot(i, l[i*f:i*f+i], 1, z, 1)) / l[i*f+i]
	}
	for i := f - 1; i >= 0; i-- {
		v := z[i]
		for k := i + 1; k < f; k++ {
			v -= l[k*f+i] * z[k]
		}
		z[i] = v / l[i*f+i]
	}
	for i := range x {
		x[i] = float32(z[i])
	}
}
