package export

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/flow"
	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/interp/prepare"
	"github.com/gokernel/gokernel/lineage"
)

// An exportPlan is the flow a notebook becomes: its steps and artifacts.
type exportPlan struct {
	name, notebook string
	decls          workerproto.DeclarationsReply
	// variables are the session's variables a program can declare.
	variables map[string]bool
	steps     []*step
	artifacts map[string]*artifact
	dropped   []flow.DroppedCell
	warnings  []string
	// randName is what the program imports math/rand as, "" when it does not.
	randName string
}

// A step is a group of consecutive kept cells.
type step struct {
	name          string
	fn            string // the Go function that runs it
	cells         []*cell
	reads, writes []string
	after         []string
	bodies        []string // each cell's statements, as the step runs them
}

// An artifact is a variable a step writes.
type artifact struct {
	name, typ, step, hash string
	// volatile is set for a value that may differ from run to run (a
	// //gokernel:volatile name, or one computed from it): it has no hash to verify.
	volatile bool
}

// plan decides which cells the flow keeps, how they group into steps, and what each
// step reads and writes.
func plan(name, notebook string, cells []*cell, decls workerproto.DeclarationsReply) (*exportPlan, error) {
	p := &exportPlan{name: name, notebook: notebook, decls: decls,
		variables: map[string]bool{}, artifacts: map[string]*artifact{}}
	for _, v := range decls.Variables {
		if !slices.Contains(decls.Untyped, v) {
			p.variables[v] = true
		}
	}
	imports, err := declImports(decls.Source)
	if err != nil {
		return nil, err
	}
	for name, path := range imports {
		switch path {
		case "math/rand":
			p.randName = name
		case "math/rand/v2":
			p.warnings = append(p.warnings, "the notebook imports math/rand/v2, whose top-level functions a compiled program cannot seed: "+
				"where cells draw from them, the flow draws other numbers than the notebook did (--verify says where); math/rand or a generator of the cell's own reproduces")
		}
	}

	// The lineage of the run: which cells the final variables need.
	var execs []lineage.Execution
	byID := map[string]*cell{}
	for _, c := range cells {
		if c.dropped != "" {
			continue
		}
		l := c.reply.Lineage
		e := lineage.Execution{ID: strconv.Itoa(c.number), Count: c.number, Code: lineage.CodeHash(c.code),
			Status: lineage.StatusOK, Defined: l.Defined, Read: l.Read, Changed: l.Changed,
			Unconfirmed: l.Unconfirmed, Hashes: l.Hashes}
		execs = append(execs, e)
		byID[e.ID] = c
	}
	producer := map[string]*cell{} // the last cell producing each variable
	for _, e := range execs {
		for _, n := range e.Producers() {
			producer[n] = byID[e.ID]
		}
	}
	var finals []string
	for _, v := range decls.Variables {
		if producer[v] == nil {
			continue
		}
		if !p.variables[v] {
			return nil, fmt.Errorf("cell %d: variable %s has a type a program cannot write (an instance of a generic type, or of a package the notebook never imports): declare it with an explicit type to export it", producer[v].number, v)
		}
		finals = append(finals, v)
	}
	kept := map[*cell]bool{}
	if len(finals) == 0 {
		// A notebook that leaves no variables (it prints, it writes files): all of it.
		for _, c := range byID {
			kept[c] = true
		}
	} else {
		slice, err := lineage.NewGraph(execs).Slice(finals...)
		if err != nil {
			return nil, err
		}
		for _, e := range slice {
			kept[byID[e.ID]] = true
		}
	}
	for _, c := range cells {
		switch {
		case c.dropped != "":
			p.dropped = append(p.dropped, flow.DroppedCell{Cell: c.number, Reason: c.dropped})
		case !kept[c]:
			if body, err := p.cellBody(c); err == nil && body == "" {
				continue // declarations only: the program has them
			}
			p.dropped = append(p.dropped, flow.DroppedCell{Cell: c.number, Reason: "it produces no value the flow's results need (it shows or prints)"})
		case len(c.magics) > 0:
			return nil, fmt.Errorf("cell %d: %q is a notebook magic, which a program cannot run: write it in Go (os.Setenv, os.Chdir, os/exec) or move it to a cell of its own that the flow does not need", c.number, c.magics[0])
		}
	}

	// Steps: consecutive kept cells of one section (or one "// step:" name).
	used := map[string]int{}
	var cur *step
	curBase := ""
	for _, c := range cells {
		if c.dropped != "" || !kept[c] {
			continue
		}
		body, err := p.cellBody(c)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", c.number, err)
		}
		if body == "" {
			continue // declarations only: they are the program's
		}
		base := c.step
		if base == "" {
			base = c.section
		}
		if base = slug(base); base == "" {
			base = fmt.Sprintf("cell-%d", c.number)
		}
		if cur == nil || base != curBase {
			used[base]++
			name := base
			if used[base] > 1 {
				name = fmt.Sprintf("%s-%d", base, used[base])
			}
			cur, curBase = &step{name: name, fn: stepFunc(name)}, base
			p.steps = append(p.steps, cur)
		}
		cur.cells = append(cur.cells, c)
		cur.bodies = append(cur.bodies, body)
	}
	if len(p.steps) == 0 {
		return nil, fmt.Errorf("%s: no cell of the notebook runs code the flow needs", notebook)
	}

	// Reads and writes, and the order that sharing values in place asks for.
	readers := map[string][]string{} // the steps so far that read each variable
	var prevRand string
	for _, s := range p.steps {
		reads, writes := map[string]bool{}, map[string]bool{}
		for _, c := range s.cells {
			l := c.reply.Lineage
			for _, n := range l.Read {
				if p.variables[n] && !writes[n] {
					reads[n] = true
				}
			}
			for _, n := range append(append(slices.Clone(l.Defined), l.Changed...), l.Unconfirmed...) {
				if p.variables[n] {
					writes[n] = true
				}
			}
		}
		for n := range reads {
			if _, ok := p.artifacts[n]; !ok {
				p.warnings = append(p.warnings, fmt.Sprintf("step %s reads %s, which no step of the flow produces: it starts from its zero value", s.name, n))
				delete(reads, n)
			}
		}
		s.reads, s.writes = sortedKeys(reads), sortedKeys(writes)
		after := map[string]bool{}
		for _, n := range s.writes {
			// A step that changes a value must not run while an earlier step that
			// reads it still does.
			for _, r := range readers[n] {
				if r != s.name {
					after[r] = true
				}
			}
		}
		if p.randName != "" {
			// Cells draw from one math/rand, reseeded per cell: in notebook order.
			if prevRand != "" {
				after[prevRand] = true
			}
			prevRand = s.name
		}
		s.after = sortedKeys(after)
		for _, n := range s.reads {
			readers[n] = append(readers[n], s.name)
		}
		for _, n := range s.writes {
			a := p.artifacts[n]
			if a == nil {
				a = &artifact{name: n}
				p.artifacts[n] = a
			}
			a.step = s.name
			for _, c := range slices.Backward(s.cells) {
				if h, ok := c.reply.Lineage.Hashes[n]; ok {
					a.hash = h
					break
				}
			}
		}
	}
	// Volatile values, and what is computed from them, cannot be verified.
	tainted := map[string]bool{}
	for _, c := range cells {
		if c.dropped != "" || !kept[c] {
			continue
		}
		l := c.reply.Lineage
		v := lineage.VolatileNames(c.code)
		readsTainted := slices.ContainsFunc(l.Read, func(n string) bool { return tainted[n] })
		for _, n := range append(append(slices.Clone(l.Defined), l.Changed...), l.Unconfirmed...) {
			if readsTainted || v.Covers(n) {
				tainted[n] = true
			}
		}
	}
	for n, a := range p.artifacts {
		if tainted[n] {
			a.volatile, a.hash = true, ""
		}
	}
	types, err := varTypes(decls.Source)
	if err != nil {
		return nil, err
	}
	for n, a := range p.artifacts {
		a.typ = types[n]
	}
	return p, nil
}

