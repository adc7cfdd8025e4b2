package kernel

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// The ZeroMQ library (go-zeromq/zmq4 v0.17.0, Conn.read) reads a frame by allocating
// the size its header declares, then reading into it. Any local process can complete
// the ZMTP greeting (no key is involved until a whole message has arrived) and then
// send nine bytes declaring a frame of 2^62 bytes, which makes the library panic
// (makeslice: len out of range) on a goroutine of its own, or 2^40 bytes (fatal error:
// out of memory): either ends the kernel, and the notebook's session with it.
// maxMessageSize, checked when the message has arrived, comes too late for that.
//
// The library also does each new connection's handshake on the socket's one accept
// loop, with no deadline: a local process that connects and says nothing keeps every
// later client (a front end reconnecting) out for as long as it stays. The guarded
// connection gives the peer handshakeTimeout to send its greeting and first command
// (READY, under the NULL mechanism Jupyter uses); a silent peer's handshake then fails
// and the loop goes on accepting.
//
// So the kernel listens through a transport of its own, which reads each frame
// header itself before the library sees it and closes the connection when the frame,
// or the multipart message it belongs to, is larger than the socket takes. It knows
// nothing else of ZMTP: a 64-byte greeting, then frames (a flags byte, a size of one
// byte or, with the LONG flag, eight, the body), whatever the security mechanism.

const (
	zmtpGreetingSize = 64
	zmtpMore         = 0x01
	zmtpLong         = 0x02
	zmtpCommand      = 0x04
)

// smallFrameLimit bounds what the kernel takes on iopub and heartbeat, which
// receive only subscriptions and pings. iopub's inbound messages are never read by
// the kernel: the library queues them, so without a small bound a peer could park
// gigabytes there.
const smallFrameLimit = 64 << 10

// handshakeTimeout is how long a new connection has to send its greeting and first
// command. A front end sends them at once; a loaded machine may take a second.
const handshakeTimeout = 10 * time.Second

// guardedPrefix turns "tcp://..." and "ipc://..." into the guarded transport's
// schemes.
const guardedPrefix = "gokernel-"

var registerGuardOnce sync.Once

// guardedEndpoint returns the endpoint to listen on through the guarded transport.
func guardedEndpoint(endpoint string) string {
	registerGuardOnce.Do(func() {
		for scheme, network := range map[string]string{"tcp": "tcp", "ipc": "unix"} {
			// Registration fails only for a name taken already, which nothing else
			// uses; Listen would then report the unknown transport.
			_ = zmq4.RegisterTransport(guardedPrefix+scheme, guardedTransport{network: network})
		}
	})
	return guardedPrefix + endpoint
}

// frameGuardKey carries a socket's frameGuard in the context its socket is made
// with: zmq4 hands that context to the transport's Listen.
type frameGuardKey struct{}

// frameGuard is what a socket takes: frames and messages of up to limit bytes.
type frameGuard struct {
	socket string
	limit  uint64
	log    *slog.Logger
}

func withFrameGuard(ctx context.Context, g frameGuard) context.Context {
	return context.WithValue(ctx, frameGuardKey{}, g)
}

// guardedTransport is net's transport with guarded connections on the listening side.
type guardedTransport struct{ network string }

func (t guardedTransport) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	return d.DialContext(ctx, t.network, addr)
}

func (t guardedTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	g, ok := ctx.Value(frameGuardKey{}).(frameGuard)
	if !ok {
		g = frameGuard{limit: maxMessageSize}
	}
	l, err := net.Listen(t.network, addr)
	if err != nil {
		return nil, err
	}
	return guardedListener{Listener: l, guard: g}, nil
}

func (t guardedTransport) Addr(ep string) (string, error) {
	return transport.New(t.network).Addr(ep)
}

type guardedListener struct {
	net.Listener
	guard frameGuard
}

func (l guardedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	// A deadline that cannot be set leaves the connection as the library has it.
	_ = c.SetReadDeadline(time.Now().Add(handshakeTimeout))
	g := newGuardedConn(c, l.guard)
	g.handshake = true
	if tc, ok := c.(*net.TCPConn); ok {
		return guardedTCPConn{TCPConn: tc, guarded: g}, nil
	}
	return g, nil
}

