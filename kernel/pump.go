package kernel

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gokernel/gokernel/internal/workerproto"
)

// streamPump forwards one of the worker's output streams (its fd 1 or 2) as Jupyter
// stream text, cutting out the sync markers the worker writes after each request and
// recording how far they have got, so that a reply is sent only after its output.
type streamPump struct {
	name   string
	prefix []byte
	emit   func(name, text string)

	mu   sync.Mutex
	cond *sync.Cond
	seen uint64 // highest sync marker seen
	eof  bool
	// waiting are actions (publishing a display) to run when the stream reaches a
	// marker, before any text after it is emitted.
	waiting map[uint64]func()
	// holdForDisplays makes a display marker stop the stream until that marker's
	// display has run: set on stdout, so text printed after a display stays after it.
	holdForDisplays bool
	ran             map[uint64]bool // display markers whose action has run

	// limit is the rate limit this worker's stdout and stderr share (ratelimit.go);
	// epoch is the last request marker passed, which starts a new cell's budget.
	// Text over the limit is read and dropped, never left in the pipe: a worker
	// blocked writing would never reach its reply.
	limitKey string
	limit    *streamLimit
	epoch    uint64
}

// displayWait bounds how long stdout is held for a display whose message never comes.
const displayWait = 2 * time.Second

func newStreamPump(name, syncPrefix string, emit func(name, text string)) *streamPump {
	p := &streamPump{name: name, prefix: []byte("\x00" + syncPrefix), emit: emit,
		limitKey: syncPrefix, limit: acquireStreamLimit(syncPrefix)}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// run reads r until EOF.
func (p *streamPump) run(r io.Reader) {
	defer releaseStreamLimit(p.limitKey)
	buf := make([]byte, 64<<10)
	var pending []byte
	for {
		n, err := r.Read(buf)
		if n > 0 {
			pending = p.process(append(pending, buf[:n]...))
		}
		if err != nil {
			p.emitText(pending)
			p.mu.Lock()
			p.eof = true
			p.runWaiting()
			p.cond.Broadcast()
			p.mu.Unlock()
			return
		}
	}
}

// process emits the text in b up to what may still be the start of a marker or of a
// multi-byte character, records complete markers, and returns the unprocessed rest.
func (p *streamPump) process(b []byte) []byte {
	for {
		i := bytes.Index(b, p.prefix)
		if i < 0 {
			keep := partialSuffix(b, p.prefix)
			text := b[:len(b)-keep]
			cut := incompleteRuneTail(text)
			p.emitText(text[:len(text)-cut])
			return append([]byte(nil), b[len(text)-cut:]...)
		}
		end := bytes.IndexByte(b[i+len(p.prefix):], 0)
		if end < 0 {
			p.emitText(b[:i])
			return append([]byte(nil), b[i:]...)
		}
		p.emitText(b[:i])
		tag := string(b[i+len(p.prefix) : i+len(p.prefix)+end])
		display := strings.HasPrefix(tag, workerproto.DisplayMarkerTag)
		seq, err := strconv.ParseUint(strings.TrimPrefix(tag, workerproto.DisplayMarkerTag), 10, 64)
		if err == nil {
			if !display {
				p.epoch = max(p.epoch, seq)
			}
			p.mu.Lock()
			if seq > p.seen {
				p.seen = seq
			}
			p.runWaiting()
			if display && p.holdForDisplays {
				p.waitRan(seq)
			}
			p.cond.Broadcast()
			p.mu.Unlock()
		}
		b = b[i+len(p.prefix)+end+1:]
	}
}

// emitText emits b unless the cell's output is over the rate limit; the first text
// refused is replaced by a notice on stderr saying so.
func (p *streamPump) emitText(b []byte) {
	if len(b) == 0 {
		return
	}
	if p.limit != nil {
		ok, notice := p.limit.admit(p.epoch, len(b), time.Now())
		if notice != "" {
			p.emit("stderr", notice)
		}
		if !ok {
			return
		}
	}
	p.emit(p.name, string(b))
}

// at runs f once the stream has passed marker seq: at once if it already has (or
// has ended), else when the marker arrives, before the text that follows it.
func (p *streamPump) at(seq uint64, f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.waiting == nil {
		p.waiting = map[uint64]func(){}
	}
	p.waiting[seq] = f
	p.runWaiting()
	p.cond.Broadcast()
}

// waitRan holds the stream at display marker seq until its action has run, or
// displayWait has passed. Called with p.mu held, by the pump goroutine.
func (p *streamPump) waitRan(seq uint64) {
	p.waitUntil(func() bool { return p.ran[seq] || p.eof }, time.Now().Add(displayWait))
	delete(p.ran, seq)
}

// waitUntil waits on p.cond until done reports true or the deadline passes. Called
// with p.mu held.
func (p *streamPump) waitUntil(done func() bool, deadline time.Time) {
	for !done() {
		left := time.Until(deadline)
		if left <= 0 {
			return
		}
		t := time.AfterFunc(left, func() {
			p.mu.Lock()
			p.cond.Broadcast()
			p.mu.Unlock()
		})
		p.cond.Wait()
		t.Stop()
	}
}

// runWaiting runs, in marker order, the actions whose marker has passed. Called with
// p.mu held.
func (p *streamPump) runWaiting() {
	for len(p.waiting) > 0 {
		next := ^uint64(0)
		for seq := range p.waiting {
			next = min(next, seq)
		}
		if next > p.seen && !p.eof {
			return
		}
		f := p.waiting[next]
		delete(p.waiting, next)
		f()
		if p.holdForDisplays {
			if p.ran == nil {
				p.ran = map[uint64]bool{}
			}
			p.ran[next] = true
		}
	}
}

// waitFor blocks until marker seq has passed, the stream has ended, or the deadline.
func (p *streamPump) waitFor(seq uint64, deadline time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waitUntil(func() bool { return p.seen >= seq || p.eof }, deadline)
}

// waitEOF blocks until the stream has ended or the deadline.
func (p *streamPump) waitEOF(deadline time.Time) {
	p.waitFor(^uint64(0), deadline)
}

// partialSuffix returns the length of the longest proper prefix of marker that b ends with.
func partialSuffix(b, marker []byte) int {
	for k := min(len(marker)-1, len(b)); k > 0; k-- {
		if bytes.HasSuffix(b, marker[:k]) {
			return k
		}
	}
	return 0
}

// incompleteRuneTail returns how many trailing bytes of b start a UTF-8 sequence that
// the next read will complete.
func incompleteRuneTail(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < utf8.RuneSelf {
			return 0
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-k:]) {
				return k
			}
			return 0
		}
	}
	return 0
}
