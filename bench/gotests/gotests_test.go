package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSubset runs a reduced, spread-out subset of the suite through a freshly built
// kernel and yaegi alone. It checks that the runner works (programs were run in the
// kernel and judged, the table was produced) and logs the summary line; the pass rate
// itself is tracked in docs/fidelity.md, not asserted here.
func TestSubset(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Go programs through real kernels; skipped with -short")
	}
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import jupyter_client").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s cannot import jupyter_client (%v); CI must install jupyter-client", python, err)
		}
		t.Skipf("%s cannot import jupyter_client (%v); apt-get install jupyter-client to run this test", python, err)
	}
	goroot, err := goRoot()
	if err != nil {
		t.Skip(err)
	}
	if _, err := os.Stat(filepath.Join(goroot, "test", "ken")); err != nil {
		t.Skipf("no Go test suite in GOROOT: %v", err)
	}

	dir := t.TempDir()
	build := func(out, pkg string) {
		t.Helper()
		cmd := exec.Command("go", "build", "-o", out, pkg)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, b)
		}
	}
	gokernel := filepath.Join(dir, "gokernel")
	yaegionly := filepath.Join(dir, "yaegionly")
	build(gokernel, "../../cmd/gokernel")
	build(yaegionly, "./yaegionly")
	prefix := filepath.Join(dir, "prefix")
	if b, err := exec.Command(gokernel, "install", "--prefix", prefix).CombinedOutput(); err != nil {
		t.Fatalf("gokernel install: %v\n%s", err, b)
	}
	t.Setenv("JUPYTER_PATH", filepath.Join(prefix, "share", "jupyter"))
	t.Setenv("JUPYTER_DATA_DIR", filepath.Join(dir, "data"))
	t.Setenv("JUPYTER_RUNTIME_DIR", filepath.Join(dir, "runtime"))
	helper, err := filepath.Abs("runcell.py")
	if err != nil {
		t.Fatal(err)
	}

	const n = 20
	cfg := Config{
		GoRoot:     goroot,
		Dirs:       "ken,chan,interface,typeparam",
		Subset:     n,
		Parallel:   2,
		Timeout:    10 * time.Second,
		Python:     python,
		Helper:     helper,
		Kernel:     "gokernel",
		YaegiOnly:  yaegionly,
		AppendMain: true,
	}
	var log bytes.Buffer
	rep, err := Run(cfg, &log)
	if err != nil {
		t.Fatalf("runner: %v\n%s", err, log.String())
	}
	if len(rep.Programs) != n {
		t.Fatalf("ran %d programs, want %d", len(rep.Programs), n)
	}
	dirs := map[string]int{}
	started := 0
	for _, p := range rep.Programs {
		dirs[p.Dir]++
		if p.Compiled == nil || p.Kernel == nil || p.Yaegi == nil {
			t.Fatalf("%s: not run every way: compiled %v, kernel %v, yaegi %v", p.ID(), p.Compiled, p.Kernel, p.Yaegi)
		}
		if p.Kernel.Verdict == "" || p.Yaegi.Verdict == "" {
			t.Fatalf("%s: not judged", p.ID())
		}
		if !strings.HasPrefix(p.Kernel.Error, "kernel did not start") && !strings.HasPrefix(p.Kernel.Error, "runner helper") {
			started++
		}
	}
	if len(dirs) != 4 {
		t.Errorf("subset covers %d directories, want 4: %v", len(dirs), dirs)
	}
	if started == 0 {
		t.Fatalf("no program reached a kernel; first error: %s", rep.Programs[0].Kernel.Error)
	}
	var table bytes.Buffer
	rep.WriteText(&table)
	for _, d := range []string{"ken", "chan", "interface", "typeparam", "overall"} {
		if !strings.Contains(table.String(), d) {
			t.Errorf("table has no row %q:\n%s", d, table.String())
		}
	}
	if md := rep.Markdown(); !strings.Contains(md, "| **overall** |") {
		t.Errorf("Markdown report has no overall row:\n%s", md)
	}
	t.Logf("\n%s", table.String())
	t.Log(rep.Summary())
}

func TestCellSource(t *testing.T) {
	src := "// run\n\n// Copyright\n\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n"
	got := cellSource(src, true)
	want := "// run\n\n// Copyright\n\n\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n\nmain()\n"
	if got != want {
		t.Errorf("cellSource:\n%q\nwant\n%q", got, want)
	}
}

func TestJudge(t *testing.T) {
	ok := &Outcome{OK: true, Stdout: "a\nb\n"}
	failed := &Outcome{OK: false, Stdout: "a\n", Error: "panic: x", Stderr: "panic: x\n"}
	for _, tc := range []struct {
		name           string
		want, got      *Outcome
		verdict, cause string
	}{
		{"same", ok, &Outcome{OK: true, Stdout: "a\nb\n"}, "pass", ""},
		{"both failed", failed, &Outcome{OK: false, Stdout: "a\n", Error: "panic: y"}, "pass", ""},
		{"refused", ok, &Outcome{Error: "CompileError: line 3:1: not supported in cells: goto (labels)"}, "refused", "refused: goto"},
		{"timeout", ok, &Outcome{Timeout: true, Error: "timeout"}, "fail", "timeout"},
		{"output", ok, &Outcome{OK: true, Stdout: "a\nc\n"}, "fail", "output mismatch"},
		{"println", &Outcome{OK: true, Stderr: "hi\n"}, &Outcome{OK: true, Stdout: "hi\n"}, "fail", "print/println on stdout (Go writes them to stderr)"},
		{"no panic", failed, &Outcome{OK: true, Stdout: "a\n"}, "fail", "expected panic or exit not reproduced"},
		{"rerun", ok, &Outcome{OK: true, Stdout: "a\nb\na\nb\na\nb\n"}, "fail", rerunCause},
		{"generic", ok, &Outcome{Error: "CompileError: line 3:4: untyped float does not implement main.Ordered"}, "fail", "generic instantiation"},
	} {
		judge(tc.want, tc.got)
		if tc.got.Verdict != tc.verdict || tc.got.Cause != tc.cause {
			t.Errorf("%s: verdict %q cause %q, want %q %q", tc.name, tc.got.Verdict, tc.got.Cause, tc.verdict, tc.cause)
		}
	}
}

func TestSubsetSpread(t *testing.T) {
	var progs []*Program
	for _, d := range []string{"a", "b"} {
		for i := range 10 {
			progs = append(progs, &Program{Dir: d, Name: string(rune('a'+i)) + ".go"})
		}
	}
	progs = append(progs, &Program{Dir: "c", Name: "only.go"}, &Program{Dir: "a", Name: "z.go", Skip: "// runoutput"})
	got := subset(progs, []string{"a", "b", "c"}, 7)
	var ids []string
	for _, p := range got {
		ids = append(ids, p.ID())
	}
	want := "a/a.go a/d.go a/g.go b/a.go b/d.go b/g.go c/only.go"
	if strings.Join(ids, " ") != want {
		t.Errorf("subset = %v, want %s", ids, want)
	}
}
