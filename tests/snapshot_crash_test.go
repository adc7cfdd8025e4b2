package tests

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/kernel"
	"github.com/gokernel/gokernel/lineage"
	"github.com/gokernel/gokernel/snapshot"
)

// TestSnapshotCrashSafety kills a real worker with SIGKILL at random moments while it
// writes the snapshot of the cell it just ran (the reply has gone out, the values are
// being compressed and written), 100 times. After every kill the store must verify
// clean, and its newest snapshot must restore, in a new worker, to values that hash
// exactly as the execution that wrote it reported them: bit for bit.
func TestSnapshotCrashSafety(t *testing.T) {
	trials := 100
	if testing.Short() {
		trials = 20
	}
	// Each trial writes to a store of its own, so that verifying it reads a few
	// snapshots, not all of the test's.
	openStore := func() (*snapshot.Store, *workerproto.SnapshotSpec) {
		t.Helper()
		dir := t.TempDir()
		if _, err := lineage.OpenStore(dir); err != nil {
			t.Fatal(err)
		}
		st, err := snapshot.OpenStore(dir)
		if err != nil {
			t.Fatal(err)
		}
		return st, &workerproto.SnapshotSpec{Dir: dir, Session: "crash-test"}
	}
	_, spec := openStore() // the calibration's; each trial opens its own
	var st *snapshot.Store
	bin := filepath.Join(binDir, "gokernel")
	sup := kernel.NewSupervisor(func() *exec.Cmd { return exec.Command(bin, "worker") },
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer sup.Close()
	var mu sync.Mutex
	var lastWrite time.Duration
	sup.SetStateHandlers(func(d workerproto.SnapshotDone) {
		mu.Lock()
		defer mu.Unlock()
		if d.Error == "" && d.WriteMillis > 0 && strings.HasPrefix(d.Execution, "state-") {
			lastWrite = time.Duration(d.WriteMillis * float64(time.Millisecond))
		}
	}, nil)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	// state is the hash of each variable of the worker's session, as the executions
	// reported them; stateAfter the same after each execution, by its id.
	state := map[string]string{}
	stateAfter := map[string]map[string]string{}
	restart := func(restored map[string]string) {
		t.Helper()
		if err := sup.Restart(); err != nil {
			t.Fatal(err)
		}
		state = maps.Clone(restored)
		if state == nil {
			state = map[string]string{}
		}
	}
	run := func(id, code string) workerproto.ExecuteReply {
		t.Helper()
		out := &recordingOutput{}
		reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: code, ExecutionID: id, Snapshot: spec}, out)
		if err != nil {
			t.Fatal(err)
		}
		if reply.Error != nil && reply.Error.Name != "WorkerDied" {
			t.Fatalf("cell %q: %s: %s\n%s", code, reply.Error.Name, reply.Error.Value, out.text())
		}
		if reply.Lineage != nil {
			maps.Copy(state, reply.Lineage.Hashes)
			stateAfter[id] = maps.Clone(state)
		}
		return reply
	}
	// complete counts the trials whose newest snapshot held the whole state.
	var killedEarly, killedLate, complete int
	stateCell := func(trial int) string {
		return fmt.Sprintf(`import (
	crand "crypto/rand"
	"gonum.org/v1/gonum/floats"
)
noise := make([]byte, %d)
crand.Read(noise)
series := floats.Span(make([]float64, %d), 0, %d)
counts := map[string]int{"trial": %d, "noise": len(noise)}`, 1<<20+rng.IntN(1<<20), 1<<18+rng.IntN(1<<16), trial, trial)
	}
	// How long writing the state takes, unhurried: the kills land around it.
	run("state-calibration", stateCell(-1))
	if err := sup.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	restart(nil)
	mu.Lock()
	t.Logf("writing the state's snapshot took %v", lastWrite)
	mu.Unlock()
	for trial := range trials {
		st, spec = openStore()
		// A new worker: its pid, then a state of a few MB, random bytes (which
		// compress poorly, so writing takes a while) and a float64 series.
		reply := run(fmt.Sprintf("pid-%d", trial), "os.Getpid()")
		pid, err := strconv.Atoi(strings.TrimSpace(reply.Result.Data["text/plain"].(string)))
		if err != nil {
			t.Fatalf("pid: %v", reply.Result.Data)
		}
		id := fmt.Sprintf("state-%d", trial)
		run(id, stateCell(trial))
		mu.Lock()
		window := lastWrite
		mu.Unlock()
		delay := time.Duration(rng.Int64N(int64(window * 3)))
		time.Sleep(delay)
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		if delay < window {
			killedEarly++
		} else {
			killedLate++
		}

		if problems := st.Verify(); len(problems) > 0 {
			t.Fatalf("trial %d (killed %v after the reply): store verify: %v", trial, delay, problems)
		}
		manifests, err := st.Manifests()
		if err != nil {
			t.Fatal(err)
		}
		if len(manifests) == 0 {
			continue // killed before the first snapshot was committed
		}
		newest := manifests[len(manifests)-1]
		want, ok := stateAfter[newest.Execution]
		if !ok {
			t.Fatalf("trial %d: the newest snapshot names execution %q, which never ran", trial, newest.Execution)
		}
		restart(want)
		restored, err := sup.Restore(ctx, workerproto.RestoreRequest{SnapshotSpec: *spec, Manifest: newest.ID}, &recordingOutput{})
		if err != nil || restored.Error != "" || len(restored.Lost) > 0 {
			t.Fatalf("trial %d: restoring %s: %v %+v", trial, newest.ID, err, restored)
		}
		// Copies of the restored values report their hashes: they must be those the
		// execution that made the snapshot reported.
		if len(newest.Vars) > 0 {
			var copies, names []string
			for name := range newest.Vars {
				copies, names = append(copies, name+"Copy"), append(names, name)
			}
			check := run(fmt.Sprintf("check-%d", trial), strings.Join(copies, ", ")+" := "+strings.Join(names, ", "))
			for _, name := range names {
				if got := check.Lineage.Hashes[name+"Copy"]; got == "" || got != want[name] {
					t.Fatalf("trial %d: %s restored from %s hashes %s, the execution reported %s", trial, name, newest.ID, got, want[name])
				}
			}
			if len(names) == 3 {
				complete++
			}
		}
		// The next trial starts from a new worker, without the copies.
		restart(nil)
	}
	t.Logf("%d trials: %d kills within the last write's duration after the reply, %d after; %d restored the whole state",
		trials, killedEarly, killedLate, complete)
}
