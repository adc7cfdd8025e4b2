package tests

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gokernel/gokernel/replay"
)

// writeNotebook writes a notebook of code cells for the gokernel kernel.
func writeNotebook(t *testing.T, path string, cells ...string) {
	t.Helper()
	type cell struct {
		ID             string         `json:"id"`
		CellType       string         `json:"cell_type"`
		Metadata       map[string]any `json:"metadata"`
		Source         string         `json:"source"`
		Outputs        []any          `json:"outputs"`
		ExecutionCount *int           `json:"execution_count"`
	}
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": "gokernel", "display_name": "Go", "language": "go"}},
	}
	var cs []cell
	for i, src := range cells {
		cs = append(cs, cell{ID: "cell-" + string(rune('a'+i)), CellType: "code", Metadata: map[string]any{}, Source: src, Outputs: []any{}})
	}
	nb["cells"] = cs
	data, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// executeNotebook runs a notebook in place with nbconvert, as CI and papermill users
// do, with the store in store.
func executeNotebook(t *testing.T, path, store string) {
	t.Helper()
	cmd := exec.Command(python, "-m", "nbconvert", "--to", "notebook", "--execute", "--inplace",
		"--ExecutePreprocessor.timeout=600", path)
	cmd.Dir = filepath.Dir(path)
	cmd.Env = append(slices.Clone(kernelEnv), "GOKERNEL_STORE="+store)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert --execute %s: %v\n%s", path, err, out)
	}
}

