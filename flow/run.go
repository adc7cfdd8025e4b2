package flow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gokernel/gokernel/snapshot"
)

// RunOptions say what Run does; they mirror Main's flags.
type RunOptions struct {
	// Store is the store folder; "" is DefaultStore().
	Store string
	// Resume names the step to run again, with the steps after it; the artifacts
	// the earlier steps wrote are loaded from the latest run.
	Resume string
	// Only names the one step to run; its inputs are loaded from the latest run,
	// and the new run record carries the other artifacts over.
	Only string
	// Verify compares the artifacts with the hashes the notebook recorded.
	Verify bool
	// Parallel is how many steps may run at once; 0 is runtime.GOMAXPROCS(0).
	Parallel int
	// Stderr receives the progress lines; nil is os.Stderr.
	Stderr io.Writer
}

// A StepError is a step that failed: it returned an error, panicked, or its
// outputs could not be stored.
type StepError struct {
	Step string
	Err  error
	// Stack is where the step panicked, the frames from the panic to the step's
	// function; nil when it did not panic.
	Stack []byte
}

func (e *StepError) Error() string { return fmt.Sprintf("step %s failed: %v", e.Step, e.Err) }

func (e *StepError) Unwrap() error { return e.Err }

// A VerifyError lists the artifacts whose values differ from the notebook's.
type VerifyError struct {
	Mismatches []Mismatch
}

// A Mismatch is an artifact whose hash differs from the one the notebook recorded.
type Mismatch struct {
	Artifact string
	Hash     string // of the value the flow produced
	Recorded string // by the notebook
}

func (m Mismatch) String() string {
	return fmt.Sprintf("artifact %s differs from the notebook's: hash %s, the notebook recorded %s", m.Artifact, m.Hash, m.Recorded)
}

func (e *VerifyError) Error() string {
	lines := make([]string, len(e.Mismatches))
	for i, m := range e.Mismatches {
		lines[i] = "verify: " + m.String()
	}
	return strings.Join(lines, "\n")
}

// Run runs the flow as opts say: every step, or those from opts.Resume on, or
// opts.Only alone, at most opts.Parallel at a time, each after the steps it must
// follow. The artifacts a step writes are stored after it, and a run record naming
// them is written at the end, also when a step failed, so that --resume can carry
// on from there.
//
// A step that fails stops the flow: no step starts after it, those running finish,
// and Run returns a *StepError (several joined when several failed). When ctx is
// done no step starts either, and Run returns ctx's error. A step cannot be
// interrupted: it is a function of the notebook's code.
func (f *Flow) Run(ctx context.Context, opts RunOptions) error {
	if err := f.Check(); err != nil {
		return err
	}
	if opts.Resume != "" && opts.Only != "" {
		return errors.New("--resume and --only cannot be given together")
	}
	parallel := opts.Parallel
	if parallel == 0 {
		parallel = runtime.GOMAXPROCS(0)
	} else if parallel < 0 {
		return fmt.Errorf("--parallel %d: want at least 1", parallel)
	}
	stderr := opts.Stderr
	if stderr == nil {
		stderr = os.Stderr
	}
	log := &progress{w: stderr}
	storeDir := opts.Store
	if storeDir == "" {
		storeDir = DefaultStore()
	}

	mode, from, first, last := "all", "", 0, len(f.steps)
	for _, o := range []struct{ mode, step string }{{"resume", opts.Resume}, {"only", opts.Only}} {
		if o.step == "" {
			continue
		}
		i, ok := f.stepIndex[o.step]
		if !ok {
			return f.unknownStep(o.step)
		}
		mode, from, first = o.mode, o.step, i
		if o.mode == "only" {
			last = i + 1
		}
	}
	steps := f.steps[first:last]

	st, err := openFlowStore(storeDir, f.name)
	if err != nil {
		return err
	}
	started := time.Now()
	var base *runRecord
	if mode != "all" {
		if base, err = st.latest(); err != nil {
			return err
		}
	}
	if err := f.loadInputs(st, base, steps, first, log); err != nil {
		return err
	}

	r := &runner{f: f, log: log, st: st, mode: mode, first: first, last: last,
		produced: make(map[version]storedArtifact)}
	runErr := r.run(ctx, steps, parallel)

	rec := &runRecord{Flow: f.name, Mode: mode, From: from, Started: started.UTC(), Steps: append([]string{}, r.finished...)}
	if runErr != nil {
		rec.Failed = runErr.Error()
	}
	if err := f.saveRecord(st, rec, base, steps, r.produced); err != nil {
		return errors.Join(runErr, err)
	}
	log.printf("flow: run record %s", st.recordPath(rec.ID))
	if runErr != nil {
		return runErr
	}
	if opts.Verify {
		return f.verify(rec, log)
	}
	return nil
}

