// Package interp is the Go session inside the worker process: it sets up the yaegi
// interpreter, splits cells into the declarations and statements yaegi can evaluate,
// formats results, feeds stdin, and answers completion, inspection and is-complete
// requests. ServeWorker connects a Session to the kernel over the worker protocol.
//
// It never speaks ZeroMQ; the kernel process does that and forwards requests here.
package interp
