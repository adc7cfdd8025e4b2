package interp

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/interp/prepare"
)

// IsComplete tells a console whether code is ready to run ("complete"), needs more
// lines ("incomplete", with the indent for the next one) or cannot be valid Go
// ("invalid"). Open brackets, an unterminated raw string or comment, and a line ending
// in an operator or comma all mean more is coming.
func IsComplete(code string) workerproto.IsCompleteReply {
	if strings.TrimSpace(code) == "" {
		return workerproto.IsCompleteReply{Status: "complete"}
	}
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var scanErrs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(code), func(pos token.Position, msg string) { scanErrs.Add(pos, msg) }, scanner.ScanComments)
	depth := 0
	last := token.ILLEGAL
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		}
		if tok == token.COMMENT || tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		last = tok
	}
	for _, e := range scanErrs {
		if strings.Contains(e.Msg, "not terminated") {
			return workerproto.IsCompleteReply{Status: "incomplete"}
		}
	}
	if len(scanErrs) > 0 || depth < 0 {
		return workerproto.IsCompleteReply{Status: "invalid"}
	}
	if depth > 0 || continuesLine(last) {
		return workerproto.IsCompleteReply{Status: "incomplete", Indent: strings.Repeat("\t", max(depth, 1))}
	}
	if !parses(code) {
		return workerproto.IsCompleteReply{Status: "invalid"}
	}
	return workerproto.IsCompleteReply{Status: "complete"}
}

// continuesLine reports whether a line ending in tok must go on, because Go inserts
// no semicolon after it.
func continuesLine(tok token.Token) bool {
	switch {
	case tok.IsOperator():
		switch tok {
		case token.RPAREN, token.RBRACE, token.RBRACK, token.INC, token.DEC, token.SEMICOLON:
			return false
		}
		return true
	case tok == token.FUNC, tok == token.IMPORT, tok == token.VAR, tok == token.CONST, tok == token.TYPE,
		tok == token.IF, tok == token.FOR, tok == token.SWITCH, tok == token.SELECT, tok == token.GO,
		tok == token.DEFER, tok == token.MAP, tok == token.CHAN, tok == token.STRUCT, tok == token.INTERFACE,
		tok == token.ELSE, tok == token.CASE, tok == token.PACKAGE, tok == token.RANGE:
		return true
	}
	return false
}

// parses reports whether every chunk of the cell is syntactically valid Go.
func parses(code string) bool {
	chunks, err := prepare.SplitCell(code)
	if err != nil {
		return false
	}
	fset := token.NewFileSet()
	for _, c := range chunks {
		src := "package p;" + c.Src
		if c.Kind == prepare.StmtChunk {
			src = "package p; func _() {" + c.Src + "\n}"
		}
		if _, err := parser.ParseFile(fset, "cell.go", src, 0); err != nil {
			return false
		}
	}
	return true
}
