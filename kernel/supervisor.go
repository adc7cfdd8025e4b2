package kernel

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
)

// InterruptGrace is how long a cell may take to stop after an interrupt before the
// supervisor gives up on it and replaces the worker.
const InterruptGrace = 3 * time.Second

// errWorkerExited is what a request waiting on a worker gets when the worker dies.
var errWorkerExited = errors.New("worker exited")

// Supervisor runs user code in a child process and implements Backend on top of it.
// When the child dies, the running cell gets an error that says why, and the next
// request gets a fresh child: the kernel process itself never runs user code.
type Supervisor struct {
	// Command returns the command that starts a worker; its fds 3 and 4 carry the
	// worker protocol. Tests may replace the binary; the default is this executable's
	// "worker" subcommand.
	command func() *exec.Cmd
	log     *slog.Logger

	mu     sync.Mutex
	cur    *workerProcess
	out    Output // where the current or last cell's output goes
	closed bool
	nextID uint64
	// running is the request being executed, for Interrupt.
	running *call
	// onSnapshot receives the snapshots the workers report; recoverSession brings
	// the session back in a worker started after one died, and says what it
	// brought back (see SetStateHandlers).
	onSnapshot     func(workerproto.SnapshotDone)
	recoverSession func(ctx context.Context, out Output) string
	// memLimit is the workers' memory limit in bytes, 0 for none; memLimitSet says
	// SetMemoryLimit chose it, else it comes from GOKERNEL_MEMORY_LIMIT or the default.
	memLimit    int64
	memLimitSet bool
}

// call is one request in flight.
type call struct {
	id          uint64
	w           *workerProcess
	reply       chan workerproto.Envelope
	interrupted chan struct{}
	// done is closed when the request has its answer (or gave up): an interrupt's
	// grace period ends with it.
	done chan struct{}
	once sync.Once
}

// workerProcess is one child process and the goroutines that serve it.
type workerProcess struct {
	cmd    *exec.Cmd
	conn   *workerproto.Conn
	reqW   *os.File // the request pipe; closing it asks the worker to exit
	ready  chan struct{}
	exited chan struct{} // closed once the process has been waited for
	// eventsDone is closed when every envelope the worker sent has been handled.
	eventsDone chan struct{}
	err        error // the exit status, valid after exited
	stdout     *streamPump
	stderr     *streamPump
	tail       *tailBuffer
	crash      *crashFilter
	memLimit   int64 // the memory limit it runs under, 0 for none

	mu      sync.Mutex
	pending map[uint64]chan workerproto.Envelope
	killed  string // why the supervisor killed it, if it did
	// deathReported is set once a cell was told of the worker's death.
	deathReported bool
}

// NewSupervisor returns a supervisor that starts workers with command (nil for this
// executable's "worker" subcommand) and logs to log.
func NewSupervisor(command func() *exec.Cmd, log *slog.Logger) *Supervisor {
	if command == nil {
		command = func() *exec.Cmd {
			exe, err := os.Executable()
			if err != nil {
				exe = os.Args[0]
			}
			return exec.Command(exe, "worker")
		}
	}
	return &Supervisor{command: command, log: log}
}

// Start launches a worker ahead of the first request, so the first cell does not
// wait for it.
func (s *Supervisor) Start() error {
	_, err := s.worker()
	return err
}

// worker returns the live worker, starting one if there is none.
func (s *Supervisor) worker() (*workerProcess, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errors.New("kernel is shutting down")
	}
	if s.cur != nil {
		select {
		case <-s.cur.exited:
		default:
			return s.cur, nil
		}
	}
	w, err := s.spawn()
	if err != nil {
		return nil, err
	}
	s.cur = w
	return w, nil
}

