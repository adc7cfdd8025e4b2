package tests

// Hostile input through the live kernel (issue 15, point 4). The kernel's ports are
// open to every process on the machine and its messages are only as trustworthy as
// their signatures, so everything a hostile or broken peer can put on a socket is sent
// to the installed binary here: forged, replayed, truncated, oversized, ill-encoded
// and ill-typed messages, on shell, control and stdin. After each, the kernel must
// still run a genuine cell, its worker must be the same process (nothing crashed),
// and the message must not have run: each carries a cell that would write a file if
// it ran, and the execution count must not have moved.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/google/uuid"

	"github.com/gokernel/gokernel/internal/jupyterclient"
	"github.com/gokernel/gokernel/kernel"
)

// hostileTimeout bounds every wait for the kernel. It is generous on purpose: the
// tests check what the kernel does, not how fast, and a loaded CI machine is slow.
const hostileTimeout = 30 * time.Second

// hostileKernel is a live kernel, a client of its own (jupyterclient) for the genuine
// requests, and probes: extra connections that send what a hostile peer would.
type hostileKernel struct {
	*jupyterclient.Kernel
	log *syncBuffer
	// dataDir and storeDir are JUPYTER_DATA_DIR and GOKERNEL_STORE: missing when the
	// kernel starts, so whatever is in them the kernel (or its worker) made.
	dataDir, storeDir string
	// marks is where the cells of hostile messages would leave their mark if they ran.
	marks string
	// count is the execution count of the last genuine cell: a hostile message that
	// ran would move it.
	count  int
	probes map[jupyterclient.Channel]*hostileProbe
	// worker is the worker's pid (Linux): a different one later means it crashed.
	worker int
}

// startHostileKernel starts the test binary with a key of its own (so a search for it
// cannot match anything else) and fresh data and store folders.
func startHostileKernel(t *testing.T, env ...string) *hostileKernel {
	t.Helper()
	root := t.TempDir()
	k := &hostileKernel{
		log:      &syncBuffer{},
		dataDir:  filepath.Join(root, "data"),
		storeDir: filepath.Join(root, "store"),
		marks:    filepath.Join(root, "marks"),
		probes:   map[jupyterclient.Channel]*hostileProbe{},
	}
	if err := os.Mkdir(k.marks, 0o700); err != nil {
		t.Fatal(err)
	}
	// Later entries win in os/exec, so these override the harness's shared folders.
	kenv := append(slices.Clone(kernelEnv), "JUPYTER_DATA_DIR="+k.dataDir, "GOKERNEL_STORE="+k.storeDir)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	jk, err := jupyterclient.Start(ctx, jupyterclient.Options{
		Binary: filepath.Join(binDir, "gokernel"),
		Env:    append(kenv, env...),
		Stderr: k.log,
		Key:    "hostile-key-" + uuid.NewString(),
	})
	if err != nil {
		t.Fatalf("start kernel: %v", err)
	}
	k.Kernel = jk
	pctx, pcancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		for _, p := range k.probes {
			p.sock.Close()
		}
		pcancel()
		jk.Close()
		if t.Failed() {
			t.Logf("kernel log:\n%s", hostileClip(k.log.String(), 20000))
		}
	})
	for ch, port := range map[jupyterclient.Channel]int{jupyterclient.Shell: jk.Info.ShellPort,
		jupyterclient.Control: jk.Info.ControlPort, jupyterclient.Stdin: jk.Info.StdinPort} {
		p, err := newHostileProbe(pctx, fmt.Sprintf("tcp://%s:%d", jk.Info.IP, port), jk.Info)
		if err != nil {
			t.Fatal(err)
		}
		k.probes[ch] = p
	}
	// The first genuine cell sets the execution count every later one is held to,
	// and makes sure the worker runs before its pid is taken.
	k.mustBeAlive(t)
	k.worker, _ = jk.WorkerPID()
	return k
}

func hostileClip(s string, n int) string {
	if len(s) > n {
		return s[:n/2] + "\n...\n" + s[len(s)-n/2:]
	}
	return s
}

// hostileProbe is a connection of its own to one of the kernel's router sockets,
// with its own identity, as another process on the machine would have. Unlike
// jupyterclient's Reply, which skips replies to other requests, it sees every reply
// the kernel sends it, in order: that is what shows a hostile message got none.
type hostileProbe struct {
	sock zmq4.Socket
	got  chan *kernel.Message
}

func newHostileProbe(ctx context.Context, endpoint string, info kernel.ConnectionInfo) (*hostileProbe, error) {
	signer, err := kernel.NewSigner(info.SignatureScheme, info.Key)
	if err != nil {
		return nil, err
	}
	p := &hostileProbe{
		sock: zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("hostile-probe-"+uuid.NewString())),
			zmq4.WithDialerRetry(20*time.Millisecond)),
		got: make(chan *kernel.Message, 64),
	}
	var derr error
	for range 250 {
		if derr = p.sock.Dial(endpoint); derr == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if derr != nil {
		return nil, fmt.Errorf("probe dial %s: %w", endpoint, derr)
	}
	go func() {
		defer close(p.got)
		for {
			raw, err := p.sock.Recv()
			if err != nil {
				return
			}
			m, err := signer.Decode(raw.Frames)
			if err != nil {
				// The kernel sent something its own decoder refuses: a finding, shown
				// to the test as a message of its own type.
				m = &kernel.Message{Header: kernel.Header{MsgType: "undecodable: " + err.Error()}}
			}
			p.got <- m
		}
	}()
	return p, nil
}

func (p *hostileProbe) send(frames [][]byte) error {
	return p.sock.SendMulti(zmq4.NewMsgFrom(frames...))
}

// hostileMsg is the four signed parts of a message, raw, so that a case can break any
// of them.
type hostileMsg struct {
	id                                string
	header, parent, metadata, content []byte
}

// message builds a well-formed message of msgType with content (a JSON text).
func (k *hostileKernel) message(msgType, content string) hostileMsg {
	id := "hostile-" + uuid.NewString()
	h, _ := json.Marshal(kernel.Header{MsgID: id, Session: k.Session, Username: "hostile", MsgType: msgType,
		Version: kernel.ProtocolVersion, Date: time.Now().UTC().Format(time.RFC3339Nano)})
	return hostileMsg{id: id, header: h, parent: []byte("{}"), metadata: []byte("{}"), content: []byte(content)}
}

func (m hostileMsg) parts() [][]byte { return [][]byte{m.header, m.parent, m.metadata, m.content} }

// signed is m's frames with its correct signature.
func (k *hostileKernel) signed(m hostileMsg) [][]byte {
	return append([][]byte{[]byte("<IDS|MSG>"), k.Sign(m.parts()...)}, m.parts()...)
}

// hostileWithSignature is m's frames with sig in place of its signature.
func hostileWithSignature(m hostileMsg, sig []byte) [][]byte {
	return append([][]byte{[]byte("<IDS|MSG>"), sig}, m.parts()...)
}

