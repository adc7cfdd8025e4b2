package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/gokernel/gokernel/lineage"
)

// Options configure a Kernel.
type Options struct {
	// Version is the gokernel version reported in kernel_info.
	Version string
	// HistoryPath is the file the input history is kept in; empty keeps it in memory.
	HistoryPath string
	// Log receives the kernel's own log; nil logs to stderr.
	Log *slog.Logger
	// StoreDir is the lineage store folder; empty: lineage.DefaultDir of the
	// working directory.
	StoreDir string
	// OnListening, if set, runs once every socket is bound. Starting the worker
	// there, not before, leaves the CPU to binding: a frontend that connects before
	// the kernel listens backs off for 100 ms or more.
	OnListening func()
}

// Kernel serves one connection file: it owns the sockets, the execution count, the
// history and the comms, and hands language work to its Backend.
type Kernel struct {
	conn    *ConnectionInfo
	signer  *Signer
	backend Backend
	opts    Options
	log     *slog.Logger
	session string

	shell, control, stdin *channel
	iopub                 *channel
	hb                    zmq4.Socket

	handlers map[string]handler
	history  *History
	lineage  *lineageRecorder
	snaps    *snapshotKeeper
	comms    *commRegistry
	// replay remembers accepted signatures so a resent copy is dropped.
	replay *replayGuard
	// seed is the notebook seed (seed.go); seedNotice, said on the first cell, is
	// why GOKERNEL_SEED was not taken.
	seed       uint64
	seedNotice string

	// shellQueue holds shell requests in arrival order for the one goroutine that
	// handles them, so stop_on_error can abort those still waiting.
	shellQueue chan *Message
	// stdinReplies carries input_reply messages to the cell waiting for them.
	stdinReplies chan *Message

	executionCount int // touched only by the shell goroutine

	shutdownOnce sync.Once
	done         chan struct{}
}

// channel is a socket with the lock that serialises sends on it.
type channel struct {
	name string
	sock zmq4.Socket
	mu   sync.Mutex
}

