package snapshot

import (
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

type diffPoint struct {
	X, Y  float64
	label string
}

type diffModel struct {
	Name    string
	Weights []float64
	Meta    map[string]int
	Origin  *diffPoint
	note    string
}

// TestDiffValues checks each summary %diff prints for a changed variable.
func TestDiffValues(t *testing.T) {
	base := func() diffModel {
		return diffModel{Name: "als", Weights: []float64{1, 2, 3, 4}, Meta: map[string]int{"k": 1, "j": 2},
			Origin: &diffPoint{1, 2, "o"}, note: "n"}
	}
	change := func(f func(*diffModel)) diffModel { m := base(); f(&m); return m }
	for _, tc := range []struct {
		name string
		a, b any
		want []string // "path: summary" lines
	}{
		{"same", base(), base(), nil},
		{"numbers", []float64{1, 2, 3}, []float64{1, 2.5, 3}, []string{": 1 of 3 elements changed (first at [1]), max |Δ| 0.5"}},
		{"longer", []int{1, 2}, []int{1, 2, 3}, []string{": length 2 → 3"}},
		{"nil vs empty", []int(nil), []int{}, []string{": nil → []int (len 0)"}},
		{"string short", "abc", "abd", []string{`: "abc" → "abd"`}},
		{"string lines", "alpha line\nbeta line\ngamma line\ndelta line\n", "alpha line\nBETA line\ngamma line\ndelta line\nepsilon\n",
			[]string{": 4 lines → 5: 1 removed, 2 added"}},
		{"string long", strings.Repeat("a", 100) + "x" + strings.Repeat("b", 50), strings.Repeat("a", 100) + "yz" + strings.Repeat("b", 50),
			[]string{`: length 151 → 152; at byte 100: "x" → "yz"`}},
		{"scalar", 3, 4, []string{": 3 → 4"}},
		{"type", any(1), any("1"), []string{": type int → string"}},
		{"struct field", base(), change(func(m *diffModel) { m.Name = "bpr" }), []string{`.Name: "als" → "bpr"`}},
		{"unexported field", base(), change(func(m *diffModel) { m.note = "m" }), []string{`.note: "n" → "m"`}},
		{"nested slice", base(), change(func(m *diffModel) { m.Weights[3] = 0 }), []string{".Weights: 1 of 4 elements changed (first at [3]), max |Δ| 4"}},
		{"map keys", base(), change(func(m *diffModel) { m.Meta["z"] = 1; delete(m.Meta, "j") }), []string{`.Meta: keys added 1 ("z"), removed 1 ("j")`}},
		{"map value", base(), change(func(m *diffModel) { m.Meta["k"] = 7 }), []string{`.Meta["k"]: 1 → 7`}},
		{"through pointer", base(), change(func(m *diffModel) { m.Origin.label = "p" }), []string{`.Origin.label: "o" → "p"`}},
		{"nil pointer", base(), change(func(m *diffModel) { m.Origin = nil }), []string{".Origin: *snapshot.diffPoint → nil"}},
		{"matrix", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), mat.NewDense(2, 2, []float64{1, 2, 3, 5}), []string{": 1 of 4 elements changed, max |Δ| 1"}},
		{"matrix dims", mat.NewDense(2, 2, nil), mat.NewDense(2, 3, nil), []string{": dimensions 2×2 → 2×3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range DiffValues(reflect.ValueOf(tc.a), reflect.ValueOf(tc.b)) {
				got = append(got, c.Path+": "+c.Summary)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestDiffValuesCyclesAndLimits(t *testing.T) {
	type node struct {
		V    int
		Next *node
	}
	ring := func(v int) *node {
		a := &node{V: 1}
		b := &node{V: v, Next: a}
		a.Next = b
		return a
	}
	if got := DiffValues(reflect.ValueOf(ring(2)), reflect.ValueOf(ring(3))); len(got) != 1 || got[0].Path != ".Next.V" {
		t.Errorf("ring: %+v", got)
	}
	a, b := make([]string, 100), make([]string, 100)
	for i := range b {
		b[i] = "x"
	}
	got := DiffValues(reflect.ValueOf(a), reflect.ValueOf(b))
	if len(got) != maxChanges+1 || !strings.Contains(got[maxChanges].Summary, "80 more") {
		t.Errorf("limit: %d changes, last %+v", len(got), got[len(got)-1])
	}
}

func TestDiffStates(t *testing.T) {
	a := map[string]reflect.Value{"x": reflect.ValueOf(1), "gone": reflect.ValueOf("g"), "same": reflect.ValueOf([]int{1})}
	b := map[string]reflect.Value{"x": reflect.ValueOf(2), "new": reflect.ValueOf(true), "same": reflect.ValueOf([]int{1})}
	d := DiffStates(a, b)
	want := "added: new\nremoved: gone\nchanged: x\n  x 1 → 2\nunchanged: 1\n"
	if d.Text() != want {
		t.Errorf("text:\n%s\nwant:\n%s", d.Text(), want)
	}
	h := d.HTML()
	for _, s := range []string{"<table>", "<code>new</code></td><td>added", "<code>x</code></td><td>1 → 2", "1 variable(s) unchanged"} {
		if !strings.Contains(h, s) {
			t.Errorf("HTML lacks %q:\n%s", s, h)
		}
	}
	if got := DiffStates(a, a).Text(); got != "No differences (3 variables the same).\n" {
		t.Errorf("same state: %q", got)
	}
}
