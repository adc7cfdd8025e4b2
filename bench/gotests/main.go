// Command gotests measures how faithfully gokernel runs real Go programs: the
// self-checking programs of the Go distribution's own test suite.
//
// Every file in $GOROOT/test/{ken,chan,interface,typeparam} whose first non-blank line
// is exactly "// run" is run three ways:
//
//   - compiled, with `go run` in the file's directory (stdout and exit status are cached
//     by file content and Go version, since they never change);
//   - through the real kernel, as one cell of a fresh kernel started the way Jupyter
//     starts it (runcell.py, jupyter_client): the package clause removed and `main()`
//     appended;
//   - optionally with yaegi alone (the yaegionly command), for comparison.
//
// A run passes when its stdout equals the compiled stdout exactly and it succeeded
// exactly when the compiled program exited 0. A cell error that says "not supported in
// cells" is a refusal, counted apart from failures. Files whose first line is "// run"
// with arguments (or // runoutput and the like) are counted as skipped.
//
// It prints a per-directory table, the failures grouped by a coarse cause guessed from
// the first error line, a one-line summary, and with -doc writes the numbers to
// docs/fidelity.md. bench/gotests/run.sh builds the kernel and runs it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	var cfg Config
	flag.StringVar(&cfg.GoRoot, "goroot", "", "Go tree whose test/ directory holds the programs (default: go env GOROOT)")
	flag.StringVar(&cfg.Dirs, "dirs", "ken,chan,interface,typeparam", "comma-separated directories under $GOROOT/test")
	flag.IntVar(&cfg.Subset, "subset", 0, "run only a deterministic subset of about N programs spread over the directories (0: all)")
	flag.IntVar(&cfg.Parallel, "parallel", 2, "programs run at once")
	flag.DurationVar(&cfg.Timeout, "timeout", 60*time.Second, "time allowed to one program in the kernel or in yaegi (Go's own test runner sets none)")
	flag.StringVar(&cfg.Python, "python", "/usr/bin/python3", "Python with jupyter_client")
	flag.StringVar(&cfg.Helper, "helper", "", "path of runcell.py (default: found beside the working directory)")
	flag.StringVar(&cfg.Kernel, "kernel", "gokernel", "kernelspec name")
	flag.StringVar(&cfg.YaegiOnly, "yaegi", "", "path of a built yaegionly command; empty: no yaegi-alone column")
	flag.BoolVar(&cfg.AppendMain, "append-main", true, "append main() to the cell (false: measure a kernel that runs a declared main by itself)")
	flag.StringVar(&cfg.CacheDir, "cache", "", "cache directory for compiled results (default: user cache dir/gokernel-fidelity)")
	from := flag.String("from", "", "render the report of an earlier -json file instead of running")
	jsonOut := flag.String("json", "", "write all results as JSON to this file")
	doc := flag.String("doc", "", "write the report as Markdown to this file (docs/fidelity.md)")
	command := flag.String("command", "", "command line recorded in the report (default: this program's arguments)")
	rev := flag.String("rev", "", "gokernel revision recorded in the report")
	verbose := flag.Bool("v", false, "log each program as it finishes, and the kernel's own log")
	flag.Parse()
	cfg.Verbose = *verbose
	if cfg.Helper == "" {
		for _, p := range []string{"bench/gotests/runcell.py", "runcell.py"} {
			if _, err := os.Stat(p); err == nil {
				cfg.Helper, _ = filepath.Abs(p)
				break
			}
		}
	}
	if cfg.Helper == "" && *from == "" {
		fatal(fmt.Errorf("runcell.py not found; pass -helper"))
	}
	if cfg.GoRoot == "" && *from == "" {
		root, err := goRoot()
		if err != nil {
			fatal(err)
		}
		cfg.GoRoot = root
	}

	var rep *Report
	if *from != "" {
		b, err := os.ReadFile(*from)
		if err != nil {
			fatal(err)
		}
		rep = new(Report)
		if err := json.Unmarshal(b, rep); err != nil {
			fatal(fmt.Errorf("%s: %w", *from, err))
		}
	} else {
		var err error
		if rep, err = Run(cfg, os.Stderr); err != nil {
			fatal(err)
		}
		rep.Command = *command
		rep.KernelRev = *rev
	}
	if rep.Command == "" {
		rep.Command = "go run ./bench/gotests " + quoteArgs(os.Args[1:])
	}
	rep.WriteText(os.Stdout)
	if *jsonOut != "" {
		if err := rep.WriteJSON(*jsonOut); err != nil {
			fatal(err)
		}
	}
	if *doc != "" {
		if err := writeDoc(*doc, rep.Markdown()); err != nil {
			fatal(err)
		}
	}
	fmt.Println(rep.Summary())
}

// goRoot is the tree of the go command on PATH: the one that compiles the programs, so
// its test suite is the one they belong to.
func goRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gotests:", err)
	os.Exit(1)
}

// quoteArgs renders args as a shell would need them.
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"$\\*?;&|<>()") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}

// docMarker divides docs/fidelity.md: what is above it is written by hand and kept,
// what is below it is the generated report and replaced on every run.
const docMarker = "<!-- generated by bench/gotests: everything below this line is replaced on every full run -->"

func writeDoc(path, generated string) error {
	head := ""
	if old, err := os.ReadFile(path); err == nil {
		if i := strings.Index(string(old), docMarker); i >= 0 {
			head = string(old[:i])
		}
	}
	if head == "" {
		head = "# Fidelity: the Go test suite's programs as gokernel cells\n\n"
	}
	return os.WriteFile(path, []byte(head+docMarker+"\n\n"+generated), 0o644)
}