// spawn starts a child. Called with s.mu held.
func (s *Supervisor) spawn() (*workerProcess, error) {
	var tok [16]byte
	if _, err := rand.Read(tok[:]); err != nil {
		return nil, err
	}
	token := hex.EncodeToString(tok[:])
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := s.command()
	cmd.Stdout, cmd.Stderr = outW, errW
	// fds 3 and 4 carry the protocol; fd 5 is the kernel's own log stream, for the
	// worker's records, which must not reach the cell's stderr.
	cmd.ExtraFiles = []*os.File{reqR, evW, os.Stderr}
	cmd.Env = append(os.Environ(), workerproto.SyncTokenEnv+"="+token)
	memLimit := s.memoryLimit()
	cmd.Env = append(cmd.Env, memoryLimitEnv(memLimit)...)
	// Its own process group keeps a terminal's Ctrl-C for the kernel, which turns it
	// into an interrupt; Pdeathsig takes the worker down if the kernel is killed.
	cmd.SysProcAttr = workerSysProcAttr()
	startErr := cmd.Start()
	for _, f := range []*os.File{reqR, evW, outW, errW} {
		f.Close()
	}
	if startErr != nil {
		reqW.Close()
		evR.Close()
		outR.Close()
		errR.Close()
		return nil, fmt.Errorf("start worker: %w", startErr)
	}
	w := &workerProcess{
		cmd:        cmd,
		conn:       workerproto.NewConn(evR, reqW),
		reqW:       reqW,
		ready:      make(chan struct{}),
		exited:     make(chan struct{}),
		eventsDone: make(chan struct{}),
		tail:       newTailBuffer(16 << 10),
		memLimit:   memLimit,
		pending:    map[uint64]chan workerproto.Envelope{},
	}
	prefix := workerproto.SyncPrefix(token)
	w.stdout = newStreamPump("stdout", prefix, s.emitStream)
	w.stdout.holdForDisplays = true
	w.crash = newCrashFilter(func(text string) { s.emitStream("stderr", text) })
	w.stderr = newStreamPump("stderr", prefix, func(name, text string) {
		w.tail.Write([]byte(text))
		w.crash.write(text)
	})
	go w.stdout.run(outR)
	go w.stderr.run(errR)
	go s.readEvents(w)
	go func() {
		w.err = cmd.Wait()
		reqW.Close()
		close(w.exited)
		s.log.Info("worker exited", "pid", cmd.Process.Pid, "status", w.err)
	}()
	s.log.Info("worker started", "pid", cmd.Process.Pid)
	return w, nil
}

// readEvents serves the worker's envelopes until its pipe closes.
func (s *Supervisor) readEvents(w *workerProcess) {
	defer close(w.eventsDone)
	for {
		env, err := w.conn.Receive()
		if err != nil {
			w.mu.Lock()
			for id, ch := range w.pending {
				close(ch)
				delete(w.pending, id)
			}
			w.mu.Unlock()
			return
		}
		switch env.Type {
		case workerproto.TypeReady:
			close(w.ready)
		case workerproto.TypeReply:
			w.mu.Lock()
			ch := w.pending[env.ID]
			delete(w.pending, env.ID)
			w.mu.Unlock()
			if ch != nil {
				ch <- env
			}
		case workerproto.TypeDisplay:
			var d workerproto.Display
			if err := env.Decode(&d); err != nil {
				s.log.Warn("bad display from worker", "err", err)
				continue
			}
			if out := s.output(); out != nil {
				w.stdout.at(d.Sync, func() { out.Display(d) })
			}
		case workerproto.TypeClearOutput:
			var c workerproto.ClearOutput
			if err := env.Decode(&c); err == nil {
				if out := s.output(); out != nil {
					w.stdout.at(c.Sync, func() { out.ClearOutput(c.Wait) })
				}
			}
		case workerproto.TypeSnapshotDone:
			var d workerproto.SnapshotDone
			if err := env.Decode(&d); err != nil {
				s.log.Warn("bad snapshot report from worker", "err", err)
				continue
			}
			s.mu.Lock()
			handle := s.onSnapshot
			s.mu.Unlock()
			if handle != nil {
				handle(d)
			}
		case workerproto.TypeInputRequest:
			var r workerproto.InputRequest
			if err := env.Decode(&r); err != nil {
				continue
			}
			go s.answerInput(w, env.ID, r)
		default:
			s.log.Warn("unknown envelope from worker", "type", env.Type)
		}
	}
}

