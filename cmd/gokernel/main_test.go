package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUsageErrorsAreOneLineWithStatus2(t *testing.T) {
	for _, args := range [][]string{
		{"install", "--bogus"},
		{"install", "--user", "--prefix", "/tmp/x"},
		{"kernel"},
		{"nonsense"},
		{"version", "extra"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(args, &stdout, &stderr)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if lines := strings.Count(strings.TrimSpace(stderr.String()), "\n"); lines != 0 || stderr.Len() == 0 {
			t.Errorf("%v: stderr %q, want one line", args, stderr.String())
		}
	}
}

func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"install", "--help"}, {"uninstall", "-h"}, {"kernel", "--help"}, {"version", "--help"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Errorf("%v: exit %d (stderr %q)", args, code, stderr.String())
		}
	}
}

func TestInstallUserHonoursJupyterDataDir(t *testing.T) {
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"install", "--user", "--name", "go-cli-test"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(data, "kernels", "go-cli-test", "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct{ Argv []string }
	json.Unmarshal(b, &spec)
	if len(spec.Argv) == 0 || !filepath.IsAbs(spec.Argv[0]) {
		t.Errorf("argv %v does not start with an absolute path", spec.Argv)
	}
	if code := run([]string{"uninstall", "--user", "--name", "go-cli-test"}, &stdout, &stderr); code != 0 {
		t.Fatalf("uninstall exit %d: %s", code, stderr.String())
	}
}

func TestInstallPrefix(t *testing.T) {
	prefix := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"install", "--prefix", prefix}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(prefix, "share", "jupyter", "kernels", "gokernel", "kernel.json")); err != nil {
		t.Error(err)
	}
}
