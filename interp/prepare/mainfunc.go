package prepare

import (
	"go/scanner"
	"go/token"
	"strings"
)

// MainAlias is what a cell's func main is evaluated as. yaegi runs the main function of
// package main at the end of every evaluation once one exists, so a cell that defines
// main would run it then, and again with every later cell; under another name it
// runs only when called.
const MainAlias = "gkmain"

// PrepareProgram adapts a cell that is (part of) a Go program: a leading
// "package main" clause is blanked, and the identifier main is renamed to MainAlias.
// It reports whether the cell had a package clause.
func PrepareProgram(code string) (string, bool) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	var b strings.Builder
	last := 0
	prev := token.ILLEGAL
	hadPackage := false
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		switch {
		case tok == token.PACKAGE && prev == token.ILLEGAL:
			// Blank "package name" with spaces so every offset stays.
			_, next, name := s.Scan()
			if next == token.IDENT {
				end := file.Offset(pos) + len("package")
				end = strings.Index(code[end:], name) + end + len(name)
				b.WriteString(code[last:off])
				b.WriteString(strings.Repeat(" ", end-off))
				last = end
				hadPackage = true
			}
			prev = next
			continue
		case tok == token.IDENT && lit == "main" && prev != token.PERIOD:
			b.WriteString(code[last:off])
			b.WriteString(MainAlias)
			last = off + len(lit)
		}
		if tok != token.SEMICOLON || lit != "\n" {
			prev = tok
		}
	}
	if last == 0 {
		return code, hadPackage
	}
	b.WriteString(code[last:])
	return b.String(), hadPackage
}

// UnaliasMain puts main back in text shown to the user.
func UnaliasMain(s string) string { return strings.ReplaceAll(s, MainAlias, "main") }
