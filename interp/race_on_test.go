//go:build race

package interp

// raceEnabled says the tests are built with -race.
const raceEnabled = true
