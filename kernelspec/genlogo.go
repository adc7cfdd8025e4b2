//go:build ignore

// genlogo draws the kernel's logos: Go's blue with a white "Go" over a notebook cell
// bracket. Run with `go generate ./kernelspec`.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

func main() {
	for _, size := range []int{32, 64} {
		if err := write(size); err != nil {
			log.Fatal(err)
		}
	}
}

func write(size int) error {
	goBlue := color.RGBA{0x00, 0xad, 0xd8, 0xff}
	small := image.NewRGBA(image.Rect(0, 0, 32, 32))
	// A rounded square in Go blue.
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			dx, dy := min(x, 31-x), min(y, 31-y)
			if dx < 4 && dy < 4 && (4-dx)*(4-dx)+(4-dy)*(4-dy) > 20 {
				continue
			}
			small.Set(x, y, goBlue)
		}
	}
	// "Go" in white, and the In [ ] bracket of a notebook cell under it.
	d := &font.Drawer{Dst: small, Src: image.NewUniform(color.White), Face: basicfont.Face7x13,
		Dot: fixed.P(9, 19)}
	d.DrawString("Go")
	for x := 6; x < 26; x++ {
		small.Set(x, 25, color.White)
	}
	for y := 22; y < 26; y++ {
		small.Set(6, y, color.White)
		small.Set(25, y, color.White)
	}
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	scale := size / 32
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			img.Set(x, y, small.At(x/scale, y/scale))
		}
	}
	f, err := os.Create("logo-" + itoa(size) + "x" + itoa(size) + ".png")
	if err != nil {
		return err
	}
	defer f.Close()
	return png.Encode(f, img)
}

func itoa(n int) string {
	if n == 32 {
		return "32"
	}
	return "64"
}
