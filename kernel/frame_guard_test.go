package kernel

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// zmtpFrame encodes one ZMTP frame.
func zmtpFrame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		return append(binary.BigEndian.AppendUint64([]byte{flags | zmtpLong}, uint64(len(body))), body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

// zmtpHeader is a frame header declaring size bytes, without the body.
func zmtpHeader(flags byte, size uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{flags | zmtpLong}, size)
}

// zmtpGreeting is a ZMTP 3.0 greeting with the NULL mechanism.
func zmtpGreeting() []byte {
	g := make([]byte, zmtpGreetingSize)
	g[0], g[9], g[10] = 0xff, 0x7f, 3
	copy(g[12:], "NULL")
	return g
}

// zmtpReady is the NULL mechanism's READY command for a socket of type socketType.
func zmtpReady(socketType string) []byte {
	body := append([]byte{5}, "READY"...)
	body = append(body, byte(len("Socket-Type")))
	body = append(body, "Socket-Type"...)
	body = binary.BigEndian.AppendUint32(body, uint32(len(socketType)))
	body = append(body, socketType...)
	return zmtpFrame(zmtpCommand, body)
}

// streamConn is a net.Conn whose reads come from r.
type streamConn struct {
	net.Conn
	r      io.Reader
	closed bool
}

func (c *streamConn) Read(p []byte) (int, error) { return c.r.Read(p) }
func (c *streamConn) Close() error               { c.closed = true; return nil }
func (c *streamConn) RemoteAddr() net.Addr       { return nil }

func guardRead(stream []byte, limit uint64) ([]byte, *streamConn, error) {
	sc := &streamConn{r: iotest.OneByteReader(bytes.NewReader(stream))}
	c := newGuardedConn(sc, frameGuard{socket: "test", limit: limit})
	// Odd-sized reads, as the library's own (2 bytes, then 7, then the body).
	var out []byte
	buf := make([]byte, 7)
	for {
		n, err := c.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, sc, nil
		}
		if err != nil {
			return out, sc, err
		}
	}
}

// TestFrameGuardPassesFramesUnchanged: what fits goes through byte for byte.
func TestFrameGuardPassesFramesUnchanged(t *testing.T) {
	var stream []byte
	stream = append(stream, zmtpGreeting()...)
	stream = append(stream, zmtpReady("DEALER")...)
	stream = append(stream, zmtpFrame(zmtpMore, []byte("identity"))...)
	stream = append(stream, zmtpFrame(zmtpMore, nil)...)
	stream = append(stream, zmtpFrame(zmtpMore, bytes.Repeat([]byte("a"), 300))...)
	stream = append(stream, zmtpFrame(0, bytes.Repeat([]byte("b"), 600))...)
	stream = append(stream, zmtpFrame(0, bytes.Repeat([]byte("c"), 1000))...)
	got, sc, err := guardRead(stream, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, stream) {
		t.Errorf("the guard changed the stream")
	}
	if sc.closed {
		t.Error("the guard closed a connection whose frames fit")
	}
}

// TestFrameGuardRefuses: a frame or a message larger than the limit closes the
// connection before any byte of the offending header is passed on.
func TestFrameGuardRefuses(t *testing.T) {
	prefix := append(zmtpGreeting(), zmtpReady("DEALER")...)
	for _, c := range []struct {
		name  string
		tail  [][]byte
		clean int // bytes of tail passed on before the refusal
	}{
		{"a frame declaring 2^62 bytes", [][]byte{zmtpHeader(0, 1<<62)}, 0},
		{"a frame declaring 2^64-1 bytes", [][]byte{zmtpHeader(zmtpMore, ^uint64(0))}, 0},
		{"a frame one byte over", [][]byte{zmtpHeader(0, 1001)}, 0},
		{"a command over the limit", [][]byte{zmtpHeader(zmtpCommand, 5000)}, 0},
		{"a message whose frames add up to more", [][]byte{
			zmtpFrame(zmtpMore, make([]byte, 600)), zmtpFrame(zmtpMore, make([]byte, 300)), zmtpHeader(0, 101)}, 600 + 9 + 300 + 9},
	} {
		t.Run(c.name, func(t *testing.T) {
			stream := append(append([]byte(nil), prefix...), bytes.Join(c.tail, nil)...)
			got, sc, err := guardRead(stream, 1000)
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err %v, want ErrTooLarge", err)
			}
			if want := stream[:len(prefix)+c.clean]; !bytes.Equal(got, want) {
				t.Errorf("passed on %d bytes, want %d", len(got), len(want))
			}
			if !sc.closed {
				t.Error("the connection was not closed")
			}
		})
	}
	// The frames of one message count together; the next message starts afresh.
	var stream []byte
	stream = append(stream, prefix...)
	stream = append(stream, zmtpFrame(zmtpMore, make([]byte, 600))...)
	stream = append(stream, zmtpFrame(0, make([]byte, 400))...)
	stream = append(stream, zmtpFrame(0, make([]byte, 1000))...)
	if _, _, err := guardRead(stream, 1000); err != nil {
		t.Errorf("messages each within the limit: %v", err)
	}
}

