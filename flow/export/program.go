package export

import (
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/flow"
)

// program renders the flow's main.go.
func (p *exportPlan) program() ([]byte, error) {
	imports, err := declImports(p.decls.Source)
	if err != nil {
		return nil, err
	}
	declsBody, err := withoutImports(p.decls.Source)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if p.randName != "" {
		// rand.Seed seeds math/rand's top-level functions again only with this
		// setting since Go 1.24: what makes the program draw the notebook's numbers.
		b.WriteString("//go:debug randseednop=0\n\n")
	}
	fmt.Fprintf(&b, "// Command %s is the flow gokernel export made of %s: the cells that compute\n", p.name, p.notebook)
	b.WriteString("// the notebook's final values, as steps (see dag.json), on the runtime of package flow.\n")
	b.WriteString("// Build it with go build, or run it interpreted with gokernel run; --help lists its flags.\n")
	if len(p.dropped) > 0 {
		b.WriteString("//\n// Cells left out:\n")
		for _, d := range p.dropped {
			fmt.Fprintf(&b, "//   - cell %d: %s\n", d.Cell, oneLine(d.Reason))
		}
	}
	b.WriteString("package main\n\n")
	b.WriteString("import (\n")
	paths := map[string]bool{}
	for _, name := range sortedKeys(imports) {
		fmt.Fprintf(&b, "\t%s %q\n", name, imports[name])
		paths[imports[name]] = true
	}
	for _, path := range []string{"os", "github.com/gokernel/gokernel/flow"} {
		if !paths[path] {
			fmt.Fprintf(&b, "\t%q\n", path)
		}
	}
	b.WriteString(")\n\n")
	b.WriteString("// The notebook's declarations: its types, functions and constants, and its\n// variables, which the steps below give their values.\n")
	b.WriteString(declsBody)
	b.WriteString("\n\nfunc main() { os.Exit(runFlow(os.Args[1:])) }\n\n")
	b.WriteString("// runFlow declares the flow's artifacts (the variables that cross steps, with the\n// hashes the notebook's run gave them) and its steps, and runs it with args.\n")
	b.WriteString("func runFlow(args []string) int {\n")
	fmt.Fprintf(&b, "\tflw := flow.New(%q)\n", p.name)
	fmt.Fprintf(&b, "\tflw.Notebook(%q)\n", p.notebook)
	for _, d := range p.dropped {
		fmt.Fprintf(&b, "\tflw.Dropped(%d, %q)\n", d.Cell, d.Reason)
	}
	if types := concreteTypes(p.decls.Source); len(types) > 0 {
		// Values of these types inside interfaces are loaded back from the store.
		var zeros []string
		for _, t := range types {
			zeros = append(zeros, "*new("+t+")")
		}
		fmt.Fprintf(&b, "\tflw.Types(%s)\n", strings.Join(zeros, ", "))
	}
	for _, n := range sortedKeys(p.artifacts) {
		fmt.Fprintf(&b, "\tflw.Artifact(%q, &%s, %q)", n, n, p.artifacts[n].hash)
		if p.artifacts[n].volatile {
			b.WriteString(" // volatile in the notebook (//gokernel:volatile): not verified")
		}
		b.WriteString("\n")
	}
	for _, s := range p.steps {
		fmt.Fprintf(&b, "\tflw.Step(%q, %s", s.name, s.fn)
		for _, opt := range []struct {
			fn    string
			names []string
		}{{"flow.Reads", s.reads}, {"flow.Writes", s.writes}, {"flow.After", s.after}} {
			if len(opt.names) > 0 {
				fmt.Fprintf(&b, ", %s(%s)", opt.fn, quoteAll(opt.names))
			}
		}
		var cells []string
		for _, c := range s.cells {
			cells = append(cells, strconv.Itoa(c.number))
		}
		fmt.Fprintf(&b, ", flow.Cells(%s)", strings.Join(cells, ", "))
		b.WriteString(")\n")
	}
	b.WriteString("\treturn flw.Main(args)\n}\n")
	for _, s := range p.steps {
		var nums []string
		for _, c := range s.cells {
			nums = append(nums, strconv.Itoa(c.number))
		}
		fmt.Fprintf(&b, "\n// %s runs cell %s of the notebook", s.fn, strings.Join(nums, ", "))
		if sec := s.cells[0].section; sec != "" {
			fmt.Fprintf(&b, " (%s)", oneLine(sec))
		}
		b.WriteString(".\n")
		fmt.Fprintf(&b, "func %s() error {\n", s.fn)
		for i, c := range s.cells {
			// Each cell in a function of its own: its defers run when it ends,
			// as they did in the notebook.
			fmt.Fprintf(&b, "\t// cell %d\n\tfunc() {\n", c.number)
			if p.randName != "" {
				fmt.Fprintf(&b, "\t\t%s.Seed(cellSeed(%#x)) // as the kernel seeded the cell\n", p.randName, c.seed)
			}
			b.WriteString(s.bodies[i])
			b.WriteString("\n\t}()\n")
		}
		b.WriteString("\treturn nil\n}\n")
	}
	if p.randName != "" {
		b.WriteString("\n// cellSeed is a cell's seed as math/rand.Seed takes it.\nfunc cellSeed(s uint64) int64 { return int64(s) }\n")
	}
	src, err := pruneImports(b.String())
	if err != nil {
		return nil, err
	}
	out, err := format.Source([]byte(src))
	if err != nil {
		return nil, fmt.Errorf("the exported program does not parse (%v); it was:\n%s", err, src)
	}
	return out, nil
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// concreteTypes returns the non-generic, non-interface types the declarations
// declare.
func concreteTypes(source string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "decls", "package main\n"+source, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			if _, iface := ts.Type.(*ast.InterfaceType); iface || ts.TypeParams != nil {
				continue
			}
			out = append(out, ts.Name.Name)
		}
	}
	return out
}