func (f *Flow) unknownStep(name string) error {
	names := make([]string, len(f.steps))
	for i, s := range f.steps {
		names[i] = s.name
	}
	return fmt.Errorf("flow %q has no step %q (its steps: %s)", f.name, name, strings.Join(names, ", "))
}

// loadInputs sets the artifacts that steps (those from index first on) read and an
// earlier step wrote to their values in base, the latest run.
func (f *Flow) loadInputs(st *flowStore, base *runRecord, steps []*flowStep, first int, log *progress) error {
	type need struct{ writer, reader string }
	needed := make(map[string]need)
	for _, s := range steps {
		for _, a := range s.reads {
			w, ok := s.inputs[a]
			if _, seen := needed[a]; ok && !seen && f.stepIndex[w] < first {
				needed[a] = need{w, s.name}
			}
		}
	}
	if len(needed) == 0 {
		return nil
	}
	if base == nil {
		return fmt.Errorf("flow %q has no recorded run in %s to load the earlier steps' artifacts from: run the whole flow first", f.name, st.dir)
	}
	var types []reflect.Type
	for _, a := range f.artifacts {
		types = append(types, a.typ)
	}
	resolver := snapshot.NewTypeResolver(append(types, f.types...)...)
	vs := base.versions()
	for _, a := range f.artifacts {
		n, ok := needed[a.name]
		if !ok {
			continue
		}
		sa, ok := vs[version{a.name, n.writer}]
		if !ok {
			return fmt.Errorf("the latest run of flow %q (run record %s) has no value of artifact %q from step %q, which step %q reads: run the flow from step %q or earlier",
				f.name, st.recordPath(base.ID), a.name, n.writer, n.reader, n.writer)
		}
		start := time.Now()
		size, err := st.load(a, sa, resolver)
		if err != nil {
			return err
		}
		log.printf("flow: loaded %s (%s, written by step %s) in %s", a.name, snapshot.FormatSize(size), n.writer, formatDuration(time.Since(start)))
	}
	return nil
}

// saveRecord writes the run's record: the values it produced, and the values of
// base that the steps it ran did not replace (nothing for a run of all steps, which
// starts a run of its own). A value a step wrote in base is dropped when the step
// ran again, even when it failed, so that no later run loads a value older than the
// steps before it.
//
// --only carries over from the newest record of its run instead, read under the
// lock: steps a scheduler runs at once each add their values to what the others
// stored.
func (f *Flow) saveRecord(st *flowStore, rec *runRecord, base *runRecord, steps []*flowStep, produced map[version]storedArtifact) error {
	ran := make(map[string]bool, len(steps))
	for _, s := range steps {
		ran[s.name] = true
	}
	from := base
	if rec.Mode == "only" {
		unlock, err := st.lockRuns(time.Minute)
		if err != nil {
			return err
		}
		defer unlock()
		newest, err := st.latest()
		if err != nil {
			return err
		}
		if newest != nil && base != nil && newest.Run == base.Run {
			from = newest
		}
	}
	if rec.Mode == "all" {
		from = nil
	}
	names, err := st.recordNames()
	if err != nil {
		return err
	}
	newest := ""
	if len(names) > 0 {
		newest = strings.TrimSuffix(names[len(names)-1], ".json")
	}
	rec.ID = newRecordID(time.Now(), newest)
	rec.Run = rec.ID
	vs := make(map[version]storedArtifact)
	if from != nil {
		rec.Base = from.ID
		if rec.Mode == "only" {
			rec.Run = from.Run
		}
		for k, v := range from.versions() {
			if !ran[k.step] {
				vs[k] = v
			}
		}
	}
	for k, v := range produced {
		v.Record = rec.ID
		vs[k] = v
	}
	f.setVersions(rec, vs)
	rec.Finished = time.Now().UTC()
	return st.writeRecord(rec)
}

