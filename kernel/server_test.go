package kernel

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gokernel/gokernel/internal/workerproto"
)

// fakeBackend runs "cells" without an interpreter: it streams the code back and
// answers "block" by waiting for an interrupt.
type fakeBackend struct {
	mu          sync.Mutex
	interrupted chan struct{}
	requests    []workerproto.ExecuteRequest
}

func (f *fakeBackend) Execute(ctx context.Context, req workerproto.ExecuteRequest, out Output) (workerproto.ExecuteReply, error) {
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	switch req.Code {
	case "block":
		f.mu.Lock()
		ch := f.interrupted
		f.mu.Unlock()
		<-ch
		return workerproto.ExecuteReply{Error: &workerproto.Error{Name: "Interrupted", Value: "stopped"}}, nil
	case "fail":
		return workerproto.ExecuteReply{Error: &workerproto.Error{Name: "panic", Value: "boom"}}, nil
	}
	out.Stream("stdout", "ran: "+req.Code)
	return workerproto.ExecuteReply{Result: &workerproto.MIMEBundle{Data: map[string]any{"text/plain": req.Code}}}, nil
}

func (f *fakeBackend) Complete(context.Context, workerproto.CompleteRequest) (workerproto.CompleteReply, error) {
	return workerproto.CompleteReply{Matches: []string{"x"}}, nil
}
func (f *fakeBackend) Inspect(context.Context, workerproto.InspectRequest) (workerproto.InspectReply, error) {
	return workerproto.InspectReply{}, nil
}
func (f *fakeBackend) IsComplete(context.Context, workerproto.IsCompleteRequest) (workerproto.IsCompleteReply, error) {
	return workerproto.IsCompleteReply{Status: "complete"}, nil
}
func (f *fakeBackend) Interrupt() {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case <-f.interrupted:
	default:
		close(f.interrupted)
	}
}
func (f *fakeBackend) Close() error { return nil }

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// testClient is a minimal Jupyter frontend on real ZeroMQ sockets.
type testClient struct {
	t       *testing.T
	signer  *Signer
	shell   zmq4.Socket
	control zmq4.Socket
	iopub   zmq4.Socket
	// published carries what iopub receives, read by one goroutine, so that a read
	// can time out instead of blocking the test for good.
	published chan zmq4.Msg
}

func startKernel(t *testing.T) (*testClient, *fakeBackend) {
	c, b, _ := startKernelWith(t)
	return c, b
}

