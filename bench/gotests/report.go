package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"text/tabwriter"
)

// refusal is what a cell error says when the kernel knowingly cannot run a construct.
const refusal = "not supported in cells"

// rerunCause is a cell whose main ran more than once: its stdout starts with the
// compiled program's output twice over.
const rerunCause = "main ran more than once"

// judge sets got's verdict against the compiled outcome want, and for a failure its
// coarse cause and, for an output mismatch, the first differing line as its error.
func judge(want, got *Outcome) {
	switch {
	case got.OK == want.OK && got.Stdout == want.Stdout:
		got.Verdict = "pass"
		return
	case strings.Contains(got.Error, refusal):
		got.Verdict, got.Cause = "refused", "refused: "+refusedWhat(got.Error)
		return
	}
	got.Verdict = "fail"
	switch {
	case want.Stdout != "" && strings.HasPrefix(got.Stdout, want.Stdout+want.Stdout):
		got.Cause = rerunCause
		got.Error = fmt.Sprintf("stdout is the compiled program's %d times over", max(1, strings.Count(got.Stdout, want.Stdout)))
	case got.Timeout:
		got.Cause = "timeout"
	case got.Died:
		got.Cause = "worker died"
	case !want.OK && got.OK:
		got.Cause = "expected panic or exit not reproduced"
		got.Error = "compiled: " + want.Error
	case got.OK == want.OK && printToStdout(want, got):
		got.Cause = "print/println on stdout (Go writes them to stderr)"
		got.Error = firstDiff(want.Stdout, got.Stdout)
	case got.OK == want.OK:
		if !want.OK {
			got.Cause = "output mismatch (both failed)"
		} else {
			got.Cause = "output mismatch"
		}
		got.Error = firstDiff(want.Stdout, got.Stdout)
	default:
		got.Cause = classify(got.Error)
	}
}

// printToStdout reports whether the first line of got's stdout that differs is one
// the compiled program wrote to stderr, as the builtins print and println do.
func printToStdout(want, got *Outcome) bool {
	w, g := strings.Split(want.Stdout, "\n"), strings.Split(got.Stdout, "\n")
	for i, gl := range g {
		if i < len(w) && w[i] == gl {
			continue
		}
		return gl != "" && strings.Contains(want.Stderr, gl)
	}
	return false
}

func refusedWhat(msg string) string {
	_, what, _ := strings.Cut(msg, refusal)
	what = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(what), ":"))
	if i := strings.IndexAny(what, "(;,"); i > 0 {
		what = strings.TrimSpace(what[:i])
	}
	if what == "" {
		return "unspecified"
	}
	return what
}

// causes are tried in order against a failing run's first error line.
var causes = []struct {
	name string
	re   *regexp.Regexp
}{
	{"interpreter crash while compiling (yaegi CFG panic)", regexp.MustCompile(`CFG post-order panic`)},
	{"generic instantiation", regexp.MustCompile(`(?i)instantiat|type param|generic|constraint|type argument|cannot infer|untyped \w+ does not implement|type not found: [\w.]+\[|undefined type for|type set`)},
	{"undefined builtin", regexp.MustCompile(`undefined: (len|cap|append|copy|delete|min|max|clear|new|make|complex|real|imag|panic|print|println|close|recover)\b`)},
	{"undefined name", regexp.MustCompile(`undefined|undeclared|not declared|unknown field|has no field or method`)},
	{"channels/select", regexp.MustCompile(`(?i)chan|select|deadlock|goroutine`)},
	{"interpreter value/reflect error", regexp.MustCompile(`reflect[.:]|interp\.valueInterface|reflect\.Type is nil`)},
	{"method sets/interfaces", regexp.MustCompile(`(?i)method|interface|implement|embedded`)},
	{"runtime error (nil dereference, bounds, ...)", regexp.MustCompile(`(?i)runtime error|nil pointer|index out of range|invalid memory`)},
	{"program's own check failed (panic from the program)", regexp.MustCompile(`^panic: `)},
	{"type checking / unsupported syntax", regexp.MustCompile(`(?i)CompileError`)},
}

func classify(msg string) string {
	for _, c := range causes {
		if c.re.MatchString(msg) {
			return c.name
		}
	}
	return "other error"
}

// firstDiff describes the first line where the two outputs differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("stdout line %d: want %q, got %q", i+1, clip(wl), clip(gl))
		}
	}
	return "stdout differs"
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// Counts are the numbers of one row of the table.
type Counts struct {
	Programs, Pass, Fail, Refused, Skipped int
	YaegiPass, YaegiFail                   int
}

func (c Counts) ran() int { return c.Programs - c.Skipped }

func pct(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}

