package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func testMessage() *Message {
	return &Message{
		Identities:   [][]byte{[]byte("client-1")},
		Header:       Header{MsgID: "m1", Session: "s1", Username: "u", Date: "2026-01-01T00:00:00Z", MsgType: "kernel_info_request", Version: "5.3"},
		ParentHeader: json.RawMessage(`{}`),
		Metadata:     json.RawMessage(`{}`),
		Content:      json.RawMessage(`{"a":1}`),
		Buffers:      [][]byte{{0, 1, 2}},
	}
}

func TestSignerRoundTrip(t *testing.T) {
	for _, scheme := range []string{"hmac-sha256", "hmac-sha512", "hmac-sha1", "hmac-md5", "hmac-sha384"} {
		s, err := NewSigner(scheme, "secret")
		if err != nil {
			t.Fatal(err)
		}
		frames, err := s.Encode(testMessage())
		if err != nil {
			t.Fatal(err)
		}
		m, err := s.Decode(frames)
		if err != nil {
			t.Fatalf("%s: %v", scheme, err)
		}
		if m.Header.MsgType != "kernel_info_request" || string(m.Identities[0]) != "client-1" {
			t.Errorf("%s: decoded %+v", scheme, m.Header)
		}
		if len(m.Buffers) != 1 || !bytes.Equal(m.Buffers[0], []byte{0, 1, 2}) {
			t.Errorf("%s: buffers not kept: %v", scheme, m.Buffers)
		}
		if string(m.rawHeader) != string(frames[3]) {
			t.Errorf("%s: raw header not kept for the parent header", scheme)
		}
	}
}

// The expected value comes from OpenSSL:
// printf '%s%s%s%s' H P M C | openssl dgst -sha256 -hmac key
func TestSignatureMatchesHMACSHA256(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", "key")
	got := string(s.Sign([]byte("H"), []byte("P"), []byte("M"), []byte("C")))
	const want = "043b3c489702f452e6b39be35c689bfafde094288441357b02031244df7649dd"
	if got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
}

func TestEmptyKeyDisablesSigning(t *testing.T) {
	s, err := NewSigner("hmac-sha256", "")
	if err != nil {
		t.Fatal(err)
	}
	frames, _ := s.Encode(testMessage())
	if len(frames[2]) != 0 {
		t.Errorf("signature %q with empty key, want empty", frames[2])
	}
	frames[2] = []byte("anything")
	if _, err := s.Decode(frames); err != nil {
		t.Errorf("empty key must accept any signature: %v", err)
	}
}

func TestDecodeRejects(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", "secret")
	good, _ := s.Encode(testMessage())
	clone := func() [][]byte {
		out := make([][]byte, len(good))
		for i, f := range good {
			out[i] = append([]byte(nil), f...)
		}
		return out
	}
	resign := func(frames [][]byte) [][]byte {
		frames[2] = s.Sign(frames[3], frames[4], frames[5], frames[6])
		return frames
	}
	cases := []struct {
		name   string
		frames func() [][]byte
		want   error
	}{
		{"bad signature", func() [][]byte { f := clone(); f[2] = []byte(strings.Repeat("0", 64)); return f }, ErrBadSignature},
		{"missing signature", func() [][]byte { f := clone(); f[2] = nil; return f }, ErrBadSignature},
		{"tampered content", func() [][]byte { f := clone(); f[6] = []byte(`{"a":2}`); return f }, ErrBadSignature},
		{"no delimiter", func() [][]byte { f := clone(); return append(f[:1], f[2:]...) }, ErrNoDelimiter},
		{"truncated multipart", func() [][]byte { return clone()[:5] }, ErrTruncated},
		{"garbage header", func() [][]byte { f := clone(); f[3] = []byte("{not json"); return resign(f) }, ErrMalformedFrame},
		{"header without type", func() [][]byte { f := clone(); f[3] = []byte(`{"msg_id":"x"}`); return resign(f) }, ErrMalformedFrame},
		{"content not an object", func() [][]byte { f := clone(); f[6] = []byte(`[1,2]`); return resign(f) }, ErrMalformedFrame},
		{"garbage content", func() [][]byte { f := clone(); f[6] = []byte("\xff\xfe"); return resign(f) }, ErrMalformedFrame},
		{"huge message", func() [][]byte { f := clone(); f[6] = make([]byte, maxMessageSize+1); return f }, ErrTooLarge},
		// Valid JSON syntax around bytes that are not UTF-8: refused, as
		// jupyter_client refuses them, rather than read as U+FFFD.
		{"invalid UTF-8 in the header", func() [][]byte {
			f := clone()
			f[3] = bytes.Replace(f[3], []byte(`"m1"`), []byte("\"m1\xff\""), 1)
			return resign(f)
		}, ErrMalformedFrame},
		{"invalid UTF-8 in the parent header", func() [][]byte { f := clone(); f[4] = []byte("{\"msg_id\":\"\xc0\xaf\"}"); return resign(f) }, ErrMalformedFrame},
		{"invalid UTF-8 in metadata", func() [][]byte { f := clone(); f[5] = []byte("{\"\xed\xa0\x80\":1}"); return resign(f) }, ErrMalformedFrame},
		{"invalid UTF-8 in a content string", func() [][]byte { f := clone(); f[6] = []byte("{\"code\":\"x\xff\"}"); return resign(f) }, ErrMalformedFrame},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Decode(c.frames())
			if !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
		})
	}
}

func TestUnsupportedScheme(t *testing.T) {
	if _, err := NewSigner("rot13", "k"); err == nil {
		t.Error("unknown signature scheme accepted")
	}
}

func TestNewIDIsUUIDv4(t *testing.T) {
	id := newID()
	if len(id) != 36 || id[14] != '4' || strings.Count(id, "-") != 4 {
		t.Errorf("newID() = %q, not a version 4 UUID", id)
	}
	if newID() == id {
		t.Error("newID repeats")
	}
}

// FuzzDecode checks that no input makes the decoder panic, and that whatever it
// accepts re-encodes into frames it accepts again.
func FuzzDecode(f *testing.F) {
	s, _ := NewSigner("hmac-sha256", "")
	good, _ := s.Encode(testMessage())
	f.Add(bytes.Join(good, []byte{0xff}))
	f.Add([]byte("<IDS|MSG>"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		frames := bytes.Split(data, []byte{0xff})
		m, err := s.Decode(frames)
		if err != nil {
			return
		}
		again, err := s.Encode(m)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if _, err := s.Decode(again); err != nil {
			t.Fatalf("decode of re-encoded message: %v", err)
		}
	})
}
