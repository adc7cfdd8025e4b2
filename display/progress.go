package display

import (
	"fmt"
	"html"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progressInterval is the minimum time between two progress updates: ten a
// second looks smooth, and a tight loop calling Add millions of times must
// not flood the kernel's iopub channel with messages.
const progressInterval = 100 * time.Millisecond

// ProgressBar is a live progress bar made by Progress. Add and Set are cheap
// and safe to call from many goroutines at once.
type ProgressBar struct {
	total int64
	label string
	id    string
	now   func() time.Time // injectable so tests can drive the throttle
	start time.Time

	count atomic.Int64
	next  atomic.Int64 // UnixNano before which Add and Set do not publish
	done  atomic.Bool

	// mu orders publishes, so Done's final state is never overwritten by a
	// concurrent Add that read its count earlier.
	mu sync.Mutex
}

// Progress displays a progress bar for total steps (total <= 0 for an
// unknown total) and returns it. Call Add or Set as work is done and Done at
// the end; the bar shows the rate and, with a known total, the time left.
// Updates are sent at most ten times a second, and Done always sends the
// final state; a bar left without Done may show a count up to 100ms old.
// Without a sink (a plain Go program) every update is a line on stdout.
func Progress(total int, label string) *ProgressBar {
	return newProgress(total, label, time.Now)
}

func newProgress(total int, label string, now func() time.Time) *ProgressBar {
	p := &ProgressBar{
		total: int64(total),
		label: label,
		id:    "gokernel-progress-" + newID(),
		now:   now,
	}
	p.start = now()
	p.next.Store(p.start.Add(progressInterval).UnixNano())
	currentSink().Display(p.bundle(0, p.start), p.id, false)
	return p
}

// Add records n more steps done.
func (p *ProgressBar) Add(n int) {
	p.count.Add(int64(n))
	p.maybePublish()
}

// Set records that n steps are done in total.
func (p *ProgressBar) Set(n int) {
	p.count.Store(int64(n))
	p.maybePublish()
}

// Done shows the final state of the bar, whatever the throttle says. Later
// calls to Add, Set and Done change nothing on screen.
func (p *ProgressBar) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done.Swap(true) {
		return
	}
	currentSink().Display(p.bundle(p.count.Load(), p.now()), p.id, true)
}

// ID is the Jupyter display_id of the bar's output.
func (p *ProgressBar) ID() string { return p.id }

// maybePublish sends an update when the interval has passed. The check before
// the lock is lock-free so Add stays cheap under contention; exactly one
// caller wins the compare-and-swap for each interval.
func (p *ProgressBar) maybePublish() {
	if p.done.Load() {
		return
	}
	now := p.now()
	next := p.next.Load()
	if now.UnixNano() < next {
		return
	}
	if !p.next.CompareAndSwap(next, now.Add(progressInterval).UnixNano()) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done.Load() {
		return
	}
	currentSink().Display(p.bundle(p.count.Load(), now), p.id, true)
}

// bundle draws the bar for n steps done at time now.
func (p *ProgressBar) bundle(n int64, now time.Time) Bundle {
	done := p.done.Load()
	elapsed := now.Sub(p.start)

	var stats []string
	if p.total > 0 {
		frac := min(max(float64(n)/float64(p.total), 0), 1)
		stats = append(stats, fmt.Sprintf("%d/%d (%.0f%%)", n, p.total, 100*frac))
	} else {
		stats = append(stats, fmt.Sprintf("%d", n))
	}
	var rate float64
	if elapsed > 0 && n > 0 {
		rate = float64(n) / elapsed.Seconds()
		stats = append(stats, formatRate(rate))
	}
	switch {
	case done:
		stats = append(stats, "done in "+formatDuration(elapsed))
	case rate > 0 && p.total > n:
		left := time.Duration(float64(p.total-n) / rate * float64(time.Second))
		stats = append(stats, "ETA "+formatDuration(left))
	}
	info := strings.Join(stats, " · ")

	// HTML: an indeterminate <progress> (no value) animates while the total
	// is unknown; a finished bar is shown full.
	var bar string
	switch {
	case p.total > 0:
		bar = fmt.Sprintf(`<progress value="%d" max="%d"`, min(max(n, 0), p.total), p.total)
	case done:
		bar = `<progress value="1" max="1"`
	default:
		bar = `<progress`
	}
	bar += ` style="width:40ex;vertical-align:middle"></progress>`
	label := ""
	if p.label != "" {
		label = "<span>" + html.EscapeString(p.label) + "</span> "
	}
	htmlForm := fmt.Sprintf(`<div class="gokernel-progress">%s%s <span>%s</span></div>`, label, bar, html.EscapeString(info))

	const width = 30
	var filled int
	switch {
	case p.total > 0:
		filled = int(min(max(float64(n)/float64(p.total), 0), 1) * width)
	case done:
		filled = width
	}
	text := "[" + strings.Repeat("#", filled) + strings.Repeat(".", width-filled) + "] " + info
	if p.label != "" {
		text = p.label + " " + text
	}
	return Bundle{Data: map[string]any{MIMEHTML: htmlForm, MIMEText: text}}
}

func formatRate(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f/s", r)
	case r >= 10:
		return fmt.Sprintf("%.1f/s", r)
	}
	return fmt.Sprintf("%.2f/s", r)
}

// formatDuration rounds so the numbers stay readable: tenths of a second
// under ten seconds, whole seconds above.
func formatDuration(d time.Duration) string {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
