package kernel

import (
	"io"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"
)

// TestStreamPumpCutsMarkersAcrossReads feeds text with markers one byte at a time, so
// every marker and multi-byte character is split across reads.
func TestStreamPumpCutsMarkersAcrossReads(t *testing.T) {
	var mu sync.Mutex
	var got strings.Builder
	p := newStreamPump("stdout", "gokernel-sync:tok:", func(_, text string) {
		mu.Lock()
		got.WriteString(text)
		mu.Unlock()
	})
	input := "héllo\x00gokernel-sync:tok:1\x00wörld\x00gokernel-sync:tok:2\x00 \x00 not a marker"
	var order []string
	p.at(2, func() { order = append(order, "display after marker 2") })
	p.run(iotest.OneByteReader(strings.NewReader(input)))
	if want := "héllowörld \x00 not a marker"; got.String() != want {
		t.Errorf("text %q, want %q", got.String(), want)
	}
	if p.seen != 2 {
		t.Errorf("seen marker %d, want 2", p.seen)
	}
	if len(order) != 1 {
		t.Errorf("waiting action ran %d times", len(order))
	}
}

func TestStreamPumpEmitsPartialMarkerAtEOF(t *testing.T) {
	var got strings.Builder
	p := newStreamPump("stdout", "gokernel-sync:tok:", func(_, text string) { got.WriteString(text) })
	p.run(io.MultiReader(strings.NewReader("end\x00gokernel-sy")))
	if got.String() != "end\x00gokernel-sy" {
		t.Errorf("text %q", got.String())
	}
	p.waitFor(5, time.Now().Add(time.Hour)) // returns at EOF instead of waiting for a marker that never comes
}

// TestStreamPumpHoldsTextAfterADisplayMarker: the text printed after a display must
// not overtake the display, even when the display's message arrives after the text.
func TestStreamPumpHoldsTextAfterADisplayMarker(t *testing.T) {
	var mu sync.Mutex
	var events []string
	record := func(e string) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}
	p := newStreamPump("stdout", "gokernel-sync:tok:", func(_, text string) { record("text:" + text) })
	p.holdForDisplays = true
	r, w := io.Pipe()
	done := make(chan struct{})
	go func() { p.run(r); close(done) }()
	w.Write([]byte("before\x00gokernel-sync:tok:D1\x00after"))
	// The display's message comes late: the pump must still be holding "after".
	go func() {
		p.at(1, func() { record("display") })
	}()
	w.Close()
	<-done
	want := []string{"text:before", "display", "text:after"}
	if strings.Join(events, "|") != strings.Join(want, "|") {
		t.Errorf("events %v, want %v", events, want)
	}
}

// TestStreamPumpWaitForGivesUpAtTheDeadline: a cell that closed its stdout never
// writes the marker; the reply must still go out, once the deadline passes.
func TestStreamPumpWaitForGivesUpAtTheDeadline(t *testing.T) {
	p := newStreamPump("stdout", "gokernel-sync:tok:", func(_, _ string) {})
	r, w := io.Pipe()
	defer w.Close()
	go p.run(r)
	p.waitFor(1, time.Now().Add(20*time.Millisecond))
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen != 0 || p.eof {
		t.Errorf("seen %d eof %v: the wait should have ended by its deadline alone", p.seen, p.eof)
	}
}
