// Package export turns a notebook into a flow: a Go program, package main, that runs
// the notebook's computation outside Jupyter as steps with explicit inputs and
// outputs, on the runtime of package flow (artifacts in a snapshot store, --resume,
// --only, --verify, independent steps in parallel). The program builds with go build
// and runs interpreted with gokernel run; a dag.json describes it for schedulers, and
// an Argo Workflows manifest runs it on a cluster.
//
// The notebook is run once, top to bottom, in a fresh worker, as "Run All" would: that
// gives each cell's lineage (what it defined, read and changed, and the hashes of the
// values), the session's declarations as a program can write them (the types of the
// variables cells made with :=), and which cells ended in a value to show. From those:
//
//   - the kept cells are the lineage slice of the session's final variables; the
//     others (a cell that only prints, a failed cell) are listed as dropped;
//   - the types, functions, methods, constants and variables the cells declared become
//     the program's package-level declarations, their last declaration each;
//   - each kept cell's statements become the body of its step, a top-level := turned
//     into an assignment to the package-level variable, a trailing expression into
//     flow.Show, and math/rand seeded as the kernel seeded it for that cell;
//   - cells are grouped into steps by markdown section (its heading names the step),
//     or by a "// step: NAME" line in a cell; a step writes the variables its cells
//     produce and reads those earlier steps produced.
//
// A cell that cannot become Go (a magic line whose effect matters, a variable whose
// type no program can write) is an error naming the cell.
package export

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/flow"
	"github.com/gokernel/gokernel/internal/nbformat"
	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/lineage"
)

// A Runner runs the notebook's cells in a fresh session: a worker.
type Runner interface {
	Execute(ctx context.Context, code string, seed uint64) (workerproto.ExecuteReply, error)
	Declarations(ctx context.Context) (workerproto.DeclarationsReply, error)
	Close() error
}

// Options say what to export, where and how.
type Options struct {
	// Notebook is the .ipynb file.
	Notebook string
	// Cells, when Notebook is "", are the cells to export instead, in order: a
	// kernel session's (%export), under the flow name Name.
	Cells []Cell
	Name  string
	// Dir is the folder the flow is written to; created when missing. Files of an
	// earlier export there are replaced.
	Dir string
	// Replace is the folder of a gokernel checkout: go.mod then replaces the
	// gokernel module with it, and takes its requirements and go.sum, so that the
	// program builds offline against the same versions.
	Replace string
	// Argo also writes argo.yaml, an Argo Workflows manifest of the DAG.
	Argo        bool
	ArgoOptions flow.ArgoOptions
	// NewRunner starts a fresh worker.
	NewRunner func() (Runner, error)
	// Progress receives a line per cell run; nil for none.
	Progress io.Writer
}

// A Result is what Export wrote.
type Result struct {
	DAG   flow.DAG
	Files []string
	// Warnings are what the reader should know: how the flow may differ from
	// the notebook.
	Warnings []string
}

// A Cell is a code cell given to Export without a notebook file.
type Cell struct {
	// Number names the cell in messages: its execution count.
	Number int
	Code   string
}

// A cell is one code cell of the notebook, as the export sees it.
type cell struct {
	number  int    // 1-based position in the notebook
	section string // the heading of the markdown section it is in
	step    string // a "// step: NAME" line's NAME
	code    string
	seed    uint64
	reply   workerproto.ExecuteReply
	magics  []string
	dropped string
}

