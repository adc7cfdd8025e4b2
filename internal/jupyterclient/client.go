// Package jupyterclient is a Jupyter front end written in Go, for gokernel's own
// fault, hostile-input and soak tests and benchmarks: it starts `gokernel kernel` with a
// connection file of its own, as Jupyter does, and speaks the messaging protocol to it
// over real ZeroMQ sockets. Unlike Jupyter's Python client it can also send frames no
// well-behaved client would (forged, truncated, oversized), which is what those tests
// need. It signs and decodes with the kernel package's own wire code, so it checks the
// kernel's behaviour, not its wire format: that is what jupyter_client's tests are for.
package jupyterclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/google/uuid"

	"github.com/gokernel/gokernel/kernel"
)

// Channel names one of the kernel's sockets.
type Channel int

// The channels of the Jupyter protocol a client sends on.
const (
	Shell Channel = iota
	Control
	Stdin
)

// Options say how to start the kernel.
type Options struct {
	// Binary is the gokernel executable; it is run as `Binary kernel -f FILE Args...`.
	Binary string
	Args   []string
	// Env is the kernel's environment (nil: this process's).
	Env []string
	// Dir holds the connection file (empty: a new temporary directory, removed by
	// Close).
	Dir string
	// Stdout and Stderr receive the kernel process's own output (nil: discarded).
	// They are connected through pipes, as a Jupyter server connects them.
	Stdout, Stderr io.Writer
	// Key signs messages; empty means a random one.
	Key string
}

// Kernel is a running kernel and the client's connection to it.
type Kernel struct {
	Cmd      *exec.Cmd
	Info     kernel.ConnectionInfo
	ConnFile string
	Session  string

	signer  *kernel.Signer
	ctx     context.Context
	cancel  context.CancelFunc
	sockets map[Channel]zmq4.Socket
	iopub   zmq4.Socket
	// published carries what iopub receives, read by one goroutine, so that a read
	// can time out.
	published chan *kernel.Message
	exited    chan struct{}
	waitErr   error
	removeDir string
	closeOnce sync.Once
}

// Start starts the kernel and connects to it, returning once iopub delivers (a
// subscription that has not reached the kernel would miss the first messages).
func Start(ctx context.Context, opts Options) (*Kernel, error) {
	dir := opts.Dir
	removeDir := ""
	if dir == "" {
		d, err := os.MkdirTemp("", "jupyterclient-")
		if err != nil {
			return nil, err
		}
		dir, removeDir = d, d
	}
	key := opts.Key
	if key == "" {
		key = uuid.NewString()
	}
	ports, err := freePorts(5)
	if err != nil {
		return nil, err
	}
	info := kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: ports[0], ControlPort: ports[1],
		StdinPort: ports[2], IOPubPort: ports[3], HBPort: ports[4], SignatureScheme: "hmac-sha256", Key: key, KernelName: "gokernel"}
	connFile := filepath.Join(dir, "kernel-"+uuid.NewString()+".json")
	b, _ := json.Marshal(info)
	if err := os.WriteFile(connFile, b, 0o600); err != nil {
		return nil, err
	}
	signer, err := kernel.NewSigner(info.SignatureScheme, info.Key)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(opts.Binary, append([]string{"kernel", "-f", connFile}, opts.Args...)...)
	cmd.Env = opts.Env
	cmd.Stdout, cmd.Stderr = orDiscard(opts.Stdout), orDiscard(opts.Stderr)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	cctx, cancel := context.WithCancel(context.Background())
	k := &Kernel{Cmd: cmd, Info: info, ConnFile: connFile, Session: uuid.NewString(), signer: signer,
		ctx: cctx, cancel: cancel, sockets: map[Channel]zmq4.Socket{}, published: make(chan *kernel.Message, 4096),
		exited: make(chan struct{}), removeDir: removeDir}
	go func() { k.waitErr = cmd.Wait(); close(k.exited) }()

	identity := zmq4.WithID(zmq4.SocketIdentity(k.Session))
	for ch, port := range map[Channel]int{Shell: info.ShellPort, Control: info.ControlPort, Stdin: info.StdinPort} {
		s := zmq4.NewDealer(cctx, identity, zmq4.WithDialerRetry(20*time.Millisecond))
		if err := dial(s, k.endpoint(port)); err != nil {
			k.Close()
			return nil, err
		}
		k.sockets[ch] = s
	}
	k.iopub = zmq4.NewSub(cctx, zmq4.WithDialerRetry(20*time.Millisecond))
	if err := dial(k.iopub, k.endpoint(info.IOPubPort)); err != nil {
		k.Close()
		return nil, err
	}
	if err := k.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		k.Close()
		return nil, err
	}
	go k.readIOPub()
	if err := k.awaitSubscription(ctx); err != nil {
		k.Close()
		return nil, err
	}
	return k, nil
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

func (k *Kernel) endpoint(port int) string {
	return fmt.Sprintf("tcp://%s:%d", k.Info.IP, port)
}