// New prepares a kernel for a connection file; Run binds the sockets and serves.
func New(ci *ConnectionInfo, backend Backend, opts Options) (*Kernel, error) {
	signer, err := NewSigner(ci.SignatureScheme, ci.Key)
	if err != nil {
		return nil, err
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	k := &Kernel{
		conn: ci, signer: signer, backend: backend, opts: opts, log: log,
		session:      newID(),
		comms:        newCommRegistry(),
		replay:       newReplayGuard(replayGuardSize),
		shellQueue:   make(chan *Message, 1024),
		stdinReplies: make(chan *Message, 16),
		done:         make(chan struct{}),
	}
	k.handlers = k.handlerTable()
	return k, nil
}

// Run binds the sockets and serves until a shutdown_request or ctx ends.
func (k *Kernel) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// A kernel whose frontend died without asking it to shut down would otherwise run,
	// and keep its worker running, until someone kills it by hand. The parent is
	// looked at here, before anything slow, so that one dying during startup is seen.
	go k.watchParent(ctx, newParentWatch(os.Getenv("JPY_PARENT_PID")))
	// Every socket listens through the frame guard (frame_guard.go), so that no peer
	// makes the kernel allocate more than the socket takes.
	guarded := func(name string, limit uint64) context.Context {
		return withFrameGuard(ctx, frameGuard{socket: name, limit: limit, log: k.log})
	}
	newSock := func(name string, f func(context.Context, ...zmq4.Option) zmq4.Socket, port int, limit uint64) (*channel, error) {
		// A long send timeout: a slow frontend must not make the kernel drop replies.
		s := f(guarded(name, limit), zmq4.WithTimeout(time.Minute))
		if err := s.Listen(guardedEndpoint(k.conn.endpoint(port))); err != nil {
			return nil, fmt.Errorf("%s socket on %s: %w", name, k.conn.endpoint(port), err)
		}
		return &channel{name: name, sock: s}, nil
	}
	var err error
	if k.shell, err = newSock("shell", zmq4.NewRouter, k.conn.ShellPort, maxMessageSize); err != nil {
		return err
	}
	defer k.shell.sock.Close()
	if k.control, err = newSock("control", zmq4.NewRouter, k.conn.ControlPort, maxMessageSize); err != nil {
		return err
	}
	defer k.control.sock.Close()
	if k.stdin, err = newSock("stdin", zmq4.NewRouter, k.conn.StdinPort, maxMessageSize); err != nil {
		return err
	}
	defer k.stdin.sock.Close()
	if k.iopub, err = newSock("iopub", zmq4.NewPub, k.conn.IOPubPort, smallFrameLimit); err != nil {
		return err
	}
	defer k.iopub.sock.Close()
	k.hb = zmq4.NewRep(guarded("heartbeat", smallFrameLimit))
	if err := k.hb.Listen(guardedEndpoint(k.conn.endpoint(k.conn.HBPort))); err != nil {
		return fmt.Errorf("heartbeat socket: %w", err)
	}
	defer k.hb.Close()
	if k.opts.OnListening != nil {
		go k.opts.OnListening()
	}
	// The history is read after binding, for the same reason; no request is served
	// before it is loaded.
	hist, err := OpenHistory(k.opts.HistoryPath)
	if err != nil {
		k.log.Warn("history unavailable; keeping it in memory", "err", err)
		hist, _ = OpenHistory("")
	}
	k.history = hist
	defer hist.Close()
	storeDir := k.opts.StoreDir
	if storeDir == "" {
		wd, _ := os.Getwd()
		storeDir = lineage.DefaultDir(wd)
	}
	k.lineage = newLineageRecorder(storeDir, lineage.SessionInfo{
		ID: k.session, Notebook: notebookName(), Started: time.Now(), Kernel: k.opts.Version,
	}, k.log)
	defer k.lineage.close()
	lineageOff := ""
	switch {
	case k.lineage.off:
		lineageOff = "lineage, which is off in this kernel (GOKERNEL_LINEAGE=off)"
	case k.lineage.writer == nil:
		lineageOff = "a store that can be written, and " + storeDir + " cannot"
	}
	k.snaps = newSnapshotKeeper(k.backend, storeDir, k.session, lineageOff, k.log)
	k.snaps.start()
	if seed, err := initialSeed(); err != nil {
		k.seedNotice = fmt.Sprintf("gokernel: %v; the notebook seed is 0 (%%seed N sets it)\n", err)
	} else {
		k.seed = seed
	}

	k.publish(nil, "status", map[string]any{"execution_state": "starting"})
	go k.heartbeat()
	go k.receive(k.shell, func(m *Message) { k.shellQueue <- m })
	go k.receive(k.control, func(m *Message) {
		size := m.wireSize
		k.dispatch(k.control, m)
		releaseLarge(size)
	})
	go k.receive(k.stdin, func(m *Message) {
		if m.Header.MsgType != "input_reply" {
			k.log.Warn("unexpected message on stdin", "msg_type", m.Header.MsgType)
			return
		}
		select {
		case k.stdinReplies <- m:
		default:
			k.log.Warn("input_reply with no cell waiting for it")
		}
	})
	go k.serveShell()

	// SIGINT interrupts the running cell, as it would in a terminal; it does not end
	// the kernel, whose life belongs to the frontend.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	for {
		select {
		case <-sigs:
			k.log.Info("SIGINT: interrupting the running cell")
			k.backend.Interrupt()
		case <-k.done:
			err := k.backend.Close()
			// iopub sends from a queue: give the last status messages a moment to
			// leave before the sockets close.
			time.Sleep(20 * time.Millisecond)
			return err
		case <-ctx.Done():
			k.shutdown()
			k.backend.Close()
			return ctx.Err()
		}
	}
}

