package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
)

// PNGBundle is PNG-encoded image data. Its pixel size becomes the display
// size; use PNGBundleScaled for images drawn at a higher density.
func PNGBundle(data []byte) Bundle { return PNGBundleScaled(data, 1) }

// PNGBundleScaled is PNG data drawn at scale device pixels per CSS pixel, so
// a 1280x800 PNG with scale 2 shows as 640x400 and stays sharp on high-density
// screens.
func PNGBundleScaled(data []byte, scale float64) Bundle {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return errorBundle("PNG: invalid PNG data: %v", err)
	}
	return imageBundle(MIMEPNG, data, cfg, scale)
}

// PNG publishes PNG-encoded image data.
func PNG(data []byte) { Publish(PNGBundle(data)) }

// JPEGBundle is JPEG-encoded image data.
func JPEGBundle(data []byte) Bundle {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return errorBundle("JPEG: invalid JPEG data: %v", err)
	}
	return imageBundle(MIMEJPEG, data, cfg, 1)
}

// JPEG publishes JPEG-encoded image data.
func JPEG(data []byte) { Publish(JPEGBundle(data)) }

// imageBundle base64-encodes data, as Jupyter expects for binary MIME types,
// and records the display size in the metadata.
func imageBundle(mime string, data []byte, cfg image.Config, scale float64) Bundle {
	if scale <= 0 {
		scale = 1
	}
	w, h := int(float64(cfg.Width)/scale+0.5), int(float64(cfg.Height)/scale+0.5)
	kind := strings.ToUpper(strings.TrimPrefix(mime, "image/"))
	return Bundle{
		Data: map[string]any{
			mime:     base64.StdEncoding.EncodeToString(data),
			MIMEText: fmt.Sprintf("<%s image %dx%d>", kind, w, h),
		},
		Metadata: map[string]any{mime: map[string]any{"width": w, "height": h}},
	}
}

// ImageBundle is img encoded as PNG, which is lossless for any image.Image.
func ImageBundle(img image.Image) Bundle {
	if img == nil {
		return errorBundle("Image: nil image")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return errorBundle("Image: encoding %T as PNG: %v", img, err)
	}
	b := img.Bounds()
	return imageBundle(MIMEPNG, buf.Bytes(), image.Config{Width: b.Dx(), Height: b.Dy()}, 1)
}

// Image publishes img as a PNG.
func Image(img image.Image) { Publish(ImageBundle(img)) }

// SVGBundle is an SVG document or fragment.
func SVGBundle(svg string) Bundle {
	return textBundle(MIMESVG, svg, "<SVG image>")
}

// SVG publishes an SVG document.
func SVG(svg string) { Publish(SVGBundle(svg)) }
