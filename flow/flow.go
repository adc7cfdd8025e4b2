// Package flow is the runtime of programs exported from notebooks, and owns their
// description (DAG) and the Argo Workflows manifest that runs them on a cluster.
//
// An exported program declares its artifacts (the package-level variables whose
// values cross steps), then its steps (the notebook's cells, grouped into functions)
// with what each reads and writes, and hands its command line to Main. The runtime
// gives it:
//
//   - a run of every step in an order that respects what they read, independent
//     steps at the same time (--parallel);
//   - every artifact stored after the step that writes it, in a snapshot store
//     (package snapshot: encoded, compressed, content-addressed), with a run record
//     naming the stored values under flows/<name>/runs/;
//   - --resume STEP: the artifacts the earlier steps wrote loaded from the latest
//     run, then STEP and the steps after it run again;
//   - --only STEP: one step, its inputs loaded and its outputs stored, which is how a
//     scheduler runs the flow a step at a time (WriteArgo);
//   - --verify: the artifacts compared with the value hashes the notebook recorded;
//   - --list and --dag: what the flow is made of.
//
// A flow is declared in order: artifacts first, then the steps, each after the steps
// it needs. Mistakes in the declarations (an unknown artifact, a step declared twice)
// are reported by Check, Run and Main, never by a panic, so that a generated program
// always explains what is wrong with it. The API has no generic functions, as the
// interpreter's symbol tables cannot export them.
package flow

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/gokernel/gokernel/snapshot"
)

// A Flow is a program's steps and artifacts. Declare them with Artifact and Step,
// then call Main (or Run). A Flow is not safe for concurrent declaration.
type Flow struct {
	name      string
	notebook  string
	dropped   []DroppedCell
	artifacts []*flowArtifact
	artByName map[string]*flowArtifact
	steps     []*flowStep
	stepIndex map[string]int
	types     []reflect.Type // more types to resolve the dynamic types of interfaces by
	errs      []error        // declaration mistakes, reported by Check
}

// A flowArtifact is a variable whose value crosses steps.
type flowArtifact struct {
	name     string
	ptr      reflect.Value // a pointer to the variable
	typ      reflect.Type  // the variable's type
	recorded string        // the hash the notebook recorded, "" when unknown
	writer   string        // the last step declared so far that writes it
	readers  []int         // the steps that read it, by index
}

// A flowStep is a step as declared, with what the declarations before it imply.
type flowStep struct {
	index  int
	name   string
	run    func() error
	reads  []string
	writes []string
	after  []string
	cells  []int

	// needs are the steps that must finish first (see Step), sorted by name.
	needs []string
	// inputs maps each artifact the step reads to the step whose value of it the
	// step reads: the last step declared before it that writes it.
	inputs map[string]string
	// follows are the indexes of the steps it must follow when run in one process:
	// its needs, and the earlier steps that read or write what it writes, which
	// must not see the variable change under them (see Step).
	follows []int
}

// New returns an empty flow named name. The name names the flow's run records in
// the store (flows/<name>/), so it must be usable as a folder name.
func New(name string) *Flow {
	f := &Flow{
		name:      name,
		artByName: make(map[string]*flowArtifact),
		stepIndex: make(map[string]int),
	}
	if err := checkFlowName(name); err != nil {
		f.fail(err)
	}
	return f
}

// Name returns the flow's name.
func (f *Flow) Name() string { return f.name }

// Notebook records the notebook the flow was exported from, for DAG.
func (f *Flow) Notebook(path string) { f.notebook = path }

// Dropped records a notebook cell the export left out, and why, for DAG.
func (f *Flow) Dropped(cell int, reason string) {
	f.dropped = append(f.dropped, DroppedCell{Cell: cell, Reason: reason})
}

