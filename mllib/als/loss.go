package als

import (
	"context"

	"github.com/gokernel/gokernel/mllib/sparse"
)

// loss returns the objective divided by the total confidence. It uses
//
//	sum_{u,i} c (p - s)^2 = sum_u x_uᵀ YtY x_u + sum_{nonzeros} [c (1-s)^2 - s^2]
//
// (s = x_u·y_i): every cell first counts as unobserved, then the nonzeros are
// corrected, so the cost is that of one CG step rather than users x items.
func (s *sweeper) loss(ctx context.Context, x, y []float32, c *sparse.CSR, gramY []float32) (float64, error) {
	f := s.f
	rows := c.Rows()
	nb := (rows + rowBlock - 1) / rowBlock
	err := s.parallel(ctx, nb, func(w, b int) {
		ap := s.scratch[w].ap
		var sum float64
		for u := b * rowBlock; u < min(rows, (b+1)*rowBlock); u++ {
			xu := x[u*f : (u+1)*f]
			s.gemv(gramY, xu, ap) // (YtY + lambda I) x_u: the regulariser comes for free
			sum += float64(vdot(xu, ap))
			cols, vals := c.Row(u)
			for j, i := range cols {
				sc := float64(vdot(xu, y[int(i)*f:int(i)*f+f]))
				cu := 1 + float64(vals[j])
				sum += cu*(1-sc)*(1-sc) - sc*sc
			}
		}
		s.lossParts[b] = sum
	})
	if err != nil {
		return 0, err
	}
	var total, conf float64
	for _, p := range s.lossParts[:nb] {
		total += p
	}
	var reg float64
	for _, v := range y {
		reg += float64(v) * float64(v)
	}
	total += float64(s.lambda) * reg
	for _, v := range c.Values() {
		conf += float64(v)
	}
	conf += float64(rows) * float64(c.Cols())
	return total / conf, nil
}