// answerInput asks the frontend for a line and hands it to the worker. An interrupt
// ends the wait with an error, which the cell sees as a failed read.
func (s *Supervisor) answerInput(w *workerProcess, id uint64, r workerproto.InputRequest) {
	out := s.output()
	var reply workerproto.InputReply
	if out == nil {
		reply.Error = "no frontend is waiting for input"
	} else {
		ctx, cancel := context.WithCancel(context.Background())
		s.mu.Lock()
		if c := s.running; c != nil {
			go func() {
				select {
				case <-c.interrupted:
					cancel()
				case <-ctx.Done():
				}
			}()
		}
		s.mu.Unlock()
		v, err := out.Input(ctx, r.Prompt, r.Password)
		cancel()
		if err != nil {
			reply.Error = err.Error()
		}
		reply.Value = v
	}
	if err := w.conn.Send(id, workerproto.TypeInputReply, reply); err != nil {
		s.log.Warn("send input reply", "err", err)
	}
}

func (s *Supervisor) output() Output {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out
}

func (s *Supervisor) emitStream(name, text string) {
	if out := s.output(); out != nil {
		out.Stream(name, text)
	} else {
		s.log.Info("worker output with no cell to show it", "stream", name, "text", text)
	}
}

// request sends one envelope and waits for its reply, for the worker's death, or for
// ctx. Called by one request at a time; Interrupt may act on it meanwhile.
func (s *Supervisor) request(ctx context.Context, typ string, body any, out Output, v any) (*workerProcess, error) {
	w, err := s.worker()
	if err != nil {
		return nil, err
	}
	select {
	case <-w.ready:
	case <-w.exited:
		return w, errWorkerExited
	case <-ctx.Done():
		return w, ctx.Err()
	}
	s.mu.Lock()
	s.nextID++
	c := &call{id: s.nextID, w: w, reply: make(chan workerproto.Envelope, 1), interrupted: make(chan struct{}), done: make(chan struct{})}
	if out != nil {
		s.out = out
		s.running = c
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.running == c {
			s.running = nil
		}
		s.mu.Unlock()
		close(c.done)
	}()

	w.mu.Lock()
	w.pending[c.id] = c.reply
	w.mu.Unlock()
	if err := w.conn.Send(c.id, typ, body); err != nil {
		return w, errWorkerExited
	}
	select {
	case env, ok := <-c.reply:
		if !ok {
			return w, errWorkerExited
		}
		return w, env.Decode(v)
	case <-w.exited:
		return w, errWorkerExited
	case <-ctx.Done():
		return w, ctx.Err()
	}
}

// Execute implements Backend.
func (s *Supervisor) Execute(ctx context.Context, req workerproto.ExecuteRequest, out Output) (workerproto.ExecuteReply, error) {
	var reply workerproto.ExecuteReply
	s.mu.Lock()
	prev := s.cur
	s.mu.Unlock()
	if prev != nil {
		// A worker killed just before this cell may not have been waited for yet: the
		// cell must not be sent to it and then be blamed for its death.
		if processDead(prev.cmd.Process.Pid) {
			select {
			case <-prev.exited:
			case <-time.After(5 * time.Second):
			}
		}
		s.reportEarlierDeath(prev, out)
	}
	s.mu.Lock()
	if s.cur != nil {
		// The tail is read to explain a crash of this cell, not of an earlier one.
		s.cur.tail.Reset()
	}
	s.mu.Unlock()
	if w, err := s.worker(); err == nil {
		done := make(chan struct{})
		defer close(done)
		go s.watchStopped(w, out, done)
	}
	w, err := s.request(ctx, workerproto.TypeExecute, req, out, &reply)
	switch {
	case err == nil:
		if reply.Sync > 0 {
			// Publish every byte the cell wrote before its reply, bounded in case a
			// cell closed its stdout.
			deadline := time.Now().Add(5 * time.Second)
			w.stdout.waitFor(reply.Sync, deadline)
			w.stderr.waitFor(reply.Sync, deadline)
		}
		// The worker lives: what its stderr held back as a possible crash report was
		// the cell's own output.
		w.crash.release()
		return reply, nil
	case errors.Is(err, errWorkerExited):
		return s.workerDied(w), nil
	default:
		return reply, err
	}
}

