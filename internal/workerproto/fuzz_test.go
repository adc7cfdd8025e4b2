package workerproto

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

// fuzzClaimCap is a large length prefix for a seed whose frame never arrives:
// Receive grows its buffer as the frame comes, so such a prefix allocates little
// (it once allocated the claimed size first: four bytes 3f ff ff ff cost 1 GiB).
const fuzzClaimCap = 1 << 20

// fuzzAllocSlack is what one Receive may allocate on top of a small multiple of the
// bytes the stream actually holds.
const fuzzAllocSlack = 2 << 20

func frame(payload string) []byte {
	b := make([]byte, 4+len(payload))
	binary.BigEndian.PutUint32(b, uint32(len(payload)))
	copy(b[4:], payload)
	return b
}

func header(n uint32) []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, n)
	return b
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// FuzzReadEnvelope feeds arbitrary bytes to Conn.Receive as the stream and reads
// envelopes until an error.
//
// Properties:
//   - Receive never panics;
//   - a length prefix above maxFrame is an error, returned before any allocation
//     of that size;
//   - one Receive allocates at most fuzzAllocSlack plus a small multiple of the
//     bytes the stream holds (for claims up to fuzzClaimCap; see there);
//   - io.EOF comes only at a frame boundary at the end of the stream, and
//     io.ErrUnexpectedEOF or a "workerproto:" error everywhere else a frame is cut
//     short or is not a JSON envelope;
//   - a frame that decodes consumes exactly its prefix plus its length, its body
//     (if any) is valid JSON, and the envelope survives Send and Receive again.
func FuzzReadEnvelope(f *testing.F) {
	var sent bytes.Buffer
	c := NewConn(nil, &sent)
	_ = c.Send(1, TypeExecute, ExecuteRequest{Code: "x := 1\nfmt.Println(x)", AllowStdin: true, ExecutionCount: 3})
	_ = c.Send(2, TypeInterrupt, nil)
	_ = c.Send(3, TypeReply, ExecuteReply{Error: &Error{Name: "panic", Value: "héllo", Traceback: []string{"a", "b"}}, Sync: 9})
	_ = c.Send(1<<63, TypeDisplay, Display{MIMEBundle: MIMEBundle{Data: map[string]any{"text/plain": "<b>&</b>"}}})
	f.Add(sent.Bytes())
	f.Add(sent.Bytes()[:sent.Len()-3])
	f.Add([]byte{})
	f.Add([]byte{0, 0})
	f.Add(header(0))
	f.Add(frame(`{}`))
	f.Add(frame(`null`))
	f.Add(frame(`{"id":1,"type":"ready","body":{"pid":1,"go_version":"go1"}}`))
	f.Add(frame(`{"id":-1,"type":7,"body":"x"}`))
	f.Add(frame(`{"id":1.5,"type":"x"}`))
	f.Add(frame(`{"id":18446744073709551616}`))
	f.Add(frame(`{"type":"\xff\xfe","body":"\xc0\xaf"}`))
	f.Add(frame(`{"body":null}`))
	f.Add(frame(`{"body":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}`))
	f.Add(frame(`{"body":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`))
	f.Add(frame(`[1,2,3]`))
	f.Add(frame(`not json`))
	f.Add(frame(`{"id":1}  trailing`))
	f.Add(cat(frame(`{"id":1}`), frame(`{"id":2}`), []byte{0, 0, 0}))
	f.Add(cat(header(100), []byte(`{"id":1}`)))
	f.Add(header(maxFrame))
	f.Add(header(maxFrame + 1))
	f.Add(header(0xffffffff))
	f.Add(cat(header(fuzzClaimCap), []byte("{")))
	f.Add(cat(header(maxFrame), []byte("{")))
	f.Add([]byte{0x3f, 0xff, 0xff, 0xff})
	f.Add(cat(header(0x7fffffff), bytes.Repeat([]byte{'{'}, 64)))

	f.Fuzz(func(t *testing.T, data []byte) {
		c := NewConn(bytes.NewReader(data), io.Discard)
		off := 0 // bytes of data consumed by the envelopes read so far
		for {
			remaining := len(data) - off
			var claim uint32
			if remaining >= 4 {
				claim = binary.BigEndian.Uint32(data[off:])
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			env, err := c.Receive()
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(fuzzAllocSlack+8*remaining) {
				t.Fatalf("Receive allocated %d bytes with %d bytes left in the stream (claim %d)", alloc, remaining, claim)
			}
			if err != nil {
				switch {
				case remaining == 0:
					if err != io.EOF {
						t.Fatalf("at the end of the stream: %v, want io.EOF", err)
					}
				case remaining < 4:
					if err != io.ErrUnexpectedEOF {
						t.Fatalf("partial length prefix: %v, want io.ErrUnexpectedEOF", err)
					}
				case claim > maxFrame:
					if !strings.Contains(err.Error(), "exceeds the limit") {
						t.Fatalf("oversized claim %d: %v", claim, err)
					}
				case int64(claim) > int64(remaining-4):
					if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) || !strings.HasPrefix(err.Error(), "workerproto: truncated") {
						t.Fatalf("truncated frame: %v", err)
					}
				default:
					var probe Envelope
					if json.Unmarshal(data[off+4:off+4+int(claim)], &probe) == nil {
						t.Fatalf("Receive refused a frame json.Unmarshal accepts: %v", err)
					}
					if !strings.HasPrefix(err.Error(), "workerproto: bad frame") {
						t.Fatalf("undecodable frame: %v", err)
					}
				}
				return
			}
			if remaining < 4 || claim > maxFrame || int64(claim) > int64(remaining-4) {
				t.Fatalf("Receive succeeded on a short or oversized frame: %d bytes left, claim %d", remaining, claim)
			}
			off += 4 + int(claim)
			if len(env.Body) > 0 && !json.Valid(env.Body) {
				t.Fatalf("body %q is not valid JSON", env.Body)
			}
			// Round trip: what was read is sent and read back unchanged (the body as
			// Send re-encodes it).
			var buf bytes.Buffer
			rt := NewConn(&buf, &buf)
			var body any
			if len(env.Body) > 0 {
				body = env.Body
			}
			if err := rt.Send(env.ID, env.Type, body); err != nil {
				t.Fatalf("Send of a received envelope: %v", err)
			}
			back, err := rt.Receive()
			if err != nil {
				t.Fatalf("Receive of a re-sent envelope: %v", err)
			}
			if back.ID != env.ID || back.Type != env.Type {
				t.Fatalf("round trip changed the envelope: %+v -> %+v", env, back)
			}
			if len(env.Body) > 0 {
				var x, y any
				if json.Unmarshal(env.Body, &x) != nil || json.Unmarshal(back.Body, &y) != nil {
					t.Fatalf("round trip body %q -> %q", env.Body, back.Body)
				}
			} else if len(back.Body) != 0 {
				t.Fatalf("round trip added a body %q", back.Body)
			}
		}
	})
}
