// The cell's tokens around the cursor, for completion and inspection. A cell being
// edited rarely parses (the line under the cursor is unfinished), but it always
// scans: go/scanner tells strings, comments and brackets apart where a scan of bytes
// would take a parenthesis in a string for a call.

package interp

import (
	"go/scanner"
	"go/token"
)

// cellToken is one token of a cell, at byte offset off, with its text.
type cellToken struct {
	tok  token.Token
	off  int
	text string
}

// end is the byte offset just after the token.
func (t cellToken) end() int { return t.off + len(t.text) }

// scanCell returns the tokens of code, comments left out. Scan errors (an unfinished
// string under the cursor) are no reason to stop: the scanner goes on after them.
func scanCell(code string) []cellToken {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	var toks []cellToken
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return toks
		}
		text := lit
		switch {
		case tok == token.SEMICOLON && lit == "\n":
			text = "" // a semicolon the scanner inserted at a line end
		case tok.IsOperator() || tok.IsKeyword():
			text = tok.String()
		}
		toks = append(toks, cellToken{tok: tok, off: file.Offset(pos), text: text})
	}
}

// selectorChain is the chain of names x.y.z whose last identifier is toks[i]:
// ["x", "y", "z"]. It is nil when toks[i] is not an identifier.
func selectorChain(toks []cellToken, i int) []string {
	if i < 0 || i >= len(toks) || toks[i].tok != token.IDENT {
		return nil
	}
	chain := []string{toks[i].text}
	for j := i - 1; j >= 1 && toks[j].tok == token.PERIOD && toks[j-1].tok == token.IDENT; j -= 2 {
		chain = append([]string{toks[j-1].text}, chain...)
	}
	return chain
}

// identAt returns the index of the identifier the cursor is in or just after, or -1.
func identAt(toks []cellToken, cursor int) int {
	for i, t := range toks {
		if t.off > cursor {
			break
		}
		if t.tok == token.IDENT && cursor <= t.end() {
			return i
		}
	}
	return -1
}

// calleeAt returns the function whose call's parentheses hold the cursor, as the
// chain of names before the opening parenthesis (["strings", "Split"]): the innermost
// such call, looking through parentheses that only group. It is nil outside any call.
func calleeAt(toks []cellToken, cursor int) []string {
	var open [][]string // per unclosed parenthesis, the chain it calls (nil: a group)
	for i, t := range toks {
		if t.off >= cursor {
			break
		}
		switch t.tok {
		case token.LPAREN:
			open = append(open, selectorChain(toks, i-1))
		case token.RPAREN:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	for i := len(open) - 1; i >= 0; i-- {
		if open[i] != nil {
			return open[i]
		}
	}
	return nil
}
