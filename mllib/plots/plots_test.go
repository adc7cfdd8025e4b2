package plots

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// renderPNG draws p with vgimg, as display.Plot does, and checks that the
// result decodes. plots must not import display, so it is redone here, at 1x
// density: the 2x path is display's to test, and pixels are slow under -race.
func renderPNG(t *testing.T, p *plot.Plot) {
	t.Helper()
	c := vgimg.NewWith(vgimg.UseWH(480, 300), vgimg.UseDPI(96))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		t.Fatalf("writing PNG: %v", err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if w := img.Bounds().Dx(); w != int(480*96/vg.Inch) {
		t.Errorf("PNG width %d", w)
	}
}

func TestHelpersRender(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	xs := []float64{0, 1, 2, 3, 4}
	ys := []float64{1, 3, 2, 5, 4}
	big := mat.NewDense(80, 80, nil) // rasterized path
	for i := range 80 {
		for j := range 80 {
			big.Set(i, j, math.Sin(float64(i*j)))
		}
	}
	embed, err := Embedding2DRows("items", [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}}, []string{"a", "b", "c", "d"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		p     *plot.Plot
		title string // full title, with any note
	}{
		{"line", Line("line", xs, ys), "line"},
		{"line by index", Line("idx", nil, ys), "idx"},
		{"lines", Lines("lines", "t", "v", Series{Name: "a", Y: ys}, Series{Name: "b", X: xs, Y: xs}), "lines"},
		{"line with NaN", Line("nan", xs, []float64{1, nan, 2, inf, 3}), "nan\n(2 NaN/Inf values omitted)"},
		{"empty line", Line("empty", nil, nil), "empty"},
		{"scatter", Scatter("scatter", xs, ys, nil), "scatter"},
		{"scatter labels", Scatter("labels", xs, ys, []string{"a", "b", "c", "d", "e"}), "labels"},
		{"scatter labels NaN", Scatter("labels", xs, []float64{1, nan, 2, 3, 4}, []string{"a", "b", "c", "d", "e"}), "labels\n(1 NaN/Inf value omitted)"},
		{"scatters", Scatters("groups", "x", "y", Series{Name: "g1", X: xs, Y: ys}, Series{Name: "g2", X: ys, Y: xs}), "groups"},
		{"histogram", Histogram("hist", []float64{1, 2, 2, 3, 3, 3, 10, nan}, 0), "hist\n(1 NaN/Inf value omitted)"},
		{"histogram constant", Histogram("const", []float64{5, 5, 5}, 4), "const"},
		{"histogram empty", Histogram("none", nil, 0), "none"},
		{"heatmap", HeatmapRows("heat", [][]float64{{1, 2, 3}, {4, nan, 6}}, []string{"u1", "u2"}, []string{"i1", "i2", "i3"}), "heat\n(1 NaN/Inf value omitted)"},
		{"heatmap diverging", HeatmapRows("div", [][]float64{{-1, 2}, {3, -4}}, nil, nil), "div"},
		{"heatmap constant", HeatmapRows("flat", [][]float64{{7, 7}, {7, 7}}, nil, nil), "flat"},
		{"heatmap all NaN", HeatmapRows("void", [][]float64{{nan}}, nil, nil), "void\n(1 NaN/Inf value omitted)"},
		{"heatmap big", Heatmap("big", big, nil, nil), "big"},
		{"loss", Loss("loss", []float64{1, 0.5, 0.3, 0.25}), "loss"},
		{"loss log", Loss("loss", []float64{100, 10, 1, 0.1, nan}), "loss\n(1 NaN/Inf value omitted)"},
		{"loss curves", LossCurves("curves", Series{Name: "train", Y: []float64{3, 2, 1}}, Series{Name: "valid", Y: []float64{3.5, 2.5, 2}}), "curves"},
		{"embedding", embed, "items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.p.Title.Text != tt.title {
				t.Errorf("title = %q, want %q", tt.p.Title.Text, tt.title)
			}
			renderPNG(t, tt.p)
		})
	}
}

