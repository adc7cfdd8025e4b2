package alsbench

// Flops returns the theoretical floating-point operations (a multiply-add
// counts as two) of one ALS iteration, both halves, as the mllib/als solvers
// do them: users and items rows, nnz nonzeros, f factors, steps CG steps, or
// the exact Cholesky solver when steps is 0.
func Flops(users, items, nnz, f, steps int) float64 {
	U, I, N, F := float64(users), float64(items), float64(nnz), float64(f)
	gram := (U + I) * F * (F + 1) // upper triangle of XtX and YtY
	if steps == 0 {
		// Per nonzero: lower-triangle rank-one update f(f+1) and the
		// right-hand side 2f. Per row: Cholesky f^3/3 and two triangular
		// solves 2f^2.
		return gram + 2*N*(F*(F+1)+2*F) + (U+I)*(F*F*F/3+2*F*F)
	}
	S := float64(steps)
	// Per row: one product with YtY for the initial residual and one per step
	// (2f^2 each), plus about 10f of vector updates per step. Per nonzero: a
	// dot and an axpy (4f) for the residual and for every step.
	perRow := (S+1)*(2*F*F+F) + 10*F*S
	return gram + (U+I)*perRow + 2*N*4*F*(S+1)
}