// markCell is a cell that leaves a file named name in marks if it runs.
func (k *hostileKernel) markCell(name string) string {
	return fmt.Sprintf("import \"os\"\nos.WriteFile(%s, []byte(\"ran\"), 0o600)", strconv.Quote(filepath.Join(k.marks, name)))
}

// hostileExecuteContent is the content of an execute_request running code.
func hostileExecuteContent(code string) string {
	b, _ := json.Marshal(map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": false})
	return string(b)
}

// markedExecute is an execute_request whose cell leaves the mark name.
func (k *hostileKernel) markedExecute(name string) hostileMsg {
	return k.message("execute_request", hostileExecuteContent(k.markCell(name)))
}

// exec runs code as a genuine client does and returns its reply and outputs, failing
// the test if the kernel does not answer or the execution count does not move by one.
func (k *hostileKernel) exec(t *testing.T, code string) *jupyterclient.Result {
	t.Helper()
	r, err := k.Execute(context.Background(), code, hostileTimeout)
	if err != nil {
		t.Fatalf("%q: the kernel did not answer: %v", code, err)
	}
	if k.count > 0 && r.Reply.ExecutionCount != k.count+1 {
		t.Errorf("%q ran as execution %d, want %d: something else ran in between", code, r.Reply.ExecutionCount, k.count+1)
	}
	k.count = r.Reply.ExecutionCount
	return r
}

// mustBeAlive checks that the kernel process runs and answers a genuine 1 + 1 with 2.
func (k *hostileKernel) mustBeAlive(t *testing.T) {
	t.Helper()
	select {
	case <-k.Exited():
		t.Fatalf("the kernel process ended: %v", k.ExitErr())
	default:
	}
	if r := k.exec(t, "1 + 1"); r.Reply.Status != "ok" || r.Value() != "2" {
		t.Fatalf("1 + 1 gave %s", r.Describe())
	}
	if k.worker != 0 && hostileParent(k.worker) != k.Cmd.Process.Pid {
		t.Errorf("the worker (pid %d) is gone: it died and was replaced", k.worker)
		k.worker, _ = k.WorkerPID()
	}
}

// exchange sends frames on ch from a probe, then a genuine request after them on the
// same connection, and returns the replies the probe got before the genuine one's,
// and what the kernel published in reply to badID (a status busy, at the least, if
// it dispatched it). On shell and control the kernel handles a
// connection's messages in order, so once the genuine reply is in, the hostile
// message has been dealt with.
func (k *hostileKernel) exchange(t *testing.T, ch jupyterclient.Channel, frames [][]byte, badID string) (replies []*kernel.Message, published []string) {
	t.Helper()
	p := k.probes[ch]
	if err := p.send(frames); err != nil {
		t.Fatalf("send: %v", err)
	}
	if ch == jupyterclient.Stdin {
		// stdin serves only input_reply, and answers nothing: wait for the kernel's
		// log line about the message instead.
		return nil, nil
	}
	genuine := k.message("kernel_info_request", "{}")
	if err := p.send(k.signed(genuine)); err != nil {
		t.Fatalf("send: %v", err)
	}
	deadline := time.After(hostileTimeout)
	for done := false; !done; {
		select {
		case m, ok := <-p.got:
			if !ok {
				t.Fatal("the probe's connection closed")
			}
			if jupyterclient.ParentID(m) == genuine.id {
				done = true
				continue
			}
			replies = append(replies, m)
		case <-deadline:
			t.Fatalf("no reply to a genuine kernel_info_request on %s after the hostile message", hostileChannelName(ch))
		}
	}
	for {
		m, err := k.NextIOPub(hostileTimeout)
		if err != nil {
			t.Fatalf("iopub: waiting for the genuine request's idle: %v", err)
		}
		switch parent := jupyterclient.ParentID(m); {
		case parent == genuine.id:
			if m.Header.MsgType == "status" && strings.Contains(string(m.Content), `"idle"`) {
				return replies, published
			}
		case badID != "" && parent == badID:
			published = append(published, hostileIOPubName(m))
		}
	}
}

func hostileIOPubName(m *kernel.Message) string {
	if m.Header.MsgType == "status" {
		var c struct {
			State string `json:"execution_state"`
		}
		json.Unmarshal(m.Content, &c)
		return "status " + c.State
	}
	return m.Header.MsgType
}

func hostileChannelName(ch jupyterclient.Channel) string {
	switch ch {
	case jupyterclient.Shell:
		return "shell"
	case jupyterclient.Control:
		return "control"
	case jupyterclient.Stdin:
		return "stdin"
	}
	return "channel " + strconv.Itoa(int(ch))
}

// logSince returns the kernel's log lines written after offset, without their time
// stamps, and the new offset.
func (k *hostileKernel) logSince(offset int) ([]string, int) {
	s := k.log.String()
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(s[offset:]), "\n") {
		if _, rest, ok := strings.Cut(line, " level="); ok && strings.HasPrefix(line, "time=") {
			line = "level=" + rest
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	return lines, len(s)
}

// awaitLog waits for the kernel to log a line containing want after offset.
func (k *hostileKernel) awaitLog(t *testing.T, offset int, want string) string {
	t.Helper()
	deadline := time.Now().Add(hostileTimeout)
	for time.Now().Before(deadline) {
		lines, _ := k.logSince(offset)
		for _, l := range lines {
			if strings.Contains(l, want) {
				return l
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the kernel never logged %q", want)
	return ""
}

// What the kernel must do with a hostile message.
type hostileWant int

const (
	// dropped: refused before dispatch (bad signature, framing, encoding, replay):
	// no reply, nothing published, one log line.
	hostileDropped hostileWant = iota
	// errorReply: dispatched and answered with an error reply of the request's type.
	hostileErrorReply
	// okReply: a valid request with odd values, answered normally (never a crash).
	hostileOKReply
	// ignored: dispatched (busy and idle are published) but, having no reply type,
	// answered with nothing.
	hostileIgnored
)

// hostileCase is one hostile message.
type hostileCase struct {
	name string // what the report calls it
	ch   jupyterclient.Channel
	// build returns the frames and the msg_id they carry ("" for none); mark is the
	// file a cell in them would leave if it ran.
	build func(k *hostileKernel, mark string) (frames [][]byte, id string)
	want  hostileWant
	// replyType and ename are what an errorReply (or okReply) must be.
	replyType, ename string
	// logs is what the kernel logs about an ignored message, if anything.
	logs string
}

// run sends the case's message and checks what came of it; it returns the report's
// sentence.
func (c hostileCase) run(t *testing.T, k *hostileKernel, mark string) string {
	t.Helper()
	_, offset := k.logSince(0)
	frames, id := c.build(k, mark)
	replies, published := k.exchange(t, c.ch, frames, id)
	var outcome string
	switch c.want {
	case hostileDropped:
		if len(replies) > 0 || len(published) > 0 {
			t.Errorf("want the message dropped; the kernel replied %s and published %v", hostileDescribe(replies), published)
		}
		want := "dropped message"
		if c.ch == jupyterclient.Stdin {
			// Either "dropped message socket=stdin" or, for a valid message of
			// another type than input_reply, "unexpected message on stdin".
			want = "stdin"
		}
		outcome = "dropped, logged: " + k.awaitLog(t, offset, want)
	case hostileIgnored:
		if len(replies) > 0 {
			t.Errorf("want no reply; got %s", hostileDescribe(replies))
		}
		outcome = fmt.Sprintf("no reply (published %s)", strings.Join(published, ", "))
		if c.logs != "" {
			outcome += ", logged: " + k.awaitLog(t, offset, c.logs)
		}
	case hostileErrorReply, hostileOKReply:
		status := map[hostileWant]string{hostileErrorReply: "error", hostileOKReply: "ok"}[c.want]
		if len(replies) != 1 || jupyterclient.ParentID(replies[0]) != id {
			t.Fatalf("want one %s %s to the message; got %s", status, c.replyType, hostileDescribe(replies))
		}
		r := replies[0]
		var content struct{ Status, EName, EValue string }
		json.Unmarshal(r.Content, &content)
		if r.Header.MsgType != c.replyType || content.Status != status || (c.ename != "" && content.EName != c.ename) {
			t.Errorf("got %s %s; want %s with status %s %s", r.Header.MsgType, r.Content, c.replyType, status, c.ename)
		}
		outcome = fmt.Sprintf("answered with %s status %s", r.Header.MsgType, content.Status)
		if c.want == hostileOKReply {
			outcome += " " + hostileClip(string(r.Content), 200)
		}
		if content.EName != "" {
			outcome += fmt.Sprintf(" (%s: %s)", content.EName, hostileClip(content.EValue, 160))
		}
	}
	// A handler that panicked was recovered, but it is a crash all the same.
	lines, _ := k.logSince(offset)
	for _, l := range lines {
		if strings.Contains(l, "panicked") {
			t.Errorf("the kernel logged a panic: %s", l)
		}
	}
	return outcome
}

// hostileDescribe lists messages by type and content, for failures.
func hostileDescribe(ms []*kernel.Message) string {
	if len(ms) == 0 {
		return "nothing"
	}
	var s []string
	for _, m := range ms {
		s = append(s, fmt.Sprintf("%s %s", m.Header.MsgType, hostileClip(string(m.Content), 300)))
	}
	return strings.Join(s, "; ")
}

// Frame builders for the cases.

// hostileSignedWith returns m's frames signed with another key.
func hostileSignedWith(key string, m hostileMsg) [][]byte {
	s, _ := kernel.NewSigner("hmac-sha256", key)
	return hostileWithSignature(m, s.Sign(m.parts()...))
}

// hostileExecute is a case builder: a marked execute_request, changed by f, signed.
func hostileExecute(f func(m *hostileMsg)) func(k *hostileKernel, mark string) ([][]byte, string) {
	return func(k *hostileKernel, mark string) ([][]byte, string) {
		m := k.markedExecute(mark)
		f(&m)
		return k.signed(m), m.id
	}
}

// hostileRequest is a case builder: a signed msgType with content.
func hostileRequest(msgType, content string) func(k *hostileKernel, mark string) ([][]byte, string) {
	return func(k *hostileKernel, mark string) ([][]byte, string) {
		m := k.message(msgType, content)
		return k.signed(m), m.id
	}
}

// hostileRawFrames is a case builder for frames f makes out of a marked
// execute_request: framing broken, parts missing, or none of it kept.
func hostileRawFrames(f func(k *hostileKernel, m hostileMsg) [][]byte) func(k *hostileKernel, mark string) ([][]byte, string) {
	return func(k *hostileKernel, mark string) ([][]byte, string) {
		m := k.markedExecute(mark)
		return f(k, m), m.id
	}
}

func hostileSetContent(c string) func(m *hostileMsg) {
	return func(m *hostileMsg) { m.content = []byte(c) }
}

// hostileHeaderWith is m's header with field set to the JSON value v (or removed, for nil).
func hostileHeaderWith(field string, v any) func(m *hostileMsg) {
	return func(m *hostileMsg) {
		var h map[string]any
		json.Unmarshal(m.header, &h)
		if v == nil {
			delete(h, field)
		} else {
			h[field] = v
		}
		m.header, _ = json.Marshal(h)
	}
}

// hostileCases are the messages TestHostileMessages sends, in order.
func hostileCases() []hostileCase {
	shell, control, stdin := jupyterclient.Shell, jupyterclient.Control, jupyterclient.Stdin
	return []hostileCase{
		// Signatures.
		{name: "execute_request signed with a wrong key", ch: shell, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.markedExecute(mark)
				return hostileSignedWith("not-the-key", m), m.id
			}},
		{name: "execute_request with an empty signature", ch: shell, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.markedExecute(mark)
				return hostileWithSignature(m, nil), m.id
			}},
		{name: "execute_request with the signature of a different genuine message", ch: shell, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				other := k.message("kernel_info_request", "{}")
				m := k.markedExecute(mark)
				return hostileWithSignature(m, k.Sign(other.parts()...)), m.id
			}},
		{name: "execute_request with its correct signature in upper-case hex", ch: shell, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.markedExecute(mark)
				return hostileWithSignature(m, bytes.ToUpper(k.Sign(m.parts()...))), m.id
			}},
		{name: "execute_request with a signature of the right length but random", ch: shell, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.markedExecute(mark)
				b := make([]byte, 32)
				rand.Read(b)
				return hostileWithSignature(m, []byte(hex.EncodeToString(b))), m.id
			}},

		// Framing.
		{name: "signed message without the <IDS|MSG> delimiter", ch: shell, want: hostileDropped,
			build: hostileRawFrames(func(k *hostileKernel, m hostileMsg) [][]byte { return k.signed(m)[1:] })},
		{name: "delimiter and four frames (no signature frame)", ch: shell, want: hostileDropped,
			build: hostileRawFrames(func(k *hostileKernel, m hostileMsg) [][]byte {
				return append([][]byte{[]byte("<IDS|MSG>")}, m.parts()...)
			})},
		{name: "delimiter, signature and header only", ch: shell, want: hostileDropped,
			build: hostileRawFrames(func(k *hostileKernel, m hostileMsg) [][]byte { return k.signed(m)[:3] })},
		{name: "delimiter alone", ch: shell, want: hostileDropped,
			build: hostileRawFrames(func(k *hostileKernel, m hostileMsg) [][]byte { return [][]byte{[]byte("<IDS|MSG>")} })},
		{name: "delimiter and five empty frames", ch: shell, want: hostileDropped,
			build: hostileRawFrames(func(k *hostileKernel, m hostileMsg) [][]byte {
				return [][]byte{[]byte("<IDS|MSG>"), {}, {}, {}, {}, {}}
			})},
		{name: "delimiter and four empty parts, correctly signed", ch: shell, want: hostileDropped,
			build: hostileRawFrames(func(k *hostileKernel, m hostileMsg) [][]byte {
				return [][]byte{[]byte("<IDS|MSG>"), k.Sign(nil, nil, nil, nil), {}, {}, {}, {}}
			})},
		{name: "routing identities only", ch: shell, want: hostileDropped,
			build: hostileRawFrames(func(k *hostileKernel, m hostileMsg) [][]byte {
				return [][]byte{[]byte("hostile-identity-1"), []byte("hostile-identity-2")}
			})},
		{name: "one empty frame", ch: shell, want: hostileDropped,
			build: hostileRawFrames(func(k *hostileKernel, m hostileMsg) [][]byte { return [][]byte{{}} })},
		{name: "the delimiter twice before a signed message", ch: shell, want: hostileDropped,
			build: hostileRawFrames(func(k *hostileKernel, m hostileMsg) [][]byte {
				return append([][]byte{[]byte("<IDS|MSG>")}, k.signed(m)...)
			})},

		// Encoding: JSON must be UTF-8, and the header comes back byte for byte as
		// the parent_header of every reply and iopub message.
		{name: "invalid UTF-8 (\\xff) in the header's msg_id, correctly signed", ch: shell, want: hostileDropped,
			build: hostileExecute(func(m *hostileMsg) {
				m.header = bytes.Replace(m.header, []byte(`"hostile-`), []byte("\"hostile-\xff"), 1)
			})},
		{name: "overlong and surrogate UTF-8 in the header's msg_type, correctly signed", ch: shell, want: hostileDropped,
			build: hostileExecute(func(m *hostileMsg) {
				m.header = bytes.Replace(m.header, []byte(`"execute_request"`), []byte("\"execute_request\xc0\xaf\xed\xa0\x80\""), 1)
			})},
		{name: "invalid UTF-8 in content outside the code, correctly signed", ch: shell, want: hostileDropped,
			build: hostileExecute(func(m *hostileMsg) {
				m.content = bytes.Replace(m.content, []byte(`"code"`), []byte("\"x\xff\":1,\"code\""), 1)
			})},
		{name: "invalid UTF-8 inside the code string, correctly signed", ch: shell, want: hostileDropped,
			build: hostileExecute(func(m *hostileMsg) { m.content = bytes.Replace(m.content, []byte(`ran`), []byte("r\xffan"), 1) })},
		{name: "invalid UTF-8 in metadata, correctly signed", ch: shell, want: hostileDropped,
			build: hostileExecute(func(m *hostileMsg) { m.metadata = []byte("{\"cellId\":\"\xfe\xff\"}") })},
		{name: "invalid UTF-8 in parent_header, correctly signed", ch: shell, want: hostileDropped,
			build: hostileExecute(func(m *hostileMsg) { m.parent = []byte("{\"msg_id\":\"\xff\"}") })},

		// JSON of the wrong shape, correctly signed: Decode refuses parts that are
		// not objects and headers that do not parse; handlers answer content that does
		// not fit with an error reply.
		{name: "execute_request content a JSON array", ch: shell, want: hostileDropped, build: hostileExecute(hostileSetContent(`["code", 1]`))},
		{name: "execute_request content JSON null", ch: shell, want: hostileDropped, build: hostileExecute(hostileSetContent(`null`))},
		{name: "execute_request content not JSON", ch: shell, want: hostileDropped, build: hostileExecute(hostileSetContent(`{"code": os.Exit(1)}`))},
		{name: "header msg_type a number", ch: shell, want: hostileDropped, build: hostileExecute(hostileHeaderWith("msg_type", 7))},
		{name: "header msg_id an object", ch: shell, want: hostileDropped, build: hostileExecute(hostileHeaderWith("msg_id", map[string]any{"id": 1}))},
		{name: "header without msg_id", ch: shell, want: hostileDropped, build: hostileExecute(hostileHeaderWith("msg_id", nil))},
		{name: "header a JSON array", ch: shell, want: hostileDropped, build: hostileExecute(func(m *hostileMsg) { m.header = []byte(`["execute_request"]`) })},
		{name: "parent_header a JSON array", ch: shell, want: hostileDropped, build: hostileExecute(func(m *hostileMsg) { m.parent = []byte(`[]`) })},
		{name: "parent_header a string", ch: shell, want: hostileDropped, build: hostileExecute(func(m *hostileMsg) { m.parent = []byte(`"parent"`) })},
		{name: "metadata a string", ch: shell, want: hostileDropped, build: hostileExecute(func(m *hostileMsg) { m.metadata = []byte(`"metadata"`) })},
		{name: "execute_request with code a number", ch: shell, want: hostileErrorReply, replyType: "execute_reply", ename: "MalformedMessage",
			build: hostileExecute(hostileSetContent(`{"code": 42}`))},
		{name: "execute_request with code an object", ch: shell, want: hostileErrorReply, replyType: "execute_reply", ename: "MalformedMessage",
			build: hostileExecute(func(m *hostileMsg) {
				m.content = bytes.Replace(m.content, []byte(`"code":`), []byte(`"code":{"cell":`), 1)
				m.content = bytes.Replace(m.content, []byte(`,"silent"`), []byte(`},"silent"`), 1)
			})},
		{name: "execute_request with silent a string", ch: shell, want: hostileErrorReply, replyType: "execute_reply", ename: "MalformedMessage",
			build: hostileExecute(func(m *hostileMsg) {
				m.content = bytes.Replace(m.content, []byte(`"silent":false`), []byte(`"silent":"no"`), 1)
			})},
		{name: "execute_request with user_expressions a list", ch: shell, want: hostileErrorReply, replyType: "execute_reply", ename: "MalformedMessage",
			build: hostileExecute(func(m *hostileMsg) {
				m.content = bytes.Replace(m.content, []byte(`"user_expressions":{}`), []byte(`"user_expressions":["1+1"]`), 1)
			})},
		{name: "execute_request with store_history a number", ch: shell, want: hostileErrorReply, replyType: "execute_reply", ename: "MalformedMessage",
			build: hostileExecute(func(m *hostileMsg) {
				m.content = bytes.Replace(m.content, []byte(`"store_history":true`), []byte(`"store_history":1`), 1)
			})},
		{name: "complete_request with cursor_pos a string", ch: shell, want: hostileErrorReply, replyType: "complete_reply", ename: "MalformedMessage",
			build: hostileRequest("complete_request", `{"code": "fmt.Pri", "cursor_pos": "7"}`)},
		{name: "complete_request with a negative cursor_pos", ch: shell, want: hostileOKReply, replyType: "complete_reply",
			build: hostileRequest("complete_request", `{"code": "fmt.Pri", "cursor_pos": -5}`)},
		{name: "complete_request with cursor_pos beyond the code", ch: shell, want: hostileOKReply, replyType: "complete_reply",
			build: hostileRequest("complete_request", `{"code": "fmt.Pri", "cursor_pos": 1000000}`)},
		{name: "complete_request with cursor_pos 2^62", ch: shell, want: hostileOKReply, replyType: "complete_reply",
			build: hostileRequest("complete_request", `{"code": "fmt.Pri", "cursor_pos": 4611686018427387904}`)},
		{name: "complete_request with cursor_pos beyond int64", ch: shell, want: hostileErrorReply, replyType: "complete_reply", ename: "MalformedMessage",
			build: hostileRequest("complete_request", `{"code": "fmt.Pri", "cursor_pos": 1e30}`)},
		{name: "inspect_request with detail_level a string", ch: shell, want: hostileErrorReply, replyType: "inspect_reply", ename: "MalformedMessage",
			build: hostileRequest("inspect_request", `{"code": "fmt.Println", "cursor_pos": 5, "detail_level": "full"}`)},
		{name: "inspect_request with detail_level 99 and a negative cursor_pos", ch: shell, want: hostileOKReply, replyType: "inspect_reply",
			build: hostileRequest("inspect_request", `{"code": "fmt.Println", "cursor_pos": -1, "detail_level": 99}`)},
		{name: "is_complete_request with code a list", ch: shell, want: hostileErrorReply, replyType: "is_complete_reply", ename: "MalformedMessage",
			build: hostileRequest("is_complete_request", `{"code": ["x := 1"]}`)},
		{name: "history_request with n a string", ch: shell, want: hostileErrorReply, replyType: "history_reply", ename: "MalformedMessage",
			build: hostileRequest("history_request", `{"hist_access_type": "tail", "n": "10"}`)},
		{name: "history_request for a negative range", ch: shell, want: hostileOKReply, replyType: "history_reply",
			build: hostileRequest("history_request", `{"hist_access_type": "range", "session": -3, "start": -10, "stop": -20}`)},
		{name: "comm_msg for an unknown comm", ch: shell, want: hostileIgnored, logs: "comm_msg for unknown comm",
			build: hostileRequest("comm_msg", `{"comm_id": "no-such-comm", "data": {"method": "update"}}`)},
		{name: "comm_msg with data a string", ch: shell, want: hostileIgnored, logs: "malformed comm_msg",
			build: hostileRequest("comm_msg", `{"comm_id": "no-such-comm", "data": "x"}`)},
		{name: "comm_close for an unknown comm", ch: shell, want: hostileIgnored,
			build: hostileRequest("comm_close", `{"comm_id": "no-such-comm"}`)},
		{name: "unknown request type hostile_request", ch: shell, want: hostileErrorReply, replyType: "hostile_reply", ename: "UnknownMessageType",
			build: hostileRequest("hostile_request", hostileExecuteContent("1"))},
		{name: "unknown message type hostile_message", ch: shell, want: hostileIgnored, logs: "unknown message type",
			build: hostileRequest("hostile_message", hostileExecuteContent("1"))},

		// Control: nothing there shuts the kernel down or runs a cell but a valid
		// shutdown_request.
		{name: "control: shutdown_request signed with a wrong key", ch: control, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.message("shutdown_request", `{"restart": false}`)
				return hostileSignedWith("not-the-key", m), m.id
			}},
		{name: "control: shutdown_request with an empty signature", ch: control, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.message("shutdown_request", `{"restart": false}`)
				return hostileWithSignature(m, nil), m.id
			}},
		{name: "control: shutdown_request with the signature of a different message", ch: control, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				other := k.message("interrupt_request", "{}")
				m := k.message("shutdown_request", `{"restart": false}`)
				return hostileWithSignature(m, k.Sign(other.parts()...)), m.id
			}},
		{name: "control: shutdown_request without the delimiter", ch: control, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.message("shutdown_request", `{"restart": false}`)
				return k.signed(m)[1:], m.id
			}},
		{name: "control: shutdown_request, delimiter and three frames", ch: control, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.message("shutdown_request", `{"restart": false}`)
				return k.signed(m)[:4], m.id
			}},
		{name: "control: shutdown_request with invalid UTF-8 in the header, correctly signed", ch: control, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.message("shutdown_request", `{"restart": false}`)
				m.header = bytes.Replace(m.header, []byte(`"hostile-`), []byte("\"hostile-\xff"), 1)
				return k.signed(m), m.id
			}},
		{name: "control: shutdown_request with content a JSON array, correctly signed", ch: control, want: hostileDropped,
			build: hostileRequest("shutdown_request", `[{"restart": false}]`)},
		{name: "control: shutdown_request with restart a string, correctly signed", ch: control, want: hostileErrorReply,
			replyType: "shutdown_reply", ename: "MalformedMessage", build: hostileRequest("shutdown_request", `{"restart": "yes"}`)},
		{name: "control: execute_request, correctly signed", ch: control, want: hostileErrorReply, replyType: "execute_reply", ename: "InvalidChannel",
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.markedExecute(mark)
				return k.signed(m), m.id
			}},
		{name: "control: interrupt_request signed with a wrong key", ch: control, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.message("interrupt_request", "{}")
				return hostileSignedWith("not-the-key", m), m.id
			}},
		{name: "control: unknown request type", ch: control, want: hostileErrorReply, replyType: "hostile_reply", ename: "InvalidChannel",
			build: hostileRequest("hostile_request", "{}")},
		{name: "control: debug_request", ch: control, want: hostileErrorReply, replyType: "debug_reply", ename: "UnknownMessageType",
			build: hostileRequest("debug_request", `{"seq": 1, "type": "request", "command": "evaluate", "arguments": {"expression": "1"}}`)},

		// stdin serves input_reply and nothing else.
		{name: "stdin: input_reply signed with a wrong key", ch: stdin, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.message("input_reply", `{"value": "secret"}`)
				return hostileSignedWith("not-the-key", m), m.id
			}},
		{name: "stdin: identities only", ch: stdin, want: hostileDropped,
			build: hostileRawFrames(func(k *hostileKernel, m hostileMsg) [][]byte { return [][]byte{[]byte("hostile-identity")} })},
		{name: "stdin: execute_request, correctly signed", ch: stdin, want: hostileDropped,
			build: func(k *hostileKernel, mark string) ([][]byte, string) {
				m := k.markedExecute(mark)
				return k.signed(m), m.id
			}},
	}
}