// workerDied describes the death of the worker that ran the cell, after its last
// output has been forwarded, and starts a replacement.
func (s *Supervisor) workerDied(w *workerProcess) workerproto.ExecuteReply {
	if w != nil {
		<-w.exited
		deadline := time.Now().Add(2 * time.Second)
		w.stdout.waitEOF(deadline)
		w.stderr.waitEOF(deadline)
		// A snapshot the worker reported before it died is the one to restore.
		select {
		case <-w.eventsDone:
		case <-time.After(time.Until(deadline)):
		}
	}
	killed := ""
	if w != nil {
		w.mu.Lock()
		killed = w.killed
		w.deathReported = true
		w.mu.Unlock()
	}
	lost := lostAll
	var e workerproto.Error
	switch {
	case w == nil:
		e = workerproto.Error{Name: "WorkerDied", Value: "the worker could not be started"}
	case killed != "":
		e = workerproto.Error{Name: "Interrupted", Value: killed}
	default:
		e = workerproto.Error{Name: "WorkerDied", Value: deathCause(w)}
	}
	// The Go runtime's crash report went to the log, not to the cell: its stacks are
	// the interpreter's. The traceback says what happened, where in the cells when the
	// worker could tell (a goroutine's panic), and what it cost.
	e.Traceback = []string{"\x1b[0;31m" + e.Name + "\x1b[0m: " + e.Value}
	if w != nil && killed == "" {
		if r := w.crash.goroutineReport(); r != nil {
			e.Traceback = append(e.Traceback, r.Traceback...)
		}
		s.logCrash(w)
	}
	out := s.output()
	if err := s.Start(); err != nil {
		s.log.Error("restart worker", "err", err)
	} else {
		lost = s.recover(out)
	}
	e.Traceback = append(e.Traceback, lost)
	if out != nil && killed != "" {
		out.Stream("stderr", "The cell did not stop within "+InterruptGrace.String()+" of the interrupt; the worker was restarted. "+lost+"\n")
	}
	return workerproto.ExecuteReply{Error: &e}
}

// lostAll says that a new worker started with an empty session.
const lostAll = "All variables were lost: a new worker was started with an empty session."

// recover brings the session back in the worker just started, when the kernel can
// (SetStateHandlers), and returns the sentence that says what came back.
func (s *Supervisor) recover(out Output) string {
	s.mu.Lock()
	recoverSession := s.recoverSession
	s.mu.Unlock()
	if recoverSession == nil {
		return lostAll
	}
	return recoverSession(context.Background(), out)
}

// deathCause is the first line of what the dying worker printed that says why (a
// panic or fatal error), or its exit status; running out of memory is said plainly,
// with the limit and how to raise it.
func deathCause(w *workerProcess) string {
	if isOutOfMemory(w.crash.reportLine()) || isOutOfMemory(w.tail.String()) ||
		w.memLimit > 0 && threadCreateFailed(w.tail.String()) {
		return outOfMemoryMessage(w.memLimit)
	}
	if first := w.crash.reportLine(); first != "" {
		return "the worker process died: " + first
	}
	for _, line := range strings.Split(w.tail.String(), "\n") {
		for _, p := range []string{"panic: ", "fatal error: ", "runtime: out of memory"} {
			if strings.HasPrefix(line, p) {
				return "the worker process died: " + line
			}
		}
	}
	status := "exited"
	if w.err != nil {
		status = w.err.Error()
	}
	var ee *exec.ExitError
	if errors.As(w.err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			status = "killed by signal " + ws.Signal().String()
		} else {
			status = fmt.Sprintf("called os.Exit(%d)", ee.ExitCode())
		}
	} else if w.err == nil {
		status = "called os.Exit(0)"
	}
	return "the worker process ended: " + status
}

