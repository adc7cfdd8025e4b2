package interp

import (
	"go/scanner"
	"go/token"
	"strings"
)

// chunkKind says how a piece of a cell is evaluated.
type chunkKind int

const (
	// declChunk holds imports and top-level declarations, evaluated together as one
	// file so that they may refer to each other in any order, as in Go.
	declChunk chunkKind = iota
	// stmtChunk holds statements, evaluated as the body of main.
	stmtChunk
)

// chunk is a run of a cell that yaegi evaluates in one Eval call.
type chunk struct {
	kind chunkKind
	// src is the chunk's source, padded with newlines so that yaegi's line numbers are
	// the cell's own.
	src string
	// line is the cell line (1-based) where the chunk starts.
	line int
	// items are the chunk's top-level items in source order.
	items []item
}

// item is one top-level declaration or statement of a cell.
type item struct {
	kind       chunkKind
	isImport   bool
	start, end int // byte offsets in the cell
	line       int
}

// splitCell cuts a cell into chunks: consecutive declarations form one declChunk
// (after a chunk of their imports), consecutive statements one stmtChunk.
// Top-level var and const are declarations, so they become session variables;
// := statements do too, because yaegi keeps main's top-level scope between Evals.
func splitCell(src string) ([]chunk, error) {
	items, err := splitItems(src)
	if err != nil {
		return nil, err
	}
	var chunks []chunk
	for i := 0; i < len(items); {
		j := i
		for j < len(items) && items[j].kind == items[i].kind {
			j++
		}
		group := items[i:j]
		if items[i].kind == declChunk {
			// Imports go first in their own chunk: Go wants them above the
			// declarations, and a chunk of their own keeps every line where it is.
			var imports, decls []item
			for _, it := range group {
				if it.isImport {
					imports = append(imports, it)
				} else {
					decls = append(decls, it)
				}
			}
			for _, g := range [][]item{imports, decls} {
				if len(g) > 0 {
					chunks = append(chunks, buildChunk(src, declChunk, g))
				}
			}
		} else {
			chunks = append(chunks, buildChunk(src, items[i].kind, group))
		}
		i = j
	}
	return chunks, nil
}

// buildChunk assembles the source of one chunk, keeping every item on its own cell
// lines so error positions map back to the cell.
func buildChunk(src string, kind chunkKind, group []item) chunk {
	c := chunk{kind: kind, items: group, line: group[0].line}
	for _, it := range group {
		if it.line < c.line {
			c.line = it.line
		}
	}
	var b strings.Builder
	line := 1
	atLineStart := true
	for _, it := range group {
		// Pad to the item's line; an item hoisted above later lines (an import) or one
		// that shares a line with the previous item is separated by a newline or "; ".
		switch {
		case line < it.line:
			b.WriteString(strings.Repeat("\n", it.line-line))
			line, atLineStart = it.line, true
		case b.Len() > 0 && line > it.line:
			b.WriteByte('\n')
			line, atLineStart = line+1, true
		case b.Len() > 0:
			b.WriteString("; ")
		}
		// Keep the item's column by padding its first line with spaces.
		if col := it.start - strings.LastIndexByte(src[:it.start], '\n') - 1; col > 0 && atLineStart {
			b.WriteString(strings.Repeat(" ", col))
		}
		text := src[it.start:it.end]
		b.WriteString(text)
		line += strings.Count(text, "\n")
		atLineStart = false
	}
	c.src = b.String()
	return c
}

// splitItems tokenises the cell and cuts it at top-level statement boundaries (the
// semicolons Go's scanner inserts at line ends, outside any brackets).
func splitItems(src string) ([]item, error) {
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
	var items []item
	var cur []tok
	depth := 0
	flush := func() {
		if len(cur) == 0 {
			return
		}
		start, end := cur[0].off, cur[len(cur)-1].end
		it := item{start: start, end: end, line: file.Line(file.Pos(start))}
		toks := make([]token.Token, len(cur))
		for i, t := range cur {
			toks[i] = t.tok
		}
		it.kind, it.isImport = classify(toks)
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
		if lit == "" || t == token.SEMICOLON && lit == "\n" {
			end = off + len(t.String())
		}
		switch t {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		case token.SEMICOLON:
			if depth <= 0 {
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
func classify(toks []token.Token) (chunkKind, bool) {
	switch toks[0] {
	case token.IMPORT:
		return declChunk, true
	case token.TYPE, token.CONST, token.VAR:
		return declChunk, false
	case token.FUNC:
		if len(toks) > 1 && toks[1] == token.IDENT {
			return declChunk, false
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
						return declChunk, false
					}
					break
				}
			}
		}
	}
	return stmtChunk, false
}