// verify compares the final value of each artifact in rec with the hash the
// notebook recorded.
func (f *Flow) verify(rec *runRecord, log *progress) error {
	vs := rec.versions()
	var bad []Mismatch
	for _, a := range f.artifacts {
		sa, ok := vs[version{a.name, a.writer}]
		switch {
		case a.writer == "":
			log.printf("flow: verify: %s unverified: no step writes it", a.name)
		case !ok:
			log.printf("flow: verify: %s unverified: step %s has not produced it in this run", a.name, a.writer)
		case a.recorded == "":
			log.printf("flow: verify: %s unverified: the notebook recorded no hash for it", a.name)
		case sa.Hash == "":
			log.printf("flow: verify: %s unverified: %s", a.name, sa.Unstored)
		case sa.Hash == a.recorded:
			log.printf("flow: verify: %s matches the notebook (%s)", a.name, sa.Hash)
		default:
			bad = append(bad, Mismatch{Artifact: a.name, Hash: sa.Hash, Recorded: a.recorded})
		}
	}
	if len(bad) > 0 {
		return &VerifyError{Mismatches: bad}
	}
	return nil
}

// A runner runs a flow's steps and stores what they write.
type runner struct {
	f           *Flow
	log         *progress
	st          *flowStore
	mode        string
	first, last int // the run's steps, by index

	mu       sync.Mutex
	produced map[version]storedArtifact

	finished []string // by the scheduling goroutine alone
}

type stepResult struct {
	step *flowStep
	err  error
	done bool // the step returned, as opposed to calling runtime.Goexit
}

// run runs steps, the flow's steps from index r.first to r.last: each once the
// steps it follows among them have finished, in declaration order among those
// ready, at most parallel at once.
func (r *runner) run(ctx context.Context, steps []*flowStep, parallel int) error {
	waiting := make(map[int]int)
	dependents := make(map[int][]*flowStep)
	var ready []*flowStep
	for _, s := range steps {
		for _, d := range s.follows {
			if d >= r.first && d < r.last {
				waiting[s.index]++
				dependents[d] = append(dependents[d], s)
			}
		}
		if waiting[s.index] == 0 {
			ready = append(ready, s)
		}
	}
	results := make(chan stepResult)
	running := 0
	var failures []error
	failed := make(map[string]bool)
	for {
		for len(failures) == 0 && ctx.Err() == nil && running < parallel && len(ready) > 0 {
			s := ready[0]
			ready = ready[1:]
			running++
			r.log.printf("flow: step %s started", s.name) // here, so that the lines say the order steps start in
			go r.runStep(s, results)
		}
		if running == 0 {
			break
		}
		res := <-results
		running--
		if res.err != nil {
			failures = append(failures, res.err)
			failed[res.step.name] = true
			continue
		}
		r.finished = append(r.finished, res.step.name)
		for _, d := range dependents[res.step.index] {
			waiting[d.index]--
			if waiting[d.index] == 0 {
				i, _ := slices.BinarySearchFunc(ready, d.index, func(s *flowStep, i int) int { return s.index - i })
				ready = slices.Insert(ready, i, d)
			}
		}
	}
	var notRun []string
	for _, s := range steps {
		if !failed[s.name] && !slices.Contains(r.finished, s.name) {
			notRun = append(notRun, s.name)
		}
	}
	switch {
	case len(failures) == 1:
		r.log.printf("flow: not run: %s", listOrNone(notRun))
		return failures[0]
	case len(failures) > 1:
		r.log.printf("flow: not run: %s", listOrNone(notRun))
		return errors.Join(failures...)
	case len(notRun) > 0:
		return fmt.Errorf("flow stopped before steps %s: %w", strings.Join(notRun, ", "), context.Cause(ctx))
	}
	return nil
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// runStep runs s and stores what it writes, then reports on results.
func (r *runner) runStep(s *flowStep, results chan<- stepResult) {
	res := stepResult{step: s}
	defer func() {
		if !res.done {
			res.err = &StepError{Step: s.name, Err: errors.New("the step called runtime.Goexit")}
		}
		results <- res
	}()
	start := time.Now()
	err := callStep(s)
	took := time.Since(start)
	res.done = true
	if err != nil {
		if se, ok := err.(*StepError); ok && se.Stack != nil {
			r.log.printf("flow: step %s panicked: %s\n%s", s.name, strings.TrimPrefix(se.Err.Error(), "panic: "), se.Stack)
		}
		r.log.printf("flow: step %s failed after %s", s.name, formatDuration(took))
		res.err = err
		return
	}
	stored, err := r.storeOutputs(s)
	if err != nil {
		r.log.printf("flow: step %s ran in %s, but its outputs could not be stored", s.name, formatDuration(took))
		res.err = &StepError{Step: s.name, Err: err}
		return
	}
	r.log.printf("flow: step %s done in %s%s", s.name, formatDuration(took), stored)
}

// callStep runs s's function, turning an error or a panic into a *StepError.
func callStep(s *flowStep) (err error) {
	defer func() {
		if p := recover(); p != nil {
			perr, ok := p.(error)
			if !ok {
				perr = fmt.Errorf("%v", p)
			}
			err = &StepError{Step: s.name, Err: fmt.Errorf("panic: %w", perr), Stack: shortStack(debug.Stack())}
		}
	}()
	if err := s.run(); err != nil {
		return &StepError{Step: s.name, Err: err}
	}
	return nil
}

// shortStack keeps the frames of a stack taken in callStep's recover that lie
// between the panic and callStep: the step's own, at most maxFrames of them.
func shortStack(stack []byte) []byte {
	const maxFrames = 12
	lines := strings.Split(strings.TrimRight(string(stack), "\n"), "\n")
	start := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			start = i + 2 // the call and its file line
			break
		}
	}
	var out []string
	for i := start; i+1 < len(lines); i += 2 {
		if strings.Contains(lines[i], "/flow.callStep(") {
			break
		}
		if len(out) == 2*maxFrames {
			out = append(out, "\t...")
			break
		}
		out = append(out, "\t"+lines[i], lines[i+1])
	}
	return []byte(strings.Join(out, "\n"))
}

