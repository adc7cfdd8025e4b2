// Package houserules checks the house rules (DESIGN.md, "Conventions") from inside
// `go test ./...`, because CI runs exactly that (.ci/run, README): a rule that is not a
// test is a rule CI does not keep. Each TestHouseRules* runs the real tool from the
// module root and fails with the tool's own output. A tool that cannot be had is a skip
// with its reason on a developer's machine and a failure in CI (CI set), where .ci/run
// must provide it. The rules are a package of their own so that go test runs them
// beside the end-to-end tests, each with its own timeout.
package houserules

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gokernel/gokernel/internal/reliability"
)

// yaegiVersion is the yaegi release the kernel is built with and that the workarounds in
// interp/, interp/prepare/ and interp/generic/ were written and checked against; their
// comments name it ("yaegi v0.16.1 ..."). When go.mod moves to another release, every
// workaround must be re-checked against it (is the defect still there, does the rewrite
// still hold), its comment updated, and then this constant: TestHouseRulesYaegiVersion
// fails until go.mod, this constant and the comments agree.
const yaegiVersion = "v0.16.1"

// staticcheck is pinned so that a new release's new checks arrive by a change someone
// makes on purpose, not as a red CI run on an unrelated commit.
const staticcheck = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"

// fuzzTime is each fuzz target's budget per run: enough to trip over what a change broke
// in a decoder's common paths (hundreds of thousands of inputs), small enough to spend on
// every CI run.
const fuzzTime = "3s"

// racePackages are the packages that run goroutines of their own: the kernel's sockets
// and queues, the worker's evaluation and interrupt, display updates, and the parallel
// ML code. All their tests run under the race detector: measured alone on the 2-core
// machine (go test -race -count=1), kernel takes 12 s, display 6 s, mllib 33 s and
// interp 63 s, build included (about twice that on a busy machine), so no subset is
// needed.
var racePackages = []string{"./kernel/...", "./interp/...", "./display/...", "./mllib/..."}

// raceSkips are tests the race detector cannot judge or need not run: the spec
// corpus (interp/spec_test.go) judges the cells' semantics, not the kernel's
// concurrency, with hundreds of programs that would take the race detector most of
// the CI's time, and whose goroutines race inside yaegi itself (see raceUnjudged in
// interp/cells_test.go); and the two interp tests that
// interrupt a cell while it runs. yaegi's EvalWithContext returns at once on
// cancellation while its own goroutine finishes what it was doing (a compiled library
// call, the end of Execute), and it offers no way to wait for that goroutine; the
// session (interp/session.go, waitEvalStopped) watches for it to be gone with
// runtime.Stack before the next cell runs. That ordering is real, but it is no
// synchronisation the race detector knows, and yaegi reads the interpreter's frame
// without its lock (value.go), so it reports the next cell's resize of the frame
// against the old goroutine's last reads. Every other interp test runs under -race;
// the interrupt's path through the kernel is raced in ./kernel/....
var raceSkips = map[string]string{
	"./interp/...": "^(TestInterruptStopsCompiledLibraryCalls|TestExecuteInterruptKeepsState|TestSpecCorpus)$",
}

// houseRules is what every rule needs: the go command of the toolchain running the tests
// and the module root.
type houseRules struct {
	goCmd string // go, as found on PATH
	gofmt string // gofmt of the same GOROOT
	root  string // the module root, where the tools run
}

var findHouseRules = sync.OnceValues(func() (houseRules, error) {
	// go test puts its own GOROOT/bin first on PATH, so this is the toolchain that
	// runs the tests.
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return houseRules{}, err
	}
	out, err := exec.Command(goCmd, "env", "GOROOT").Output()
	if err != nil {
		return houseRules{}, fmt.Errorf("go env GOROOT: %w", err)
	}
	goroot := strings.TrimSpace(string(out))
	out, err = exec.Command(goCmd, "env", "GOMOD").Output()
	if err != nil {
		return houseRules{}, fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return houseRules{}, fmt.Errorf("not inside the module (go env GOMOD is %q)", gomod)
	}
	root := filepath.Dir(gomod)
	watchModule(root)
	return houseRules{goCmd: goCmd, gofmt: filepath.Join(goroot, "bin", "gofmt"), root: root}, nil
})

func setupHouseRules(t *testing.T) houseRules {
	t.Helper()
	h, err := findHouseRules()
	if err != nil {
		missingTool(t, "no Go toolchain to check the house rules with: %v", err)
	}
	return h
}

