package snapshot

import (
	"fmt"
	"html"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
)

// A StateDiff compares two states of a session, variable by variable: what %diff
// shows between two executions.
type StateDiff struct {
	Added, Removed []string // names only one state has, sorted
	Changed        []VarDiff
	Unchanged      int // how many variables both states hold the same
	// Uncompared are variables left out, with why: a snapshot could not store
	// them (funcs, channels) or they cannot be loaded. The caller sets them.
	Uncompared map[string]string
}

// VarDiff is how one variable differs between two states.
type VarDiff struct {
	Name    string
	Changes []Change
}

// A Change is one difference inside a value, at Path from the variable (".f",
// "[3]", `["k"]`; "" is the variable itself), summarised for a person to read.
type Change struct {
	Path    string
	Summary string
}

// maxChanges bounds the changes listed for one variable: past it, a note says how
// many more there were. maxDiffDepth bounds how deep the comparison goes.
const (
	maxChanges   = 20
	maxDiffDepth = 32
)

// DiffStates compares the variables of state a with those of state b.
func DiffStates(a, b map[string]reflect.Value) StateDiff {
	var d StateDiff
	for name := range a {
		if _, ok := b[name]; !ok {
			d.Removed = append(d.Removed, name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			d.Added = append(d.Added, name)
		}
	}
	slices.Sort(d.Added)
	slices.Sort(d.Removed)
	var both []string
	for name := range a {
		if _, ok := b[name]; ok {
			both = append(both, name)
		}
	}
	slices.Sort(both)
	for _, name := range both {
		if changes := DiffValues(a[name], b[name]); len(changes) > 0 {
			d.Changed = append(d.Changed, VarDiff{Name: name, Changes: changes})
		} else {
			d.Unchanged++
		}
	}
	return d
}

// DiffValues summarises how b differs from a; nil when they are the same value.
func DiffValues(a, b reflect.Value) []Change {
	if sameValue(a, b) {
		return nil
	}
	c := &differ{seen: map[[2]uintptr]bool{}}
	func() {
		defer func() {
			if r := recover(); r != nil {
				c.add("", "changed (the comparison stopped: %v)", r)
			}
		}()
		c.diff("", a, b, 0)
	}()
	if c.more > 0 {
		c.changes = append(c.changes, Change{Summary: fmt.Sprintf("… and %d more changes", c.more)})
	}
	return c.changes
}

// sameValue compares by hash where both values can be hashed (the hash sees sharing,
// nil against empty, unexported fields), and with reflect.DeepEqual otherwise.
func sameValue(a, b reflect.Value) bool {
	if !a.IsValid() || !b.IsValid() {
		return a.IsValid() == b.IsValid()
	}
	ha, errA := Hash(a, HashOptions{})
	hb, errB := Hash(b, HashOptions{})
	if errA == nil && errB == nil {
		return ha == hb
	}
	return a.CanInterface() && b.CanInterface() && reflect.DeepEqual(a.Interface(), b.Interface())
}

type differ struct {
	changes []Change
	more    int
	seen    map[[2]uintptr]bool // pointer pairs being compared: cycles end here
}

func (c *differ) add(path, format string, args ...any) {
	if len(c.changes) >= maxChanges {
		c.more++
		return
	}
	c.changes = append(c.changes, Change{Path: path, Summary: fmt.Sprintf(format, args...)})
}

func (c *differ) diff(path string, a, b reflect.Value, depth int) {
	switch {
	case !a.IsValid() || !b.IsValid():
		c.add(path, "%s → %s", short(a), short(b))
		return
	case a.Type() != b.Type():
		c.add(path, "type %s → %s", a.Type(), b.Type())
		return
	case depth > maxDiffDepth:
		c.add(path, "changed (deeper than %d levels)", maxDiffDepth)
		return
	}
	if m, ok := asMatrix(a); ok {
		if n, ok := asMatrix(b); ok {
			c.diffMatrix(path, m, n)
			return
		}
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			c.add(path, "%s → %s", short(a), short(b))
			return
		}
		key := [2]uintptr{a.Pointer(), b.Pointer()}
		if c.seen[key] {
			return
		}
		c.seen[key] = true
		c.diff(path, a.Elem(), b.Elem(), depth+1)
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			c.add(path, "%s → %s", short(a), short(b))
			return
		}
		c.diff(path, a.Elem(), b.Elem(), depth+1)
	case reflect.Struct:
		c.diffStruct(path, a, b, depth)
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && (a.IsNil() != b.IsNil()) {
			c.add(path, "%s → %s", short(a), short(b))
			return
		}
		if isNumeric(a.Type().Elem().Kind()) {
			c.diffNumbers(path, a, b)
			return
		}
		c.diffElems(path, a, b, depth)
	case reflect.Map:
		c.diffMap(path, a, b, depth)
	case reflect.String:
		c.add(path, "%s", stringChange(a.String(), b.String()))
	default:
		if !sameValue(a, b) {
			c.add(path, "%s → %s", short(a), short(b))
		}
	}
}