// Rows returns the counts per directory, in the order of r.Dirs, and overall.
func (r *Report) Rows() ([]string, map[string]Counts) {
	rows := map[string]Counts{}
	add := func(key string, p *Program) {
		c := rows[key]
		c.Programs++
		switch {
		case p.Skip != "":
			c.Skipped++
		default:
			switch p.Kernel.Verdict {
			case "pass":
				c.Pass++
			case "refused":
				c.Refused++
			default:
				c.Fail++
			}
			if p.Yaegi != nil {
				if p.Yaegi.Verdict == "pass" {
					c.YaegiPass++
				} else {
					c.YaegiFail++
				}
			}
		}
		rows[key] = c
	}
	for _, p := range r.Programs {
		add(p.Dir, p)
		add("overall", p)
	}
	return append(append([]string{}, r.Dirs...), "overall"), rows
}

// Summary is the one-line result, the line CI shows.
func (r *Report) Summary() string {
	_, rows := r.Rows()
	c := rows["overall"]
	s := fmt.Sprintf("gotests: gokernel %d/%d pass (%s), %d fail, %d refused, %d skipped",
		c.Pass, c.ran(), pct(c.Pass, c.ran()), c.Fail, c.Refused, c.Skipped)
	if r.WithYaegi {
		s += fmt.Sprintf("; yaegi alone %d/%d pass (%s)", c.YaegiPass, c.ran(), pct(c.YaegiPass, c.ran()))
	}
	if r.Subset > 0 {
		s += fmt.Sprintf(" [subset %d]", r.Subset)
	}
	return s + fmt.Sprintf(" in %.0fs", r.Seconds)
}

// failures returns the failing (and refused) kernel runs grouped by cause, the
// largest group first.
func (r *Report) failures(pick func(*Program) *Outcome) ([]string, map[string][]*Program) {
	groups := map[string][]*Program{}
	for _, p := range r.Programs {
		if p.Skip != "" {
			continue
		}
		o := pick(p)
		if o == nil || o.Verdict == "pass" {
			continue
		}
		groups[o.Cause] = append(groups[o.Cause], p)
	}
	var names []string
	for k := range groups {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if len(groups[names[i]]) != len(groups[names[j]]) {
			return len(groups[names[i]]) > len(groups[names[j]])
		}
		return names[i] < names[j]
	})
	return names, groups
}

func kernelOf(p *Program) *Outcome { return p.Kernel }
func yaegiOf(p *Program) *Outcome  { return p.Yaegi }