// Interrupt implements Backend. The worker cancels the cell; if it has not answered
// within InterruptGrace, it is killed and the cell reports that.
func (s *Supervisor) Interrupt() {
	s.mu.Lock()
	c := s.running
	s.mu.Unlock()
	if c == nil {
		return
	}
	c.once.Do(func() {
		close(c.interrupted)
		if err := c.w.conn.Send(c.id, workerproto.TypeInterrupt, nil); err != nil {
			s.log.Warn("send interrupt", "err", err)
		}
		continueWorker(c.w.cmd.Process)
		go func() {
			grace := time.NewTimer(InterruptGrace)
			defer grace.Stop()
			select {
			case <-c.w.exited:
			case <-c.done:
			case <-grace.C:
				s.mu.Lock()
				still := s.running == c
				s.mu.Unlock()
				if still {
					c.w.mu.Lock()
					c.w.killed = "the cell did not stop within " + InterruptGrace.String() + " of the interrupt, so the worker was restarted"
					c.w.mu.Unlock()
					s.log.Warn("worker did not stop after interrupt; killing it", "pid", c.w.cmd.Process.Pid)
					c.w.cmd.Process.Kill()
				}
			}
		}()
	})
}

// SetStateHandlers makes the supervisor report the snapshots workers write to
// onSnapshot, and bring the session back with recoverSession after a worker died,
// before the next cell runs; recoverSession returns the sentence the cell shows.
func (s *Supervisor) SetStateHandlers(onSnapshot func(workerproto.SnapshotDone), recoverSession func(ctx context.Context, out Output) string) {
	s.mu.Lock()
	s.onSnapshot, s.recoverSession = onSnapshot, recoverSession
	s.mu.Unlock()
}

// Restore asks the worker, whose session must be empty, to load a snapshot; what the
// restore prints goes to out.
func (s *Supervisor) Restore(ctx context.Context, req workerproto.RestoreRequest, out Output) (workerproto.RestoreReply, error) {
	var reply workerproto.RestoreReply
	w, err := s.request(ctx, workerproto.TypeRestore, req, out, &reply)
	if err == nil && reply.Sync > 0 {
		// What the replayed declarations printed comes before what the kernel says.
		deadline := time.Now().Add(5 * time.Second)
		w.stdout.waitFor(reply.Sync, deadline)
		w.stderr.waitFor(reply.Sync, deadline)
	}
	return reply, err
}

// Snapshot asks the worker for a snapshot of every variable now.
func (s *Supervisor) Snapshot(ctx context.Context, req workerproto.SnapshotRequest) (workerproto.SnapshotDone, error) {
	var reply workerproto.SnapshotDone
	_, err := s.request(ctx, workerproto.TypeSnapshot, req, nil, &reply)
	return reply, err
}

// Diff asks the worker to compare two states of its session.
func (s *Supervisor) Diff(ctx context.Context, req workerproto.DiffRequest) (workerproto.DiffReply, error) {
	var reply workerproto.DiffReply
	_, err := s.request(ctx, workerproto.TypeDiff, req, nil, &reply)
	return reply, err
}

// Declarations asks the worker for its session's declarations.
func (s *Supervisor) Declarations(ctx context.Context) (workerproto.DeclarationsReply, error) {
	var reply workerproto.DeclarationsReply
	_, err := s.request(ctx, workerproto.TypeDeclarations, nil, nil, &reply)
	return reply, err
}

// Settle returns once the snapshot the worker is writing, if any, has been reported.
func (s *Supervisor) Settle(ctx context.Context) error {
	var reply struct{}
	_, err := s.request(ctx, workerproto.TypeSettle, nil, nil, &reply)
	return err
}

// Restart replaces the worker with a new one, whose session is empty: the old one
// is killed, and its death is not reported to any cell.
func (s *Supervisor) Restart() error {
	s.mu.Lock()
	w := s.cur
	s.mu.Unlock()
	if w != nil {
		w.mu.Lock()
		w.deathReported = true
		w.mu.Unlock()
		w.cmd.Process.Kill()
		select {
		case <-w.exited:
		case <-time.After(5 * time.Second):
			return errors.New("the worker did not exit")
		}
	}
	return s.Start()
}

