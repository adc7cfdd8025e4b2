package plots

import (
	"math"

	"gonum.org/v1/plot"
)

// logDecades is the spread (max/min) from which a loss axis turns
// logarithmic: training losses fall by orders of magnitude, and on a linear
// axis everything after the first few iterations is a flat line at zero.
const logDecades = 100

// Loss plots a training curve: losses[i] is the loss after iteration i+1.
func Loss(title string, losses []float64) *plot.Plot {
	return LossCurves(title, Series{Y: losses})
}

// LossCurves plots several curves (training and validation, say) on one
// loss-per-iteration plot, with a legend for the named ones. A nil X in a
// series means iterations 1, 2, 3, .... The y axis is logarithmic when all
// losses are positive and span more than a factor of 100.
func LossCurves(title string, curves ...Series) *plot.Plot {
	p := newPlot(title, "iteration", "loss")
	addLines(p, "LossCurves", 1, curves)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range curves {
		for _, y := range c.Y {
			if finite(y) {
				lo, hi = math.Min(lo, y), math.Max(hi, y)
			}
		}
	}
	if lo > 0 && hi/lo > logDecades {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
		p.Y.Label.Text = "loss (log scale)"
	}
	return p
}
