package main

// Every measurement runs in a child process of its own: the parent runs its
// own binary again, with childArg and a job, for each workload, contender and
// round (and for each contender's run of the incremental case). In one
// process, a contender paid for the garbage of the one before it and for the
// runtime returning that one's memory to the system in the background:
// storing 1 GiB again after a small change took 35 ms when it came first in a
// round, 170-230 ms right after gob's run. And the process's peak memory was
// the greediest contender's, whoever was measured.
//
// A child builds its workload's data from the fixed seeds (not timed),
// measures, and writes its measurements as one JSON line on its stdout; when
// it fails, it writes the error on its stderr and exits with status 1, and
// the parent stops, with that error. Its files go to a folder the parent made
// for it under the parent's own, which the parent removes when the child is
// done, and with everything else when it is interrupted.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gokernel/gokernel/internal/procmem"
	"github.com/gokernel/gokernel/snapshot"
)

// childArg, as the binary's first argument, makes it a child; the second is
// the job, in JSON. It is not a flag of package flag, so that -help does not
// show it: only the parent uses it.
const childArg = "-child"

// A job is what the parent asks of a child.
type job struct {
	Workload  string  `json:"workload"`           // "a", "b", "c", or incrementalKey
	Contender string  `json:"contender"`          // a contender's name
	Round     int     `json:"round"`              // the parent's round (run, for the incremental case): tells children apart in ps
	Scale     float64 `json:"scale,omitempty"`    // -scale, for workloads a, b and c
	IncrMiB   int     `json:"incr_mib,omitempty"` // -incr-mib, for the incremental case
	Rounds    int     `json:"rounds,omitempty"`   // how many rounds an incremental child runs
	Dir       string  `json:"dir"`                // an empty folder for the child's files
}

// A measurement is what a child of workload a, b or c reports: one store,
// restore and check of the value by one contender.
type measurement struct {
	Payload int64 `json:"payload"` // bytes of the value's data, as the workload counts them
	Store   cost  `json:"store"`
	Stored  int64 `json:"stored"` // bytes of the files the store left in the folder
	Restore cost  `json:"restore"`
	// PeakRSS is the child's highest resident memory while storing,
	// restoring and checking, the value itself included (VmHWM, in bytes;
	// 0 if unknown). PeakReset says whether it was reset after the value
	// was built; if not, it is the peak since the child started.
	PeakRSS   int64 `json:"peak_rss"`
	PeakReset bool  `json:"peak_reset"`
	// Encode is snapshot.Encode of the value alone, to io.Discard: the
	// walk's share of the snapshot's store. The snapshot's child only.
	Encode cost `json:"encode,omitzero"`
}

// A cost is what running something took: wall time, and the process's CPU
// time, which other work on a shared machine disturbs less. In JSON, both are
// nanoseconds.
type cost struct {
	Wall time.Duration `json:"wall_ns"`
	CPU  time.Duration `json:"cpu_ns"`
}

var errInterrupted = errors.New("interrupted")

// runChild runs j in a child process, in a new folder under root which it
// removes afterwards, and returns the report the child wrote, decoded into
// an R. When ctx ends (the parent was interrupted), the child is killed and
// runChild returns errInterrupted once it has exited, so that the caller
// removes root after the child can no longer write into it.
func runChild[R any](ctx context.Context, root string, j job) (R, error) {
	var report R
	exe, err := os.Executable()
	if err != nil {
		return report, err
	}
	dir, err := os.MkdirTemp(root, j.Workload+"-")
	if err != nil {
		return report, err
	}
	defer os.RemoveAll(dir)
	j.Dir = dir
	arg, err := json.Marshal(j)
	if err != nil {
		return report, err
	}
	cmd := exec.CommandContext(ctx, exe, childArg, string(arg))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		return report, errInterrupted
	}
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return report, fmt.Errorf("%s (child: %v)", msg, err)
		}
		return report, fmt.Errorf("child: %v", err)
	}
	os.Stderr.Write(stderr.Bytes()) // nothing, unless something in the child warns
	out := strings.TrimSpace(stdout.String())
	line := out[strings.LastIndexByte(out, '\n')+1:]
	if err := json.Unmarshal([]byte(line), &report); err != nil {
		return report, fmt.Errorf("the child's report %q: %v", line, err)
	}
	return report, nil
}

