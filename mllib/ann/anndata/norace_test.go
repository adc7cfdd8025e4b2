//go:build !race

package anndata

const raceEnabled = false
