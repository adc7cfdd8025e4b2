package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/lineage"
)

// handler answers one message type. Handlers decode content into typed structs and
// answer every request, turning bad content into an error reply.
type handler func(ch *channel, m *Message)

// handlerTable maps each request type to its handler, in the manner of ipykernel's
// shell_handlers table.
func (k *Kernel) handlerTable() map[string]handler {
	return map[string]handler{
		"kernel_info_request": k.kernelInfo,
		"execute_request":     k.execute,
		"complete_request":    k.complete,
		"inspect_request":     k.inspect,
		"is_complete_request": k.isComplete,
		"history_request":     k.historyRequest,
		"comm_info_request":   k.commInfo,
		"comm_open":           k.commOpen,
		"comm_msg":            k.commMsg,
		"comm_close":          k.commClose,
		"shutdown_request":    k.shutdownRequest,
		"interrupt_request":   k.interruptRequest,
	}
}

// dispatch runs the handler for m between busy and idle status messages.
func (k *Kernel) dispatch(ch *channel, m *Message) {
	k.publish(m, "status", map[string]any{"execution_state": "busy"})
	defer k.publish(m, "status", map[string]any{"execution_state": "idle"})
	if ch == k.control && !controlRequests[m.Header.MsgType] {
		k.refuseOnControl(m)
		return
	}
	h, ok := k.handlers[m.Header.MsgType]
	if !ok {
		k.log.Warn("unknown message type", "socket", ch.name, "msg_type", m.Header.MsgType)
		if base, isRequest := strings.CutSuffix(m.Header.MsgType, "_request"); isRequest {
			k.reply(ch, m, base+"_reply", errorContent("UnknownMessageType",
				fmt.Sprintf("gokernel does not handle %s", m.Header.MsgType)))
		}
		return
	}
	defer func() {
		// A handler bug must cost one reply, not the kernel.
		if r := recover(); r != nil {
			k.log.Error("handler panicked", "msg_type", m.Header.MsgType, "panic", r)
			if base, isRequest := strings.CutSuffix(m.Header.MsgType, "_request"); isRequest {
				k.reply(ch, m, base+"_reply", errorContent("KernelError", fmt.Sprint(r)))
			}
		}
	}()
	h(ch, m)
}

// decode unpacks m's content into v, answering with an error reply if it does not fit.
func (k *Kernel) decode(ch *channel, m *Message, v any) bool {
	if err := json.Unmarshal(m.Content, v); err != nil {
		k.log.Warn("malformed content", "msg_type", m.Header.MsgType, "err", err)
		base := strings.TrimSuffix(m.Header.MsgType, "_request")
		k.reply(ch, m, base+"_reply", errorContent("MalformedMessage",
			fmt.Sprintf("%s content: %v", m.Header.MsgType, err)))
		return false
	}
	return true
}

func errorContent(ename, evalue string) map[string]any {
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": []string{ename + ": " + evalue}}
}

func (k *Kernel) kernelInfo(ch *channel, m *Message) {
	k.reply(ch, m, "kernel_info_reply", map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         "gokernel",
		"implementation_version": k.opts.Version,
		"language_info": map[string]any{
			"name":            "go",
			"version":         strings.TrimPrefix(runtime.Version(), "go"),
			"mimetype":        "text/x-go",
			"file_extension":  ".go",
			"pygments_lexer":  "go",
			"codemirror_mode": "go",
		},
		"banner": fmt.Sprintf("gokernel %s: Go %s, interpreted by yaegi, state kept between cells.",
			k.opts.Version, strings.TrimPrefix(runtime.Version(), "go")),
		"help_links": []map[string]string{
			{"text": "Go documentation", "url": "https://go.dev/doc/"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			{"text": "Effective Go", "url": "https://go.dev/doc/effective_go"},
		},
		"debugger": false,
	})
}

// executeRequest is the content of an execute_request.
type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

