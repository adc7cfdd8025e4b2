package workerproto

import (
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	c := NewConn(&buf, &buf)
	if err := c.Send(7, TypeExecute, ExecuteRequest{Code: "1 + 1", AllowStdin: true}); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(8, TypeInterrupt, nil); err != nil {
		t.Fatal(err)
	}
	env, err := c.Receive()
	if err != nil {
		t.Fatal(err)
	}
	var req ExecuteRequest
	if env.ID != 7 || env.Type != TypeExecute || env.Decode(&req) != nil || req.Code != "1 + 1" || !req.AllowStdin {
		t.Errorf("got %+v %+v", env, req)
	}
	env, err = c.Receive()
	if err != nil || env.Type != TypeInterrupt || env.Decode(&req) == nil {
		t.Errorf("interrupt: %+v %v (decoding an empty body must fail)", env, err)
	}
	if _, err := c.Receive(); err != io.EOF {
		t.Errorf("end of stream: %v, want io.EOF", err)
	}
}

func TestBadFrames(t *testing.T) {
	huge := make([]byte, 4)
	binary.BigEndian.PutUint32(huge, maxFrame+1)
	short := make([]byte, 4)
	binary.BigEndian.PutUint32(short, 10)
	garbage := append(make([]byte, 4), "not json"...)
	binary.BigEndian.PutUint32(garbage, 8)
	for name, frame := range map[string][]byte{"oversized": huge, "truncated": append(short, "abc"...), "garbage": garbage} {
		c := NewConn(bytes.NewReader(frame), io.Discard)
		if _, err := c.Receive(); err == nil || err == io.EOF {
			t.Errorf("%s frame: err %v, want a descriptive error", name, err)
		}
	}
}

func TestSyncMarkerHasPrefix(t *testing.T) {
	m := string(SyncMarker("tok", 42))
	if !strings.HasPrefix(m, "\x00"+SyncPrefix("tok")) || !strings.HasSuffix(m, "42\x00") {
		t.Errorf("marker %q", m)
	}
}