// Complete implements Backend.
func (s *Supervisor) Complete(ctx context.Context, req workerproto.CompleteRequest) (workerproto.CompleteReply, error) {
	var reply workerproto.CompleteReply
	_, err := s.request(ctx, workerproto.TypeComplete, req, nil, &reply)
	return reply, err
}

// Inspect implements Backend.
func (s *Supervisor) Inspect(ctx context.Context, req workerproto.InspectRequest) (workerproto.InspectReply, error) {
	var reply workerproto.InspectReply
	_, err := s.request(ctx, workerproto.TypeInspect, req, nil, &reply)
	return reply, err
}

// IsComplete implements Backend.
func (s *Supervisor) IsComplete(ctx context.Context, req workerproto.IsCompleteRequest) (workerproto.IsCompleteReply, error) {
	var reply workerproto.IsCompleteReply
	_, err := s.request(ctx, workerproto.TypeIsComplete, req, nil, &reply)
	return reply, err
}

// Close implements Backend: it asks the worker to exit by closing its request pipe,
// and kills it if it is still running a second later (a cell still busy).
func (s *Supervisor) Close() error {
	s.mu.Lock()
	s.closed = true
	w := s.cur
	s.mu.Unlock()
	if w == nil {
		return nil
	}
	w.reqW.Close()
	select {
	case <-w.exited:
		return nil
	case <-time.After(time.Second):
	}
	w.cmd.Process.Kill()
	select {
	case <-w.exited:
	case <-time.After(5 * time.Second):
		return errors.New("worker did not exit")
	}
	return nil
}

// tailBuffer keeps the last n bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	n   int
	buf []byte
}

