// The declarations cells made, as inspection shows them: the declaration as the cell
// wrote it and its doc comment. The session keeps neither: its records (funcRecord,
// typeRecord) hold the declaration without the comment above it, and the chunks it
// ran (sourceLog) hold each declaration on its own. The log does keep the code of the
// cell each chunk was cut from, so the newest cell that declared a name is parsed
// again, comments and all, and go/ast attaches each doc comment to its declaration
// as it does for any Go file.

package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/gokernel/gokernel/interp/prepare"
)

// cellDecl is one declaration of a cell.
type cellDecl struct {
	decl string // a function's signature, or a type's, constant's or variable's declaration
	src  string // the whole declaration with its doc comment, for detail level 1
	doc  string // the doc comment's text
}

// text is the declaration as inspection shows it: as pkgdoc shows a package's
// members, the declaration and then its documentation; with detail, the source.
func (d cellDecl) text(detail int) string {
	if detail > 0 {
		return d.src
	}
	if d.doc == "" {
		return d.decl
	}
	return d.decl + "\n\n" + d.doc
}

// cellDeclaration finds the newest declaration the session ran of key: a function,
// type, constant or variable name, or "T.M" for a method. The caller knows the
// session still has the name (a declaration a later cell forgot is still in the log).
func (s *Session) cellDeclaration(key string) (cellDecl, bool) {
	_, name, _ := strings.Cut(key, ".")
	if name == "" {
		name = key
	}
	chunks := s.sources.snapshot().chunks
	lastCode := ""
	for i := len(chunks) - 1; i >= 0; i-- {
		c := chunks[i]
		// The chunks of one cell share its code: each cell is parsed once, and only
		// if one of its declaration chunks mentions the name.
		if c.stmt || c.code == lastCode || !strings.Contains(c.src, name) {
			continue
		}
		lastCode = c.code
		if d, ok := findCellDecl(c.code, key); ok {
			return d, true
		}
	}
	return cellDecl{}, false
}

// findCellDecl parses the declarations of a cell's code and returns the one of key.
// The cell's statements are blanked out first (lines and columns kept), so that what
// is left is a file go/parser reads, with the cell's comments where they were.
func findCellDecl(code, key string) (cellDecl, bool) {
	items, err := prepare.SplitItems(code)
	if err != nil {
		return cellDecl{}, false
	}
	b := []byte(code)
	for _, it := range items {
		// Imports too: a cell may import after its first declaration, which Go forbids.
		if it.Kind == prepare.StmtChunk || it.IsImport {
			blank(b[it.Start:it.End])
		}
	}
	// On a line of its own: a comment on the cell's first line is a declaration's
	// doc, not a comment after the package clause.
	const head = "package p\n"
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "", head+string(b), parser.ParseComments|parser.SkipObjectResolution)
	if f == nil {
		return cellDecl{}, false
	}
	offset := func(p token.Pos) int { return fset.Position(p).Offset - len(head) }
	text := func(from, to token.Pos) string { return code[offset(from):offset(to)] }
	// A comment after a statement the blanking removed would join the doc comment
	// below it; on its own line it is a comment of the statement, and of no
	// declaration.
	docOf := func(g *ast.CommentGroup) *ast.CommentGroup {
		if g == nil {
			return nil
		}
		for i := len(g.List) - 1; i >= 0; i-- {
			off := offset(g.List[i].Pos())
			line := code[strings.LastIndexByte(code[:off], '\n')+1 : off]
			if strings.TrimSpace(line) != "" {
				if i == len(g.List)-1 {
					return nil
				}
				return &ast.CommentGroup{List: g.List[i+1:]}
			}
		}
		return g
	}
	// src is the declaration from its doc comment on.
	src := func(doc *ast.CommentGroup, n ast.Node) string {
		if doc != nil {
			return text(doc.Pos(), n.End())
		}
		return text(n.Pos(), n.End())
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if funcKey(d) != key {
				continue
			}
			sig := text(d.Pos(), d.End())
			if d.Body != nil {
				sig = strings.TrimSpace(text(d.Pos(), d.Body.Lbrace))
			}
			doc := docOf(d.Doc)
			return cellDecl{decl: sig, src: src(doc, d), doc: docText(doc)}, true
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				var names []*ast.Ident
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					names = []*ast.Ident{spec.Name}
				case *ast.ValueSpec:
					names = spec.Names
				}
				for _, n := range names {
					if n.Name == key {
						return genDecl(d, spec, docOf, text, src), true
					}
				}
			}
		}
	}
	return cellDecl{}, false
}

// genDecl is the declaration of spec, one of d's. A spec of a group shows alone when
// it is a type; a constant or variable shows with its group, whose earlier lines can
// give it its value (iota) or type. Its doc comment is its own, else the group's, as
// go/doc reads them.
func genDecl(d *ast.GenDecl, spec ast.Spec, docOf func(*ast.CommentGroup) *ast.CommentGroup,
	text func(from, to token.Pos) string, src func(*ast.CommentGroup, ast.Node) string) cellDecl {
	var doc *ast.CommentGroup
	switch spec := spec.(type) {
	case *ast.TypeSpec:
		doc = spec.Doc
	case *ast.ValueSpec:
		doc = spec.Doc
	}
	groupDoc := docOf(d.Doc)
	if doc == nil {
		doc = groupDoc
	}
	if !d.Lparen.IsValid() || len(d.Specs) == 1 {
		return cellDecl{decl: text(d.Pos(), d.End()), src: src(groupDoc, d), doc: docText(doc)}
	}
	decl := text(d.Pos(), d.End())
	if ts, ok := spec.(*ast.TypeSpec); ok {
		decl = "type " + text(ts.Pos(), ts.End())
	}
	d2 := cellDecl{decl: decl, src: decl, doc: docText(doc)}
	if doc != nil {
		d2.src = text(doc.Pos(), doc.End()) + "\n" + decl
	}
	return d2
}

// docText is a doc comment's text, as go/doc presents it, without the final newline.
func docText(g *ast.CommentGroup) string {
	return strings.TrimSpace(g.Text())
}

// blank turns b into spaces, keeping its line breaks.
func blank(b []byte) {
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
}
