package display

import (
	"bytes"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default plot size in CSS pixels: wide enough for a legend, short enough to
// leave the code visible above it.
const (
	DefaultPlotWidth  = 640
	DefaultPlotHeight = 400
)

// PlotOption changes how Plot and PlotBundle render.
type PlotOption func(*plotConfig)

type plotConfig struct {
	width, height int     // CSS pixels
	scale         float64 // PNG device pixels per CSS pixel
	svg           bool
}

// Size sets the displayed size in CSS pixels (default 640x400).
func Size(width, height int) PlotOption {
	return func(c *plotConfig) { c.width, c.height = width, height }
}

// Scale sets the PNG pixel density (default 2, sharp on high-density
// screens; 1 halves the size of the PNG four times over).
func Scale(s float64) PlotOption {
	return func(c *plotConfig) { c.scale = s }
}

// PNGOnly leaves out the SVG form. A scatter of a hundred thousand points is a
// few hundred kilobytes as PNG but megabytes as SVG, and the notebook file
// stores every form.
func PNGOnly() PlotOption {
	return func(c *plotConfig) { c.svg = false }
}

// PlotBundle renders p as a PNG at twice the display size (shown at 1x through
// the width/height metadata) and as SVG. Rendering errors become the bundle's
// text (see the package comment); RenderPlot returns them instead.
func PlotBundle(p *plot.Plot, opts ...PlotOption) Bundle {
	b, err := RenderPlot(p, opts...)
	if err != nil {
		return errorBundle("%v", err)
	}
	return b
}

// Plot publishes p (see PlotBundle).
func Plot(p *plot.Plot, opts ...PlotOption) { Publish(PlotBundle(p, opts...)) }

// RenderPlot is PlotBundle for callers that want the error.
func RenderPlot(p *plot.Plot, opts ...PlotOption) (Bundle, error) {
	if p == nil {
		return Bundle{}, fmt.Errorf("plot: nil *plot.Plot")
	}
	cfg := plotConfig{width: DefaultPlotWidth, height: DefaultPlotHeight, scale: 2, svg: true}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.width <= 0 || cfg.height <= 0 {
		return Bundle{}, fmt.Errorf("plot: size %dx%d is not positive", cfg.width, cfg.height)
	}
	if cfg.scale <= 0 {
		return Bundle{}, fmt.Errorf("plot: scale %g is not positive", cfg.scale)
	}
	// vg lengths are points (1/72 in) and a CSS pixel is 1/96 in; rendering at
	// 96*scale DPI gives scale device pixels per CSS pixel.
	w, h := vg.Length(cfg.width)*vg.Inch/96, vg.Length(cfg.height)*vg.Inch/96

	var pngBuf bytes.Buffer
	err := drawSafely(func() error {
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(int(96*cfg.scale+0.5)))
		p.Draw(draw.New(c))
		_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(&pngBuf)
		return err
	})
	if err != nil {
		return Bundle{}, fmt.Errorf("plot %q as PNG: %w", p.Title.Text, err)
	}
	b := PNGBundleScaled(pngBuf.Bytes(), cfg.scale)
	title := p.Title.Text
	if title == "" {
		title = "untitled"
	}
	b.Data[MIMEText] = fmt.Sprintf("<plot %q %dx%d>", title, cfg.width, cfg.height)
	// Rounding the DPI may leave the PNG a pixel off; the metadata must state
	// the requested size so PNG and SVG show alike.
	b.Metadata[MIMEPNG] = map[string]any{"width": cfg.width, "height": cfg.height}

	if cfg.svg {
		var svgBuf bytes.Buffer
		err := drawSafely(func() error {
			c := vgsvg.New(w, h)
			p.Draw(draw.New(c))
			_, err := c.WriteTo(&svgBuf)
			return err
		})
		if err != nil {
			return Bundle{}, fmt.Errorf("plot %q as SVG: %w", p.Title.Text, err)
		}
		b.Data[MIMESVG] = svgBuf.String()
	}
	return b, nil
}

// drawSafely turns a panic inside gonum/plot into an error. gonum panics on
// data it cannot draw (for example an axis whose range is NaN); in a notebook
// that is a data problem to report next to the cell, not a reason to abort it.
func drawSafely(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("drawing panicked: %v", r)
		}
	}()
	return f()
}