func newTailBuffer(n int) *tailBuffer { return &tailBuffer{n: n} }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.n {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.n:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) Reset() {
	t.mu.Lock()
	t.buf = t.buf[:0]
	t.mu.Unlock()
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// reportEarlierDeath tells the cell about to run, on out, that the worker died of a
// crash after the cell before it had finished (a goroutine that cell started panicked
// later), when no cell was told yet.
func (s *Supervisor) reportEarlierDeath(w *workerProcess, out Output) {
	select {
	case <-w.exited:
	default:
		return
	}
	w.stderr.waitEOF(time.Now().Add(2 * time.Second))
	<-w.eventsDone
	w.mu.Lock()
	told := w.deathReported || w.killed != ""
	w.deathReported = true
	w.mu.Unlock()
	if told || out == nil {
		return
	}
	var b strings.Builder
	b.WriteString("The worker process died after the previous cell had finished: " + strings.TrimPrefix(strings.TrimPrefix(deathCause(w), "the worker process died: "), "the worker process ended: ") + "\n")
	if r := w.crash.goroutineReport(); r != nil {
		for _, l := range r.Traceback {
			b.WriteString(l + "\n")
		}
	}
	out.Stream("stderr", b.String())
	s.logCrash(w)
	if err := s.Start(); err != nil {
		out.Stream("stderr", "All variables were lost: "+err.Error()+"\n")
		return
	}
	out.Stream("stderr", s.recover(out)+"\n")
}

// logCrash logs what the dying worker wrote last: the Go runtime's crash report, which
// the cell does not show.
func (s *Supervisor) logCrash(w *workerProcess) {
	if tail := w.tail.String(); tail != "" {
		s.log.Info("worker crash report", "pid", w.cmd.Process.Pid, "stderr", tail)
	}
}

// goroutinePanic is what a worker says of a goroutine's fatal panic, on the line
// workerproto.GoroutinePanicMarker starts (interp's type of the same name).
type goroutinePanic struct {
	// Traceback lists the goroutine's interpreted frames, as a cell error does.
	Traceback []string `json:"traceback"`
	// Messages turn the interpreter's panic messages into Go's.
	Messages []struct {
		Pattern string `json:"pattern"`
		Replace string `json:"replace"`
	} `json:"messages"`
}

// goMessage applies the report's message rewrites to msg.
func (r *goroutinePanic) goMessage(msg string) string {
	for _, m := range r.Messages {
		re, err := regexp.Compile(m.Pattern)
		if err == nil && re.MatchString(msg) {
			return re.ReplaceAllString(msg, m.Replace)
		}
	}
	return msg
}

// crashFilter passes a worker's stderr on to the cell, except what the worker writes
// as it dies: the Go runtime's crash report ("panic: ..." or "fatal error: ..." and the
// goroutine stacks after it, which are the interpreter's, not the cell's) and the
// worker's goroutine-panic line. A line that may start a crash report is held back
// until the lines after it tell (a report's first line is soon followed by a
// "goroutine N [...]:" line); held text is let through after holdCrashLines or when
// the worker answers.
type crashFilter struct {
	emit func(text string)

	mu      sync.Mutex
	partial string   // an incomplete last line that may start a report
	held    []string // complete lines that may start a report
	timer   *time.Timer
	// dumping is set once a crash report started; dumped keeps the text after it, to
	// be let through if the worker lives on after all.
	dumping bool
	dumped  strings.Builder
	first   string // the report's first line
	report  *goroutinePanic
}

// holdCrashLines bounds how long a line that may start a crash report is held back.
const holdCrashLines = 300 * time.Millisecond

// maxDumped bounds the text kept after a crash report started.
const maxDumped = 64 << 10

var goroutineHeader = regexp.MustCompile(`^goroutine \d+ (?:gp=\S+ m=\S+ mp=\S+ )?\[`)

func newCrashFilter(emit func(text string)) *crashFilter { return &crashFilter{emit: emit} }

// reportStart reports whether line may be the first of a crash report. The runtime
// says "runtime: out of memory: cannot allocate ..." before its "fatal error: ".
// Runaway recursion starts with "runtime: goroutine stack exceeds N-byte limit".
// A crash in C code or on a signal the runtime does not turn into a panic (a failed
// pthread_create aborts the process) starts with "runtime/cgo: " or "SIGABRT: abort".
func reportStart(line string) bool {
	return strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") ||
		strings.HasPrefix(line, "runtime: out of memory") || strings.HasPrefix(line, stackExceeds) ||
		strings.HasPrefix(line, "runtime/cgo: ") || signalReport.MatchString(line)
}

// signalReport matches the runtime's first line for a fatal signal: "SIGSEGV:
// segmentation violation", "SIGABRT: abort".
var signalReport = regexp.MustCompile(`^SIG[A-Z0-9]+: [a-z]`)

// stackExceeds starts the runtime's line about a goroutine whose stack outgrew the
// limit (1 GB on 64-bit machines, as in go run).
const stackExceeds = "runtime: goroutine stack exceeds "

// mayBecome reports whether an incomplete line may still turn out to start a crash
// report or be the worker's goroutine-panic line.
func mayBecome(partial string) bool {
	for _, p := range []string{"panic: ", "fatal error: ", "runtime: out of memory", stackExceeds, "runtime/cgo: ", workerproto.GoroutinePanicMarker} {
		if strings.HasPrefix(partial, p) || strings.HasPrefix(p, partial) {
			return true
		}
	}
	return signalReportPrefix.MatchString(partial)
}

// signalReportPrefix matches what may still grow into a line signalReport matches.
var signalReportPrefix = regexp.MustCompile(`^(?:S|SI|SIG[A-Z0-9]*(?::(?: (?:[a-z].*)?)?)?)$`)

func (f *crashFilter) write(text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dumping {
		f.keepDumped(text)
		return
	}
	text = f.partial + text
	f.partial = ""
	var out strings.Builder
	for text != "" {
		line, rest, complete := strings.Cut(text, "\n")
		if !complete {
			if len(f.held) > 0 || mayBecome(line) {
				f.partial = line
			} else {
				out.WriteString(line)
			}
			break
		}
		text = rest
		f.line(line, &out)
		if f.dumping {
			f.keepDumped(text)
			break
		}
	}
	if out.Len() > 0 {
		f.emit(out.String())
	}
	f.armTimer()
}

// line takes one complete line; called with f.mu held.
func (f *crashFilter) line(line string, out *strings.Builder) {
	if data, ok := strings.CutPrefix(line, workerproto.GoroutinePanicMarker); ok {
		var r goroutinePanic
		if json.Unmarshal([]byte(data), &r) == nil {
			f.report = &r
		}
		return
	}
	if len(f.held) == 0 {
		if reportStart(line) {
			f.held = []string{line}
			return
		}
		out.WriteString(line + "\n")
		return
	}
	switch {
	case goroutineHeader.MatchString(line) || line == "runtime stack:":
		// A fatal error thrown on the system stack (running out of memory is one)
		// shows that stack before the goroutines'.
		f.dumping, f.first = true, f.held[0]
		// The runtime says why it throws in its "fatal error: " line; lines before it
		// give details (the stack limit that was passed).
		for _, h := range f.held {
			if strings.HasPrefix(h, "fatal error: ") {
				f.first = h
				break
			}
		}
		if f.first == "fatal error: stack overflow" && strings.HasPrefix(f.held[0], stackExceeds) {
			f.first += " (" + strings.TrimPrefix(f.held[0], "runtime: ") + ": runaway recursion?)"
		}
		for _, h := range f.held {
			f.keepDumped(h + "\n")
		}
		f.keepDumped(line + "\n")
		f.held = nil
	case line == "" || strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "[signal ") || reportStart(line) ||
		strings.HasPrefix(line, "runtime: ") || strings.HasPrefix(line, "PC="):
		f.held = append(f.held, line)
	default:
		// Not a crash report: the held lines were the cell's.
		for _, h := range f.held {
			out.WriteString(h + "\n")
		}
		f.held = nil
		f.line(line, out)
	}
}

