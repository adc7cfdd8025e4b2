package kernel

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/lineage"
)

// The lineage magics answer from the execution log, which the kernel keeps, so the
// kernel runs them itself instead of the worker:
//
//	%stale                 the stale cells and why
//	%slice NAME...         the cells, in order, that recompute NAMEs from an empty session
//	%lineage [NAME...]     the dependency graph (of NAMEs' slice), as SVG with a text fallback
//	%lineage warn on|off   the stale-input warning on each cell

// lineageMagicNames are the lineage magics.
var lineageMagicNames = []string{"%stale", "%slice", "%lineage"}

// kernelMagic reports whether code is made of the magics the kernel runs (lineage,
// snapshot and seed magics), and returns their lines (lineage.KernelMagicCell).
func kernelMagic(code string) (lines []string, ok bool, err error) {
	return lineage.KernelMagicCell(code)
}

// MagicLines reports whether code is a cell of the magics the kernel itself runs
// (%stale, %slice, %lineage, %snapshot, %restore, %checkout, %diff, %seed), which never
// reach the Go session, and returns their lines; a cell mixing them with Go code is an
// error. Replay and export use it to tell such cells apart.
func MagicLines(code string) (lines []string, ok bool, err error) { return kernelMagic(code) }

func isLineageMagic(line string) bool {
	word, _, _ := strings.Cut(line, " ")
	return slices.Contains(lineageMagicNames, word)
}

func isSeedMagic(line string) bool {
	word, _, _ := strings.Cut(line, " ")
	return word == seedMagic
}

// runLineageMagic runs one magic line, writing to out.
func (r *lineageRecorder) runLineageMagic(line string, out Output) error {
	if r.off {
		return errors.New("lineage is off in this kernel (GOKERNEL_LINEAGE=off)")
	}
	fields := strings.Fields(line)
	name, args := fields[0], fields[1:]
	switch name {
	case "%stale":
		if len(args) > 0 {
			return errors.New("%stale takes no arguments")
		}
		out.Stream("stdout", staleReport(r.graph().Stale()))
	case "%slice":
		if len(args) == 0 {
			return errors.New("%slice needs the names to recompute (usage: %slice NAME [NAME ...])")
		}
		execs, err := r.graph().Slice(args...)
		if err != nil {
			return err
		}
		out.Stream("stdout", r.sliceReport(execs))
	case "%lineage":
		if len(args) > 0 && args[0] == "warn" {
			if len(args) != 2 || args[1] != "on" && args[1] != "off" {
				return errors.New("usage: %lineage warn on|off")
			}
			r.warn = args[1] == "on"
			out.Stream("stdout", fmt.Sprintf("Stale-input warnings %s.\n", args[1]))
			return nil
		}
		g := r.graph()
		if len(args) > 0 {
			execs, err := g.Slice(args...)
			if err != nil {
				return err
			}
			g = lineage.NewGraph(execs)
		}
		if len(g.Latest()) == 0 {
			out.Stream("stdout", "No executions recorded in this session yet.\n")
			return nil
		}
		out.Display(workerproto.Display{MIMEBundle: workerproto.MIMEBundle{Data: map[string]any{"image/svg+xml": g.SVG(), "text/plain": g.Text()}}})
	}
	return nil
}

// staleReport is %stale's text.
func staleReport(stale []lineage.StaleCell) string {
	if len(stale) == 0 {
		return "No stale cells: every cell's inputs are as they were when it ran.\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d stale cell(s), in the order to re-run them:\n", len(stale))
	for _, s := range stale {
		fmt.Fprintf(&b, "  %s", cellLabel(s.Exec))
		if s.Exec.CellID != "" {
			fmt.Fprintf(&b, " (cell %s)", s.Exec.CellID)
		}
		fmt.Fprintf(&b, ": %s\n", staleWhy(s))
	}
	return b.String()
}

// sliceReport is %slice's text: the cells to run, in order, with their code.
func (r *lineageRecorder) sliceReport(execs []lineage.Execution) string {
	var b strings.Builder
	fmt.Fprintf(&b, "// %d cell(s) recompute this from an empty session, in this order:\n", len(execs))
	for _, e := range execs {
		fmt.Fprintf(&b, "\n// %s", cellLabel(e))
		if e.CellID != "" {
			fmt.Fprintf(&b, " cell %s", e.CellID)
		}
		b.WriteString("\n")
		code, ok := r.code[e.Code]
		if !ok {
			code = "// (code not available)"
		}
		b.WriteString(strings.TrimRight(code, "\n") + "\n")
	}
	return b.String()
}
