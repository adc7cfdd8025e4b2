package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"
)

// fuzzKey is the connection key FuzzDecodeMessage verifies with; fuzzOtherKey signs
// messages that must be refused.
const (
	fuzzKey      = "fuzz-key-0123456789"
	fuzzOtherKey = "some-other-key"
)

// fuzzFrameSep separates frames in a fuzz input. 0xff never occurs in UTF-8, so it
// cannot split a JSON frame that is valid text.
const fuzzFrameSep = 0xff

// fuzzMaxPad bounds the padding FuzzDecodeMessage adds to the content frame.
const fuzzMaxPad = 1 << 20

func joinFrames(frames [][]byte) []byte { return bytes.Join(frames, []byte{fuzzFrameSep}) }

// oracleSign is HMAC-SHA256 of the four signed parts, computed without the Signer so
// that the fuzz target checks Decode against an independent implementation.
func oracleSign(key string, parts ...[]byte) []byte {
	mac := hmac.New(sha256.New, []byte(key))
	for _, p := range parts {
		mac.Write(p)
	}
	return []byte(hex.EncodeToString(mac.Sum(nil)))
}

// FuzzDecodeMessage feeds Signer.Decode arbitrary multipart messages. data is split
// into frames at 0xff bytes; pad bytes of padding are appended to the frame after the
// content (or to the last frame) to reach large sizes cheaply; resign replaces the
// signature of a message that has one with the valid signature under fuzzKey, so the
// fuzzer explores header and content parsing past the HMAC check; flip picks a byte to
// flip for the tamper check.
//
// Properties:
//   - Decode never panics;
//   - a message that decodes carries the HMAC-SHA256 of its four signed parts under
//     fuzzKey (checked with crypto/hmac directly), its identities are the frames
//     before the first delimiter, its buffers the frames after the content, its
//     header has msg_id and msg_type, and parent_header, metadata and content are
//     JSON objects kept byte for byte;
//   - the same frames never decode with a Signer for another key, nor once any byte
//     of the signature or of a signed part is flipped;
//   - a message that decodes re-encodes into frames that decode to the same message.
func FuzzDecodeMessage(f *testing.F) {
	s, err := NewSigner("hmac-sha256", fuzzKey)
	if err != nil {
		f.Fatal(err)
	}
	other, err := NewSigner("hmac-sha256", fuzzOtherKey)
	if err != nil {
		f.Fatal(err)
	}
	encode := func(signer *Signer, m *Message) []byte {
		frames, err := signer.Encode(m)
		if err != nil {
			f.Fatal(err)
		}
		return joinFrames(frames)
	}
	good := testMessage()
	add := func(data []byte, pad uint32, resign bool, flip uint32) { f.Add(data, pad, resign, flip) }

	// Valid messages signed with the test key: the fuzzer starts past the HMAC.
	add(encode(s, good), 0, false, 0)
	add(encode(s, good), 0, false, 77)
	noIDs := testMessage()
	noIDs.Identities, noIDs.Buffers = nil, nil
	add(encode(s, noIDs), 0, false, 0)
	manyIDs := testMessage()
	manyIDs.Identities = [][]byte{[]byte("a"), {}, []byte("ccc\x00\xfe")}
	manyIDs.Buffers = [][]byte{{}, []byte("buf"), bytes.Repeat([]byte{7}, 300)}
	add(encode(s, manyIDs), 0, false, 3)
	rich := testMessage()
	rich.ParentHeader = json.RawMessage(`{"msg_id":"p","msg_type":"execute_request","date":"x"}`)
	rich.Metadata = json.RawMessage(`{"cellId":"c1","deletedCells":[],"recordTiming":false}`)
	rich.Content = json.RawMessage(`{"code":"fmt.Println(\"héllo\")\n%time x := 1","silent":false,"user_expressions":{"a":"1+1"}}`)
	add(encode(s, rich), 0, false, 100)
	// A valid message made huge by padding after the content (buffers).
	add(encode(s, good), fuzzMaxPad, false, 0)

	// Signed with another key, or with no key at all.
	add(encode(other, good), 0, false, 0)
	unsigned, _ := NewSigner("", "")
	add(encode(unsigned, good), 0, false, 0)

	// Hand-built frames, re-signed so that the parser behind the HMAC sees them.
	frames := func(fs ...string) []byte {
		b := make([][]byte, len(fs))
		for i, x := range fs {
			b[i] = []byte(x)
		}
		return joinFrames(b)
	}
	hdr := `{"msg_id":"m","session":"s","username":"u","date":"d","msg_type":"execute_request","version":"5.3"}`
	add(frames("id", "<IDS|MSG>", "sig", hdr, "{}", "{}", "{}"), 0, true, 0)
	add(frames("<IDS|MSG>", "", "not json", "{}", "{}", "{}"), 0, true, 0)
	add(frames("<IDS|MSG>", "", `{"msg_id":1,"msg_type":["x"]}`, "{}", "{}", "{}"), 0, true, 0)
	add(frames("<IDS|MSG>", "", `{"msg_id":"m","msg_type":""}`, "{}", "{}", "{}"), 0, true, 0)
	add(frames("<IDS|MSG>", "", hdr, "[]", "null", `"content"`), 0, true, 0)
	add(frames("<IDS|MSG>", "", hdr, "{", "{}}", " {} "), 0, true, 0)
	add(frames("<IDS|MSG>", "", `{"msg_id":"m\xc0\xaf","msg_type":"\xed\xa0\x80"}`, "{}", "{}", `{"code":"\xfe"}`), 0, true, 0)
	add(frames("<IDS|MSG>", "", hdr, "{}", "{}", "{}", "buf1", "", "buf3"), 0, true, 0)
	add(frames("<IDS|MSG>", "", hdr, "{}", "{}", `{"code":"`), fuzzMaxPad, true, 0)
	add(frames("<IDS|MSG>", "", hdr, "{}", "{}"), 0, true, 0)
	add(frames("<IDS|MSG>", "<IDS|MSG>", "<IDS|MSG>", "{}", "{}", "{}"), 0, true, 0)
	add(frames("a", "b", "c", hdr, "{}", "{}", "{}"), 0, true, 0)
	add(frames("<IDS|MSG"), 0, false, 0)
	add(frames(""), 0, false, 0)
	add(nil, 0, false, 0)
	add(frames("<IDS|MSG>", "", "", "", "", ""), 0, false, 0)

	f.Fuzz(func(t *testing.T, data []byte, pad uint32, resign bool, flip uint32) {
		fr := bytes.Split(data, []byte{fuzzFrameSep})
		split := -1
		for i, x := range fr {
			if bytes.Equal(x, delimiter) {
				split = i
				break
			}
		}
		if n := int(pad % (fuzzMaxPad + 1)); n > 0 {
			// Pad the first buffer frame, or the last frame when there is none, so
			// that a signed message can grow without its signature going stale.
			at := len(fr) - 1
			if split >= 0 && len(fr) > split+6 {
				at = split + 6
			}
			fr[at] = append(fr[at][:len(fr[at]):len(fr[at])], bytes.Repeat([]byte{'x'}, n)...)
		}
		if resign && split >= 0 && len(fr) >= split+6 {
			r := fr[split+1:]
			r[0] = s.Sign(r[1], r[2], r[3], r[4])
		}

		m, err := s.Decode(fr)
		if err != nil {
			if m != nil {
				t.Fatalf("Decode returned a message with error %v", err)
			}
			return
		}
		if split < 0 || len(fr) < split+6 {
			t.Fatalf("decoded a message with no delimiter or fewer than five frames after it")
		}
		rest := fr[split+1:]
		sig, signed := rest[0], rest[1:5]
		if want := oracleSign(fuzzKey, signed...); !hmac.Equal(sig, want) {
			t.Fatalf("decoded a message whose signature %q is not the HMAC-SHA256 %q", sig, want)
		}
		if len(m.Identities) != split {
			t.Fatalf("%d identities, want %d", len(m.Identities), split)
		}
		for i := range m.Identities {
			if !bytes.Equal(m.Identities[i], fr[i]) {
				t.Fatalf("identity %d is %q, want %q", i, m.Identities[i], fr[i])
			}
		}
		if len(m.Buffers) != len(rest)-5 {
			t.Fatalf("%d buffers, want %d", len(m.Buffers), len(rest)-5)
		}
		for i := range m.Buffers {
			if !bytes.Equal(m.Buffers[i], rest[5+i]) {
				t.Fatalf("buffer %d differs", i)
			}
		}
		if m.Header.MsgID == "" || m.Header.MsgType == "" {
			t.Fatalf("decoded header lacks msg_id or msg_type: %+v", m.Header)
		}
		if !bytes.Equal(m.rawHeader, rest[1]) {
			t.Fatalf("raw header %q, want %q", m.rawHeader, rest[1])
		}
		for i, part := range []json.RawMessage{m.ParentHeader, m.Metadata, m.Content} {
			if !bytes.Equal(part, rest[2+i]) {
				t.Fatalf("signed part %d not kept byte for byte", 2+i)
			}
			var obj map[string]any
			if err := json.Unmarshal(part, &obj); err != nil || obj == nil {
				t.Fatalf("signed part %d %q is not a JSON object: %v", 2+i, part, err)
			}
		}

		// The same frames under another key are refused.
		if _, err := other.Decode(fr); !errors.Is(err, ErrBadSignature) {
			t.Fatalf("message signed with the test key decoded with another key: err %v", err)
		}

		// Flipping any byte of the signature or a signed part breaks the signature.
		total := 0
		for _, p := range rest[:5] {
			total += len(p)
		}
		if total > 0 {
			k := int(flip % uint32(total))
			tampered := make([][]byte, len(fr))
			copy(tampered, fr)
			for i := split + 1; i <= split+5; i++ {
				if k < len(fr[i]) {
					b := bytes.Clone(fr[i])
					b[k] ^= 1 << (flip % 8)
					tampered[i] = b
					break
				}
				k -= len(fr[i])
			}
			if _, err := s.Decode(tampered); !errors.Is(err, ErrBadSignature) {
				t.Fatalf("message with a flipped byte decoded: err %v", err)
			}
		}

		// What decodes re-encodes into frames that decode to the same message. The
		// header is re-marshalled, so compare its fields rather than its bytes.
		again, err := s.Encode(m)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		m2, err := s.Decode(again)
		if err != nil {
			t.Fatalf("decode of re-encoded message: %v", err)
		}
		if m2.Header != m.Header || !bytes.Equal(m2.Content, m.Content) || !bytes.Equal(m2.Metadata, m.Metadata) ||
			!bytes.Equal(m2.ParentHeader, m.ParentHeader) || len(m2.Buffers) != len(m.Buffers) || len(m2.Identities) != len(m.Identities) {
			t.Fatalf("re-encoded message differs: %+v vs %+v", m2, m)
		}
	})
}