// runReplay runs gokernel replay --json with args and returns its report and exit status.
func runReplay(t *testing.T, dir, store string, args ...string) (*replay.Report, int) {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, "gokernel"), append([]string{"replay", "--json"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(slices.Clone(kernelEnv), "GOKERNEL_STORE="+store)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var r replay.Report
	if jerr := json.Unmarshal(out, &r); jerr != nil {
		t.Fatalf("gokernel replay %v (exit %d): %v\nstdout: %s\nstderr: %s", args, code, jerr, out, stderr.String())
	}
	// The progress line goes to stderr, one per step.
	if !strings.Contains(stderr.String(), "replay: 1/") {
		t.Errorf("no progress on stderr: %q", stderr.String())
	}
	return &r, code
}

func cellStatus(r *replay.Report) []string {
	var out []string
	for _, c := range r.Cells {
		out = append(out, c.Status)
	}
	return out
}

func findCell(r *replay.Report, cell int) replay.CellReport {
	for _, c := range r.Cells {
		if c.Cell == cell {
			return c
		}
	}
	return replay.CellReport{}
}

// TestReplay records a notebook through the real kernel (nbconvert --execute), then
// replays it: everything reproduces, with the seeded math/rand; a changed input file is
// named as the cause of the divergence it makes; a cell storing the time diverges, by
// name; --twice catches the same without a store; --cells compares saved outputs.
func TestReplay(t *testing.T) {
	needClients(t)
	dir := t.TempDir()
	store := filepath.Join(dir, "store")
	data := filepath.Join(dir, "plays.csv")
	if err := os.WriteFile(data, []byte("user,item,count\n1,2,3\n4,5,6\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	nb := filepath.Join(dir, "rec.ipynb")
	writeNotebook(t, nb,
		"import (\n\t\"encoding/csv\"\n\t\"fmt\"\n\t\"math/rand\"\n\t\"os\"\n)",
		"f, _ := os.Open(\"plays.csv\")\nrows, _ := csv.NewReader(f).ReadAll()\nf.Close()\nlen(rows)",
		"xs := make([]float64, 1000)\nfor i := range xs { xs[i] = rand.NormFloat64() }\nfmt.Printf(\"%.6f\\n\", xs[0])",
		"%seed 7",
		"total := 0.0\nfor _, x := range xs { total += x }\ntotal += rand.Float64()\ntotal",
	)
	executeNotebook(t, nb, store)

	t.Run("reproduces", func(t *testing.T) {
		r, code := runReplay(t, dir, store, nb)
		if code != 0 || r.Mode != replay.ModeRecorded || !slices.Equal(cellStatus(r), []string{"reproduced", "reproduced", "reproduced", "reproduced"}) {
			t.Fatalf("exit %d, mode %s, cells %v (the %%seed cell is not an execution); report %+v", code, r.Mode, cellStatus(r), r)
		}
		// Top to bottom against the saved outputs, %seed taken into account.
		r, code = runReplay(t, dir, store, "--cells", nb)
		if code != 0 || !slices.Equal(cellStatus(r), []string{"reproduced", "reproduced", "reproduced", "skipped", "reproduced"}) {
			t.Fatalf("--cells: exit %d, cells %v; report %+v", code, cellStatus(r), r)
		}
	})

	t.Run("changed input", func(t *testing.T) {
		if err := os.WriteFile(data, []byte("user,item,count\n1,2,3\n4,5,6\n7,8,9\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.WriteFile(data, []byte("user,item,count\n1,2,3\n4,5,6\n"), 0o600)
		r, code := runReplay(t, dir, store, nb)
		c := findCell(r, 2)
		if code != 1 || c.Status != replay.StatusDiverged || len(c.Inputs) != 1 || c.Inputs[0].Path != data ||
			!strings.Contains(c.Reason, data) {
			t.Fatalf("exit %d, cell 2 %+v", code, c)
		}
		names := []string{}
		for _, d := range c.Diverged {
			names = append(names, d.Name)
		}
		if !slices.Contains(names, "rows") || !slices.Contains(names, replay.NameOutput) {
			t.Errorf("diverged names %v, want rows and the output", names)
		}
		if !strings.Contains(c.Summary, "rows") || !strings.Contains(c.Summary, `"3"`) || !strings.Contains(c.Summary, `"4"`) {
			t.Errorf("summary does not show the change:\n%s", c.Summary)
		}
		if other := findCell(r, 3); other.Status != replay.StatusReproduced {
			t.Errorf("cell 3 does not read the file and should reproduce: %+v", other)
		}
	})

	t.Run("nondeterminism", func(t *testing.T) {
		nd := filepath.Join(dir, "clock.ipynb")
		writeNotebook(t, nd,
			"import \"time\"",
			"stamp := time.Now().UnixNano()",
			"n := 2 * 21",
		)
		ndStore := filepath.Join(dir, "clock-store")
		executeNotebook(t, nd, ndStore)
		r, code := runReplay(t, dir, ndStore, nd)
		c := findCell(r, 2)
		if code != 1 || c.Status != replay.StatusDiverged || len(c.Diverged) != 1 || c.Diverged[0].Name != "stamp" ||
			!strings.Contains(c.Reason, "not deterministic") {
			t.Fatalf("exit %d, cell 2 %+v", code, c)
		}
		if findCell(r, 3).Status != replay.StatusReproduced {
			t.Errorf("cell 3: %+v", findCell(r, 3))
		}
		// Without a store, --twice finds the same.
		r, code = runReplay(t, dir, filepath.Join(dir, "no-store"), "--twice", nd)
		c = findCell(r, 2)
		if code != 1 || r.Mode != replay.ModeTwice || c.Status != replay.StatusDiverged || c.Diverged[0].Name != "stamp" {
			t.Fatalf("--twice: exit %d, mode %s, cell 2 %+v", code, r.Mode, c)
		}
		if !strings.Contains(c.Summary, "stamp") {
			t.Errorf("--twice summary does not name stamp:\n%s", c.Summary)
		}
		// Marked volatile, the stamp may differ, and so may what is computed from it;
		// the rest is still compared.
		marked := filepath.Join(dir, "marked.ipynb")
		writeNotebook(t, marked,
			"import \"time\"",
			"//gokernel:volatile stamp // the time of the run\nstamp := time.Now().UnixNano()",
			"late := stamp % 1000",
			"n := 2 * 21",
		)
		markedStore := filepath.Join(dir, "marked-store")
		executeNotebook(t, marked, markedStore)
		r, code = runReplay(t, dir, markedStore, marked)
		if code != 0 || !slices.Equal(cellStatus(r), []string{"reproduced", "volatile", "volatile", "reproduced"}) ||
			!strings.Contains(findCell(r, 3).Reason, "follows from stamp") {
			t.Fatalf("volatile: exit %d, cells %v; report %+v", code, cellStatus(r), r)
		}
	})

	t.Run("usage", func(t *testing.T) {
		cmd := exec.Command(filepath.Join(binDir, "gokernel"), "replay", filepath.Join(dir, "missing.ipynb"))
		cmd.Env = kernelEnv
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "missing.ipynb") {
			t.Errorf("replay of a missing notebook: %v\n%s", err, out)
		}
		bad := filepath.Join(dir, "bad.ipynb")
		os.WriteFile(bad, []byte(`{"cells": 3}`), 0o600)
		cmd = exec.Command(filepath.Join(binDir, "gokernel"), "replay", bad)
		cmd.Env = kernelEnv
		out, err = cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "not a notebook") {
			t.Errorf("replay of a malformed notebook: %v\n%s", err, out)
		}
	})
}
