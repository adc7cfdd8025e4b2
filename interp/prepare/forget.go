package prepare

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// VarInfo is what the pipeline knows of one session variable, for a session that
// carries the variable over to a redefined type or drops it.
type VarInfo struct {
	// Type is the variable's type as a cell writes it ("[]Song", "map[string]*Song"),
	// packages named as the session imported them and aliases spelled out; "" when it
	// cannot be written so (an instance of a generic type, a package the session did
	// not import, a type the check could not resolve).
	Type string
	// Mentions are the session's own named types that Type spells out, each once.
	Mentions []string
	// Declared says the pipeline has a declaration of the variable (or constant);
	// Src is the declaration (x := e as var x = e), Idents are the identifiers in it
	// and Initialized says it gives the variable a value rather than leaving it zero.
	Declared    bool
	Src         string
	Idents      []string
	Initialized bool
	// ThisCell says the declaration is the cell being run's, before the line the
	// session asked about; Later that the cell declares the variable again at or after
	// that line.
	ThisCell, Later bool
}

// cellDecl is a declaration of the cell being run, with the cell line it starts on.
type cellDecl struct {
	priorDecl
	line int
}

// Vars returns what the pipeline knows of the named variables of the session: their
// declarations by earlier cells or, on a line before line, by the cell being run, and
// their types. imports are the session's packages by the name they were imported under.
// A name the pipeline knows nothing of maps to the zero VarInfo.
func (p *Pipeline) Vars(names []string, imports map[string]string, line int) map[string]VarInfo {
	m := p.mono
	m.mu.Lock()
	defer m.mu.Unlock()
	decl := map[string]priorDecl{}
	for _, d := range m.decls {
		for _, n := range d.names {
			decl[n] = d
		}
	}
	later, thisCell := map[string]bool{}, map[string]bool{}
	for _, d := range cellDecls(p.prepared) {
		for _, n := range d.names {
			if d.line < line {
				decl[n] = d.priorDecl
				thisCell[n] = true
			} else {
				later[n] = true
			}
		}
	}
	out := make(map[string]VarInfo, len(names))
	for _, n := range names {
		info := VarInfo{ThisCell: thisCell[n], Later: later[n]}
		if d, ok := decl[n]; ok {
			info.Declared, info.Src, info.Idents, info.Initialized = true, d.src, d.idents, initialized(d.src, n)
		}
		out[n] = info
	}

	// The types come from a check of the cell being run with a use of each name
	// after it: the check takes in the earlier declarations the names need.
	for n, t := range p.varTypes(p.prepared, names, imports, false) {
		info := out[n]
		info.Type, info.Mentions = t.text, t.mentions
		out[n] = info
	}
	return out
}

// typeText is a type as a cell writes it, and the session's named types it spells out.
type typeText struct {
	text     string
	mentions []string
	// imports are the packages (path -> name) the text names that the session has
	// not imported: with them imported, it is valid (see typeWriter.addImports).
	imports map[string]string
}

// varTypes writes the types of the named variables as a cell would, found by a check
// of cell followed by a use of each name; names whose type cannot be written are
// left out. Called with the monomorphizer's lock held.
func (p *Pipeline) varTypes(cell string, names []string, imports map[string]string, addImports bool) map[string]typeText {
	m := p.mono
	var b strings.Builder
	b.WriteString(cell)
	for _, n := range names {
		b.WriteString("\n_ = " + n)
	}
	cell = b.String()
	items, err := SplitItems(cell)
	if err != nil || len(items) == 0 {
		return nil
	}
	r, _, err := m.check(cell, items, imports, &instanceSet{byKey: map[string]*instance{}}, false)
	if err != nil || r.pkg == nil {
		return nil
	}
	out := map[string]typeText{}
	for _, n := range names {
		v, ok := r.pkg.Scope().Lookup(n).(*types.Var)
		if !ok {
			continue
		}
		w := typeWriter{pkg: r.pkg, imports: r.imports, seen: map[string]bool{}, addImports: addImports}
		w.write(v.Type())
		if !w.failed {
			out[n] = typeText{w.b.String(), w.mentions, w.added}
		}
	}
	return out
}

