package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/build/constraint"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"
)

// Config says which programs to run and how.
type Config struct {
	GoRoot    string
	Dirs      string
	Subset    int
	Parallel  int
	Timeout   time.Duration
	Python    string
	Helper    string
	Kernel    string
	YaegiOnly string
	CacheDir  string
	// AppendMain is the normal cell: the program with main() called at its end.
	AppendMain bool
	Verbose    bool
}

// Program is one test file and what became of it.
type Program struct {
	Dir  string `json:"dir"`
	Name string `json:"name"`
	Path string `json:"-"`
	Src  string `json:"-"`
	// Skip is why the program is not run ("// run -gcflags=...", "//go:build ..."),
	// empty for programs that are.
	Skip     string   `json:"skip,omitempty"`
	Compiled *Outcome `json:"compiled,omitempty"`
	Kernel   *Outcome `json:"kernel,omitempty"`
	Yaegi    *Outcome `json:"yaegi,omitempty"`
}

// ID is the program's name as the report shows it: dir/file.go.
func (p *Program) ID() string { return p.Dir + "/" + p.Name }

// Outcome is one way of running a program.
type Outcome struct {
	OK      bool    `json:"ok"`
	Stdout  string  `json:"stdout"`
	Error   string  `json:"error,omitempty"`  // first line of the error, if any
	Stderr  string  `json:"stderr,omitempty"` // compiled runs only, clipped
	Timeout bool    `json:"timeout,omitempty"`
	Died    bool    `json:"died,omitempty"` // the kernel or its worker went away
	Seconds float64 `json:"seconds"`
	// Verdict and Cause are filled in by judge for the kernel and yaegi outcomes.
	Verdict string `json:"verdict,omitempty"` // pass, fail, refused
	Cause   string `json:"cause,omitempty"`
}

// Report is the result of one run of the runner.
type Report struct {
	Date         time.Time  `json:"date"`
	GoVersion    string     `json:"go_version"`
	YaegiVersion string     `json:"yaegi_version"`
	Command      string     `json:"command"`
	KernelRev    string     `json:"kernel_rev,omitempty"`
	Dirs         []string   `json:"dirs"`
	Subset       int        `json:"subset,omitempty"`
	WithYaegi    bool       `json:"with_yaegi"`
	Seconds      float64    `json:"seconds"`
	Programs     []*Program `json:"programs"`
	Timing       [3]float64 `json:"timing"` // compiled, yaegi, kernel phase seconds
}

