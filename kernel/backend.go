package kernel

import (
	"context"

	"github.com/gokernel/gokernel/internal/workerproto"
)

// Backend is the language side of the kernel: what ipykernel calls do_execute,
// do_complete, do_inspect and do_is_complete. The worker supervisor implements it by
// forwarding to a child process; tests may implement it directly.
type Backend interface {
	// Execute runs a cell, sending its output to out as it happens. A cell that fails,
	// is interrupted or kills its worker comes back as a reply with Error set; the
	// error result is for the kernel itself being unable to go on.
	Execute(ctx context.Context, req workerproto.ExecuteRequest, out Output) (workerproto.ExecuteReply, error)
	Complete(ctx context.Context, req workerproto.CompleteRequest) (workerproto.CompleteReply, error)
	Inspect(ctx context.Context, req workerproto.InspectRequest) (workerproto.InspectReply, error)
	IsComplete(ctx context.Context, req workerproto.IsCompleteRequest) (workerproto.IsCompleteReply, error)
	// Interrupt stops the running cell, if any. It returns at once.
	Interrupt()
	// Close stops the backend and everything it started.
	Close() error
}

// Output receives what a running cell produces. Implementations must be safe for
// concurrent use: streams arrive from goroutines the cell started.
type Output interface {
	Stream(name, text string)
	Display(d workerproto.Display)
	ClearOutput(wait bool)
	// Input asks the user for a line, for code reading stdin.
	Input(ctx context.Context, prompt string, password bool) (string, error)
}
