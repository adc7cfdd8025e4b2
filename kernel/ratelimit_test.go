package kernel

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
)

func TestLimitsFromEnv(t *testing.T) {
	env := map[string]string{envDataRateLimit: "5e6", envMsgRateLimit: "0", envRateWindow: "not a number"}
	l := limitsFromEnv(func(k string) string { return env[k] })
	if l.bytesPerSec != 5e6 || l.msgsPerSec != 0 || l.window != defaultRateWindow {
		t.Errorf("limits %+v", l)
	}
	l = limitsFromEnv(func(string) string { return "" })
	if l.bytesPerSec != defaultDataRateLimit || l.msgsPerSec != defaultMsgRateLimit || l.window != defaultRateWindow {
		t.Errorf("defaults %+v", l)
	}
}

// TestRateWindowAveragesOverTheWindow: a burst within the window's budget passes,
// more trips it, and the budget comes back once the burst has aged out.
func TestRateWindowAveragesOverTheWindow(t *testing.T) {
	w := rateWindow{lim: rateLimits{bytesPerSec: 100, msgsPerSec: 10, window: time.Second}}
	t0 := time.Unix(1000, 0)
	if over := w.add(t0, 100); over != "" {
		t.Fatalf("100 bytes in a 1s window of 100 bytes/s tripped: %s", over)
	}
	if over := w.add(t0.Add(10*time.Millisecond), 1); !strings.Contains(over, "bytes/s") {
		t.Fatalf("101 bytes did not trip the data limit: %q", over)
	}
	if over := w.add(t0.Add(2*time.Second), 100); over != "" {
		t.Fatalf("after an idle window: %s", over)
	}
	w.reset()
	for i := range 10 {
		if over := w.add(t0.Add(time.Duration(i)*time.Millisecond), 0); over != "" {
			t.Fatalf("message %d tripped: %s", i+1, over)
		}
	}
	if over := w.add(t0.Add(20*time.Millisecond), 0); !strings.Contains(over, "messages/s") {
		t.Fatalf("11 messages did not trip the message limit: %q", over)
	}
}

func TestStreamLimitOneNoticePerRequest(t *testing.T) {
	l := newStreamLimit(rateLimits{bytesPerSec: 10, window: time.Second})
	now := time.Unix(1000, 0)
	var notices int
	admitted := 0
	for range 100 {
		ok, notice := l.admit(1, 5, now)
		if ok {
			admitted++
		}
		if notice != "" {
			notices++
			if !strings.Contains(notice, envDataRateLimit) || !strings.Contains(notice, "dropped") {
				t.Errorf("notice %q", notice)
			}
		}
	}
	if admitted != 2 || notices != 1 {
		t.Errorf("admitted %d, notices %d; want 2 and 1", admitted, notices)
	}
	// The other stream, still emitting request 1's output, keeps its verdict after
	// request 2 has begun; request 2 gets a fresh budget.
	if ok, _ := l.admit(2, 5, now); !ok {
		t.Error("the next request's output was dropped")
	}
	if ok, notice := l.admit(1, 5, now); ok || notice != "" {
		t.Errorf("late output of the flooding request: ok %v, notice %q", ok, notice)
	}
}

// TestStreamPumpDropsAFloodAndKeepsReading: the pump reads the whole flood (the writer
// is never blocked), emits one notice, and the next request's output flows again.
func TestStreamPumpDropsAFloodAndKeepsReading(t *testing.T) {
	var mu sync.Mutex
	var got strings.Builder
	var notices []string
	const prefix = "gokernel-sync:flood:"
	p := newStreamPump("stdout", prefix, func(name, text string) {
		mu.Lock()
		defer mu.Unlock()
		if name == "stderr" {
			notices = append(notices, text)
			return
		}
		got.WriteString(text)
	})
	p.limit = newStreamLimit(rateLimits{bytesPerSec: 1000, window: time.Second})
	flood := strings.Repeat(strings.Repeat("x", 99)+"\n", 100_000) // 10 MB
	input := flood + "\x00" + prefix + "1\x00" + "next cell\n"
	p.run(strings.NewReader(input))
	if len(notices) != 1 {
		t.Fatalf("%d notices, want 1: %q", len(notices), notices)
	}
	out := got.String()
	if len(out) > 64<<10+len("next cell\n") {
		t.Errorf("%d bytes of the flood were emitted", len(out))
	}
	if !strings.HasSuffix(out, "next cell\n") {
		t.Errorf("the next request's output was dropped: ends %q", out[max(0, len(out)-40):])
	}
	if p.seen != 1 {
		t.Errorf("marker after the flood not seen: %d", p.seen)
	}
}

// TestDisplayLimitCoalescesUpdates: past the limit, new displays are dropped and a
// display's updates are held, the latest of them sent by the flush.
func TestDisplayLimitCoalescesUpdates(t *testing.T) {
	var mu sync.Mutex
	var sent []workerproto.Display
	var notices []string
	publish := func(d workerproto.Display) {
		mu.Lock()
		sent = append(sent, d)
		mu.Unlock()
	}
	notice := func(s string) { notices = append(notices, s) }
	l := &displayLimit{win: &rateWindow{lim: rateLimits{msgsPerSec: 5, window: time.Minute}}}
	update := func(i int) workerproto.Display {
		return workerproto.Display{MIMEBundle: workerproto.MIMEBundle{Data: map[string]any{"text/plain": i}},
			DisplayID: "bar", Update: true}
	}
	l.send(workerproto.Display{DisplayID: "bar"}, publish, notice)
	for i := range 10_000 {
		l.send(update(i), publish, notice)
	}
	l.send(workerproto.Display{DisplayID: "new"}, publish, notice)
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		last := sent[len(sent)-1]
		n := len(sent)
		mu.Unlock()
		if last.Data["text/plain"] == 9999 {
			if n > 300+2 {
				t.Errorf("%d displays sent for 10,000 updates", n)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the last update was never sent; last %v", last.Data)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(notices) != 1 {
		t.Errorf("%d notices, want 1", len(notices))
	}
	mu.Lock()
	defer mu.Unlock()
	for _, d := range sent {
		if d.DisplayID == "new" {
			t.Error("a new display past the limit was sent")
		}
	}
}
