// Package workerproto is the private protocol between the kernel process and the worker
// process that runs user code: length-prefixed JSON envelopes over a pair of pipes.
//
// It lives apart from both sides so that the kernel never imports the interpreter and
// the interpreter never imports ZeroMQ. Stdout and stderr of user code do not travel
// here: they are the worker's own file descriptors 1 and 2, read by the kernel, so that
// output from goroutines, the log package, os.Stdout.Write and even a crashing runtime
// reaches the notebook. A sync marker written to both streams at the end of each
// request lets the kernel publish every byte of a cell's output before its reply.
package workerproto

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// Envelope types sent by the kernel to the worker.
const (
	TypeExecute    = "execute"
	TypeComplete   = "complete"
	TypeInspect    = "inspect"
	TypeIsComplete = "is_complete"
	TypeInterrupt  = "interrupt"
	TypeInputReply = "input_reply"
	TypeRestore    = "restore"
	TypeSnapshot   = "snapshot"
	TypeDiff       = "diff"
	// TypeSettle asks the worker to answer once the snapshot it is writing, if
	// any, is written and reported: the kernel then knows the latest one.
	TypeSettle = "settle"
	// TypeDeclarations asks for the session's declarations (DeclarationsReply):
	// what export turns into a program's package-level declarations.
	TypeDeclarations = "declarations"
)

// Envelope types sent by the worker to the kernel.
const (
	TypeReady        = "ready"
	TypeReply        = "reply"
	TypeDisplay      = "display"
	TypeClearOutput  = "clear_output"
	TypeInputRequest = "input_request"
	TypeSnapshotDone = "snapshot_done"
)

// SyncTokenEnv names the environment variable through which the kernel hands the worker
// the random token that marks the end of a request's output on stdout and stderr.
const SyncTokenEnv = "GOKERNEL_SYNC_TOKEN"

// GoroutinePanicMarker starts the line a worker writes to its stderr just before a
// panic in a goroutine a cell started ends the process: the marker, then as JSON the
// interpreted frames of the panic and how to turn the interpreter's messages into
// Go's. The kernel takes the line out of the cell's output and reports the panic with
// it.
const GoroutinePanicMarker = "\x00gokernel:goroutine-panic\x00"

// maxFrame bounds one envelope; a bigger length prefix means a corrupted stream.
const maxFrame = 1 << 30

// Envelope is one frame of the protocol. ID ties replies and events to the request
// that caused them.
type Envelope struct {
	ID   uint64          `json:"id"`
	Type string          `json:"type"`
	Body json.RawMessage `json:"body,omitempty"`
}

// ExecuteRequest asks the worker to run a cell.
type ExecuteRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    bool              `json:"store_history"`
	AllowStdin      bool              `json:"allow_stdin"`
	UserExpressions map[string]string `json:"user_expressions,omitempty"`
	ExecutionCount  int               `json:"execution_count"`
	// CellID is the front end's id of the cell (execute_request metadata.cellId);
	// empty when it sent none.
	CellID string `json:"cell_id,omitempty"`
	// ExecutionID is the id the execution log records this execution under, so
	// that what the worker stores of it (a snapshot) names the same execution.
	ExecutionID string `json:"execution_id,omitempty"`
	// Snapshot asks the worker to snapshot what the cell defined or changed once it
	// succeeds; nil when snapshots are off.
	Snapshot *SnapshotSpec `json:"snapshot,omitempty"`
	// Seed seeds the top-level functions of math/rand and math/rand/v2 for this
	// execution (lineage.CellSeed).
	Seed uint64 `json:"seed"`
}

// MIMEBundle is display data keyed by MIME type, with metadata keyed likewise.
type MIMEBundle struct {
	Data     map[string]any `json:"data"`
	Metadata map[string]any `json:"metadata"`
}

