package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/gokernel/gokernel/display"
	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/google/uuid"
)

// worker answers the kernel's requests with one Session.
type worker struct {
	conn    *workerproto.Conn
	session *Session
	// sessionID names this worker's session in replies: a new id tells the kernel
	// that the session started empty.
	sessionID string
	// lineageOff is set by GOKERNEL_LINEAGE=off: cells are not analysed or hashed.
	lineageOff bool
	// snap takes the session's snapshots and restores them.
	snap    *snapshotter
	stdin   *stdinReader
	stdout  io.Writer
	stderr  io.Writer
	token   string
	syncMu  sync.Mutex
	syncSeq uint64

	mu     sync.Mutex
	cancel context.CancelFunc // cancels the running cell; nil when idle
	// cellDone is closed when the running cell is interrupted or ends.
	cellDone <-chan struct{}
	inputs   map[uint64]chan workerproto.InputReply
	inputID  uint64
}

// ServeWorker runs the worker side of the protocol until the kernel closes the
// connection. stdout and stderr are the process's own streams, which the kernel reads;
// token is the sync token the kernel chose; log receives the worker's own records.
func ServeWorker(conn *workerproto.Conn, stdout, stderr io.Writer, token string, log *slog.Logger) error {
	w := &worker{conn: conn, stdout: stdout, stderr: stderr, token: token,
		sessionID: uuid.NewString(), lineageOff: os.Getenv("GOKERNEL_LINEAGE") == "off",
		inputs: map[uint64]chan workerproto.InputReply{}}
	w.stdin = &stdinReader{ask: w.askInput}
	w.snap = newSnapshotter(func(d workerproto.SnapshotDone) {
		if err := conn.Send(0, workerproto.TypeSnapshotDone, d); err != nil {
			fmt.Fprintln(os.Stderr, "snapshot:", err)
		}
	})
	s, err := NewSession(Options{Stdin: w.stdin, Stdout: stdout, Stderr: stderr, Log: log})
	if err != nil {
		return err
	}
	w.session = s
	// The packages most cells use are loaded for the type-check while the user
	// writes the first cell.
	go s.prep.Warm()
	display.SetSink(protoSink{w})
	if err := conn.Send(0, workerproto.TypeReady, workerproto.Ready{PID: os.Getpid(), GoVersion: runtime.Version()}); err != nil {
		return err
	}

	// Requests run one at a time in order; interrupts and input replies must be seen
	// while a request runs, so the reading loop only queues the rest.
	queue := make(chan workerproto.Envelope, 64)
	done := make(chan error, 1)
	go func() {
		for env := range queue {
			if err := w.handle(env); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for {
		env, err := conn.Receive()
		if err != nil {
			close(queue)
			// The kernel is gone or shutting down: the last snapshot is finished
			// first, for the next kernel to restore.
			w.snap.wait()
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		switch env.Type {
		case workerproto.TypeInterrupt:
			w.interrupt()
		case workerproto.TypeInputReply:
			w.deliverInput(env)
		default:
			select {
			case queue <- env:
			case err := <-done:
				return err
			}
		}
	}
}

func (w *worker) interrupt() {
	w.mu.Lock()
	if w.cancel != nil {
		w.cancel()
	}
	w.mu.Unlock()
}

func (w *worker) deliverInput(env workerproto.Envelope) {
	var reply workerproto.InputReply
	if err := env.Decode(&reply); err != nil {
		reply.Error = err.Error()
	}
	w.mu.Lock()
	ch := w.inputs[env.ID]
	delete(w.inputs, env.ID)
	w.mu.Unlock()
	if ch != nil {
		ch <- reply
	}
}

// askInput sends an input_request and waits for the reply or an interrupt.
func (w *worker) askInput(prompt string, password bool) (string, error) {
	w.mu.Lock()
	w.inputID++
	id := w.inputID
	ch := make(chan workerproto.InputReply, 1)
	w.inputs[id] = ch
	cellDone := w.cellDone
	w.mu.Unlock()
	if err := w.conn.Send(id, workerproto.TypeInputRequest, workerproto.InputRequest{Prompt: prompt, Password: password}); err != nil {
		return "", err
	}
	select {
	case reply := <-ch:
		if reply.Error != "" {
			return "", errors.New(reply.Error)
		}
		return reply.Value, nil
	case <-cellDone:
		w.mu.Lock()
		delete(w.inputs, id)
		w.mu.Unlock()
		return "", fmt.Errorf("input %w", ErrInterrupted)
	}
}

func (w *worker) handle(env workerproto.Envelope) error {
	switch env.Type {
	case workerproto.TypeExecute:
		var req workerproto.ExecuteRequest
		if err := env.Decode(&req); err != nil {
			return w.reply(env.ID, workerproto.ExecuteReply{Error: &workerproto.Error{Name: "ProtocolError", Value: err.Error()}})
		}
		reply := w.execute(req)
		reply.Sync = w.writeMarkers(workerproto.SyncMarker)
		return w.reply(env.ID, reply)
	case workerproto.TypeComplete:
		var req workerproto.CompleteRequest
		if err := env.Decode(&req); err != nil {
			return w.reply(env.ID, workerproto.CompleteReply{Metadata: map[string]any{}})
		}
		return w.reply(env.ID, w.session.Complete(req.Code, req.CursorPos))
	case workerproto.TypeInspect:
		var req workerproto.InspectRequest
		if err := env.Decode(&req); err != nil {
			return w.reply(env.ID, workerproto.InspectReply{Data: map[string]any{}, Metadata: map[string]any{}})
		}
		return w.reply(env.ID, w.session.Inspect(req.Code, req.CursorPos, req.DetailLevel))
	case workerproto.TypeIsComplete:
		var req workerproto.IsCompleteRequest
		if err := env.Decode(&req); err != nil {
			return w.reply(env.ID, workerproto.IsCompleteReply{Status: "unknown"})
		}
		return w.reply(env.ID, IsComplete(req.Code))
	case workerproto.TypeRestore:
		var req workerproto.RestoreRequest
		if err := env.Decode(&req); err != nil {
			return w.reply(env.ID, workerproto.RestoreReply{Error: err.Error()})
		}
		reply := w.restore(context.Background(), req)
		reply.Session = w.sessionID
		reply.Sync = w.writeMarkers(workerproto.SyncMarker)
		return w.reply(env.ID, reply)
	case workerproto.TypeSnapshot:
		var req workerproto.SnapshotRequest
		if err := env.Decode(&req); err != nil {
			return w.reply(env.ID, workerproto.SnapshotDone{Error: err.Error()})
		}
		return w.reply(env.ID, w.snapshotNow(req))
	case workerproto.TypeSettle:
		w.snap.wait()
		return w.reply(env.ID, struct{}{})
	case workerproto.TypeDeclarations:
		d := w.session.Declarations()
		return w.reply(env.ID, workerproto.DeclarationsReply{Source: d.Source, Variables: d.Variables, Untyped: d.Untyped, Initializers: d.Initializers})
	case workerproto.TypeDiff:
		var req workerproto.DiffRequest
		if err := env.Decode(&req); err != nil {
			return w.reply(env.ID, workerproto.DiffReply{Error: err.Error()})
		}
		return w.reply(env.ID, w.diff(req))
	default:
		// An unknown request from a newer kernel: answer so it does not wait forever.
		return w.reply(env.ID, map[string]string{"error": "unknown request " + env.Type})
	}
}

func (w *worker) reply(id uint64, v any) error {
	return w.conn.Send(id, workerproto.TypeReply, v)
}

// execute runs one cell with its interrupt context and formats what it produced.
func (w *worker) execute(req workerproto.ExecuteRequest) workerproto.ExecuteReply {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	defer interruptCompiledCalls(ctx)()
	w.mu.Lock()
	w.cancel = cancel
	w.cellDone = ctx.Done()
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.cancel = nil
		w.mu.Unlock()
	}()
	w.stdin.setAllowed(req.AllowStdin)

	reply := workerproto.ExecuteReply{Session: w.sessionID}
	if name, ok := helpQuery(req.Code); ok {
		// `?strings.Fields` or `strings.Fields?` pages its documentation, as in IPython.
		doc := w.session.Inspect(name, len(name), 1)
		if !doc.Found {
			reply.Error = &workerproto.Error{Name: "NameError", Value: "no documentation for " + name,
				Traceback: []string{ansiRed + "NameError" + ansiReset + ": no documentation for " + name}}
			return reply
		}
		reply.Payload = []map[string]any{{"source": "page", "data": doc.Data, "start": 0}}
		return reply
	}
	// The last snapshot is durable before user code runs again: a crash of this cell
	// then loses this cell alone.
	w.snap.wait()
	var trace *CellTrace
	if !w.lineageOff {
		trace = w.session.TraceCell(req.Code)
	}
	w.session.Reseed(req.Seed)
	res, err := w.session.Execute(ctx, req.Code)
	if trace != nil {
		reply.Lineage = trace.Finish(err)
		l := reply.Lineage
		l.Inputs = w.session.Inputs()
		names := slices.Concat(l.Defined, l.Changed, l.Unconfirmed)
		w.snap.afterExecution(w.session, req.Snapshot, req.ExecutionID, err == nil, names, len(l.Defined) > 0)
	}
	switch {
	case errors.Is(err, ErrInterrupted):
		reply.Interrupted = true
		reply.Error = &workerproto.Error{Name: "Interrupted", Value: "the cell was interrupted",
			Traceback: []string{ansiRed + "Interrupted" + ansiReset + ": the cell was interrupted; variables defined before the interrupt are kept"}}
	case err != nil:
		reply.Error = toProtoError(err)
	case len(res.Values) > 0 && !req.Silent && !isNilValue(res.Values):
		reply.Result = resultBundle(res.Values)
	}
	if len(req.UserExpressions) > 0 {
		reply.UserExpressions = w.userExpressions(req.UserExpressions)
	}
	return reply
}

// isNilValue reports whether a trailing expression is one nil value: a cell that ends
// in os.Remove(path) or a successful err shows nothing, as IPython shows nothing for None.
func isNilValue(vals []reflect.Value) bool {
	if len(vals) != 1 {
		return false
	}
	v := vals[0]
	return !v.IsValid() || (v.Kind() == reflect.Interface && v.IsNil())
}

// resultBundle is the execute_result of a trailing expression: a rich bundle for a
// single value the display package can render (a plot, an image, a Bundle), text
// otherwise.
func resultBundle(vals []reflect.Value) *workerproto.MIMEBundle {
	if len(vals) == 1 && vals[0].IsValid() && vals[0].CanInterface() {
		if b, ok := display.Render(vals[0].Interface()); ok {
			return &workerproto.MIMEBundle{Data: b.Data, Metadata: orEmpty(b.Metadata)}
		}
	}
	return &workerproto.MIMEBundle{Data: map[string]any{"text/plain": formatValues(vals)}, Metadata: map[string]any{}}
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// protoSink forwards what cells display to the kernel, which publishes it with the
// running cell as parent. Each display carries a sync marker written to stdout just
// before it, so the kernel keeps it in order with the text printed around it.
type protoSink struct{ w *worker }

func (p protoSink) Display(b display.Bundle, displayID string, update bool) {
	d := workerproto.Display{MIMEBundle: workerproto.MIMEBundle{Data: b.Data, Metadata: orEmpty(b.Metadata)},
		DisplayID: displayID, Update: update, Sync: p.w.writeMarkers(workerproto.DisplayMarker)}
	if err := p.w.conn.Send(0, workerproto.TypeDisplay, d); err != nil {
		fmt.Fprintln(os.Stderr, "display:", err)
	}
}

func (p protoSink) Clear(wait bool) {
	c := workerproto.ClearOutput{Wait: wait, Sync: p.w.writeMarkers(workerproto.DisplayMarker)}
	if err := p.w.conn.Send(0, workerproto.TypeClearOutput, c); err != nil {
		fmt.Fprintln(os.Stderr, "display:", err)
	}
}

// userExpressions evaluates each expression after the cell, as the protocol asks.
func (w *worker) userExpressions(exprs map[string]string) map[string]any {
	out := make(map[string]any, len(exprs))
	for name, expr := range exprs {
		res, err := w.session.Execute(context.Background(), expr)
		if err != nil {
			e := toProtoError(err)
			out[name] = map[string]any{"status": "error", "ename": e.Name, "evalue": e.Value, "traceback": e.Traceback}
			continue
		}
		out[name] = map[string]any{"status": "ok",
			"data": map[string]any{"text/plain": formatValues(res.Values)}, "metadata": map[string]any{}}
	}
	return out
}

func toProtoError(err error) *workerproto.Error {
	var ce *CellError
	if errors.As(err, &ce) {
		return &workerproto.Error{Name: ce.Name, Value: ce.Value, Traceback: ce.Traceback}
	}
	return &workerproto.Error{Name: "Error", Value: err.Error(), Traceback: []string{err.Error()}}
}

// writeMarkers marks the current end of output on both streams with a marker made by
// marker. It returns the marker's sequence number, or 0 when a stream would not take
// it (a cell closed os.Stdout). Cells' goroutines display concurrently, hence the lock.
func (w *worker) writeMarkers(marker func(token string, seq uint64) []byte) uint64 {
	if w.token == "" {
		return 0
	}
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.syncSeq++
	m := marker(w.token, w.syncSeq)
	if _, err := w.stdout.Write(m); err != nil {
		return 0
	}
	if _, err := w.stderr.Write(m); err != nil {
		return 0
	}
	return w.syncSeq
}

// helpQuery recognises a cell that is only "?name" or "name?" (name may be pkg.Name).
func helpQuery(code string) (string, bool) {
	code = strings.TrimSpace(code)
	var name string
	switch {
	case strings.HasPrefix(code, "?"):
		name = strings.TrimPrefix(code, "?")
	case strings.HasSuffix(code, "?"):
		name = strings.TrimSuffix(code, "?")
	default:
		return "", false
	}
	parts := strings.Split(name, ".")
	if len(parts) > 2 {
		return "", false
	}
	for _, p := range parts {
		if !isIdent(p) {
			return "", false
		}
	}
	return name, true
}