// heartbeat echoes every ping, as the protocol's liveness check asks.
func (k *Kernel) heartbeat() {
	for {
		msg, err := k.hb.Recv()
		if err != nil {
			if k.isDone() {
				return
			}
			k.log.Debug("heartbeat recv", "err", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err := k.hb.Send(msg); err != nil && !k.isDone() {
			k.log.Debug("heartbeat send", "err", err)
		}
	}
}

func (k *Kernel) isDone() bool {
	select {
	case <-k.done:
		return true
	default:
		return false
	}
}

// receive reads one socket and hands each verified message to deliver. A message
// that fails to decode or verify is logged in one line and dropped: it is never acted
// on and never stops the loop.
func (k *Kernel) receive(ch *channel, deliver func(*Message)) {
	for {
		raw, err := ch.sock.Recv()
		if err != nil {
			if k.isDone() {
				return
			}
			if errors.Is(err, context.Canceled) {
				return
			}
			k.log.Debug("recv", "socket", ch.name, "err", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		size := 0
		for _, f := range raw.Frames {
			size += len(f)
		}
		m, err := k.signer.Decode(raw.Frames)
		if err == nil && !k.replay.fresh(m.signature) {
			// The signature is not logged: it is no secret, but nothing in the log
			// needs it either.
			err = fmt.Errorf("%w: msg_type %q, msg_id %q", ErrReplayed, m.Header.MsgType, m.Header.MsgID)
		}
		if err != nil {
			k.log.Warn("dropped message", "socket", ch.name, "err", err)
			releaseLarge(size)
			continue
		}
		deliver(m)
	}
}

// serveShell handles shell requests one at a time, in order, as Jupyter expects.
func (k *Kernel) serveShell() {
	for {
		select {
		case m := <-k.shellQueue:
			size := m.wireSize
			k.dispatch(k.shell, m)
			releaseLarge(size)
		case <-k.done:
			return
		}
	}
}

// largeMessage is the size from which the kernel hands a message's memory back to
// the system as soon as it is done with the message.
const largeMessage = 32 << 20

// releaseLarge gives the memory of a message of size bytes, now garbage, back to the
// system when the message was large. Go would reuse it for later allocations, but a
// kernel idles between requests and allocates little: its next collection can be two
// minutes away, and until then the process keeps every large message it was sent (a
// hostile peer's 100 MB messages added 100 MB of resident memory each, 400 MB after
// four). A forced collection costs milliseconds on the kernel's small heap, against
// the tens of milliseconds it takes to receive 32 MB.
func releaseLarge(size int) {
	if size >= largeMessage {
		debug.FreeOSMemory()
	}
}

// send signs and sends a message on ch.
func (k *Kernel) send(ch *channel, m *Message) {
	frames, err := k.signer.Encode(m)
	if err != nil {
		k.log.Error("encode", "msg_type", m.Header.MsgType, "err", err)
		return
	}
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if err := ch.sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		k.log.Warn("send", "socket", ch.name, "msg_type", m.Header.MsgType, "err", err)
	}
}

// newMessage builds a message of msgType in reply to parent (nil for none).
func (k *Kernel) newMessage(parent *Message, msgType string, content any) *Message {
	body, err := json.Marshal(content)
	if err != nil {
		k.log.Error("encode content", "msg_type", msgType, "err", err)
		body = []byte("{}")
	}
	m := &Message{
		Header: Header{
			MsgID: newID(), Session: k.session, Username: "kernel",
			Date: timestamp(time.Now()), MsgType: msgType, Version: ProtocolVersion,
		},
		Content:  body,
		Metadata: json.RawMessage("{}"),
	}
	if parent != nil {
		m.ParentHeader = parent.rawHeader
		m.Identities = parent.Identities
	}
	return m
}

// reply answers parent on ch.
func (k *Kernel) reply(ch *channel, parent *Message, msgType string, content any) {
	k.send(ch, k.newMessage(parent, msgType, content))
}

// replyWithMetadata answers parent on ch with metadata in the message's metadata.
func (k *Kernel) replyWithMetadata(ch *channel, parent *Message, msgType string, content any, metadata map[string]any) {
	m := k.newMessage(parent, msgType, content)
	if metadata != nil {
		if b, err := json.Marshal(metadata); err == nil {
			m.Metadata = b
		} else {
			k.log.Error("encode metadata", "msg_type", msgType, "err", err)
		}
	}
	k.send(ch, m)
}

// publish broadcasts on iopub with parent as the parent header.
func (k *Kernel) publish(parent *Message, msgType string, content any) {
	m := k.newMessage(parent, msgType, content)
	m.Identities = [][]byte{[]byte("kernel." + k.session + "." + msgType)}
	k.send(k.iopub, m)
}

func (k *Kernel) shutdown() {
	k.shutdownOnce.Do(func() { close(k.done) })
}
