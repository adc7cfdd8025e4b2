// Package replay re-runs a notebook in a fresh worker and proves, or disproves, that its
// results come out the same: every value hash the execution log recorded and every
// text output. It runs the executions a session of the notebook recorded in its store,
// with the seeds they had (the lineage of the results); without a store, the code cells
// top to bottom against the outputs saved in the notebook; or, with Twice, the cells top
// to bottom twice, comparing the runs. For the first divergence it says which name
// differs and how (a %diff of the recorded snapshot and the replayed state), and names
// an input file that changed since the recording as the likely cause. The report says
// per cell reproduced, diverged, skipped or unchecked; `gokernel replay` prints it and
// exits 0 only when everything compared reproduced, so CI can gate on it.
package replay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/gokernel/gokernel/internal/nbformat"
	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/kernel"
	"github.com/gokernel/gokernel/lineage"
	"github.com/gokernel/gokernel/snapshot"
)

// Backend runs the replayed code: a worker supervisor (kernel.Supervisor), whose
// session starts empty.
type Backend interface {
	Execute(ctx context.Context, req workerproto.ExecuteRequest, out kernel.Output) (workerproto.ExecuteReply, error)
	Diff(ctx context.Context, req workerproto.DiffRequest) (workerproto.DiffReply, error)
	Settle(ctx context.Context) error
	SetStateHandlers(onSnapshot func(workerproto.SnapshotDone), recoverSession func(ctx context.Context, out kernel.Output) string)
	Close() error
}

// Options say what to replay and how.
type Options struct {
	// Notebook is the .ipynb file.
	Notebook string
	// StoreDir is the store holding its recorded lineage; "" for the store a kernel
	// started in the notebook's folder uses ($GOKERNEL_STORE, else .gokernel there).
	StoreDir string
	// Session replays that recorded session instead of the notebook's latest.
	Session string
	// Cells runs the code cells top to bottom even when a recorded session exists.
	Cells bool
	// Twice runs the code cells top to bottom twice and compares the runs.
	Twice bool
	// Progress receives a line per step; nil for none.
	Progress io.Writer
	// NewBackend starts a fresh worker.
	NewBackend func() (Backend, error)
}

// Run replays the notebook and returns the report. The error is for a replay that could
// not be done (an unreadable notebook, a damaged log); divergences are in the report.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if os.Getenv("GOKERNEL_LINEAGE") == "off" {
		return nil, errors.New("replay compares the value hashes lineage computes, and GOKERNEL_LINEAGE=off turns it off")
	}
	nb, err := nbformat.Read(opts.Notebook)
	if err != nil {
		return nil, err
	}
	r := &replayer{opts: opts, nb: nb, report: &Report{Notebook: opts.Notebook}}
	switch {
	case opts.Twice:
		return r.twice(ctx)
	case opts.Cells:
		return r.cells(ctx)
	}
	storeDir := opts.StoreDir
	if storeDir == "" {
		dir, err := filepath.Abs(filepath.Dir(opts.Notebook))
		if err != nil {
			return nil, err
		}
		storeDir = lineage.DefaultDir(dir)
	}
	// Reading must not create a store where there is none.
	if _, err := os.Stat(filepath.Join(storeDir, "store.json")); err != nil {
		if opts.Session != "" {
			return nil, fmt.Errorf("no store at %s: %w", storeDir, err)
		}
		r.report.Notes = append(r.report.Notes, "no store at "+storeDir+": running the cells top to bottom against their saved outputs")
		return r.cells(ctx)
	}
	store, err := lineage.OpenStore(storeDir)
	if err != nil {
		return nil, err
	}
	p, warnings, err := planRecorded(nb, store, opts.Session)
	r.report.Notes = append(r.report.Notes, warnings...)
	if err != nil {
		return nil, err
	}
	if p == nil {
		r.report.Notes = append(r.report.Notes, "no session in "+storeDir+" ran this notebook: running the cells top to bottom against their saved outputs")
		return r.cells(ctx)
	}
	r.report.Mode, r.report.Session = ModeRecorded, p.session.ID
	r.storeDir = storeDir
	manifests := recordedManifests(storeDir)
	var expect []expectation
	for _, s := range p.steps {
		e := s.recorded
		x := expectation{known: true, status: string(e.Status), hashes: e.Hashes, output: e.Output,
			outputKnown: true, manifest: manifests[e.ID], inputs: e.Inputs, label: "recorded"}
		if e.Status == lineage.StatusError {
			x.status = statusError
		}
		if s.cell != nil {
			x.outputText, x.resultText = s.cell.Stdout()
		}
		expect = append(expect, x)
	}
	if _, err := r.run(ctx, p, expect, nil); err != nil {
		return nil, err
	}
	return r.report, nil
}

