package tests

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"testing"
)

// TestConformance runs jupyter_kernel_test's KernelTests with every sample gokernel
// supports filled in; none of them may be skipped.
func TestConformance(t *testing.T) {
	out := runPythonOutput(t, "test_conformance")
	if m := regexp.MustCompile(`skipped=(\d+)`).FindStringSubmatch(out); m != nil {
		t.Errorf("conformance suite skipped %s tests; every sample the kernel supports must run", m[1])
	}
}

// TestKernelBehaviour covers the worker process, interrupts, crashes, stdin, history,
// stop_on_error and bad input through jupyter_client.
func TestKernelBehaviour(t *testing.T) {
	runPythonOutput(t, "test_kernel_behaviour")
}

// TestKernelspecListed checks that Jupyter itself finds what `gokernel install` wrote.
func TestKernelspecListed(t *testing.T) {
	needClients(t)
	cmd := exec.Command(python, "-m", "jupyter_client.kernelspecapp", "list", "--json")
	cmd.Env = kernelEnv
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("jupyter kernelspec list: %v", err)
	}
	var listing struct {
		Kernelspecs map[string]struct {
			Spec struct {
				Language    string `json:"language"`
				DisplayName string `json:"display_name"`
			} `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &listing); err != nil {
		t.Fatal(err)
	}
	ks, ok := listing.Kernelspecs["gokernel"]
	if !ok || ks.Spec.Language != "go" || ks.Spec.DisplayName != "Go (gokernel)" {
		t.Errorf("gokernel not listed as expected: %s", out)
	}
}

// TestDisplayMessages executes the display notebook with nbclient and checks the
// messages a saved notebook does not keep: update_display_data and clear_output.
func TestDisplayMessages(t *testing.T) {
	runPythonOutput(t, "test_display_notebook")
}

// TestGoCells covers the Go-language features of cells through the real kernel.
func TestGoCells(t *testing.T) {
	runPythonOutput(t, "test_go_cells")
}

// TestLineage covers the execution log through the real kernel: stale cells after an
// edit, %stale, %slice in a fresh kernel, the log across a restart and a crash, and a
// store that cannot be written.
func TestLineage(t *testing.T) {
	runPythonOutput(t, "test_lineage")
}

// TestSnapshots covers snapshots through the real kernel: variables back after a
// goroutine's panic, os.Exit and SIGKILL of the worker, %checkout, %diff, %restore in
// a new kernel, %snapshot off and on, and a damaged store.
func TestSnapshots(t *testing.T) {
	runPythonOutput(t, "test_snapshots")
}
