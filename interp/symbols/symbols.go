// Package symbols holds the compiled packages, beyond the standard library, that cells
// can import: gonum, gonum/plot, gokernel's display package, its ML library, and the
// flow runtime that exported notebooks run on (gokernel run). The tables are generated
// by `yaegi extract`; regenerate them with `go generate ./interp/symbols` after changing
// the list below or any exported API in those packages.
package symbols

import (
	_ "embed"
	"reflect"
)

// Docs is the gzipped JSON documentation of the same packages (see gendoc), for
// inspection in cells.
//
//go:embed docs.json.gz
var Docs []byte

// Symbols maps "import/path/name" to the package's exported symbols, in the form
// yaegi's Interpreter.Use takes.
var Symbols = map[string]map[string]reflect.Value{}

//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gokernel/gokernel/display
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/gonum/mat gonum.org/v1/gonum/stat gonum.org/v1/gonum/floats gonum.org/v1/gonum/stat/distuv
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/plot gonum.org/v1/plot/plotter gonum.org/v1/plot/vg gonum.org/v1/plot/vg/draw gonum.org/v1/plot/plotutil
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gokernel/gokernel/mllib/plots
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gokernel/gokernel/mllib/sparse github.com/gokernel/gokernel/mllib/als github.com/gokernel/gokernel/mllib/dataset github.com/gokernel/gokernel/mllib/metrics
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gokernel/gokernel/mllib/vec github.com/gokernel/gokernel/mllib/ann github.com/gokernel/gokernel/mllib/ann/anndata github.com/gokernel/gokernel/flow
//go:generate go run ./gendoc -o docs.json.gz github.com/gokernel/gokernel/display gonum.org/v1/gonum/mat gonum.org/v1/gonum/stat gonum.org/v1/gonum/floats gonum.org/v1/gonum/stat/distuv gonum.org/v1/plot gonum.org/v1/plot/plotter gonum.org/v1/plot/vg gonum.org/v1/plot/vg/draw gonum.org/v1/plot/plotutil github.com/gokernel/gokernel/mllib/plots github.com/gokernel/gokernel/mllib/sparse github.com/gokernel/gokernel/mllib/als github.com/gokernel/gokernel/mllib/dataset github.com/gokernel/gokernel/mllib/metrics github.com/gokernel/gokernel/mllib/vec github.com/gokernel/gokernel/mllib/ann github.com/gokernel/gokernel/mllib/ann/anndata github.com/gokernel/gokernel/flow
