package tests

import (
	"context"
	"io"
	"log/slog"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/kernel"
)

var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// TestGoroutinePanicReport runs cells whose goroutine panics in a real worker process:
// the worker dies, as the Go program would, and the cell's error says Go's message and
// the cell's line, with none of the interpreter's own frames.
func TestGoroutinePanicReport(t *testing.T) {
	bin := filepath.Join(binDir, "gokernel")
	sup := kernel.NewSupervisor(func() *exec.Cmd { return exec.Command(bin, "worker") },
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer sup.Close()
	cases := []struct {
		name, code string
		// value is what the error's value must end with, frame the traceback line of
		// the goroutine's innermost frame.
		value, frame string
	}{
		{"panic call", "import \"time\"\nfmt.Println(\"before\")\ngo func() {\n\tpanic(\"boom in goroutine\")\n}()\ntime.Sleep(5 * time.Second)",
			"panic: boom in goroutine", "cell.func1 at line 4:2"},
		{"runtime error", "import \"time\"\nxs := []int{1, 2, 3}\ngo func(i int) {\n\tfmt.Println(xs[i])\n}(5)\ntime.Sleep(5 * time.Second)",
			"panic: runtime error: index out of range", "cell.func1 at line 4:14"},
		{"in a declared function", "import \"time\"\n\nfunc work(m map[string]int) {\n\tm[\"k\"] = 1\n}\n\nvar m map[string]int\ngo work(m)\ntime.Sleep(5 * time.Second)",
			"panic: assignment to entry in nil map", "main.work at line 4:2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := &recordingOutput{}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: c.code}, out)
			if err != nil {
				t.Fatal(err)
			}
			e := reply.Error
			if e == nil {
				t.Fatalf("the cell succeeded; output %q", out.text())
			}
			tb := ansi.ReplaceAllString(strings.Join(e.Traceback, "\n"), "")
			report := "evalue: " + e.Value + "\ntraceback:\n" + tb + "\noutput:\n" + out.text()
			if e.Name != "WorkerDied" || !strings.HasSuffix(e.Value, c.value) {
				t.Errorf("got %s: %s, want WorkerDied ending in %q\n%s", e.Name, e.Value, c.value, report)
			}
			if !strings.Contains(tb, "  "+c.frame+"\n") {
				t.Errorf("traceback has no frame %q\n%s", c.frame, report)
			}
			for _, internal := range []string{"github.com/traefik/yaegi", "goroutine ", "reflect:", "[recovered"} {
				if strings.Contains(report, internal) {
					t.Errorf("the error or the output shows the interpreter (%q)\n%s", internal, report)
				}
			}
			// The worker was replaced: the next cell runs.
			reply, err = sup.Execute(ctx, workerproto.ExecuteRequest{Code: "1 + 1"}, &recordingOutput{})
			if err != nil || reply.Error != nil {
				t.Fatalf("the next cell: %v %+v", err, reply.Error)
			}
		})
	}
}

// TestStderrNotHeldBack checks that a cell's own stderr lines that look like the start
// of a crash report reach the cell when the worker lives on.
func TestStderrNotHeldBack(t *testing.T) {
	bin := filepath.Join(binDir, "gokernel")
	sup := kernel.NewSupervisor(func() *exec.Cmd { return exec.Command(bin, "worker") },
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer sup.Close()
	out := &recordingOutput{}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code := "import \"os\"\nfmt.Fprintln(os.Stderr, \"panic: not really\")\nfmt.Fprintln(os.Stderr, \"\")\nfmt.Fprintln(os.Stderr, \"goroutine 1 [running]:\")\nfmt.Fprint(os.Stderr, \"panic: \")"
	reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: code}, out)
	if err != nil || reply.Error != nil {
		t.Fatalf("%v %+v", err, reply.Error)
	}
	want := "panic: not really\n\ngoroutine 1 [running]:\npanic: "
	deadline := time.Now().Add(5 * time.Second)
	for out.text() != want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := out.text(); got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
}

// TestGoroutinePanicAfterCell checks a goroutine that panics after its cell finished:
// the next cell is told, with Go's message and the line, and runs in a new worker.
func TestGoroutinePanicAfterCell(t *testing.T) {
	bin := filepath.Join(binDir, "gokernel")
	sup := kernel.NewSupervisor(func() *exec.Cmd { return exec.Command(bin, "worker") },
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer sup.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code := "import \"time\"\ngo func() {\n\ttime.Sleep(200 * time.Millisecond)\n\tpanic(42)\n}()"
	first := &recordingOutput{}
	if reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: code}, first); err != nil || reply.Error != nil {
		t.Fatalf("%v %+v", err, reply.Error)
	}
	time.Sleep(time.Second)
	next := &recordingOutput{}
	reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: "1 + 1"}, next)
	if err != nil || reply.Error != nil {
		t.Fatalf("the next cell: %v %+v", err, reply.Error)
	}
	got := ansi.ReplaceAllString(next.text(), "")
	for _, want := range []string{"The worker process died after the previous cell had finished: panic: (int value not shown", "  cell.func1 at line 4:2\n", "All variables were lost"} {
		if !strings.Contains(got, want) {
			t.Errorf("the next cell's output has no %q:\n%s", want, got)
		}
	}
	for _, internal := range []string{"github.com/traefik/yaegi", "<int Value>", "goroutine "} {
		if strings.Contains(got+first.text(), internal) {
			t.Errorf("the output shows the interpreter (%q):\n%s\n%s", internal, first.text(), got)
		}
	}
}
