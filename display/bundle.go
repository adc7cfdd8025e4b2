package display

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// MIME types used in bundles.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMELaTeX    = "text/latex"
	MIMESVG      = "image/svg+xml"
	MIMEPNG      = "image/png"
	MIMEJPEG     = "image/jpeg"
	MIMEJSON     = "application/json"
)

// Bundle is one output in several representations; the front end picks the
// richest it can show.
type Bundle struct {
	Data     map[string]any // MIME type -> content: string for text types, base64 string for binary images (PNG/JPEG) as Jupyter wants, a JSON-marshalable value for application/json
	Metadata map[string]any // per-MIME metadata, e.g. {"image/png": {"width": 640, "height": 480}}
}

// PlainText returns the text/plain form of b, or a short description naming
// its MIME types when it has none.
func (b Bundle) PlainText() string {
	if s, ok := b.Data[MIMEText].(string); ok {
		return s
	}
	return fallbackText(b)
}

// fallbackText derives a readable text form for a bundle built by hand
// without one, so Publish can keep the promise that every output has text.
func fallbackText(b Bundle) string {
	if s, ok := b.Data[MIMEHTML].(string); ok {
		return htmlToText(s)
	}
	for _, mime := range []string{MIMEMarkdown, MIMELaTeX} {
		if s, ok := b.Data[mime].(string); ok {
			return s
		}
	}
	types := slices.Sorted(maps.Keys(b.Data))
	if len(types) == 0 {
		return "<empty output>"
	}
	return "<" + strings.Join(types, ", ") + ">"
}

// withText returns a copy of b whose maps are owned by the package and which
// has a text/plain entry. Copying matters because a sink may forward the
// bundle asynchronously while the caller goes on reusing its maps.
func withText(b Bundle) Bundle {
	out := Bundle{Data: make(map[string]any, len(b.Data)+1), Metadata: make(map[string]any, len(b.Metadata))}
	maps.Copy(out.Data, b.Data)
	maps.Copy(out.Metadata, b.Metadata)
	if _, ok := out.Data[MIMEText].(string); !ok {
		out.Data[MIMEText] = fallbackText(b)
	}
	return out
}

// Publish displays an arbitrary MIME bundle, adding a text/plain form when b
// has none.
func Publish(b Bundle) {
	currentSink().Display(withText(b), "", false)
}

// errorBundle is what a constructor returns when it cannot render its input:
// the message takes the place of the output (see the package comment).
func errorBundle(format string, args ...any) Bundle {
	return Bundle{Data: map[string]any{MIMEText: "display: " + fmt.Sprintf(format, args...)}}
}

// textBundle builds a bundle from one rich form plus its text fallback.
func textBundle(mime, content, plain string) Bundle {
	return Bundle{Data: map[string]any{mime: content, MIMEText: plain}}
}
