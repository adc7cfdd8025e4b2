package tests

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/jupyterclient"
)

// The fault-injection suite: each fault is done to a live kernel (the installed binary,
// real sockets, a real worker), and afterwards the kernel must answer the next request
// with the session's variables back. GOKERNEL_FAULT_TRIALS repeats every fault (the
// report run does it three times).

// faultState is the session every fault case starts from and must find again: a
// variable, a value of a cell type, and a function.
const faultState = `type Point struct{ X, Y int }
x := 41
pts := []Point{{1, 2}, {3, 4}}
func norm1(p Point) int { return p.X + p.Y }`

// faultCheck reads the state back; faultWant is what it must give.
const (
	faultCheck = "x + norm1(pts[1])"
	faultWant  = "48"
)

// faultKernel is a live kernel and what its log said.
type faultKernel struct {
	*jupyterclient.Kernel
	log *syncBuffer
}

// syncBuffer is a bytes.Buffer safe to write from the process's output copier and
// read from the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startFaultKernel starts the test kernel binary with extra environment.
func startFaultKernel(t *testing.T, env ...string) *faultKernel {
	t.Helper()
	log := &syncBuffer{}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	k, err := jupyterclient.Start(ctx, jupyterclient.Options{
		Binary: filepath.Join(binDir, "gokernel"),
		Env:    append(append([]string{}, kernelEnv...), env...),
		Stderr: log,
	})
	if err != nil {
		t.Fatalf("start kernel: %v", err)
	}
	t.Cleanup(func() {
		k.Close()
		if t.Failed() {
			t.Logf("kernel log:\n%s", clipLog(log.String()))
		}
	})
	return &faultKernel{k, log}
}

func clipLog(s string) string {
	if len(s) > 20000 {
		return s[:10000] + "\n...\n" + s[len(s)-10000:]
	}
	return s
}

// run executes code, failing the test if the kernel does not answer in time.
func (k *faultKernel) run(t *testing.T, code string, timeout time.Duration) *jupyterclient.Result {
	t.Helper()
	r, err := k.Execute(context.Background(), code, timeout)
	if err != nil {
		t.Fatalf("%q: %v", firstLine(code), err)
	}
	return r
}

// mustRun executes code that must succeed.
func (k *faultKernel) mustRun(t *testing.T, code string) *jupyterclient.Result {
	t.Helper()
	r := k.run(t, code, time.Minute)
	if r.Reply.Status != "ok" {
		t.Fatalf("%q: %s", firstLine(code), r.Describe())
	}
	return r
}

