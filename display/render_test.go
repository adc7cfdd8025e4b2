package display

import (
	"image"
	"testing"
)

type htmlOnly struct{}

func (htmlOnly) HTML() string { return "<i>rich</i>" }

type richStringer struct{}

func (richStringer) HTML() string     { return "<i>rich</i>" }
func (richStringer) Markdown() string { return "*rich*" }
func (richStringer) String() string   { return "rich value" }

type svgAndPNG struct{ png []byte }

func (svgAndPNG) SVG() string      { return "<svg/>" }
func (s svgAndPNG) PNG() []byte    { return s.png }
func (svgAndPNG) Markdown() string { return "md" }

func TestRender(t *testing.T) {
	pngBytes := decodeBase64(t, ImageBundle(testImage(4, 4)), MIMEPNG)
	given := Bundle{Data: map[string]any{MIMEHTML: "<p>x</p>"}}
	tests := []struct {
		name  string
		v     any
		ok    bool
		mimes []string
		text  string
	}{
		{"bundle", given, true, []string{MIMEHTML, MIMEText}, "x"},
		{"bundle pointer", &given, true, []string{MIMEHTML, MIMEText}, "x"},
		{"plot", testPlot(t), true, []string{MIMEPNG, MIMESVG, MIMEText}, ""},
		{"image", image.Image(testImage(3, 2)), true, []string{MIMEPNG, MIMEText}, "<PNG image 3x2>"},
		{"html", htmlOnly{}, true, []string{MIMEHTML, MIMEText}, "rich"},
		{"several with String", richStringer{}, true, []string{MIMEHTML, MIMEMarkdown, MIMEText}, "rich value"},
		{"svg png markdown", svgAndPNG{pngBytes}, true, []string{MIMESVG, MIMEPNG, MIMEMarkdown, MIMEText}, "md"},
		{"int", 42, false, nil, ""},
		{"string", "s", false, nil, ""},
		{"nil", nil, false, nil, ""},
		{"nil bundle pointer", (*Bundle)(nil), false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ok := Render(tt.v)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if len(b.Data) != len(tt.mimes) {
				t.Errorf("MIME types %v, want %v", keys(b), tt.mimes)
			}
			for _, m := range tt.mimes {
				if _, has := b.Data[m]; !has {
					t.Errorf("no %s in %v", m, keys(b))
				}
			}
			if tt.text != "" && b.PlainText() != tt.text {
				t.Errorf("text = %q, want %q", b.PlainText(), tt.text)
			}
			if _, has := b.Data[MIMEText].(string); !has {
				t.Error("no text/plain")
			}
		})
	}
	Render(given)
	if _, has := given.Data[MIMEText]; has {
		t.Error("Render wrote text/plain into the caller's bundle")
	}
}
