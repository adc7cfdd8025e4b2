package tests

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gokernel/gokernel/flow"
)

// repoRoot is the gokernel checkout the exported flows build against.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// exportNotebook runs gokernel export and returns its output.
func exportNotebook(t *testing.T, notebook, dir string, extra ...string) (string, error) {
	t.Helper()
	args := append([]string{"export", notebook, "-o", dir, "--replace", repoRoot(t)}, extra...)
	cmd := exec.Command(filepath.Join(binDir, "gokernel"), args...)
	cmd.Env = kernelEnv
	cmd.Dir = filepath.Dir(notebook)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// buildFlow compiles an exported flow with go build, as its users would.
func buildFlow(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "flow-bin")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		main, _ := os.ReadFile(filepath.Join(dir, "main.go"))
		t.Fatalf("go build of the exported flow: %v\n%s\nmain.go:\n%s", err, out, main)
	}
	return bin
}

// runIn runs a command in dir and returns its combined output and exit status.
func runIn(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

// TestExportExamples exports every example notebook, builds the flow with go build,
// and runs it compiled and interpreted (gokernel run) with --verify: both reproduce the
// hashes the notebook's run recorded. It also checks the Argo manifest of each.
func TestExportExamples(t *testing.T) {
	needClients(t)
	notebooks, err := filepath.Glob("../examples/notebooks/*.ipynb")
	if err != nil || len(notebooks) == 0 {
		t.Fatalf("no example notebooks: %v", err)
	}
	for _, nb := range notebooks {
		name := strings.TrimSuffix(filepath.Base(nb), ".ipynb")
		t.Run(name, func(t *testing.T) {
			work := t.TempDir()
			// The notebook runs where it is (its data files are there), the flow in a
			// folder of its own.
			abs, _ := filepath.Abs(nb)
			dir := filepath.Join(work, "flow")
			out, err := exportNotebook(t, abs, dir, "--argo")
			t.Logf("%s", out)
			if err != nil {
				t.Fatalf("gokernel export: %v", err)
			}
			d, err := flow.ReadDAG(filepath.Join(dir, "dag.json"))
			if err != nil {
				t.Fatal(err)
			}
			checkArgo(t, filepath.Join(dir, "argo.yaml"), d)
			bin := buildFlow(t, dir)
			env := append(slices.Clone(kernelEnv), "FLOW_STORE="+filepath.Join(work, "compiled-store"))
			out, status := runIn(t, filepath.Dir(abs), env, bin, "--verify")
			t.Logf("compiled:\n%s", out)
			if status != 0 || strings.Contains(out, "differs from the notebook") {
				t.Fatalf("the compiled flow does not reproduce the notebook (exit %d)", status)
			}
			env = append(slices.Clone(kernelEnv), "FLOW_STORE="+filepath.Join(work, "interpreted-store"))
			out, status = runIn(t, filepath.Dir(abs), env, filepath.Join(binDir, "gokernel"), "run", dir, "--verify")
			t.Logf("interpreted:\n%s", out)
			if status != 0 || strings.Contains(out, "differs from the notebook") {
				t.Fatalf("gokernel run does not reproduce the notebook (exit %d)", status)
			}
		})
	}
}

// checkArgo reads the Argo manifest back: a Workflow with a DAG template, a task per
// step, and each task's dependencies the step's needs.
func checkArgo(t *testing.T, path string, d *flow.DAG) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var text []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		text = append(text, sc.Text())
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"apiVersion: argoproj.io/v1alpha1", "kind: Workflow", "dag:", "--only"} {
		if !strings.Contains(all, want) {
			t.Errorf("argo.yaml lacks %q", want)
		}
	}
	// Tasks: the "- name: X" lines under "tasks:" at the first one's indentation,
	// each with its "dependencies: [...]".
	tasks := map[string][]string{}
	cur := ""
	inTasks, taskIndent := false, -1
	for _, line := range text {
		trimmed := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case trimmed == "tasks:":
			inTasks = true
		case inTasks && strings.HasPrefix(trimmed, "- name: ") && (taskIndent < 0 || indent == taskIndent):
			taskIndent = indent
			cur = strings.Trim(strings.TrimPrefix(trimmed, "- name: "), `"`)
			tasks[cur] = nil
		case inTasks && taskIndent >= 0 && indent < taskIndent:
			inTasks = false // the next template
		case inTasks && cur != "" && strings.HasPrefix(trimmed, "dependencies: "):
			list := strings.Trim(strings.TrimPrefix(trimmed, "dependencies: "), "[]")
			for _, dep := range strings.Split(list, ",") {
				if dep = strings.Trim(strings.TrimSpace(dep), `"`); dep != "" {
					tasks[cur] = append(tasks[cur], dep)
				}
			}
		}
	}
	if len(tasks) != len(d.Steps) {
		t.Fatalf("argo.yaml has %d tasks, the DAG %d steps:\n%s", len(tasks), len(d.Steps), all)
	}
	for _, s := range d.Steps {
		deps, ok := tasks[s.Name]
		if !ok {
			t.Errorf("no task for step %s", s.Name)
			continue
		}
		slices.Sort(deps)
		if !slices.Equal(deps, s.Needs) {
			t.Errorf("task %s depends on %v, the step needs %v", s.Name, deps, s.Needs)
		}
	}
}

