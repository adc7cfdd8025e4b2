package interp

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"strings"

	"github.com/gokernel/gokernel/interp/prepare"
)

// A cell runs its runs of declarations and the statements between them in order, so a
// function, type or constant can use only what the cell declares above the statement
// before it. A compiled program has no such order: there, `func g() int { return h() }`,
// then `x := 1`, then `func h() int { ... }` is fine, and in a cell it fails with
// yaegi's "undefined: h", or, for a type, "constant definition loop" at line 1. Such an
// error is replaced by one that names the declaration further down and says what to do.

// laterDeclarationError explains the compile error err of the declaration chunk ci of
// the prepared cell code when it is yaegi's "undefined: NAME" for a NAME a later
// declaration chunk of the cell declares, or its "definition loop" and one of the
// chunk's items names something a later chunk declares; nil otherwise.
func laterDeclarationError(code string, chunks []prepare.Chunk, ci int, err *CellError) *CellError {
	undefined := ""
	if _, after, ok := strings.Cut(err.Value, "undefined: "); ok {
		undefined, _, _ = strings.Cut(after, " ")
	} else if !strings.Contains(err.Value, "definition loop") {
		return nil
	}
	later := map[string]int{} // name -> line of its declaration
	for _, c := range chunks[ci+1:] {
		if c.Kind != prepare.DeclChunk {
			continue
		}
		for _, it := range c.Items {
			if it.IsImport {
				continue
			}
			for _, name := range packageLevelNames(code[it.Start:it.End]) {
				if _, seen := later[name]; !seen {
					later[name] = it.Line
				}
			}
		}
	}
	if undefined != "" {
		line, ok := later[undefined]
		if !ok {
			return nil
		}
		later = map[string]int{undefined: line}
	}
	if len(later) == 0 {
		return nil
	}
	// What this chunk or an earlier one declares itself is found there, whatever the
	// later chunk declares again.
	for _, c := range chunks[:ci+1] {
		if c.Kind != prepare.DeclChunk {
			continue
		}
		for _, it := range c.Items {
			for _, name := range packageLevelNames(code[it.Start:it.End]) {
				delete(later, name)
			}
		}
	}
	for _, it := range chunks[ci].Items {
		if it.IsImport {
			continue
		}
		name, at, ok := firstIdent(code[it.Start:it.End], later)
		if !ok {
			continue
		}
		line := strings.Count(code[:it.Start+at], "\n") + 1
		col := it.Start + at - (strings.LastIndexByte(code[:it.Start+at], '\n') + 1) + 1
		stmt := chunks[ci+1].Line // declarations run together up to the next statement
		return positioned(code, "CompileError", fmt.Sprintf(
			"%s is declared at line %d, below the statement at line %d: a cell runs its declarations and statements in order, so move the declaration of %s above line %d",
			name, later[name], stmt, name, stmt), line, col)
	}
	return nil
}

// packageLevelNames are the package-level names a declaration declares: a function (not
// a method), the names of a var or const, a type.
func packageLevelNames(src string) []string {
	f := prepare.ParseDecls(src)
	if f == nil {
		return nil
	}
	var names []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, id := range spec.Names {
						names = append(names, id.Name)
					}
				case *ast.TypeSpec:
					names = append(names, spec.Name.Name)
				}
			}
		}
	}
	return names
}

// firstIdent returns the first identifier of src that is a key of names, and its
// offset in src.
func firstIdent(src string, names map[string]int) (string, int, bool) {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	s.Init(file, []byte(src), nil, 0)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return "", 0, false
		}
		if _, ok := names[lit]; tok == token.IDENT && ok {
			return lit, file.Offset(pos), true
		}
	}
}
