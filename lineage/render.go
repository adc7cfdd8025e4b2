package lineage

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// drawing is what the three renderings of a graph show: the live cells, each by its
// latest execution, and the dependencies between them.
type drawing struct {
	nodes []node
	edges []edge
}

type node struct {
	cell  string
	exec  Execution
	pos   int // the position of exec in the log
	stale *StaleCell
}

// edge is a dependency: the latest execution of node to read names whose values an
// execution of node from produced. Dependencies on deleted cells and of a cell on
// itself are not drawn.
type edge struct {
	from, to int // indexes into nodes
	names    []string
}

func (g *Graph) drawing() drawing {
	var d drawing
	index := map[string]int{}
	stale := map[string]*StaleCell{}
	staleCells := g.Stale()
	for k := range staleCells {
		stale[staleCells[k].CellID] = &staleCells[k]
	}
	for _, i := range g.live() {
		index[g.cells[i]] = len(d.nodes)
		d.nodes = append(d.nodes, node{cell: g.cells[i], exec: g.execs[i], pos: i, stale: stale[g.cells[i]]})
	}
	for to, n := range d.nodes {
		names := map[int][]string{}
		for name, p := range g.saw[n.pos] {
			if from, ok := index[g.cells[p]]; ok && from != to {
				names[from] = append(names[from], name)
			}
		}
		froms := make([]int, 0, len(names))
		for from := range names {
			froms = append(froms, from)
		}
		slices.Sort(froms)
		for _, from := range froms {
			slices.Sort(names[from])
			d.edges = append(d.edges, edge{from: from, to: to, names: names[from]})
		}
	}
	return d
}

// countLabel is an execution as the front end numbers it: [7], or [ ] for a silent
// execution.
func countLabel(e Execution) string {
	if e.Count == 0 {
		return "[ ]"
	}
	return "[" + strconv.Itoa(e.Count) + "]"
}

// Text returns the graph as text, one line per live cell in log order:
//
//	[2] c2  defines y  changes z  reads x<-[1]  STALE: x changed by [3]
func (g *Graph) Text() string {
	var b strings.Builder
	for _, n := range g.drawing().nodes {
		b.WriteString(g.textLine(n))
		b.WriteByte('\n')
	}
	return b.String()
}

func (g *Graph) textLine(n node) string {
	parts := []string{countLabel(n.exec) + " " + n.cell}
	if len(n.exec.Defined) > 0 {
		parts = append(parts, "defines "+strings.Join(n.exec.Defined, ", "))
	}
	if changed := slices.Concat(n.exec.Changed, n.exec.Unconfirmed); len(changed) > 0 {
		slices.Sort(changed)
		parts = append(parts, "changes "+strings.Join(changed, ", "))
	}
	if len(n.exec.Read) > 0 {
		reads := make([]string, len(n.exec.Read))
		for k, name := range n.exec.Read {
			reads[k] = name
			if p, ok := g.saw[n.pos][name]; ok {
				reads[k] += "<-" + countLabel(g.execs[p])
			}
		}
		parts = append(parts, "reads "+strings.Join(reads, ", "))
	}
	if n.stale != nil {
		why := make([]string, len(n.stale.Reasons))
		for k, r := range n.stale.Reasons {
			if r.ViaCell != "" {
				why[k] = r.Name + " from stale cell " + r.ViaCell
			} else {
				why[k] = r.Name + " changed by " + countLabel(r.By)
			}
		}
		parts = append(parts, "STALE: "+strings.Join(why, "; "))
	}
	return strings.Join(parts, "  ")
}

// Colours of the drawings: stale cells in a warning orange.
const (
	staleFill   = "#ffe0b2"
	staleStroke = "#e65100"
	nodeFill    = "#f5f5f5"
	nodeStroke  = "#616161"
)