// TestHostileMessages sends every hostile message of hostileCases to one live
// kernel (a case cannot disturb the next: the kernel must come through each
// unchanged, which is what is checked), then replays genuine messages, and at the
// end checks what the kernel left behind: no key in its (debug) log or its files,
// owner-only files, and listening only where the connection file says.
func TestHostileMessages(t *testing.T) {
	t.Parallel()
	k := startHostileKernel(t, "GOKERNEL_LOG=debug")

	t.Run("listening addresses", func(t *testing.T) { k.checkListeners(t) })

	// The cell every hostile execute_request carries does leave its mark when it
	// is sent genuinely: otherwise the marks missing later would prove nothing.
	t.Run("marked cell runs when genuine", func(t *testing.T) {
		if r := k.exec(t, k.markCell("genuine")); r.Reply.Status != "ok" {
			t.Fatalf("the marked cell failed: %s", r.Describe())
		}
		if _, err := os.Stat(filepath.Join(k.marks, "genuine")); err != nil {
			t.Fatalf("the genuine marked cell left no mark: %v", err)
		}
	})

	for i, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			tr := newTrials(t, "hostile input", c.name)
			tr.Outcome("did not finish")
			defer func() { tr.Trial(!t.Failed()) }()
			mark := fmt.Sprintf("case-%d", i)
			outcome := c.run(t, k, mark)
			k.mustBeAlive(t)
			if _, err := os.Stat(filepath.Join(k.marks, mark)); err == nil {
				t.Errorf("the message's cell ran")
				outcome += "; its cell RAN"
			}
			tr.Outcome(outcome)
			t.Log(outcome)
		})
	}

	t.Run("replay", func(t *testing.T) { k.checkReplays(t) })
	t.Run("ZMTP frame headers", func(t *testing.T) { k.checkFrameHeaders(t) })

	// A validly signed shutdown_request still shuts the kernel down: the refusals
	// above are not a kernel that refuses everything. The files are looked at once
	// it has written its last.
	t.Run("genuine shutdown", func(t *testing.T) {
		if err := k.Shutdown(hostileTimeout); err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	})
	t.Run("key not leaked", func(t *testing.T) { k.checkKeyNotLeaked(t) })
	t.Run("files owner-only", func(t *testing.T) { k.checkOwnerOnly(t) })
}