// Forget makes the named variables, constants, functions and methods (as T.M)
// undefined for the cells to come, as if they had never been declared: the session
// dropped them. Their declarations by earlier cells are dropped (a declaration of
// several names keeps the others, declaring the dropped ones as _), and so are their
// declarations by the cell being run on a line before line; its later ones declare
// them anew.
func (p *Pipeline) Forget(line int, names ...string) {
	if len(names) == 0 {
		return
	}
	gone := map[string]bool{}
	for _, n := range names {
		gone[n] = true
	}
	m := p.mono
	m.mu.Lock()
	defer m.mu.Unlock()
	kept := m.decls[:0]
	for _, d := range m.decls {
		if d2, ok := forgetIn(d, gone); ok {
			kept = append(kept, d2)
		}
	}
	m.decls = kept
	if p.prepared == "" {
		return
	}
	// The cell being run is recorded when it ends, from its text: its declarations
	// of the names are blanked there (keeping every line), or the names made _.
	out := []byte(p.prepared)
	for _, d := range cellDecls(p.prepared) {
		if d.line >= line || !anyDeclared(d.names, gone) {
			continue
		}
		src := d.src
		if d.isDefine {
			src = p.prepared[d.start:d.end]
		}
		for _, id := range declIdents(src, d.isDefine) {
			if gone[id.name] {
				copy(out[d.start+id.off:], "_"+strings.Repeat(" ", len(id.name)-1))
			}
		}
		if allIn(d.names, gone) {
			for i := d.start; i < d.end; i++ {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
		}
	}
	p.prepared = string(out)
}

// forgetIn returns d without the names in gone, and whether anything is left of it.
func forgetIn(d priorDecl, gone map[string]bool) (priorDecl, bool) {
	if !anyDeclared(d.names, gone) {
		return d, true
	}
	if allIn(d.names, gone) {
		return priorDecl{}, false
	}
	src := []byte(d.src)
	for _, id := range declIdents(d.src, false) {
		if gone[id.name] {
			copy(src[id.off:], "_"+strings.Repeat(" ", len(id.name)-1))
		}
	}
	var names []string
	for _, n := range d.names {
		if !gone[n] {
			names = append(names, n)
		}
	}
	out := priorDecl{names: names, src: string(src), short: d.short}
	seen := map[string]bool{}
	scanIdents(out.src, func(name string) {
		if !seen[name] {
			seen[name] = true
			out.idents = append(out.idents, name)
		}
	})
	return out, true
}

func allIn(names []string, set map[string]bool) bool {
	for _, n := range names {
		if !set[n] {
			return false
		}
	}
	return true
}

// declIdent is a name a variable declaration declares, at its offset in the source.
type declIdent struct {
	name string
	off  int
}

// declIdents lists the names that src, a var declaration or (isDefine) an x, y := e
// statement, declares.
func declIdents(src string, isDefine bool) []declIdent {
	var out []declIdent
	if isDefine {
		if as := defineStmt(src); as != nil {
			for _, l := range as.Lhs {
				id := l.(*ast.Ident)
				out = append(out, declIdent{id.Name, int(id.Pos()) - 1})
			}
		}
		return out
	}
	f := ParseDecls(src)
	if f == nil || len(f.Decls) != 1 {
		return nil
	}
	gd, ok := f.Decls[0].(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		return nil
	}
	for _, s := range gd.Specs {
		for _, id := range s.(*ast.ValueSpec).Names {
			out = append(out, declIdent{id.Name, int(id.Pos()) - 1 - len(DeclPrefix)})
		}
	}
	return out
}

// initialized reports whether src, a recorded declaration, gives name a value.
func initialized(src, name string) bool {
	f := ParseDecls(src)
	if f == nil {
		return false
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for _, id := range vs.Names {
				if id.Name == name {
					return len(vs.Values) > 0
				}
			}
		}
	}
	return false
}

// cellDeclRec is a declaration of the cell being run as Forget needs it.
type cellDeclRec struct {
	cellDecl
	start, end int // the item's offsets in the cell
	isDefine   bool
	generic    bool // a generic function or type
}