// stateBack reports whether the next request is answered with the session's state.
func (k *faultKernel) stateBack(t *testing.T) bool {
	t.Helper()
	r, err := k.Execute(context.Background(), faultCheck, time.Minute)
	if err != nil {
		t.Errorf("after the fault, the kernel did not answer: %v", err)
		return false
	}
	if r.Reply.Status != "ok" || r.Value() != faultWant {
		t.Errorf("after the fault, %s gave %s; want %s", faultCheck, r.Describe(), faultWant)
		return false
	}
	return true
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// worker returns the pid of the kernel's live worker, waiting for one to run.
func (k *faultKernel) worker(t *testing.T) int {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if pid, err := k.WorkerPID(); err == nil {
			return pid
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the kernel has no live worker")
	return 0
}

// after runs f after d on its own goroutine, as a person or another process would
// act while the cell runs.
func after(d time.Duration, f func()) {
	go func() {
		time.Sleep(d)
		f()
	}()
}

func faultTrials() int {
	if n, err := strconv.Atoi(os.Getenv("GOKERNEL_FAULT_TRIALS")); err == nil && n > 0 {
		return n
	}
	return 1
}

// faultCase is one fault done to the kernel while (or before) a cell runs.
type faultCase struct {
	name string // what the report calls it
	code string // the cell that runs while the fault happens
	// act, when set, is done to the kernel or its worker while the cell runs.
	act func(t *testing.T, k *faultKernel)
	// check looks at the cell's result; it reports what the kernel did.
	check func(t *testing.T, r *jupyterclient.Result) (string, bool)
	// timeout bounds the cell (default a minute).
	timeout time.Duration
}

// wantError checks that the cell ended with ename and an evalue containing what.
func wantError(ename, what string) func(t *testing.T, r *jupyterclient.Result) (string, bool) {
	return func(t *testing.T, r *jupyterclient.Result) (string, bool) {
		t.Helper()
		if r.Reply.Status != "error" || r.Reply.EName != ename || !strings.Contains(r.Reply.EValue, what) {
			t.Errorf("got %s; want %s containing %q", r.Describe(), ename, what)
			return r.Describe(), false
		}
		return ename + ": " + r.Reply.EValue, true
	}
}

// interruptAfter sends interrupt_request on control after d.
func interruptAfter(d time.Duration) func(t *testing.T, k *faultKernel) {
	return func(t *testing.T, k *faultKernel) {
		after(d, func() {
			if err := k.Interrupt(context.Background()); err != nil {
				t.Errorf("interrupt: %v", err)
			}
		})
	}
}

// signalWorkerAfter sends sig to the worker after d.
func signalWorkerAfter(d time.Duration, sig syscall.Signal) func(t *testing.T, k *faultKernel) {
	return func(t *testing.T, k *faultKernel) {
		pid := k.worker(t)
		after(d, func() { syscall.Kill(pid, sig) })
	}
}

// TestFaults does each fault to a live kernel (in which the worker may use at most
// 2 GB) and checks that the cell says what happened and the next request finds the
// session's variables.
func TestFaults(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("finding the worker needs Linux's /proc")
	}
	cases := []faultCase{
		{name: "a panic in a goroutine",
			code:  "go func() { panic(\"boom in a goroutine\") }()\ntime.Sleep(10 * time.Second)",
			check: wantError("WorkerDied", "panic: boom in a goroutine")},
		{name: "os.Exit(3)", code: "import \"os\"\nos.Exit(3)",
			check: wantError("WorkerDied", "os.Exit(3)")},
		{name: "runaway recursion (stack overflow)",
			code:  "func down(n int) int { return down(n+1) + 1 }\ndown(0)",
			check: wantError("WorkerDied", "stack overflow"), timeout: 2 * time.Minute},
		{name: "a deadlock on a channel, interrupted", code: "ch := make(chan int)\n<-ch",
			act: interruptAfter(time.Second), check: wantError("Interrupted", "interrupted")},
		{name: "a deadlock on a sync.Mutex, interrupted", code: "var mu sync.Mutex\nmu.Lock()\nmu.Lock()",
			act: interruptAfter(time.Second), check: wantError("Interrupted", "worker was restarted")},
		{name: "select {} with no cases, interrupted", code: "select {}",
			act: interruptAfter(time.Second), check: wantError("Interrupted", "interrupted")},
		{name: "time.Sleep(time.Hour), interrupted", code: "time.Sleep(time.Hour)",
			act: interruptAfter(time.Second), check: wantError("Interrupted", "")},
		{name: "a read from a pipe nobody writes, interrupted",
			code: "import \"os\"\nr, w, _ := os.Pipe()\ndefer w.Close()\nbuf := make([]byte, 1)\nr.Read(buf)",
			act:  interruptAfter(time.Second), check: wantError("Interrupted", "")},
		{name: "a busy loop, interrupted", code: "n := 0\nfor {\n\tn++\n}",
			act: interruptAfter(time.Second), check: wantError("Interrupted", "")},
		{name: "SIGKILL of the worker during a cell", code: "time.Sleep(30 * time.Second)",
			act: signalWorkerAfter(time.Second, syscall.SIGKILL), check: wantError("WorkerDied", "killed")},
		{name: "allocating 1 TB (make([]byte, 1<<40))", code: "b := make([]byte, 1<<40)\nb[0] = 1",
			check: wantError("WorkerDied", "ran out of memory")},
		{name: "a slice growing without end",
			code:  "var grown []byte\nchunk := make([]byte, 1<<20)\nfor {\n\tgrown = append(grown, chunk...)\n}",
			check: wantError("WorkerDied", "ran out of memory"), timeout: 2 * time.Minute},
		{name: "printing 1 GB",
			code: "import \"strings\"\nline := strings.Repeat(\"x\", 1<<20-1)\nfor i := 0; i < 1024; i++ {\n\tfmt.Println(line)\n}\n\"printed\"",
			check: func(t *testing.T, r *jupyterclient.Result) (string, bool) {
				out := len(r.Stream("stdout"))
				ok := r.Reply.Status == "ok" && r.Value() == `"printed"` && out < 16<<20 &&
					strings.Count(r.Stream("stderr"), "output rate exceeded") == 1
				if !ok {
					t.Errorf("got status %s, value %q, %d bytes of stdout, stderr %q", r.Reply.Status, r.Value(), out, clipLog(r.Stream("stderr")))
				}
				return "the cell finished in " + r.Elapsed.Round(100*time.Millisecond).String() + "; " +
					strconv.Itoa(out>>10) + " KiB of its 1 GiB reached the front end, with one notice", ok
			}, timeout: 5 * time.Minute},
		{name: "a 100,000-element trailing value", code: "make([]int, 100000)",
			check: func(t *testing.T, r *jupyterclient.Result) (string, bool) {
				v := r.Value()
				ok := r.Reply.Status == "ok" && len(v) < 20000 && strings.HasPrefix(v, "[0 0 0")
				if !ok {
					t.Errorf("got status %s and a value of %d bytes", r.Reply.Status, len(v))
				}
				return "shown in " + strconv.Itoa(len(v)) + " bytes", ok
			}},
	}
	k := startFaultKernel(t, "GOKERNEL_MEMORY_LIMIT=2GB")
	k.mustRun(t, faultState)
	trials := faultTrials()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tc := newTrials(t, "fault", c.name)
			for range trials {
				if c.act != nil {
					c.act(t, k)
				}
				timeout := c.timeout
				if timeout == 0 {
					timeout = time.Minute
				}
				r := k.run(t, c.code, timeout)
				what, ok := c.check(t, r)
				back := k.stateBack(t)
				tc.Trial(ok && back)
				if back {
					what += "; the next cell found the session's variables"
				}
				tc.Outcome(what)
			}
		})
	}
}

