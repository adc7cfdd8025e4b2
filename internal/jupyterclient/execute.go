package jupyterclient

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gokernel/gokernel/kernel"
)

// Result is what one execute_request brought: the reply's content and the iopub
// messages of the request from busy to idle, in order.
type Result struct {
	MsgID   string
	Reply   ExecuteReply
	Outputs []*kernel.Message
	// Elapsed is the time from sending the request to the idle status.
	Elapsed time.Duration
}

// ExecuteReply is the content of an execute_reply.
type ExecuteReply struct {
	Status         string   `json:"status"`
	ExecutionCount int      `json:"execution_count"`
	EName          string   `json:"ename"`
	EValue         string   `json:"evalue"`
	Traceback      []string `json:"traceback"`
}

// Stream is the text the cell wrote to stdout or stderr.
func (r *Result) Stream(name string) string {
	var b strings.Builder
	for _, m := range r.Outputs {
		if m.Header.MsgType != "stream" {
			continue
		}
		var c struct{ Name, Text string }
		if json.Unmarshal(m.Content, &c) == nil && c.Name == name {
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

// Value is the text/plain of the cell's execute_result, or "".
func (r *Result) Value() string {
	for _, m := range r.Outputs {
		if m.Header.MsgType != "execute_result" {
			continue
		}
		var c struct {
			Data map[string]any `json:"data"`
		}
		if json.Unmarshal(m.Content, &c) == nil {
			s, _ := c.Data["text/plain"].(string)
			return s
		}
	}
	return ""
}

// Count returns how many iopub messages of the request have type msgType.
func (r *Result) Count(msgType string) int {
	n := 0
	for _, m := range r.Outputs {
		if m.Header.MsgType == msgType {
			n++
		}
	}
	return n
}

// Describe is a one-line account of the result for test failures.
func (r *Result) Describe() string {
	s := fmt.Sprintf("status %s", r.Reply.Status)
	if r.Reply.EName != "" {
		s += fmt.Sprintf(" (%s: %s)", r.Reply.EName, r.Reply.EValue)
	}
	if v := r.Value(); v != "" {
		s += fmt.Sprintf(", value %q", v)
	}
	if out := r.Stream("stdout"); out != "" {
		s += fmt.Sprintf(", stdout %q", clip(out))
	}
	if out := r.Stream("stderr"); out != "" {
		s += fmt.Sprintf(", stderr %q", clip(out))
	}
	return s
}

func clip(s string) string {
	if len(s) > 500 {
		return s[:500] + "..."
	}
	return s
}

// Execute runs code and waits for its reply and its idle status, up to timeout.
func (k *Kernel) Execute(ctx context.Context, code string, timeout time.Duration) (*Result, error) {
	start := time.Now()
	id, err := k.Send(Shell, "execute_request", map[string]any{
		"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{},
		"allow_stdin": false, "stop_on_error": true,
	})
	if err != nil {
		return nil, err
	}
	return k.Collect(ctx, id, start, timeout)
}

// Collect waits for the reply to the execute_request msgID and its idle status.
func (k *Kernel) Collect(ctx context.Context, msgID string, start time.Time, timeout time.Duration) (*Result, error) {
	deadline := start.Add(timeout)
	r := &Result{MsgID: msgID}
	idle := false
	for !idle {
		m, err := k.NextIOPub(time.Until(deadline))
		if err != nil {
			return r, fmt.Errorf("waiting for the idle status of %s: %w", msgID, err)
		}
		if ParentID(m) != msgID {
			continue
		}
		if m.Header.MsgType == "status" {
			var c struct {
				State string `json:"execution_state"`
			}
			json.Unmarshal(m.Content, &c)
			idle = c.State == "idle"
			continue
		}
		r.Outputs = append(r.Outputs, m)
	}
	r.Elapsed = time.Since(start)
	reply, err := k.Reply(ctx, Shell, msgID, time.Until(deadline))
	if err != nil {
		return r, fmt.Errorf("waiting for execute_reply: %w", err)
	}
	if err := json.Unmarshal(reply.Content, &r.Reply); err != nil {
		return r, fmt.Errorf("execute_reply content: %w", err)
	}
	return r, nil
}

// Interrupt sends interrupt_request on the control channel, as Jupyter does for a
// kernel whose spec says interrupt_mode "message", and waits for the reply.
func (k *Kernel) Interrupt(ctx context.Context) error {
	id, err := k.Send(Control, "interrupt_request", map[string]any{})
	if err != nil {
		return err
	}
	_, err = k.Reply(ctx, Control, id, 30*time.Second)
	return err
}