// Export runs the notebook and writes the flow.
func Export(ctx context.Context, opts Options) (*Result, error) {
	var nb *nbformat.Notebook
	name := flowName(opts.Notebook)
	if opts.Notebook == "" {
		nb = &nbformat.Notebook{Major: 4}
		for _, c := range opts.Cells {
			nb.Cells = append(nb.Cells, nbformat.Cell{Index: c.Number - 1, Type: "code", Source: c.Code})
		}
		name = cmp.Or(slug(opts.Name), "notebook")
	} else {
		var err error
		if nb, err = nbformat.Read(opts.Notebook); err != nil {
			return nil, err
		}
	}
	cells, err := collectCells(nb)
	if err != nil {
		return nil, err
	}
	runner, err := opts.NewRunner()
	if err != nil {
		return nil, err
	}
	defer runner.Close()
	res := &Result{}
	if err := runCells(ctx, runner, cells, opts.Progress); err != nil {
		return nil, err
	}
	decls, err := runner.Declarations(ctx)
	if err != nil {
		return nil, fmt.Errorf("the session's declarations: %w", err)
	}
	p, err := plan(name, opts.Notebook, cells, decls)
	if err != nil {
		return nil, err
	}
	res.Warnings = p.warnings
	src, err := p.program()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, err
	}
	write := func(file string, data []byte) error {
		path := filepath.Join(opts.Dir, file)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		res.Files = append(res.Files, path)
		return nil
	}
	if err := write("main.go", src); err != nil {
		return nil, err
	}
	mod, sum, err := goModule(name, opts.Replace)
	if err != nil {
		return nil, err
	}
	if err := write("go.mod", mod); err != nil {
		return nil, err
	}
	if sum != nil {
		if err := write("go.sum", sum); err != nil {
			return nil, err
		}
	}
	res.DAG = p.dag()
	dagJSON, err := json.MarshalIndent(res.DAG, "", "  ")
	if err != nil {
		return nil, err
	}
	dagJSON = append(dagJSON, '\n')
	if err := write("dag.json", dagJSON); err != nil {
		return nil, err
	}
	if opts.Argo {
		var b strings.Builder
		if err := flow.WriteArgo(&b, res.DAG, opts.ArgoOptions); err != nil {
			return nil, err
		}
		if err := write("argo.yaml", []byte(b.String())); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// collectCells reads the notebook's code cells, with the markdown section each is in,
// and the seeds the kernel gives them (from GOKERNEL_SEED and %seed cells).
func collectCells(nb *nbformat.Notebook) ([]*cell, error) {
	seed := uint64(0)
	if v := os.Getenv("GOKERNEL_SEED"); v != "" {
		s, err := lineage.ParseSeed(v)
		if err != nil {
			return nil, fmt.Errorf("GOKERNEL_SEED: %w", err)
		}
		seed = s
	}
	var out []*cell
	section := ""
	for i := range nb.Cells {
		c := &nb.Cells[i]
		number := c.Index + 1
		switch c.Type {
		case "markdown":
			if h := heading(c.Source); h != "" {
				section = h
			}
			continue
		case "code":
		default:
			continue
		}
		if strings.TrimSpace(c.Source) == "" {
			continue
		}
		ec := &cell{number: number, section: section, code: c.Source}
		lines, ok, err := lineage.KernelMagicCell(c.Source)
		switch {
		case err != nil:
			return nil, fmt.Errorf("cell %d: %w", ec.number, err)
		case ok:
			ec.dropped = "kernel magic (" + strings.Join(lines, "; ") + ")"
			for _, line := range lines {
				if word, arg, _ := strings.Cut(line, " "); word == "%seed" && strings.TrimSpace(arg) != "" {
					if seed, err = lineage.ParseSeed(strings.TrimSpace(arg)); err != nil {
						return nil, fmt.Errorf("cell %d: %w", ec.number, err)
					}
				}
			}
			out = append(out, ec)
			continue
		}
		ec.seed = lineage.CellSeed(seed, c.Source)
		ec.magics = lineage.MagicLines(c.Source)
		ec.step = stepDirective(c.Source)
		out = append(out, ec)
	}
	if !slices.ContainsFunc(out, func(c *cell) bool { return c.dropped == "" }) {
		return nil, errors.New("the notebook has no Go code cells to export")
	}
	return out, nil
}

// runCells runs the cells top to bottom in the runner. A cell that fails is dropped:
// what it left behind is not something a program should build on.
func runCells(ctx context.Context, r Runner, cells []*cell, progress io.Writer) error {
	for _, c := range cells {
		if c.dropped != "" {
			continue
		}
		if progress != nil {
			fmt.Fprintf(progress, "export: running cell %d\n", c.number)
		}
		reply, err := r.Execute(ctx, c.code, c.seed)
		if err != nil {
			return fmt.Errorf("cell %d: %w", c.number, err)
		}
		c.reply = reply
		switch {
		case reply.Error != nil:
			c.dropped = "it failed when run for the export: " + reply.Error.Name + ": " + reply.Error.Value
		case reply.Lineage == nil:
			return fmt.Errorf("cell %d: the worker recorded no lineage (is GOKERNEL_LINEAGE=off?)", c.number)
		}
	}
	return nil
}

// heading returns the first markdown heading's text in a markdown cell.
func heading(src string) string {
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") {
			return strings.TrimSpace(strings.TrimLeft(t, "#"))
		}
	}
	return ""
}

