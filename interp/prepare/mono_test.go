package prepare

import (
	"testing"
	"unicode"
)

func TestMonoInstanceNames(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"int"}, "Fᐸintᐳ"},
		{[]string{"string", "time.Duration"}, "FᐸstringꓹtimeꓸDurationᐳ"},
		{[]string{"[]int"}, "Fᐸǂ5bǂǂ5dǂintᐳ"},
		{[]string{"*int"}, "Fᐸǂ2aǂintᐳ"},
	} {
		if got := instanceName("F", c.args); got != c.want {
			t.Errorf("instanceName(F, %q) = %q, want %q", c.args, got, c.want)
		}
		if !isIdentifier(instanceName("F", c.args)) {
			t.Errorf("instanceName(F, %q) is not an identifier", c.args)
		}
	}
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}
