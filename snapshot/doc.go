// Package snapshot owns what the kernel knows about the values of a
// session's variables.
//
// At its centre is the value walker: it visits a Go value through reflect,
// in one deterministic order, and writes a binary encoding of it (the format
// is described in walk.go). Every consumer of values is built on that one
// walk: Hash feeds the encoding to XXH3 so that lineage can confirm which
// variables a cell really changed, and the snapshot codec stores the same
// encoding, compressed and content-addressed, to restore, check out and diff
// sessions.
//
// The package reads values through reflect and unsafe alone, never through
// the interpreter's internals, so values of compiled types and of types
// declared in cells (which yaegi builds with reflect.StructOf) are walked
// alike.
package snapshot