func (c *differ) diffStruct(path string, a, b reflect.Value, depth int) {
	// Addressable, so that unexported fields can be read through their address.
	a, b = addressable(readable(a)), addressable(readable(b))
	for i := 0; i < a.NumField(); i++ {
		f := a.Type().Field(i)
		if f.Name == "_" {
			continue
		}
		fa, fb := readable(a.Field(i)), readable(b.Field(i))
		if !sameValue(fa, fb) {
			c.diff(path+"."+f.Name, fa, fb, depth+1)
		}
	}
}

// readable returns v, or a view of it whose unexported fields can be read.
func readable(v reflect.Value) reflect.Value {
	if v.CanInterface() {
		return v
	}
	return reflect.NewAt(v.Type(), addressable(v).Addr().UnsafePointer()).Elem()
}

func (c *differ) diffElems(path string, a, b reflect.Value, depth int) {
	if a.Len() != b.Len() {
		c.add(path, "length %d → %d", a.Len(), b.Len())
	}
	n := min(a.Len(), b.Len())
	for i := 0; i < n; i++ {
		ea, eb := readable(a.Index(i)), readable(b.Index(i))
		if !sameValue(ea, eb) {
			c.diff(fmt.Sprintf("%s[%d]", path, i), ea, eb, depth+1)
		}
	}
}

// diffNumbers summarises a numeric slice or array: how many elements changed, and
// by how much at most.
func (c *differ) diffNumbers(path string, a, b reflect.Value) {
	n := min(a.Len(), b.Len())
	changed, maxDelta, first := 0, 0.0, -1
	for i := 0; i < n; i++ {
		x, y := number(a.Index(i)), number(b.Index(i))
		if x == y || math.IsNaN(x) && math.IsNaN(y) {
			continue
		}
		changed++
		if first < 0 {
			first = i
		}
		if d := math.Abs(x - y); d > maxDelta || math.IsNaN(d) {
			maxDelta = d
		}
	}
	var parts []string
	if a.Len() != b.Len() {
		parts = append(parts, fmt.Sprintf("length %d → %d", a.Len(), b.Len()))
	}
	if changed > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d elements changed (first at [%d]), max |Δ| %g", changed, n, first, maxDelta))
	}
	if len(parts) > 0 {
		c.add(path, "%s", strings.Join(parts, "; "))
	}
}

func (c *differ) diffMap(path string, a, b reflect.Value, depth int) {
	if a.IsNil() != b.IsNil() {
		c.add(path, "%s → %s", short(a), short(b))
		return
	}
	var added, removed, changed []reflect.Value
	for _, k := range a.MapKeys() {
		vb := b.MapIndex(k)
		if !vb.IsValid() {
			removed = append(removed, k)
		} else if !sameValue(a.MapIndex(k), vb) {
			changed = append(changed, k)
		}
	}
	for _, k := range b.MapKeys() {
		if !a.MapIndex(k).IsValid() {
			added = append(added, k)
		}
	}
	var keys []string
	for _, k := range []struct {
		what string
		keys []reflect.Value
	}{{"added", added}, {"removed", removed}} {
		if len(k.keys) > 0 {
			keys = append(keys, keyList(k.what, k.keys))
		}
	}
	if len(keys) > 0 {
		c.add(path, "keys %s", strings.Join(keys, ", "))
	}
	sortKeys(changed)
	for _, k := range changed {
		c.diff(fmt.Sprintf("%s[%s]", path, short(k)), a.MapIndex(k), b.MapIndex(k), depth+1)
	}
}

// keyList is `added 2 ("a", "b")` for a few keys, "added 1200" for many.
func keyList(what string, keys []reflect.Value) string {
	sortKeys(keys)
	s := fmt.Sprintf("%s %d", what, len(keys))
	if len(keys) <= 5 {
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = short(k)
		}
		s += " (" + strings.Join(names, ", ") + ")"
	}
	return s
}

// sortKeys orders map keys by their printed form, for a stable report.
func sortKeys(keys []reflect.Value) {
	slices.SortFunc(keys, func(x, y reflect.Value) int { return strings.Compare(short(x), short(y)) })
}

// A matrix is what gonum's mat.Matrix offers: compared element by element.
type matrix interface {
	Dims() (r, c int)
	At(i, j int) float64
}

func asMatrix(v reflect.Value) (matrix, bool) {
	if !v.CanInterface() {
		return nil, false
	}
	m, ok := v.Interface().(matrix)
	if !ok && v.CanAddr() {
		m, ok = v.Addr().Interface().(matrix)
	}
	return m, ok
}