// watchModule lists every directory of the module. The tools read the source in
// subprocesses, which go test's result cache does not see; the directories it sees
// opened here are hashed with their entries' sizes and times, so a changed file reruns
// the rules instead of reporting an old pass.
func watchModule(root string) {
	_ = walkModule(root, true, func(string, fs.DirEntry) error { return nil })
}

// walkModule calls fn for each file of the module, skipping the directories the go
// command ignores (names starting with "." or "_", so .git and the stores too) and,
// unless withTestdata, testdata.
func walkModule(root string, withTestdata bool, fn func(path string, d fs.DirEntry) error) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
				(name == "testdata" && !withTestdata)) {
				return filepath.SkipDir
			}
			return nil
		}
		return fn(path, d)
	})
}

// missingTool skips the test for a tool this machine lacks, but fails it in CI.
func missingTool(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; CI must provide it (.ci/run)", msg)
	}
	t.Skip(msg)
}

// run runs a command in dir and returns its combined output, logging how long it took.
func run(t *testing.T, dir, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), name, args...)
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("%s %s: %v", filepath.Base(name), strings.Join(args, " "), time.Since(start).Round(100*time.Millisecond))
	return string(out), err
}

// mustBeQuiet runs a tool that reports by printing: any output, or a failure, breaks the rule.
func mustBeQuiet(t *testing.T, dir, fix, name string, args ...string) {
	t.Helper()
	out, err := run(t, dir, name, args...)
	if err != nil || out != "" {
		t.Fatalf("%s %s (%v), %s:\n%s", filepath.Base(name), strings.Join(args, " "), err, fix, out)
	}
}

func TestHouseRulesGofmt(t *testing.T) {
	t.Parallel()
	h := setupHouseRules(t)
	if _, err := os.Stat(h.gofmt); err != nil {
		missingTool(t, "no gofmt beside the go command: %v", err)
	}
	mustBeQuiet(t, h.root, "run gofmt -w on these files", h.gofmt, "-l", ".")
}

func TestHouseRulesVet(t *testing.T) {
	t.Parallel()
	h := setupHouseRules(t)
	mustBeQuiet(t, h.root, "fix what go vet reports", h.goCmd, "vet", "./...")
}

func TestHouseRulesModTidy(t *testing.T) {
	t.Parallel()
	h := setupHouseRules(t)
	mustBeQuiet(t, h.root, "run go mod tidy", h.goCmd, "mod", "tidy", "-diff")
}

func TestHouseRulesStaticcheck(t *testing.T) {
	t.Parallel()
	h := setupHouseRules(t)
	// go run fetches and builds the pinned release; a failure to do that is a missing
	// tool, which "staticcheck ./..." could not tell from findings by its exit status.
	if out, err := run(t, h.root, h.goCmd, "run", staticcheck, "-version"); err != nil {
		missingTool(t, "cannot run %s: %v\n%s", staticcheck, err, out)
	}
	mustBeQuiet(t, h.root, "fix the findings (the generated symbol tables' exceptions are in interp/symbols/staticcheck.conf)",
		h.goCmd, "run", staticcheck, "./...")
}

func TestHouseRulesRace(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the race detector runs four packages' tests for about 2 minutes; skipped with -short")
	}
	h := setupHouseRules(t)
	out, err := exec.Command(h.goCmd, "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		missingTool(t, "go env: %v", err)
	}
	env := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(env) != 2 || env[0] != "1" {
		missingTool(t, "the race detector needs cgo, and CGO_ENABLED is not 1")
	}
	if cc := strings.Fields(env[1]); len(cc) == 0 {
		missingTool(t, "the race detector needs a C compiler, and go env CC is empty")
	} else if _, err := exec.LookPath(cc[0]); err != nil {
		missingTool(t, "the race detector needs a C compiler: %v", err)
	}
	// One package pattern at a time: each go test already uses every core.
	for _, pkgs := range racePackages {
		t.Run(strings.Trim(pkgs, "./"), func(t *testing.T) {
			args := []string{"test", "-race"}
			if skip := raceSkips[pkgs]; skip != "" {
				args = append(args, "-skip", skip)
			}
			if out, err := run(t, h.root, h.goCmd, append(args, pkgs)...); err != nil {
				t.Fatalf("go test -race %s: %v\n%s", pkgs, err, out)
			}
		})
	}
}

// generatorDirs are the directories whose go:generate lines write checked-in files.
var generatorDirs = []string{"interp/symbols", "kernelspec", "interp/generic/std"}

