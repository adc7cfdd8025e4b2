package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
)

// Heat map layout constants.
const (
	heatColors   = 64   // palette steps: smooth to the eye, cheap to draw
	legendSteps  = 5    // value swatches in the legend
	legendMargin = 0.25 // extra x range, as a fraction of the columns, kept free for the legend
	maxTicks     = 12   // axis ticks before they are thinned out
)

// Heatmap draws matrix m with row 0 at the top, as a matrix is written, in a
// perceptually uniform palette (diverging around zero when m has both signs)
// with a legend of values. rowLabels and colLabels name the rows and columns
// (users and items, say); nil numbers them from 0. NaN and infinite cells are
// left blank.
func Heatmap(title string, m mat.Matrix, rowLabels, colLabels []string) *plot.Plot {
	r, c := m.Dims()
	if rowLabels != nil && len(rowLabels) != r {
		panic(fmt.Sprintf("plots: Heatmap: len(rowLabels)=%d != %d rows", len(rowLabels), r))
	}
	if colLabels != nil && len(colLabels) != c {
		panic(fmt.Sprintf("plots: Heatmap: len(colLabels)=%d != %d columns", len(colLabels), c))
	}
	// No grid: its lines would cross the cells.
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text, p.Y.Label.Text = "column", "row"
	p.Legend.Top = true
	p.Legend.Left = false
	p.X.Padding, p.Y.Padding = 0, 0

	g := grid{m: m, rows: r}
	lo, hi := math.Inf(1), math.Inf(-1)
	blank := 0
	for i := range r {
		for j := range c {
			if v := m.At(i, j); finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			} else {
				blank++
			}
		}
	}
	noteOmitted(p, blank)
	if lo > hi { // no finite value: nothing to color
		return p
	}
	if lo == hi {
		// A constant matrix has no range to spread the palette over; gonum
		// would color every cell as NaN.
		lo, hi = lo-0.5, hi+0.5
	}

	// Values of both signs (correlations, residuals) get a diverging map
	// centered on zero, so white means zero; magnitudes (counts,
	// similarities) get a sequential one, dark to light.
	var cm palette.ColorMap
	if lo < 0 && hi > 0 {
		cm = moreland.SmoothBlueRed()
		lim := math.Max(-lo, hi)
		lo, hi = -lim, lim
	} else {
		cm = moreland.Kindlmann()
	}
	cm.SetMin(lo)
	cm.SetMax(hi)
	pal := cm.Palette(heatColors)
	h := plotter.NewHeatMap(g, pal)
	h.Min, h.Max = lo, hi
	h.Rasterized = r*c > 10000 // vector cells bloat SVG and slow drawing for big matrices; raster ones blur // vector cells bloat SVG and slow drawing for big matrices
	h.NaN = color.Transparent
	h.Underflow, h.Overflow = color.Transparent, color.Transparent // infinities
	p.Add(h)

	// The legend shares the plot area, so the x range is widened to leave
	// the right edge free for it.
	p.X.Min, p.X.Max = -0.5, float64(c)-0.5+legendMargin*float64(c)
	p.Y.Min, p.Y.Max = -0.5, float64(r)-0.5
	thumbs := plotter.PaletteThumbnailers(cm.Palette(legendSteps))
	for i := len(thumbs) - 1; i >= 0; i-- {
		v := lo + (hi-lo)*float64(i)/float64(legendSteps-1)
		p.Legend.Add(strconv.FormatFloat(v, 'g', 3, 64), thumbs[i])
	}

	p.X.Tick.Marker = indexTicks{n: c, labels: colLabels}
	p.Y.Tick.Marker = indexTicks{n: r, labels: rowLabels, flip: true}
	if colLabels != nil || rowLabels != nil {
		p.X.Label.Text, p.Y.Label.Text = "", ""
	}
	return p
}

// HeatmapRows is Heatmap for a matrix given as rows, which must all have the
// same length; ragged or empty rows panic.
func HeatmapRows(title string, rows [][]float64, rowLabels, colLabels []string) *plot.Plot {
	m, err := denseRows(rows)
	if err != nil {
		panic("plots: HeatmapRows: " + err.Error())
	}
	return Heatmap(title, m, rowLabels, colLabels)
}

// denseRows copies rows into a mat.Dense; gonum cannot represent an empty
// matrix, so empty input is an error like ragged input.
func denseRows(rows [][]float64) (*mat.Dense, error) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, fmt.Errorf("empty matrix")
	}
	c := len(rows[0])
	d := mat.NewDense(len(rows), c, nil)
	for i, row := range rows {
		if len(row) != c {
			return nil, fmt.Errorf("row %d has %d values, row 0 has %d", i, len(row), c)
		}
		d.SetRow(i, row)
	}
	return d, nil
}

// grid adapts a matrix to plotter.GridXYZ. gonum puts grid row 0 at the
// bottom; rows are flipped so matrix row 0 is at the top.
type grid struct {
	m    mat.Matrix
	rows int
}

func (g grid) Dims() (c, r int)   { r, c = g.m.Dims(); return c, r }
func (g grid) Z(c, r int) float64 { return g.m.At(g.rows-1-r, c) }
func (g grid) X(c int) float64    { return float64(c) }
func (g grid) Y(r int) float64    { return float64(r) }

// indexTicks marks cell centers with their index or label, thinned to at
// most maxTicks so big matrices stay readable; flip numbers rows from the top.
type indexTicks struct {
	n      int
	labels []string
	flip   bool
}

func (t indexTicks) Ticks(_, _ float64) []plot.Tick {
	step := max(1, (t.n+maxTicks-1)/maxTicks)
	var ticks []plot.Tick
	for i := 0; i < t.n; i += step {
		name := strconv.Itoa(i)
		if t.labels != nil {
			name = t.labels[i]
		}
		pos := float64(i)
		if t.flip {
			pos = float64(t.n - 1 - i)
		}
		ticks = append(ticks, plot.Tick{Value: pos, Label: name})
	}
	return ticks
}
