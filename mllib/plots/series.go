package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// Series is one named set of points for the multi-series helpers. A nil X
// means the points are evenly spaced: index 0, 1, 2, ... for Lines and
// Scatters, iteration 1, 2, 3, ... for LossCurves.
type Series struct {
	Name string
	X, Y []float64
}

// lineWidth is thicker than gonum's default (1pt) so curves stay legible
// when the PNG is scaled down in a narrow notebook column.
const lineWidth = vg.Length(1.5)

// newPlot is the common frame: title, axis labels and a light grid.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	return p
}

// points pairs xs with ys, numbering the points from firstIndex when xs is
// nil, and drops points that are not finite. It panics on a length mismatch,
// which is a programmer error.
func points(fn string, xs, ys []float64, firstIndex int) (pts plotter.XYs, omitted int) {
	if xs != nil && len(xs) != len(ys) {
		panic(fmt.Sprintf("plots: %s: len(xs)=%d != len(ys)=%d", fn, len(xs), len(ys)))
	}
	pts = make(plotter.XYs, 0, len(ys))
	for i, y := range ys {
		x := float64(i + firstIndex)
		if xs != nil {
			x = xs[i]
		}
		if !finite(x) || !finite(y) {
			omitted++
			continue
		}
		pts = append(pts, plotter.XY{X: x, Y: y})
	}
	return pts, omitted
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// noteOmitted adds a second title line when points were left out, so a plot
// never silently shows less than it was given.
func noteOmitted(p *plot.Plot, omitted int) {
	if omitted == 0 {
		return
	}
	noun := "values"
	if omitted == 1 {
		noun = "value"
	}
	p.Title.Text += fmt.Sprintf("\n(%d NaN/Inf %s omitted)", omitted, noun)
}

// must is for plotter constructors whose only failure modes (no data, NaN,
// Inf) the callers have already ruled out; an error here is a bug in this
// package.
func must[T any](v T, err error) T {
	if err != nil {
		panic("plots: internal error: " + err.Error())
	}
	return v
}

// addLines draws each series as a line in its own color, with a legend entry
// when it has a name.
func addLines(p *plot.Plot, fn string, firstIndex int, series []Series) {
	omitted := 0
	for i, s := range series {
		pts, n := points(fn, s.X, s.Y, firstIndex)
		omitted += n
		if len(pts) == 0 {
			continue
		}
		l := must(plotter.NewLine(pts))
		l.Color = plotutil.Color(i)
		l.Width = lineWidth
		p.Add(l)
		if s.Name != "" {
			p.Legend.Add(s.Name, l)
		}
	}
	noteOmitted(p, omitted)
}