// checkReplays resends the exact frames of genuine messages that were already
// handled, from another connection (as an eavesdropper on the loopback would): the
// kernel must drop them, or a captured cell could be run again at will.
func (k *hostileKernel) checkReplays(t *testing.T) {
	if r := k.exec(t, "hostileRuns := 0"); r.Reply.Status != "ok" {
		t.Fatalf("hostileRuns := 0: %s", r.Describe())
	}
	// The genuine cell, sent by the genuine client; its frames are kept.
	inc := k.message("execute_request", hostileExecuteContent("hostileRuns++"))
	frames := k.signed(inc)
	if err := k.SendFrames(jupyterclient.Shell, frames); err != nil {
		t.Fatal(err)
	}
	r, err := k.Collect(context.Background(), inc.id, time.Now(), hostileTimeout)
	if err != nil || r.Reply.Status != "ok" {
		t.Fatalf("the genuine hostileRuns++: %v %+v", err, r)
	}
	k.count = r.Reply.ExecutionCount
	interrupt := k.message("interrupt_request", "{}")
	interruptFrames := k.signed(interrupt)
	if err := k.SendFrames(jupyterclient.Control, interruptFrames); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Reply(context.Background(), jupyterclient.Control, interrupt.id, hostileTimeout); err != nil {
		t.Fatalf("the genuine interrupt_request: %v", err)
	}

	for _, c := range []struct {
		name   string
		ch     jupyterclient.Channel
		frames [][]byte
		id     string
	}{
		{"replay of a genuine execute_request on shell", jupyterclient.Shell, frames, inc.id},
		{"replay of a genuine execute_request on control", jupyterclient.Control, frames, inc.id},
		{"replay of a genuine execute_request behind a forged routing identity", jupyterclient.Shell,
			append([][]byte{[]byte("hostile-identity")}, frames...), inc.id},
		{"replay of a genuine interrupt_request on control", jupyterclient.Control, interruptFrames, interrupt.id},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := newTrials(t, "hostile input", c.name)
			tr.Outcome("did not finish")
			defer func() { tr.Trial(!t.Failed()) }()
			_, offset := k.logSince(0)
			replies, published := k.exchange(t, c.ch, c.frames, c.id)
			if len(replies) > 0 || len(published) > 0 {
				t.Errorf("want the replay dropped; the kernel replied %s and published %v", hostileDescribe(replies), published)
			}
			outcome := "dropped, logged: " + k.awaitLog(t, offset, "dropped message")
			k.mustBeAlive(t)
			if r := k.exec(t, "hostileRuns"); r.Value() != "1" {
				t.Errorf("hostileRuns is %s after the replay, want 1: the replayed cell ran", r.Describe())
				outcome += "; the replayed cell RAN"
			}
			tr.Outcome(outcome)
			t.Log(outcome)
		})
	}
}

