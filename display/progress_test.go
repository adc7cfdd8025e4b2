package display

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is the injectable clock: tests move time by hand, so the
// throttle is tested without sleeping or timing assertions.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func TestProgressThrottle(t *testing.T) {
	s := record(t)
	clk := newFakeClock()
	p := newProgress(100, "scoring", clk.now)

	steps := []struct {
		advance time.Duration
		add     int
		publish bool
	}{
		{0, 1, false},                     // same instant as the first display
		{50 * time.Millisecond, 1, false}, // 50ms: too soon
		{50 * time.Millisecond, 1, true},  // 100ms: interval passed
		{10 * time.Millisecond, 1, false}, // 110ms
		{10 * time.Millisecond, 1, false}, // 120ms
		{time.Second, 1, true},            // 1.12s
		{0, 1, false},
	}
	want := 1 // the first display
	for i, st := range steps {
		clk.advance(st.advance)
		p.Add(st.add)
		if st.publish {
			want++
		}
		if got := len(s.all()); got != want {
			t.Fatalf("step %d: %d events, want %d", i, got, want)
		}
	}
	p.Done() // always shown, though only 0s have passed
	p.Done()
	p.Add(5) // after Done: ignored
	clk.advance(time.Hour)
	p.Set(3)

	ev := s.all()
	if len(ev) != want+1 {
		t.Fatalf("%d events after Done, want %d", len(ev), want+1)
	}
	if ev[0].update || ev[0].id != p.ID() {
		t.Errorf("first event: update %v id %q", ev[0].update, ev[0].id)
	}
	for i, e := range ev[1:] {
		if !e.update || e.id != p.ID() {
			t.Errorf("event %d: update %v id %q, want an update of %q", i+1, e.update, e.id, p.ID())
		}
	}
	last := ev[len(ev)-1].b
	if txt := last.PlainText(); !strings.Contains(txt, "7/100 (7%)") || !strings.Contains(txt, "done in") {
		t.Errorf("final text = %q", txt)
	}
	wellFormedXML(t, last.Data[MIMEHTML].(string))
}

func TestProgressText(t *testing.T) {
	s := record(t)
	clk := newFakeClock()
	p := newProgress(100, "<train>", clk.now)
	clk.advance(time.Second)
	p.Set(10)

	b := s.all()[1].b
	txt := b.PlainText()
	for _, want := range []string{"<train> [###...", "10/100 (10%)", "10.0/s", "ETA 9s"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text %q lacks %q", txt, want)
		}
	}
	h := b.Data[MIMEHTML].(string)
	wellFormedXML(t, h)
	for _, want := range []string{`<progress value="10" max="100"`, "&lt;train&gt;", "ETA 9s"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML %q lacks %q", h, want)
		}
	}
}

func TestProgressUnknownTotal(t *testing.T) {
	s := record(t)
	clk := newFakeClock()
	p := newProgress(0, "", clk.now)
	clk.advance(2 * time.Second)
	p.Add(500)
	p.Done()
	ev := s.all()
	running := ev[1].b
	if h := running.Data[MIMEHTML].(string); !strings.Contains(h, "<progress style") {
		t.Errorf("unknown total should be indeterminate: %s", h)
	}
	if txt := running.PlainText(); strings.Contains(txt, "ETA") || !strings.Contains(txt, "500 · 250/s") {
		t.Errorf("running text = %q", txt)
	}
	final := ev[2].b
	if h := final.Data[MIMEHTML].(string); !strings.Contains(h, `value="1" max="1"`) {
		t.Errorf("finished bar not full: %s", h)
	}
}

func TestProgressConcurrentAdd(t *testing.T) {
	s := record(t)
	clk := newFakeClock()
	p := newProgress(8000, "parallel", clk.now)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				clk.advance(time.Millisecond)
				p.Add(1)
			}
		})
	}
	wg.Wait()
	p.Done()
	ev := s.all()
	// 8s of fake time at 10 updates a second at most, plus first and final.
	if len(ev) > 82 {
		t.Errorf("%d events for 8s, want at most 82", len(ev))
	}
	if txt := ev[len(ev)-1].b.PlainText(); !strings.Contains(txt, "8000/8000 (100%)") {
		t.Errorf("final text = %q", txt)
	}
}
