package lineage

import (
	"container/heap"
	"maps"
	"slices"
)

// Staleness is kept up to date as executions are added, rather than judged again
// for every live cell whenever it is asked for: the kernel asks after every
// execution, and in a session without cell ids (jupyter console) every execution is
// a live cell of its own, so judging them all made each execution cost more than the
// one before (bench/soak: 3.4 ms of kernel CPU per execution at the start of 10,000,
// 16.1 ms at the end).
//
// An execution's staleness depends only on the current producers of the names it
// read, on whether the producers it read from are live and stale, and on whether it
// is live itself. So when execution j is added, the executions to judge again are:
// j; the readers of each name j produced (their input changed); the readers of an
// execution that stopped being live (its cell ran again or was deleted), if it was
// stale; and, in turn, the readers of every execution whose staleness changed. They
// are judged in log order, so that each one's producers are settled first, exactly
// as a judgement of all live cells in log order would.

// staleness is the part of a Graph that Add keeps up to date for Stale.
type staleness struct {
	// segment maps, for each execution, every name it produced to the first execution
	// of its run of producers: those that each built the name on the one before (see
	// builtOn). A fresh definition starts a run.
	segment []map[string]int
	// readers maps a name to the executions that read it, in log order.
	readers map[string][]int
	// sawFrom maps an execution to the executions that read a value it produced.
	sawFrom map[int][]int
	// staleOf maps each live stale execution to why it is stale.
	staleOf map[int][]StaleReason
}

func newStaleness() staleness {
	return staleness{readers: map[string][]int{}, sawFrom: map[int][]int{}, staleOf: map[int][]StaleReason{}}
}

// Stale returns the cells that are out of date, in log order of their latest
// execution. A cell is stale when, for a name its latest execution read:
//   - a later execution (of another cell, since it is the latest of its own)
//     produced the name again: its input changed after it ran. When the cell
//     itself produced the name too and the later value was built on its own (an
//     append in a later cell to a slice it appended to), that is the notebook
//     going on, not an input changing, and it is not stale;
//   - or it read the name from the latest execution of a cell that is stale
//     (ViaCell).
//
// Deleted cells are never stale, and do not make the cells reading from them so.
func (g *Graph) Stale() []StaleCell {
	out := make([]StaleCell, 0, len(g.staleOf))
	for _, i := range slices.Sorted(maps.Keys(g.staleOf)) {
		out = append(out, StaleCell{CellID: g.cells[i], Exec: g.execs[i], Reasons: g.staleOf[i]})
	}
	return out
}

// isLive reports whether execution i is the latest of a cell not deleted.
func (g *Graph) isLive(i int) bool {
	c := g.cells[i]
	return g.latest[c] == i && !g.deleted[c]
}

// updateStaleness brings staleOf up to date after Add appended execution j, which
// read from the producers in saw; gone are the executions that stopped being live.
func (g *Graph) updateStaleness(j int, saw map[string]int, gone []int) {
	e := &g.execs[j]
	for _, name := range e.Read {
		g.readers[name] = append(g.readers[name], j)
	}
	for _, p := range saw {
		g.sawFrom[p] = append(g.sawFrom[p], j)
	}
	var todo judgeQueue
	todo.add(j)
	for _, k := range gone {
		if _, was := g.staleOf[k]; was {
			delete(g.staleOf, k)
			todo.add(g.sawFrom[k]...)
		}
	}
	if e.Status != StatusCrashed {
		for _, name := range e.Producers() {
			todo.add(g.readers[name]...)
		}
	}
	// Judge in log order; a change of staleness adds the executions that read from
	// the one judged, which all come after it.
	for todo.Len() > 0 {
		i := todo.next()
		if !g.isLive(i) {
			continue
		}
		_, was := g.staleOf[i]
		reasons := g.staleReasons(i)
		if len(reasons) > 0 {
			g.staleOf[i] = reasons
		} else {
			delete(g.staleOf, i)
		}
		if was != (len(reasons) > 0) {
			todo.add(g.sawFrom[i]...)
		}
	}
}

// judgeQueue is the executions left to judge, smallest position first, each once.
type judgeQueue struct {
	positions []int
	queued    map[int]bool
}

func (q *judgeQueue) add(ps ...int) {
	if q.queued == nil {
		q.queued = map[int]bool{}
	}
	for _, p := range ps {
		if !q.queued[p] {
			q.queued[p] = true
			heap.Push(q, p)
		}
	}
}

// next removes and returns the smallest position queued.
func (q *judgeQueue) next() int {
	p := heap.Pop(q).(int)
	delete(q.queued, p)
	return p
}

// heap.Interface, over positions.
func (q *judgeQueue) Len() int           { return len(q.positions) }
func (q *judgeQueue) Less(a, b int) bool { return q.positions[a] < q.positions[b] }
func (q *judgeQueue) Swap(a, b int)      { q.positions[a], q.positions[b] = q.positions[b], q.positions[a] }
func (q *judgeQueue) Push(x any)         { q.positions = append(q.positions, x.(int)) }
func (q *judgeQueue) Pop() any {
	p := q.positions[len(q.positions)-1]
	q.positions = q.positions[:len(q.positions)-1]
	return p
}

// staleReasons returns why execution i is out of date, given the staleness of the
// executions before it.
func (g *Graph) staleReasons(i int) []StaleReason {
	var reasons []StaleReason
	for _, name := range g.execs[i].Read {
		if cur, ok := g.current[name]; ok && cur > i && !g.builtOn(cur, i, name) {
			reasons = append(reasons, StaleReason{Name: name, By: g.execs[cur]})
			continue
		}
		if p, ok := g.saw[i][name]; ok && g.isLive(p) {
			if _, stale := g.staleOf[p]; stale {
				reasons = append(reasons, StaleReason{Name: name, By: g.execs[p], ViaCell: g.cells[p]})
			}
		}
	}
	return reasons
}

// builtOn reports whether the value of name that execution p produced was built,
// change by change, on the one execution i produced: whether i is p or an earlier
// producer in p's run of producers of name.
func (g *Graph) builtOn(p, i int, name string) bool {
	if i > p {
		return false
	}
	si, ok := g.segment[i][name]
	return ok && g.segment[p][name] == si
}