// stepDirective returns the NAME of a "// step: NAME" line in a cell.
func stepDirective(src string) string {
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(t, "//"); ok {
			if name, ok := strings.CutPrefix(strings.TrimSpace(rest), "step:"); ok {
				return strings.TrimSpace(name)
			}
		}
	}
	return ""
}

// flowName is the flow's name: the notebook's file name, as a lower-case word.
func flowName(notebook string) string {
	base := strings.TrimSuffix(filepath.Base(notebook), filepath.Ext(notebook))
	if n := slug(base); n != "" {
		return n
	}
	return "flow"
}

// slug turns text into a step or flow name: lower-case letters, digits and '-'.
func slug(text string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(text) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimRight(b.String(), "-")
	// A heading can be a sentence: its first words name the step.
	const most = 32
	if len(s) > most {
		cut := strings.LastIndexByte(s[:most+1], '-')
		if cut <= 0 {
			cut = most
		}
		s = strings.TrimRight(s[:cut], "-")
	}
	return s
}

// goModule returns the go.mod of the exported program and, with a gokernel checkout
// to replace the module with, its go.sum.
func goModule(name, replace string) (mod, sum []byte, err error) {
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo 1.26\n\nrequire github.com/gokernel/gokernel v0.0.0-00010101000000-000000000000\n", name)
	if replace == "" {
		return []byte(b.String()), nil, nil
	}
	abs, err := filepath.Abs(replace)
	if err != nil {
		return nil, nil, err
	}
	gomod, err := os.ReadFile(filepath.Join(abs, "go.mod"))
	if err != nil {
		return nil, nil, fmt.Errorf("--replace %s: %w", replace, err)
	}
	// The checkout's requirements, so that the program builds against the versions
	// gokernel was built with, without a go mod tidy.
	if reqs := requireLines(string(gomod)); len(reqs) > 0 {
		b.WriteString("\nrequire (\n")
		for _, r := range reqs {
			b.WriteString("\t" + r + " // indirect\n")
		}
		b.WriteString(")\n")
	}
	fmt.Fprintf(&b, "\nreplace github.com/gokernel/gokernel => %s\n", strconv.Quote(abs))
	sum, err = os.ReadFile(filepath.Join(abs, "go.sum"))
	if err != nil {
		return nil, nil, fmt.Errorf("--replace %s: %w", replace, err)
	}
	return []byte(b.String()), sum, nil
}

// requireLines returns the "path version" of every requirement in a go.mod.
func requireLines(gomod string) []string {
	var out []string
	inBlock := false
	for _, line := range strings.Split(gomod, "\n") {
		t := strings.TrimSpace(line)
		if i := strings.Index(t, "//"); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
		switch {
		case t == "require (":
			inBlock = true
		case inBlock && t == ")":
			inBlock = false
		case inBlock && t != "":
			out = append(out, t)
		case strings.HasPrefix(t, "require ") && !strings.HasSuffix(t, "("):
			out = append(out, strings.TrimSpace(strings.TrimPrefix(t, "require ")))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
