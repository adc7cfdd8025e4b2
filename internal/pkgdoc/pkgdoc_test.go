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

func TestReadInterfaceMethods(t *testing.T) {
	root, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skip("no go command")
	}
	p, err := Read(filepath.Join(strings.TrimSpace(string(root)), "src", "io"), "io")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		// No comment of its own: the type's.
		"Reader.Read": "func (Reader) Read(p []byte) (n int, err error)\n\nReader is the interface that wraps the basic Read method.",
		"Seeker.Seek": "func (Seeker) Seek(offset int64, whence int) (int64, error)\n\nSeeker is the interface",
	} {
		if !strings.HasPrefix(p.Members[name], want) {
			t.Errorf("%s: %q, want prefix %q", name, p.Members[name], want)
		}
	}
}