// checkFrameHeaders sends, below the Jupyter protocol, ZMTP frame headers that
// declare more than a socket takes, on every socket, from a peer that completed the
// ZMTP handshake (which takes no key). The ZeroMQ library allocates what a header
// declares before reading the frame: 2^62 bytes made it panic and 2^40 ran the
// kernel out of memory, until the kernel checked frame sizes itself
// (kernel/frame_guard.go). The kernel must close such a connection and serve on.
func (k *hostileKernel) checkFrameHeaders(t *testing.T) {
	for _, s := range []struct {
		name, socketType string
		port             int
	}{
		{"shell", "DEALER", k.Info.ShellPort},
		{"control", "DEALER", k.Info.ControlPort},
		{"stdin", "DEALER", k.Info.StdinPort},
		{"iopub", "SUB", k.Info.IOPubPort},
		{"heartbeat", "REQ", k.Info.HBPort},
	} {
		for _, size := range []struct {
			what string
			n    uint64
		}{{"2^62 bytes", 1 << 62}, {"1 TB", 1 << 40}, {"600 MB (over the 512 MB bound)", 600 << 20}} {
			name := fmt.Sprintf("ZMTP frame header declaring %s on %s", size.what, s.name)
			t.Run(name, func(t *testing.T) {
				tr := newTrials(t, "hostile input", name)
				tr.Outcome("did not finish")
				defer func() { tr.Trial(!t.Failed()) }()
				_, offset := k.logSince(0)
				c := hostileZMTPDial(t, k.Info.IP, s.port, s.socketType)
				if _, err := c.Write(binary.BigEndian.AppendUint64([]byte{0x02}, size.n)); err != nil {
					t.Fatal(err)
				}
				// The kernel closes the connection; what it sent before (its READY)
				// is read and discarded. Only the deadline means it did not.
				var ne net.Error
				if _, err := io.Copy(io.Discard, c); errors.As(err, &ne) && ne.Timeout() {
					t.Fatalf("the connection was not closed: %v", err)
				}
				outcome := "connection closed, logged: " + k.awaitLog(t, offset, "closed a connection")
				k.mustBeAlive(t)
				tr.Outcome(outcome)
			})
		}
	}
}

