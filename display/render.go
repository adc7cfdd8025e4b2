package display

import (
	"fmt"
	"image"

	"gonum.org/v1/plot"
)

// Values with these methods are displayed richly when they are a cell's
// trailing value. A value may have several; the bundle then holds every form.
//
// The interfaces are exported so that yaegi extract generates wrappers for
// them. Methods of a type declared in a cell are invisible to compiled code
// holding the value as an `any`; yaegi (v0.16.1) makes them visible when the
// value is passed, with its static type, to a parameter of one of these
// interface types, e.g. an interpreted func(v display.HTMLer) that calls
// Render(v). A type assertion v.(display.HTMLer) inside the interpreter
// reports ok correctly, but the asserted value is unusable in v0.16.1.
type (
	HTMLer     interface{ HTML() string }     // rendered as text/html
	Markdowner interface{ Markdown() string } // rendered as text/markdown
	SVGer      interface{ SVG() string }      // rendered as image/svg+xml
	PNGer      interface{ PNG() []byte }      // rendered as image/png
)

// Render is the automatic display of a cell's trailing value. It returns a
// bundle (always with text/plain) for a Bundle, *Bundle, *plot.Plot,
// image.Image, or a value with an HTML, Markdown, SVG or PNG method; for any
// other value it returns ok=false and the caller formats the value as text.
// A value that also has a String method uses it for text/plain.
func Render(v any) (b Bundle, ok bool) {
	switch v := v.(type) {
	case nil:
		return Bundle{}, false
	case Bundle:
		return withText(v), true
	case *Bundle:
		if v == nil {
			return Bundle{}, false
		}
		return withText(*v), true
	case *plot.Plot:
		if v == nil {
			return Bundle{}, false
		}
		return PlotBundle(v), true
	case image.Image:
		return ImageBundle(v), true
	}

	b = Bundle{Data: map[string]any{}, Metadata: map[string]any{}}
	// Forms are merged in reverse order of preference for text/plain, so the
	// richest description wins when there is no String method.
	if x, ok := v.(PNGer); ok {
		merge(b, PNGBundle(x.PNG()))
	}
	if x, ok := v.(SVGer); ok {
		merge(b, SVGBundle(x.SVG()))
	}
	if x, ok := v.(Markdowner); ok {
		merge(b, MarkdownBundle(x.Markdown()))
	}
	if x, ok := v.(HTMLer); ok {
		merge(b, HTMLBundle(x.HTML()))
	}
	if len(b.Data) == 0 {
		return Bundle{}, false
	}
	if s, ok := v.(fmt.Stringer); ok {
		b.Data[MIMEText] = s.String()
	}
	return b, true
}

// merge copies src into dst, later forms overwriting text/plain.
func merge(dst, src Bundle) {
	for k, v := range src.Data {
		dst.Data[k] = v
	}
	for k, v := range src.Metadata {
		dst.Metadata[k] = v
	}
}