// DOT returns the graph in Graphviz's language: a box per live cell labelled with
// its execution count, id and defined names, stale cells filled in orange, and an
// edge per dependency labelled with the names read.
func (g *Graph) DOT() string {
	d := g.drawing()
	var b strings.Builder
	b.WriteString("digraph lineage {\n\tnode [shape=box, fontname=\"monospace\"];\n")
	for _, n := range d.nodes {
		label := countLabel(n.exec) + " " + n.cell
		if len(n.exec.Defined) > 0 {
			label += "\n" + strings.Join(n.exec.Defined, ", ")
		}
		fmt.Fprintf(&b, "\t%s [label=%s", dotQuote(n.cell), dotQuote(label))
		if n.stale != nil {
			fmt.Fprintf(&b, ", style=filled, fillcolor=%q, color=%q", staleFill, staleStroke)
		}
		b.WriteString("];\n")
	}
	for _, e := range d.edges {
		fmt.Fprintf(&b, "\t%s -> %s [label=%s];\n", dotQuote(d.nodes[e.from].cell), dotQuote(d.nodes[e.to].cell), dotQuote(strings.Join(e.names, ", ")))
	}
	b.WriteString("}\n")
	return b.String()
}

// dotQuote quotes s as a DOT string, with newlines as DOT's \n.
func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// Sizes of the SVG drawing, in pixels: a monospace font of fontSize is about
// charWidth wide.
const (
	fontSize   = 12
	charWidth  = 7.2
	lineHeight = 16
	padX       = 10
	boxHeight  = 2*lineHeight + 8
	layerGap   = 56 // between layers, room for the edge labels
	nodeGap    = 28 // between boxes of a layer
	bendWidth  = 8  // the room an edge crossing a layer takes in it
	margin     = 16
	maxLabel   = 40 // characters of a box line or an edge label before it is cut
)

// SVG returns the graph as a self-contained SVG image: a box per live cell (its
// execution count and cell id, then the names it defined), an arrow per dependency
// labelled with the names read, stale cells in orange. The title of each box, which
// a browser shows as a tooltip, is its line of Text.
func (g *Graph) SVG() string {
	d := g.drawing()
	l := newLayout(d)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %[1]s %[2]s" font-family="monospace" font-size="%d">`+"\n",
		num(l.width), num(l.height), fontSize)
	b.WriteString(`<defs><marker id="lineage-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">` +
		`<path d="M0,0 L10,5 L0,10 z" fill="` + nodeStroke + `"/></marker></defs>` + "\n")
	for k, e := range d.edges {
		writeEdge(&b, e, l.points(k), l.reversed[k])
	}
	for k, n := range d.nodes {
		g.writeNode(&b, n, l.boxes[k])
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// box is a place in the layout: a cell's box, or a bend, where an edge that spans
// several layers crosses one.
type box struct {
	layer   int
	x, y, w float64
	order   float64 // the position within its layer, while ordering
}

// layout is the layered drawing of a graph, by Sugiyama's method kept simple:
// edges oriented to point down, cells in layers by their longest path of
// dependencies from a cell that reads from none, bends where an edge crosses a
// layer, and layers ordered by barycenters to reduce crossings.
type layout struct {
	// boxes are the cells' boxes, in the order of the drawing's nodes, then the
	// bends.
	boxes  []box
	layers [][]int // indexes into boxes, left to right
	// routes are, per edge, the boxes it goes through, top to bottom; reversed
	// says the edge points up: it closes a cycle between cells, which re-runs make.
	routes        [][]int
	reversed      []bool
	width, height float64
}

func newLayout(d drawing) *layout {
	l := &layout{
		boxes:    make([]box, len(d.nodes)),
		routes:   make([][]int, len(d.edges)),
		reversed: make([]bool, len(d.edges)),
	}
	for k, n := range d.nodes {
		lines := nodeLines(n)
		l.boxes[k].w = float64(max(utf8.RuneCountInString(lines[0]), utf8.RuneCountInString(lines[1])))*charWidth + 2*padX
	}
	l.orient(d)
	l.assignLayers(d)
	l.addBends(d)
	l.order()
	l.place()
	return l
}

// ends returns the upper and the lower node of edge k.
func (l *layout) ends(d drawing, k int) (upper, lower int) {
	if l.reversed[k] {
		return d.edges[k].to, d.edges[k].from
	}
	return d.edges[k].from, d.edges[k].to
}

// orient reverses the edges that close a cycle, found by a depth-first search in
// log order, so that the others are acyclic.
func (l *layout) orient(d drawing) {
	out := make([][]int, len(d.nodes)) // the edges leaving each node
	for k, e := range d.edges {
		out[e.from] = append(out[e.from], k)
	}
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]int, len(d.nodes))
	var visit func(v int)
	visit = func(v int) {
		state[v] = onPath
		for _, k := range out[v] {
			switch w := d.edges[k].to; state[w] {
			case unseen:
				visit(w)
			case onPath:
				l.reversed[k] = true
			}
		}
		state[v] = done
	}
	for v := range d.nodes {
		if state[v] == unseen {
			visit(v)
		}
	}
}

