package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExampleNotebooks executes every notebook in examples/notebooks with
// `jupyter nbconvert --to notebook --execute`, as a user or CI would, and checks the
// executed outputs with check_notebook.py (no unexpected errors, images decode, SVG
// and HTML are well-formed, expected text, MIME types and tables are there), compares
// them with the outputs committed in the notebook with compare_notebook.py (stale
// outputs fail: examples/notebooks/regenerate renews them), then replays the recorded
// run with gokernel replay.
func TestExampleNotebooks(t *testing.T) {
	needClients(t)
	notebooks, err := filepath.Glob("../examples/notebooks/*.ipynb")
	if err != nil || len(notebooks) == 0 {
		t.Fatalf("no example notebooks found: %v", err)
	}
	outDir := t.TempDir()
	// Reading the inputs lets go test's cache see them: a changed notebook reruns.
	for _, f := range append(notebooks, "python/check_notebook.py", "python/compare_notebook.py") {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	env := notebookEnv()
	for _, nb := range notebooks {
		name := strings.TrimSuffix(filepath.Base(nb), ".ipynb")
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(python, "-m", "nbconvert", "--to", "notebook", "--execute",
				"--ExecutePreprocessor.timeout=600", "--output-dir", outDir, "--output", name, nb)
			cmd.Env = env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("nbconvert --execute %s: %v\n%s", nb, err, out)
			}
			executed := filepath.Join(outDir, name+".ipynb")
			if _, err := os.Stat(executed); err != nil {
				t.Fatal(err)
			}
			check := exec.Command(python, "python/check_notebook.py", executed)
			out, err := check.CombinedOutput()
			t.Logf("%s", out)
			if err != nil {
				t.Fatalf("outputs of %s: %v", nb, err)
			}
			// The committed outputs are the ones the notebook gives now.
			compare := exec.Command(python, "python/compare_notebook.py", nb, executed)
			if out, err := compare.CombinedOutput(); err != nil {
				t.Errorf("stale outputs: %v\n%s", err, out)
			} else {
				t.Logf("%s", out)
			}
			// The run just recorded reproduces: every value hash and text output.
			replayed := exec.Command(filepath.Join(binDir, "gokernel"), "replay", executed)
			replayed.Env = env
			out, err = replayed.Output()
			t.Logf("%s", out)
			if err != nil {
				t.Fatalf("gokernel replay %s: %v", executed, err)
			}
			if !strings.Contains(string(out), "the executions session") {
				t.Fatalf("gokernel replay did not find the recorded session of %s", executed)
			}
		})
	}
}

// notebookEnv is kernelEnv without what would make the notebooks' outputs depend on
// who runs the tests: the notebook seed, and recommendations.ipynb's data file. The
// committed outputs were made without them (examples/notebooks/regenerate).
func notebookEnv() []string {
	var env []string
	for _, kv := range kernelEnv {
		if name, _, _ := strings.Cut(kv, "="); name != "GOKERNEL_SEED" && name != "PLAYS_CSV" {
			env = append(env, kv)
		}
	}
	return env
}
