package tests

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// python is the interpreter that has Debian's Jupyter packages.
const python = "/usr/bin/python3"

var (
	// kernelEnv is the environment in which Jupyter clients find the test kernelspec.
	kernelEnv []string
	// missingClients says why the Jupyter clients cannot run, or is empty.
	missingClients string
	binDir         string
)

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tests setup:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	tmp, err := os.MkdirTemp("", "gokernel-tests-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	binDir = filepath.Join(tmp, "bin")
	exe := filepath.Join(binDir, "gokernel")
	build := exec.Command("go", "build", "-o", exe, "../cmd/gokernel")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return 0, fmt.Errorf("build gokernel: %w", err)
	}
	prefix := filepath.Join(tmp, "prefix")
	install := exec.Command(exe, "install", "--prefix", prefix)
	if out, err := install.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("gokernel install: %v\n%s", err, out)
	}
	dataDir := filepath.Join(tmp, "data")
	kernelEnv = append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
		// History and runtime files go to the temporary tree, not the user's own.
		"JUPYTER_DATA_DIR="+dataDir,
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"),
		// The lineage store too, unless a test names its own.
		"GOKERNEL_STORE="+filepath.Join(tmp, "store"),
		"JUPYTER_PLATFORM_DIRS=1",
		"PYDEVD_DISABLE_FILE_VALIDATION=1",
		"PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"),
	)
	missingClients = checkClients()
	return m.Run(), nil
}

// checkClients reports what of the Jupyter tooling is missing.
func checkClients() string {
	if _, err := os.Stat(python); err != nil {
		return python + " not found"
	}
	cmd := exec.Command(python, "-c", "import jupyter_client, jupyter_kernel_test, nbconvert, nbformat")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "Jupyter clients missing: " + strings.TrimSpace(string(out))
	}
	return ""
}

// needClients skips the test on a machine without Jupyter's clients, but fails it in
// CI, where their absence means .ci/run is broken.
func needClients(t *testing.T) {
	t.Helper()
	if missingClients == "" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (install: apt-get install -y jupyter-client python3-jupyter-kernel-test jupyter-nbconvert)", missingClients)
	}
	t.Skipf("%s; install Debian's jupyter-client python3-jupyter-kernel-test jupyter-nbconvert", missingClients)
}

// runPythonOutput runs a Python unittest module from tests/python against the kernel
// and returns its report.
func runPythonOutput(t *testing.T, module string) string {
	t.Helper()
	needClients(t)
	// Reading the scripts lets go test's cache see them: a changed script reruns.
	for _, f := range []string{module + ".py", "gokernel_testing.py"} {
		if _, err := os.ReadFile(filepath.Join("python", f)); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(python, "-m", "unittest", "-v", module)
	cmd.Dir = "python"
	cmd.Env = kernelEnv
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("%s failed: %v", module, err)
	}
	return string(out)
}
