package interp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/interp/prepare"
	"github.com/gokernel/gokernel/snapshot"
)

// snapshotter takes the worker's snapshots: after each successful execution, the
// variables it defined or changed are encoded into memory before the reply (so the
// next cell cannot change them underneath), then compressed and written to the store
// by a goroutine while the user reads the result. The next request that runs user code
// waits for that write, so a crash loses at most the cell that crashed.
//
// Each manifest lists every variable of the session: those the execution did not
// touch keep the entries of the snapshot before, naming the same objects.
type snapshotter struct {
	send func(workerproto.SnapshotDone)

	// writing is closed when the write in progress ends; nil when none is. The
	// worker's reading loop waits for it too, at the end, hence the lock.
	writingMu sync.Mutex
	writing   chan struct{}

	// The state below is the last snapshot written; the write goroutine sets it, and
	// it is read only after wait.
	store    *snapshot.Store
	dir      string
	parent   string
	entries  map[string]snapshot.VarEntry
	decls    []byte // the declarations' JSON, as stored under declsRef
	declsRef snapshot.Ref
	// full is set when entries may not hold the session as it is: no snapshot yet,
	// one that failed, or executions while snapshots were off. The next snapshot then
	// encodes every variable.
	full bool
	// dirty are the variables changed by executions since the last snapshot that
	// were not snapshotted themselves: a cell that failed halfway.
	dirty map[string]bool
	// blocks are the block tables of the values last stored in fixed blocks, by their
	// variables' names joined by commas (see pendingValue).
	blocks map[string]*snapshot.Blocks
	// inits are the initializers of the variables a restore declared with their type
	// alone: they recompute values the snapshot could not store, and the session now
	// holds only the bare declaration.
	inits map[string]string
}

func newSnapshotter(send func(workerproto.SnapshotDone)) *snapshotter {
	return &snapshotter{send: send, full: true, entries: map[string]snapshot.VarEntry{}, dirty: map[string]bool{}, blocks: map[string]*snapshot.Blocks{}}
}

// wait returns once the snapshot being written, if any, is durable or failed.
func (sn *snapshotter) wait() {
	sn.writingMu.Lock()
	writing := sn.writing
	sn.writingMu.Unlock()
	if writing != nil {
		<-writing
	}
}

// open opens the store in dir, reusing the one open when it is the same.
func (sn *snapshotter) open(dir string) error {
	if sn.store != nil && sn.dir == dir {
		return nil
	}
	st, err := snapshot.OpenStore(dir)
	if err != nil {
		return err
	}
	if sn.dir != "" && sn.dir != dir {
		// Another store: the entries and block tables name objects it lacks.
		sn.full, sn.parent = true, ""
		clear(sn.blocks)
	}
	sn.store, sn.dir = st, dir
	return nil
}

// isSessionVariable reports whether name is a variable of the user's, not one the
// worker declared for itself.
func isSessionVariable(name string) bool {
	return !strings.HasPrefix(name, "__gk") && name != "_"
}

// afterExecution snapshots what an execution did to the session, when spec asks for
// snapshots. ok says the execution succeeded; names are the variables it defined or
// may have changed; declared says it declared something (the declarations change).
func (sn *snapshotter) afterExecution(s *Session, spec *workerproto.SnapshotSpec, execID string, ok bool, names []string, declared bool) {
	sn.wait()
	if spec == nil {
		// Unrecorded executions: the next snapshot cannot build on the last.
		if len(names) > 0 || declared {
			sn.full = true
		}
		return
	}
	if !ok {
		for _, n := range names {
			sn.dirty[n] = true
		}
		return
	}
	for n := range sn.dirty {
		names = append(names, n)
	}
	sn.take(s, spec, execID, names, declared)
}