// assignLayers puts each node one layer below the lowest node it depends on,
// taking the nodes in topological order.
func (l *layout) assignLayers(d drawing) {
	below := make([][]int, len(d.nodes))
	above := make([]int, len(d.nodes)) // edges into each node not yet taken
	for k := range d.edges {
		upper, lower := l.ends(d, k)
		below[upper] = append(below[upper], lower)
		above[lower]++
	}
	var ready []int
	for v := range d.nodes {
		if above[v] == 0 {
			ready = append(ready, v)
		}
	}
	for len(ready) > 0 {
		u := ready[0]
		ready = ready[1:]
		for _, v := range below[u] {
			l.boxes[v].layer = max(l.boxes[v].layer, l.boxes[u].layer+1)
			if above[v]--; above[v] == 0 {
				ready = append(ready, v)
			}
		}
	}
}

// addBends routes each edge through a bend in every layer it crosses, and groups
// the boxes by layer.
func (l *layout) addBends(d drawing) {
	for k := range d.edges {
		upper, lower := l.ends(d, k)
		route := []int{upper}
		for layer := l.boxes[upper].layer + 1; layer < l.boxes[lower].layer; layer++ {
			route = append(route, len(l.boxes))
			l.boxes = append(l.boxes, box{layer: layer, w: bendWidth})
		}
		l.routes[k] = append(route, lower)
	}
	for k, bx := range l.boxes {
		for len(l.layers) <= bx.layer {
			l.layers = append(l.layers, nil)
		}
		l.layers[bx.layer] = append(l.layers[bx.layer], k)
	}
}

// order sorts each layer by the mean position of each box's neighbours in the
// layer above (sweeping down), then in the layer below (sweeping up), a few times:
// the barycenter heuristic for fewer crossings. Ties keep log order.
func (l *layout) order() {
	up := make([][]int, len(l.boxes))
	down := make([][]int, len(l.boxes))
	for _, route := range l.routes {
		for i := 1; i < len(route); i++ {
			up[route[i]] = append(up[route[i]], route[i-1])
			down[route[i-1]] = append(down[route[i-1]], route[i])
		}
	}
	for _, layer := range l.layers {
		l.number(layer)
	}
	for range 4 {
		for i := 1; i < len(l.layers); i++ {
			l.sortByBarycenter(l.layers[i], up)
		}
		for i := len(l.layers) - 2; i >= 0; i-- {
			l.sortByBarycenter(l.layers[i], down)
		}
	}
}

// number records the position of each box of a layer.
func (l *layout) number(layer []int) {
	for i, k := range layer {
		l.boxes[k].order = float64(i)
	}
}

func (l *layout) sortByBarycenter(layer []int, neighbours [][]int) {
	center := make(map[int]float64, len(layer))
	for _, k := range layer {
		center[k] = l.boxes[k].order // a box without neighbours stays where it is
		if len(neighbours[k]) > 0 {
			sum := 0.0
			for _, m := range neighbours[k] {
				sum += l.boxes[m].order
			}
			center[k] = sum / float64(len(neighbours[k]))
		}
	}
	slices.SortStableFunc(layer, func(p, q int) int { return cmp.Compare(center[p], center[q]) })
	l.number(layer)
}

