package lineage

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// run is execution number n (id "e<n>", count n) of cell, with the names it
// defined, read and changed, space-separated.
func run(n int, cell, defined, read, changed string) Execution {
	return Execution{
		ID: fmt.Sprint("e", n), CellID: cell, Count: n, Status: StatusOK,
		Defined: strings.Fields(defined), Read: strings.Fields(read), Changed: strings.Fields(changed),
	}
}

func crashed(e Execution) Execution {
	e.Status = StatusCrashed
	return e
}

func deleting(e Execution, cells ...string) Execution {
	e.DeletedCells = cells
	return e
}

func unconfirmed(e Execution, names ...string) Execution {
	e.Unconfirmed = names
	return e
}

// staleString writes stale cells as "B(x@e3)" for a name changed by e3 and
// "C(y~B)" for a name read from the stale cell B.
func staleString(cells []StaleCell) string {
	var out []string
	for _, c := range cells {
		var why []string
		for _, r := range c.Reasons {
			if r.ViaCell != "" {
				why = append(why, r.Name+"~"+r.ViaCell)
			} else {
				why = append(why, r.Name+"@"+r.By.ID)
			}
		}
		out = append(out, c.CellID+"("+strings.Join(why, ",")+")")
	}
	return strings.Join(out, " ")
}

func ids(execs []Execution) string {
	var out []string
	for _, e := range execs {
		out = append(out, e.ID)
	}
	return strings.Join(out, " ")
}