func startKernelWith(t *testing.T) (*testClient, *fakeBackend, *Kernel) {
	t.Helper()
	p := freePorts(t, 5)
	ci := &ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], ControlPort: p[1],
		StdinPort: p[2], IOPubPort: p[3], HBPort: p[4], SignatureScheme: "hmac-sha256", Key: "test-key"}
	backend := &fakeBackend{interrupted: make(chan struct{})}
	k, err := New(ci, backend, Options{Version: "test", Log: slog.New(slog.NewTextHandler(io.Discard, nil)), StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { k.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	c := &testClient{t: t, signer: k.signer}
	dial := func(s zmq4.Socket, port int) zmq4.Socket {
		for i := 0; ; i++ {
			err := s.Dial(ci.endpoint(port))
			if err == nil {
				return s
			}
			if i > 100 {
				t.Fatalf("dial %d: %v", port, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	id := zmq4.WithID(zmq4.SocketIdentity("test-client"))
	c.shell = dial(zmq4.NewDealer(ctx, id, zmq4.WithDialerRetry(20*time.Millisecond)), ci.ShellPort)
	c.control = dial(zmq4.NewDealer(ctx, id, zmq4.WithDialerRetry(20*time.Millisecond)), ci.ControlPort)
	c.iopub = dial(zmq4.NewSub(ctx, zmq4.WithDialerRetry(20*time.Millisecond)), ci.IOPubPort)
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.shell.Close(); c.control.Close(); c.iopub.Close() })
	c.published = make(chan zmq4.Msg, 1024)
	go func() {
		for {
			m, err := c.iopub.Recv()
			if err != nil {
				close(c.published)
				return
			}
			c.published <- m
		}
	}()
	c.awaitSubscription()
	return c, backend, k
}

// awaitSubscription returns once iopub delivers: a PUB socket drops what it publishes
// before the subscriber's subscription reaches it, so a test that sent a request at
// once could miss its messages (on a loaded machine, the idle status, and then wait
// for good). Jupyter's clients do the same with kernel_info requests.
func (c *testClient) awaitSubscription() {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		c.request(c.shell, "kernel_info_request", map[string]any{})
		c.recv(c.shell)
		select {
		case <-c.published:
			// Drain the rest of this round's messages.
			for {
				select {
				case <-c.published:
					continue
				case <-time.After(50 * time.Millisecond):
				}
				return
			}
		case <-time.After(100 * time.Millisecond):
		}
	}
	c.t.Fatal("iopub delivered nothing within 30 s")
}

func (c *testClient) request(sock zmq4.Socket, msgType string, content any) string {
	c.t.Helper()
	return c.requestWithMetadata(sock, msgType, content, nil)
}

func (c *testClient) requestWithMetadata(sock zmq4.Socket, msgType string, content, metadata any) string {
	c.t.Helper()
	body, _ := json.Marshal(content)
	md, _ := json.Marshal(metadata)
	if metadata == nil {
		md = []byte("{}")
	}
	id := newID()
	m := &Message{Header: Header{MsgID: id, Session: "client", MsgType: msgType, Version: "5.3"}, Content: body, Metadata: md}
	frames, err := c.signer.Encode(m)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
	return id
}

func (c *testClient) recv(sock zmq4.Socket) *Message {
	c.t.Helper()
	var raw zmq4.Msg
	var err error
	if sock == c.iopub {
		select {
		case m, ok := <-c.published:
			if !ok {
				c.t.Fatal("iopub closed")
			}
			raw = m
		case <-time.After(30 * time.Second):
			c.t.Fatal("no iopub message within 30 s")
		}
	} else if raw, err = sock.Recv(); err != nil {
		c.t.Fatal(err)
	}
	m, err := c.signer.Decode(raw.Frames)
	if err != nil {
		c.t.Fatal(err)
	}
	return m
}

func parentID(m *Message) string {
	var h Header
	json.Unmarshal(m.ParentHeader, &h)
	return h.MsgID
}

// iopubFor reads iopub until the idle status of request id, returning what it saw.
func (c *testClient) iopubFor(id string) []*Message {
	var msgs []*Message
	for {
		m := c.recv(c.iopub)
		if parentID(m) != id {
			continue
		}
		msgs = append(msgs, m)
		if m.Header.MsgType == "status" && string(m.Content) == `{"execution_state":"idle"}` {
			return msgs
		}
	}
}

func TestKernelInfoOverRealSockets(t *testing.T) {
	c, _ := startKernel(t)
	id := c.request(c.shell, "kernel_info_request", map[string]any{})
	reply := c.recv(c.shell)
	if reply.Header.MsgType != "kernel_info_reply" || parentID(reply) != id {
		t.Fatalf("got %s for %s", reply.Header.MsgType, parentID(reply))
	}
	var info struct {
		LanguageInfo struct{ Name string } `json:"language_info"`
	}
	json.Unmarshal(reply.Content, &info)
	if info.LanguageInfo.Name != "go" {
		t.Errorf("language %q", info.LanguageInfo.Name)
	}
}

func TestForgedAndTruncatedMessagesAreDropped(t *testing.T) {
	c, _ := startKernel(t)
	forger, _ := NewSigner("hmac-sha256", "wrong-key")
	m := &Message{Header: Header{MsgID: "forged", Session: "x", MsgType: "execute_request"}, Content: []byte(`{"code":"fail"}`)}
	frames, _ := forger.Encode(m)
	if err := c.shell.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		t.Fatal(err)
	}
	if err := c.shell.SendMulti(zmq4.NewMsgFrom([]byte("<IDS|MSG>"), []byte("sig"))); err != nil {
		t.Fatal(err)
	}
	if err := c.shell.Send(zmq4.NewMsg([]byte("garbage"))); err != nil {
		t.Fatal(err)
	}
	// The first reply the kernel sends is to the first genuine request.
	id := c.request(c.shell, "kernel_info_request", map[string]any{})
	reply := c.recv(c.shell)
	if parentID(reply) != id {
		t.Fatalf("first reply answers %q, want the genuine request %q", parentID(reply), id)
	}
}

func TestExecutePublishesInOrder(t *testing.T) {
	c, _ := startKernel(t)
	id := c.request(c.shell, "execute_request", map[string]any{"code": "hello"})
	var types []string
	for _, m := range c.iopubFor(id) {
		types = append(types, m.Header.MsgType)
	}
	want := []string{"status", "execute_input", "stream", "execute_result", "status"}
	if len(types) != len(want) {
		t.Fatalf("iopub %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("iopub %v, want %v", types, want)
		}
	}
	reply := c.recv(c.shell)
	var content struct {
		Status         string `json:"status"`
		ExecutionCount int    `json:"execution_count"`
	}
	json.Unmarshal(reply.Content, &content)
	if content.Status != "ok" || content.ExecutionCount != 1 {
		t.Errorf("execute_reply %s", reply.Content)
	}
}

// TestExecuteCarriesCellAndExecutionIDs checks that the cell id of execute_request's
// metadata reaches the backend with the id the execution is logged under, and that
// the reply's metadata.gokernel names both.
func TestExecuteCarriesCellAndExecutionIDs(t *testing.T) {
	c, b := startKernel(t)
	c.requestWithMetadata(c.shell, "execute_request", map[string]any{"code": "hello"}, map[string]any{"cellId": "cell-1", "deletedCells": []any{"old", 7}})
	reply := c.recv(c.shell)
	var md struct {
		Gokernel struct {
			ExecutionID string `json:"execution_id"`
			CellID      string `json:"cell_id"`
		} `json:"gokernel"`
	}
	if err := json.Unmarshal(reply.Metadata, &md); err != nil {
		t.Fatalf("reply metadata %s: %v", reply.Metadata, err)
	}
	b.mu.Lock()
	req := b.requests[len(b.requests)-1]
	b.mu.Unlock()
	if req.CellID != "cell-1" || req.ExecutionID == "" || md.Gokernel.ExecutionID != req.ExecutionID || md.Gokernel.CellID != "cell-1" {
		t.Errorf("request cell %q execution %q; reply metadata %s", req.CellID, req.ExecutionID, reply.Metadata)
	}
}

func TestMalformedContentGetsErrorReply(t *testing.T) {
	c, _ := startKernel(t)
	id := c.request(c.shell, "execute_request", map[string]any{"code": 42})
	reply := c.recv(c.shell)
	if parentID(reply) != id || reply.Header.MsgType != "execute_reply" {
		t.Fatalf("got %s", reply.Header.MsgType)
	}
	var content map[string]any
	json.Unmarshal(reply.Content, &content)
	if content["status"] != "error" || content["ename"] != "MalformedMessage" {
		t.Errorf("reply %s", reply.Content)
	}
}

func TestInterruptOnControlWhileShellIsBusy(t *testing.T) {
	c, _ := startKernel(t)
	execID := c.request(c.shell, "execute_request", map[string]any{"code": "block"})
	// Control is served on its own goroutine, so it answers while the cell blocks.
	intID := c.request(c.control, "interrupt_request", map[string]any{})
	if reply := c.recv(c.control); parentID(reply) != intID {
		t.Fatalf("interrupt reply for %q", parentID(reply))
	}
	reply := c.recv(c.shell)
	if parentID(reply) != execID {
		t.Fatalf("execute reply for %q", parentID(reply))
	}
	var content map[string]any
	json.Unmarshal(reply.Content, &content)
	if content["ename"] != "Interrupted" {
		t.Errorf("reply %s", reply.Content)
	}
}

func TestStopOnErrorAbortsQueuedExecutes(t *testing.T) {
	c, _, k := startKernelWith(t)
	blockID := c.request(c.shell, "execute_request", map[string]any{"code": "block"})
	failID := c.request(c.shell, "execute_request", map[string]any{"code": "fail"})
	nextID := c.request(c.shell, "execute_request", map[string]any{"code": "after"})
	// Both wait in the queue behind the blocked cell before it is let go.
	for len(k.shellQueue) < 2 {
		time.Sleep(time.Millisecond)
	}
	c.request(c.control, "interrupt_request", map[string]any{})
	c.recv(c.control)
	statuses := map[string]string{}
	for range 3 {
		r := c.recv(c.shell)
		var content map[string]any
		json.Unmarshal(r.Content, &content)
		statuses[parentID(r)] = content["status"].(string)
	}
	// The blocked cell errors (interrupted) and aborts both queued cells.
	if statuses[blockID] != "error" || statuses[failID] != "aborted" || statuses[nextID] != "aborted" {
		t.Errorf("statuses %v", statuses)
	}
}
