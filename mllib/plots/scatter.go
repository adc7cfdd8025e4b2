package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Scatter plots the points (xs[i], ys[i]). When labels is not nil each point
// is annotated with labels[i] (item names, say), so it must have one label
// per point; leave it nil for thousands of points, where labels only blur.
func Scatter(title string, xs, ys []float64, labels []string) *plot.Plot {
	if xs == nil {
		panic("plots: Scatter: xs is nil")
	}
	p := newPlot(title, "x", "y")
	addScatter(p, "Scatter", 0, xs, ys, labels)
	return p
}

// Scatters plots several groups of points (clusters, classes) in distinct
// colors and shapes, with a legend for the named ones.
func Scatters(title, xLabel, yLabel string, series ...Series) *plot.Plot {
	p := newPlot(title, xLabel, yLabel)
	omitted := 0
	for i, s := range series {
		pts, n := points("Scatters", s.X, s.Y, 0)
		omitted += n
		if len(pts) == 0 {
			continue
		}
		sc := must(plotter.NewScatter(pts))
		sc.Color = plotutil.Color(i)
		sc.Shape = plotutil.Shape(i)
		sc.Radius = vg.Points(3)
		p.Add(sc)
		if s.Name != "" {
			p.Legend.Add(s.Name, sc)
		}
	}
	noteOmitted(p, omitted)
	return p
}

// addScatter draws one labelled point set in color i.
func addScatter(p *plot.Plot, fn string, i int, xs, ys []float64, labels []string) {
	if labels != nil && len(labels) != len(ys) {
		panic(fmt.Sprintf("plots: %s: len(labels)=%d != %d points", fn, len(labels), len(ys)))
	}
	pts, omitted := points(fn, xs, ys, 0)
	noteOmitted(p, omitted)
	if len(pts) == 0 {
		return
	}
	sc := must(plotter.NewScatter(pts))
	sc.Color = plotutil.Color(i)
	sc.Shape = draw.CircleGlyph{}
	sc.Radius = vg.Points(3)
	p.Add(sc)
	if labels == nil {
		return
	}
	// Keep the labels of the points that survived the finiteness filter.
	kept := make([]string, 0, len(pts))
	for j := range ys {
		x := float64(j)
		if xs != nil {
			x = xs[j]
		}
		if finite(x) && finite(ys[j]) {
			kept = append(kept, labels[j])
		}
	}
	l := must(plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: kept}))
	for k := range l.TextStyle {
		// Beside the marker, not on it.
		l.TextStyle[k].Font.Size = vg.Points(9)
	}
	l.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
	p.Add(l)
}
