// Method values used as callbacks: stored in a slice of funcs, passed to a function,
// and deferred; a pointer receiver's method value accumulates into the same struct.
package main

import (
	"fmt"
	"strings"
)

type Logger struct {
	prefix string
	lines  []string
}

func (l *Logger) Log(s string) { l.lines = append(l.lines, l.prefix+s) }

func (l *Logger) Dump() { fmt.Println(strings.Join(l.lines, "; ")) }

func each(items []string, f func(string)) {
	for _, it := range items {
		f(it)
	}
}

func work(l *Logger) {
	defer l.Dump()
	each([]string{"a", "b"}, l.Log)
	l.Log("c")
}

func main() {
	l := &Logger{prefix: "> "}
	work(l)
	//cell
	var steps []func()
	a := &Logger{prefix: "A:"}
	b := &Logger{prefix: "B:"}
	steps = append(steps, a.Dump, b.Dump)
	a.Log("one")
	b.Log("two")
	b.Log("three")
	for _, s := range steps {
		s()
	}
	_show(len(a.lines), len(b.lines))
}
