package prepare

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestTopLevelDefers checks the text the defer rewrite writes: the function and the
// arguments stay in place (evaluated at the defer), builtins keep their name, lines
// stay where they were, and the result parses.
func TestTopLevelDefers(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"defer cancel()", "__gk.Defer(func() func() { gkfᐸᐳ := cancel; return func() { gkfᐸᐳ() } }())"},
		{"defer fmt.Println(\"x\", n)", "__gk.Defer(func() func() { gkfᐸᐳ, gka0ᐸᐳ, gka1ᐸᐳ := fmt.Println, \"x\", n; return func() { gkfᐸᐳ(gka0ᐸᐳ, gka1ᐸᐳ) } }())"},
		{"defer close(ch)", "__gk.Defer(func() func() { gka0ᐸᐳ := ch; return func() { close(gka0ᐸᐳ) } }())"},
		{"defer recover()", "__gk.Defer(func() func() { return func() { recover() } }())"},
		{"defer f(xs...)", "__gk.Defer(func() func() { gkfᐸᐳ, gka0ᐸᐳ := f, xs; return func() { gkfᐸᐳ(gka0ᐸᐳ...) } }())"},
		{"defer f(a,\n\tb,\n)", "__gk.Defer(func() func() { gkfᐸᐳ, gka0ᐸᐳ, gka1ᐸᐳ := f, a,\n\tb; return func() { gkfᐸᐳ(gka0ᐸᐳ, gka1ᐸᐳ) } }())\n"},
		{"func g() { defer cancel() }", "func g() { defer cancel() }"},
		{"go func() { defer wg.Done() }()", "go func() { defer wg.Done() }()"},
	} {
		got := rewriteSyntax(c.code, topLevelDefers)
		if got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.code, got, c.want)
		}
		if strings.Count(got, "\n") != strings.Count(c.code, "\n") {
			t.Errorf("%q: lines moved: %q", c.code, got)
		}
		file := "package p; func _() {" + got + "\n}"
		if strings.HasPrefix(got, "func g") {
			file = "package p; " + got
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "", file, 0); err != nil {
			t.Errorf("%q: %q does not parse: %v", c.code, got, err)
		}
	}
}