// TestFaultSIGKILLBetweenCells kills the worker while no cell runs: the next cell
// runs in a new worker with the variables back, and says so.
func TestFaultSIGKILLBetweenCells(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("finding the worker needs Linux's /proc")
	}
	k := startFaultKernel(t)
	k.mustRun(t, faultState)
	tc := newTrials(t, "fault", "SIGKILL of the worker between cells")
	for range faultTrials() {
		// The snapshot after a cell is written once its reply is out: a cell run
		// after it is what a person does before the worker is killed.
		k.mustRun(t, "x")
		pid := k.worker(t)
		syscall.Kill(pid, syscall.SIGKILL)
		for !jupyterclient.Gone(pid) {
			time.Sleep(10 * time.Millisecond)
		}
		r := k.run(t, faultCheck, time.Minute)
		said := strings.Contains(r.Stream("stderr"), "Restored")
		ok := r.Reply.Status == "ok" && r.Value() == faultWant && said
		if !ok {
			t.Errorf("after the worker was killed, %s gave %s", faultCheck, r.Describe())
		}
		tc.Trial(ok)
		tc.Outcome("the next cell ran in a new worker, said what was restored, and found the variables")
	}
}

// TestFaultSIGSTOP stops the worker from outside, during a cell and between cells: the
// running cell says the worker is stopped, and an interrupt continues the worker and
// ends the cell.
func TestFaultSIGSTOP(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("finding the worker needs Linux's /proc")
	}
	k := startFaultKernel(t)
	k.mustRun(t, faultState)
	for _, c := range []struct {
		name, code string
		during     bool
	}{
		{"SIGSTOP of the worker during a cell", "time.Sleep(3 * time.Second)\nx", true},
		{"SIGSTOP of the worker between cells", "x", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tc := newTrials(t, "fault", c.name)
			for range faultTrials() {
				pid := k.worker(t)
				if c.during {
					after(500*time.Millisecond, func() { syscall.Kill(pid, syscall.SIGSTOP) })
				} else {
					syscall.Kill(pid, syscall.SIGSTOP)
				}
				t.Cleanup(func() { syscall.Kill(pid, syscall.SIGCONT) })
				id, err := k.Send(jupyterclient.Shell, "execute_request", map[string]any{"code": c.code, "silent": false})
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				// The note comes while the cell waits; the interrupt follows it.
				noted := false
				var outputs []string
				for deadline := time.Now().Add(20 * time.Second); !noted && time.Now().Before(deadline); {
					m, err := k.NextIOPub(time.Until(deadline))
					if err != nil {
						break
					}
					if jupyterclient.ParentID(m) == id && m.Header.MsgType == "stream" {
						outputs = append(outputs, string(m.Content))
						noted = strings.Contains(string(m.Content), "is stopped by a signal")
					}
				}
				if !noted {
					t.Errorf("no note that the worker is stopped; the cell's streams: %q", outputs)
				}
				if err := k.Interrupt(context.Background()); err != nil {
					t.Fatal(err)
				}
				r, err := k.Collect(context.Background(), id, start, time.Minute)
				if err != nil {
					t.Fatalf("after the interrupt: %v", err)
				}
				// Continued, the worker either ends the cell as interrupted or had
				// finished it by the time the interrupt arrived.
				ended := r.Reply.Status == "ok" || r.Reply.EName == "Interrupted"
				if !ended {
					t.Errorf("the cell ended with %s", r.Describe())
				}
				back := k.stateBack(t)
				tc.Trial(noted && ended && back)
				tc.Outcome("the cell said the worker was stopped; the interrupt continued it and ended the cell (" +
					r.Reply.Status + "); the next cell found the variables")
			}
		})
	}
}

