package interp

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// BenchmarkCellTrivial is the cost of a session running the cell `1` (splitting,
// auto-import check, trailing-value capture), to compare with BenchmarkYaegiEvalTrivial.
func BenchmarkCellTrivial(b *testing.B) {
	s, err := NewSession(Options{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Execute(ctx, "1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCellTypical is the cost of an ordinary data cell (a :=, a loop over what a
// function of an earlier cell returns, a trailing list of values) in a session that 40 cells of functions,
// types and variables came before: what every cell pays for its type-check against
// the session, besides running.
func BenchmarkCellTypical(b *testing.B) {
	s, err := NewSession(Options{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := range 40 {
		cell := fmt.Sprintf("type rec%d struct{ Name string; N int }\nfunc load%d(n int) []rec%d { out := make([]rec%d, n); for j := range out { out[j] = rec%d{strconv.Itoa(j), j} }; return out }\ndata%d := load%d(%d)", i, i, i, i, i, i, i, i+1)
		if _, err := s.Execute(ctx, cell); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := s.Execute(ctx, "total := 0\nfor _, r := range load3(10) { total += r.N }\ntotal, len(data39), data3[1].Name"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYaegiEvalTrivial is a bare yaegi Eval of the same code.
func BenchmarkYaegiEvalTrivial(b *testing.B) {
	yi := interp.New(interp.Options{Stdout: io.Discard, Stderr: io.Discard})
	if err := yi.Use(stdlib.Symbols); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := yi.Eval("1"); err != nil {
			b.Fatal(err)
		}
	}
}

const sumLoop = `
s := 0
for i := 0; i < 1000000; i++ {
	s += i & 7
}
s`

func sumCompiled() int {
	s := 0
	for i := 0; i < 1000000; i++ {
		s += i & 7
	}
	return s
}

// BenchmarkLoopInterpreted and BenchmarkLoopCompiled compare a million-iteration loop
// in a cell with the same loop compiled: the ratio is why mllib is compiled.
func BenchmarkLoopInterpreted(b *testing.B) {
	s, err := NewSession(Options{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Execute(context.Background(), sumLoop); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoopCompiled(b *testing.B) {
	for b.Loop() {
		if sumCompiled() != 3500000 {
			b.Fatal("wrong sum")
		}
	}
}
