package tests

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/kernel"
)

// TestInterruptStopsLibraryCallsAndKeepsTheSession interrupts cells busy in long
// compiled mllib calls, or blocked in a select, through the kernel's worker supervisor and a real worker
// process: the same interrupt message and the same grace period as a Jupyter
// interrupt_request. Each cell must come back as interrupted by the worker itself,
// not by a restart after the grace period ("All variables were lost"), and the
// session must keep its variables.
func TestInterruptStopsLibraryCallsAndKeepsTheSession(t *testing.T) {
	sup := kernel.NewSupervisor(func() *exec.Cmd {
		return exec.Command(filepath.Join(binDir, "gokernel"), "worker")
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer sup.Close()
	execute := func(code string) (workerproto.ExecuteReply, *recordingOutput) {
		t.Helper()
		out := &recordingOutput{}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: code}, out)
		if err != nil {
			t.Fatalf("execute %q: %v", code, err)
		}
		return reply, out
	}
	// The same cell sets up the interrupt tests of the session and of the worker
	// process: data big enough that every call below runs for minutes.
	setupSrc, err := os.ReadFile(filepath.Join("..", "interp", "testdata", "mllib_interrupt_setup.cell"))
	if err != nil {
		t.Fatal(err)
	}
	setup := string(setupSrc)
	if reply, out := execute(setup); reply.Error != nil {
		t.Fatalf("setup: %+v\n%s", reply.Error, out.text())
	}
	for _, tc := range []struct{ name, code string }{
		// Each runs for minutes when nothing stops it.
		{"als.Fit", `model, fitErr := als.Fit(context.Background(), syn.Matrix, als.Options{Factors: 128, Iterations: 2000})`},
		{"metrics.Evaluate", `report, evalErr := metrics.Evaluate(context.Background(), metrics.NewPopularity(wide), wide, wide, 10)`},
		{"ann.Forest.Build", `forest, _ := ann.NewForest(ann.ForestConfig{Dim: 8, Metric: vec.Cosine, Trees: 100000, LeafSize: 2})
for i := 0; i < 2000; i++ {
	v, _ := small.ItemFactors(i)
	forest.Add(uint64(i), v)
}
forest.Build()`},
		// A select waits in the session's select helper (prepare's
		// selectsOntoReflect), not in the interpreter.
		{"select", `wait := func(c chan int) int {
	select {
	case v := <-c:
		return v
	}
}
got := wait(make(chan int))`},
	} {
		// After a failure the session is likely gone, and with it the later cases' data.
		if !t.Run(tc.name, func(t *testing.T) {
			interruptedAt := make(chan time.Time, 1)
			timer := time.AfterFunc(500*time.Millisecond, func() {
				interruptedAt <- time.Now()
				sup.Interrupt()
			})
			defer timer.Stop()
			reply, out := execute(tc.code)
			if reply.Error == nil {
				t.Fatalf("the cell finished without error; want it interrupted\n%s", out.text())
			}
			if !reply.Interrupted || strings.Contains(out.text(), "All variables were lost") {
				t.Fatalf("the worker did not stop the cell itself: %s: %s\n%s", reply.Error.Name, reply.Error.Value, out.text())
			}
			t.Logf("the reply came %v after the interrupt", time.Since(<-interruptedAt))
			reply, out = execute("kept")
			if reply.Result == nil || reply.Result.Data["text/plain"] != "7" {
				t.Fatalf("kept after the interrupt: %+v %+v\n%s", reply.Result, reply.Error, out.text())
			}
		}) {
			break
		}
	}
}