// Artifact declares the variable ptr points to as the artifact name. recordedHash
// is the value hash (snapshot.Hash, as "xxh3-128:...") the notebook recorded for
// the artifact's final value, or "" when unknown; --verify compares with it.
// Artifacts are declared before the steps that read or write them.
func (f *Flow) Artifact(name string, ptr any, recordedHash string) {
	if err := checkName("artifact", name); err != nil {
		f.fail(err)
		return
	}
	if f.artByName[name] != nil {
		f.fail(fmt.Errorf("artifact %q is declared twice", name))
		return
	}
	v := reflect.ValueOf(ptr)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		f.fail(fmt.Errorf("artifact %q: want a non-nil pointer to its variable, not %s", name, describe(ptr)))
		return
	}
	if recordedHash != "" {
		if _, err := snapshot.ParseSum(recordedHash); err != nil {
			f.fail(fmt.Errorf("artifact %q: recorded hash: %w", name, err))
			return
		}
	}
	a := &flowArtifact{name: name, ptr: v, typ: v.Type().Elem(), recorded: recordedHash}
	f.artifacts = append(f.artifacts, a)
	f.artByName[name] = a
}

// Types makes the types of samples known to the loading of artifacts: an artifact
// whose value holds interfaces (a variable of type any, a field of an interface
// type) can be loaded only when the dynamic types it holds are known by name, and
// the runtime knows only the artifacts' own types and those they are built from.
// A sample is any value of the type, a nil pointer to it for a pointer type:
// Types(Item{}, (*Model)(nil)).
func (f *Flow) Types(samples ...any) {
	for _, x := range samples {
		if x != nil {
			f.types = append(f.types, reflect.TypeOf(x))
		}
	}
}

func describe(x any) string {
	if x == nil {
		return "nil"
	}
	if v := reflect.ValueOf(x); v.Kind() == reflect.Pointer && v.IsNil() {
		return "a nil " + v.Type().String()
	}
	return "a " + reflect.TypeOf(x).String()
}

// A StepOption says what a step reads, writes or follows.
type StepOption struct {
	apply func(*flowStep)
}

// Reads says the step reads the artifacts names: it needs the steps that write
// them, and --resume and --only load them from the store.
func Reads(names ...string) StepOption {
	names = slices.Clone(names)
	return StepOption{func(s *flowStep) { s.reads = appendNew(s.reads, names...) }}
}

// Writes says the step writes the artifacts names: they are stored after it.
func Writes(names ...string) StepOption {
	names = slices.Clone(names)
	return StepOption{func(s *flowStep) { s.writes = appendNew(s.writes, names...) }}
}

// After says the step must follow the steps named, for reasons the artifacts do not
// show (a file one writes and the other reads, say).
func After(steps ...string) StepOption {
	steps = slices.Clone(steps)
	return StepOption{func(s *flowStep) { s.after = appendNew(s.after, steps...) }}
}

// Cells records the notebook cells (numbered from 1) the step runs, for DAG.
func Cells(cells ...int) StepOption {
	cells = slices.Clone(cells)
	return StepOption{func(s *flowStep) { s.cells = append(s.cells, cells...) }}
}

// appendNew appends the names not yet in list.
func appendNew(list []string, names ...string) []string {
	for _, n := range names {
		if !slices.Contains(list, n) {
			list = append(list, n)
		}
	}
	return list
}