// Run collects the programs, runs them compiled, with yaegi alone and in the kernel,
// and judges the runs. Progress goes to log.
func Run(cfg Config, log io.Writer) (*Report, error) {
	start := time.Now()
	if cfg.Parallel < 1 {
		cfg.Parallel = 1
	}
	goVersion, err := goVersion()
	if err != nil {
		return nil, err
	}
	dirs := strings.Split(cfg.Dirs, ",")
	progs, err := collect(filepath.Join(cfg.GoRoot, "test"), dirs)
	if err != nil {
		return nil, err
	}
	progs = subset(progs, dirs, cfg.Subset)
	var runnable []*Program
	for _, p := range progs {
		if p.Skip == "" {
			runnable = append(runnable, p)
		}
	}
	rep := &Report{Date: start.UTC(), GoVersion: goVersion, YaegiVersion: yaegiVersion(),
		Dirs: dirs, Subset: cfg.Subset, WithYaegi: cfg.YaegiOnly != "", Programs: progs}

	t0 := time.Now()
	if err := runCompiled(cfg, goVersion, runnable, log); err != nil {
		return nil, err
	}
	rep.Timing[0] = time.Since(t0).Seconds()
	fmt.Fprintf(log, "gotests: %d programs compiled and run in %.1fs\n", len(runnable), rep.Timing[0])

	if cfg.YaegiOnly != "" {
		t0 = time.Now()
		parallel(runnable, cfg.Parallel, func(p *Program) {
			p.Yaegi = runYaegi(cfg, p)
			if cfg.Verbose {
				fmt.Fprintf(log, "yaegi  %-40s ok=%v %.2fs %s\n", p.ID(), p.Yaegi.OK, p.Yaegi.Seconds, p.Yaegi.Error)
			}
		})
		rep.Timing[1] = time.Since(t0).Seconds()
		fmt.Fprintf(log, "gotests: %d programs run with yaegi alone in %.1fs\n", len(runnable), rep.Timing[1])
	}

	t0 = time.Now()
	if err := runKernel(cfg, runnable, log); err != nil {
		return nil, err
	}
	rep.Timing[2] = time.Since(t0).Seconds()
	fmt.Fprintf(log, "gotests: %d programs run in the kernel in %.1fs\n", len(runnable), rep.Timing[2])

	for _, p := range runnable {
		judge(p.Compiled, p.Kernel)
		if p.Yaegi != nil {
			judge(p.Compiled, p.Yaegi)
		}
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// collect lists the test programs of dirs, those to run and those to skip. Files whose
// first non-blank line is not a "// run" directive are not programs of this suite
// (errorcheck, compile, rundir, ...) and are left out.
func collect(testDir string, dirs []string) ([]*Program, error) {
	var progs []*Program
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join(testDir, d, "*.go"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("no Go files in %s", filepath.Join(testDir, d))
		}
		sort.Strings(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			src := string(b)
			first := firstLine(src)
			// "// rundir" and "// runindir" name multi-file tests in a directory
			// beside the file: not programs of this suite.
			if first != "// run" && !strings.HasPrefix(first, "// run ") && first != "// runoutput" {
				continue
			}
			p := &Program{Dir: d, Name: filepath.Base(f), Path: f, Src: src}
			switch {
			case first != "// run":
				p.Skip = first
			case !buildOK(src):
				p.Skip = "build constraint"
			}
			progs = append(progs, p)
		}
	}
	return progs, nil
}

func firstLine(src string) string {
	for line := range strings.SplitSeq(src, "\n") {
		if s := strings.TrimSpace(line); s != "" {
			return s
		}
	}
	return ""
}

// buildOK evaluates the file's //go:build line, if any, for this machine.
func buildOK(src string) bool {
	for line := range strings.SplitSeq(src, "\n") {
		s := strings.TrimSpace(line)
		if strings.HasPrefix(s, "package ") {
			return true
		}
		if !constraint.IsGoBuild(s) {
			continue
		}
		expr, err := constraint.Parse(s)
		if err != nil {
			return false
		}
		return expr.Eval(func(tag string) bool {
			switch tag {
			case runtime.GOOS, runtime.GOARCH, "gc", "cgo":
				return true
			case "unix":
				return runtime.GOOS != "windows" && runtime.GOOS != "plan9"
			}
			return strings.HasPrefix(tag, "go1.")
		})
	}
	return true
}

// subset keeps about n of the runnable programs, spread evenly over the directories
// and within each directory, always the same ones for the same files. Skipped
// programs are dropped from a subset.
func subset(progs []*Program, dirs []string, n int) []*Program {
	if n <= 0 {
		return progs
	}
	byDir := map[string][]*Program{}
	for _, p := range progs {
		if p.Skip == "" {
			byDir[p.Dir] = append(byDir[p.Dir], p)
		}
	}
	// Share n out evenly; what a small directory cannot take goes to the others.
	quota := map[string]int{}
	for left := n; left > 0; {
		var open []string
		for _, d := range dirs {
			if quota[d] < len(byDir[d]) {
				open = append(open, d)
			}
		}
		if len(open) == 0 {
			break
		}
		share := max(left/len(open), 1)
		for _, d := range open {
			if left == 0 {
				break
			}
			k := min(share, len(byDir[d])-quota[d], left)
			quota[d] += k
			left -= k
		}
	}
	var out []*Program
	for _, d := range dirs {
		ps, q := byDir[d], quota[d]
		for j := range q {
			out = append(out, ps[j*len(ps)/q])
		}
	}
	return out
}

func parallel(progs []*Program, n int, f func(*Program)) {
	ch := make(chan *Program)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for p := range ch {
				f(p)
			}
		})
	}
	for _, p := range progs {
		ch <- p
	}
	close(ch)
	wg.Wait()
}

func goVersion() (string, error) {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOVERSION: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// yaegiVersion is the yaegi module this runner (and so the kernel, same go.mod) is
// built with.
func yaegiVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/traefik/yaegi" {
				return m.Version
			}
		}
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "github.com/traefik/yaegi").Output()
	if err == nil {
		return strings.TrimSpace(string(out))
	}
	return "unknown"
}

// cacheFormat changes when Outcome's cached fields do.
const cacheFormat = "v2"

// compiledCache maps "format goVersion sha256(src)" to the compiled outcome.
type compiledCache map[string]*Outcome