// storeOutputs stores the artifacts s wrote, and returns what to add to the step's
// progress line.
func (r *runner) storeOutputs(s *flowStep) (string, error) {
	if len(s.writes) == 0 {
		return "", nil
	}
	start := time.Now()
	var names []string
	var size int64
	for _, name := range s.writes {
		a := r.f.artByName[name]
		sa, err := r.storeArtifact(a, s)
		if err != nil {
			return "", fmt.Errorf("storing artifact %s: %w", name, err)
		}
		r.mu.Lock()
		r.produced[version{name, s.name}] = sa
		r.mu.Unlock()
		if sa.Ref != "" {
			names = append(names, name)
			size += sa.Size
		}
	}
	if len(names) == 0 {
		return "", nil
	}
	return fmt.Sprintf(", stored %s (%s) in %s", strings.Join(names, ", "), snapshot.FormatSize(size), formatDuration(time.Since(start))), nil
}

// storeArtifact hashes and stores the value of a that s wrote. A value that cannot
// be encoded (it holds a func or a channel) is recorded as not stored, with a note,
// unless a step of another process must load it (--only).
func (r *runner) storeArtifact(a *flowArtifact, s *flowStep) (storedArtifact, error) {
	v := a.ptr.Elem()
	sa := storedArtifact{Type: a.typ.String(), Step: s.name}
	sum, err := snapshot.Hash(v, snapshot.HashOptions{})
	var ref snapshot.Ref
	if err == nil {
		sa.Hash = sum.String()
		ref, sa.Size, err = r.st.put(v)
	}
	var unencodable *snapshot.UnhashableError
	switch {
	case errors.As(err, &unencodable):
		sa.Unstored = "it cannot be encoded: " + err.Error()
		if readers := r.f.readersOf(a.name, s.name); r.mode == "only" && len(readers) > 0 {
			return sa, fmt.Errorf("%s, and steps %s must load it", sa.Unstored, strings.Join(readers, ", "))
		}
		r.log.printf("flow: note: artifact %s is not stored, so --resume and --only cannot load it: %v", a.name, err)
		return sa, nil
	case err != nil:
		return sa, err
	}
	sa.Ref = ref.String()
	return sa, nil
}

// readersOf returns the steps that read the value of artifact that step writer
// wrote.
func (f *Flow) readersOf(artifact, writer string) []string {
	var out []string
	for _, s := range f.steps {
		if w, ok := s.inputs[artifact]; ok && w == writer {
			out = append(out, s.name)
		}
	}
	return out
}

// progress writes whole lines to stderr from the steps' goroutines.
type progress struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *progress) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format+"\n", args...)
}

// formatDuration writes d as "1.23s", "12.3ms" or "45µs".
func formatDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}