// recordedManifests maps execution ids to the snapshots taken after them, "" when the
// store has none that can be read.
func recordedManifests(storeDir string) map[string]string {
	out := map[string]string{}
	st, err := snapshot.OpenStore(storeDir)
	if err != nil {
		return out
	}
	ms, _ := st.Manifests()
	for _, m := range ms {
		out[m.Execution] = m.ID
	}
	return out
}

const (
	statusOK    = "ok"
	statusError = "error"
)

// An expectation is what a step should give: the recorded execution's, the cell's saved
// outputs, or the first run's.
type expectation struct {
	// known is false for a cell never run: there is nothing to compare.
	known  bool
	status string // statusOK or statusError
	// hashes are the value hashes to compare, nil when there are none.
	hashes map[string]string
	// output is the hash of the text output (lineage.OutputHasher), compared when
	// outputKnown; outputText and resultText are the text, when known, for a summary.
	output                 string
	outputKnown            bool
	outputText, resultText string
	// manifest is the snapshot of the expected state after the step, for a %diff.
	manifest string
	// inputs are the files the step read, with their content hashes then.
	inputs map[string]string
	// label names the expected side in summaries ("recorded", "saved", "run 1").
	label string
}

// An outcome is what a step gave.
type outcome struct {
	execID string
	reply  workerproto.ExecuteReply
	out    *capture
}

func (o outcome) status() string {
	if o.reply.Error != nil {
		return statusError
	}
	return statusOK
}

type replayer struct {
	opts     Options
	nb       *nbformat.Notebook
	report   *Report
	storeDir string
}

// cells runs the code cells top to bottom against their saved outputs.
func (r *replayer) cells(ctx context.Context) (*Report, error) {
	p, err := planCells(r.nb)
	if err != nil {
		return nil, err
	}
	r.report.Mode = ModeCells
	var expect []expectation
	for _, s := range p.steps {
		c := s.cell
		x := expectation{label: "saved"}
		if c.ExecutionCount > 0 || c.HasOutputs() {
			x.known, x.status, x.outputKnown = true, statusOK, true
			if _, _, failed := c.Failed(); failed {
				x.status = statusError
			}
			x.outputText, x.resultText = c.Stdout()
			var h lineage.OutputHasher
			h.Stdout(x.outputText)
			x.output = h.Sum(x.resultText)
		}
		expect = append(expect, x)
	}
	if _, err := r.run(ctx, p, expect, nil); err != nil {
		return nil, err
	}
	if r.report.count(StatusReproduced)+r.report.count(StatusDiverged) == 0 {
		r.report.Notes = append(r.report.Notes, "the notebook holds no outputs to compare with: run it and save it, or replay with --twice")
	}
	return r.report, nil
}

