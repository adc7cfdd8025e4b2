package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// ProtocolVersion is the version of the Jupyter messaging protocol this kernel speaks.
const ProtocolVersion = "5.3"

// delimiter separates the ZeroMQ routing identities from the signed message parts.
var delimiter = []byte("<IDS|MSG>")

// maxMessageSize bounds the total size of one incoming multipart message. A larger
// message is refused with an error rather than parsed: a frontend never needs to send
// this much, and the bound keeps a hostile peer from making the kernel decode gigabytes.
const maxMessageSize = 512 << 20

// Header is a Jupyter message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message as it travels on a socket.
//
// ParentHeader, Metadata and Content stay raw JSON so that a reply can echo a parent
// header byte for byte and a handler decodes content into its own typed struct.
type Message struct {
	Identities   [][]byte
	Header       Header
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	Buffers      [][]byte

	// rawHeader is the header exactly as received; it becomes the parent header of
	// every message sent in reply.
	rawHeader json.RawMessage
	// signature is the signature frame of a received message, which the kernel
	// remembers to refuse the same message sent again (replay_guard.go).
	signature []byte
	// wireSize is the total size of a received message's frames: the kernel hands
	// the memory of a large one back to the system once it is done with it.
	wireSize int
}

// Errors a received message can fail with. They are sentinel values so the socket
// loops can log them tersely and keep serving.
var (
	ErrNoDelimiter    = errors.New("no <IDS|MSG> delimiter")
	ErrTruncated      = errors.New("fewer than five frames after the delimiter")
	ErrBadSignature   = errors.New("bad or missing signature")
	ErrTooLarge       = errors.New("message too large")
	ErrMalformedFrame = errors.New("malformed message frame")
)

// Signer signs and verifies messages with the key and scheme of a connection file.
// A Signer with an empty key signs nothing and accepts any signature, as the
// protocol specifies.
type Signer struct {
	key     []byte
	newHash func() hash.Hash
}

// NewSigner returns a Signer for a connection file's signature_scheme and key.
func NewSigner(scheme, key string) (*Signer, error) {
	s := &Signer{key: []byte(key)}
	if key == "" {
		return s, nil
	}
	switch scheme {
	case "hmac-sha256", "":
		s.newHash = sha256.New
	case "hmac-sha512":
		s.newHash = sha512.New
	case "hmac-sha384":
		s.newHash = sha512.New384
	case "hmac-sha1":
		s.newHash = sha1.New
	case "hmac-md5":
		s.newHash = md5.New
	default:
		return nil, fmt.Errorf("unsupported signature scheme %q", scheme)
	}
	return s, nil
}

// Sign returns the hex signature of the four signed parts.
func (s *Signer) Sign(parts ...[]byte) []byte {
	if len(s.key) == 0 {
		return nil
	}
	mac := hmac.New(s.newHash, s.key)
	for _, p := range parts {
		mac.Write(p)
	}
	sum := mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// verify reports whether sig is the signature of parts, comparing in constant time.
func (s *Signer) verify(sig []byte, parts ...[]byte) bool {
	if len(s.key) == 0 {
		return true
	}
	return hmac.Equal(sig, s.Sign(parts...))
}

// Decode parses and verifies the frames of a multipart message.
func (s *Signer) Decode(frames [][]byte) (*Message, error) {
	total := 0
	for _, f := range frames {
		total += len(f)
	}
	if total > maxMessageSize {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, total)
	}
	split := -1
	for i, f := range frames {
		if bytes.Equal(f, delimiter) {
			split = i
			break
		}
	}
	if split < 0 {
		return nil, ErrNoDelimiter
	}
	rest := frames[split+1:]
	if len(rest) < 5 {
		return nil, ErrTruncated
	}
	sig, header, parent, metadata, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	if !s.verify(sig, header, parent, metadata, content) {
		return nil, ErrBadSignature
	}
	// JSON is UTF-8 (RFC 8259), and jupyter_client refuses a message whose parts
	// are not. Go's decoder would take invalid bytes as U+FFFD instead, and the header
	// would go back out byte for byte as the parent_header of every reply and iopub
	// message, to every frontend, whose own decoders fail on it.
	for _, part := range []struct {
		name string
		raw  []byte
	}{{"header", header}, {"parent_header", parent}, {"metadata", metadata}, {"content", content}} {
		if !utf8.Valid(part.raw) {
			return nil, fmt.Errorf("%w: %s is not valid UTF-8", ErrMalformedFrame, part.name)
		}
	}
	m := &Message{
		Identities: frames[:split],
		rawHeader:  json.RawMessage(header),
		Buffers:    rest[5:],
		signature:  sig,
		wireSize:   total,
	}
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformedFrame, err)
	}
	if m.Header.MsgType == "" || m.Header.MsgID == "" {
		return nil, fmt.Errorf("%w: header lacks msg_type or msg_id", ErrMalformedFrame)
	}
	for _, part := range []struct {
		name string
		raw  []byte
		dst  *json.RawMessage
	}{{"parent_header", parent, &m.ParentHeader}, {"metadata", metadata, &m.Metadata}, {"content", content, &m.Content}} {
		if !isJSONObject(part.raw) {
			return nil, fmt.Errorf("%w: %s is not a JSON object", ErrMalformedFrame, part.name)
		}
		*part.dst = json.RawMessage(part.raw)
	}
	return m, nil
}

// isJSONObject reports whether b is a syntactically valid JSON object.
func isJSONObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '{' && json.Valid(b)
}

// Encode serialises m into signed frames ready to send.
func (s *Signer) Encode(m *Message) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, fmt.Errorf("encode header: %w", err)
	}
	parts := [][]byte{header, orEmptyObject(m.ParentHeader), orEmptyObject(m.Metadata), orEmptyObject(m.Content)}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, delimiter, s.Sign(parts...))
	frames = append(frames, parts...)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

func orEmptyObject(b json.RawMessage) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// newID returns a random UUID (version 4) in its canonical text form.
func newID() string { return uuid.NewString() }

// timestamp formats t the way Jupyter clients parse message dates (ISO 8601, UTC).
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// decodeContent unpacks a message's content into v.
func decodeContent(m *Message, v any) error {
	return json.Unmarshal(m.Content, v)
}