var graphCases = []struct {
	name   string
	execs  []Execution
	stale  string            // see staleString
	latest string            // ids of Latest, when checked
	slices map[string]string // names asked → ids of the slice, or "error"
	deps   map[string]string // execution id → "name<-id ..."
}{
	{
		name:   "linear",
		execs:  []Execution{run(1, "A", "x", "", ""), run(2, "B", "y", "x", ""), run(3, "C", "z", "y", "")},
		latest: "e1 e2 e3",
		slices: map[string]string{"z": "e1 e2 e3", "y": "e1 e2", "x": "e1"},
		deps:   map[string]string{"e3": "y<-e2", "e2": "x<-e1", "e1": ""},
	},
	{
		name: "diamond",
		execs: []Execution{
			run(1, "A", "x", "", ""), run(2, "B", "y", "x", ""), run(3, "C", "z", "x", ""), run(4, "D", "w", "y z", ""),
		},
		slices: map[string]string{"w": "e1 e2 e3 e4", "z": "e1 e3"},
		deps:   map[string]string{"e4": "y<-e2 z<-e3"},
	},
	{
		name:  "out-of-order edit makes the reader stale",
		execs: []Execution{run(1, "A", "x", "", ""), run(2, "B", "y", "x", ""), run(3, "A", "x", "", "")},
		stale: "B(x@e3)", latest: "e2 e3",
		slices: map[string]string{"y": "e1 e2", "x": "e3"},
	},
	{
		name:   "re-running the reader clears it",
		execs:  []Execution{run(1, "A", "x", "", ""), run(2, "B", "y", "x", ""), run(3, "A", "x", "", ""), run(4, "B", "y", "x", "")},
		latest: "e3 e4",
		slices: map[string]string{"y": "e3 e4"},
		deps:   map[string]string{"e4": "x<-e3"},
	},
	{
		name: "transitive staleness",
		execs: []Execution{
			run(1, "A", "x", "", ""), run(2, "B", "y", "x", ""), run(3, "C", "z", "y", ""), run(4, "D", "", "z", ""),
			run(5, "A", "x", "", ""),
		},
		stale: "B(x@e5) C(y~B) D(z~C)",
	},
	{
		name: "a stale reason per name read",
		execs: []Execution{
			run(1, "A", "x", "", ""), run(2, "B", "y", "", ""), run(3, "C", "z", "x y", ""),
			run(4, "A", "x", "", ""), run(5, "B", "y", "", ""),
		},
		stale: "C(x@e4,y@e5)",
	},
	{
		name:  "another cell redefining a name read",
		execs: []Execution{run(1, "A", "df", "", ""), run(2, "B", "", "df", ""), run(3, "C", "df", "", "")},
		stale: "B(df@e3)",
	},
	{
		name: "deleted cells are not stale and not listed",
		execs: []Execution{
			run(1, "A", "x", "", ""), run(2, "B", "y", "x", ""), run(3, "A", "x", "", ""),
			deleting(run(4, "C", "", "", ""), "B"),
		},
		latest: "e3 e4",
	},
	{
		name: "a deleted cell's values still count",
		execs: []Execution{
			run(1, "A", "x", "", ""), deleting(run(2, "B", "y", "x", ""), "A"),
		},
		latest: "e2",
		slices: map[string]string{"y": "e1 e2"},
		deps:   map[string]string{"e2": "x<-e1"},
	},
	{
		name: "a deleted stale cell does not make its readers stale",
		execs: []Execution{
			run(1, "A", "x", "", ""), run(2, "B", "y", "x", ""), run(3, "C", "", "y", ""),
			run(4, "A", "x", "", ""), deleting(run(5, "D", "", "", ""), "B"),
		},
		latest: "e3 e4 e5",
	},
	{
		name: "a deleted cell run again is live",
		execs: []Execution{
			run(1, "A", "x", "", ""), deleting(run(2, "B", "", "", ""), "A"), run(3, "A", "x", "", ""),
		},
		latest: "e2 e3",
	},
	{
		name: "anonymous executions are cells of their own",
		execs: []Execution{
			run(1, "", "x", "", ""), run(2, "", "", "x", ""), run(3, "", "x", "", ""),
		},
		stale: "e2(x@e3)", latest: "e1 e2 e3",
		slices: map[string]string{"x": "e3"},
	},
	{
		name: "a crashed execution produced nothing",
		execs: []Execution{
			run(1, "A", "x", "", ""), run(2, "B", "y", "x", ""), crashed(run(3, "A", "x", "", "")),
		},
		latest: "e2 e3",
		slices: map[string]string{"x": "e1", "y": "e1 e2"},
	},
	{
		name: "a crashed execution can be stale",
		execs: []Execution{
			run(1, "A", "x", "", ""), crashed(run(2, "B", "", "x", "")), run(3, "A", "x", "", ""),
		},
		stale: "B(x@e3)",
		deps:  map[string]string{"e2": "x<-e1"},
	},
	{
		name: "a chain of changes is one value",
		execs: []Execution{
			run(1, "A", "xs", "", ""), run(2, "B", "", "xs", "xs"), run(3, "C", "", "xs", "xs"),
		},
		slices: map[string]string{"xs": "e1 e2 e3"},
		deps:   map[string]string{"e3": "xs<-e2"},
	},
	{
		name: "a change without a read still needs the value it changed",
		execs: []Execution{
			run(1, "A", "m", "", ""), run(2, "B", "k", "", ""), run(3, "C", "", "", "m"),
		},
		slices: map[string]string{"m": "e1 e3"},
	},
	{
		name: "resetting the start of a chain makes the changers stale",
		execs: []Execution{
			run(1, "A", "xs", "", ""), run(2, "B", "", "xs", "xs"), run(3, "C", "", "xs", "xs"), run(4, "A", "xs", "", ""),
		},
		stale:  "B(xs@e4) C(xs@e4)",
		slices: map[string]string{"xs": "e4"},
	},
	{
		name: "a reader before a change is out of date",
		execs: []Execution{
			run(1, "A", "xs", "", ""), run(2, "B", "", "xs", ""), run(3, "C", "", "xs", "xs"),
		},
		stale: "B(xs@e3)",
	},
	{
		name: "x := x + 1 run again builds on itself",
		execs: []Execution{
			run(1, "A", "x", "", ""), run(2, "B", "x", "x", ""), run(3, "B", "x", "x", ""),
		},
		slices: map[string]string{"x": "e1 e2 e3"},
		deps:   map[string]string{"e3": "x<-e2"},
	},
	{
		name: "unconfirmed changes count as changes",
		execs: []Execution{
			run(1, "A", "m", "", ""), unconfirmed(run(2, "B", "", "m", ""), "m"), run(3, "C", "n", "m", ""),
		},
		slices: map[string]string{"n": "e1 e2 e3"},
		deps:   map[string]string{"e3": "m<-e2"},
	},
	{
		name: "redefining a function a cell called",
		execs: []Execution{
			run(1, "A", "score", "", ""), run(2, "B", "s", "score", ""), run(3, "A", "score", "", ""),
		},
		stale:  "B(score@e3)",
		slices: map[string]string{"s": "e1 e2", "score": "e3"},
	},
	{
		name: "methods come with their type",
		execs: []Execution{
			run(1, "A", "Shape", "", ""), run(2, "B", "Shape.Area", "Shape", ""), run(3, "C", "shapes", "Shape", ""),
			run(4, "D", "total", "shapes", ""), run(5, "E", "other", "", ""),
		},
		slices: map[string]string{"total": "e1 e2 e3 e4"},
	},
	{
		name: "methods of an earlier definition of the type are left out",
		execs: []Execution{
			run(1, "A", "T", "", ""), run(2, "B", "T.M", "T", ""), run(3, "C", "T", "", ""), run(4, "D", "v", "T", ""),
		},
		stale:  "B(T@e3)",
		slices: map[string]string{"v": "e3 e4"},
	},
	{
		name: "slice of several names",
		execs: []Execution{
			run(1, "A", "x", "", ""), run(2, "B", "y", "", ""), run(3, "C", "z", "x", ""), run(4, "D", "w", "y", ""),
		},
		slices: map[string]string{"z w": "e1 e2 e3 e4", "z": "e1 e3", "": ""},
	},
	{
		name:   "slice of a name nothing produced",
		execs:  []Execution{run(1, "A", "x", "", "")},
		slices: map[string]string{"nope": "error", "x nope": "error"},
		deps:   map[string]string{"e1": "", "missing": ""},
	},
	{
		name:  "reads of names no execution produced are not dependencies",
		execs: []Execution{run(1, "A", "x", "fmt y", ""), run(2, "B", "", "x y", "")},
		deps:  map[string]string{"e2": "x<-e1"},
	},
}

