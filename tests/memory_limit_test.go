package tests

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/kernel"
	"github.com/gokernel/gokernel/lineage"
)

// The cells that run out of memory: one allocation far beyond any limit, and a slice
// that grows without end (a megabyte at a time, so the interpreter gets there fast).
var outOfMemoryCells = []struct{ name, code string }{
	{"one huge allocation", "b := make([]byte, 1<<40)\nb[0] = 1"},
	{"a slice growing without end", "var grown []byte\nchunk := make([]byte, 1<<20)\nfor {\n\tgrown = append(grown, chunk...)\n}"},
}

func needLinux(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the hard memory limit (RLIMIT_DATA) is Linux's")
	}
}

// checkOutOfMemory checks that a cell's reply says the worker ran out of memory under
// the limit, naming the limit and how to raise it, and shows none of the runtime's
// crash report.
func checkOutOfMemory(t *testing.T, reply workerproto.ExecuteReply, output, limit string) {
	t.Helper()
	e := reply.Error
	if e == nil {
		t.Fatalf("the cell succeeded; output %q", output)
	}
	tb := ansi.ReplaceAllString(strings.Join(e.Traceback, "\n"), "")
	report := e.Name + ": " + e.Value + "\ntraceback:\n" + tb + "\noutput:\n" + output
	t.Logf("the cell's error:\n%s", report)
	for _, want := range []string{"ran out of memory", "limited to " + limit, kernel.MemoryLimitEnv, "--memory-limit"} {
		if !strings.Contains(e.Value, want) {
			t.Errorf("the error does not say %q\n%s", want, report)
		}
	}
	for _, internal := range []string{"goroutine ", "runtime stack:", "runtime.", "fatal error"} {
		if strings.Contains(tb+output, internal) {
			t.Errorf("the cell shows the runtime's crash report (%q)\n%s", internal, report)
		}
	}
}

// runTwo checks that the kernel keeps serving: 1 + 1 runs and gives 2.
func runTwo(ctx context.Context, t *testing.T, sup *kernel.Supervisor) {
	t.Helper()
	out := &recordingOutput{}
	reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: "1 + 1"}, out)
	if err != nil || reply.Error != nil {
		t.Fatalf("the next cell: %v %+v\n%s", err, reply.Error, out.text())
	}
	if got := reply.Result.Data["text/plain"]; got != "2" {
		t.Fatalf("1 + 1 gave %v", got)
	}
}

// TestMemoryLimitOutOfMemory runs cells that exhaust a 1 GB limit, set as kernel.json's
// "env" would (GOKERNEL_MEMORY_LIMIT), in a real worker: each ends with an error that
// says so, and the next cell runs in a new worker.
func TestMemoryLimitOutOfMemory(t *testing.T) {
	needLinux(t)
	t.Setenv(kernel.MemoryLimitEnv, "1GB")
	bin := filepath.Join(binDir, "gokernel")
	sup := kernel.NewSupervisor(func() *exec.Cmd { return exec.Command(bin, "worker") },
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer sup.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The limit leaves room for ordinary work.
	runTwo(ctx, t, sup)
	status := &recordingOutput{}
	if reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: "import \"os\"\nst, _ := os.ReadFile(\"/proc/self/status\")\nfmt.Print(string(st))"}, status); err != nil || reply.Error != nil {
		t.Fatalf("%v %+v", err, reply.Error)
	}
	for _, line := range strings.Split(status.text(), "\n") {
		if strings.HasPrefix(line, "VmData") || strings.HasPrefix(line, "VmSize") || strings.HasPrefix(line, "VmRSS") {
			t.Logf("idle worker: %s", line)
		}
	}
	if reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: "small := make([]byte, 100<<20)\nlen(small)"}, &recordingOutput{}); err != nil || reply.Error != nil {
		t.Fatalf("a 100 MB allocation under a 1 GB limit: %v %+v", err, reply.Error)
	}
	for _, c := range outOfMemoryCells {
		t.Run(c.name, func(t *testing.T) {
			out := &recordingOutput{}
			reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: c.code}, out)
			if err != nil {
				t.Fatal(err)
			}
			checkOutOfMemory(t, reply, out.text(), "1 GB")
			runTwo(ctx, t, sup)
		})
	}
}