func TestDefaults(t *testing.T) {
	p := Lines("t", "epoch", "recall", Series{Name: "als", Y: []float64{1, 2}}, Series{Y: []float64{2, 1}})
	if p.X.Label.Text != "epoch" || p.Y.Label.Text != "recall" {
		t.Errorf("axis labels %q %q", p.X.Label.Text, p.Y.Label.Text)
	}

	if _, ok := Loss("l", []float64{1000, 1}).Y.Scale.(plot.LogScale); !ok {
		t.Error("loss spanning 3 decades is not log scale")
	}
	if _, ok := Loss("l", []float64{2, 1}).Y.Scale.(plot.LogScale); ok {
		t.Error("loss within a factor 2 is log scale")
	}
	if _, ok := Loss("l", []float64{1000, 0}).Y.Scale.(plot.LogScale); ok {
		t.Error("loss reaching 0 is log scale, which cannot show 0")
	}
	if p := Loss("l", []float64{1, 2}); p.X.Label.Text != "iteration" {
		t.Errorf("loss x label %q", p.X.Label.Text)
	}

	e, err := Embedding2DRows("e", [][]float64{{2, 0}, {-2, 0}, {0, 1}, {0, -1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e.X.Label.Text != "PC1 (80.0% of variance)" || e.Y.Label.Text != "PC2 (20.0% of variance)" {
		t.Errorf("embedding axis labels %q, %q", e.X.Label.Text, e.Y.Label.Text)
	}
}

func TestProgrammerErrorsPanic(t *testing.T) {
	tests := map[string]func(){
		"line lengths":     func() { Line("x", []float64{1}, []float64{1, 2}) },
		"scatter labels":   func() { Scatter("x", []float64{1}, []float64{1}, []string{"a", "b"}) },
		"scatter nil xs":   func() { Scatter("x", nil, []float64{1}, nil) },
		"heatmap ragged":   func() { HeatmapRows("x", [][]float64{{1, 2}, {3}}, nil, nil) },
		"heatmap empty":    func() { HeatmapRows("x", nil, nil, nil) },
		"heatmap rowLabel": func() { HeatmapRows("x", [][]float64{{1}}, []string{"a", "b"}, nil) },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("no panic")
				}
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, "plots: ") {
					t.Errorf("panic %v does not say where it came from", r)
				}
			}()
			f()
		})
	}
}

func TestPCA2D(t *testing.T) {
	// Points on the line through c along the unit direction u = (1,2,2)/3 at
	// parameters ts: the first component is u, the scores are ts minus their
	// mean, and nothing is left for the second component.
	ts := []float64{-3, -1, 0, 2, 7}
	c := []float64{10, -5, 1}
	m := mat.NewDense(len(ts), 3, nil)
	for i, tv := range ts {
		m.SetRow(i, []float64{c[0] + tv/3, c[1] + 2*tv/3, c[2] + 2*tv/3})
	}
	proj, err := PCA2D(m)
	if err != nil {
		t.Fatal(err)
	}
	mean := 1.0 // of ts
	for i, tv := range ts {
		if math.Abs(proj.X[i]-(tv-mean)) > 1e-9 || math.Abs(proj.Y[i]) > 1e-9 {
			t.Errorf("point %d projects to (%g, %g), want (%g, 0)", i, proj.X[i], proj.Y[i], tv-mean)
		}
	}
	if math.Abs(proj.Explained[0]-1) > 1e-9 || math.Abs(proj.Explained[1]) > 1e-9 {
		t.Errorf("explained = %v, want [1 0]", proj.Explained)
	}

	// Axis-aligned data: PC1 is x (variance 8/3), PC2 is y (variance 2/3),
	// and the sign convention keeps both positive-going.
	m = mat.NewDense(4, 2, []float64{2, 0, -2, 0, 0, 1, 0, -1})
	proj, err = PCA2D(m)
	if err != nil {
		t.Fatal(err)
	}
	wantX, wantY := []float64{2, -2, 0, 0}, []float64{0, 0, 1, -1}
	for i := range wantX {
		if math.Abs(proj.X[i]-wantX[i]) > 1e-9 || math.Abs(proj.Y[i]-wantY[i]) > 1e-9 {
			t.Errorf("point %d projects to (%g, %g), want (%g, %g)", i, proj.X[i], proj.Y[i], wantX[i], wantY[i])
		}
	}
	if math.Abs(proj.Explained[0]-0.8) > 1e-9 || math.Abs(proj.Explained[1]-0.2) > 1e-9 {
		t.Errorf("explained = %v, want [0.8 0.2]", proj.Explained)
	}

	// Flipping the data flips nothing: the sign convention fixes the picture.
	flipped := mat.NewDense(4, 2, nil)
	flipped.Scale(-1, m)
	pf, _ := PCA2D(flipped)
	for i := range wantX {
		if math.Abs(pf.X[i]+wantX[i]) > 1e-9 {
			t.Errorf("flipped point %d: x = %g, want %g", i, pf.X[i], -wantX[i])
		}
	}
}

func TestPCA2DEdges(t *testing.T) {
	one, err := PCA2D(mat.NewDense(1, 3, []float64{1, 2, 3}))
	if err != nil || one.X[0] != 0 || one.Y[0] != 0 {
		t.Errorf("single vector: %+v, %v", one, err)
	}
	line, err := PCA2D(mat.NewDense(3, 1, []float64{1, 2, 3}))
	if err != nil || line.X[0] != -1 || line.X[2] != 1 || line.Y[1] != 0 {
		t.Errorf("1-D vectors: %+v, %v", line, err)
	}
	if _, err := PCA2D(mat.NewDense(2, 2, []float64{1, math.NaN(), 0, 0})); err == nil || !strings.Contains(err.Error(), "vector 0") {
		t.Errorf("NaN: err = %v", err)
	}
	if _, err := Embedding2DRows("bad", [][]float64{{1, 2}, {3}}, nil); err == nil || !strings.Contains(err.Error(), "row 1") {
		t.Errorf("ragged: err = %v", err)
	}
	if _, err := Embedding2DRows("none", nil, nil); err == nil {
		t.Error("empty: no error")
	}
}