// hostileZMTPDial completes a ZMTP 3.0 handshake (NULL mechanism) with a kernel
// socket, as any local process can.
func hostileZMTPDial(t *testing.T, ip string, port int, socketType string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(hostileTimeout))
	greeting := make([]byte, 64)
	greeting[0], greeting[9], greeting[10] = 0xff, 0x7f, 3 // signature and version 3.0
	copy(greeting[12:], "NULL")
	if _, err := c.Write(greeting); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(c, greeting); err != nil {
		t.Fatalf("the kernel's greeting: %v", err)
	}
	ready := append([]byte{5}, "READY"...)
	ready = append(ready, byte(len("Socket-Type")))
	ready = append(ready, "Socket-Type"...)
	ready = binary.BigEndian.AppendUint32(ready, uint32(len(socketType)))
	ready = append(ready, socketType...)
	if _, err := c.Write(append([]byte{0x04, byte(len(ready))}, ready...)); err != nil { // a command frame
		t.Fatal(err)
	}
	return c
}

// TestHostileSilentConnection connects to shell and sends nothing. The ZeroMQ library
// (go-zeromq/zmq4 v0.17.0, socket.accept) does each connection's handshake on the
// socket's one accept loop with no deadline of its own, so such a peer kept every new
// client (a front end reconnecting) out for as long as it stayed; the kernel's guarded
// transport (kernel/frame_guard.go) ends a handshake that takes more than 10 s, and the
// new client gets in.
func TestHostileSilentConnection(t *testing.T) {
	t.Parallel()
	tr := newTrials(t, "hostile input", "a connection to shell that never says a word, then a new client")
	tr.Outcome("the silent peer's handshake was ended after 10 s and the new client connected")
	defer func() { tr.Trial(!t.Failed()) }()
	k := startHostileKernel(t)
	silent, err := net.Dial("tcp", net.JoinHostPort(k.Info.IP, strconv.Itoa(k.Info.ShellPort)))
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	time.Sleep(200 * time.Millisecond) // the kernel accepts it and waits for its greeting
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dialed := make(chan error, 1)
	go func() {
		// zmq4's Dial does the handshake with no deadline either: it returns when
		// the kernel's accept loop gets to it, or when the kernel ends.
		_, err := newHostileProbe(ctx, fmt.Sprintf("tcp://%s:%d", k.Info.IP, k.Info.ShellPort), k.Info)
		dialed <- err
	}()
	select {
	case err := <-dialed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("a new client could not connect to shell for 60 s while another connection stayed silent")
	}
}

