// Package lineage records what every execution of a notebook did: the names a cell
// defined, the session names it read and the ones it changed, and from those the
// dependency graph between executions, the cells that are out of date (stale) and the
// minimal ordered cells that recompute a value from an empty session (slices).
//
// It owns the static analysis of a cell (go/ast), the execution record, the
// append-only execution log in the store folder and the graph built from it. It knows
// nothing of sockets or of the interpreter: the worker analyses and hashes, the kernel
// writes the log, and the command line reads it.
package lineage
