package lineage

import (
	"fmt"
	"slices"
	"strings"
)

// Graph is the dependency graph of the executions of a notebook: each execution
// depends, for every name it read, on the latest earlier execution that produced it.
//
// A cell is known by its CellID; an execution without one is a cell of its own. Only
// a cell's latest execution is judged stale, but every execution that produced a
// value still in the session, deleted cells' included, is a producer. A crashed
// execution produced nothing. A Graph changes only through Add; its other methods
// may be called concurrently with each other, not with Add.
type Graph struct {
	execs []Execution
	byID  map[string]int // execution id → position in execs, which is how executions are known here
	cells []string       // the cell key of each execution
	// latest maps a cell key to the position of its latest execution.
	latest  map[string]int
	deleted map[string]bool
	// deletedAt maps a cell key to the position of the execution that last said
	// it was deleted.
	deletedAt map[string]int
	// saw maps, for each execution, every name it read to the producer it saw.
	saw []map[string]int
	// base maps, for each execution, every name it produced from an existing value
	// (read or changed, not defined afresh) to the producer of that value.
	base []map[string]int
	// current maps a name to its latest producer: the value in the session now.
	current map[string]int
	// definers maps a name to the executions that defined it, in order; methods maps
	// a type name T to the executions that defined a method T.M.
	definers, methods map[string][]int
	// What Stale reports, kept up to date by Add: see stale.go.
	staleness
}

// StaleCell is a cell whose latest execution is out of date.
type StaleCell struct {
	CellID  string // the cell key: its id, or for an anonymous cell its execution's id
	Exec    Execution
	Reasons []StaleReason
}

// StaleReason is why a cell is stale: a name it read.
type StaleReason struct {
	Name string
	// By is the later execution that redefined or changed Name or, with ViaCell,
	// the execution of the stale cell that Name was read from.
	By Execution
	// ViaCell is the stale cell Name was read from, when the value itself has not
	// changed since but was computed from out-of-date inputs.
	ViaCell string
}

// NewGraph builds the graph of execs, given in log order.
func NewGraph(execs []Execution) *Graph {
	n := len(execs)
	g := &Graph{
		execs:     make([]Execution, 0, n),
		byID:      make(map[string]int, n),
		cells:     make([]string, 0, n),
		latest:    map[string]int{},
		deleted:   map[string]bool{},
		deletedAt: map[string]int{},
		saw:       make([]map[string]int, 0, n),
		base:      make([]map[string]int, 0, n),
		current:   map[string]int{},
		definers:  map[string][]int{},
		methods:   map[string][]int{},
		staleness: newStaleness(),
	}
	for _, e := range execs {
		g.Add(e)
	}
	return g
}

// Add puts e, the execution that follows the graph's last in log order, into the
// graph: a kernel extends its session's graph one execution at a time instead of
// building it again from the whole log for every cell.
func (g *Graph) Add(e Execution) {
	i := len(g.execs)
	g.execs = append(g.execs, e)
	g.byID[e.ID] = i
	cell := cellKey(&g.execs[i])
	g.cells = append(g.cells, cell)
	// Executions that stop being the latest of a live cell: the cell's previous one,
	// and the latest of each cell this one says was deleted.
	var gone []int
	if prev, ok := g.latest[cell]; ok && !g.deleted[cell] {
		gone = append(gone, prev)
	}
	g.latest[cell] = i
	// A cell run again after it was deleted (an undone deletion) is back.
	delete(g.deleted, cell)
	for _, c := range e.DeletedCells {
		g.deletedAt[c] = i
		if at, ok := g.latest[c]; ok && i > at {
			if !g.deleted[c] {
				gone = append(gone, at)
			}
			g.deleted[c] = true
		}
	}
	saw := g.producersOf(e.Read)
	g.saw = append(g.saw, saw)
	g.base = append(g.base, nil)
	g.segment = append(g.segment, nil)
	if e.Status != StatusCrashed {
		g.produce(i)
	}
	g.updateStaleness(i, saw, gone)
}

