package display

import (
	"fmt"
	"strings"
	"testing"
)

type Base struct{ ID int }

type item struct {
	Base
	Name   string
	Score  float64 `table:"score"`
	Secret string  `table:"-"`
	hidden int
}

// tableText returns the HTML of a table bundle after checking it is
// well-formed XML, so tags balance and every cell is escaped.
func tableHTML(t *testing.T, b Bundle) string {
	t.Helper()
	h, ok := b.Data[MIMEHTML].(string)
	if !ok {
		t.Fatalf("no HTML: %v", b.Data)
	}
	wellFormedXML(t, h)
	return h
}

func TestTableShapes(t *testing.T) {
	tests := []struct {
		name     string
		v        any
		wantHTML []string // fragments in order
		wantText string
	}{
		{
			name: "slice of structs",
			v:    []item{{Base{1}, "<b>a</b>", 0.1 + 0.2, "s", 0}, {Base{2}, "b", 2, "s", 0}},
			wantHTML: []string{"<th>ID</th><th>Name</th><th>score</th></tr>",
				"<td>1</td><td>&lt;b&gt;a&lt;/b&gt;</td><td>0.3</td>", "<td>2</td><td>b</td><td>2</td>",
				"2 rows × 3 columns"},
			wantText: "ID  Name      score\n1   <b>a</b>  0.3\n2   b         2\n2 rows × 3 columns",
		},
		{
			name:     "pointers with nil",
			v:        []*item{{Name: "x"}, nil},
			wantHTML: []string{"<td>0</td><td>x</td><td>0</td>", "<td>&lt;nil&gt;</td><td>&lt;nil&gt;</td>"},
		},
		{
			name:     "rows with header",
			v:        [][]string{{"user", "item"}, {"u1", "i&1"}, {"u2"}},
			wantHTML: []string{"<th>user</th><th>item</th>", "<td>u1</td><td>i&amp;1</td>", "<td>u2</td><td></td>"},
			wantText: "user  item\nu1    i&1\nu2\n2 rows × 2 columns",
		},
		{
			name:     "records",
			v:        []map[string]any{{"b": 1, "a": "x"}, {"c": true}},
			wantHTML: []string{"<th>a</th><th>b</th><th>c</th>", "<td>x</td><td>1</td><td></td>", "<td></td><td></td><td>true</td>"},
		},
		{
			name:     "map sorted numerically",
			v:        map[int]string{10: "ten", 9: "nine", 1: "one"},
			wantHTML: []string{"<th>key</th><th>value</th>", "<td>1</td>", "<td>9</td>", "<td>10</td>"},
		},
		{
			name:     "map of structs",
			v:        map[string]item{"k": {Name: "n"}},
			wantHTML: []string{"<th>key</th><th>ID</th><th>Name</th><th>score</th>", "<td>k</td><td>0</td><td>n</td>"},
		},
		{
			name:     "scalars",
			v:        []float32{1.5, 2},
			wantHTML: []string{"<th>value</th>", "<td>1.5</td>", "<td>2</td>", "2 rows × 1 column<"},
		},
		{
			name:     "pointers to scalars",
			v:        []*float64{new(2.5), nil},
			wantHTML: []string{"<td>2.5</td>", "<td>&lt;nil&gt;</td>"},
		},
		{
			name:     "one struct",
			v:        &item{Name: "solo"},
			wantHTML: []string{"<th>field</th><th>value</th>", "<td>Name</td><td>solo</td>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := TableBundle(tt.v)
			h := tableHTML(t, b)
			rest := h
			for _, frag := range tt.wantHTML {
				i := strings.Index(rest, frag)
				if i < 0 {
					t.Fatalf("HTML lacks %q (in order):\n%s", frag, h)
				}
				rest = rest[i+len(frag):]
			}
			if tt.wantText != "" {
				got := strings.Join(trimLines(b.PlainText()), "\n")
				if got != tt.wantText {
					t.Errorf("text =\n%s\nwant\n%s", got, tt.wantText)
				}
			}
		})
	}
}

func trimLines(s string) []string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

func TestTableTruncates(t *testing.T) {
	rows := make([]int, 120)
	for i := range rows {
		rows[i] = i
	}
	b := TableBundle(rows)
	h := tableHTML(t, b)
	if n := strings.Count(h, "<tr>"); n != DefaultMaxRows+1 {
		t.Errorf("%d <tr>, want %d rows + header", n, DefaultMaxRows)
	}
	if !strings.Contains(h, "showing 50 of 120 rows") || !strings.HasSuffix(b.PlainText(), "showing 50 of 120 rows × 1 column") {
		t.Errorf("no row count:\n%s\n%s", h, b.PlainText())
	}
	if strings.Contains(h, "<td>50</td>") {
		t.Error("row 50 shown")
	}

	h = tableHTML(t, TableBundle(rows, MaxRows(0)))
	if n := strings.Count(h, "<tr>"); n != 121 {
		t.Errorf("MaxRows(0): %d <tr>, want all", n)
	}
}

func TestTableTextCells(t *testing.T) {
	long := strings.Repeat("x", 100)
	b := TableBundle([][]string{{"h"}, {long}, {"two\nlines\tand tab"}})
	if !strings.Contains(tableHTML(t, b), long) {
		t.Error("HTML cut a cell")
	}
	lines := strings.Split(b.PlainText(), "\n")
	if got := strings.TrimSpace(lines[1]); len([]rune(got)) != maxTextCell || !strings.HasSuffix(got, "…") {
		t.Errorf("long text cell = %q", got)
	}
	if got := strings.TrimSpace(lines[2]); got != "two lines and tab" {
		t.Errorf("multi-line text cell = %q", got)
	}
}

func TestTableErrors(t *testing.T) {
	var nilSlice *[]item
	for _, v := range []any{42, nil, nilSlice, "text"} {
		b := TableBundle(v)
		if _, ok := b.Data[MIMEHTML]; ok || !strings.HasPrefix(b.PlainText(), "display: Table: ") {
			t.Errorf("TableBundle(%#v) = %v, want an error text", v, b.Data)
		}
	}
}

func TestTableStringer(t *testing.T) {
	h := tableHTML(t, TableBundle([]fmt.Stringer{stringer("<s>")}))
	if !strings.Contains(h, "<td>&lt;s&gt;</td>") {
		t.Errorf("stringer cell: %s", h)
	}
}

type stringer string

func (s stringer) String() string { return string(s) }
