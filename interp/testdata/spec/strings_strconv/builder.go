// strings.Builder: WriteString, WriteByte, WriteRune, Fprintf into it, Len, Grow and
// Reset; a Builder used from a method of a program type.
package main

import (
	"fmt"
	"strings"
)

type Table struct {
	Rows [][]string
}

func (t Table) String() string {
	var b strings.Builder
	for i, row := range t.Rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Join(row, " | "))
	}
	return b.String()
}

func main() {
	var b strings.Builder
	b.Grow(32)
	b.WriteString("héllo")
	b.WriteByte(' ')
	b.WriteRune('世')
	fmt.Fprintf(&b, " %d-%s", 42, "x")
	fmt.Println(b.String(), b.Len())
	b.Reset()
	fmt.Printf("%q %d\n", b.String(), b.Len())
	//cell
	t := Table{[][]string{{"a", "b"}, {"c", "d", "e"}}}
	fmt.Println(t)
	_show(t.String())
}
