package lineage

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// staleFromScratch judges every live cell of g in log order, following the
// definition of Stale directly: the judgement Add keeps up to date must always equal
// it. builtOn is followed link by link through base, as its definition reads.
func staleFromScratch(g *Graph) []StaleCell {
	var live []int
	for c, i := range g.latest {
		if !g.deleted[c] {
			live = append(live, i)
		}
	}
	slices.Sort(live)
	builtOn := func(p, i int, name string) bool {
		for p > i {
			q, ok := g.base[p][name]
			if !ok {
				return false
			}
			p = q
		}
		return p == i
	}
	stale := map[string]bool{}
	var out []StaleCell
	for _, i := range live {
		var reasons []StaleReason
		for _, name := range g.execs[i].Read {
			if cur, ok := g.current[name]; ok && cur > i && !builtOn(cur, i, name) {
				reasons = append(reasons, StaleReason{Name: name, By: g.execs[cur]})
				continue
			}
			if p, ok := g.saw[i][name]; ok && g.latest[g.cells[p]] == p && stale[g.cells[p]] {
				reasons = append(reasons, StaleReason{Name: name, By: g.execs[p], ViaCell: g.cells[p]})
			}
		}
		if len(reasons) > 0 {
			stale[g.cells[i]] = true
			out = append(out, StaleCell{CellID: g.cells[i], Exec: g.execs[i], Reasons: reasons})
		}
	}
	return out
}

// TestStaleKeptUpToDateMatchesJudgingAll adds random executions one at a time
// (cells run again, anonymous cells, crashes, deletions, definitions, reads,
// changes and appends to a few names) and checks after each that Stale, kept up to
// date by Add, equals judging every live cell from scratch.
func TestStaleKeptUpToDateMatchesJudgingAll(t *testing.T) {
	names := []string{"a", "b", "c", "d", "T", "T.M"}
	cells := []string{"A", "B", "C", "D", "E", ""}
	pick := func(r *rand.Rand, max int) string {
		var out []string
		for _, n := range names {
			if r.IntN(len(names)) < max {
				out = append(out, n)
			}
		}
		return fmt.Sprint(joinSpace(out))
	}
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 1))
		g := NewGraph(nil)
		for n := 1; n <= 40; n++ {
			e := run(n, cells[r.IntN(len(cells))], pick(r, 1), pick(r, 2), pick(r, 1))
			switch r.IntN(10) {
			case 0:
				e = crashed(e)
			case 1:
				e = deleting(e, cells[r.IntN(len(cells)-1)])
			case 2:
				e = unconfirmed(e, names[r.IntN(len(names))])
			case 3, 4:
				// An append: the cell reads and changes the same name.
				name := names[r.IntN(4)]
				e.Read, e.Changed = append(e.Read, name), append(e.Changed, name)
			}
			g.Add(e)
			if got, want := staleString(g.Stale()), staleString(staleFromScratch(g)); got != want {
				t.Fatalf("seed %d, after execution %d: Stale = %s, judging every live cell gives %s", seed, n, got, want)
			}
		}
	}
}

func joinSpace(s []string) string {
	out := ""
	for k, x := range s {
		if k > 0 {
			out += " "
		}
		out += x
	}
	return out
}
