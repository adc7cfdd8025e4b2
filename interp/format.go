package interp

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// formatValues renders the values of a trailing expression as text/plain. Strings are
// quoted so that "" and " " are visible and a string is told apart from a number;
// several values are separated by commas, as a Go programmer writes them.
//
// A long value is shortened the way IPython shortens a long repr: slices, arrays and
// maps show their first maxSeqLength elements, and the whole text keeps its start and
// end within maxResultText. A 100,000-element slice would otherwise send half a
// megabyte that the front end must render and the notebook must store. The text says
// so, and that fmt.Println prints the value whole.
func formatValues(vals []reflect.Value) string {
	var f valueFormatter
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = f.format(v)
	}
	s := strings.Join(parts, ", ")
	if f.elided > 0 {
		s += fmt.Sprintf("\n(shortened: %d elements not shown; slices, arrays and maps show their first %d. fmt.Println(value) prints it whole.)",
			f.elided, maxSeqLength)
	}
	return capText(s, maxResultText)
}

func formatValue(v reflect.Value) string {
	var f valueFormatter
	return f.format(v)
}

const (
	// maxSeqLength is IPython's pretty printer's max_seq_length.
	maxSeqLength = 1000
	// maxResultText caps the text of a result, for values long without a long sequence
	// (a long string, a 999×999 grid).
	maxResultText = 100 << 10
	// maxWalk bounds the search for a long sequence in a value: a value with more
	// elements than that is printed by fmt and left to capText.
	maxWalk = 1 << 20
)

// valueFormatter prints values as fmt's %v does, except that sequences longer than
// maxSeqLength are cut short; elided counts the elements left out.
type valueFormatter struct {
	elided int
}

func (f *valueFormatter) format(v reflect.Value) string {
	if !v.IsValid() {
		return "<nil>"
	}
	if v.Kind() == reflect.String {
		return strconv.Quote(v.String())
	}
	if budget := maxWalk; !hasLongSeq(v, 0, &budget) {
		// fmt itself for all but long values, so that short ones are unchanged.
		if !v.CanInterface() {
			return fmt.Sprint(v)
		}
		return fmt.Sprint(v.Interface())
	}
	var b strings.Builder
	f.print(&b, v, 0)
	return b.String()
}

// hasMethods reports whether fmt prints v with its own String, Error or Format method.
func hasMethods(v reflect.Value) bool {
	if !v.CanInterface() {
		return false
	}
	switch v.Interface().(type) {
	case fmt.Formatter, fmt.Stringer, error:
		return true
	}
	return false
}

// hasLongSeq reports whether v holds, where fmt prints it, a slice, array or map
// longer than maxSeqLength. It follows what fmt follows: a pointer only at the top.
func hasLongSeq(v reflect.Value, depth int, budget *int) bool {
	if *budget <= 0 || !v.IsValid() || hasMethods(v) {
		return false
	}
	*budget--
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		if v.Len() > maxSeqLength {
			return true
		}
		if isScalarKind(v.Type().Elem().Kind()) {
			return false
		}
		for i := range v.Len() {
			if hasLongSeq(v.Index(i), depth+1, budget) {
				return true
			}
		}
	case reflect.Map:
		if v.Len() > maxSeqLength {
			return true
		}
		for it := v.MapRange(); it.Next(); {
			if hasLongSeq(it.Key(), depth+1, budget) || hasLongSeq(it.Value(), depth+1, budget) {
				return true
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if hasLongSeq(v.Field(i), depth+1, budget) {
				return true
			}
		}
	case reflect.Interface:
		return hasLongSeq(v.Elem(), depth+1, budget)
	case reflect.Pointer:
		if depth == 0 && !v.IsNil() {
			return hasLongSeq(v.Elem(), depth+1, budget)
		}
	}
	return false
}

func isScalarKind(k reflect.Kind) bool {
	return k <= reflect.Complex128 || k == reflect.String || k == reflect.UnsafePointer
}