// TestFaultKernelOutputClosed closes the pipes the kernel's own stdout and stderr go
// to, as a front end that went away does, with the kernel logging at debug level so
// that it writes to them on every request: it must keep serving.
func TestFaultKernelOutputClosed(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	k, err := jupyterclient.Start(ctx, jupyterclient.Options{
		Binary: filepath.Join(binDir, "gokernel"),
		Env:    append(append([]string{}, kernelEnv...), "GOKERNEL_LOG=debug"),
		Stdout: w, Stderr: w,
	})
	w.Close()
	if err != nil {
		r.Close()
		t.Fatal(err)
	}
	defer k.Close()
	fk := &faultKernel{k, &syncBuffer{}}
	tc := newTrials(t, "fault", "the kernel's stdout and stderr closed")
	fk.mustRun(t, faultState)
	r.Close()
	for range faultTrials() {
		ok := fk.stateBack(t)
		// A crash of the worker is logged too: the kernel must survive that write.
		res := fk.run(t, "import \"os\"\nos.Exit(1)", time.Minute)
		ok = ok && res.Reply.EName == "WorkerDied" && fk.stateBack(t)
		select {
		case <-k.Exited():
			t.Fatalf("the kernel exited: %v", k.ExitErr())
		default:
		}
		tc.Trial(ok)
	}
	tc.Outcome("the kernel went on serving, through a worker crash it logs, with its log writes failing")
}