func cachePath(cfg Config) (string, error) {
	dir := cfg.CacheDir
	if dir == "" {
		base, err := os.UserCacheDir() // $XDG_CACHE_HOME or ~/.cache
		if err != nil {
			base = os.TempDir() // no home: the cache only saves time
		}
		dir = filepath.Join(base, "gokernel-fidelity")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return filepath.Join(dir, "compiled.json"), nil
}

// runCompiled fills in p.Compiled for every program, from the cache where it can.
func runCompiled(cfg Config, goVersion string, progs []*Program, log io.Writer) error {
	path, err := cachePath(cfg)
	if err != nil {
		return fmt.Errorf("compiled results cache: %w", err)
	}
	cache := compiledCache{}
	if b, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(b, &cache); err != nil {
			fmt.Fprintf(log, "gotests: ignoring unreadable cache %s: %v\n", path, err)
			cache = compiledCache{}
		}
	}
	key := func(p *Program) string {
		sum := sha256.Sum256([]byte(p.Src))
		return cacheFormat + " " + goVersion + " " + hex.EncodeToString(sum[:])
	}
	var todo []*Program
	for _, p := range progs {
		if o, ok := cache[key(p)]; ok {
			p.Compiled = o
		} else {
			todo = append(todo, p)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	var mu sync.Mutex
	parallel(todo, cfg.Parallel, func(p *Program) {
		o := runCompiledOne(p)
		if cfg.Verbose {
			fmt.Fprintf(log, "go run %-40s ok=%v %.2fs %s\n", p.ID(), o.OK, o.Seconds, o.Error)
		}
		mu.Lock()
		p.Compiled = o
		// A compiled run that timed out says nothing stable about the program.
		if !o.Timeout {
			cache[key(p)] = o
		}
		mu.Unlock()
	})
	b, err := json.MarshalIndent(cache, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func runCompiledOne(p *Program) *Outcome {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "run", p.Name)
	cmd.Dir = filepath.Dir(p.Path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	o := &Outcome{OK: err == nil, Stdout: stdout.String(), Seconds: time.Since(t0).Seconds()}
	o.Stderr = stderr.String()
	if len(o.Stderr) > 8<<10 {
		o.Stderr = o.Stderr[:8<<10]
	}
	if err != nil {
		o.Error = firstErrorLine(stderr.String(), err)
		o.Timeout = ctx.Err() != nil
	}
	return o
}

// runYaegi runs the original file with the yaegionly command in its directory.
func runYaegi(cfg Config, p *Program) *Outcome {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, cfg.YaegiOnly, p.Name)
	cmd.Dir = filepath.Dir(p.Path)
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	o := &Outcome{OK: err == nil, Stdout: stdout.String(), Seconds: time.Since(t0).Seconds()}
	if err != nil {
		o.Timeout = ctx.Err() != nil
		if o.Timeout {
			o.Error = fmt.Sprintf("timeout after %s", cfg.Timeout)
		} else {
			o.Error = firstErrorLine(stderr.String(), err)
			var ee *exec.ExitError
			// Killed by a signal, or a Go runtime fatal error: the interpreter itself died.
			if errors.As(err, &ee) && (ee.ExitCode() < 0 || strings.Contains(stderr.String(), "fatal error:")) {
				o.Died = true
			}
		}
	}
	return o
}

// firstErrorLine picks the line of a program's stderr that says what went wrong: the
// panic or error message, not the goroutine dump under it.
func firstErrorLine(stderr string, err error) string {
	for line := range strings.SplitSeq(stderr, "\n") {
		s := strings.TrimSpace(line)
		if s == "" || strings.HasPrefix(s, "#") || s == "exit status 1" || s == "exit status 2" {
			continue
		}
		return s
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// The cell is the program without its package clause, with main() called at the end.
var packageClause = regexp.MustCompile(`(?m)^package[ \t]+main[ \t]*(//.*)?$`)

func cellSource(src string, appendMain bool) string {
	loc := packageClause.FindStringIndex(src)
	if loc != nil {
		// Keep the line so that positions in errors match the file's.
		src = src[:loc[0]] + src[loc[1]:]
	}
	if !appendMain {
		return src
	}
	return strings.TrimRight(src, "\n") + "\n\nmain()\n"
}

type cellRequest struct {
	ID      string  `json:"id"`
	Code    string  `json:"code"`
	Timeout float64 `json:"timeout"`
	Cwd     string  `json:"cwd"`
}

type cellResult struct {
	ID        string   `json:"id"`
	Status    string   `json:"status"`
	Stdout    string   `json:"stdout"`
	Stderr    string   `json:"stderr"`
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
	Seconds   float64  `json:"seconds"`
}

// runKernel runs every program as one cell of a fresh kernel, through cfg.Parallel
// runcell.py helpers.
func runKernel(cfg Config, progs []*Program, log io.Writer) error {
	if _, err := os.Stat(cfg.Helper); err != nil {
		return fmt.Errorf("kernel helper: %w", err)
	}
	var kernelLog io.Writer = io.Discard
	if cfg.Verbose {
		kernelLog = log
	}
	var mu sync.Mutex
	var firstErr error
	ch := make(chan *Program)
	var wg sync.WaitGroup
	for range cfg.Parallel {
		wg.Go(func() {
			var h *helper
			defer func() {
				if h != nil {
					h.close()
				}
			}()
			for p := range ch {
				if h == nil {
					var err error
					if h, err = startHelper(cfg, kernelLog); err != nil {
						mu.Lock()
						firstErr = cmp(firstErr, err)
						mu.Unlock()
						p.Kernel = &Outcome{Error: err.Error(), Died: true}
						continue
					}
				}
				req := cellRequest{ID: p.ID(), Code: cellSource(p.Src, cfg.AppendMain), Timeout: cfg.Timeout.Seconds(), Cwd: filepath.Dir(p.Path)}
				res, err := h.run(req, cfg.Timeout+90*time.Second)
				if err != nil {
					// The helper itself went wrong; start another for the next program.
					h.close()
					h = nil
					p.Kernel = &Outcome{Error: "runner helper: " + err.Error(), Died: true}
				} else {
					p.Kernel = kernelOutcome(res)
				}
				if cfg.Verbose {
					fmt.Fprintf(log, "kernel %-40s ok=%v %.2fs %s\n", p.ID(), p.Kernel.OK, p.Kernel.Seconds, p.Kernel.Error)
				}
			}
		})
	}
	for _, p := range progs {
		ch <- p
	}
	close(ch)
	wg.Wait()
	// One helper failing to start is reported per program; none starting at all is an
	// error of the runner.
	for _, p := range progs {
		if p.Kernel == nil || !strings.HasPrefix(p.Kernel.Error, "start runcell.py") {
			return nil
		}
	}
	return firstErr
}

func cmp(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func kernelOutcome(r *cellResult) *Outcome {
	o := &Outcome{OK: r.Status == "ok", Stdout: r.Stdout, Seconds: r.Seconds}
	switch r.Status {
	case "ok":
	case "timeout":
		o.Timeout = true
		o.Error = "timeout"
	case "start_failed":
		o.Died = true
		o.Error = "kernel did not start: " + r.Ename + ": " + r.Evalue
	default:
		msg := r.Evalue
		if first, _, _ := strings.Cut(strings.TrimSpace(msg), "\n"); first != "" {
			msg = first
		}
		o.Error = strings.TrimSpace(r.Ename + ": " + msg)
		if r.Ename == "KernelDied" || workerDied.MatchString(r.Ename+" "+r.Evalue) {
			o.Died = true
		}
		// Refusals may be worded in the traceback only.
		if !strings.Contains(o.Error, refusal) {
			for _, t := range r.Traceback {
				if strings.Contains(t, refusal) {
					o.Error = strings.TrimSpace(stripANSI(t))
					break
				}
			}
		}
	}
	return o
}

var workerDied = regexp.MustCompile(`(?i)worker\b.*\b(died|ended|exited|crashed|restart|lost)|^(KernelError|WorkerDied)\b`)

var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

// helper is one running runcell.py.
type helper struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startHelper(cfg Config, kernelLog io.Writer) (*helper, error) {
	cmd := exec.Command(cfg.Python, cfg.Helper, "--kernel", cfg.Kernel)
	cmd.Stderr = kernelLog
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start runcell.py: %w", err)
	}
	return &helper{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20)}, nil
}

func (h *helper) run(req cellRequest, limit time.Duration) (*cellResult, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	if _, err := h.in.Write(append(b, '\n')); err != nil {
		return nil, err
	}
	type lineErr struct {
		line []byte
		err  error
	}
	done := make(chan lineErr, 1)
	go func() {
		line, err := h.out.ReadBytes('\n')
		done <- lineErr{line, err}
	}()
	select {
	case le := <-done:
		if le.err != nil {
			return nil, fmt.Errorf("read result: %w", le.err)
		}
		var res cellResult
		if err := json.Unmarshal(le.line, &res); err != nil {
			return nil, fmt.Errorf("decode result: %w", err)
		}
		if res.ID != req.ID {
			return nil, fmt.Errorf("result for %q, want %q", res.ID, req.ID)
		}
		return &res, nil
	case <-time.After(limit):
		return nil, fmt.Errorf("no result after %s", limit)
	}
}

func (h *helper) close() {
	h.in.Close()
	done := make(chan struct{})
	go func() { h.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		h.cmd.Process.Kill()
		<-done
	}
}
