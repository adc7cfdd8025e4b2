package lineage

import (
	"errors"
	"slices"
	"strings"
)

// kernelMagicNames are the magics the kernel runs itself, from its execution log and
// store, in a cell of their own: they never reach the Go session, and no execution of
// theirs is logged.
var kernelMagicNames = []string{"%stale", "%slice", "%lineage", "%snapshot", "%restore", "%checkout", "%diff", "%seed", "%export"}

// KernelMagicCell reports whether code is a cell of kernel magics, and returns their
// lines. A cell that mixes them with Go code or the worker's magics is an error: they
// run in different processes.
func KernelMagicCell(code string) (lines []string, ok bool, err error) {
	var other bool
	for _, line := range strings.Split(code, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		word, _, _ := strings.Cut(t, " ")
		if slices.Contains(kernelMagicNames, word) {
			lines = append(lines, t)
		} else {
			other = true
		}
	}
	switch {
	case len(lines) == 0:
		return nil, false, nil
	case other:
		return nil, true, errors.New(strings.Join(kernelMagicNames[:len(kernelMagicNames)-1], ", ") + " and " +
			kernelMagicNames[len(kernelMagicNames)-1] + " go in a cell of their own: the kernel runs them, not the Go session")
	}
	return lines, true, nil
}

// MagicLines returns the lines of a cell the worker takes for magics (% and !
// commands) rather than Go, trimmed, in order.
func MagicLines(src string) []string {
	blanked := blankMagics(src)
	if blanked == src {
		return nil
	}
	var out []string
	orig, blank := strings.Split(src, "\n"), strings.Split(blanked, "\n")
	for i := range orig {
		if orig[i] != blank[i] {
			out = append(out, strings.TrimSpace(orig[i]))
		}
	}
	return out
}