// cellDecls lists the declarations of a cell in the form later cells are
// type-checked against (a := statement as a var declaration), with where each is.
func cellDecls(code string) []cellDeclRec {
	if code == "" {
		return nil
	}
	items, err := SplitItems(code)
	if err != nil {
		return nil
	}
	var out []cellDeclRec
	for _, it := range items {
		text := code[it.Start:it.End]
		switch {
		case it.IsImport:
		case it.Kind == DeclChunk:
			f := ParseDecls(text)
			if f == nil {
				continue
			}
			for _, d := range f.Decls {
				src := DeclSource(text, d)
				gd, isGen := d.(*ast.GenDecl)
				out = append(out, cellDeclRec{
					cellDecl: cellDecl{priorDecl{names: declNames(&ast.File{Decls: []ast.Decl{d}}), src: src, variable: isGen && gd.Tok == token.VAR}, it.Line},
					start:    it.Start + int(d.Pos()) - 1 - len(DeclPrefix), end: it.Start + int(d.End()) - 1 - len(DeclPrefix),
					generic: isGenericDecl(d),
				})
			}
		default:
			if as := defineStmt(text); as != nil {
				var names []string
				for _, l := range as.Lhs {
					names = append(names, l.(*ast.Ident).Name)
				}
				lhsEnd := int(as.Lhs[len(as.Lhs)-1].End()) - 1
				rhsStart := int(as.Rhs[0].Pos()) - 1
				out = append(out, cellDeclRec{
					cellDecl: cellDecl{priorDecl{names: names, src: "var " + text[:lhsEnd] + " = " + text[rhsStart:], short: true}, it.Line},
					start:    it.Start, end: it.End, isDefine: true,
				})
			}
		}
	}
	for i := range out {
		seen := map[string]bool{}
		scanIdents(out[i].src, func(name string) {
			if !seen[name] {
				seen[name] = true
				out[i].idents = append(out[i].idents, name)
			}
		})
	}
	return out
}

// typeWriter writes a type as a cell of the session would: packages by the names the
// session imported them under, aliases spelled out (an alias of a cell type keeps the
// type it was declared with, which may be the one being replaced).
type typeWriter struct {
	pkg      *types.Package
	imports  map[string]string // package path -> name
	b        strings.Builder
	failed   bool
	mentions []string
	seen     map[string]bool
	// addImports lets the text name a package the session reaches without
	// importing it (a *sparse.CSR from syn.Matrix), under the package's own name
	// when nothing in the session has that name; added collects them.
	addImports bool
	added      map[string]string
}

// addImport names pkg, which the session has not imported, by its own name, unless a
// session import, declaration or predeclared name has that name.
func (w *typeWriter) addImport(pkg *types.Package) (string, bool) {
	name := pkg.Name()
	if n, ok := w.added[pkg.Path()]; ok {
		return n, true
	}
	for path, n := range w.imports {
		if n == name && path != pkg.Path() {
			return "", false
		}
	}
	for path, n := range w.added {
		if n == name && path != pkg.Path() {
			return "", false
		}
	}
	if w.pkg.Scope().Lookup(name) != nil || types.Universe.Lookup(name) != nil {
		return "", false
	}
	if w.added == nil {
		w.added = map[string]string{}
	}
	w.added[pkg.Path()] = name
	return name, true
}

