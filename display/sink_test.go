package display

import (
	"encoding/base64"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
)

// event is one call a recordingSink received.
type event struct {
	b      Bundle
	id     string
	update bool
	clear  bool
	wait   bool
}

// recordingSink keeps every call so tests can check what left the package.
type recordingSink struct {
	mu     sync.Mutex
	events []event
}

func (s *recordingSink) Display(b Bundle, id string, update bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, event{b: b, id: id, update: update})
}

func (s *recordingSink) Clear(wait bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, event{clear: true, wait: wait})
}

func (s *recordingSink) all() []event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]event(nil), s.events...)
}

// record installs a recordingSink for the duration of the test. Tests using
// it must not run in parallel: the sink is process-wide, as in the worker.
func record(t *testing.T) *recordingSink {
	t.Helper()
	s := &recordingSink{}
	SetSink(s)
	t.Cleanup(func() { SetSink(nil) })
	return s
}

// decodeBase64 returns the bytes of a binary MIME entry.
func decodeBase64(t *testing.T, b Bundle, mime string) []byte {
	t.Helper()
	s, ok := b.Data[mime].(string)
	if !ok {
		t.Fatalf("bundle has no string %s entry: %v", mime, keys(b))
	}
	data, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("%s is not base64: %v", mime, err)
	}
	return data
}

func keys(b Bundle) []string {
	var ks []string
	for k := range b.Data {
		ks = append(ks, k)
	}
	return ks
}

func TestPublishGoesToSink(t *testing.T) {
	s := record(t)
	HTML("<b>hi</b>")
	Clear(true)
	ev := s.all()
	if len(ev) != 2 {
		t.Fatalf("got %d events, want 2", len(ev))
	}
	if ev[0].id != "" || ev[0].update {
		t.Errorf("plain publish has id %q update %v", ev[0].id, ev[0].update)
	}
	if got := ev[0].b.Data[MIMEHTML]; got != "<b>hi</b>" {
		t.Errorf("html = %v", got)
	}
	if !ev[1].clear || !ev[1].wait {
		t.Errorf("second event = %+v, want clear with wait", ev[1])
	}
}

func TestPublishAddsTextAndCopies(t *testing.T) {
	s := record(t)
	data := map[string]any{"text/html": "<p>a &amp; b</p>", "application/x-custom": "z"}
	Publish(Bundle{Data: data})
	data["text/html"] = "changed"
	b := s.all()[0].b
	if got := b.Data[MIMEText]; got != "a & b" {
		t.Errorf("derived text = %q", got)
	}
	if got := b.Data[MIMEHTML]; got != "<p>a &amp; b</p>" {
		t.Errorf("published bundle shares the caller's map: %q", got)
	}
	if _, ok := data[MIMEText]; ok {
		t.Error("Publish wrote into the caller's map")
	}

	Publish(Bundle{Data: map[string]any{"application/x-custom": 1}})
	if got := s.all()[1].b.Data[MIMEText]; got != "<application/x-custom>" {
		t.Errorf("text for unknown types = %q", got)
	}
}

func TestDefaultSinkWritesText(t *testing.T) {
	SetSink(nil)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	Markdown("# title")
	Clear(false)
	os.Stdout = old
	w.Close()
	out, _ := io.ReadAll(r)
	if strings.TrimSpace(string(out)) != "# title" {
		t.Errorf("stdout = %q", out)
	}
}
