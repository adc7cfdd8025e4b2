package tests

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// chromium is Debian's chromium package, which tests/browser/run.mjs drives.
const chromium = "/usr/bin/chromium"

// TestBrowser runs the example notebooks in the classic Notebook web UI (Debian's
// jupyter-notebook) in headless Chromium, driven by tests/browser/run.mjs with
// playwright-core: Cell → Run All, then checks in the page that every cell ran, images
// and plots rendered, tables and progress bars are there and nothing shows an error,
// and that the toolbar's interrupt button stops a busy cell and keeps the session.
// Screenshots go to $GOKERNEL_SCREENSHOT_DIR, or to a new temporary directory.
func TestBrowser(t *testing.T) {
	needBrowser(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)

	// Reading the inputs lets go test's cache see them: a changed one reruns.
	for _, f := range []string{"browser/run.mjs", "browser/notebooks.json", "browser/package-lock.json"} {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	nbDir := t.TempDir()
	notebooks, err := filepath.Glob("../examples/notebooks/*.ipynb")
	if err != nil || len(notebooks) == 0 {
		t.Fatalf("no example notebooks found: %v", err)
	}
	for _, nb := range notebooks {
		data, err := os.ReadFile(nb)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(nbDir, filepath.Base(nb)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shotDir := os.Getenv("GOKERNEL_SCREENSHOT_DIR")
	if shotDir == "" {
		if shotDir, err = os.MkdirTemp("", "gokernel-screenshots-"); err != nil {
			t.Fatal(err)
		}
	}

	url, token := startNotebookServer(t, ctx, nbDir)

	node := exec.CommandContext(ctx, "node", "run.mjs")
	node.Dir = "browser"
	node.Env = append(os.Environ(),
		"NOTEBOOK_URL="+url,
		"NOTEBOOK_TOKEN="+token,
		"NOTEBOOK_DIR="+nbDir,
		"SCREENSHOT_DIR="+shotDir,
		"CHROMIUM="+chromium,
		"TIMEOUT_SECONDS=200",
	)
	out := &lineLogger{t: t, prefix: "browser: "}
	node.Stdout, node.Stderr = out, out
	node.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// On the timeout, SIGTERM lets Playwright close the browser; what is left of the
	// browser (a child of node in a process group of its own) when node has gone is
	// killed below.
	var browsers []int
	node.Cancel = func() error {
		browsers = childrenOf(node.Process.Pid)
		return syscall.Kill(-node.Process.Pid, syscall.SIGTERM)
	}
	node.WaitDelay = 10 * time.Second
	if err := node.Start(); err != nil {
		t.Fatal(err)
	}
	err = node.Wait()
	for _, pid := range browsers {
		if cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid)); strings.Contains(string(cmdline), "chrom") {
			t.Logf("killing the browser's process group %d", pid)
			syscall.Kill(-pid, syscall.SIGKILL)
		}
	}
	out.Flush()
	t.Logf("screenshots in %s", shotDir)
	if ctx.Err() != nil {
		t.Fatalf("the browser test did not finish within its timeout: %v", err)
	}
	if err != nil {
		t.Fatalf("the browser test failed (%v); see the FAIL lines above and the screenshots in %s", err, shotDir)
	}
}

// needBrowser skips the test on a machine without Chromium, the Notebook server or
// tests/browser's node_modules, but fails it in CI, where .ci/run installs them.
func needBrowser(t *testing.T) {
	t.Helper()
	var missing []string
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, chromium+" not found (apt-get install -y chromium)")
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing = append(missing, "node not found")
	}
	if _, err := os.Stat("browser/node_modules/playwright-core/package.json"); err != nil {
		missing = append(missing, "tests/browser/node_modules/playwright-core not found (cd tests/browser && npm ci)")
	}
	if out, err := exec.Command(python, "-c", "import notebook.notebookapp").CombinedOutput(); err != nil {
		missing = append(missing, fmt.Sprintf("the classic Notebook server is missing from %s (apt-get install -y jupyter-notebook): %s",
			python, lastLine(string(out))))
	}
	if len(missing) == 0 {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("cannot run the browser test: %s", strings.Join(missing, "; "))
	}
	t.Skipf("skipping the browser test: %s", strings.Join(missing, "; "))
}

// startNotebookServer starts Debian's classic Notebook server on a free port of
// 127.0.0.1 with a random token, serving dir with the test kernelspec, and returns its
// URL and token once it answers. The server is stopped when the test ends; its log is
// printed if the test failed.
func startNotebookServer(t *testing.T, ctx context.Context, dir string) (url, token string) {
	t.Helper()
	tok := make([]byte, 24)
	if _, err := rand.Read(tok); err != nil {
		t.Fatal(err)
	}
	token = hex.EncodeToString(tok)
	port := freePort(t)
	logFile, err := os.Create(filepath.Join(t.TempDir(), "notebook.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-m", "notebook",
		"--no-browser", "--allow-root",
		"--ip=127.0.0.1", "--port="+strconv.Itoa(port), "--NotebookApp.port_retries=0",
		"--NotebookApp.token="+token, "--notebook-dir="+dir,
	)
	cmd.Env = append(kernelEnv,
		"JUPYTER_CONFIG_DIR="+filepath.Join(t.TempDir(), "config"),
		"JUPYTER_CONFIG_PATH="+filepath.Join(t.TempDir(), "config-path"),
	)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		// SIGTERM makes the server shut its kernels down; then nothing of it may remain.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			t.Logf("the Notebook server did not exit within 10s of SIGTERM; killing it")
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		logFile.Close()
		if t.Failed() {
			data, _ := os.ReadFile(logFile.Name())
			t.Logf("Notebook server log:\n%s", data)
		}
	})
	url = fmt.Sprintf("http://127.0.0.1:%d/", port)
	deadline := time.Now().Add(60 * time.Second)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		resp, err := client.Get(url + "api/status?token=" + token)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url, token
			}
		}
		select {
		case <-exited:
			t.Fatalf("the Notebook server exited before it answered")
		case <-ctx.Done():
			t.Fatalf("the Notebook server did not answer: %v", ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Notebook server did not answer on %s within 60s: %v", url, err)
		}
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// childrenOf lists the processes whose parent is pid, from /proc.
func childrenOf(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	var kids []int
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The fields after the command, which is in parentheses: state ppid ...
		s := string(stat)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			kids = append(kids, p)
		}
	}
	return kids
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// lineLogger logs what is written to it line by line, as it comes.
type lineLogger struct {
	t      *testing.T
	prefix string
	buf    []byte
}

func (l *lineLogger) Write(p []byte) (int, error) {
	l.buf = append(l.buf, p...)
	for {
		i := strings.IndexByte(string(l.buf), '\n')
		if i < 0 {
			return len(p), nil
		}
		l.t.Log(l.prefix + string(l.buf[:i]))
		l.buf = l.buf[i+1:]
	}
}

// Flush logs a last line without a newline.
func (l *lineLogger) Flush() {
	if len(l.buf) > 0 {
		l.t.Log(l.prefix + string(l.buf))
		l.buf = nil
	}
}
