package display

import (
	"cmp"
	"fmt"
	"html"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// DefaultMaxRows is how many rows a table shows before it is cut, about a
// screenful; the rest is summarized by a row count.
const DefaultMaxRows = 50

// maxTextCell bounds a cell in the text form so one long value does not push
// every other column off a terminal. The HTML form is never cut; browsers wrap.
const maxTextCell = 40

// TableOption changes how Table and TableBundle render.
type TableOption func(*tableConfig)

type tableConfig struct{ maxRows int }

// MaxRows sets how many rows are shown (default DefaultMaxRows); n <= 0 shows all.
func MaxRows(n int) TableOption {
	return func(c *tableConfig) { c.maxRows = n }
}

// TableBundle renders v as an HTML table with an aligned text form. v may be:
//
//   - a slice or array of structs or struct pointers: one row per element,
//     one column per exported field (promoted fields included); a field tag
//     `table:"name"` renames the column and `table:"-"` hides it;
//   - a slice or array of slices ([][]string, [][]any, ...): the first row is
//     the header;
//   - a slice or array of maps (records, e.g. decoded JSON): one column per
//     key, sorted, blank where a row lacks the key;
//   - a slice or array of other values: one column named "value";
//   - a map: a "key" column, sorted, then one "value" column, or one column
//     per field when the values are structs;
//   - a single struct: one row per field.
//
// Cells are formatted with fmt (floats with 6 significant digits) and
// HTML-escaped. Tables longer than the row limit show their first rows and
// the total count.
func TableBundle(v any, opts ...TableOption) Bundle {
	cfg := tableConfig{maxRows: DefaultMaxRows}
	for _, o := range opts {
		o(&cfg)
	}
	t, err := tableOf(v)
	if err != nil {
		return errorBundle("Table: %v", err)
	}
	return t.bundle(cfg.maxRows)
}

// Table publishes v as a table (see TableBundle).
func Table(v any, opts ...TableOption) { Publish(TableBundle(v, opts...)) }

// table is the value-independent form every input is reduced to.
type table struct {
	header []string
	rows   [][]string
}

func tableOf(v any) (table, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return table{}, fmt.Errorf("nil %T", v)
		}
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		return sliceTable(rv), nil
	case reflect.Map:
		return mapTable(rv), nil
	case reflect.Struct:
		t := table{header: []string{"field", "value"}}
		cols := structColumns(rv.Type())
		for _, c := range cols {
			t.rows = append(t.rows, []string{c.name, c.cell(rv)})
		}
		return t, nil
	case reflect.Invalid:
		return table{}, fmt.Errorf("nil value")
	}
	return table{}, fmt.Errorf("unsupported type %T: want a slice of structs, [][]string, a map or a struct", v)
}

func sliceTable(rv reflect.Value) table {
	elem := rv.Type().Elem()
	base := elem
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	var t table
	switch {
	case base.Kind() == reflect.Struct:
		cols := structColumns(base)
		for _, c := range cols {
			t.header = append(t.header, c.name)
		}
		for i := range rv.Len() {
			e := indirect(rv.Index(i))
			row := make([]string, len(cols))
			for j, c := range cols {
				if e.IsValid() {
					row[j] = c.cell(e)
				} else {
					row[j] = "<nil>"
				}
			}
			t.rows = append(t.rows, row)
		}
	case base.Kind() == reflect.Map:
		// Records such as decoded JSON: one column per key seen in any row,
		// sorted, since maps have no order of their own.
		seen := map[string]bool{}
		for i := range rv.Len() {
			if e := indirect(rv.Index(i)); e.IsValid() {
				for _, k := range e.MapKeys() {
					if name := cellText(k); !seen[name] {
						seen[name] = true
						t.header = append(t.header, name)
					}
				}
			}
		}
		slices.Sort(t.header)
		for i := range rv.Len() {
			row := make([]string, len(t.header))
			cells := map[string]string{}
			if e := indirect(rv.Index(i)); e.IsValid() {
				for _, k := range e.MapKeys() {
					cells[cellText(k)] = cellText(e.MapIndex(k))
				}
			}
			for j, name := range t.header {
				row[j] = cells[name]
			}
			t.rows = append(t.rows, row)
		}
	case elem.Kind() == reflect.Slice || elem.Kind() == reflect.Array:
		for i := range rv.Len() {
			r := rv.Index(i)
			row := make([]string, r.Len())
			for j := range r.Len() {
				row[j] = cellText(r.Index(j))
			}
			if i == 0 {
				t.header = row
			} else {
				t.rows = append(t.rows, row)
			}
		}
	default:
		t.header = []string{"value"}
		for i := range rv.Len() {
			t.rows = append(t.rows, []string{cellText(rv.Index(i))})
		}
	}
	return t
}

func mapTable(rv reflect.Value) table {
	keys := rv.MapKeys()
	slices.SortFunc(keys, compareKeys)
	vt := rv.Type().Elem()
	for vt.Kind() == reflect.Pointer {
		vt = vt.Elem()
	}
	t := table{header: []string{"key"}}
	var cols []column
	if vt.Kind() == reflect.Struct {
		cols = structColumns(vt)
		for _, c := range cols {
			t.header = append(t.header, c.name)
		}
	} else {
		t.header = append(t.header, "value")
	}
	for _, k := range keys {
		val := rv.MapIndex(k)
		row := []string{cellText(k)}
		if cols == nil {
			row = append(row, cellText(val))
		} else {
			e := indirect(val)
			for _, c := range cols {
				if e.IsValid() {
					row = append(row, c.cell(e))
				} else {
					row = append(row, "<nil>")
				}
			}
		}
		t.rows = append(t.rows, row)
	}
	return t
}