// TestExportResumeAndRefusal exports a notebook whose second step fails while a file
// says so: the flow stops naming the step, and --resume from it, once the file is
// gone, runs it and what follows without running the first step again. A cell whose
// magic line matters is refused, naming the cell.
func TestExportResumeAndRefusal(t *testing.T) {
	needClients(t)
	work := t.TempDir()
	nb := filepath.Join(work, "resume.ipynb")
	writeNotebook(t, nb,
		"// step: load\nimport \"os\"\ntotals := []float64{1, 2, 3}\nloaded := len(totals)",
		"// step: scale\nif _, err := os.Stat(\"fail-here\"); err == nil {\n\tpanic(\"told to fail\")\n}\nscaled := make([]float64, len(totals))\nfor i, x := range totals { scaled[i] = 10 * x }",
		"// step: sum\nsum := 0.0\nfor _, x := range scaled { sum += x }\nsum",
	)
	dir := filepath.Join(work, "flow")
	if out, err := exportNotebook(t, nb, dir); err != nil {
		t.Fatalf("gokernel export: %v\n%s", err, out)
	}
	bin := buildFlow(t, dir)
	env := append(slices.Clone(kernelEnv), "FLOW_STORE="+filepath.Join(work, "store"))
	if err := os.WriteFile(filepath.Join(work, "fail-here"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	out, status := runIn(t, work, env, bin)
	if status != 1 || !strings.Contains(out, "step scale failed") || strings.Contains(out, "step sum started") {
		t.Fatalf("a failing step: exit %d\n%s", status, out)
	}
	os.Remove(filepath.Join(work, "fail-here"))
	out, status = runIn(t, work, env, bin, "--resume", "scale", "--verify")
	if status != 0 || strings.Contains(out, "step load started") || !strings.Contains(out, "step sum done") {
		t.Fatalf("--resume scale: exit %d\n%s", status, out)
	}
	if !strings.Contains(out, "60") {
		t.Errorf("the resumed flow does not show the sum 60:\n%s", out)
	}

	bad := filepath.Join(work, "magic.ipynb")
	writeNotebook(t, bad,
		"%env SCALE=3\nx := 2",
		"y := x * 2",
	)
	out, err := exportNotebook(t, bad, filepath.Join(work, "bad-flow"))
	if err == nil || !strings.Contains(out, "cell 1") || !strings.Contains(out, "%env SCALE=3") {
		t.Fatalf("exporting a cell with a magic line that matters: %v\n%s", err, out)
	}
}
