// Package kernel speaks the Jupyter messaging protocol (version 5.3 and later) over
// ZeroMQ and supervises the worker process that runs user code.
//
// It owns the connection file, the five sockets (shell, control, stdin, iopub and
// heartbeat), HMAC signing, message dispatch, the execution queue, interrupts, the comm
// registry and the input history. It never runs user code itself: every language
// request goes through the Backend interface, which the worker supervisor implements by
// talking to a child process. That seam is also what lets tests drive the kernel
// without a real interpreter.
//
// The shape follows ipykernel's kernelbase.py: one handler per message type, found
// through a table, each decoding its content into a typed struct and answering every
// request, with bad input turned into an error reply instead of a crash.
package kernel
