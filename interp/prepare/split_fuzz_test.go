package prepare

import (
	"go/scanner"
	"go/token"
	"strings"
	"testing"
)

// fuzzTokens scans src the way SplitItems does and returns each token's kind and
// byte range, computing the end of a raw string from the source itself (the scanner
// drops carriage returns from a raw string's literal).
func fuzzTokens(src string) (toks []token.Token, starts, ends []int) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			return
		}
		off := file.Offset(pos)
		end := off + len(lit)
		switch {
		case t == token.SEMICOLON:
			end = off + 1
			if end > len(src) {
				end = len(src)
			}
		case lit == "":
			end = off + len(t.String())
		case t == token.STRING && strings.HasPrefix(lit, "`"):
			if i := strings.IndexByte(src[off+1:], '`'); i >= 0 {
				end = off + 1 + i + 1
			}
		}
		toks, starts, ends = append(toks, t), append(starts, off), append(ends, end)
	}
}

// FuzzSplitCell feeds arbitrary cells to SplitItems and SplitCell.
//
// Properties:
//   - neither panics, and they agree on whether the cell has an error;
//   - on success every item is a non-empty range of the cell, items are in source
//     order and do not overlap, Line is the cell line Start is on, and an import is
//     a declaration;
//   - every token of the cell other than a semicolon lies wholly inside one item
//     (the cut happens only at top-level semicolons), and items start and end at
//     token boundaries;
//   - SplitCell puts every item in exactly one chunk, imports in the first chunk,
//     consecutive items of one kind together, and each item's first line on its own
//     cell line of the chunk's source, as BuildChunk's comment promises.
func FuzzSplitCell(f *testing.F) {
	for _, cell := range []string{
		"",
		"\n\n  \t\n",
		"x := 1",
		"import \"fmt\"\nfmt.Println(1)",
		"import (\n\t\"fmt\"\n\t\"strings\"\n)\n\nx := strings.ToUpper(\"a\")\nfmt.Println(x)\nimport \"os\"",
		"type T struct{ A int `json:\"a\"` }\nfunc (t T) M() int { return t.A }\nvar t T\nt.M()",
		"func f[T any](x T) T { return x }\nconst c = 1\nf(c)",
		"func (r *R) g[T any]() {}\nfunc() { println(1) }()",
		"for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}\nif a, b := 1, 2; a < b { println(a) } else { println(b) }",
		"switch x := 1; x {\ncase 1:\n\tprintln(1)\n}\nselect {}\n{ a, b := 1, 2; _, _ = a, b }",
		"L: for { break L }\ngoto L\ndefer println(1)\nreturn",
		"a := 1; b := 2; ; ; c := a + b",
		"%time x := 1\n%%bash\n!ls -la\n!go get example.com/m@v1",
		"?fmt.Println\nfmt.Println?",
		"s := `unterminated",
		"s := \"unterminated\nx := 1",
		"/* unterminated comment",
		"x := 1 // comment\n/* block */ y := 2 /* trailing */",
		"x := 'ab'\ny := '\\",
		"r := `raw\nstring`\nf(x)",
		"m := map[string][]int{\"a\": {1, 2}, \"b\": {3,\n4}}",
		"x := ((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))",
		strings.Repeat("{", 200) + strings.Repeat("}", 200),
		")))]]]}}} x := 1",
		"x := 1\r\ny := 2\r\n",
		"\ufeffx := 1",
		"x := \"\xff\xfe\"\n\x00",
		"héllo := \"wörld\"\nπ := 3.14",
		"0x_1p-2i + 1e",
		"@#$ x",
		"func main() {\n\tprintln(1)\n}\nmain()",
		// Found by this fuzzer: a cell ending inside a bracket made an item end past
		// the cell, and a raw string holding \r was cut short.
		"(0",
		"f(x",
		"x := [1",
		"r := `raw\r\nstring`",
		"s := `a\r\r`\nt := 1",
	} {
		f.Add(cell)
	}
	f.Fuzz(func(t *testing.T, src string) {
		items, err := SplitItems(src)
		chunks, cerr := SplitCell(src)
		if (err == nil) != (cerr == nil) {
			t.Fatalf("SplitItems error %v, SplitCell error %v", err, cerr)
		}
		if err != nil {
			return
		}
		prev := 0
		for i, it := range items {
			if it.Start < prev || it.Start >= it.End || it.End > len(src) {
				t.Fatalf("item %d [%d,%d) out of order, empty or outside the %d-byte cell (previous end %d)", i, it.Start, it.End, len(src), prev)
			}
			prev = it.End
			if want := 1 + strings.Count(src[:it.Start], "\n"); it.Line != want {
				t.Fatalf("item %d at line %d, want %d", i, it.Line, want)
			}
			if it.IsImport && it.Kind != DeclChunk {
				t.Fatalf("item %d is an import but not a declaration", i)
			}
		}

		toks, starts, ends := fuzzTokens(src)
		isStart, isEnd := map[int]bool{}, map[int]bool{}
		for k, tk := range toks {
			isStart[starts[k]], isEnd[ends[k]] = true, true
			if tk == token.SEMICOLON {
				continue
			}
			found := false
			for _, it := range items {
				if it.Start <= starts[k] && ends[k] <= it.End {
					found = true
					break
				}
			}
			if !found {
				t.Fatalf("token %s at [%d,%d) %q is in no item %+v", tk, starts[k], ends[k], src[starts[k]:ends[k]], items)
			}
		}
		for i, it := range items {
			if !isStart[it.Start] || !isEnd[it.End] {
				t.Fatalf("item %d [%d,%d) does not start and end at token boundaries", i, it.Start, it.End)
			}
		}

		seen := 0
		for ci, c := range chunks {
			if len(c.Items) == 0 {
				t.Fatalf("chunk %d is empty", ci)
			}
			for _, it := range c.Items {
				if it.Kind != c.Kind {
					t.Fatalf("chunk %d of kind %d holds an item of kind %d", ci, c.Kind, it.Kind)
				}
				if it.IsImport != (ci == 0 && c.Items[0].IsImport) {
					t.Fatalf("import outside the first chunk, or a non-import in the import chunk")
				}
				seen++
				lines := strings.Split(c.Src, "\n")
				if it.Line < 1 || it.Line > len(lines) {
					t.Fatalf("chunk %d source has %d lines, item at line %d", ci, len(lines), it.Line)
				}
				first, _, _ := strings.Cut(src[it.Start:it.End], "\n")
				if !strings.Contains(lines[it.Line-1], first) {
					t.Fatalf("chunk %d line %d %q lacks the item's first line %q", ci, it.Line, lines[it.Line-1], first)
				}
			}
			if ci > 0 && c.Kind == chunks[ci-1].Kind && !chunks[ci-1].Items[0].IsImport {
				t.Fatalf("chunks %d and %d of one kind are not merged", ci-1, ci)
			}
		}
		if seen != len(items) {
			t.Fatalf("chunks hold %d items, SplitItems found %d", seen, len(items))
		}
	})
}
