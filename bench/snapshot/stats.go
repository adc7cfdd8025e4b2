package main

import (
	"fmt"
	"slices"
)

// The parent's side of the numbers: the children's measurements gathered
// into samples, and how the tables print them.

// samples are the measurements of one quantity, one per round.
type samples []float64

func (s samples) median() float64 {
	if len(s) == 0 {
		return 0
	}
	t := slices.Sorted(slices.Values(s))
	if n := len(t); n%2 == 0 {
		return (t[n/2-1] + t[n/2]) / 2
	}
	return t[len(t)/2]
}

func (s samples) apply(f func(float64) float64) samples {
	out := make(samples, len(s))
	for i, x := range s {
		out[i] = f(x)
	}
	return out
}

// format returns "median (min–max)", or the median alone when all agree
// or there is one sample.
func (s samples) format(verb string) string {
	m := fmt.Sprintf(verb, s.median())
	lo, hi := fmt.Sprintf(verb, slices.Min(s)), fmt.Sprintf(verb, slices.Max(s))
	if lo == hi {
		return m
	}
	return fmt.Sprintf("%s (%s–%s)", m, lo, hi)
}

// duration formats durations in seconds as format does, in ms below 1 s.
func (s samples) duration() string {
	switch m := s.median(); {
	case m < 0.01:
		return s.apply(func(x float64) float64 { return 1e3 * x }).format("%.2f") + " ms"
	case m < 1:
		return s.apply(func(x float64) float64 { return 1e3 * x }).format("%.1f") + " ms"
	}
	return s.format("%.2f") + " s"
}

// bytes formats byte counts as format does, in MB, or in MiB below 10 MB,
// where the targets are in MiB.
func (s samples) bytes() string {
	scale, unit := 1e6, "MB"
	if s.median() < 10e6 {
		scale, unit = 1<<20, "MiB"
	}
	return s.apply(func(b float64) float64 { return b / scale }).format("%.2f") + " " + unit
}

// rss formats resident memory in bytes as format does, in MiB as the system
// counts it; "unknown" when a child could not read it (0).
func (s samples) rss() string {
	if len(s) == 0 || slices.Min(s) <= 0 {
		return "unknown"
	}
	return s.apply(func(b float64) float64 { return b / (1 << 20) }).format("%.0f") + " MiB"
}

// A timing gathers costs, one per round, in seconds.
type timing struct{ wall, cpu samples }

func (t *timing) add(c cost) {
	t.wall = append(t.wall, c.Wall.Seconds())
	t.cpu = append(t.cpu, c.CPU.Seconds())
}

// plural returns "1 run", "2 runs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func mb(b float64) string { return fmt.Sprintf("%.1f MB", b/1e6) }

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "NOT met"
}