// Step declares the step name, which runs run. A step needs the last step declared
// before it that writes each artifact it reads, and the steps After names; those
// are its Needs in the DAG, and all a scheduler running steps in separate processes
// must respect. Within one process the runtime also keeps a step that writes an
// artifact from running while an earlier step that reads or writes the same
// variable still runs.
func (f *Flow) Step(name string, run func() error, opts ...StepOption) {
	if err := checkName("step", name); err != nil {
		f.fail(err)
		return
	}
	if _, dup := f.stepIndex[name]; dup {
		f.fail(fmt.Errorf("step %q is declared twice", name))
		return
	}
	s := &flowStep{index: len(f.steps), name: name, run: run, inputs: make(map[string]string)}
	for _, o := range opts {
		if o.apply != nil {
			o.apply(s)
		}
	}
	if run == nil {
		f.fail(fmt.Errorf("step %q has no function to run", name))
	}
	needs := make(map[int]bool)
	follows := make(map[int]bool)
	for _, a := range s.reads {
		art := f.artByName[a]
		switch {
		case art == nil:
			f.fail(fmt.Errorf("step %q reads %q, which is not a declared artifact", name, a))
		case art.writer == "":
			f.fail(fmt.Errorf("step %q reads artifact %q, which no step declared before it writes", name, a))
		default:
			s.inputs[a] = art.writer
			needs[f.stepIndex[art.writer]] = true
		}
	}
	for _, a := range s.after {
		i, ok := f.stepIndex[a]
		if !ok {
			f.fail(fmt.Errorf("step %q is after %q, which is not a step declared before it", name, a))
			continue
		}
		needs[i] = true
	}
	for i := range needs {
		follows[i] = true
	}
	for _, a := range s.writes {
		art := f.artByName[a]
		if art == nil {
			f.fail(fmt.Errorf("step %q writes %q, which is not a declared artifact", name, a))
			continue
		}
		if art.writer != "" {
			follows[f.stepIndex[art.writer]] = true
		}
		for _, r := range art.readers {
			follows[r] = true
		}
	}
	for _, a := range s.reads {
		if art := f.artByName[a]; art != nil {
			art.readers = append(art.readers, s.index)
		}
	}
	for _, a := range s.writes {
		if art := f.artByName[a]; art != nil {
			art.writer = name
		}
	}
	for i := range needs {
		s.needs = append(s.needs, f.steps[i].name)
	}
	slices.Sort(s.needs) // as the exporter's dag.json has them
	s.follows = slices.Sorted(maps.Keys(follows))
	f.steps = append(f.steps, s)
	f.stepIndex[name] = s.index
}

func (f *Flow) fail(err error) { f.errs = append(f.errs, err) }

// Check returns the mistakes in the flow's declarations, joined, or nil.
func (f *Flow) Check() error {
	if len(f.errs) == 0 {
		return nil
	}
	return fmt.Errorf("flow %q is declared wrong:\n%w", f.name, errors.Join(f.errs...))
}

// DAG describes the flow: its steps in declaration order (which respects Needs),
// and its artifacts with their Go types, the step that writes each last, and the
// hash the notebook recorded.
func (f *Flow) DAG() DAG {
	d := DAG{
		Name:      f.name,
		Notebook:  f.notebook,
		Steps:     make([]StepInfo, 0, len(f.steps)),
		Artifacts: make(map[string]ArtifactInfo, len(f.artifacts)),
		Dropped:   slices.Clone(f.dropped),
	}
	for _, s := range f.steps {
		d.Steps = append(d.Steps, StepInfo{
			Name:   s.name,
			Cells:  slices.Clone(s.cells),
			Needs:  slices.Clone(s.needs),
			Reads:  slices.Clone(s.reads),
			Writes: slices.Clone(s.writes),
		})
	}
	for _, a := range f.artifacts {
		d.Artifacts[a.name] = ArtifactInfo{Type: a.typ.String(), Step: a.writer, Hash: a.recorded}
	}
	return d
}

// checkFlowName refuses names that cannot be a folder of their own.
func checkFlowName(name string) error {
	if err := checkName("flow", name); err != nil {
		return err
	}
	if name == "." || name == ".." || strings.ContainsAny(name, `/\:`) {
		return fmt.Errorf("flow name %q cannot name a folder: use letters, digits, '-', '_' and '.'", name)
	}
	return nil
}

// checkName refuses names that a command line or a listing would garble: empty
// ones, and those with spaces or control characters.
func checkName(what, name string) error {
	if name == "" {
		return fmt.Errorf("%s name is empty", what)
	}
	for _, r := range name {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return fmt.Errorf("%s name %s holds a space or a control character", what, strconv.Quote(name))
		}
	}
	return nil
}
