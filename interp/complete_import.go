// Completion of import paths: inside the quotes of an import spec, the packages a
// cell can import.

package interp

import (
	"go/token"
	"path"
	"strings"

	"github.com/gokernel/gokernel/interp/generic/std"
)

// importPathAt reports whether the cursor is inside the path of an import spec
// (import "encoding/, import j "encoding/, or a line of an import block), and
// returns where the path's text starts and what of it is typed before the cursor.
// The closing quote may be there or not yet.
func importPathAt(toks []cellToken, code string, cursor int) (start int, prefix string, ok bool) {
	for i, t := range toks {
		if t.off >= cursor {
			break
		}
		if t.tok != token.STRING {
			continue
		}
		closed := len(t.text) > 1 && t.text[len(t.text)-1] == t.text[0]
		if cursor > t.end() || cursor == t.end() && closed {
			continue
		}
		if !inImportSpec(toks, i) {
			return 0, "", false
		}
		return t.off + 1, code[t.off+1 : cursor], true
	}
	return 0, "", false
}

// inImportSpec reports whether the string toks[i] is the path of an import spec.
func inImportSpec(toks []cellToken, i int) bool {
	k := i - 1
	if k >= 0 && (toks[k].tok == token.IDENT || toks[k].tok == token.PERIOD) {
		k-- // the name it is imported under: j, _ or .
	}
	if k < 0 {
		return false
	}
	switch toks[k].tok {
	case token.IMPORT:
		return true
	case token.LPAREN, token.SEMICOLON:
		// A line of a block: the parenthesis the block opens with follows import.
		depth := 0
		for j := k; j >= 0; j-- {
			switch toks[j].tok {
			case token.RPAREN:
				depth++
			case token.LPAREN:
				if depth == 0 {
					return j > 0 && toks[j-1].tok == token.IMPORT
				}
				depth--
			}
		}
	}
	return false
}

// importPaths are the packages cells can import: those of the interpreter's symbol
// tables (the standard library, gonum, display, mllib) and those of the generic
// standard library it runs from source (iter, unique).
func (s *Session) importPaths() []completion {
	var out []completion
	add := func(p, name string) {
		if strings.Contains(p, "/internal/") || strings.HasPrefix(p, "internal/") {
			return
		}
		out = append(out, completion{text: p, kind: "module", signature: "package " + name})
	}
	for p := range s.symbols.byPath {
		add(p, s.symbols.nameOf[p])
	}
	for _, p := range std.Packages() {
		if _, ok := s.symbols.byPath[p.Path]; !ok {
			add(p.Path, path.Base(p.Path))
		}
	}
	return out
}
