package interp

import "testing"

func TestIsComplete(t *testing.T) {
	cases := map[string]string{
		"x := 1":                      "complete",
		"":                            "complete",
		"func f() {":                  "incomplete",
		"xs := []int{1,\n":            "incomplete",
		"x := 1 +":                    "incomplete",
		"s := `raw":                   "incomplete",
		"x := )":                      "invalid",
		"}":                           "invalid",
		"for i := 0; i < 3; i++ {\n}": "complete",
	}
	for code, want := range cases {
		if got := IsComplete(code).Status; got != want {
			t.Errorf("IsComplete(%q) = %s, want %s", code, got, want)
		}
	}
}
