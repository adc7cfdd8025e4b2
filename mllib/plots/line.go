package plots

import "gonum.org/v1/plot"

// Line plots ys against xs as one line; a nil xs plots ys against its index.
func Line(title string, xs, ys []float64) *plot.Plot {
	return Lines(title, "x", "y", Series{X: xs, Y: ys})
}

// Lines plots several series as lines in distinct colors, with a legend for
// the named ones.
func Lines(title, xLabel, yLabel string, series ...Series) *plot.Plot {
	p := newPlot(title, xLabel, yLabel)
	addLines(p, "Lines", 0, series)
	return p
}