// childMain is the child: it runs the job arg describes and writes its
// report on stdout as one line of JSON, or its error on stderr, then exits
// with status 1.
func childMain(arg string) {
	var j job
	var report any
	err := json.Unmarshal([]byte(arg), &j)
	if err == nil {
		if j.Workload == incrementalKey {
			report, err = incrementalChild(j)
		} else {
			report, err = measureChild(j)
		}
	}
	if err == nil {
		err = json.NewEncoder(os.Stdout).Encode(report)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// measureChild builds the value of one of workloads a, b and c and measures
// one store, restore and check of it by one contender.
func measureChild(j job) (*measurement, error) {
	ws := workloads(j.Scale)
	i := slices.IndexFunc(ws, func(w *workload) bool { return w.key == j.Workload })
	if i < 0 {
		return nil, fmt.Errorf("no workload %q", j.Workload)
	}
	w := ws[i]
	cs := contenders(true)
	k := slices.IndexFunc(cs, func(c contender) bool { return c.name == j.Contender })
	if k < 0 {
		return nil, fmt.Errorf("no contender %q", j.Contender)
	}
	w.generate()
	// From here on, the peak is the measurement's (and the value's), not
	// that of building the value.
	reset := procmem.ResetPeakRSS()
	m, err := measureOnce(j.Dir, cs[k], w)
	if err != nil {
		return nil, err
	}
	m.PeakRSS, m.PeakReset = peakRSS(), reset
	if cs[k].name == snapshotName {
		// After the store and the restore, so that the store is not spared
		// building what the walk needs for the value's types. The restore
		// left the restored value and its encoding as garbage, which
		// the runtime would return to the system in the background while
		// Encode runs: FreeOSMemory returns it first (Encode to io.Discard
		// allocates next to nothing, so it has no memory to fault in).
		debug.FreeOSMemory()
		m.Encode, err = timed(func() error { return snapshot.Encode(io.Discard, reflect.ValueOf(w.value)) })
	}
	return m, err
}

// measureOnce stores w with c in the empty folder dir, restores it and
// checks the restored value.
func measureOnce(dir string, c contender, w *workload) (*measurement, error) {
	var restore func() (any, error)
	saved, err := timed(func() (err error) { restore, err = c.save(dir, w); return err })
	if err != nil {
		return nil, err
	}
	size, _, err := diskUsage(dir)
	if err != nil {
		return nil, err
	}
	var v any
	restored, err := timed(func() (err error) { v, err = restore(); return err })
	if err != nil {
		return nil, err
	}
	if err := w.check(v); err != nil {
		return nil, err
	}
	return &measurement{Payload: w.size, Store: saved, Stored: size, Restore: restored}, nil
}

// timed runs f after a collection and returns what it took.
func timed(f func() error) (cost, error) {
	// A step does not pay for the garbage of the steps before it in the
	// child (building the value, a store before a restore), nor for writing
	// back files: on ext4 an fsync commits the journal, which first writes
	// every dirty page of the file system (the removal of the last child's
	// folder, and whatever else runs on the machine). The runtime still
	// returns the freed memory to the system in the background, on the
	// process's CPU; debug.FreeOSMemory here would instead make the step
	// fault its memory in afresh, slower still on this VM.
	runtime.GC()
	syncFileSystems()
	cpu0, t0 := cpuTime(), time.Now()
	err := f()
	return cost{time.Since(t0), cpuTime() - cpu0}, err
}

// diskUsage returns the total size of the files under dir and their number.
func diskUsage(dir string) (size, files int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		size += info.Size()
		files++
		return nil
	})
	return size, files, err
}

// peakRSS returns the process's peak resident memory in bytes, or 0 when it is
// unknown.
func peakRSS() int64 {
	b, _ := procmem.PeakRSS()
	return b
}
