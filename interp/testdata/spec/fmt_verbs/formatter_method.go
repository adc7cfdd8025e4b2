// A type with a Format(fmt.State, rune) method controls its own formatting for every
// verb: it can read the verb, the flags, the width and the precision.
package main

import (
	"fmt"
	"strings"
)

type Money struct {
	Cents int64
}

func (m Money) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v', 's':
		s := fmt.Sprintf("$%d.%02d", m.Cents/100, m.Cents%100)
		if w, ok := f.Width(); ok && len(s) < w {
			if f.Flag('-') {
				s += strings.Repeat(" ", w-len(s))
			} else {
				s = strings.Repeat(" ", w-len(s)) + s
			}
		}
		if f.Flag('+') {
			s = "USD " + s
		}
		fmt.Fprint(f, s)
	case 'd':
		fmt.Fprintf(f, "%d", m.Cents)
	default:
		fmt.Fprintf(f, "%%!%c(Money)", verb)
	}
}

func main() {
	m := Money{12345}
	fmt.Printf("%v|%s|%d|%x\n", m, m, m, m)
	fmt.Printf("[%10v][%-10v][%+v]\n", m, m, m)
	//cell
	fmt.Println(m, []Money{{5}, {100}})
	s := fmt.Sprint(Money{7})
	_show(s, m)
}
