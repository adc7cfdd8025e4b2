// A constraint may require methods: T must have String(); a constraint may also
// combine a type set with a method, and methods of the type parameter are called
// directly.
package main

import (
	"fmt"
	"strings"
)

type Stringer interface {
	String() string
}

func JoinAll[T Stringer](xs []T, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = x.String()
	}
	return strings.Join(parts, sep)
}

type Level int

func (l Level) String() string { return strings.Repeat("*", int(l)) }

type IntStringer interface {
	~int
	String() string
}

func Biggest[T IntStringer](xs []T) string {
	best := xs[0]
	for _, x := range xs {
		if x > best {
			best = x
		}
	}
	return fmt.Sprintf("%d=%s", int(best), best.String())
}

type Tag struct{ name string }

func (t Tag) String() string { return "#" + t.name }

func main() {
	fmt.Println(JoinAll([]Level{1, 3, 2}, " "))
	fmt.Println(JoinAll([]Tag{{"go"}, {"generics"}}, ","))
	//cell
	fmt.Println(Biggest([]Level{2, 5, 1}))
	_show(JoinAll[Tag](nil, "-"))
}
