package plots

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
)

// maxAutoBins caps the automatic bin count; past it bars are thinner than a
// pixel at the default size.
const maxAutoBins = 100

// Histogram plots the distribution of values in bins bars; bins <= 0 picks
// Sturges' rule, ceil(log2 n)+1, which suits the roughly unimodal
// distributions (scores, norms, latencies) it is used for.
func Histogram(title string, values []float64, bins int) *plot.Plot {
	p := newPlot(title, "value", "count")
	vs := make(plotter.Values, 0, len(values))
	for _, v := range values {
		if finite(v) {
			vs = append(vs, v)
		}
	}
	noteOmitted(p, len(values)-len(vs))
	if len(vs) == 0 {
		return p
	}
	if bins <= 0 {
		bins = min(int(math.Ceil(math.Log2(float64(len(vs)))))+1, maxAutoBins)
	}
	h := must(plotter.NewHist(vs, bins))
	h.FillColor = plotutil.Color(0)
	h.LineStyle.Width = 0.5
	p.Add(h)
	return p
}
