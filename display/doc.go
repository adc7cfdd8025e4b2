// Package display owns the rich output of notebook cells: MIME bundles
// (HTML, Markdown, LaTeX, SVG, PNG, JPEG, JSON, tables, gonum plots), live
// updates by display id, progress bars, and the automatic rendering of a
// cell's trailing value.
//
// Every function comes in two forms. The short name publishes at once, like
// IPython's display(HTML(...)); the ...Bundle name only builds the Bundle, so it
// can be kept, combined or handed to New and Handle.Update:
//
//	display.Markdown("# Results")
//	display.Table(rows)                      // slice of structs, [][]string, map
//	display.Plot(p, display.Size(800, 500))  // *plot.Plot as 2x PNG + SVG
//
//	h := display.New(display.TextBundle("starting"))
//	for epoch := range 10 {
//		loss = train()
//		h.Update(display.PlotBundle(plots.Loss("training", losses)))
//	}
//
//	bar := display.Progress(len(items), "scoring")
//	for _, it := range items {
//		score(it)
//		bar.Add(1)
//	}
//	bar.Done()
//
// Every bundle carries a text/plain form too, so jupyter console and nbconvert
// to text stay readable. Building a bundle never fails from the caller's view:
// when something cannot be rendered (an unsupported table type, invalid PNG
// bytes, a plot that panics while drawing) the bundle holds a text/plain
// message saying what went wrong, so the error shows where the output would
// have been instead of being dropped by a notebook cell that ignores errors.
//
// Output leaves the package through a Sink. The gokernel worker installs one
// that forwards to Jupyter; without one the text/plain form is written to
// os.Stdout, so code using display also runs as a plain Go program.
//
// The public API avoids generics because it is exported to the yaegi
// interpreter with yaegi extract.
package display