// isGeneratorOutput says whether a file in generatorDirs is written by its generators:
// the yaegi extract tables and the documentation beside them, the kernel's logos, and
// the generic standard library's declarations.
func isGeneratorOutput(name string, data []byte) bool {
	switch {
	case name == "docs.json.gz":
		return true
	case strings.HasPrefix(name, "logo-") && strings.HasSuffix(name, ".png"):
		return true
	case name == "library_gen.go":
		return true // the generic standard library, interp/generic/std
	case strings.HasSuffix(name, ".go"):
		return bytes.HasPrefix(data, []byte("// Code generated by 'yaegi extract "))
	}
	return false
}

// TestHouseRulesGenerated regenerates the symbol tables, their documentation and the
// logos, and wants the files in the tree byte for byte. It works in a copy of the
// module, because generating into the tree would change it under whoever is working in
// it; the copy's outputs are removed first, so that a table the go:generate list no
// longer asks for shows up too.
func TestHouseRulesGenerated(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("regenerating the symbol tables takes about 2 minutes; skipped with -short")
	}
	h := setupHouseRules(t)
	git, err := exec.LookPath("git")
	if err != nil {
		missingTool(t, "git lists the module's files to copy: %v", err)
	}
	// Tracked files and new ones not ignored: what the go command in the tree sees,
	// without the built binaries and stores.
	list, err := exec.Command(git, "-C", h.root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		missingTool(t, "git ls-files in %s: %v", h.root, err)
	}
	tmp := t.TempDir()
	for name := range strings.SplitSeq(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		src := filepath.Join(h.root, filepath.FromSlash(name))
		info, err := os.Lstat(src)
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet in git
		}
		if err != nil {
			t.Fatal(err)
		}
		if !info.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range generatorDirs {
		files, err := regularFiles(filepath.Join(tmp, dir))
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range files {
			if isGeneratorOutput(name, data) {
				if err := os.Remove(filepath.Join(tmp, dir, name)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	args := []string{"generate"}
	for _, dir := range generatorDirs {
		args = append(args, "./"+dir)
	}
	if out, err := run(t, tmp, h.goCmd, args...); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	for _, dir := range generatorDirs {
		want, err := regularFiles(filepath.Join(tmp, dir))
		if err != nil {
			t.Fatal(err)
		}
		have, err := regularFiles(filepath.Join(h.root, dir))
		if err != nil {
			t.Fatal(err)
		}
		for name, w := range want {
			path := dir + "/" + name
			switch hv, ok := have[name]; {
			case !ok:
				t.Errorf("%s: generated, but not in the tree; run go generate ./%s", path, dir)
			case !bytes.Equal(hv, w):
				t.Errorf("%s differs from what go generate ./%s writes (%s); run it and commit the result", path, dir, firstDifference(hv, w))
			}
		}
		for name := range have {
			if _, ok := want[name]; !ok {
				t.Errorf("%s/%s: in the tree, but no generator writes it any more; remove it", dir, name)
			}
		}
	}
}

// regularFiles reads the regular files directly in dir, by name.
func regularFiles(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files[e.Name()] = data
	}
	return files, nil
}

// firstDifference says where two versions of a file part: a line for text, a byte
// offset otherwise.
func firstDifference(have, want []byte) string {
	n := 0
	for n < len(have) && n < len(want) && have[n] == want[n] {
		n++
	}
	if !utf8.Valid(have) || !utf8.Valid(want) {
		return fmt.Sprintf("first at byte %d", n)
	}
	line := 1 + bytes.Count(have[:n], []byte("\n"))
	lineOf := func(b []byte) string {
		start := bytes.LastIndexByte(b[:n], '\n') + 1
		end := bytes.IndexByte(b[start:], '\n')
		if end < 0 {
			end = len(b) - start
		}
		return string(b[start : start+end])
	}
	return fmt.Sprintf("first at line %d: have %q, want %q", line, lineOf(have), lineOf(want))
}

// fuzzTarget is one func FuzzXxx(*testing.F) and the package that holds it.
type fuzzTarget struct{ pkg, name string }

// fuzzTargets finds every fuzz target in the module's test files, so that a new one is
// fuzzed without being listed here.
func fuzzTargets(root string) ([]fuzzTarget, error) {
	var targets []fuzzTarget
	fset := token.NewFileSet()
	err := walkModule(root, false, func(path string, d fs.DirEntry) error {
		dir, name := filepath.Split(path)
		if !strings.HasSuffix(name, "_test.go") {
			return nil
		}
		// A file for another platform or build tag is not compiled, so not fuzzed, here.
		if ok, err := build.Default.MatchFile(dir, name); err != nil {
			return err
		} else if !ok {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Clean(dir))
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if ok && fn.Recv == nil && isFuzzName(fn.Name.Name) && len(fn.Type.Params.List) == 1 &&
				types.ExprString(fn.Type.Params.List[0].Type) == "*testing.F" {
				targets = append(targets, fuzzTarget{"./" + filepath.ToSlash(rel), fn.Name.Name})
			}
		}
		return nil
	})
	return targets, err
}

// isFuzzName is go test's rule: Fuzz, then nothing or a character that is not lower case.
func isFuzzName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Fuzz")
	if !ok {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !unicode.IsLower(r)
}

// TestHouseRulesFuzz runs each fuzz target for fuzzTime. A failing input is written to
// the package's testdata/fuzz, as go test does, to be fixed and then kept as a seed.
func TestHouseRulesFuzz(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("fuzzing every target takes about 2 minutes; skipped with -short")
	}
	h := setupHouseRules(t)
	targets, err := fuzzTargets(h.root)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) == 0 {
		t.Fatal("no fuzz targets found; the module has several, so the search is broken")
	}
	// One at a time: -fuzz takes one target of one package, and uses every core.
	for _, ft := range targets {
		t.Run(strings.TrimPrefix(ft.pkg, "./")+"/"+ft.name, func(t *testing.T) {
			tc := reliability.NewTrials(t, "fuzzing", ft.name+" ("+strings.TrimPrefix(ft.pkg, "./")+"), random inputs for "+fuzzTime)
			out, err := run(t, h.root, h.goCmd, "test", "-run=^$", "-fuzz=^"+ft.name+"$", "-fuzztime="+fuzzTime, ft.pkg)
			if err != nil {
				t.Fatalf("go test -fuzz=%s %s: %v\n%s", ft.name, ft.pkg, err, out)
			}
			// The last progress line counts the inputs tried: "fuzz: elapsed: 3s,
			// execs: 41234 (13744/sec), new interesting: 2 (total: 40)".
			execs := 0
			if m := fuzzExecs.FindAllStringSubmatch(out, -1); len(m) > 0 {
				execs, _ = strconv.Atoi(m[len(m)-1][1])
			}
			tc.Add(execs, execs)
			if execs == 0 {
				tc.Outcome("gathering baseline coverage from the seed corpus took the whole budget; no seed made it panic or fail")
			} else {
				tc.Outcome("no input made it panic or fail")
			}
		})
	}
}

