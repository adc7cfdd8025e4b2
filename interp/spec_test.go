package interp

// TestSpecCorpus is the spec-derived differential corpus (issue 16): small programs,
// organised by the sections of The Go Programming Language Specification and by the
// standard library packages people use most, in testdata/spec/SECTION/*.go. Each is
// a case in TestCells's format and is judged the same way (see cells_test.go): built
// and run with the go command, cut into cells that run in a fresh session, output,
// panics and compile errors compared.
//
// A program the cells are known to get wrong is listed, with its cause, in its
// section's known.txt ("name.go: cause", one a line, # starting a comment). A listed
// program must still disagree with go run, so a fix is noticed and the line removed;
// any other program must agree. docs/fidelity.md shows the corpus per section and
// every known failure with its cause; TestSpecCorpusDocs keeps it current, and
// `go test ./interp -run TestSpecCorpusDocs -update-docs` rewrites it.
//
// The programs' own runs are cached in the user's cache directory, keyed by the
// toolchain and the source, so that a second run builds nothing it has built before.

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the spec corpus table in docs/fidelity.md")

// specDir and fidelityDoc are made absolute before any test runs: some tests change
// the working directory.
var (
	specDir, _     = filepath.Abs(filepath.Join("testdata", "spec"))
	fidelityDoc, _ = filepath.Abs(filepath.Join("..", "docs", "fidelity.md"))
)

// specCase is one program of the corpus.
type specCase struct {
	section, file string // file is the path
	known         string // why the cells are known to get it wrong, or ""
}

func (c specCase) name() string { return filepath.Base(c.file) }

// specCorpus reads the corpus and its known failures.
func specCorpus(t *testing.T) []specCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(specDir, "*", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs in %s: %v", specDir, err)
	}
	known := map[string]string{} // path -> cause
	knownFiles, _ := filepath.Glob(filepath.Join(specDir, "*", "known.txt"))
	for _, kf := range knownFiles {
		f, err := os.Open(kf)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			name, cause, ok := strings.Cut(line, ": ")
			path := filepath.Join(filepath.Dir(kf), name)
			if !ok || strings.TrimSpace(cause) == "" {
				t.Fatalf("%s:%d: want `name.go: cause`", kf, n)
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("%s:%d: %s is not in the corpus", kf, n, name)
			}
			known[path] = strings.TrimSpace(cause)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	var cases []specCase
	for _, f := range files {
		cases = append(cases, specCase{section: filepath.Base(filepath.Dir(f)), file: f, known: known[f]})
	}
	return cases
}

// disagreements records what compareRuns reports about a case known to fail; a
// fault of the harness itself still fails the test.
type disagreements struct {
	t    *testing.T
	msgs []string
}

func (d *disagreements) Helper() {}
func (d *disagreements) Errorf(format string, args ...any) {
	d.msgs = append(d.msgs, fmt.Sprintf(format, args...))
}
func (d *disagreements) Fatalf(format string, args ...any) { d.t.Helper(); d.t.Fatalf(format, args...) }

func TestSpecCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus builds hundreds of programs")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build the programs with: %v", err)
	}
	for _, c := range specCorpus(t) {
		t.Run(c.section+"/"+strings.TrimSuffix(c.name(), ".go"), func(t *testing.T) {
			if why, ok := raceUnjudged[c.name()]; ok && raceEnabled {
				t.Skip(why)
			}
			t.Parallel()
			src, err := os.ReadFile(c.file)
			if err != nil {
				t.Fatal(err)
			}
			cc, err := splitCase(c.file, string(src))
			if err != nil {
				t.Fatalf("harness: %s: %v", c.file, err)
			}
			want := cachedProgramRun(t, goTool, cc)
			got := runCaseCells(t, cc)
			if c.known == "" {
				compareRuns(t, cc, want, got)
				return
			}
			d := &disagreements{t: t}
			compareRuns(d, cc, want, got)
			if len(d.msgs) == 0 {
				t.Errorf("%s now agrees with go run: remove it from %s/known.txt (%s)", c.name(), filepath.Dir(c.file), c.known)
			}
		})
	}
}

// programRunCache is the JSON form of a programRun.
type programRunCache struct {
	BuildErr       *cachedBuildErr `json:",omitempty"`
	Stdout, Stderr string
	Panic          *cachedPanic `json:",omitempty"`
}

type cachedBuildErr struct {
	Line, Col int
	Msg       string
}

type cachedPanic struct {
	Msg    string
	Frames []cachedFrame
}

type cachedFrame struct {
	Fn   string
	Line int
}

var programCacheDir = sync.OnceValue(func() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	d = filepath.Join(d, "gokernel", "spec-programs")
	if os.MkdirAll(d, 0o755) != nil {
		return ""
	}
	return d
})