// stepFunc is the Go function name of a step: step and its name in camel case.
func stepFunc(name string) string {
	var b strings.Builder
	b.WriteString("step")
	up := true
	for _, r := range name {
		if r == '-' {
			up = true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		up = false
		b.WriteRune(r)
	}
	return b.String()
}

// cellBody returns the statements of a kept cell as its step runs them: imports and
// declarations left to the program, a var declaration with a value and a top-level
// := turned into assignments to the package-level variables, a trailing expression
// shown with flow.Show. "" when the cell has no statements.
func (p *exportPlan) cellBody(c *cell) (string, error) {
	items, err := prepareItems(c.code)
	if err != nil {
		return "", err
	}
	var parts []string
	for k, it := range items {
		text := c.code[it.start:it.end]
		switch {
		case it.isImport:
		case it.isDecl:
			assigns, err := varAssignments(text)
			if err != nil {
				return "", err
			}
			parts = append(parts, assigns...)
		default:
			stmt, err := statement(text, k == len(items)-1 && c.reply.Result != nil)
			if err != nil {
				return "", err
			}
			parts = append(parts, stmt)
		}
	}
	if len(parts) == 0 {
		return "", nil
	}
	return strings.Join(parts, "\n"), nil
}

// A cellItem is a part of a cell: an import, a declaration or a statement.
type cellItem struct {
	start, end       int
	isImport, isDecl bool
}

func prepareItems(code string) ([]cellItem, error) {
	items, err := prepare.SplitItems(code)
	if err != nil {
		return nil, err
	}
	out := make([]cellItem, len(items))
	for i, it := range items {
		out[i] = cellItem{start: it.Start, end: it.End, isImport: it.IsImport, isDecl: it.Kind == prepare.DeclChunk}
	}
	return out, nil
}

// statement returns a top-level statement of a cell as a step runs it: a := as =, and,
// when show, an expression as flow.Show(expression).
func statement(text string, show bool) (string, error) {
	const prefix = "package p; func _() {\n"
	f, err := parser.ParseFile(token.NewFileSet(), "cell", prefix+text+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return "", err
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) != 1 {
		return text, nil
	}
	switch s := body[0].(type) {
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			at := int(s.TokPos) - 1 - len(prefix)
			return text[:at] + "=" + text[at+2:], nil
		}
	case *ast.ExprStmt:
		if show {
			return "flow.Show(" + strings.TrimSpace(text) + ")", nil
		}
	}
	return text, nil
}

