// Package prepare is the cell pipeline: pure source to source, with no interpreter in
// it. A cell is parsed once, type-checked with go/types against the session's earlier
// declarations and every package a cell can import, and then rewritten, pass by pass in
// one listed order, into Go that means the same and that the interpreter (yaegi) runs
// right. Each pass names the interpreter defect it exists for. The session (package
// interp) hands the result to the interpreter.
package prepare