// compareKeys orders map keys numerically when they are numbers, so that
// 10 follows 9, and by their text otherwise; map iteration order is random
// and a table that reshuffles on every run is unreadable.
func compareKeys(a, b reflect.Value) int {
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp.Compare(a.Uint(), b.Uint())
	case reflect.Float32, reflect.Float64:
		return cmp.Compare(a.Float(), b.Float())
	case reflect.String:
		return cmp.Compare(a.String(), b.String())
	}
	return cmp.Compare(cellText(a), cellText(b))
}

// unexportedTag and unexportedValue mark a field a notebook cell declared unexported:
// the interpreter builds a cell's struct types with exported names only (note becomes
// Xnote), and the kernel tags those fields so (see interp/prepare's UnexportedTag).
// A table hides them, as it hides the unexported fields of a compiled type.
const (
	unexportedTag   = "gokernel"
	unexportedValue = "unexported"
)

// column is one exported field of a struct type, found through embedded structs.
type column struct {
	name  string
	index []int
}

func (c column) cell(v reflect.Value) string {
	f, err := v.FieldByIndexErr(c.index)
	if err != nil {
		return "<nil>" // promoted through a nil embedded pointer
	}
	return cellText(f)
}

func structColumns(t reflect.Type) []column {
	var cols []column
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous || !f.IsExported() || f.Tag.Get(unexportedTag) == unexportedValue {
			continue
		}
		name := f.Name
		if tag, ok := f.Tag.Lookup("table"); ok {
			if tag == "-" {
				continue
			}
			if tag != "" {
				name = tag
			}
		}
		cols = append(cols, column{name: name, index: f.Index})
	}
	return cols
}

func indirect(v reflect.Value) reflect.Value {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// cellText formats one cell. Floats get 6 significant digits because full
// precision (0.30000000000000004) makes numeric tables hard to scan.
func cellText(v reflect.Value) string {
	if !v.IsValid() {
		return "<nil>"
	}
	if v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "<nil>"
		}
		if v.Kind() == reflect.Interface {
			return cellText(v.Elem())
		}
	}
	if !v.CanInterface() {
		return fmt.Sprint(v)
	}
	x := v.Interface()
	if _, ok := x.(fmt.Stringer); !ok && v.Kind() == reflect.Pointer {
		// A cell shows the value, not its address.
		return cellText(v.Elem())
	}
	if _, ok := x.(fmt.Stringer); !ok {
		switch v.Kind() {
		case reflect.Float32:
			return strconv.FormatFloat(v.Float(), 'g', 6, 32)
		case reflect.Float64:
			return strconv.FormatFloat(v.Float(), 'g', 6, 64)
		}
	}
	return fmt.Sprint(x)
}

func (t table) bundle(maxRows int) Bundle {
	shown := t.rows
	if maxRows > 0 && len(shown) > maxRows {
		shown = shown[:maxRows]
	}
	width := len(t.header)
	for _, r := range shown {
		width = max(width, len(r))
	}
	summary := fmt.Sprintf("%s × %s", plural(len(t.rows), "row"), plural(width, "column"))
	if len(shown) < len(t.rows) {
		summary = fmt.Sprintf("showing %d of %s", len(shown), summary)
	}

	var h strings.Builder
	h.WriteString("<div class=\"gokernel-table\">\n<table>\n")
	if len(t.header) > 0 {
		h.WriteString("<thead><tr>")
		for i := range width {
			fmt.Fprintf(&h, "<th>%s</th>", html.EscapeString(at(t.header, i)))
		}
		h.WriteString("</tr></thead>\n")
	}
	h.WriteString("<tbody>\n")
	for _, r := range shown {
		h.WriteString("<tr>")
		for i := range width {
			fmt.Fprintf(&h, "<td>%s</td>", html.EscapeString(at(r, i)))
		}
		h.WriteString("</tr>\n")
	}
	h.WriteString("</tbody>\n</table>\n")
	fmt.Fprintf(&h, "<p>%s</p>\n</div>", html.EscapeString(summary))

	var txt strings.Builder
	tw := tabwriter.NewWriter(&txt, 0, 0, 2, ' ', 0)
	writeTextRow := func(r []string) {
		cells := make([]string, width)
		for i := range width {
			cells[i] = textCell(at(r, i))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if len(t.header) > 0 {
		writeTextRow(t.header)
	}
	for _, r := range shown {
		writeTextRow(r)
	}
	tw.Flush()
	txt.WriteString(summary)

	return Bundle{Data: map[string]any{MIMEHTML: h.String(), MIMEText: txt.String()}}
}

func at(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

// textCell keeps a cell on one line and within maxTextCell runes, since the
// text form is read in a terminal.
func textCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxTextCell {
		s = string(r[:maxTextCell-1]) + "…"
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