// varAssignments turns a top-level var declaration of a cell into assignments of its
// values to the package-level variables; a spec without values assigns nothing (the
// variable starts at its zero value).
func varAssignments(text string) ([]string, error) {
	const prefix = "package p\n"
	f, err := parser.ParseFile(token.NewFileSet(), "cell", prefix+text, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue // a type, const or func: the program declares it
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Values) == 0 {
				continue
			}
			var names []string
			for _, n := range vs.Names {
				names = append(names, n.Name)
			}
			src := prefix + text
			from, to := int(vs.Values[0].Pos())-1, int(vs.Values[len(vs.Values)-1].End())-1
			out = append(out, strings.Join(names, ", ")+" = "+src[from:to])
		}
	}
	return out, nil
}

// declImports returns the imports of the declarations' source, by name.
func declImports(source string) (map[string]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "decls", "package main\n"+source, parser.ImportsOnly)
	if err != nil {
		return nil, fmt.Errorf("the session's declarations: %w", err)
	}
	out := map[string]string{}
	for _, spec := range f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		name := importNameGuess(path)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		out[name] = path
	}
	return out, nil
}

// varTypes returns the type of each variable the declarations declare, as written.
func varTypes(source string) (map[string]string, error) {
	src := "package main\n" + source
	f, err := parser.ParseFile(token.NewFileSet(), "decls", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("the session's declarations: %w", err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if vs.Type == nil {
				continue
			}
			t := src[int(vs.Type.Pos())-1 : int(vs.Type.End())-1]
			for _, n := range vs.Names {
				out[n.Name] = t
			}
		}
	}
	return out, nil
}
