// Package generic holds Go source that completes the generic standard library for
// cells: yaegi v0.16.1 interprets slices, maps and cmp from source but lacks
// sorting, Min and Max, binary search and the Go 1.23 iterator functions, and has no
// iter package. These files are compiled into every session after yaegi's own.
package generic

import _ "embed"

// Sources are the package sources, in the order they are compiled.
var Sources = []string{slicesSource, mapsSource, iterSource}

//go:embed slices.go.txt
var slicesSource string

//go:embed maps.go.txt
var mapsSource string

//go:embed iter.go.txt
var iterSource string