func (k *Kernel) execute(ch *channel, m *Message) {
	var req executeRequest
	if !k.decode(ch, m, &req) {
		return
	}
	// Defaults from the protocol: store_history is true unless silent, allow_stdin
	// and stop_on_error are true.
	storeHistory := !req.Silent
	if req.StoreHistory != nil {
		storeHistory = *req.StoreHistory && !req.Silent
	}
	allowStdin := req.AllowStdin == nil || *req.AllowStdin
	stopOnError := req.StopOnError == nil || *req.StopOnError

	if storeHistory {
		k.executionCount++
	}
	count := k.executionCount
	if !req.Silent {
		k.publish(m, "execute_input", map[string]any{"code": req.Code, "execution_count": count})
	}
	out := &cellOutput{k: k, parent: m, silent: req.Silent, allowStdin: allowStdin}
	seedNotice := k.seedNotice
	k.seedNotice = ""
	for _, notice := range []string{seedNotice, k.lineage.takeNotice(), k.snaps.takeNotice()} {
		if notice != "" {
			out.Stream("stderr", notice)
		}
	}
	md := parseExecuteMetadata(m.Metadata)
	var reply workerproto.ExecuteReply
	var replyMD map[string]any
	if lines, ok, err := kernelMagic(req.Code); ok {
		reply = k.runKernelMagics(lines, err, out)
	} else {
		started := time.Now()
		execID := newID()
		seed := lineage.CellSeed(k.seed, req.Code)
		k.snaps.begin(count, execID)
		reply, err = k.backend.Execute(context.Background(), workerproto.ExecuteRequest{
			Code: req.Code, Silent: req.Silent, StoreHistory: storeHistory, AllowStdin: allowStdin,
			UserExpressions: req.UserExpressions, ExecutionCount: count, CellID: md.CellID, ExecutionID: execID,
			Snapshot: k.snaps.spec(), Seed: seed,
		}, out)
		if session := k.snaps.takeRecovered(); session != "" {
			k.lineage.continueIn(session, "")
		}
		if err != nil {
			reply = workerproto.ExecuteReply{Error: &workerproto.Error{Name: "KernelError", Value: err.Error(), Traceback: []string{err.Error()}}}
		}
		k.log.Debug("executed", "count", count, "took", time.Since(started), "goroutines", runtime.NumGoroutine())
		logged := count
		if !storeHistory {
			logged = 0
		}
		if !k.lineage.off {
			run := executionRun{id: execID, code: req.Code, count: logged, md: md, started: started, seed: seed,
				output: out.stdout.Sum(reply.ResultText())}
			replyMD = k.recordLineage(run, reply, out)
		}
	}

	var output string
	if reply.Result != nil && !req.Silent {
		k.publish(m, "execute_result", map[string]any{
			"execution_count": count, "data": reply.Result.Data, "metadata": orEmptyMap(reply.Result.Metadata),
		})
		output = reply.ResultText()
	}
	if storeHistory {
		if err := k.history.Append(count, req.Code, output); err != nil {
			k.log.Warn("history", "err", err)
		}
	}
	userExpr := reply.UserExpressions
	if userExpr == nil {
		userExpr = map[string]any{}
	}
	if reply.Error != nil {
		e := reply.Error
		if e.Traceback == nil {
			e.Traceback = []string{}
		}
		if !req.Silent {
			k.publish(m, "error", map[string]any{"ename": e.Name, "evalue": e.Value, "traceback": e.Traceback})
		}
		// What is queued now was sent before the client could see this error: that
		// is what stop_on_error aborts. Taken before the reply goes out, so that a
		// request the client sends on seeing the reply is never taken for one.
		var queued []*Message
		if stopOnError {
			queued = k.takeQueued()
		}
		k.replyWithMetadata(ch, m, "execute_reply", map[string]any{
			"status": "error", "execution_count": count, "ename": e.Name, "evalue": e.Value,
			"traceback": e.Traceback, "user_expressions": userExpr, "payload": []any{},
		}, replyMD)
		k.abortQueued(queued)
		return
	}
	payload := reply.Payload
	if payload == nil {
		payload = []map[string]any{}
	}
	k.replyWithMetadata(ch, m, "execute_reply", map[string]any{
		"status": "ok", "execution_count": count, "user_expressions": userExpr, "payload": payload,
	}, replyMD)
}

// recordLineage logs an execution, warns the cell when it read a value from a stale
// cell, and returns the execute_reply's metadata.
func (k *Kernel) recordLineage(run executionRun, reply workerproto.ExecuteReply, out Output) map[string]any {
	e := k.lineage.record(run, reply)
	g := k.lineage.graph()
	stale := g.Stale()
	if k.lineage.warn && e.Status != lineage.StatusCrashed {
		if w := staleInputWarning(g, e, stale); w != "" {
			out.Stream("stderr", w)
		}
	}
	if notice := k.lineage.takeNotice(); notice != "" {
		out.Stream("stderr", notice)
	}
	return replyMetadata(e, stale)
}

