// An interface can embed other interfaces; its method set is the union, and a value
// of the larger interface can be assigned to any of the smaller ones.
package main

import (
	"fmt"
	"strings"
)

type Reader interface{ Read() string }

type Writer interface{ Write(s string) }

type ReadWriter interface {
	Reader
	Writer
}

type Pipe struct{ buf []string }

func (p *Pipe) Write(s string) { p.buf = append(p.buf, s) }

func (p *Pipe) Read() string {
	if len(p.buf) == 0 {
		return ""
	}
	s := p.buf[0]
	p.buf = p.buf[1:]
	return s
}

func fill(w Writer, words ...string) {
	for _, w2 := range words {
		w.Write(strings.ToUpper(w2))
	}
}

func main() {
	var rw ReadWriter = &Pipe{}
	fill(rw, "a", "b", "c")
	var r Reader = rw
	fmt.Println(r.Read(), r.Read())
	//cell
	w := Writer(rw)
	w.Write("d")
	fmt.Println(rw.Read(), rw.Read(), rw.Read() == "")
	_show(len(rw.(*Pipe).buf))
}
