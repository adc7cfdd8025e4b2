package flow

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/gokernel/gokernel/internal/atomicfile"
	"github.com/gokernel/gokernel/snapshot"
)

// DefaultStore returns the store folder a flow uses when none is given:
// $FLOW_STORE when set, else .flow-store in the working directory.
func DefaultStore() string {
	if dir := os.Getenv("FLOW_STORE"); dir != "" {
		return dir
	}
	return ".flow-store"
}

// A runRecord is the file a run leaves under flows/<name>/runs/: which stored value
// each artifact has, so that a later run can load them. Records are written once,
// through a temporary file and a rename, and never changed; the newest is the
// latest run.
type runRecord struct {
	Flow string `json:"flow"`
	// ID is the record's file name without ".json": its start time, UTC, and a
	// random suffix, so that names sort as runs started.
	ID string `json:"id"`
	// Run names the consistent set of values the record belongs to: a run of all
	// steps, or a resume, starts one; --only adds to the run it loaded from, so a
	// scheduler running steps one at a time builds up one run.
	Run string `json:"run"`
	// Mode is "all", "resume" or "only"; From the step given to the last two.
	Mode string `json:"mode"`
	From string `json:"from,omitempty"`
	// Base is the record the artifacts not written by this run were carried over
	// from.
	Base     string    `json:"base,omitempty"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Steps are the steps that ran to the end, in the order they finished.
	Steps []string `json:"steps"`
	// Failed says why the run stopped early, "" when it did not.
	Failed string `json:"failed,omitempty"`
	// Artifacts hold each artifact's value from the last step that wrote it.
	Artifacts map[string]storedArtifact `json:"artifacts"`
	// Earlier hold values of artifacts that a later step wrote again, kept for
	// the steps in between that read them (--resume, --only).
	Earlier []storedArtifact `json:"earlier,omitempty"`
}

// A storedArtifact is one stored value of an artifact.
type storedArtifact struct {
	Name string `json:"name,omitempty"` // in Earlier only; Artifacts is keyed by it
	// Ref names the stored encoding (snapshot.Ref), "" when it was not stored.
	Ref  string `json:"ref,omitempty"`
	Type string `json:"type"`           // the Go type of the variable
	Hash string `json:"hash,omitempty"` // snapshot.Hash of the value
	Size int64  `json:"size,omitempty"` // bytes of encoding
	Step string `json:"step"`           // the step that wrote it
	// Record is the run record of the run that wrote it.
	Record string `json:"record"`
	// Unstored says why the value could not be stored (it holds a func or a
	// channel, say).
	Unstored string `json:"unstored,omitempty"`
}

// A version names one value of an artifact: the one a step wrote.
type version struct{ artifact, step string }

// versions returns the values rec names, by artifact and writer.
func (rec *runRecord) versions() map[version]storedArtifact {
	out := make(map[version]storedArtifact, len(rec.Artifacts)+len(rec.Earlier))
	for name, a := range rec.Artifacts {
		a.Name = ""
		out[version{name, a.Step}] = a
	}
	for _, a := range rec.Earlier {
		name := a.Name
		a.Name = ""
		out[version{name, a.Step}] = a
	}
	return out
}

// setVersions lays vs out as rec.Artifacts and rec.Earlier: an artifact's value in
// Artifacts is the one from the step declared last among those that wrote it.
func (f *Flow) setVersions(rec *runRecord, vs map[version]storedArtifact) {
	order := func(step string) int {
		if i, ok := f.stepIndex[step]; ok {
			return i
		}
		return -1 // a step the program no longer has
	}
	keys := slices.SortedFunc(maps.Keys(vs), func(a, b version) int {
		return cmp.Or(strings.Compare(a.artifact, b.artifact),
			cmp.Compare(order(a.step), order(b.step)),
			strings.Compare(a.step, b.step))
	})
	rec.Artifacts = make(map[string]storedArtifact)
	rec.Earlier = nil
	for i, k := range keys {
		a := vs[k]
		if i+1 < len(keys) && keys[i+1].artifact == k.artifact {
			a.Name = k.artifact
			rec.Earlier = append(rec.Earlier, a)
			continue
		}
		rec.Artifacts[k.artifact] = a
	}
}

// A flowStore is a flow's part of a store folder: the snapshot objects, shared with
// everything else in the folder, and the flow's run records.
type flowStore struct {
	dir     string // the store folder
	runs    string // flows/<name>/runs
	flow    string
	objects *snapshot.ObjectStore
}

func openFlowStore(dir, flow string) (*flowStore, error) {
	// The folder may be a notebook's store (.gokernel), whose objects the flow
	// then shares, or one of its own. Not lineage.OpenStore: a compiled flow has
	// no business linking the notebook analysis that package brings along.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store %s: %w", dir, err)
	}
	objects, err := snapshot.OpenObjects(dir)
	if err != nil {
		return nil, err
	}
	runs := filepath.Join(dir, "flows", flow, "runs")
	if err := os.MkdirAll(runs, 0o700); err != nil {
		return nil, fmt.Errorf("store %s: %w", dir, err)
	}
	return &flowStore{dir: dir, runs: runs, flow: flow, objects: objects}, nil
}

// recordNames returns the names of the run records, oldest first.
func (st *flowStore) recordNames() ([]string, error) {
	entries, err := os.ReadDir(st.runs)
	if err != nil {
		return nil, fmt.Errorf("run records of flow %q: %w", st.flow, err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, ".json") && !strings.HasPrefix(n, ".") && e.Type().IsRegular() {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, nil
}

// latest returns the newest run record, or nil when the flow has none.
func (st *flowStore) latest() (*runRecord, error) {
	names, err := st.recordNames()
	if err != nil || len(names) == 0 {
		return nil, err
	}
	return st.readRecord(strings.TrimSuffix(names[len(names)-1], ".json"))
}

func (st *flowStore) recordPath(id string) string {
	return filepath.Join(st.runs, id+".json")
}

// readRecord reads the run record id. A record that is not one (cut short, edited,
// of another flow) is an error naming its file.
func (st *flowStore) readRecord(id string) (*runRecord, error) {
	path := st.recordPath(id)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("run record %s: %w", path, err)
	}
	damaged := func(format string, args ...any) error {
		return fmt.Errorf("run record %s is damaged: %s", path, fmt.Sprintf(format, args...))
	}
	var rec runRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, damaged("%v", err)
	}
	switch {
	case rec.Flow != st.flow:
		return nil, damaged("it belongs to flow %q, not %q", rec.Flow, st.flow)
	case rec.ID != id:
		return nil, damaged("it names itself %q", rec.ID)
	}
	for name, a := range rec.Artifacts {
		if err := checkStored(name, a); err != nil {
			return nil, damaged("%v", err)
		}
	}
	for _, a := range rec.Earlier {
		if err := checkStored(a.Name, a); err != nil {
			return nil, damaged("%v", err)
		}
	}
	return &rec, nil
}

func checkStored(name string, a storedArtifact) error {
	if name == "" || a.Step == "" || a.Type == "" {
		return fmt.Errorf("artifact %q lacks its name, step or type", name)
	}
	if _, err := snapshot.ParseRef(a.Ref); err != nil {
		return fmt.Errorf("artifact %q: %v", name, err)
	}
	if a.Ref == "" && a.Unstored == "" {
		return fmt.Errorf("artifact %q has neither a ref nor why it was not stored", name)
	}
	if a.Hash != "" {
		if _, err := snapshot.ParseSum(a.Hash); err != nil {
			return fmt.Errorf("artifact %q: %v", name, err)
		}
	}
	return nil
}

// writeRecord writes rec under its ID, whole or not at all.
func (st *flowStore) writeRecord(rec *runRecord) error {
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	path := st.recordPath(rec.ID)
	if err := atomicfile.Write(path, append(data, '\n')); err != nil {
		return fmt.Errorf("run record %s: %w", path, err)
	}
	return nil
}

const recordTimeLayout = "20060102T150405.000000000Z"

// newRecordID returns a record ID for a run started at t that sorts after after
// (the newest record's ID, or ""), so that the newest record is the latest run even
// when the clock is coarse or stepped back.
func newRecordID(t time.Time, after string) string {
	t = t.UTC()
	if prev, err := time.Parse(recordTimeLayout, strings.SplitN(after, "-", 2)[0]); err == nil && !t.After(prev) {
		t = prev.Add(time.Nanosecond)
	}
	var suffix [4]byte
	rand.Read(suffix[:]) // never fails
	return t.Format(recordTimeLayout) + "-" + hex.EncodeToString(suffix[:])
}

// lockRuns takes the lock on the flow's run records, which --only holds while it
// reads the newest record and writes the next: steps a scheduler runs at once, in
// separate processes and perhaps on separate machines sharing the store, must not
// each write a record that leaves out what the other stored. The lock is a file
// created exclusively, which works on network file systems where flock may not; a
// lock older than staleLock was left by a process that died, as the section it
// guards takes milliseconds.
func (st *flowStore) lockRuns(timeout time.Duration) (unlock func(), err error) {
	const staleLock = 30 * time.Second
	path := filepath.Join(st.runs, ".lock")
	deadline := time.Now().Add(timeout)
	for {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			fmt.Fprintf(f, "%d\n", os.Getpid())
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("locking the run records of flow %q: %w", st.flow, err)
		}
		if fi, err := os.Stat(path); err == nil && time.Since(fi.ModTime()) > staleLock {
			os.Remove(path)
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("locking the run records of flow %q: %s is held by another run; remove it if none runs", st.flow, path)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// put stores the value v, streamed from the encoder into the object store so that
// the encoding is never held whole in memory, and returns its ref and size.
func (st *flowStore) put(v reflect.Value) (snapshot.Ref, int64, error) {
	pr, pw := io.Pipe()
	encoded := make(chan error, 1)
	var size countingWriter
	go func() {
		err := snapshot.Encode(io.MultiWriter(pw, &size), v)
		pw.CloseWithError(err)
		encoded <- err
	}()
	ref, err := st.objects.PutStream(pr)
	// When PutStream stopped early, the encoder is blocked in a write.
	pr.CloseWithError(errors.New("the store stopped reading"))
	if encErr := <-encoded; encErr != nil {
		err = encErr // the cause; PutStream's error only echoes it
	}
	return ref, int64(size), err
}

type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// load reads the stored value a of art and sets art's variable to it.
func (st *flowStore) load(art *flowArtifact, a storedArtifact, types snapshot.TypeResolver) (int64, error) {
	where := fmt.Sprintf("artifact %q (written by step %q in run record %s)", art.name, a.Step, st.recordPath(a.Record))
	if a.Ref == "" {
		return 0, fmt.Errorf("%s cannot be loaded: it was not stored: %s", where, a.Unstored)
	}
	if want := art.typ.String(); a.Type != want {
		return 0, fmt.Errorf("%s is a %s in the store, but the program declares a %s: run step %q again", where, a.Type, want, a.Step)
	}
	ref, err := snapshot.ParseRef(a.Ref)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", where, err)
	}
	data, err := st.objects.ReadAll(ref)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", where, err)
	}
	v, err := snapshot.Decode(bytes.NewReader(data), art.typ, types)
	if err != nil {
		var de *snapshot.DecodeError
		if errors.As(err, &de) && strings.Contains(de.Err.Error(), "unknown type") {
			return 0, fmt.Errorf("%s: %w (the program must name the types its interfaces hold with Flow.Types)", where, err)
		}
		return 0, fmt.Errorf("%s: %w", where, err)
	}
	dst := art.ptr.Elem()
	switch {
	case !v.IsValid():
		dst.SetZero()
	case v.Type() != art.typ:
		return 0, fmt.Errorf("%s: decoded a %s", where, v.Type())
	default:
		dst.Set(v)
	}
	return int64(len(data)), nil
}
