package interp

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func formatOne(x any) string { return formatValues([]reflect.Value{reflect.ValueOf(x)}) }

func TestLongReprSliceIsShortened(t *testing.T) {
	xs := make([]int, 100_000)
	for i := range xs {
		xs[i] = i
	}
	got := formatOne(xs)
	if len(got) > 10_000 {
		t.Errorf("%d bytes for a 100,000-element slice", len(got))
	}
	head := strings.TrimSuffix(fmt.Sprint(xs[:maxSeqLength]), "]")
	if !strings.HasPrefix(got, head+" ... (99000 more)]") {
		t.Errorf("does not start with the first 1000 elements and the count left out: %.60q...", got)
	}
	if !strings.Contains(got, "99000 elements not shown") || !strings.Contains(got, "fmt.Println(value) prints it whole") {
		t.Errorf("does not say what was left out and how to see it: %q", got[len(got)-200:])
	}
}

// TestLongReprShortValuesUnchanged: values without a long sequence print as before,
// exactly as fmt prints them (strings quoted).
func TestLongReprShortValuesUnchanged(t *testing.T) {
	type point struct {
		X, y int
		Tags []string
	}
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, x := range []any{
		42, 3.5, true, nil, []int{1, 2, 3}, make([]int, maxSeqLength),
		map[string]int{"b": 2, "a": 1}, point{1, 2, []string{"a"}}, &point{X: 1},
		[][]int{{1}, {2, 3}}, at, []time.Duration{time.Second}, [3]byte{1, 2, 3}, fmt.Errorf("boom"),
	} {
		want := fmt.Sprint(x)
		if got := formatOne(x); got != want {
			t.Errorf("%T: got %q, want %q", x, got, want)
		}
	}
	if got := formatOne("hi"); got != `"hi"` {
		t.Errorf("string: %q", got)
	}
	if got := formatValues([]reflect.Value{reflect.ValueOf(1), reflect.ValueOf("a")}); got != `1, "a"` {
		t.Errorf("two values: %q", got)
	}
}

func TestLongReprNestedValues(t *testing.T) {
	grid := make([][]int, 3)
	for i := range grid {
		grid[i] = make([]int, 5000)
	}
	got := formatOne(grid)
	if n := strings.Count(got, "... (4000 more)]"); n != 3 {
		t.Errorf("%d inner slices shortened, want 3", n)
	}
	if !strings.Contains(got, "12000 elements not shown") {
		t.Errorf("total left out not said: %q", got[len(got)-150:])
	}

	type series struct {
		Name   string
		Values []float64
	}
	s := &series{Name: "temp", Values: make([]float64, 2000)}
	got = formatOne(s)
	if want := "&{temp [0 0 0"; !strings.HasPrefix(got, want) {
		t.Errorf("pointer to struct: %.40q, want prefix %q", got, want)
	}
	if !strings.Contains(got, " ... (1000 more)]}") {
		t.Errorf("field not shortened: %q", got[len(got)-200:])
	}

	m := map[int][]int{}
	for i := range 2000 {
		m[i] = []int{i}
	}
	got = formatOne(m)
	if !strings.HasPrefix(got, "map[0:[0] 1:[1] 2:[2]") || !strings.Contains(got, "999:[999] ... (1000 more)]") {
		t.Errorf("map not shortened in key order: %.60q ... %q", got, got[len(got)-200:])
	}

	// Elements with a String method print through it, as fmt prints them.
	ds := make([]time.Duration, 1500)
	got = formatOne(ds)
	if !strings.HasPrefix(got, "[0s 0s") || !strings.Contains(got, "0s ... (500 more)]") {
		t.Errorf("Stringer elements: %.40q", got)
	}
}

// TestLongReprCapsLongText: a value long without a long sequence keeps its start and
// end within the cap.
func TestLongReprCapsLongText(t *testing.T) {
	s := "start" + strings.Repeat("é", 300_000) + "end"
	got := formatOne(s)
	if len(got) > maxResultText+200 {
		t.Errorf("%d bytes, cap %d", len(got), maxResultText)
	}
	if !strings.HasPrefix(got, `"start`) || !strings.HasSuffix(got, `end"`) {
		t.Errorf("start or end lost: %.20q ... %q", got, got[len(got)-20:])
	}
	if !strings.Contains(got, "bytes left out") || !strings.Contains(got, "fmt.Println(value)") {
		t.Error("no notice of what was left out")
	}
	if !utf8.ValidString(got) {
		t.Error("cut inside a character")
	}

	grid := make([][]int, 999)
	for i := range grid {
		grid[i] = make([]int, 999)
	}
	got = formatOne(grid)
	if len(got) > maxResultText+200 || !strings.HasPrefix(got, "[[0 0") || !strings.HasSuffix(got, "0 0]]") {
		t.Errorf("999×999 grid: %d bytes, %.20q ... %q", len(got), got, got[len(got)-20:])
	}
}
