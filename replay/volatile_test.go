package replay

import (
	"testing"

	"github.com/gokernel/gokernel/lineage"
)

func TestVolatileNames(t *testing.T) {
	cases := []struct {
		code    string
		covered []string
		not     []string
	}{
		{"x := 1", nil, []string{"x", NameOutput, NameStatus}},
		{"//gokernel:volatile\nx := 1", []string{"x", "y", NameOutput}, []string{NameStatus}},
		{"  //gokernel:volatile start output // the time taken\nstart := time.Now()", []string{"start", NameOutput}, []string{"the", "taken", "x"}},
		{"//gokernel:volatile a, b\n", []string{"a", "b"}, []string{NameOutput}},
		{"//gokernel:volatilex a\n// gokernel:volatile b", nil, []string{"a", "b", "x"}},
	}
	for _, c := range cases {
		v := lineage.VolatileNames(c.code)
		for _, n := range c.covered {
			if !v.Covers(n) {
				t.Errorf("%q does not cover %s", c.code, n)
			}
		}
		for _, n := range c.not {
			if v.Covers(n) {
				t.Errorf("%q covers %s", c.code, n)
			}
		}
	}
}

func TestTextDiff(t *testing.T) {
	got := textDiff("saved", "a\nb\nc\n", "a\nB\nc\n")
	if want := "output line 2:\n  saved:     \"b\"\n  replayed:  \"B\""; got != want {
		t.Errorf("textDiff = %q, want %q", got, want)
	}
	if got := textDiff("saved", "a\n", "a\nmore\n"); got != "output line 2:\n  saved:     \"\"\n  replayed:  \"more\"" {
		t.Errorf("textDiff of a longer output = %q", got)
	}
}