// print writes v as fmt's %v would, cutting long sequences short. It is used only for
// values hasLongSeq finds long; anything it does not take apart is printed by fmt.
func (f *valueFormatter) print(b *strings.Builder, v reflect.Value, depth int) {
	if !v.IsValid() {
		b.WriteString("<nil>")
		return
	}
	if hasMethods(v) {
		fmt.Fprint(b, v.Interface())
		return
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		b.WriteByte('[')
		n := v.Len()
		for i := range min(n, maxSeqLength) {
			if i > 0 {
				b.WriteByte(' ')
			}
			f.print(b, v.Index(i), depth+1)
		}
		f.more(b, n)
		b.WriteByte(']')
	case reflect.Map:
		b.WriteString("map[")
		keys := orderedMapKeys(v)
		for i, k := range keys[:min(len(keys), maxSeqLength)] {
			if i > 0 {
				b.WriteByte(' ')
			}
			f.print(b, k, depth+1)
			b.WriteByte(':')
			f.print(b, v.MapIndex(k), depth+1)
		}
		f.more(b, len(keys))
		b.WriteByte(']')
	case reflect.Struct:
		b.WriteByte('{')
		for i := range v.NumField() {
			if i > 0 {
				b.WriteByte(' ')
			}
			f.print(b, v.Field(i), depth+1)
		}
		b.WriteByte('}')
	case reflect.Interface:
		f.print(b, v.Elem(), depth+1)
	case reflect.Pointer:
		// fmt prints &{...} for a pointer at the top and an address below it.
		if depth == 0 && !v.IsNil() {
			switch v.Elem().Kind() {
			case reflect.Array, reflect.Slice, reflect.Struct, reflect.Map:
				b.WriteByte('&')
				f.print(b, v.Elem(), depth+1)
				return
			}
		}
		fmt.Fprint(b, v)
	default:
		fmt.Fprint(b, v)
	}
}

// more notes the elements of a sequence of n that print left out.
func (f *valueFormatter) more(b *strings.Builder, n int) {
	if n > maxSeqLength {
		fmt.Fprintf(b, " ... (%d more)", n-maxSeqLength)
		f.elided += n - maxSeqLength
	}
}

// orderedMapKeys orders a map's keys as fmt does for the common key kinds (numbers,
// strings, bools); other keys are ordered by their printed form.
func orderedMapKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		switch a.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return cmp.Compare(a.Int(), b.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return cmp.Compare(a.Uint(), b.Uint())
		case reflect.Float32, reflect.Float64:
			return cmp.Compare(a.Float(), b.Float())
		case reflect.String:
			return cmp.Compare(a.String(), b.String())
		case reflect.Bool:
			return cmp.Compare(boolInt(a.Bool()), boolInt(b.Bool()))
		}
		return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b))
	})
	return keys
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// capText keeps the first two thirds and the last third of a text longer than limit
// bytes, cut at line ends where there are some near the cut and never inside a
// character, with a line between saying how much was left out.
func capText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	head := cutBefore(s, limit*2/3)
	tail := cutAfter(s, len(s)-limit/3)
	return fmt.Sprintf("%s\n... (%d bytes left out: a result shows at most %d KB; fmt.Println(value) prints it whole) ...\n%s",
		s[:head], tail-head, limit>>10, s[tail:])
}

// cutBefore returns a cut point at or before i: after a newline within the last
// eighth, else at a character boundary.
func cutBefore(s string, i int) int {
	if nl := strings.LastIndexByte(s[:i], '\n'); nl >= 0 && i-nl < i/8 {
		return nl + 1
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// cutAfter returns a cut point at or after i: after a newline within the next
// eighth of the rest, else at a character boundary.
func cutAfter(s string, i int) int {
	if nl := strings.IndexByte(s[i:], '\n'); nl >= 0 && nl < (len(s)-i)/8 {
		return i + nl + 1
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}