// zmtpDial completes a ZMTP handshake with a kernel socket, as any local process
// can without the key.
func zmtpDial(t *testing.T, port int, socketType string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := c.Write(zmtpGreeting()); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(c, make([]byte, zmtpGreetingSize)); err != nil {
		t.Fatalf("greeting: %v", err)
	}
	if _, err := c.Write(zmtpReady(socketType)); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestHugeFrameHeaderDoesNotKillTheKernel sends, on every socket, a frame header
// declaring 2^62 bytes (which made the ZeroMQ library panic) and one just over the
// socket's limit: the kernel closes those connections and serves on.
func TestHugeFrameHeaderDoesNotKillTheKernel(t *testing.T) {
	c, _, k := startKernelWith(t)
	for _, s := range []struct {
		name, socketType string
		port             int
		limit            uint64
	}{
		{"shell", "DEALER", k.conn.ShellPort, maxMessageSize},
		{"control", "DEALER", k.conn.ControlPort, maxMessageSize},
		{"stdin", "DEALER", k.conn.StdinPort, maxMessageSize},
		{"iopub", "SUB", k.conn.IOPubPort, smallFrameLimit},
		{"heartbeat", "REQ", k.conn.HBPort, smallFrameLimit},
	} {
		for _, size := range []uint64{1 << 62, s.limit + 1} {
			conn := zmtpDial(t, s.port, s.socketType)
			if _, err := conn.Write(zmtpHeader(0, size)); err != nil {
				t.Fatal(err)
			}
			// The kernel closes the connection (having read its READY, it may
			// still send its own first).
			if _, err := io.Copy(io.Discard, conn); err != nil {
				t.Errorf("%s, %d bytes declared: the connection was not closed: %v", s.name, size, err)
			}
		}
	}
	id := c.request(c.shell, "kernel_info_request", map[string]any{})
	if reply := c.recv(c.shell); parentID(reply) != id {
		t.Fatalf("reply to %q, want %q", parentID(reply), id)
	}
}

// TestGuardedTCPConnWritesBuffersAtOnce: a message the library writes as net.Buffers
// leaves in one writev through the guarded connection, not a write per frame
// part (which cost some thirty system calls per execution).
func TestGuardedTCPConnWritesBuffersAtOnce(t *testing.T) {
	if _, ok := processWriteCalls(); !ok {
		t.Skip("no /proc/self/io syscw here")
	}
	l, err := guardedTransport{network: "tcp"}.Listen(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	peer, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	c, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const parts = 40
	bufs := make(net.Buffers, parts)
	for i := range bufs {
		bufs[i] = []byte{byte(i), 1, 2}
	}
	received := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(peer, parts*3))
		received <- b
	}()
	before, _ := processWriteCalls()
	if _, err := bufs.WriteTo(c); err != nil {
		t.Fatal(err)
	}
	after, _ := processWriteCalls()
	if got := <-received; len(got) != parts*3 || got[3] != 1 {
		t.Fatalf("peer received %v", got)
	}
	// Other goroutines of the test binary may write meanwhile; a write per part
	// would be 40.
	if n := after - before; n > parts/4 {
		t.Errorf("%d buffers took %d write system calls: writev is lost through the guard", parts, n)
	}
}

// processWriteCalls is the number of write system calls this process has made.
func processWriteCalls() (int64, bool) {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "syscw: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