// dial retries while the kernel has not bound its sockets yet.
func dial(s zmq4.Socket, endpoint string) error {
	var err error
	for range 250 {
		if err = s.Dial(endpoint); err == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("dial %s: %w", endpoint, err)
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func (k *Kernel) readIOPub() {
	defer close(k.published)
	for {
		raw, err := k.iopub.Recv()
		if err != nil {
			return
		}
		m, err := k.signer.Decode(raw.Frames)
		if err != nil {
			continue // the kernel never sends such a thing; a test would see it missing
		}
		k.published <- m
	}
}

// awaitSubscription sends kernel_info requests until iopub delivers, as Jupyter's
// clients do, then drains that round's messages.
func (k *Kernel) awaitSubscription(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		id, err := k.Send(Shell, "kernel_info_request", map[string]any{})
		if err != nil {
			return err
		}
		if _, err := k.Reply(ctx, Shell, id, 30*time.Second); err != nil {
			return fmt.Errorf("kernel_info: %w", err)
		}
		select {
		case <-k.published:
			for {
				select {
				case <-k.published:
					continue
				case <-time.After(50 * time.Millisecond):
				}
				return nil
			}
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return errors.New("iopub delivered nothing within 60 s")
}

// Send signs and sends a request, returning its msg_id.
func (k *Kernel) Send(ch Channel, msgType string, content any) (string, error) {
	return k.SendWithMetadata(ch, msgType, content, map[string]any{})
}

// SendWithMetadata is Send with the message's metadata.
func (k *Kernel) SendWithMetadata(ch Channel, msgType string, content, metadata any) (string, error) {
	m, err := k.NewMessage(msgType, content, metadata)
	if err != nil {
		return "", err
	}
	frames, err := k.signer.Encode(m)
	if err != nil {
		return "", err
	}
	return m.Header.MsgID, k.SendFrames(ch, frames)
}

// NewMessage builds a request of this client's session, unsigned.
func (k *Kernel) NewMessage(msgType string, content, metadata any) (*kernel.Message, error) {
	body, err := json.Marshal(content)
	if err != nil {
		return nil, err
	}
	md, err := json.Marshal(metadata)
	if err != nil {
		return nil, err
	}
	return &kernel.Message{
		Header: kernel.Header{MsgID: uuid.NewString(), Session: k.Session, Username: "test", MsgType: msgType,
			Version: kernel.ProtocolVersion, Date: time.Now().UTC().Format(time.RFC3339Nano)},
		Content: body, Metadata: md,
	}, nil
}

// Sign returns the signature of a message's four signed parts under the kernel's key.
func (k *Kernel) Sign(parts ...[]byte) []byte { return k.signer.Sign(parts...) }

// Encode signs m into frames as they go on the wire (without routing identities).
func (k *Kernel) Encode(m *kernel.Message) ([][]byte, error) { return k.signer.Encode(m) }

// SendFrames sends raw frames on a channel: whatever a test wants the kernel to see.
func (k *Kernel) SendFrames(ch Channel, frames [][]byte) error {
	s, ok := k.sockets[ch]
	if !ok {
		return fmt.Errorf("no socket for channel %d", ch)
	}
	return s.SendMulti(zmq4.NewMsgFrom(frames...))
}

// ErrTimeout is returned when the kernel does not answer in time.
var ErrTimeout = errors.New("no answer in time")

// recv reads one message from a dealer socket, giving up after timeout. A read that
// timed out goes on in the background and its message is lost, so a socket that timed
// out should not be read again.
func (k *Kernel) recv(ch Channel, timeout time.Duration) (*kernel.Message, error) {
	s := k.sockets[ch]
	type result struct {
		m   zmq4.Msg
		err error
	}
	got := make(chan result, 1)
	go func() {
		m, err := s.Recv()
		got <- result{m, err}
	}()
	select {
	case r := <-got:
		if r.err != nil {
			return nil, r.err
		}
		return k.signer.Decode(r.m.Frames)
	case <-time.After(timeout):
		return nil, ErrTimeout
	}
}

// Reply reads ch until the reply to msgID arrives; replies to other requests are
// skipped.
func (k *Kernel) Reply(ctx context.Context, ch Channel, msgID string, timeout time.Duration) (*kernel.Message, error) {
	deadline := time.Now().Add(timeout)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return nil, ErrTimeout
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m, err := k.recv(ch, left)
		if err != nil {
			return nil, err
		}
		if ParentID(m) == msgID {
			return m, nil
		}
	}
}

// NextIOPub returns the next message published on iopub, or ErrTimeout.
func (k *Kernel) NextIOPub(timeout time.Duration) (*kernel.Message, error) {
	select {
	case m, ok := <-k.published:
		if !ok {
			return nil, errors.New("iopub closed")
		}
		return m, nil
	case <-time.After(timeout):
		return nil, ErrTimeout
	}
}

// ParentID is the msg_id of the request m answers.
func ParentID(m *kernel.Message) string {
	var h kernel.Header
	json.Unmarshal(m.ParentHeader, &h)
	return h.MsgID
}

// Exited is closed when the kernel process has ended.
func (k *Kernel) Exited() <-chan struct{} { return k.exited }

// ExitErr is the kernel process's exit status, valid once Exited is closed.
func (k *Kernel) ExitErr() error { return k.waitErr }

// Shutdown asks the kernel to shut down on the control channel and waits for the
// process to end, killing it after timeout.
func (k *Kernel) Shutdown(timeout time.Duration) error {
	id, err := k.Send(Control, "shutdown_request", map[string]any{"restart": false})
	if err == nil {
		_, err = k.Reply(context.Background(), Control, id, timeout)
	}
	select {
	case <-k.exited:
	case <-time.After(timeout):
		k.Cmd.Process.Kill()
		<-k.exited
		if err == nil {
			err = errors.New("the kernel did not exit after shutdown_request")
		}
	}
	return err
}

// Close kills the kernel if it still runs and closes the sockets.
func (k *Kernel) Close() {
	k.closeOnce.Do(func() {
		select {
		case <-k.exited:
		default:
			k.Cmd.Process.Kill()
			<-k.exited
		}
		for _, s := range k.sockets {
			s.Close()
		}
		if k.iopub != nil {
			k.iopub.Close()
		}
		k.cancel()
		if k.removeDir != "" {
			os.RemoveAll(k.removeDir)
		}
	})
}
