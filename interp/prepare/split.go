package prepare

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// chunkKind says how a piece of a cell is evaluated.
type ChunkKind int

const (
	// declChunk holds imports and top-level declarations, evaluated together as one
	// file so that they may refer to each other in any order, as in Go.
	DeclChunk ChunkKind = iota
	// stmtChunk holds statements, evaluated as the body of main.
	StmtChunk
)

// chunk is a run of a cell that yaegi evaluates in one Eval call.
type Chunk struct {
	Kind ChunkKind
	// Src is the chunk's source, padded with newlines so that yaegi's line numbers are
	// the cell's own.
	Src string
	// Line is the cell line (1-based) where the chunk starts.
	Line int
	// Items are the chunk's top-level items in source order.
	Items []Item
	// ColShift maps a cell line to the columns added in front of it (by wrapping a
	// compound statement), so error columns can be mapped back.
	ColShift map[int]int
}

// Item is one top-level declaration or statement of a cell.
type Item struct {
	Kind       ChunkKind
	IsImport   bool
	Compound   bool // a for, if, switch or select statement, a block, or a labeled one
	Start, End int  // byte offsets in the cell
	Line       int
}

// SplitCell cuts a cell into chunks: all its imports first, then consecutive
// declarations as one declChunk and consecutive statements as one stmtChunk.
// Top-level var and const are declarations, so they become session variables;
// := statements do too, because yaegi keeps main's top-level scope between Evals.
func SplitCell(src string) ([]Chunk, error) {
	items, err := SplitItems(src)
	if err != nil {
		return nil, err
	}
	// Imports are file-wide in Go, wherever a cell writes them: they go first, in a
	// chunk of their own that keeps every line where it is.
	var imports, rest []Item
	for _, it := range items {
		if it.IsImport {
			imports = append(imports, it)
		} else {
			rest = append(rest, it)
		}
	}
	var chunks []Chunk
	if len(imports) > 0 {
		chunks = append(chunks, BuildChunk(src, DeclChunk, imports))
	}
	for i := 0; i < len(rest); {
		j := i
		for j < len(rest) && rest[j].Kind == rest[i].Kind {
			j++
		}
		chunks = append(chunks, BuildChunk(src, rest[i].Kind, rest[i:j]))
		i = j
	}
	return chunks, nil
}

// BuildChunk assembles the source of one chunk, keeping every item on its own cell
// lines so error positions map back to the cell.
func BuildChunk(src string, kind ChunkKind, group []Item) Chunk {
	c := Chunk{Kind: kind, Items: group, Line: group[0].Line}
	for _, it := range group {
		if it.Line < c.Line {
			c.Line = it.Line
		}
	}
	var b strings.Builder
	line := 1
	atLineStart := true
	for _, it := range group {
		// Pad to the item's line; an item hoisted above later lines (an import) or one
		// that shares a line with the previous item is separated by a newline or "; ".
		switch {
		case line < it.Line:
			b.WriteString(strings.Repeat("\n", it.Line-line))
			line, atLineStart = it.Line, true
		case b.Len() > 0 && line > it.Line:
			b.WriteByte('\n')
			line, atLineStart = line+1, true
		case b.Len() > 0:
			b.WriteString("; ")
		}
		// Keep the item's column by padding its first line with spaces.
		if col := it.Start - strings.LastIndexByte(src[:it.Start], '\n') - 1; col > 0 && atLineStart {
			b.WriteString(strings.Repeat(" ", col))
		}
		text := src[it.Start:it.End]
		if wrapCompound(it, text) {
			// yaegi v0.16.1 mis-compiles := with several values inside a block at
			// the top level of main, but not inside a function: run the statement as a
			// function literal. Its variables were local to the block anyway; the
			// closure still assigns the session's.
			text = CompoundPrefix + text + " }()"
			if c.ColShift == nil {
				c.ColShift = map[int]int{}
			}
			c.ColShift[it.Line] += len(CompoundPrefix)
		}
		b.WriteString(text)
		line += strings.Count(text, "\n")
		atLineStart = false
	}
	c.Src = b.String()
	return c
}