// twice runs the code cells top to bottom twice, each time in a fresh worker, and
// compares the second run with the first: value hashes, text output and status. The
// first run snapshots its state into a scratch store, for the %diff of a divergence.
func (r *replayer) twice(ctx context.Context) (*Report, error) {
	p, err := planCells(r.nb)
	if err != nil {
		return nil, err
	}
	r.report.Mode = ModeTwice
	scratch, err := os.MkdirTemp("", "gokernel-replay-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(scratch)
	if _, err := lineage.OpenStore(scratch); err != nil {
		return nil, err
	}
	r.storeDir = scratch
	none := make([]expectation, len(p.steps))
	spec := &workerproto.SnapshotSpec{Dir: scratch, Session: "replay-run-1"}
	first, err := r.run(ctx, p, none, spec)
	if err != nil {
		return nil, err
	}
	manifests := recordedManifests(scratch)
	r.report.Cells = nil
	expect := make([]expectation, len(p.steps))
	for i, o := range first {
		if o == nil {
			continue
		}
		x := expectation{known: true, status: o.status(), output: o.out.sum(o.reply), outputKnown: true,
			manifest: manifests[o.execID], label: "run 1"}
		x.outputText, x.resultText = o.out.text(), o.reply.ResultText()
		if l := o.reply.Lineage; l != nil {
			x.hashes, x.inputs = l.Hashes, l.Inputs
		}
		expect[i] = x
	}
	if _, err := r.run(ctx, p, expect, nil); err != nil {
		return nil, err
	}
	return r.report, nil
}

// run runs the plan's steps in a fresh worker, comparing each with its expectation, and
// returns the outcomes (nil for a step not run). With spec, the worker snapshots its
// state after each step.
func (r *replayer) run(ctx context.Context, p *plan, expect []expectation, spec *workerproto.SnapshotSpec) ([]*outcome, error) {
	b, err := r.opts.NewBackend()
	if err != nil {
		return nil, err
	}
	defer b.Close()
	b.SetStateHandlers(func(workerproto.SnapshotDone) {}, nil)
	seed, err := initialSeed()
	if err != nil {
		return nil, fmt.Errorf("GOKERNEL_SEED: %w", err)
	}
	outcomes := make([]*outcome, len(p.steps))
	firstDiverged := ""
	// tainted are the names that differed where they may (volatile), divergedAt those
	// that diverged, each with where: what reads them inherits that.
	tainted, divergedAt := map[string]string{}, map[string]string{}
	for i, s := range p.steps {
		cr := CellReport{}
		if s.cell != nil {
			cr.Cell, cr.CellID = s.cell.Index+1, s.cell.ID
		}
		if s.recorded != nil {
			cr.Count = s.recorded.Count
		} else if s.cell != nil {
			cr.Count = s.cell.ExecutionCount
		}
		r.progress(i, len(p.steps), cr)
		if s.seedLine != "" {
			if seed, err = lineage.ParseSeed(s.seedLine); err != nil {
				return nil, fmt.Errorf("cell %d: %w", cr.Cell, err)
			}
		}
		if s.skip != "" {
			cr.Status, cr.Reason = StatusSkipped, s.skip
			r.report.Cells = append(r.report.Cells, cr)
			continue
		}
		stepSeed := s.seed
		if s.recorded == nil {
			stepSeed = lineage.CellSeed(seed, s.code)
		}
		x := expect[i]
		cr.Inputs = changedInputs(x.inputs)
		o := &outcome{execID: uuid.NewString(), out: &capture{}}
		req := workerproto.ExecuteRequest{Code: s.code, ExecutionCount: cr.Count, ExecutionID: o.execID, Seed: stepSeed, Snapshot: spec}
		if s.cell != nil {
			req.CellID = s.cell.ID
		}
		o.reply, err = b.Execute(ctx, req, o.out)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", cr.Cell, err)
		}
		outcomes[i] = o
		if !x.known {
			cr.Status, cr.Reason = StatusUnchecked, "never run when the notebook was saved: nothing to compare with"
			r.report.Cells = append(r.report.Cells, cr)
			continue
		}
		var reads []string
		if l := o.reply.Lineage; l != nil {
			reads = l.Read
		}
		all, expected := compare(x, o), []Divergence{}
		volatile := lineage.VolatileNames(s.code)
		for _, d := range all {
			if volatile.Covers(d.Name) {
				expected = append(expected, d)
			} else if origin := readFrom(reads, tainted); origin != "" && d.Name != NameStatus {
				expected = append(expected, d)
				cr.Reason = "follows from " + origin
			} else {
				cr.Diverged = append(cr.Diverged, d)
			}
		}
		if len(cr.Diverged) == 0 {
			cr.Status = StatusReproduced
			if len(expected) > 0 {
				// What differed may differ: it is marked volatile, or computed from
				// what is. It taints what reads it in turn.
				cr.Status = StatusVolatile
				if cr.Reason == "" {
					cr.Reason = "//gokernel:volatile says these may differ"
				}
				for _, d := range expected {
					cr.Volatile = append(cr.Volatile, d.Name)
					if _, ok := tainted[d.Name]; !ok {
						tainted[d.Name] = d.Name + " (" + cr.label() + ", volatile)"
					}
				}
			}
			r.report.Cells = append(r.report.Cells, cr)
			continue
		}
		cr.Status = StatusDiverged
		switch origin := readFrom(reads, divergedAt); {
		case len(cr.Inputs) > 0:
			paths := make([]string, len(cr.Inputs))
			for j, in := range cr.Inputs {
				paths[j] = in.Path
			}
			cr.Reason = "its input changed since " + x.label + ": " + strings.Join(paths, ", ")
		case origin != "":
			cr.Reason = "it read " + origin + ", which diverged before"
		case x.inputs == nil && o.reply.Lineage != nil && len(o.reply.Lineage.Inputs) > 0:
			// The saved outputs say nothing of the files the cell read then.
			cr.Reason = "it read " + strings.Join(slices.Sorted(maps.Keys(o.reply.Lineage.Inputs)), ", ") +
				": if that changed since the notebook was saved, that is the cause; else something it does is not deterministic"
		default:
			cr.Reason = "the same code, seed and inputs gave another result: something it does is not deterministic " +
				"(the clock, map iteration order, goroutine scheduling); mark what may differ with //gokernel:volatile NAME... in the cell"
		}
		for _, d := range cr.Diverged {
			if _, ok := divergedAt[d.Name]; !ok && d.Name != NameStatus && d.Name != NameOutput {
				divergedAt[d.Name] = d.Name + " (" + cr.label() + ")"
			}
		}
		if firstDiverged == "" {
			firstDiverged = cr.label()
			cr.Summary = r.summary(ctx, b, x, o, cr)
		}
		r.report.Cells = append(r.report.Cells, cr)
	}
	if spec != nil {
		if err := b.Settle(ctx); err != nil {
			return nil, err
		}
	}
	if r.opts.Progress != nil {
		fmt.Fprintf(r.opts.Progress, "replay: %d steps done\n", len(p.steps))
	}
	return outcomes, nil
}

