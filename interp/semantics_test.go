package interp

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSemanticsMatchCompiler runs each program of testdata/semantics compiled, with
// go run, and pasted into a cell, and wants the same output. Each program gathers the
// constructs of one cause the cell rewrites work around (see rewrite.go, mono*.go).
func TestSemanticsMatchCompiler(t *testing.T) {
	// go test puts its own GOROOT/bin first on PATH, so this is the toolchain that
	// built the interpreter under test.
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to compile the programs with: %v", err)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "semantics", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			var want bytes.Buffer
			cmd := exec.Command(goTool, "run", file)
			cmd.Stdout, cmd.Stderr = &want, os.Stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("go run: %v", err)
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, out := newTestSession(t)
			if _, err := s.Execute(context.Background(), string(src)); err != nil {
				t.Fatalf("in a cell: %v", err)
			}
			if out.String() != want.String() {
				t.Errorf("in a cell:\n%s\ncompiled:\n%s", out, want.String())
			}
		})
	}
}