// SplitItems tokenises the cell and cuts it at top-level statement boundaries (the
// semicolons Go's scanner inserts at line ends, outside any brackets).
func SplitItems(src string) ([]Item, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)

	type tok struct {
		tok token.Token
		off int
		end int
	}
	var items []Item
	var cur []tok
	depth := 0
	// header is set from a for, if or switch at depth 0 to the { that opens its
	// body: the semicolons of "for i := 0; i < n; i++" do not end a statement.
	header := false
	flush := func() {
		if len(cur) == 0 {
			return
		}
		start, end := cur[0].off, cur[len(cur)-1].end
		it := Item{Start: start, End: end, Line: file.Line(file.Pos(start))}
		toks := make([]token.Token, len(cur))
		for i, t := range cur {
			toks[i] = t.tok
		}
		it.Kind, it.IsImport = classify(toks)
		it.Compound = it.Kind == StmtChunk && isCompound(toks)
		items = append(items, it)
		cur = cur[:0]
	}
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		off := file.Offset(pos)
		end := off + len(lit)
		switch {
		case lit == "" || t == token.SEMICOLON && lit == "\n":
			// An inserted semicolon stands on the newline, or at the end of the
			// cell, where it covers nothing (a cell ending inside a bracket).
			end = min(off+len(t.String()), len(src))
		case t == token.STRING && strings.HasPrefix(lit, "`"):
			// The scanner drops carriage returns from a raw string's literal: its
			// end is its closing backquote in the source.
			if i := strings.IndexByte(src[off+1:], '`'); i >= 0 {
				end = off + 1 + i + 1
			}
		}
		switch t {
		case token.FOR, token.IF, token.SWITCH:
			if depth == 0 {
				header = true
			}
		case token.LBRACE:
			if depth == 0 {
				header = false
			}
			depth++
		case token.LPAREN, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		case token.SEMICOLON:
			if depth <= 0 && !header {
				flush()
				continue
			}
		case token.COMMENT:
			continue
		}
		cur = append(cur, tok{t, off, end})
	}
	flush()
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs.Err()
	}
	return items, nil
}

// classify tells a declaration from a statement by its leading tokens. import, type,
// const, var and func NAME are declarations; a method is func (recv) NAME( or
// func (recv) NAME[; any other func is a function literal in a statement.
func classify(toks []token.Token) (ChunkKind, bool) {
	switch toks[0] {
	case token.IMPORT:
		return DeclChunk, true
	case token.TYPE, token.CONST, token.VAR:
		return DeclChunk, false
	case token.FUNC:
		if len(toks) > 1 && toks[1] == token.IDENT {
			return DeclChunk, false
		}
		if len(toks) > 1 && toks[1] == token.LPAREN {
			depth := 0
			for i := 1; i < len(toks); i++ {
				switch toks[i] {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
				}
				if depth == 0 {
					if i+2 < len(toks) && toks[i+1] == token.IDENT && (toks[i+2] == token.LPAREN || toks[i+2] == token.LBRACK) {
						return DeclChunk, false
					}
					break
				}
			}
		}
	}
	return StmtChunk, false
}

// CompoundPrefix opens the function literal a compound statement is wrapped in (see
// wrapCompound); the chunk's ColShift counts its columns.
const CompoundPrefix = "func() { "

// isCompound reports whether a statement starts with for, if, switch, select or {,
// possibly after a label.
func isCompound(toks []token.Token) bool {
	if len(toks) > 2 && toks[0] == token.IDENT && toks[1] == token.COLON {
		toks = toks[2:]
	}
	switch toks[0] {
	case token.FOR, token.IF, token.SWITCH, token.SELECT, token.LBRACE:
		return true
	}
	return false
}

// wrapCompound reports whether a compound statement should run as a function
// literal: only when it declares several variables with one := (a, b := f(),
// v, ok := m[k]), which yaegi v0.16.1 mis-compiles in a block at the top level of
// main; a closure has bugs of its own (append(xs, ys...) to a captured slice), so
// nothing else is wrapped. Never when it returns (a return at the top of a cell ends
// the cell), jumps with goto or defers, whose meaning a function boundary changes.
func wrapCompound(it Item, text string) bool {
	if !it.Compound {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {"+text+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	ok, needed := true, false
	ast.Inspect(f.Decls[0].(*ast.FuncDecl).Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its returns, defers and declarations are its own
		case *ast.ReturnStmt, *ast.DeferStmt:
			ok = false
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				ok = false
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) > 1 {
				needed = true
			}
		}
		return ok
	})
	return ok && needed
}

// DeclPrefix turns a declaration chunk into a file that go/parser accepts; positions
// in it are offsets into the chunk plus len(DeclPrefix)+1.
const DeclPrefix = "package p;"

// ParseDecls parses a declaration chunk once for everything the session records of
// it: imports, types and functions. It returns nil when the chunk does not parse.
func ParseDecls(src string) *ast.File {
	f, err := parser.ParseFile(token.NewFileSet(), "", DeclPrefix+src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	return f
}

// DeclSource is the text of node n of a file parsed by ParseDecls from src.
func DeclSource(src string, n ast.Node) string {
	return src[int(n.Pos())-1-len(DeclPrefix) : int(n.End())-1-len(DeclPrefix)]
}

// ItemIdents returns, for each top-level item of a cell (a declaration or a
// statement, as SplitItems cuts it), the identifiers it mentions, each once.
func ItemIdents(code string) ([][]string, error) {
	items, err := SplitItems(code)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(items))
	for i, it := range items {
		seen := map[string]bool{}
		scanIdents(code[it.Start:it.End], func(name string) {
			if !seen[name] {
				seen[name] = true
				out[i] = append(out[i], name)
			}
		})
	}
	return out, nil
}