// place gives every box its coordinates, each layer centred under the widest.
func (l *layout) place() {
	widths := make([]float64, len(l.layers))
	widest := 0.0
	for i, layer := range l.layers {
		widths[i] = float64(nodeGap * max(len(layer)-1, 0))
		for _, k := range layer {
			widths[i] += l.boxes[k].w
		}
		widest = max(widest, widths[i])
	}
	for i, layer := range l.layers {
		x := margin + (widest-widths[i])/2
		for _, k := range layer {
			l.boxes[k].x, l.boxes[k].y = x, margin+float64(i*(boxHeight+layerGap))
			x += l.boxes[k].w + nodeGap
		}
	}
	l.width = widest + 2*margin
	l.height = float64(len(l.layers)*(boxHeight+layerGap)-layerGap) + 2*margin
	if len(l.layers) == 0 {
		l.height = 2 * margin
	}
}

// point is a point of the drawing.
type point struct{ x, y float64 }

// points returns the path of edge k, top to bottom: from the bottom of its upper
// box, down through each bend, to the top of its lower box.
func (l *layout) points(k int) []point {
	route := l.routes[k]
	var pts []point
	for i, b := range route {
		bx := l.boxes[b]
		center := bx.x + bx.w/2
		if i > 0 {
			pts = append(pts, point{center, bx.y})
		}
		if i < len(route)-1 {
			pts = append(pts, point{center, bx.y + boxHeight})
		}
	}
	return pts
}

// nodeLines are the two lines of text in a cell's box.
func nodeLines(n node) [2]string {
	return [2]string{cut(countLabel(n.exec) + " " + n.cell), cut(strings.Join(n.exec.Defined, ", "))}
}

// cut shortens s to maxLabel characters.
func cut(s string) string {
	if r := []rune(s); len(r) > maxLabel {
		return string(r[:maxLabel-1]) + "…"
	}
	return s
}

// num formats a coordinate with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

func (g *Graph) writeNode(w *strings.Builder, n node, bx box) {
	fill, stroke, class := nodeFill, nodeStroke, "node"
	if n.stale != nil {
		fill, stroke, class = staleFill, staleStroke, "node stale"
	}
	fmt.Fprintf(w, `<g class="%s"><title>`, class)
	escape(w, g.textLine(n))
	fmt.Fprintf(w, `</title><rect x="%s" y="%s" width="%s" height="%d" rx="4" fill="%s" stroke="%s"/>`,
		num(bx.x), num(bx.y), num(bx.w), boxHeight, fill, stroke)
	for k, line := range nodeLines(n) {
		fmt.Fprintf(w, `<text x="%s" y="%s">`, num(bx.x+padX), num(bx.y+float64((k+1)*lineHeight)))
		escape(w, line)
		w.WriteString("</text>")
	}
	w.WriteString("</g>\n")
}

// writeEdge draws edge e along pts, top to bottom, as vertical curves between the
// points, with its arrow at the bottom, or at the top when it is reversed. The
// label sits halfway down the first curve.
func writeEdge(w *strings.Builder, e edge, pts []point, reversed bool) {
	w.WriteString(`<g class="edge"><title>`)
	escape(w, strings.Join(e.names, ", "))
	w.WriteString(`</title><path d="M` + num(pts[0].x) + "," + num(pts[0].y))
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		mid := (a.y + b.y) / 2
		fmt.Fprintf(w, " C%s,%s %s,%s %s,%s", num(a.x), num(mid), num(b.x), num(mid), num(b.x), num(b.y))
	}
	arrow := "marker-end"
	if reversed {
		arrow = "marker-start"
	}
	fmt.Fprintf(w, `" fill="none" stroke="%s" %s="url(#lineage-arrow)"/>`, nodeStroke, arrow)
	fmt.Fprintf(w, `<text x="%s" y="%s" fill="%s">`, num((pts[0].x+pts[1].x)/2+4), num((pts[0].y+pts[1].y)/2), nodeStroke)
	escape(w, cut(strings.Join(e.names, ", ")))
	w.WriteString("</text></g>\n")
}

// escape writes s as XML character data or attribute text.
func escape(w io.Writer, s string) {
	xml.EscapeText(w, []byte(s))
}
