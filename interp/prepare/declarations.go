package prepare

import (
	"go/ast"
	"go/token"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Declarations is what a fresh session must run to declare this one again, before
// the values of its variables are loaded into it: a snapshot stores values, but their
// types, and the functions and methods that work on them, exist only as the cells
// that declared them.
type Declarations struct {
	// Source is one cell: the session's imports, its types, constants, functions and
	// methods as the cells declared them (their last declaration each), and every
	// variable whose type a cell can write as `var x T`, holding its zero value.
	Source string `json:"source"`
	// Initializers are the declarations that gave the variables their values, as the
	// cells wrote them (x, err := f() as var x, err = f()), by variable: what
	// recomputes a value the snapshot could not store (a func, a channel).
	Initializers map[string]string `json:"initializers,omitempty"`
	// Untyped are the variables Source leaves out because their type cannot be
	// written in a cell (an instance of a generic type, a package the session
	// reaches without importing it): only their initializer declares them again.
	Untyped []string `json:"untyped,omitempty"`
	// Variables are the session's variables in the order the cells declared them:
	// the order their initializers run again in, as a later one may read an
	// earlier one's variable.
	Variables []string `json:"variables,omitempty"`
}

// Declarations returns the declarations of the session as the cells that ran left
// them: later declarations of a name replace earlier ones, as they did in the
// session. imports are the session's packages by the name they were imported under.
func (p *Pipeline) Declarations(imports map[string]string) Declarations {
	m := p.mono
	m.mu.Lock()
	defer m.mu.Unlock()

	var varNames []string
	for _, d := range m.decls {
		if isVarDecl(d) {
			varNames = append(varNames, d.names...)
		}
	}
	typed := p.varTypes("", varNames, imports, true)
	// A variable of a type from a package the session reaches without importing it
	// (data := syn.Matrix, a *sparse.CSR) is declared with that package imported too.
	all := maps.Clone(imports)
	if all == nil {
		all = map[string]string{}
	}
	for _, t := range typed {
		for path, name := range t.imports {
			if _, clash := all[name]; !clash {
				all[name] = path
			}
		}
	}
	for n, t := range typed {
		for path, name := range t.imports {
			if all[name] != path {
				delete(typed, n) // two packages of one name: left untyped
			}
		}
	}

	var b strings.Builder
	if len(all) > 0 {
		b.WriteString("import (\n")
		for _, name := range slices.Sorted(maps.Keys(all)) {
			b.WriteString("\t" + name + " " + strconv.Quote(all[name]) + "\n")
		}
		b.WriteString(")\n")
	}
	out := Declarations{Initializers: map[string]string{}}
	for _, d := range m.decls {
		if !isVarDecl(d) {
			b.WriteString(d.src + "\n")
			continue
		}
		for _, n := range d.names {
			out.Variables = append(out.Variables, n)
			out.Initializers[n] = d.src
			if t, ok := typed[n]; ok {
				b.WriteString("var " + n + " " + t.text + "\n")
			} else {
				out.Untyped = append(out.Untyped, n)
			}
		}
	}
	out.Source = b.String()
	return out
}

// isVarDecl reports whether d declares variables: a var declaration or a := statement.
func isVarDecl(d priorDecl) bool {
	if d.short {
		return true
	}
	f := ParseDecls(d.src)
	if f == nil || len(f.Decls) != 1 {
		return false
	}
	gd, ok := f.Decls[0].(*ast.GenDecl)
	return ok && gd.Tok == token.VAR
}