// Error describes a failed execution the way Jupyter's error message does.
type Error struct {
	Name      string   `json:"ename"`
	Value     string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// ExecuteReply is the worker's answer to an ExecuteRequest.
type ExecuteReply struct {
	// Result is the value of the cell's trailing expression, if it has one.
	Result *MIMEBundle `json:"result,omitempty"`
	// Error is set when the cell failed.
	Error *Error `json:"error,omitempty"`
	// Interrupted is set when the cell stopped because of an interrupt.
	Interrupted bool `json:"interrupted,omitempty"`
	// UserExpressions maps each requested name to a display_data-shaped result
	// (status, data, metadata) or an error (status, ename, evalue, traceback).
	UserExpressions map[string]any `json:"user_expressions,omitempty"`
	// Payload holds execute_reply payloads, such as a "page" of documentation for
	// `?name`.
	Payload []map[string]any `json:"payload,omitempty"`
	// Sync is the sequence number of the marker written to stdout and stderr after the
	// cell's last output; zero if no marker could be written.
	Sync uint64 `json:"sync,omitempty"`
	// Lineage is what the cell did to the session, for the execution log; nil when
	// no worker answered (it died running the cell).
	Lineage *Lineage `json:"lineage,omitempty"`
	// Session is the id of the worker's session, new whenever a worker starts: a
	// change tells the kernel that the session's variables are gone.
	Session string `json:"session,omitempty"`
}

// ResultText is the text form of the execution's result, "" when it had none: what
// the execution log's output hash and a replay compare.
func (r ExecuteReply) ResultText() string {
	if r.Result == nil {
		return ""
	}
	t, _ := r.Result.Data["text/plain"].(string)
	return t
}

// Lineage is a cell's effect on the session's names, as the worker saw it (see
// package lineage for the meaning of each list). Names are sorted.
type Lineage struct {
	Defined     []string `json:"defined,omitempty"`
	Read        []string `json:"read,omitempty"`
	Changed     []string `json:"changed,omitempty"`
	Unconfirmed []string `json:"unconfirmed,omitempty"`
	// Hashes are the value hashes after the cell of the variables it defined or
	// changed; "" for a value that cannot be hashed.
	Hashes map[string]string `json:"hashes,omitempty"`
	// Inputs are the files the cell opened for reading, by absolute path, with the
	// hashes of their content (lineage.HashFile).
	Inputs map[string]string `json:"inputs,omitempty"`
}

// CompleteRequest asks for completions at a cursor position (in Unicode code points).
type CompleteRequest struct {
	Code      string `json:"code"`
	CursorPos int    `json:"cursor_pos"`
}

// CompleteReply carries matches for CompleteRequest.
type CompleteReply struct {
	Matches     []string       `json:"matches"`
	CursorStart int            `json:"cursor_start"`
	CursorEnd   int            `json:"cursor_end"`
	Metadata    map[string]any `json:"metadata"`
}

// InspectRequest asks for documentation of the name at a cursor position.
type InspectRequest struct {
	Code        string `json:"code"`
	CursorPos   int    `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// InspectReply answers InspectRequest.
type InspectReply struct {
	Found    bool           `json:"found"`
	Data     map[string]any `json:"data"`
	Metadata map[string]any `json:"metadata"`
}

// IsCompleteRequest asks whether code is ready to run.
type IsCompleteRequest struct {
	Code string `json:"code"`
}

// IsCompleteReply answers IsCompleteRequest with "complete", "incomplete" or "invalid".
type IsCompleteReply struct {
	Status string `json:"status"`
	Indent string `json:"indent,omitempty"`
}

// Display is output a cell published through the display package.
type Display struct {
	MIMEBundle
	DisplayID string `json:"display_id,omitempty"`
	Update    bool   `json:"update,omitempty"`
	// Sync is the marker written to stdout just before; the kernel publishes the
	// display after the text before that marker and before the text after it.
	Sync uint64 `json:"sync,omitempty"`
}

// ClearOutput asks the frontend to clear the cell's output.
type ClearOutput struct {
	Wait bool   `json:"wait"`
	Sync uint64 `json:"sync,omitempty"`
}

// InputRequest asks the frontend for a line of input on behalf of running code.
type InputRequest struct {
	Prompt   string `json:"prompt"`
	Password bool   `json:"password"`
}

// InputReply carries the user's line, or why there is none.
type InputReply struct {
	Value string `json:"value"`
	Error string `json:"error,omitempty"`
}

// Ready is the first envelope a worker sends.
type Ready struct {
	PID       int    `json:"pid"`
	GoVersion string `json:"go_version"`
}

// SyncMarker returns the bytes written to stdout and stderr after request seq's output.
// NUL bytes around it keep it from ever looking like text a user would print.
func SyncMarker(token string, seq uint64) []byte {
	return []byte("\x00" + SyncPrefix(token) + strconv.FormatUint(seq, 10) + "\x00")
}

// DisplayMarker is the marker written just before a display or clear_output is sent:
// the kernel holds the text after it until that display has been published.
func DisplayMarker(token string, seq uint64) []byte {
	return []byte("\x00" + SyncPrefix(token) + DisplayMarkerTag + strconv.FormatUint(seq, 10) + "\x00")
}

// DisplayMarkerTag starts the sequence number of a display marker.
const DisplayMarkerTag = "D"

// SyncPrefix is the fixed part of every sync marker with this token.
func SyncPrefix(token string) string { return "gokernel-sync:" + token + ":" }

// Conn reads and writes envelopes. Send is safe for concurrent use; Receive is not.
type Conn struct {
	r  *bufio.Reader
	mu sync.Mutex
	w  io.Writer
}

// NewConn returns a Conn reading from r and writing to w.
func NewConn(r io.Reader, w io.Writer) *Conn {
	return &Conn{r: bufio.NewReaderSize(r, 64<<10), w: w}
}

// Send writes one envelope whose body is v encoded as JSON.
func (c *Conn) Send(id uint64, typ string, v any) error {
	env := Envelope{ID: id, Type: typ}
	if v != nil {
		body, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("workerproto: encode %s: %w", typ, err)
		}
		env.Body = body
	}
	b, err := json.Marshal(env)
	if err != nil {
		return fmt.Errorf("workerproto: encode %s: %w", typ, err)
	}
	frame := make([]byte, 4+len(b))
	binary.BigEndian.PutUint32(frame, uint32(len(b)))
	copy(frame[4:], b)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.w.Write(frame); err != nil {
		return fmt.Errorf("workerproto: send %s: %w", typ, err)
	}
	return nil
}

// Receive reads the next envelope.
func (c *Conn) Receive() (Envelope, error) {
	var env Envelope
	var n [4]byte
	if _, err := io.ReadFull(c.r, n[:]); err != nil {
		return env, err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxFrame {
		return env, fmt.Errorf("workerproto: frame of %d bytes exceeds the limit", size)
	}
	// The buffer grows as the frame arrives: a length prefix alone, garbled or
	// hostile, does not allocate a gigabyte.
	var buf bytes.Buffer
	buf.Grow(int(min(size, 1<<20)))
	if _, err := io.CopyN(&buf, c.r, int64(size)); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return env, fmt.Errorf("workerproto: truncated frame: %w", err)
	}
	if err := json.Unmarshal(buf.Bytes(), &env); err != nil {
		return env, fmt.Errorf("workerproto: bad frame: %w", err)
	}
	return env, nil
}

// Decode unpacks an envelope's body into v.
func (e Envelope) Decode(v any) error {
	if len(e.Body) == 0 {
		return fmt.Errorf("workerproto: %s envelope has no body", e.Type)
	}
	if err := json.Unmarshal(e.Body, v); err != nil {
		return fmt.Errorf("workerproto: %s body: %w", e.Type, err)
	}
	return nil
}