// WriteText prints the table and the kernel's failures grouped by cause.
func (r *Report) WriteText(w io.Writer) {
	order, rows := r.Rows()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "dir\tprograms\tskipped\tpass\tfail\trefused\tpass %\t"
	if r.WithYaegi {
		head += "yaegi pass\tyaegi %\t"
	}
	fmt.Fprintln(tw, head)
	for _, d := range order {
		c := rows[d]
		line := fmt.Sprintf("%s\t%d\t%d\t%d\t%d\t%d\t%s\t", d, c.Programs, c.Skipped, c.Pass, c.Fail, c.Refused, pct(c.Pass, c.ran()))
		if r.WithYaegi {
			line += fmt.Sprintf("%d\t%s\t", c.YaegiPass, pct(c.YaegiPass, c.ran()))
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	names, groups := r.failures(kernelOf)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "gokernel failures by cause:")
	for _, n := range names {
		fmt.Fprintf(w, "  %s (%d)\n", n, len(groups[n]))
		for _, p := range groups[n] {
			fmt.Fprintf(w, "    %-36s %s\n", p.ID(), clipLine(p.Kernel.Error, 140))
		}
	}
}

func clipLine(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > n {
		return s[:n-3] + "..."
	}
	return s
}

// WriteJSON writes the whole report.
func (r *Report) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Markdown is docs/fidelity.md.
func (r *Report) Markdown() string {
	var b strings.Builder
	order, rows := r.Rows()
	b.WriteString("## How it is measured\n\n")
	fmt.Fprintf(&b, "Every file in `$GOROOT/test/{%s}` whose first non-blank line is exactly `// run` is run\n", strings.Join(r.Dirs, ","))
	b.WriteString("compiled (`go run`, cached) and as one cell of a fresh gokernel kernel driven by\n" +
		"jupyter_client (package clause removed, `main()` appended). A run **passes** when its stdout\n" +
		"equals the compiled program's exactly and it succeeded exactly when the compiled program\n" +
		"exited 0. **Refused** is a cell error saying `not supported in cells`. **Skipped** are\n" +
		"`// run` lines with arguments (flags, `// runoutput`, ...) and files whose build constraint\n" +
		"excludes this machine. *yaegi alone* runs the original file with yaegi's `EvalPath` in a\n" +
		"fresh interpreter (`bench/gotests/yaegionly`, same symbols as the kernel's worker).\n\n")
	fmt.Fprintf(&b, "- date: %s\n", r.Date.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "- Go: %s, yaegi: %s\n", r.GoVersion, r.YaegiVersion)
	if r.KernelRev != "" {
		fmt.Fprintf(&b, "- gokernel: %s\n", r.KernelRev)
	}
	fmt.Fprintf(&b, "- command: `%s`\n", r.Command)
	fmt.Fprintf(&b, "- wall time: %.0f s (compiled %.0f s, cached after a first run of about 45 s; yaegi alone %.0f s; kernel %.0f s)\n",
		r.Seconds, r.Timing[0], r.Timing[1], r.Timing[2])
	if r.Subset > 0 {
		fmt.Fprintf(&b, "- subset: about %d programs\n", r.Subset)
	}
	fmt.Fprintf(&b, "\n**%s**\n\n", r.Summary())

	b.WriteString("| dir | programs | skipped | run | yaegi alone pass | gokernel pass | gokernel fail | refused |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, d := range order {
		c := rows[d]
		y := "-"
		if r.WithYaegi {
			y = fmt.Sprintf("%d (%s)", c.YaegiPass, pct(c.YaegiPass, c.ran()))
		}
		name := d
		if d == "overall" {
			name = "**overall**"
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %s | %d (%s) | %d | %d |\n",
			name, c.Programs, c.Skipped, c.ran(), y, c.Pass, pct(c.Pass, c.ran()), c.Fail, c.Refused)
	}

	if r.WithYaegi {
		var lost, gained []string
		for _, p := range r.Programs {
			if p.Skip != "" || p.Kernel == nil || p.Yaegi == nil {
				continue
			}
			kp, yp := p.Kernel.Verdict == "pass", p.Yaegi.Verdict == "pass"
			switch {
			case yp && !kp:
				lost = append(lost, fmt.Sprintf("- `%s` (%s): %s\n", p.ID(), p.Kernel.Cause, mdCode(p.Kernel.Error)))
			case kp && !yp:
				gained = append(gained, fmt.Sprintf("- `%s`; yaegi alone: %s\n", p.ID(), mdCode(p.Yaegi.Error)))
			}
		}
		fmt.Fprintf(&b, "\n## Pass with yaegi alone, fail in gokernel (%d)\n\n", len(lost))
		b.WriteString("What the cell handling costs: each of these runs with yaegi on the whole file.\n\n")
		b.WriteString(strings.Join(lost, ""))
		fmt.Fprintf(&b, "\n## Pass in gokernel, fail with yaegi alone (%d)\n\n", len(gained))
		b.WriteString(strings.Join(gained, ""))
	}

	names, groups := r.failures(kernelOf)
	b.WriteString("\n## gokernel failures by cause\n\n")
	b.WriteString("Causes are guessed from the first error line; the line is quoted as the kernel gave it.\n\n")
	b.WriteString("| cause | count |\n|---|--:|\n")
	for _, n := range names {
		fmt.Fprintf(&b, "| %s | %d |\n", n, len(groups[n]))
	}
	for _, n := range names {
		fmt.Fprintf(&b, "\n### %s (%d)\n\n", n, len(groups[n]))
		for _, p := range groups[n] {
			extra := ""
			if p.Yaegi != nil && p.Yaegi.Verdict == "pass" {
				extra = " *(passes with yaegi alone)*"
			}
			fmt.Fprintf(&b, "- `%s`%s: %s\n", p.ID(), extra, mdCode(p.Kernel.Error))
		}
	}

	if r.WithYaegi {
		ynames, ygroups := r.failures(yaegiOf)
		b.WriteString("\n## yaegi alone: failures by cause\n\n| cause | count |\n|---|--:|\n")
		for _, n := range ynames {
			fmt.Fprintf(&b, "| %s | %d |\n", n, len(ygroups[n]))
		}
	}

	var skipped []string
	for _, p := range r.Programs {
		if p.Skip != "" {
			skipped = append(skipped, fmt.Sprintf("`%s` (%s)", p.ID(), strings.ReplaceAll(p.Skip, "`", "'")))
		}
	}
	if len(skipped) > 0 {
		fmt.Fprintf(&b, "\n## Skipped (%d)\n\n%s\n", len(skipped), strings.Join(skipped, ", "))
	}
	return b.String()
}

func mdCode(s string) string {
	s = clipLine(stripANSI(s), 200)
	if s == "" {
		return "(no message)"
	}
	return "`` " + strings.ReplaceAll(s, "|", "\\|") + " ``"
}