// guardedReadBuffer is how much a guarded connection reads from the socket at once.
// The library reads each frame's header and body with reads of their own, and a
// Jupyter message is five to seven frames: unbuffered, that was a dozen read system
// calls for every message, where one does.
const guardedReadBuffer = 32 << 10

// guardedConn passes a connection's bytes on unchanged, checking each frame's size
// before any byte of its header is passed on.
type guardedConn struct {
	net.Conn
	in       *bufio.Reader // reads from Conn
	guard    frameGuard
	greeting int    // bytes of the greeting still to pass on
	body     uint64 // bytes of the current frame's body still to pass on
	message  uint64 // bytes of the current multipart message's earlier frames
	header   [9]byte
	pending  []byte // the checked header, not yet passed on
	err      error
	// handshake is set until the peer's first command has been passed on, and
	// with it the read deadline that bounds the handshake.
	handshake bool
}

func newGuardedConn(c net.Conn, g frameGuard) *guardedConn {
	return &guardedConn{Conn: c, in: bufio.NewReaderSize(c, guardedReadBuffer), guard: g, greeting: zmtpGreetingSize}
}

// guardedTCPConn is a guarded TCP connection that still writes as *net.TCPConn
// does. The library writes a message as net.Buffers, which become one writev only
// on net's own connection types (an unexported interface of net's); through a
// wrapper that merely holds a net.Conn each header and body was a write system call
// of its own, some thirty for one execution's iopub messages. Embedding the
// *net.TCPConn keeps its methods, writev's among them; reads go through the guard.
type guardedTCPConn struct {
	*net.TCPConn
	guarded *guardedConn
}

func (c guardedTCPConn) Read(p []byte) (int, error) { return c.guarded.Read(p) }

// WriteTo is *net.TCPConn's io.WriterTo, which would read from the socket past the
// guard: io.Copy from this connection goes through Read instead.
func (c guardedTCPConn) WriteTo(w io.Writer) (int64, error) {
	return io.Copy(w, struct{ io.Reader }{c.guarded})
}

func (c *guardedConn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	if c.err != nil {
		return 0, c.err
	}
	switch {
	case c.greeting > 0:
		n, err := c.in.Read(p[:min(len(p), c.greeting)])
		c.greeting -= n
		return n, err
	case c.body > 0:
		n, err := c.in.Read(p[:min(uint64(len(p)), c.body)])
		c.body -= uint64(n)
		if c.body == 0 && c.handshake {
			c.handshake = false
			_ = c.Conn.SetReadDeadline(time.Time{})
		}
		return n, err
	}
	// A frame header: read whole and checked before the library sees any of it.
	if _, err := io.ReadFull(c.in, c.header[:2]); err != nil {
		return 0, err
	}
	flags, n, size := c.header[0], 2, uint64(c.header[1])
	if flags&zmtpLong != 0 {
		if _, err := io.ReadFull(c.in, c.header[2:9]); err != nil {
			return 0, err
		}
		n, size = 9, binary.BigEndian.Uint64(c.header[1:9])
	}
	message := size
	if flags&zmtpCommand == 0 && size <= c.guard.limit {
		message += c.message // no overflow: both are at most the limit
	}
	if size > c.guard.limit || message > c.guard.limit {
		c.err = fmt.Errorf("%w: a frame of %d bytes (%d in its message) on %s, which takes %d", ErrTooLarge,
			size, message, c.guard.socket, c.guard.limit)
		if c.guard.log != nil {
			c.guard.log.Warn("closed a connection", "socket", c.guard.socket, "remote", fmt.Sprint(c.RemoteAddr()), "err", c.err)
		}
		c.Conn.Close()
		return 0, c.err
	}
	if flags&zmtpCommand == 0 {
		if flags&zmtpMore != 0 {
			c.message = message
		} else {
			c.message = 0
		}
	}
	c.body = size
	c.pending = c.header[:n]
	return c.Read(p)
}