// fuzzExecs finds the count of inputs in go test -fuzz's progress lines.
var fuzzExecs = regexp.MustCompile(`execs: (\d+)`)

// yaegiMention is a comment naming a yaegi release.
var yaegiMention = regexp.MustCompile(`(?i)\byaegi[ @](v\d+\.\d+\.\d+)`)

func TestHouseRulesYaegiVersion(t *testing.T) {
	t.Parallel()
	h := setupHouseRules(t)
	out, err := run(t, h.root, h.goCmd, "list", "-m", "-f", "{{.Version}}", "github.com/traefik/yaegi")
	if err != nil {
		t.Fatalf("go list -m github.com/traefik/yaegi: %v\n%s", err, out)
	}
	if built := strings.TrimSpace(out); built != yaegiVersion {
		t.Errorf("go.mod builds yaegi %s, but the workarounds were checked against %s (yaegiVersion): re-check them against %s, update their comments, then the constant",
			built, yaegiVersion, built)
	}
	// Go source, including testdata and the generic library kept as .go.txt, is scanned
	// token by token, so that only comments count and a file that does not parse (a
	// test's broken cell) is still read.
	err = walkModule(h.root, true, func(path string, d fs.DirEntry) error {
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".go.txt") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		var s scanner.Scanner
		s.Init(fset.AddFile(path, -1, len(src)), src, nil, scanner.ScanComments)
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				return nil
			}
			if tok != token.COMMENT {
				continue
			}
			for _, m := range yaegiMention.FindAllStringSubmatchIndex(lit, -1) {
				if v := lit[m[2]:m[3]]; v != yaegiVersion {
					p := fset.Position(pos)
					rel, _ := filepath.Rel(h.root, p.Filename)
					t.Errorf("%s:%d: a comment names yaegi %s, but the workarounds are for %s (yaegiVersion)",
						rel, p.Line+strings.Count(lit[:m[0]], "\n"), v, yaegiVersion)
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}