// take copies the named variables (every one when the last snapshot cannot be built
// on) and starts writing the snapshot.
func (sn *snapshotter) take(s *Session, spec *workerproto.SnapshotSpec, execID string, names []string, declared bool) {
	start := time.Now()
	done := workerproto.SnapshotDone{Execution: execID}
	if err := sn.open(spec.Dir); err != nil {
		done.Error = err.Error()
		sn.full = true
		sn.send(done)
		return
	}
	if len(sn.blocks) > 0 {
		// The block tables name the objects of the last snapshot, which exist as
		// long as its manifest does (a gc --keep 0 may have removed both).
		if _, err := sn.store.ReadManifest(sn.parent); err != nil {
			clear(sn.blocks)
		}
	}
	vars := s.globals()
	full := sn.full
	if full {
		names = slices.Collect(maps.Keys(vars))
		declared = true
	}
	entries := maps.Clone(sn.entries)
	changed := false
	for name := range entries {
		if _, ok := vars[name]; !ok {
			delete(entries, name) // forgotten or dropped
			changed = true
		}
	}
	encoded := map[string]*pendingValue{}
	var stored []string
	types := s.compiledNames()
	for _, group := range sn.groups(s, names, vars, entries) {
		changed = true
		st, n := sn.encodeVariables(group, vars, entries, encoded, types)
		stored = append(stored, st...)
		done.Bytes += n
	}
	slices.Sort(stored)
	var decls []byte
	if declared || sn.declsRef.IsZero() {
		d := s.prep.Declarations(s.imports)
		sn.keepInitializers(&d)
		if b, err := json.Marshal(d); err == nil && !bytes.Equal(b, sn.decls) {
			decls, changed = b, true
		}
	}
	for _, pv := range encoded {
		done.Changed += pv.w.Changed()
	}
	if !changed && !full {
		// The session is as the last snapshot has it, which is then also the
		// state after this execution.
		if sn.parent != "" {
			done.Manifest = sn.parent
			sn.send(done)
		}
		return
	}
	done.CopyMillis = millis(time.Since(start))

	writing := make(chan struct{})
	sn.writingMu.Lock()
	sn.writing = writing
	sn.writingMu.Unlock()
	go func() {
		defer close(writing)
		wstart := time.Now()
		m, err := sn.write(spec, execID, entries, encoded, decls)
		done.WriteMillis = millis(time.Since(wstart))
		if err != nil {
			done.Error = err.Error()
			sn.full = true
			clear(sn.blocks) // the next snapshot stores everything anew
		} else {
			done.Manifest = m.ID
			for _, name := range slices.Sorted(maps.Keys(entries)) {
				if r := entries[name].ReplayOnly; r != "" && (full || slices.Contains(names, name)) {
					if done.ReplayOnly == nil {
						done.ReplayOnly = map[string]string{}
					}
					done.ReplayOnly[name] = r
				}
			}
			done.Stored = stored
		}
		sn.send(done)
	}()
}

