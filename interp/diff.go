package interp

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/snapshot"
)

// diff compares two states of the session, value by value (%diff): two snapshots, or
// a snapshot and the session now.
func (w *worker) diff(req workerproto.DiffRequest) workerproto.DiffReply {
	sn := w.snap
	sn.wait()
	if err := sn.open(req.Dir); err != nil {
		return workerproto.DiffReply{Error: err.Error()}
	}
	now := map[string]reflect.Value{}
	for name, v := range w.session.globals() {
		if isSessionVariable(name) {
			now[name] = v
		}
	}
	types := newRestoreTypes(w.session, now)
	uncompared := map[string]string{}
	a, err := w.loadState(req.A, now, types, uncompared)
	if err != nil {
		return workerproto.DiffReply{Error: err.Error()}
	}
	b, err := w.loadState(req.B, now, types, uncompared)
	if err != nil {
		return workerproto.DiffReply{Error: err.Error()}
	}
	// A variable one side could not give is left out of both, not reported added
	// or removed.
	for name := range uncompared {
		delete(a, name)
		delete(b, name)
	}
	d := snapshot.DiffStates(a, b)
	d.Uncompared = uncompared
	head := fmt.Sprintf("%s → %s", req.ALabel, req.BLabel)
	return workerproto.DiffReply{Text: head + "\n" + d.Text(), HTML: "<p><b>" + head + "</b></p>" + d.HTML()}
}

// loadState decodes the stored values of snapshot id ("" for the session now), each
// into the type of the session's variable of that name when the snapshot recorded the
// same type, else into the type the encoding names. Values the snapshot could not
// store, or that cannot be decoded here, are left out and added to uncompared with
// why; an error is for a snapshot that cannot be read at all.
func (w *worker) loadState(id string, now map[string]reflect.Value, types *restoreTypes, uncompared map[string]string) (map[string]reflect.Value, error) {
	if id == "" {
		return now, nil
	}
	m, err := w.snap.store.ReadManifest(id)
	if err != nil {
		return nil, err
	}
	state := map[string]reflect.Value{}
	for _, name := range slices.Sorted(maps.Keys(m.Vars)) {
		e := m.Vars[name]
		if e.ReplayOnly != "" {
			uncompared[name] = "not stored: " + e.ReplayOnly
		}
		if _, done := state[name]; done || e.Ref.IsZero() {
			continue
		}
		members := e.Shared
		if len(members) == 0 {
			members = []string{name}
		}
		var memberTypes []reflect.Type
		for _, n := range members {
			var t reflect.Type // nil: the type the encoding names
			if v, ok := now[n]; ok && v.Type().String() == m.Vars[n].Type {
				t = v.Type()
			} else if len(members) > 1 {
				break // a struct of the group needs every type
			}
			memberTypes = append(memberTypes, t)
		}
		if len(memberTypes) < len(members) {
			continue // variables stored together whose types have changed since
		}
		data, err := w.snap.store.ReadAll(e.Ref)
		if err != nil {
			return nil, fmt.Errorf("%s in snapshot %s: %w", name, id, err)
		}
		if len(members) == 1 {
			v, err := snapshot.Decode(bytes.NewReader(data), memberTypes[0], types)
			if err != nil {
				uncompared[name] = "cannot be loaded: " + err.Error()
				continue
			}
			state[name] = v
			continue
		}
		values, err := decodeGroup(data, members, memberTypes, types)
		if err != nil {
			for _, n := range members {
				uncompared[n] = "cannot be loaded with " + strings.Join(members, ", ") + ": " + err.Error()
			}
			continue
		}
		maps.Copy(state, values)
	}
	return state, nil
}
