package kernel

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
)

// Rate limits on a cell's output, in the manner of jupyter_server's
// iopub_data_rate_limit, iopub_msg_rate_limit and rate_limit_window (the notebook
// server, not ipykernel, enforces those: it averages over the window and, once over,
// drops output with a notice on stderr). A cell printing in a tight loop would
// otherwise push gigabytes through iopub: the front end freezes rendering it and the
// worker stalls on a full pipe while the kernel's iopub socket backs up. Unlike the
// server, which resumes once the rate falls, gokernel drops the rest of the cell's
// text, so that the notice is the last word and not lost among resumed output.
const (
	envDataRateLimit = "GOKERNEL_IOPUB_RATE_LIMIT"     // bytes/s of stream text; 0 turns it off
	envMsgRateLimit  = "GOKERNEL_IOPUB_MSG_RATE_LIMIT" // messages/s, streams and displays; 0 turns it off
	envRateWindow    = "GOKERNEL_IOPUB_RATE_WINDOW"    // seconds the rates are averaged over

	defaultDataRateLimit = 1e6 // jupyter_server's defaults
	defaultMsgRateLimit  = 1000
	defaultRateWindow    = 3 * time.Second

	// displayFlushInterval is how often, once a cell's displays are over the limit,
	// the latest update of each display is still sent: a progress bar updated in a
	// tight loop keeps moving and ends showing its final state.
	displayFlushInterval = 200 * time.Millisecond
)

// rateLimits are the limits in force; zero rates are not limited.
type rateLimits struct {
	bytesPerSec float64
	msgsPerSec  float64
	window      time.Duration
}

// iopubLimits are read from the environment once, when first needed.
var iopubLimits = sync.OnceValue(func() rateLimits { return limitsFromEnv(os.Getenv) })

// limitsFromEnv reads the limits, keeping a default for a variable that is unset or
// not a number: a typo must not turn the limit off.
func limitsFromEnv(getenv func(string) string) rateLimits {
	num := func(name string, def float64) float64 {
		if f, err := strconv.ParseFloat(getenv(name), 64); err == nil && f >= 0 {
			return f
		}
		return def
	}
	l := rateLimits{
		bytesPerSec: num(envDataRateLimit, defaultDataRateLimit),
		msgsPerSec:  num(envMsgRateLimit, defaultMsgRateLimit),
		window:      time.Duration(num(envRateWindow, defaultRateWindow.Seconds()) * float64(time.Second)),
	}
	if l.window <= 0 {
		l.window = defaultRateWindow
	}
	return l
}

// windowSlots is how finely the window slides: counts are kept per tenth of a window,
// so memory stays constant however many messages arrive.
const windowSlots = 10

// rateWindow counts bytes and messages over the last window.
type rateWindow struct {
	lim   rateLimits
	start time.Time // when the current slot began
	cur   int
	bytes [windowSlots]float64
	msgs  [windowSlots]float64
}

// add counts one message of n bytes at now and reports which limit the window's
// average now exceeds: "" for none, else a description for the notice.
func (w *rateWindow) add(now time.Time, n int) string {
	slot := w.lim.window / windowSlots
	if w.start.IsZero() {
		w.start = now
	}
	for i := 0; now.Sub(w.start) >= slot; i++ {
		if i == windowSlots { // idle for a whole window: everything has aged out
			w.start = now
			break
		}
		w.cur = (w.cur + 1) % windowSlots
		w.bytes[w.cur], w.msgs[w.cur] = 0, 0
		w.start = w.start.Add(slot)
	}
	w.bytes[w.cur] += float64(n)
	w.msgs[w.cur]++
	var bytes, msgs float64
	for i := range windowSlots {
		bytes += w.bytes[i]
		msgs += w.msgs[i]
	}
	secs := w.lim.window.Seconds()
	switch {
	case w.lim.bytesPerSec > 0 && bytes > w.lim.bytesPerSec*secs:
		return fmt.Sprintf("more than %.0f bytes/s over %gs; %s sets the limit", w.lim.bytesPerSec, secs, envDataRateLimit)
	case w.lim.msgsPerSec > 0 && msgs > w.lim.msgsPerSec*secs:
		return fmt.Sprintf("more than %.0f messages/s over %gs; %s sets the limit", w.lim.msgsPerSec, secs, envMsgRateLimit)
	}
	return ""
}

func (w *rateWindow) reset() { *w = rateWindow{lim: w.lim} }

// rateNotice is the one line a cell gets when its output is cut off.
func rateNotice(what, over string) string {
	return fmt.Sprintf("\ngokernel: output rate exceeded (%s); %s\n"+
		"Raise it by setting %s (bytes/s, default %.0f) or %s (messages/s, default %d) in the kernel's environment; 0 turns a limit off.\n",
		over, what, envDataRateLimit, float64(defaultDataRateLimit), envMsgRateLimit, defaultMsgRateLimit)
}