// write stores the encoded values and the declarations, then the manifest, and makes
// it the last snapshot.
func (sn *snapshotter) write(spec *workerproto.SnapshotSpec, execID string, entries map[string]snapshot.VarEntry, encoded map[string]*pendingValue, decls []byte) (*snapshot.Manifest, error) {
	blocks := map[string]*snapshot.Blocks{}
	for _, name := range slices.Sorted(maps.Keys(encoded)) {
		pv := encoded[name]
		size := int64(pv.w.Len())
		var ref snapshot.Ref
		var err error
		if _, had := sn.blocks[pv.key]; had || size >= blockThreshold {
			var b *snapshot.Blocks
			ref, b, err = sn.store.PutBlocks(pv.w)
			blocks[pv.key] = b
		} else {
			var r io.Reader
			if r, err = pv.w.Reader(); err == nil {
				ref, err = sn.store.PutStream(r)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("storing %s: %w", name, err)
		}
		members := entries[name].Shared
		if len(members) == 0 {
			members = []string{name}
		}
		for _, member := range members {
			e := entries[member]
			e.Ref, e.Size = ref, size
			entries[member] = e
		}
	}
	declsRef := sn.declsRef
	if decls != nil {
		ref, err := sn.store.PutStream(bytes.NewReader(decls))
		if err != nil {
			return nil, fmt.Errorf("storing the declarations: %w", err)
		}
		declsRef = ref
	}
	m := &snapshot.Manifest{Session: spec.Session, Execution: execID, Parent: sn.parent, Vars: entries, Decls: declsRef}
	if err := sn.store.WriteManifest(m); err != nil {
		return nil, err
	}
	sn.parent, sn.entries, sn.declsRef, sn.full = m.ID, entries, declsRef, false
	// The block tables of the values written, and only of variables still stored
	// the same way: a table compares the same variables' encodings.
	for key := range sn.blocks {
		if _, ok := entries[strings.Split(key, ",")[0]]; !ok {
			delete(sn.blocks, key)
		}
	}
	maps.Copy(sn.blocks, blocks)
	if decls != nil {
		sn.decls = decls
	}
	clear(sn.dirty)
	return m, nil
}

// encodeVariables encodes a group of variables that may share memory into encoded,
// as one value when there are several, and sets their entries; it returns those it
// encoded and the bytes. Variables that cannot be stored get a replay-only entry:
// those holding a func or a channel, and those holding a value whose type a new
// worker could not name (types, see compiledNames). One such variable must not keep
// the others of its group from being restored.
func (sn *snapshotter) encodeVariables(group []string, vars map[string]reflect.Value, entries map[string]snapshot.VarEntry, encoded map[string]*pendingValue, types snapshot.TypeResolver) (stored []string, size int64) {
	replayOnly := func(name string, err error) {
		entries[name] = snapshot.VarEntry{Type: vars[name].Type().String(), ReplayOnly: replayOnlyReason(name, err)}
	}
	if len(group) > 1 {
		buf, err := sn.encodeGroup(group, vars, types)
		if err != nil {
			// Members that cannot be stored (a func, a channel) are left to replay;
			// the others still share what they share.
			var storable []string
			for _, name := range group {
				if err := snapshot.EncodableFor(vars[name], types); err != nil {
					replayOnly(name, err)
				} else {
					storable = append(storable, name)
				}
			}
			group = storable
			if len(group) > 1 {
				buf, err = sn.encodeGroup(group, vars, types)
			}
		}
		if err == nil && len(group) > 1 {
			for _, name := range group {
				entries[name] = snapshot.VarEntry{Type: vars[name].Type().String(), Shared: group}
			}
			encoded[group[0]] = buf
			return group, int64(buf.w.Len())
		}
	}
	for _, name := range group {
		pv := sn.newPendingValue(name)
		if err := snapshot.EncodeFor(pv.w, vars[name], types); err != nil {
			replayOnly(name, err)
			continue
		}
		entries[name] = snapshot.VarEntry{Type: vars[name].Type().String()}
		encoded[name] = pv
		stored = append(stored, name)
		size += int64(pv.w.Len())
	}
	return stored, size
}

// groups returns the variables to store: those named, those that may share memory
// with them (the session's aliases), and those stored together with them before; as
// groups that may share memory, each sorted, to be stored together.
func (sn *snapshotter) groups(s *Session, names []string, vars map[string]reflect.Value, entries map[string]snapshot.VarEntry) [][]string {
	in := map[string]bool{}
	var visit func(string)
	visit = func(name string) {
		if _, ok := vars[name]; in[name] || !ok || !isSessionVariable(name) {
			return
		}
		in[name] = true
		for other := range s.aliases[name] {
			visit(other)
		}
		for _, other := range entries[name].Shared {
			visit(other)
		}
	}
	for _, name := range names {
		visit(name)
	}
	// Components of the alias graph among them.
	placed := map[string]bool{}
	var groups [][]string
	for _, name := range slices.Sorted(maps.Keys(in)) {
		if placed[name] {
			continue
		}
		group := []string{}
		var walk func(string)
		walk = func(n string) {
			if placed[n] || !in[n] {
				return
			}
			placed[n] = true
			group = append(group, n)
			for other := range s.aliases[n] {
				walk(other)
			}
		}
		walk(name)
		slices.Sort(group)
		groups = append(groups, group)
	}
	return groups
}

// groupType is the struct whose fields, in order, hold variables of the given types:
// a group of variables is encoded as one value of it.
func groupType(types []reflect.Type) (t reflect.Type, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("no struct holds these types: %v", r)
		}
	}()
	fields := make([]reflect.StructField, len(types))
	for i, ft := range types {
		fields[i] = reflect.StructField{Name: fmt.Sprintf("V%d", i), Type: ft}
	}
	return reflect.StructOf(fields), nil
}