// cachedProgramRun is runCaseProgram, remembered across test runs.
func cachedProgramRun(t *testing.T, goTool string, cc *cellsCase) programRun {
	t.Helper()
	dir := programCacheDir()
	if dir == "" {
		return runCaseProgram(t, goTool, cc)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", runtime.Version(), goTool, cc.src, showSource)
	path := filepath.Join(dir, hex.EncodeToString(h.Sum(nil))+".json")
	if b, err := os.ReadFile(path); err == nil {
		var c programRunCache
		if json.Unmarshal(b, &c) == nil {
			r := programRun{stdout: c.Stdout, stderr: c.Stderr}
			if c.BuildErr != nil {
				r.buildErr = &compilerError{c.BuildErr.Line, c.BuildErr.Col, c.BuildErr.Msg}
			}
			if c.Panic != nil {
				r.panic = &programPanic{msg: c.Panic.Msg}
				for _, f := range c.Panic.Frames {
					r.panic.frames = append(r.panic.frames, programFrame{f.Fn, f.Line})
				}
			}
			return r
		}
	}
	r := runCaseProgram(t, goTool, cc)
	c := programRunCache{Stdout: r.stdout, Stderr: r.stderr}
	if e := r.buildErr; e != nil {
		c.BuildErr = &cachedBuildErr{e.line, e.col, e.msg}
	}
	if p := r.panic; p != nil {
		c.Panic = &cachedPanic{Msg: p.msg}
		for _, f := range p.frames {
			c.Panic.Frames = append(c.Panic.Frames, cachedFrame{f.fn, f.line})
		}
	}
	if b, err := json.Marshal(c); err == nil {
		// Written whole and renamed, so a parallel or killed run never reads half.
		tmp := path + fmt.Sprintf(".%d.tmp", os.Getpid())
		if os.WriteFile(tmp, b, 0o644) == nil {
			os.Rename(tmp, path)
		}
	}
	return r
}

const (
	specDocsBegin = "<!-- spec corpus: generated by `go test ./interp -run TestSpecCorpusDocs -update-docs` -->"
	specDocsEnd   = "<!-- end of the spec corpus -->"
)

// specTable renders the corpus per section, and every known failure with its cause.
func specTable(cases []specCase) string {
	type tally struct{ all, pass int }
	sections := map[string]*tally{}
	var names []string
	var failures []specCase
	total := tally{}
	for _, c := range cases {
		s := sections[c.section]
		if s == nil {
			s = &tally{}
			sections[c.section] = s
			names = append(names, c.section)
		}
		s.all++
		total.all++
		if c.known == "" {
			s.pass++
			total.pass++
		} else {
			failures = append(failures, c)
		}
	}
	sort.Strings(names)
	pct := func(t tally) string { return fmt.Sprintf("%.1f%%", 100*float64(t.pass)/float64(t.all)) }
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", specDocsBegin)
	fmt.Fprintf(&b, "%d programs, %d agree with `go run` (%s).\n\n", total.all, total.pass, pct(total))
	b.WriteString("| section | programs | agree | |\n|---|---:|---:|---:|\n")
	for _, n := range names {
		s := sections[n]
		fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", n, s.all, s.pass, pct(*s))
	}
	if len(failures) > 0 {
		b.WriteString("\nThe programs the cells get wrong, by cause:\n\n| program | cause |\n|---|---|\n")
		sort.Slice(failures, func(i, j int) bool {
			if failures[i].known != failures[j].known {
				return failures[i].known < failures[j].known
			}
			return failures[i].file < failures[j].file
		})
		for _, f := range failures {
			fmt.Fprintf(&b, "| %s/%s | %s |\n", f.section, f.name(), strings.ReplaceAll(f.known, "|", `\|`))
		}
	}
	fmt.Fprintf(&b, "\n%s", specDocsEnd)
	return b.String()
}

// TestSpecCorpusDocs checks that docs/fidelity.md shows the corpus as it is.
func TestSpecCorpusDocs(t *testing.T) {
	doc := fidelityDoc
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	from, to := strings.Index(text, specDocsBegin), strings.Index(text, specDocsEnd)
	if from < 0 || to < from {
		t.Fatalf("%s has no spec corpus section (%q ... %q)", doc, specDocsBegin, specDocsEnd)
	}
	want := specTable(specCorpus(t))
	got := text[from : to+len(specDocsEnd)]
	if got == want {
		return
	}
	if *updateDocs {
		if err := os.WriteFile(doc, []byte(text[:from]+want+text[to+len(specDocsEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s's spec corpus section is out of date: run go test ./interp -run TestSpecCorpusDocs -update-docs\n--- want\n%s\n--- got\n%s", doc, want, got)
}