// withoutImports returns the declarations' source after its imports.
func withoutImports(source string) (string, error) {
	src := "package main\n" + source
	f, err := parser.ParseFile(token.NewFileSet(), "decls", src, parser.ImportsOnly)
	if err != nil {
		return "", fmt.Errorf("the session's declarations: %w", err)
	}
	from := len("package main\n")
	if n := len(f.Decls); n > 0 {
		from = int(f.Decls[n-1].End()) - 1
	}
	return strings.TrimSpace(src[from:]), nil
}

// pruneImports removes the imports a program does not use: the session imported
// packages for cells the flow left out.
func pruneImports(src string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return "", fmt.Errorf("the exported program does not parse (%v); it was:\n%s", err, src)
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	var cut [][2]int
	for _, spec := range f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		name := importNameGuess(path)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name == "_" || name == "." || used[name] {
			continue
		}
		cut = append(cut, [2]int{fset.Position(spec.Pos()).Offset, fset.Position(spec.End()).Offset})
	}
	for _, c := range slices.Backward(cut) {
		src = src[:c[0]] + src[c[1]:]
	}
	return src, nil
}

// importNameGuess is the name a path's package most likely has: its last element,
// skipping a major version (math/rand/v2 is rand).
func importNameGuess(path string) string {
	parts := strings.Split(path, "/")
	last := parts[len(parts)-1]
	if len(parts) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = parts[len(parts)-2]
	}
	return last
}

// dag describes the flow for schedulers.
func (p *exportPlan) dag() flow.DAG {
	d := flow.DAG{Name: p.name, Notebook: p.notebook, Artifacts: map[string]flow.ArtifactInfo{}, Dropped: p.dropped}
	lastWriter := map[string]string{}
	for _, s := range p.steps {
		needs := map[string]bool{}
		for _, r := range s.reads {
			if w, ok := lastWriter[r]; ok && w != s.name {
				needs[w] = true
			}
		}
		for _, a := range s.after {
			needs[a] = true
		}
		var cells []int
		for _, c := range s.cells {
			cells = append(cells, c.number)
		}
		d.Steps = append(d.Steps, flow.StepInfo{Name: s.name, Cells: cells, Needs: sortedKeys(needs), Reads: s.reads, Writes: s.writes})
		for _, w := range s.writes {
			lastWriter[w] = s.name
		}
	}
	for n, a := range p.artifacts {
		d.Artifacts[n] = flow.ArtifactInfo{Type: a.typ, Step: a.step, Hash: a.hash}
	}
	return d
}