// encodeGroup encodes the variables names as the fields of one struct, so that the
// encoding records what they share.
func (sn *snapshotter) encodeGroup(names []string, vars map[string]reflect.Value, types snapshot.TypeResolver) (*pendingValue, error) {
	fields := make([]reflect.Type, len(names))
	for i, n := range names {
		fields[i] = vars[n].Type()
	}
	t, err := groupType(fields)
	if err != nil {
		return nil, err
	}
	g := reflect.New(t).Elem()
	for i, n := range names {
		g.Field(i).Set(vars[n])
	}
	pv := sn.newPendingValue(strings.Join(names, ","))
	if err := snapshot.EncodeFor(pv.w, g, types); err != nil {
		return nil, err
	}
	return pv, nil
}

// decodeGroup decodes a group of variables stored together, each into its type.
func decodeGroup(data []byte, names []string, types []reflect.Type, resolver snapshot.TypeResolver) (map[string]reflect.Value, error) {
	t, err := groupType(types)
	if err != nil {
		return nil, err
	}
	g, err := snapshot.Decode(bytes.NewReader(data), t, resolver)
	if err != nil {
		return nil, err
	}
	out := make(map[string]reflect.Value, len(names))
	for i, n := range names {
		out[n] = g.Field(i)
	}
	return out, nil
}

// A pendingValue is the encoding of a variable, or of variables stored together,
// copied before the reply and written after it.
type pendingValue struct {
	w *snapshot.BlockWriter
	// key names the value's block table in the snapshotter: its variables.
	key string
}

// blockThreshold is the size from which a value is stored in fixed blocks rather than
// content-defined chunks: a large value is what a cell changes a little at a time, and
// its next snapshot then copies and writes only the blocks that changed.
const blockThreshold = 8 << 20

// newPendingValue returns the value to encode the variables of key into, compared
// against their last snapshot when it was stored in blocks.
func (sn *snapshotter) newPendingValue(key string) *pendingValue {
	return &pendingValue{w: snapshot.NewBlockWriter(sn.blocks[key]), key: key}
}

// keepInitializers puts back the initializers of variables a restore declared by
// type alone, as long as no cell declared them again since: without them a value
// only replay can make would be lost at the second restore.
func (sn *snapshotter) keepInitializers(d *prepare.Declarations) {
	for name, src := range d.Initializers {
		if old, ok := sn.inits[name]; ok && !strings.Contains(src, "=") {
			d.Initializers[name] = old
		}
	}
}

// replayOnlyReason says why the value of name cannot be stored.
func replayOnlyReason(name string, err error) string {
	var ue *snapshot.UnhashableError
	if errors.As(err, &ue) {
		return fmt.Sprintf("%s%s is a %s: %s", name, ue.Path, ue.Type, ue.Reason)
	}
	return err.Error()
}

// variableTypes returns the reflect types of values, for a type resolver.
func variableTypes(vars map[string]reflect.Value) []reflect.Type {
	var out []reflect.Type
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		if v := vars[name]; v.IsValid() {
			out = append(out, v.Type())
		}
	}
	return out
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// snapshotNow snapshots every variable of the session (%snapshot) and waits until the
// snapshot is durable.
func (w *worker) snapshotNow(req workerproto.SnapshotRequest) workerproto.SnapshotDone {
	sn := w.snap
	sn.wait()
	var done workerproto.SnapshotDone
	send := sn.send
	sn.send = func(d workerproto.SnapshotDone) { done = d }
	defer func() { sn.send = send }()
	sn.full = true
	sn.take(w.session, &req.SnapshotSpec, req.Execution, nil, true)
	sn.wait()
	return done
}
