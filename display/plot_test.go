package display

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

func testPlot(t *testing.T) *plot.Plot {
	t.Helper()
	p := plot.New()
	p.Title.Text = "squares & <things>"
	p.X.Label.Text = "x"
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}, {X: 2, Y: 4}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	p.Legend.Add("y=x²", l)
	return p
}

func TestPlotBundle(t *testing.T) {
	tests := []struct {
		name       string
		opts       []PlotOption
		w, h       int // display size
		pngW, pngH int
		wantSVG    bool
	}{
		{"default", nil, 640, 400, 1280, 800, true},
		{"size", []PlotOption{Size(300, 200)}, 300, 200, 600, 400, true},
		{"scale 1 png only", []PlotOption{Scale(1), PNGOnly()}, 640, 400, 640, 400, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := RenderPlot(testPlot(t), tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(decodeBase64(t, b, MIMEPNG)))
			if err != nil {
				t.Fatalf("PNG does not decode: %v", err)
			}
			if got := img.Bounds().Size(); got != image.Pt(tt.pngW, tt.pngH) {
				t.Errorf("PNG is %v, want %dx%d", got, tt.pngW, tt.pngH)
			}
			checkSize(t, b, MIMEPNG, tt.w, tt.h)
			svg, ok := b.Data[MIMESVG].(string)
			if ok != tt.wantSVG {
				t.Fatalf("has SVG = %v, want %v", ok, tt.wantSVG)
			}
			if ok {
				wellFormedXML(t, svg)
				if !strings.Contains(svg, "<svg") {
					t.Error("SVG has no <svg> element")
				}
			}
			if want := `<plot "squares & <things>"`; !strings.HasPrefix(b.PlainText(), want) {
				t.Errorf("text = %q, want prefix %q", b.PlainText(), want)
			}
		})
	}
}

// panicky is a plotter that fails the way gonum does on undrawable data.
type panicky struct{}

func (panicky) Plot(draw.Canvas, *plot.Plot) { panic("cannot draw") }

func TestPlotErrors(t *testing.T) {
	p := plot.New()
	p.Add(panicky{})
	if _, err := RenderPlot(p); err == nil || !strings.Contains(err.Error(), "cannot draw") {
		t.Errorf("panicking plot: err = %v", err)
	}
	if b := PlotBundle(p); !strings.HasPrefix(b.PlainText(), "display: plot") || len(b.Data) != 1 {
		t.Errorf("PlotBundle of a panicking plot = %v", b.Data)
	}
	for name, opts := range map[string][]PlotOption{"size": {Size(0, 10)}, "scale": {Scale(-1)}} {
		if _, err := RenderPlot(testPlot(t), opts...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := RenderPlot(nil); err == nil {
		t.Error("nil plot: no error")
	}
}

func TestPlotPublishes(t *testing.T) {
	s := record(t)
	Plot(testPlot(t), Size(200, 100))
	ev := s.all()
	if len(ev) != 1 || ev[0].b.Data[MIMEPNG] == nil {
		t.Fatalf("events = %+v", ev)
	}
}