func (w *typeWriter) write(t types.Type) {
	if w.failed {
		return
	}
	switch t := t.(type) {
	case *types.Alias:
		w.write(types.Unalias(t))
	case *types.Basic:
		if t.Kind() == types.Invalid || t.Info()&types.IsUntyped != 0 {
			w.failed = true
			return
		}
		w.b.WriteString(t.Name())
	case *types.Named:
		obj := t.Obj()
		if t.TypeArgs().Len() > 0 || t.TypeParams().Len() > 0 {
			w.failed = true // yaegi knows the instance under the name the rewrite gave it
			return
		}
		switch {
		case obj.Pkg() == nil: // error
			w.b.WriteString(obj.Name())
		case obj.Pkg() == w.pkg:
			if obj.Parent() != w.pkg.Scope() {
				w.failed = true // a type local to a function
				return
			}
			if !w.seen[obj.Name()] {
				w.seen[obj.Name()] = true
				w.mentions = append(w.mentions, obj.Name())
			}
			w.b.WriteString(obj.Name())
		default:
			name, ok := w.imports[obj.Pkg().Path()]
			if !ok && w.addImports && obj.Exported() {
				name, ok = w.addImport(obj.Pkg())
			}
			if !ok || !obj.Exported() {
				w.failed = true
				return
			}
			w.b.WriteString(name + "." + obj.Name())
		}
	case *types.Pointer:
		w.b.WriteString("*")
		w.write(t.Elem())
	case *types.Slice:
		w.b.WriteString("[]")
		w.write(t.Elem())
	case *types.Array:
		w.b.WriteString("[" + strconv.FormatInt(t.Len(), 10) + "]")
		w.write(t.Elem())
	case *types.Map:
		w.b.WriteString("map[")
		w.write(t.Key())
		w.b.WriteString("]")
		w.write(t.Elem())
	case *types.Chan:
		switch t.Dir() {
		case types.SendRecv:
			w.b.WriteString("chan ")
			if c, ok := types.Unalias(t.Elem()).(*types.Chan); ok && c.Dir() == types.RecvOnly {
				w.b.WriteString("(")
				w.write(t.Elem())
				w.b.WriteString(")")
				return
			}
		case types.SendOnly:
			w.b.WriteString("chan<- ")
		case types.RecvOnly:
			w.b.WriteString("<-chan ")
		}
		w.write(t.Elem())
	case *types.Signature:
		w.b.WriteString("func")
		w.signature(t)
	case *types.Struct:
		w.b.WriteString("struct{")
		for i := 0; i < t.NumFields(); i++ {
			if i > 0 {
				w.b.WriteString("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				w.b.WriteString(f.Name() + " ")
			}
			w.write(f.Type())
			if tag := t.Tag(i); tag != "" {
				w.b.WriteString(" " + strconv.Quote(tag))
			}
		}
		w.b.WriteString("}")
	case *types.Interface:
		if t.NumEmbeddeds() == 0 && t.NumExplicitMethods() == 0 {
			w.b.WriteString("interface{}")
			return
		}
		w.b.WriteString("interface{")
		for i := 0; i < t.NumEmbeddeds(); i++ {
			if i > 0 {
				w.b.WriteString("; ")
			}
			w.write(t.EmbeddedType(i))
		}
		for i := 0; i < t.NumExplicitMethods(); i++ {
			if i > 0 || t.NumEmbeddeds() > 0 {
				w.b.WriteString("; ")
			}
			fn := t.ExplicitMethod(i)
			w.b.WriteString(fn.Name())
			w.signature(fn.Type().(*types.Signature))
		}
		w.b.WriteString("}")
	default:
		w.failed = true // a type parameter, a tuple, a union
	}
}

func (w *typeWriter) signature(sig *types.Signature) {
	w.tuple(sig.Params(), sig.Variadic())
	switch res := sig.Results(); res.Len() {
	case 0:
	case 1:
		w.b.WriteString(" ")
		w.write(res.At(0).Type())
	default:
		w.b.WriteString(" ")
		w.tuple(res, false)
	}
}

func (w *typeWriter) tuple(t *types.Tuple, variadic bool) {
	w.b.WriteString("(")
	for i := 0; i < t.Len(); i++ {
		if i > 0 {
			w.b.WriteString(", ")
		}
		if variadic && i == t.Len()-1 {
			w.b.WriteString("...")
			w.write(t.At(i).Type().(*types.Slice).Elem())
			continue
		}
		w.write(t.At(i).Type())
	}
	w.b.WriteString(")")
}

// Checkpoint returns a function that undoes what Forget did since: a session calls it
// before a cell runs and the function if the cell is undone.
func (p *Pipeline) Checkpoint() (undo func()) {
	m := p.mono
	m.mu.Lock()
	decls := append([]priorDecl(nil), m.decls...)
	m.mu.Unlock()
	prepared := p.prepared
	return func() {
		m.mu.Lock()
		m.decls = decls
		m.mu.Unlock()
		p.prepared = prepared
	}
}

// Declared returns those of names that the pipeline has a declaration of: by an
// earlier cell or, on a line before line, by the cell being run.
func (p *Pipeline) Declared(line int, names ...string) []string {
	m := p.mono
	m.mu.Lock()
	known := map[string]bool{}
	for _, d := range m.decls {
		for _, n := range d.names {
			known[n] = true
		}
	}
	m.mu.Unlock()
	for _, d := range cellDecls(p.prepared) {
		if d.line < line {
			for _, n := range d.names {
				known[n] = true
			}
		}
	}
	var out []string
	for _, n := range names {
		if known[n] {
			out = append(out, n)
		}
	}
	return out
}

// Names returns every name the earlier cells declared: variables, constants,
// functions, types, and methods as Type.Method.
func (p *Pipeline) Names() map[string]bool {
	m := p.mono
	m.mu.Lock()
	defer m.mu.Unlock()
	names := map[string]bool{}
	for _, d := range m.decls {
		for _, n := range d.names {
			names[n] = true
		}
	}
	return names
}

// MethodsUsed returns the methods of the cells' types (as Type.Method) that the cell
// last prepared selects, found by its type-check; nil when it did not type-check.
func (p *Pipeline) MethodsUsed() []string {
	m := p.mono
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.methodsUsed
}