func TestGraph(t *testing.T) {
	for _, tc := range graphCases {
		t.Run(tc.name, func(t *testing.T) {
			g := NewGraph(tc.execs)
			if got := staleString(g.Stale()); got != tc.stale {
				t.Errorf("Stale = %s, want %s", got, tc.stale)
			}
			if tc.latest != "" {
				if got := ids(g.Latest()); got != tc.latest {
					t.Errorf("Latest = %s, want %s", got, tc.latest)
				}
			}
			for names, want := range tc.slices {
				got, err := g.Slice(strings.Fields(names)...)
				switch {
				case want == "error" && err == nil:
					t.Errorf("Slice(%s) = %s, want an error", names, ids(got))
				case want == "error":
					if !strings.Contains(err.Error(), "nope") {
						t.Errorf("Slice(%s) error %q does not name the unknown name", names, err)
					}
				case err != nil:
					t.Errorf("Slice(%s): %v", names, err)
				case ids(got) != want:
					t.Errorf("Slice(%s) = %s, want %s", names, ids(got), want)
				}
			}
			for id, want := range tc.deps {
				var got []string
				deps := g.Deps(id)
				for _, name := range slices.Sorted(maps.Keys(deps)) {
					got = append(got, name+"<-"+deps[name])
				}
				if strings.Join(got, " ") != want {
					t.Errorf("Deps(%s) = %s, want %s", id, got, want)
				}
			}
		})
	}
}

// TestGraphKeepsItsExecutions checks that the graph does not alias the caller's
// slice, which a log reader may reuse.
func TestGraphKeepsItsExecutions(t *testing.T) {
	execs := []Execution{run(1, "A", "x", "", ""), run(2, "B", "", "x", "")}
	g := NewGraph(execs)
	execs[0].ID = "changed"
	if got := g.Deps("e2")["x"]; got != "e1" {
		t.Errorf("Deps(e2)[x] = %q after the caller's slice changed, want e1", got)
	}
}