// readFrom returns the first of reads that origins holds, as origins describes it, or
// "" when it holds none.
func readFrom(reads []string, origins map[string]string) string {
	for _, name := range reads {
		if o, ok := origins[name]; ok {
			return o
		}
	}
	return ""
}

func (r *replayer) progress(i, n int, cr CellReport) {
	if r.opts.Progress != nil {
		fmt.Fprintf(r.opts.Progress, "replay: %d/%d %s\n", i+1, n, cr.label())
	}
}

// compare lists how outcome o differs from expectation x: its status, each value hash,
// its text output.
func compare(x expectation, o *outcome) []Divergence {
	var out []Divergence
	if got := o.status(); got != x.status {
		d := Divergence{Name: NameStatus, Expected: x.status, Replayed: got}
		if e := o.reply.Error; e != nil {
			d.Replayed = got + ": " + e.Name + ": " + e.Value
		}
		out = append(out, d)
	}
	var hashes map[string]string
	if l := o.reply.Lineage; l != nil {
		hashes = l.Hashes
	}
	for _, name := range slices.Sorted(maps.Keys(x.hashes)) {
		want := x.hashes[name]
		if want == "" {
			continue // a value that could not be hashed when recorded
		}
		if got := hashes[name]; got != want {
			out = append(out, Divergence{Name: name, Expected: want, Replayed: got})
		}
	}
	if x.outputKnown {
		if got := o.out.sum(o.reply); got != x.output {
			out = append(out, Divergence{Name: NameOutput, Expected: x.output, Replayed: got})
		}
	}
	return out
}

// summary describes the first divergence: a %diff of the expected state and the
// replayed one when a value differs and a snapshot of the expected state exists, and
// the first line where the text output differs.
func (r *replayer) summary(ctx context.Context, b Backend, x expectation, o *outcome, cr CellReport) string {
	var parts []string
	values := slices.ContainsFunc(cr.Diverged, func(d Divergence) bool { return d.Name != NameOutput && d.Name != NameStatus })
	if values {
		if x.manifest == "" {
			parts = append(parts, "no snapshot of the "+x.label+" values to compare with (snapshots were off, or thinned)")
		} else {
			reply, err := b.Diff(ctx, workerproto.DiffRequest{Dir: r.storeDir, A: x.manifest, ALabel: x.label, BLabel: "replayed"})
			switch {
			case err != nil:
				parts = append(parts, "diff: "+err.Error())
			case reply.Error != "":
				parts = append(parts, "diff: "+reply.Error)
			default:
				parts = append(parts, strings.TrimRight(reply.Text, "\n"))
			}
		}
	}
	if slices.ContainsFunc(cr.Diverged, func(d Divergence) bool { return d.Name == NameOutput }) && (x.outputText != "" || x.resultText != "" || x.label != "recorded") {
		parts = append(parts, textDiff(x.label, x.outputText+x.resultText, o.out.text()+o.reply.ResultText()))
	}
	return strings.Join(parts, "\n")
}

// textDiff shows the first line where two outputs differ.
func textDiff(label, want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			return fmt.Sprintf("output line %d:\n  %-10s %q\n  %-10s %q", i+1, label+":", clip(w), "replayed:", clip(g))
		}
	}
	return "the output differs"
}

func clip(s string) string {
	if len(s) > 120 {
		return s[:117] + "..."
	}
	return s
}

// changedInputs lists the inputs whose content differs from the hashes recorded.
func changedInputs(inputs map[string]string) []InputChange {
	var out []InputChange
	for _, path := range slices.Sorted(maps.Keys(inputs)) {
		now, err := lineage.HashFile(path)
		if err != nil {
			now = "missing"
		}
		if now != inputs[path] {
			out = append(out, InputChange{Path: path, Expected: inputs[path], Now: now})
		}
	}
	return out
}