// runKernelMagics runs a cell of lineage and snapshot magics (see lineage_magics.go
// and snapshot_magics.go).
func (k *Kernel) runKernelMagics(lines []string, err error, out Output) workerproto.ExecuteReply {
	for _, line := range lines {
		if err != nil {
			break
		}
		switch {
		case isLineageMagic(line):
			err = k.lineage.runLineageMagic(line, out)
		case isSeedMagic(line):
			err = k.runSeedMagic(line, out)
		case isExportMagic(line):
			err = k.runExportMagic(context.Background(), line, out)
		default:
			err = k.runSnapshotMagic(line, out)
		}
	}
	if err != nil {
		return workerproto.ExecuteReply{Error: &workerproto.Error{Name: "UsageError", Value: err.Error(),
			Traceback: []string{"\x1b[0;31mUsageError\x1b[0m: " + err.Error()}}}
	}
	return workerproto.ExecuteReply{}
}

// takeQueued takes the shell requests waiting to be handled.
func (k *Kernel) takeQueued() []*Message {
	var queued []*Message
	for {
		select {
		case m := <-k.shellQueue:
			queued = append(queued, m)
			continue
		default:
		}
		return queued
	}
}

// abortQueued answers the execute_requests among queued with status "aborted", as
// stop_on_error asks, and handles the other requests, in order.
func (k *Kernel) abortQueued(queued []*Message) {
	for _, m := range queued {
		if m.Header.MsgType == "execute_request" {
			k.publish(m, "status", map[string]any{"execution_state": "busy"})
			k.reply(k.shell, m, "execute_reply", map[string]any{"status": "aborted", "execution_count": k.executionCount})
			k.publish(m, "status", map[string]any{"execution_state": "idle"})
			continue
		}
		k.dispatch(k.shell, m)
	}
}

func orEmptyMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// cellOutput publishes a cell's output with its execute_request as parent.
type cellOutput struct {
	k          *Kernel
	parent     *Message
	silent     bool
	allowStdin bool
	// stdout hashes what the cell wrote to stdout, for the execution log.
	stdout lineage.OutputHasher
	// displays limits the rate of the cell's displays (ratelimit.go).
	displays displayLimit
}

func (o *cellOutput) Stream(name, text string) {
	if name == "stdout" {
		o.stdout.Stdout(text)
	}
	if o.silent {
		return
	}
	o.k.publish(o.parent, "stream", map[string]any{"name": name, "text": text})
}

func (o *cellOutput) Display(d workerproto.Display) {
	if o.silent {
		return
	}
	// A loop of display updates must not flood the front end (ratelimit.go).
	o.displays.send(d, o.publishDisplay, func(notice string) { o.Stream("stderr", notice) })
}

func (o *cellOutput) ClearOutput(wait bool) {
	if o.silent {
		return
	}
	o.k.publish(o.parent, "clear_output", map[string]any{"wait": wait})
}

// Input sends an input_request on stdin to the frontend that sent the cell and waits
// for its input_reply.
func (o *cellOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", fmt.Errorf("stdin is not available: the frontend does not accept input requests")
	}
	// Replies to earlier, abandoned requests must not answer this one.
	for len(o.k.stdinReplies) > 0 {
		<-o.k.stdinReplies
	}
	req := o.k.newMessage(o.parent, "input_request", map[string]any{"prompt": prompt, "password": password})
	o.k.send(o.k.stdin, req)
	for {
		select {
		case m := <-o.k.stdinReplies:
			var reply struct {
				Value string `json:"value"`
			}
			if err := json.Unmarshal(m.Content, &reply); err != nil {
				return "", fmt.Errorf("malformed input_reply: %w", err)
			}
			var parent Header
			if json.Unmarshal(m.ParentHeader, &parent) == nil && parent.MsgID != "" && parent.MsgID != req.Header.MsgID {
				continue // a reply to another request
			}
			return reply.Value, nil
		case <-ctx.Done():
			return "", fmt.Errorf("input cancelled: %w", ctx.Err())
		case <-o.k.done:
			return "", fmt.Errorf("kernel is shutting down")
		}
	}
}

