package snapshot

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// hiddenTicker stands for a package's unexported type that values hold only
// through an interface, as a plot holds its ticker.
type hiddenTicker struct{ Every int }

type plotLike struct {
	Title  string
	Ticker any
}

// TestEncodeForRefusesATypeTheDecoderCannotName: EncodeFor refuses what Decode
// with the same resolver would fail on, naming where the value is, and takes it
// when the resolver knows the type.
func TestEncodeForRefusesATypeTheDecoderCannotName(t *testing.T) {
	v := reflect.ValueOf(plotLike{Title: "heat", Ticker: hiddenTicker{Every: 5}})

	// What Encode alone writes fails to decode without the type: the failure
	// EncodeFor moves to the encoding side.
	var plain bytes.Buffer
	if err := Encode(&plain, v); err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(bytes.NewReader(plain.Bytes()), v.Type(), NewTypeResolver()); err == nil {
		t.Fatal("Decode without the ticker's type succeeded; the test means nothing")
	}

	err := EncodeFor(&bytes.Buffer{}, v, NewTypeResolver())
	var ue *UnhashableError
	if !errors.As(err, &ue) {
		t.Fatalf("EncodeFor with a resolver that cannot name the ticker: %v, want an *UnhashableError", err)
	}
	if ue.Path != ".Ticker" || !strings.Contains(ue.Type, "hiddenTicker") || !strings.Contains(ue.Reason, "cannot name it") {
		t.Errorf("error %+v, want the path .Ticker, the type and why", ue)
	}
	if err := EncodableFor(v, NewTypeResolver()); err == nil {
		t.Error("EncodableFor agrees with EncodeFor: want an error")
	}

	types := NewTypeResolver(reflect.TypeFor[hiddenTicker]())
	var buf bytes.Buffer
	if err := EncodeFor(&buf, v, types); err != nil {
		t.Fatalf("EncodeFor with a resolver that knows the ticker: %v", err)
	}
	got, err := Decode(bytes.NewReader(buf.Bytes()), v.Type(), types)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Interface(), v.Interface()) {
		t.Errorf("decoded %+v, want %+v", got.Interface(), v.Interface())
	}

	// The root's own types need no resolver: Decode finds them from the root.
	root := reflect.ValueOf(hiddenTicker{Every: 2})
	if err := EncodeFor(&bytes.Buffer{}, root, NewTypeResolver()); err != nil {
		t.Errorf("EncodeFor of a root whose type the resolver lacks: %v", err)
	}
}