// checkKeyNotLeaked looks for the connection file's key in the kernel's debug log,
// after all the bad signatures above, and in every file the kernel made.
func (k *hostileKernel) checkKeyNotLeaked(t *testing.T) {
	tr := newTrials(t, "hostile input", "the connection key in the kernel's debug log or its files, after forged messages")
	tr.Outcome("did not finish")
	defer func() { tr.Trial(!t.Failed()) }()
	key := []byte(k.Info.Key)
	logText := k.log.String()
	if !strings.Contains(logText, "level=DEBUG") {
		t.Errorf("the log has no debug lines: GOKERNEL_LOG=debug did not take, so the check proves less")
	}
	if bytes.Contains([]byte(logText), key) {
		t.Errorf("the key is in the kernel's log")
	}
	files := 0
	for _, dir := range []string{k.dataDir, k.storeDir} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			if bytes.Contains(b, key) || strings.Contains(path, k.Info.Key) {
				t.Errorf("the key is in %s", path)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}
	if files == 0 {
		t.Errorf("the kernel wrote no files to search")
	}
	tr.Outcome(fmt.Sprintf("not found in %d bytes of debug log nor in the %d files of the history and the store", len(logText), files))
}

// checkOwnerOnly checks that every folder and file the kernel made in the data
// folder (the history) and the store (log, code, snapshots, objects) can be read by
// its owner alone: they hold the code and the values of every cell.
func (k *hostileKernel) checkOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permission bits")
	}
	tr := newTrials(t, "hostile input", "permissions of the history and store files the kernel creates")
	tr.Outcome("did not finish")
	defer func() { tr.Trial(!t.Failed()) }()
	n, objects := 0, 0
	for _, dir := range []string{k.dataDir, k.storeDir} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			n++
			if strings.Contains(filepath.ToSlash(path), "/objects/") && !d.IsDir() {
				objects++
			}
			if perm := info.Mode().Perm(); perm&0o077 != 0 {
				rel, _ := filepath.Rel(filepath.Dir(dir), path)
				t.Errorf("%s has mode %v: group or others can reach it", rel, perm)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(k.dataDir, "gokernel", "history.jsonl")); err != nil {
		t.Errorf("no history file: %v", err)
	}
	if objects == 0 {
		t.Errorf("no snapshot objects in the store: the cells' variables were not snapshotted, so their files went unchecked")
	}
	tr.Outcome(fmt.Sprintf("all %d folders and files (%d snapshot objects) are owner-only", n, objects))
}

// checkListeners lists the TCP sockets the kernel and its worker listen on and checks
// each is one the connection file names.
func (k *hostileKernel) checkListeners(t *testing.T) {
	hostileNeedProc(t)
	tr := newTrials(t, "hostile input", "sockets the kernel listens on")
	tr.Outcome("did not finish")
	defer func() { tr.Trial(!t.Failed()) }()
	pid := k.Cmd.Process.Pid
	pids := append([]int{pid}, hostileDescendants(pid)...)
	listening, err := hostileListeners(pids)
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{}
	for _, port := range []int{k.Info.ShellPort, k.Info.ControlPort, k.Info.StdinPort, k.Info.IOPubPort, k.Info.HBPort} {
		allowed[fmt.Sprintf("%s:%d", k.Info.IP, port)] = true
	}
	for _, addr := range listening {
		if !allowed[addr] {
			t.Errorf("the kernel (or its worker) listens on %s, which the connection file does not name", addr)
		}
	}
	if len(listening) != len(allowed) {
		t.Errorf("listening on %v, want the connection file's five addresses", listening)
	}
	slices.Sort(listening)
	tr.Outcome(fmt.Sprintf("%d processes listen on exactly %v", len(pids), listening))
	t.Log(listening)
}

func hostileNeedProc(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("/proc/self/net/tcp"); err != nil {
		t.Skipf("needs Linux's /proc (%v)", err)
	}
}

// hostileParent returns the pid of pid's parent from /proc/PID/stat, or 0 when the
// process is gone (or there is no /proc).
func hostileParent(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name is in parentheses and may hold anything; the state and the
	// parent's pid follow the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 2 || f[0] == "Z" { // a zombie has ended
		return 0
	}
	pp, _ := strconv.Atoi(f[1])
	return pp
}

