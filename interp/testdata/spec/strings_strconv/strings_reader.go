// strings.NewReader as an io.Reader, io.RuneScanner and io.Seeker: Read into a small
// buffer, ReadRune, Seek, and io.Copy to a strings.Builder; strings.Compare and Join.
package main

import (
	"fmt"
	"io"
	"strings"
)

func main() {
	r := strings.NewReader("gopher ü")
	buf := make([]byte, 3)
	for {
		n, err := r.Read(buf)
		fmt.Printf("%q %v\n", buf[:n], err)
		if err == io.EOF {
			break
		}
	}
	//cell
	r.Seek(7, io.SeekStart)
	ch, size, err := r.ReadRune()
	fmt.Printf("%c %d %v %d\n", ch, size, err, r.Len())
	r.Reset("again")
	var sb strings.Builder
	n, err := io.Copy(&sb, r)
	fmt.Println(n, err, sb.String())
	//cell
	fmt.Println(strings.Compare("a", "b"), strings.Compare("b", "a"), strings.Compare("x", "x"))
	_show(strings.Join([]string{"x", "y", "z"}, "->"), strings.Join(nil, ","))
}