// mountTmpfs mounts a tmpfs of size bytes at a new directory, read-only if asked, and
// unmounts it at cleanup. Mounting needs privileges: without them the test skips,
// saying so.
func mountTmpfs(t *testing.T, size int, readOnly bool) string {
	t.Helper()
	dir := t.TempDir()
	opts := "size=" + strconv.Itoa(size) + ",mode=0700"
	if readOnly {
		opts += ",ro"
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, opts); err != nil {
		t.Skipf("cannot mount a tmpfs to stand for a full or read-only disk (%v); run as root to try this fault", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// TestFaultStoreUnwritable runs a session whose store is on a disk that fills up, and
// one whose store is on a read-only disk: cells go on working, and the kernel says
// once what stopped being recorded.
func TestFaultStoreUnwritable(t *testing.T) {
	// 4 MiB of random floats do not compress, so they do not fit in the 2 MiB left.
	const fill = "import \"math/rand/v2\"\nbig := make([]float64, 1<<19)\nfor i := range big {\n\tbig[i] = rand.Float64()\n}\nlen(big)"
	for _, c := range []struct {
		name     string
		readOnly bool
	}{
		{"a full disk under the store", false},
		{"a read-only disk under the store", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if runtime.GOOS != "linux" {
				t.Skip("the disk is a Linux tmpfs")
			}
			// The disk holds 6 MiB, 4 of them taken by a file that is not the store's,
			// so that freeing room later is deleting that file, as a person would: the
			// chunks a failed snapshot did store stay until the store is collected.
			disk := mountTmpfs(t, 6<<20, c.readOnly)
			filler := filepath.Join(disk, "other-data")
			if !c.readOnly {
				if err := os.WriteFile(filler, make([]byte, 4<<20), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			k := startFaultKernel(t, "GOKERNEL_STORE="+filepath.Join(disk, "store"))
			tc := newTrials(t, "fault", c.name)
			var said []string
			notices := func(r *jupyterclient.Result) {
				for _, line := range strings.Split(r.Stream("stderr"), "\n") {
					if strings.HasPrefix(line, "gokernel: ") {
						said = append(said, line)
					}
				}
			}
			notices(k.mustRun(t, faultState))
			for range 3 * faultTrials() {
				r := k.mustRun(t, fill)
				notices(r)
				ok := r.Value() == "524288"
				notices(k.mustRun(t, "x += 0"))
				back := k.mustRun(t, faultCheck)
				notices(back)
				tc.Trial(ok && back.Value() == faultWant)
			}
			select {
			case <-k.Exited():
				t.Fatalf("the kernel exited: %v", k.ExitErr())
			default:
			}
			t.Logf("notices:\n%s", strings.Join(said, "\n"))
			// Once for the execution log or snapshots, never again after.
			if len(said) == 0 || len(said) > 2 {
				t.Errorf("the kernel said %d notices, want one for each of the log and the snapshots:\n%s", len(said), strings.Join(said, "\n"))
			}
			for _, n := range said {
				if !strings.Contains(n, "keeps working") {
					t.Errorf("a notice does not say the kernel keeps working: %s", n)
				}
			}
			// The notices' first words say what stopped (the paths after are the test's).
			var stopped []string
			for _, n := range said {
				stopped = append(stopped, strings.SplitN(n, " (", 2)[0])
			}
			tc.Outcome("every cell ran; the kernel said once what stopped being recorded (\"" + strings.Join(stopped, "\"; \"") + "\")")
			if !c.readOnly {
				// With room again, snapshots are written again, and the kernel says so.
				said = nil
				if err := os.Remove(filler); err != nil {
					t.Fatal(err)
				}
				k.mustRun(t, "big = nil")
				// The snapshot is reported after the reply, so the notice may come with
				// the cell after the next.
				for i := 0; i < 5 && len(said) == 0; i++ {
					notices(k.mustRun(t, faultCheck))
				}
				if len(said) != 1 || !strings.Contains(said[0], "snapshots are written again") {
					t.Errorf("once the disk had room, the kernel said %q", said)
				}
				tc.Outcome(tc.Record().Outcome + "; with room again, it said \"" + strings.Join(said, " ") + "\"")
			}
		})
	}
}