func (c *differ) diffMatrix(path string, a, b matrix) {
	ra, ca := a.Dims()
	rb, cb := b.Dims()
	if ra != rb || ca != cb {
		c.add(path, "dimensions %d×%d → %d×%d", ra, ca, rb, cb)
		return
	}
	changed, maxDelta := 0, 0.0
	for i := 0; i < ra; i++ {
		for j := 0; j < ca; j++ {
			x, y := a.At(i, j), b.At(i, j)
			if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
				changed++
				maxDelta = max(maxDelta, math.Abs(x-y))
			}
		}
	}
	if changed > 0 {
		c.add(path, "%d of %d elements changed, max |Δ| %g", changed, ra*ca, maxDelta)
	}
}

func isNumeric(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

func number(v reflect.Value) float64 {
	switch {
	case v.CanInt():
		return float64(v.Int())
	case v.CanUint():
		return float64(v.Uint())
	default:
		return v.Float()
	}
}

// stringChange summarises how a string changed: the lines added and removed for a
// text of several lines, both strings whole when short, else the part that differs
// between their common prefix and suffix.
func stringChange(a, b string) string {
	const shortLen = 60
	if strings.Count(a, "\n") > 2 || strings.Count(b, "\n") > 2 {
		lines := func(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }
		if s, ok := lineChange(lines(a), lines(b)); ok {
			return s
		}
	}
	if len(a) <= shortLen && len(b) <= shortLen {
		return fmt.Sprintf("%q → %q", a, b)
	}
	p := commonPrefix(a, b)
	s := commonSuffix(a[p:], b[p:])
	return fmt.Sprintf("length %d → %d; at byte %d: %q → %q", len(a), len(b), p, clip(a[p:len(a)-s]), clip(b[p:len(b)-s]))
}

// lineChange counts the lines added and removed (a longest common subsequence),
// for texts of up to 2,000 lines.
func lineChange(a, b []string) (string, bool) {
	if len(a) > 2000 || len(b) > 2000 {
		return "", false
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	common := int(lcs[0][0])
	return fmt.Sprintf("%d lines → %d: %d removed, %d added", len(a), len(b), len(a)-common, len(b)-common), true
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func clip(s string) string {
	const n = 40
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// short prints a value in a few characters, for a summary.
func short(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		if v.IsNil() {
			return "nil"
		}
	}
	switch v.Kind() {
	case reflect.Map, reflect.Slice, reflect.Array:
		return fmt.Sprintf("%s (len %d)", v.Type(), v.Len())
	case reflect.Struct, reflect.Pointer:
		return v.Type().String()
	}
	v = readable(v)
	return clip(fmt.Sprintf("%#v", v.Interface()))
}

// Text renders the diff as plain text.
func (d StateDiff) Text() string {
	var b strings.Builder
	if len(d.Added)+len(d.Removed)+len(d.Changed) == 0 {
		fmt.Fprintf(&b, "No differences (%d variables the same).\n", d.Unchanged)
		d.writeUncompared(&b)
		return b.String()
	}
	if len(d.Added) > 0 {
		fmt.Fprintf(&b, "added: %s\n", strings.Join(d.Added, ", "))
	}
	if len(d.Removed) > 0 {
		fmt.Fprintf(&b, "removed: %s\n", strings.Join(d.Removed, ", "))
	}
	for _, v := range d.Changed {
		fmt.Fprintf(&b, "changed: %s\n", v.Name)
		for _, c := range v.Changes {
			fmt.Fprintf(&b, "  %s%s %s\n", v.Name, c.Path, c.Summary)
		}
	}
	fmt.Fprintf(&b, "unchanged: %d\n", d.Unchanged)
	d.writeUncompared(&b)
	return b.String()
}

func (d StateDiff) writeUncompared(b *strings.Builder) {
	for _, name := range slices.Sorted(maps.Keys(d.Uncompared)) {
		fmt.Fprintf(b, "not compared: %s (%s)\n", name, d.Uncompared[name])
	}
}

// HTML renders the diff as a table.
func (d StateDiff) HTML() string {
	var b strings.Builder
	b.WriteString("<table>\n<thead><tr><th>variable</th><th>change</th></tr></thead>\n<tbody>\n")
	row := func(name, what string) {
		fmt.Fprintf(&b, "<tr><td><code>%s</code></td><td>%s</td></tr>\n", html.EscapeString(name), html.EscapeString(what))
	}
	for _, n := range d.Added {
		row(n, "added")
	}
	for _, n := range d.Removed {
		row(n, "removed")
	}
	for _, v := range d.Changed {
		for _, c := range v.Changes {
			row(v.Name+c.Path, c.Summary)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(d.Uncompared)) {
		row(name, "not compared: "+d.Uncompared[name])
	}
	fmt.Fprintf(&b, "</tbody>\n</table>\n<p>%d variable(s) unchanged.</p>\n", d.Unchanged)
	return b.String()
}
