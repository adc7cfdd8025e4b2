package pkgdoc

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadStandardLibraryPackage(t *testing.T) {
	root, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skip("no go command")
	}
	p, err := Read(filepath.Join(strings.TrimSpace(string(root)), "src", "strings"), "strings")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "strings" {
		t.Errorf("name %q", p.Name)
	}
	for name, want := range map[string]string{
		"Fields":              "func Fields(s string) []string",
		"Builder.WriteString": "func (b *Builder) WriteString(s string) (int, error)",
		"Builder":             "type Builder struct",
	} {
		if !strings.HasPrefix(p.Members[name], want) {
			t.Errorf("%s: %q, want prefix %q", name, p.Members[name], want)
		}
	}
	if _, ok := p.Members["genSplit"]; ok {
		t.Error("unexported function documented")
	}
}
