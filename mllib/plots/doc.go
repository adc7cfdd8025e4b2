// Package plots owns ready-made gonum plots for the common pictures of ML
// work: lines, scatters with point labels, histograms, heat maps of matrices,
// training-loss curves and 2-D PCA maps of embeddings.
//
// Each helper returns a *plot.Plot with a title, axis labels, a grid and, for
// several series, a legend, so it is finished as returned yet can still be
// adjusted field by field. The package only builds plots; in a gokernel
// notebook show one with display.Plot:
//
//	display.Plot(plots.Loss("ALS training", losses))
//	p, err := plots.Embedding2DRows("item factors", vectors, names)
//
// Mismatched input lengths are programmer errors and panic, as in gonum/mat.
// Points that are NaN or infinite cannot be drawn; they are left out and the
// title says how many, because a diverging loss is exactly what a curve
// should still show.
package plots