// cellKey is the key of the cell an execution belongs to.
func cellKey(e *Execution) string {
	if e.CellID == "" {
		return e.ID
	}
	return e.CellID
}

// producersOf maps each of names to its current producer, leaving out the names
// none produced.
func (g *Graph) producersOf(names []string) map[string]int {
	m := make(map[string]int, len(names))
	for _, name := range names {
		if p, ok := g.current[name]; ok {
			m[name] = p
		}
	}
	return m
}

// produce records the names execution i produced.
func (g *Graph) produce(i int) {
	e := &g.execs[i]
	var built []string // the names it produced from an existing value
	for _, name := range e.Producers() {
		if slices.Contains(e.Read, name) || !slices.Contains(e.Defined, name) {
			built = append(built, name)
		}
	}
	g.base[i] = g.producersOf(built)
	g.segment[i] = make(map[string]int, len(e.Producers()))
	for _, name := range e.Producers() {
		if q, ok := g.base[i][name]; ok {
			g.segment[i][name] = g.segment[q][name]
		} else {
			g.segment[i][name] = i
		}
		g.current[name] = i
	}
	for _, name := range e.Defined {
		g.definers[name] = append(g.definers[name], i)
		if typ, _, ok := strings.Cut(name, "."); ok {
			g.methods[typ] = append(g.methods[typ], i)
		}
	}
}

// Deps returns, for the execution with id, each name it read mapped to the id of
// the execution that produced the value it saw: the latest earlier execution that
// defined, changed or may have changed it. Names no earlier execution produced are
// left out; an unknown id has no dependencies.
func (g *Graph) Deps(id string) map[string]string {
	i, ok := g.byID[id]
	if !ok {
		return nil
	}
	deps := make(map[string]string, len(g.saw[i]))
	for name, p := range g.saw[i] {
		deps[name] = g.execs[p].ID
	}
	return deps
}

// live returns the positions of the latest executions of the cells not deleted,
// in log order.
func (g *Graph) live() []int {
	var out []int
	for c, i := range g.latest {
		if !g.deleted[c] {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// Latest returns the latest execution of each cell not deleted, in log order.
func (g *Graph) Latest() []Execution {
	var out []Execution
	for _, i := range g.live() {
		out = append(out, g.execs[i])
	}
	return out
}

// Slice returns the fewest executions, in log order, whose code run in that order
// from an empty session recomputes the given names as they are now: the latest
// producer of each name, then, for every execution included, the producers of the
// values it read and of the values it changed (it modified an existing value), and
// the methods of the types it defined (without types, which methods a later cell
// calls is unknown), up to a fixed point. It is an error to ask for a name no
// execution produced.
func (g *Graph) Slice(names ...string) ([]Execution, error) {
	var missing []string
	included := map[int]bool{}
	var todo []int
	include := func(p int) {
		if !included[p] {
			included[p] = true
			todo = append(todo, p)
		}
	}
	for _, name := range names {
		if p, ok := g.current[name]; ok {
			include(p)
		} else {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("lineage: no execution produced %s", strings.Join(missing, ", "))
	}
	for len(todo) > 0 {
		p := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, q := range g.saw[p] {
			include(q)
		}
		for _, q := range g.base[p] {
			include(q)
		}
		for _, q := range g.methodsOf(p) {
			include(q)
		}
	}
	positions := make([]int, 0, len(included))
	for p := range included {
		positions = append(positions, p)
	}
	slices.Sort(positions)
	out := make([]Execution, len(positions))
	for k, p := range positions {
		out[k] = g.execs[p]
	}
	return out, nil
}

// methodsOf returns the executions that defined methods on the types execution p
// defined, before those types were defined again.
func (g *Graph) methodsOf(p int) []int {
	var out []int
	for _, name := range g.execs[p].Defined {
		next := len(g.execs)
		if k := slices.IndexFunc(g.definers[name], func(q int) bool { return q > p }); k >= 0 {
			next = g.definers[name][k]
		}
		for _, q := range g.methods[name] {
			if p < q && q < next {
				out = append(out, q)
			}
		}
	}
	return out
}