// hostileDescendants returns the pids of pid's children and their children.
func hostileDescendants(pid int) []int {
	parent := map[int]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if p, err := strconv.Atoi(e.Name()); err == nil {
			if pp := hostileParent(p); pp != 0 {
				parent[p] = pp
			}
		}
	}
	var out []int
	frontier := []int{pid}
	for len(frontier) > 0 {
		var next []int
		for p, pp := range parent {
			if slices.Contains(frontier, pp) {
				out = append(out, p)
				next = append(next, p)
			}
		}
		frontier = next
	}
	return out
}

// hostileListeners returns the local addresses of the listening TCP sockets that
// belong to the processes pids: /proc/PID/net/tcp{,6} lists every socket of the
// network namespace, so only those whose inode one of the processes holds open (as
// /proc/PID/fd/N -> socket:[INODE]) are counted.
func hostileListeners(pids []int) ([]string, error) {
	inodes := map[string]bool{}
	for _, pid := range pids {
		fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // gone meanwhile
			}
			return nil, err
		}
		for _, fd := range fds {
			link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
			if err == nil && strings.HasPrefix(link, "socket:[") {
				inodes[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
			}
		}
	}
	var out []string
	for _, table := range []string{"tcp", "tcp6"} {
		f, err := os.Open(fmt.Sprintf("/proc/%d/net/%s", pids[0], table))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // no IPv6 in this kernel
			}
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // the column titles
		for sc.Scan() {
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 || fields[3] != "0A" || !inodes[fields[9]] { // 0A: TCP_LISTEN
				continue
			}
			addr, err := hostileProcAddr(fields[1])
			if err != nil {
				f.Close()
				return nil, err
			}
			out = append(out, addr)
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// hostileProcAddr turns /proc/net/tcp's "0100007F:1F90" into "127.0.0.1:8080". The
// address is printed as 32-bit words in the machine's byte order.
func hostileProcAddr(s string) (string, error) {
	ipHex, portHex, ok := strings.Cut(s, ":")
	raw, err := hex.DecodeString(ipHex)
	if !ok || err != nil || (len(raw) != 4 && len(raw) != 16) {
		return "", fmt.Errorf("bad address %q in /proc/net/tcp", s)
	}
	port, err := strconv.ParseUint(portHex, 16, 16)
	if err != nil {
		return "", fmt.Errorf("bad port in %q: %v", s, err)
	}
	ip := make([]byte, len(raw))
	for i := 0; i < len(raw); i += 4 {
		binary.NativeEndian.PutUint32(ip[i:], binary.BigEndian.Uint32(raw[i:]))
	}
	if len(ip) == 4 {
		return fmt.Sprintf("%d.%d.%d.%d:%d", ip[0], ip[1], ip[2], ip[3], port), nil
	}
	return fmt.Sprintf("[%x]:%d", ip, port), nil
}

// hostileMemory returns a memory figure of a process in bytes, from
// /proc/PID/status: VmRSS (resident now) or VmHWM (the most it has been).
func hostileMemory(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// TestHostileLargeMessages sends 100 MB messages, well under the kernel's 512 MB
// bound, signed and not: the kernel must neither run out of memory nor stall, must
// answer afterwards, and must give the memory back. It has a kernel of its own, so
// that the memory measured is these messages'.
func TestHostileLargeMessages(t *testing.T) {
	hostileNeedProc(t)
	t.Parallel()
	k := startHostileKernel(t)
	pid := k.Cmd.Process.Pid
	const size = 100 << 20
	before, err := hostileMemory(pid, "VmRSS")
	if err != nil {
		t.Fatal(err)
	}
	padding := string(bytes.Repeat([]byte("x"), size))
	garbage := make([]byte, size)
	rand.Read(garbage)

	for _, c := range []struct {
		name  string
		build func(mark string) ([][]byte, string)
		want  hostileWant
		logs  string
	}{
		{"kernel_info_request with 100 MB of content, correctly signed", func(string) ([][]byte, string) {
			m := k.message("kernel_info_request", `{"padding":"`+padding+`"}`)
			return k.signed(m), m.id
		}, hostileOKReply, ""},
		{"comm_msg with 100 MB of data for an unknown comm, correctly signed", func(string) ([][]byte, string) {
			m := k.message("comm_msg", `{"comm_id":"no-such-comm","data":{"blob":"`+padding+`"}}`)
			return k.signed(m), m.id
		}, hostileIgnored, "comm_msg for unknown comm"},
		{"execute_request with 100 MB of random bytes as content, badly signed", func(mark string) ([][]byte, string) {
			m := k.markedExecute(mark)
			m.content = garbage
			return hostileWithSignature(m, []byte("0123456789abcdef")), m.id
		}, hostileDropped, ""},
		{"one frame of 100 MB of random bytes, no delimiter", func(string) ([][]byte, string) {
			return [][]byte{garbage}, ""
		}, hostileDropped, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := newTrials(t, "hostile input", c.name)
			tr.Outcome("did not finish")
			defer func() { tr.Trial(!t.Failed()) }()
			mark := "large-" + strconv.Itoa(int(time.Now().UnixNano()))
			// Built (and signed) before the clock starts: the time is the kernel's.
			frames, id := c.build(mark)
			hc := hostileCase{name: c.name, ch: jupyterclient.Shell, want: c.want, replyType: "kernel_info_reply", logs: c.logs,
				build: func(*hostileKernel, string) ([][]byte, string) { return frames, id }}
			start := time.Now()
			outcome := hc.run(t, k, mark)
			took := time.Since(start)
			frames = nil
			k.mustBeAlive(t)
			if _, err := os.Stat(filepath.Join(k.marks, mark)); err == nil {
				t.Errorf("the message's cell ran")
			}
			peak, _ := hostileMemory(pid, "VmHWM")
			// The memory should be back by now (the kernel frees large messages at
			// once); it is waited for, not held to a time.
			after, waited := int64(0), time.Now()
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(250 * time.Millisecond) {
				if after, _ = hostileMemory(pid, "VmRSS"); after < before+size/2 || time.Now().After(deadline) {
					break
				}
			}
			report := fmt.Sprintf("handled in %v; kernel resident memory %d MB before, %d MB after (%v later), peak so far %d MB",
				took.Round(10*time.Millisecond), before>>20, after>>20, time.Since(waited).Round(100*time.Millisecond), peak>>20)
			t.Log(report)
			if after >= before+size/2 {
				t.Errorf("the kernel kept %d MB after a 100 MB message", (after-before)>>20)
			}
			// Not a bound on how the kernel reads a message, only a check that it
			// does not make many copies of it.
			if peak > before+8*size {
				t.Errorf("the kernel's resident memory peaked at %d MB for a 100 MB message", peak>>20)
			}
			tr.Outcome(outcome + "; " + report)
		})
	}
}