// TestMemoryLimitKeepsSession checks that a variable defined before the worker ran out
// of memory comes back from the last snapshot in the next worker. The test stands in
// for the kernel, which restores the newest snapshot the same way.
func TestMemoryLimitKeepsSession(t *testing.T) {
	needLinux(t)
	dir := t.TempDir()
	if _, err := lineage.OpenStore(dir); err != nil {
		t.Fatal(err)
	}
	spec := &workerproto.SnapshotSpec{Dir: dir, Session: "memory-limit-test"}
	bin := filepath.Join(binDir, "gokernel")
	sup := kernel.NewSupervisor(func() *exec.Cmd { return exec.Command(bin, "worker") },
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer sup.Close()
	sup.SetMemoryLimit(512 << 20)
	var mu sync.Mutex
	var manifest string
	sup.SetStateHandlers(func(d workerproto.SnapshotDone) {
		mu.Lock()
		defer mu.Unlock()
		if d.Manifest != "" {
			manifest = d.Manifest
		}
	}, func(ctx context.Context, out kernel.Output) string {
		mu.Lock()
		m := manifest
		mu.Unlock()
		reply, err := sup.Restore(ctx, workerproto.RestoreRequest{SnapshotSpec: *spec, Manifest: m}, out)
		if err != nil || reply.Error != "" {
			return "restore failed: " + reply.Error
		}
		return "restored " + strings.Join(reply.Restored, ", ")
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: "kept := 41", ExecutionID: "kept", Snapshot: spec}, &recordingOutput{}); err != nil || reply.Error != nil {
		t.Fatalf("%v %+v", err, reply.Error)
	}
	if err := sup.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	out := &recordingOutput{}
	reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: outOfMemoryCells[1].code, ExecutionID: "grow", Snapshot: spec}, out)
	if err != nil {
		t.Fatal(err)
	}
	checkOutOfMemory(t, reply, out.text(), "537 MB")
	if tb := strings.Join(reply.Error.Traceback, "\n"); !strings.Contains(tb, "restored kept") {
		t.Errorf("the session was not restored:\n%s", tb)
	}
	reply, err = sup.Execute(ctx, workerproto.ExecuteRequest{Code: "kept + 1"}, &recordingOutput{})
	if err != nil || reply.Error != nil {
		t.Fatalf("after the restore: %v %+v", err, reply.Error)
	}
	if got := reply.Result.Data["text/plain"]; got != "42" {
		t.Errorf("kept + 1 gave %v, want 42", got)
	}
}

// TestMemoryLimitParse checks how a limit is read: sizes as people type them, 0 for
// none, the flag before the environment before the default.
func TestMemoryLimitParse(t *testing.T) {
	for in, want := range map[string]int64{
		"8GB": 8e9, "500MB": 500e6, "1.5GiB": 3 << 29, "750 MiB": 750 << 20,
		"0": 0, "none": 0, "off": 0, "2000000000": 2e9,
	} {
		got, err := kernel.ParseMemoryLimit(in)
		if err != nil || got != want {
			t.Errorf("ParseMemoryLimit(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1GB", "lots", "8 GX", "512", "1MB"} {
		if n, err := kernel.ParseMemoryLimit(in); err == nil {
			t.Errorf("ParseMemoryLimit(%q) = %d, want an error", in, n)
		} else if !strings.HasPrefix(err.Error(), "memory limit") {
			t.Errorf("ParseMemoryLimit(%q): error %q does not say what it is about", in, err)
		}
	}

	t.Setenv(kernel.MemoryLimitEnv, "2GB")
	if n, err := kernel.ResolveMemoryLimit("3GB"); err != nil || n != 3e9 {
		t.Errorf("the flag: %d, %v; want 3e9", n, err)
	}
	if n, err := kernel.ResolveMemoryLimit(""); err != nil || n != 2e9 {
		t.Errorf("the environment: %d, %v; want 2e9", n, err)
	}
	t.Setenv(kernel.MemoryLimitEnv, "2 parsecs")
	if _, err := kernel.ResolveMemoryLimit(""); err == nil || !strings.Contains(err.Error(), kernel.MemoryLimitEnv) {
		t.Errorf("a bad environment value: %v, want an error naming %s", err, kernel.MemoryLimitEnv)
	}
	t.Setenv(kernel.MemoryLimitEnv, "")
	n, err := kernel.ResolveMemoryLimit("")
	if err != nil || n != kernel.DefaultMemoryLimit() {
		t.Errorf("no flag nor environment: %d, %v; want the default %d", n, err, kernel.DefaultMemoryLimit())
	}

	if runtime.GOOS != "linux" {
		return
	}
	// The default is at most 75% of the machine's memory (less in a cgroup with a
	// lower limit), and not a trifle.
	total := memTotal(t)
	if def := kernel.DefaultMemoryLimit(); def <= 0 || def > total*3/4+1 || def < 64<<20 {
		t.Errorf("DefaultMemoryLimit() = %d, MemTotal %d", def, total)
	}
}

func memTotal(t *testing.T) int64 {
	t.Helper()
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no MemTotal in /proc/meminfo")
	return 0
}
