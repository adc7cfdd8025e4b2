package display

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"testing"
)

func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	return img
}

func checkSize(t *testing.T, b Bundle, mime string, w, h int) {
	t.Helper()
	md, ok := b.Metadata[mime].(map[string]any)
	if !ok {
		t.Fatalf("no %s metadata: %v", mime, b.Metadata)
	}
	if md["width"] != w || md["height"] != h {
		t.Errorf("%s metadata = %v, want %dx%d", mime, md, w, h)
	}
}

func TestImageBundle(t *testing.T) {
	b := ImageBundle(testImage(30, 20))
	img, err := png.Decode(bytes.NewReader(decodeBase64(t, b, MIMEPNG)))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(30, 20) {
		t.Errorf("PNG size = %v", got)
	}
	if img.At(0, 0) != (color.RGBA{R: 200, A: 255}) && img.At(0, 0) != (color.NRGBA{R: 200, A: 255}) {
		t.Errorf("pixel (0,0) = %v", img.At(0, 0))
	}
	checkSize(t, b, MIMEPNG, 30, 20)
	if b.PlainText() != "<PNG image 30x20>" {
		t.Errorf("text = %q", b.PlainText())
	}
	if got := ImageBundle(nil).PlainText(); !strings.HasPrefix(got, "display: Image: ") {
		t.Errorf("nil image text = %q", got)
	}
}

func TestPNGAndJPEGBundles(t *testing.T) {
	var pngData, jpegData bytes.Buffer
	if err := png.Encode(&pngData, testImage(40, 10)); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&jpegData, testImage(16, 8), nil); err != nil {
		t.Fatal(err)
	}

	b := PNGBundle(pngData.Bytes())
	if !bytes.Equal(decodeBase64(t, b, MIMEPNG), pngData.Bytes()) {
		t.Error("PNG bytes changed")
	}
	checkSize(t, b, MIMEPNG, 40, 10)
	checkSize(t, PNGBundleScaled(pngData.Bytes(), 2), MIMEPNG, 20, 5)

	b = JPEGBundle(jpegData.Bytes())
	if _, err := jpeg.Decode(bytes.NewReader(decodeBase64(t, b, MIMEJPEG))); err != nil {
		t.Errorf("JPEG does not decode: %v", err)
	}
	checkSize(t, b, MIMEJPEG, 16, 8)

	for name, b := range map[string]Bundle{"png": PNGBundle([]byte("nope")), "jpeg": JPEGBundle(nil)} {
		if len(b.Data) != 1 || !strings.HasPrefix(b.PlainText(), "display: ") {
			t.Errorf("%s of bad data = %v, want only an error text", name, b.Data)
		}
	}
}

// wellFormedXML parses s to the end with encoding/xml.
func wellFormedXML(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
	}
}
