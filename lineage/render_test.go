package lineage

import (
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// editedGraph is A defining x, B reading it, then A edited and run again: B is stale.
func editedGraph() *Graph {
	return NewGraph([]Execution{
		run(1, "A", "x", "", ""),
		run(2, "B", "y", "x", ""),
		run(3, "A", "x", "", ""),
		run(4, "C", "", "x y", "x"),
	})
}

func TestRenderText(t *testing.T) {
	want := "[2] B  defines y  reads x<-[1]  STALE: x changed by [4]\n" +
		"[3] A  defines x\n" +
		"[4] C  changes x  reads x<-[3], y<-[2]  STALE: y from stale cell B\n"
	if got := editedGraph().Text(); got != want {
		t.Errorf("Text:\n%s\nwant:\n%s", got, want)
	}
	if got := NewGraph(nil).Text(); got != "" {
		t.Errorf("Text of an empty graph = %q", got)
	}
}

func TestRenderDOT(t *testing.T) {
	want := `digraph lineage {
	node [shape=box, fontname="monospace"];
	"B" [label="[2] B\ny", style=filled, fillcolor="#ffe0b2", color="#e65100"];
	"A" [label="[3] A\nx"];
	"C" [label="[4] C", style=filled, fillcolor="#ffe0b2", color="#e65100"];
	"A" -> "B" [label="x"];
	"B" -> "C" [label="y"];
	"A" -> "C" [label="x"];
}
`
	if got := editedGraph().DOT(); got != want {
		t.Errorf("DOT:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderDOTQuotes(t *testing.T) {
	g := NewGraph([]Execution{run(1, `say "hi"\`, "x", "", "")})
	want := `"say \"hi\"\\" [label="[1] say \"hi\"\\\nx"];`
	if got := g.DOT(); !strings.Contains(got, want) {
		t.Errorf("DOT:\n%s\nwant a line %s", got, want)
	}
}

// svgElement is a g element of the drawing: its class and the text it holds.
type svgElement struct {
	class string
	text  string
}

// parseSVG decodes an SVG, failing the test when it is not well-formed XML, and
// returns its node and edge groups.
func parseSVG(t *testing.T, svg string) (nodes, edges []svgElement) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var cur *svgElement
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			if tok.Name.Local == "g" {
				cur = &svgElement{}
				for _, a := range tok.Attr {
					if a.Name.Local == "class" {
						cur.class = a.Value
					}
				}
			}
			if depth == 1 && (tok.Name.Local != "svg" || tok.Name.Space != "http://www.w3.org/2000/svg") {
				t.Fatalf("root element %v, want svg", tok.Name)
			}
		case xml.CharData:
			if cur != nil {
				cur.text += string(tok)
			}
		case xml.EndElement:
			depth--
			if tok.Name.Local == "g" {
				if strings.HasPrefix(cur.class, "node") {
					nodes = append(nodes, *cur)
				} else {
					edges = append(edges, *cur)
				}
				cur = nil
			}
		}
	}
	return nodes, edges
}

func TestRenderSVG(t *testing.T) {
	nodes, edges := parseSVG(t, editedGraph().SVG())
	if len(nodes) != 3 || len(edges) != 3 {
		t.Fatalf("SVG has %d nodes and %d edges, want 3 and 3", len(nodes), len(edges))
	}
	var stale []string
	for _, n := range nodes {
		if n.class == "node stale" {
			stale = append(stale, n.text)
		}
	}
	if len(stale) != 2 || !strings.Contains(stale[0], "[2] B") || !strings.Contains(stale[1], "[4] C") {
		t.Errorf("stale nodes %q, want B and C", stale)
	}
}

// TestRenderSVGCycle draws cells that depend on each other through re-runs: A
// defined x, B read it, C read B's y, then A ran again reading C's z.
func TestRenderSVGCycle(t *testing.T) {
	g := NewGraph([]Execution{
		run(1, "A", "x", "", ""),
		run(2, "B", "y", "x", ""),
		run(3, "C", "z", "y", ""),
		run(4, "A", "x", "z", ""),
	})
	svg := g.SVG()
	nodes, edges := parseSVG(t, svg)
	if len(nodes) != 3 || len(edges) != 3 {
		t.Fatalf("SVG has %d nodes and %d edges, want 3 and 3", len(nodes), len(edges))
	}
	if n := strings.Count(svg, "marker-start"); n != 1 {
		t.Errorf("%d edges drawn pointing up, want the one closing the cycle", n)
	}
}

func TestRenderSVGEscapes(t *testing.T) {
	cell := `<cell id="1" & 'two'>`
	g := NewGraph([]Execution{
		run(1, cell, "a", "", ""),
		run(2, "reader", "b", "a", ""),
	})
	nodes, edges := parseSVG(t, g.SVG())
	if len(nodes) != 2 || len(edges) != 1 {
		t.Fatalf("SVG has %d nodes and %d edges, want 2 and 1", len(nodes), len(edges))
	}
	if !strings.Contains(nodes[0].text, cell) {
		t.Errorf("node text %q does not hold the cell id %q", nodes[0].text, cell)
	}
}

func TestRenderSVGEmpty(t *testing.T) {
	nodes, edges := parseSVG(t, NewGraph(nil).SVG())
	if len(nodes)+len(edges) != 0 {
		t.Errorf("empty graph drew %d nodes and %d edges", len(nodes), len(edges))
	}
}

// TestRenderLayers checks the layered layout: a cell sits a layer below the
// deepest cell it reads from, and ordering removes a crossing that log order has.
func TestRenderLayers(t *testing.T) {
	g := NewGraph([]Execution{
		run(1, "A", "a", "", ""),
		run(2, "B", "b", "", ""),
		run(3, "C", "c", "b", ""), // log order puts C left, under A: crossing
		run(4, "D", "d", "a", ""),
		run(5, "E", "e", "c d", ""),
		run(6, "F", "f", "a e", ""),
	})
	boxes := newLayout(g.drawing()).boxes
	var layers []int
	for _, bx := range boxes[:6] { // the cells, then the bends
		layers = append(layers, bx.layer)
	}
	if want := []int{0, 0, 1, 1, 2, 3}; !slices.Equal(layers, want) {
		t.Errorf("layers %v, want %v", layers, want)
	}
	a, b, c, dd := boxes[0], boxes[1], boxes[2], boxes[3]
	if (a.x < b.x) != (dd.x < c.x) {
		t.Errorf("edges A->D and B->C cross: A at %v, B at %v, C at %v, D at %v", a.x, b.x, c.x, dd.x)
	}
	for k, bx := range boxes[:6] {
		if bx.y != margin+float64(bx.layer*(boxHeight+layerGap)) {
			t.Errorf("node %d in layer %d at y %v", k, bx.layer, bx.y)
		}
	}
}
