package tests

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/jupyterclient"
)

// parentDeadline is how long a kernel and its worker may outlive their frontend. The
// kernel polls once a second and gives the worker a second to stop; the rest is
// slack for a loaded machine.
const parentDeadline = 15 * time.Second

// TestParentGoneEndsKernel starts `gokernel kernel` as jupyter_client would, with
// JPY_PARENT_PID naming its frontend, makes that frontend die without a
// shutdown_request, and checks that the kernel exits with status 0 and its worker
// is gone too.
func TestParentGoneEndsKernel(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("finding the worker needs Linux's /proc")
	}
	bin := filepath.Join(binDir, "gokernel")

	// JPY_PARENT_PID names a process that is not the kernel's parent (a launcher in
	// between): the kernel must notice that process exiting.
	t.Run("named process exits", func(t *testing.T) {
		tc := newTrials(t, "fault", "the front end named by JPY_PARENT_PID exits")
		defer tc.Trial(true) // a failure counts against it at cleanup
		tc.Outcome("the kernel exited with status 0 and took its worker with it")
		conn := writeIPCConnectionFile(t)
		frontend := exec.Command("sleep", "600")
		if err := frontend.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { frontend.Process.Kill(); frontend.Wait() })
		var logs bytes.Buffer
		k := exec.Command(bin, "kernel", "-f", conn)
		k.Env = append(append([]string{}, kernelEnv...), "JPY_PARENT_PID="+strconv.Itoa(frontend.Process.Pid))
		k.Stdout, k.Stderr = &logs, &logs
		if err := k.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- k.Wait() }()
		t.Cleanup(func() { k.Process.Kill(); <-exited })
		worker := waitForWorker(t, k.Process.Pid)

		frontend.Process.Kill()
		frontend.Wait()

		select {
		case err := <-exited:
			exited <- err // for the cleanup
			if err != nil {
				t.Errorf("the kernel exited with %v, want status 0\n%s", err, logs.String())
			}
		case <-time.After(parentDeadline):
			t.Fatalf("the kernel still runs %v after its frontend died\n%s", parentDeadline, logs.String())
		}
		waitGone(t, worker, "the worker")
	})

	// The frontend is the kernel's own parent and is killed: the kernel is
	// re-parented and the frontend's pid vanishes.
	t.Run("parent killed", func(t *testing.T) {
		tc := newTrials(t, "fault", "the front end that started the kernel killed (SIGKILL)")
		defer tc.Trial(true) // a failure counts against it at cleanup
		tc.Outcome("the kernel exited with status 0 and took its worker with it")
		conn := writeIPCConnectionFile(t)
		logPath := filepath.Join(t.TempDir(), "kernel.log")
		logFile, err := os.Create(logPath)
		if err != nil {
			t.Fatal(err)
		}
		defer logFile.Close()
		// The shell is the frontend: it starts the kernel in the background, says its
		// pid, and waits, as jupyter_client's process waits on its kernel.
		parent := exec.Command("sh", "-c", `JPY_PARENT_PID=$$ "$0" kernel -f "$1" & echo $!; wait`, bin, conn)
		parent.Env = kernelEnv
		parent.Stderr = logFile
		out, err := parent.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := parent.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { parent.Process.Kill(); parent.Wait() })
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil {
			t.Fatalf("reading the kernel's pid: %v", err)
		}
		kernelPid, err := strconv.Atoi(strings.TrimSpace(line))
		if err != nil {
			t.Fatalf("kernel pid %q: %v", line, err)
		}
		// If the kernel outlives the test, it must not outlive the test run.
		t.Cleanup(func() { syscall.Kill(kernelPid, syscall.SIGKILL) })
		worker := waitForWorker(t, kernelPid)

		parent.Process.Kill()
		parent.Wait()

		waitGone(t, kernelPid, "the kernel")
		waitGone(t, worker, "the worker")
		if t.Failed() {
			logs, _ := os.ReadFile(logPath)
			t.Logf("kernel log:\n%s", logs)
		}
	})
}

// writeIPCConnectionFile writes a connection file whose sockets are ipc files in a
// temporary folder, so that no TCP port can be taken by another test.
func writeIPCConnectionFile(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := json.Marshal(map[string]any{
		"transport": "ipc", "ip": filepath.Join(dir, "kernel"),
		"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
		"signature_scheme": "hmac-sha256", "key": "parent-test-key", "kernel_name": "gokernel",
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "kernel.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitForWorker returns the pid of the kernel's child, its worker. The kernel starts
// it once its sockets are bound, after it has begun watching its parent.
func waitForWorker(t *testing.T, kernelPid int) int {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if worker, err := jupyterclient.WorkerPID(kernelPid); err == nil {
			// Should the kernel die before us after all, the worker must not stay.
			t.Cleanup(func() { syscall.Kill(worker, syscall.SIGKILL) })
			return worker
		}
		if jupyterclient.Gone(kernelPid) {
			t.Fatalf("the kernel (pid %d) exited before starting its worker", kernelPid)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the kernel (pid %d) started no worker within a minute", kernelPid)
	return 0
}

// waitGone fails the test unless pid is gone within parentDeadline.
func waitGone(t *testing.T, pid int, what string) {
	t.Helper()
	deadline := time.Now().Add(parentDeadline)
	for !jupyterclient.Gone(pid) {
		if time.Now().After(deadline) {
			t.Errorf("%s (pid %d) still runs %v after the frontend died", what, pid, parentDeadline)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
