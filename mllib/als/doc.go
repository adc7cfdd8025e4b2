// Package als owns implicit-feedback matrix factorisation by alternating
// least squares after Hu, Koren and Volinsky, "Collaborative Filtering for
// Implicit Feedback Datasets" (ICDM 2008): the fit (conjugate-gradient and
// exact Cholesky solvers, BM25 and tf-idf input weighting, progress and
// cancellation), and the fitted Model with its queries (recommendations,
// similar items and users, explanations) and binary encoding.
//
// An observation r_ui becomes a preference p_ui = 1 with confidence
// c_ui = 1 + alpha*r_ui; unobserved cells have p = 0 and c = 1. Fit minimises
//
//	sum_{u,i} c_ui (p_ui - x_u·y_i)^2 + lambda (sum_u |x_u|^2 + sum_i |y_i|^2)
//
// over user factors x_u and item factors y_i by solving for all users with the
// items fixed and then the other way round. Each solve uses
// YtY + Yᵀ(C_u - I)Y, so its cost depends only on the user's nonzeros, and
// YtY is computed once per half-iteration. The default solver runs three
// conjugate-gradient steps warm-started from the previous factors (Takács,
// Pilászy and Tikk, "Applications of the conjugate gradient method for
// implicit feedback collaborative filtering", RecSys 2011).
//
// Factors are float32. Work is split over goroutines, but every row's solve
// depends only on the other side's factors, and the sums that span rows (YtY,
// the loss) are reduced over fixed blocks in a fixed order, so a fit is
// bit-for-bit reproducible for a given seed whatever the number of workers
// (on one kind of CPU: the AVX2 kernels and the portable ones round
// differently).
package als
