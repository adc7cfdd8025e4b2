// Package soak drives a real gokernel through thousands of executions over the
// Jupyter protocol and watches it for slow decay: memory that grows, goroutines or
// file descriptors that leak, round trips that get slower, replies that go wrong.
//
// Run starts `gokernel kernel` through internal/jupyterclient (real ZeroMQ sockets,
// signed messages, a connection file, as Jupyter starts it) with a store and Jupyter
// data directory of its own, and sends it a deterministic, cycling mix of cells:
// definitions and redefinitions of functions, types, methods and variables; state that
// accumulates slowly; loops whose results are checked; stdout, stderr and display
// output; goroutines that finish; compile errors, panics and runtime errors; and, every
// Config.InterruptEvery executions, a cell that never ends, which the driver interrupts
// with interrupt_request on the control channel. Every reply is checked against a
// model of the session the driver keeps, so a wrong value, a lost output, a wrong error
// name or a skipped execution count is a failure naming the execution.
//
// Every Config.SampleEvery executions it samples the kernel process and its worker
// from /proc (resident memory, threads, open file descriptors), the worker's goroutine
// count (a probe cell evaluating runtime.NumGoroutine, which in yaegi runs in the
// worker process and counts its goroutines) and, when the kernel's debug log carries
// it, the kernel's. The Report gives round-trip percentiles per block of executions
// and verdicts against stated bounds, as markdown (Report.Markdown) and JSON.
//
// The same driver serves the benchmark (bench/soak/cmd/soak, 10,000 executions; see
// run.sh and README.md) and the short soak among the end-to-end tests
// (tests/soak_test.go, 500 executions). It needs Linux: the samples come from /proc.
package soak