// streamLimit is the budget a worker's stdout and stderr share: the cell's text is
// limited as a whole and it gets one notice, whichever stream floods. The pumps find
// it by the worker's sync prefix, which they share and no other worker has.
type streamLimit struct {
	mu    sync.Mutex
	win   rateWindow
	users int // pumps using it, for the registry
	// epoch is the latest request (sync marker) a pump has passed: a new one starts a
	// new budget. A pump behind it is still emitting the previous request's output,
	// which keeps that request's verdict.
	epoch       uint64
	dropped     bool
	prevDropped bool
}

var (
	streamLimitsMu sync.Mutex
	streamLimits   = map[string]*streamLimit{}
)

// acquireStreamLimit returns the limit shared by the pumps of prefix.
func acquireStreamLimit(prefix string) *streamLimit {
	streamLimitsMu.Lock()
	defer streamLimitsMu.Unlock()
	l := streamLimits[prefix]
	if l == nil {
		l = newStreamLimit(iopubLimits())
		streamLimits[prefix] = l
	}
	l.users++
	return l
}

// releaseStreamLimit forgets the limit once both of a worker's pumps have ended.
func releaseStreamLimit(prefix string) {
	streamLimitsMu.Lock()
	defer streamLimitsMu.Unlock()
	if l := streamLimits[prefix]; l != nil {
		if l.users--; l.users <= 0 {
			delete(streamLimits, prefix)
		}
	}
}

func newStreamLimit(lim rateLimits) *streamLimit { return &streamLimit{win: rateWindow{lim: lim}} }

// admit reports whether n bytes of text a pump at epoch is about to emit may go out,
// and, the first time a request's text is refused, the notice to send instead.
func (l *streamLimit) admit(epoch uint64, n int, now time.Time) (ok bool, notice string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if epoch > l.epoch {
		l.prevDropped, l.dropped = l.dropped, false
		l.win.reset()
		l.epoch = epoch
	}
	if epoch < l.epoch {
		return !l.prevDropped, ""
	}
	if l.dropped {
		return false, ""
	}
	if over := l.win.add(now, n); over != "" {
		l.dropped = true
		return false, rateNotice("the rest of this cell's output was dropped.", over)
	}
	return true, ""
}

// displayLimit limits a cell's display messages. Its zero value is ready for use.
// Once over the limit, new displays are dropped and updates of an existing display are
// coalesced: only the latest of each is sent, every displayFlushInterval.
type displayLimit struct {
	mu      sync.Mutex
	win     *rateWindow
	over    bool
	pending map[string]workerproto.Display // latest held update, by display id
	order   []string                       // ids in pending, in first-held order
	timer   *time.Timer
}

// send publishes d through publish unless the cell's displays are over the limit.
// Called by cellOutput.Display.
func (l *displayLimit) send(d workerproto.Display, publish func(workerproto.Display), notice func(string)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.win == nil {
		l.win = &rateWindow{lim: iopubLimits()}
	}
	if !l.over {
		// Displays count as messages only: one large image is a deliberate act, a
		// hundred thousand updates a loop.
		over := l.win.add(time.Now(), 0)
		if over == "" {
			publish(d)
			return
		}
		l.over = true
		notice(rateNotice("further displays of this cell are dropped, and each display's updates are sent "+
			"at most every "+displayFlushInterval.String()+", the latest only.", over))
	}
	if !d.Update || d.DisplayID == "" {
		return
	}
	if l.pending == nil {
		l.pending = map[string]workerproto.Display{}
	}
	if _, held := l.pending[d.DisplayID]; !held {
		l.order = append(l.order, d.DisplayID)
	}
	l.pending[d.DisplayID] = d
	if l.timer == nil {
		l.timer = time.AfterFunc(displayFlushInterval, func() { l.flush(publish) })
	}
}

// flush sends the held updates. The timer is re-armed by the next held update, so the
// last one of a cell goes out at most displayFlushInterval after it was made.
func (l *displayLimit) flush(publish func(workerproto.Display)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range l.order {
		publish(l.pending[id])
	}
	clear(l.pending)
	l.order = l.order[:0]
	l.timer = nil
}

// publishDisplay publishes d as display_data, or update_display_data for an update.
func (o *cellOutput) publishDisplay(d workerproto.Display) {
	transient := map[string]any{}
	if d.DisplayID != "" {
		transient["display_id"] = d.DisplayID
	}
	msgType := "display_data"
	if d.Update {
		msgType = "update_display_data"
	}
	o.k.publish(o.parent, msgType, map[string]any{
		"data": d.Data, "metadata": orEmptyMap(d.Metadata), "transient": transient,
	})
}
