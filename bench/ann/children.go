package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// row is one JSON line a contender's process prints: a build, or one point
// of its sweep. hnswlib_bench.py and native/annbench.cc print the same
// fields.
type row struct {
	Contender string  `json:"contender"`
	Params    string  `json:"params"`
	Build     bool    `json:"build"`
	BuildS    float64 `json:"build_s"`
	MemMB     float64 `json:"mem_mb"` // VmHWM just after the build; informative only
	Threads   int     `json:"threads"`
	Recall    float64 `json:"recall"`
	QPS       float64 `json:"qps"`
	// PeakRSSMB is set only on the last line a child prints: its VmHWM,
	// the peak resident set of its own address space, at exit.
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

// runResult is what one run of one contender produced.
type runResult struct {
	rows []row
	// peakMB is the peak resident set of the contender's process as the
	// process itself reads it from /proc/self/status (VmHWM) at the end:
	// the same measurement for every contender, whatever its language.
	// The rusage the parent gets from wait4 will not do: on Linux its
	// ru_maxrss includes the parent's peak RSS, because the child's
	// maximum is seeded from the address space it had between fork and
	// exec, which is the parent's.
	peakMB float64
}

// family says which native reference a contender is compared with.
type family int

const (
	famHNSW   family = iota // graph indexes: vs hnswlib
	famForest               // random-projection forests: vs Annoy
	famExact                // brute force: no reference
)

// contender is one program to run per round.
type contender struct {
	key       string // name in -contenders
	fam       family
	reference bool   // the native reference of its family
	program   string // the executable, for printToolchain
	args      func(p *prepared) []string
	version   func() string // nil when the program does not report one
}

// paths are the programs the contenders run.
type paths struct {
	self, native, nativeDebian, python, script string
}

func contenderKeys() []string {
	return []string{"hnsw", "forest", "hnswlib", "annoy", "hnswlib-debian", "hnswlib-python", "brute"}
}

// selectContenders returns the contenders named in list ("all": every one
// whose program exists), in the order of contenderKeys.
func selectContenders(list string, ps paths, opt options) ([]contender, error) {
	want := map[string]bool{}
	all := list == "all"
	for _, k := range strings.Split(list, ",") {
		want[strings.TrimSpace(k)] = true
	}
	for k := range want {
		if !all && !slices.Contains(contenderKeys(), k) {
			return nil, fmt.Errorf("unknown contender %q (have %s)", k, strings.Join(contenderKeys(), ", "))
		}
	}
	goChild := func(kind string) func(p *prepared) []string {
		return func(p *prepared) []string {
			return []string{"-child", kind, "-dir", p.dir, "-metric", p.space,
				"-threads", strconv.Itoa(opt.threads), "-ef", joinInts(opt.efs), "-trees", strconv.Itoa(opt.trees),
				"-search-k", joinInts(opt.searchKs), "-brute-queries", strconv.Itoa(opt.nbrute)}
		}
	}
	nativeArgs := func(algo string) func(p *prepared) []string {
		return func(p *prepared) []string {
			if algo == "annoy" {
				return []string{"annoy", p.dir, p.space, strconv.Itoa(opt.threads), strconv.Itoa(k), joinInts(opt.annoySearchKs), strconv.Itoa(opt.trees)}
			}
			return []string{"hnswlib", p.dir, p.space, strconv.Itoa(opt.threads), strconv.Itoa(k), joinInts(opt.efs), "16", "200"}
		}
	}
	nativeVersion := func(prog string) func() string {
		return func() string {
			out, err := exec.Command(prog, "version").Output()
			if err != nil {
				return "version: " + err.Error()
			}
			return strings.TrimSpace(string(out))
		}
	}
	pythonVersion := func() string {
		out, err := exec.Command(ps.python, "-c", "import sys, numpy; print('python', sys.version.split()[0], 'numpy', numpy.__version__)").Output()
		if err != nil {
			return "version: " + err.Error()
		}
		deb, _ := exec.Command("dpkg-query", "-W", "-f=${Version}", "python3-hnswlib").Output()
		return strings.TrimSpace(string(out)) + ", Debian python3-hnswlib " + string(deb) + " (generic x86-64 build)"
	}
	cands := []contender{
		{key: "hnsw", fam: famHNSW, program: ps.self, args: goChild("hnsw")},
		{key: "forest", fam: famForest, program: ps.self, args: goChild("forest")},
		{key: "hnswlib", fam: famHNSW, reference: true, program: ps.native, args: nativeArgs("hnswlib"), version: nativeVersion(ps.native)},
		{key: "annoy", fam: famForest, reference: true, program: ps.native, args: nativeArgs("annoy"), version: nativeVersion(ps.native)},
		{key: "hnswlib-debian", fam: famHNSW, program: ps.nativeDebian, args: nativeArgs("hnswlib"), version: nativeVersion(ps.nativeDebian)},
		{key: "hnswlib-python", fam: famHNSW, program: ps.python, args: func(p *prepared) []string {
			return []string{ps.script, p.dir, p.space, strconv.Itoa(opt.threads), strconv.Itoa(k), joinInts(opt.efs)}
		}, version: pythonVersion},
		{key: "brute", fam: famExact, program: ps.self, args: goChild("brute")},
	}
	var out []contender
	for _, c := range cands {
		if !all && !want[c.key] {
			continue
		}
		if err := c.available(ps); err != nil {
			if all {
				fmt.Fprintf(os.Stderr, "bench/ann: skipping %s: %v\n", c.key, err)
				continue
			}
			return nil, fmt.Errorf("contender %s: %w", c.key, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no contenders")
	}
	return out, nil
}

func (c contender) available(ps paths) error {
	if c.program == "" {
		return fmt.Errorf("no program given (see -native, -native-debian)")
	}
	if _, err := os.Stat(c.program); err != nil {
		return err
	}
	if c.key == "hnswlib-python" {
		if err := exec.Command(ps.python, "-c", "import hnswlib, numpy").Run(); err != nil {
			return fmt.Errorf("%s cannot import hnswlib and numpy: %v", ps.python, err)
		}
	}
	return nil
}

// run runs the contender once on p in a process of its own, with the
// parent idle meanwhile, and collects its rows and peak RSS.
func (c contender) run(p *prepared) (runResult, error) {
	cmd := exec.Command(c.program, c.args(p)...)
	cmd.Stderr = os.Stderr
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil {
		return runResult{}, fmt.Errorf("%s: %v", filepath.Base(c.program), err)
	}
	var res runResult
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return runResult{}, fmt.Errorf("output %q: %v", sc.Text(), err)
		}
		if r.PeakRSSMB > 0 {
			res.peakMB = r.PeakRSSMB
			continue
		}
		res.rows = append(res.rows, r)
	}
	if len(res.rows) == 0 || res.peakMB == 0 {
		return runResult{}, fmt.Errorf("%s printed no results or no peak_rss_mb", filepath.Base(c.program))
	}
	return res, nil
}

// defaultScript finds hnswlib_bench.py beside this source file, which is
// where it is under go run.
func defaultScript() string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "hnswlib_bench.py")
}