func (f *crashFilter) keepDumped(text string) {
	if f.dumped.Len() < maxDumped {
		f.dumped.WriteString(text)
	}
}

// armTimer lets held text through if nothing confirms it soon; called with f.mu held.
func (f *crashFilter) armTimer() {
	if f.dumping || (len(f.held) == 0 && f.partial == "") {
		return
	}
	if f.timer != nil {
		f.timer.Stop()
	}
	f.timer = time.AfterFunc(holdCrashLines, f.flushHeld)
}

// flushHeld lets held text through.
func (f *crashFilter) flushHeld() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dumping {
		return
	}
	var out strings.Builder
	for _, h := range f.held {
		out.WriteString(h + "\n")
	}
	out.WriteString(f.partial)
	f.held, f.partial = nil, ""
	if out.Len() > 0 {
		f.emit(out.String())
	}
}

// release lets through everything held back: the worker answered, so it did not die.
func (f *crashFilter) release() {
	f.mu.Lock()
	if f.dumping {
		text := f.dumped.String()
		f.dumping, f.first, f.report = false, "", nil
		f.dumped.Reset()
		if text != "" {
			f.emit(text)
		}
	}
	f.mu.Unlock()
	f.flushHeld()
}

// recoveredSuffix is what Go adds to a panic's line when the panic went through a
// recover: yaegi recovers and panics again in every interpreted frame.
var recoveredSuffix = regexp.MustCompile(` \[recovered(?:, repanicked)?\]$`)

// reportLine returns the first line of the crash report, with the panic's message as
// Go's, or "" when there was none.
func (f *crashFilter) reportLine() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.dumping {
		return ""
	}
	line := recoveredSuffix.ReplaceAllString(f.first, "")
	if msg, ok := strings.CutPrefix(line, "panic: "); ok && f.report != nil {
		line = "panic: " + f.report.goMessage(msg)
	}
	return line
}

// goroutineReport returns what the worker said of a goroutine's fatal panic, or nil.
func (f *crashFilter) goroutineReport() *goroutinePanic {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.report
}