// cursorRequest is the content of complete_request and inspect_request.
type cursorRequest struct {
	Code        string `json:"code"`
	CursorPos   *int   `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

func (r cursorRequest) cursor() int {
	if r.CursorPos == nil {
		return len([]rune(r.Code))
	}
	return *r.CursorPos
}

func (k *Kernel) complete(ch *channel, m *Message) {
	var req cursorRequest
	if !k.decode(ch, m, &req) {
		return
	}
	reply, err := k.backend.Complete(context.Background(), workerproto.CompleteRequest{Code: req.Code, CursorPos: req.cursor()})
	if err != nil {
		k.reply(ch, m, "complete_reply", errorContent("CompletionError", err.Error()))
		return
	}
	if reply.Matches == nil {
		reply.Matches = []string{}
	}
	k.reply(ch, m, "complete_reply", map[string]any{
		"status": "ok", "matches": reply.Matches, "cursor_start": reply.CursorStart,
		"cursor_end": reply.CursorEnd, "metadata": orEmptyMap(reply.Metadata),
	})
}

func (k *Kernel) inspect(ch *channel, m *Message) {
	var req cursorRequest
	if !k.decode(ch, m, &req) {
		return
	}
	reply, err := k.backend.Inspect(context.Background(), workerproto.InspectRequest{Code: req.Code, CursorPos: req.cursor(), DetailLevel: req.DetailLevel})
	if err != nil {
		k.reply(ch, m, "inspect_reply", errorContent("InspectionError", err.Error()))
		return
	}
	k.reply(ch, m, "inspect_reply", map[string]any{
		"status": "ok", "found": reply.Found, "data": orEmptyMap(reply.Data), "metadata": orEmptyMap(reply.Metadata),
	})
}

func (k *Kernel) isComplete(ch *channel, m *Message) {
	var req struct {
		Code string `json:"code"`
	}
	if !k.decode(ch, m, &req) {
		return
	}
	reply, err := k.backend.IsComplete(context.Background(), workerproto.IsCompleteRequest{Code: req.Code})
	if err != nil {
		k.reply(ch, m, "is_complete_reply", map[string]any{"status": "unknown"})
		return
	}
	content := map[string]any{"status": reply.Status}
	if reply.Status == "incomplete" {
		content["indent"] = reply.Indent
	}
	k.reply(ch, m, "is_complete_reply", content)
}

func (k *Kernel) historyRequest(ch *channel, m *Message) {
	var req HistoryQuery
	if !k.decode(ch, m, &req) {
		return
	}
	entries, err := k.history.Query(req)
	if err != nil {
		k.reply(ch, m, "history_reply", errorContent("HistoryError", err.Error()))
		return
	}
	k.reply(ch, m, "history_reply", map[string]any{"status": "ok", "history": entries})
}

func (k *Kernel) shutdownRequest(ch *channel, m *Message) {
	var req struct {
		Restart bool `json:"restart"`
	}
	if !k.decode(ch, m, &req) {
		return
	}
	content := map[string]any{"status": "ok", "restart": req.Restart}
	k.reply(ch, m, "shutdown_reply", content)
	// Protocol 5.4: the reply is also broadcast, so every frontend learns of it.
	k.publish(m, "shutdown_reply", content)
	k.log.Info("shutdown requested", "restart", req.Restart)
	k.shutdown()
}

func (k *Kernel) interruptRequest(ch *channel, m *Message) {
	k.backend.Interrupt()
	k.reply(ch, m, "interrupt_reply", map[string]any{"status": "ok"})
}

// controlRequests are the requests the control channel serves. The messaging spec
// gives control to shutdown, interrupt and debugging (and, since JEP 80, kernel_info,
// which a frontend sends there when shell is busy). Everything else belongs on shell:
// its handlers assume the one shell goroutine (the execution count, the worker's
// request order, the history), and a cell run from control would run beside the cell
// shell is running.
var controlRequests = map[string]bool{
	"shutdown_request":    true,
	"interrupt_request":   true,
	"kernel_info_request": true,
	"debug_request":       true, // answered as unhandled: gokernel has no debugger
	"usage_request":       true, // likewise; ipykernel serves it on control
}

// refuseOnControl answers a shell request sent on control with an error reply of its
// own type, without acting on it; a message that expects no reply is dropped.
func (k *Kernel) refuseOnControl(m *Message) {
	k.log.Warn("refused a shell message on control", "msg_type", m.Header.MsgType)
	base, isRequest := strings.CutSuffix(m.Header.MsgType, "_request")
	if !isRequest {
		return
	}
	content := errorContent("InvalidChannel",
		fmt.Sprintf("%s is not served on the control channel; send it on the shell channel", m.Header.MsgType))
	if m.Header.MsgType == "execute_request" {
		// execute_reply's error form also carries these; a client reading them must
		// not find them missing.
		content["execution_count"] = nil
		content["user_expressions"] = map[string]any{}
		content["payload"] = []any{}
	}
	k.reply(k.control, m, base+"_reply", content)
}
