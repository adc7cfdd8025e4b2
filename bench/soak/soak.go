package soak

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gokernel/gokernel/internal/jupyterclient"
)

// Config says what to run and what to hold the kernel to.
type Config struct {
	// Binary is the gokernel executable.
	Binary string
	// Env is the kernel's environment (nil: this process's). Run adds a store,
	// Jupyter data and runtime directories of its own, which override Env's.
	Env []string
	// Executions is how many cells of the mix to run (the setup and the sampling
	// probes come on top).
	Executions int
	// InterruptEvery puts a cell that never ends at every InterruptEvery-th
	// execution; 0 for none.
	InterruptEvery int
	// InterruptAfter is how long such a cell runs before the interrupt_request.
	InterruptAfter time.Duration
	// SampleEvery is how many executions apart the processes are sampled.
	SampleEvery int
	// Block is how many executions one row of the latency table covers.
	Block int
	// Warmup is how many executions the memory baseline waits for: the interpreter
	// loads packages and grows its heap to its working size over the first ones.
	Warmup int
	// Timeout bounds one execution, from request to idle.
	Timeout time.Duration
	// MaxFailures stops the run after that many wrong replies (0: 20).
	MaxFailures int
	// Bounds are the verdicts' limits; zero fields take DefaultBounds'.
	Bounds Bounds
	// Progress, if set, receives a line per block as the run goes.
	Progress io.Writer
	// KernelLog, if set, receives the kernel's own stderr (its log, with the
	// worker's).
	KernelLog io.Writer
}

// Bounds are the limits the verdicts hold the kernel to. README.md says why these.
type Bounds struct {
	// RSSGrowthFraction and RSSPerExecution bound the growth of each process's
	// resident memory from the window after warm-up to the last window: whichever is
	// larger of the fraction of the baseline and RSSPerExecution bytes for every
	// execution between the two windows. Bounding growth per execution says what a
	// leak is in the unit it happens in, and holds a short run and a long one to
	// the same standard.
	RSSGrowthFraction float64
	RSSPerExecution   int64
	// GoroutineSlack is how many more goroutines the worker (and the kernel, when
	// it says) may have at the end than at the start.
	GoroutineSlack int
	// FDSlack is how many more open file descriptors each process may have at the
	// end than at the start.
	FDSlack int
	// P99Ratio bounds the last block's p99 round trip against the first block's.
	P99Ratio float64
}

// DefaultBounds are the benchmark's bounds.
var DefaultBounds = Bounds{RSSGrowthFraction: 0.25, RSSPerExecution: 4 << 10, GoroutineSlack: 2, FDSlack: 4, P99Ratio: 2}

// Fill returns c with defaults for its zero fields.
func (c Config) Fill() Config {
	if c.Executions <= 0 {
		c.Executions = 10000
	}
	if c.InterruptAfter <= 0 {
		c.InterruptAfter = 100 * time.Millisecond
	}
	if c.SampleEvery <= 0 {
		c.SampleEvery = 100
	}
	if c.Block <= 0 {
		c.Block = 1000
	}
	if c.Block > c.Executions {
		c.Block = c.Executions
	}
	if c.Block%c.SampleEvery != 0 {
		// A block's CPU time is read from the samples at its ends.
		c.SampleEvery = gcd(c.Block, c.SampleEvery)
	}
	if c.Warmup < 0 || c.Warmup >= c.Executions {
		c.Warmup = 0
	}
	if c.Timeout <= 0 {
		c.Timeout = time.Minute
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = 20
	}
	d := DefaultBounds
	if c.Bounds.RSSGrowthFraction <= 0 {
		c.Bounds.RSSGrowthFraction = d.RSSGrowthFraction
	}
	if c.Bounds.RSSPerExecution <= 0 {
		c.Bounds.RSSPerExecution = d.RSSPerExecution
	}
	if c.Bounds.GoroutineSlack <= 0 {
		c.Bounds.GoroutineSlack = d.GoroutineSlack
	}
	if c.Bounds.FDSlack <= 0 {
		c.Bounds.FDSlack = d.FDSlack
	}
	if c.Bounds.P99Ratio <= 0 {
		c.Bounds.P99Ratio = d.P99Ratio
	}
	return c
}

// Execution is the record of one execution of the mix.
type Execution struct {
	N        int           `json:"n"` // from 1
	Kind     string        `json:"kind"`
	Category Category      `json:"category"`
	Elapsed  time.Duration `json:"elapsed_ns"` // request sent to idle; for interrupts, interrupt sent to idle
	OK       bool          `json:"ok"`
}

// Failure is a reply that was not what the model of the session said.
type Failure struct {
	N       int    `json:"n"`
	Kind    string `json:"kind"`
	Code    string `json:"code"`
	Problem string `json:"problem"`
	Reply   string `json:"reply"`
}

// Sample is the state of the two processes after N executions of the mix.
type Sample struct {
	N      int           `json:"n"`
	At     time.Duration `json:"at_ns"` // since the first execution
	Kernel ProcSample    `json:"kernel"`
	Worker ProcSample    `json:"worker"`
	// StoreBytes and StoreFiles are the size of GOKERNEL_STORE: the execution log
	// and the snapshots, which the kernel thins to its budget.
	StoreBytes int64  `json:"store_bytes"`
	StoreFiles int    `json:"store_files"`
	LoadAvg    string `json:"loadavg,omitempty"`
}

// ProcSample is one process's part of a Sample. Goroutines is -1 where the process
// does not say.
type ProcSample struct {
	PID        int   `json:"pid"`
	RSS        int64 `json:"rss_bytes"`
	Threads    int   `json:"threads"`
	FDs        int   `json:"fds"`
	Goroutines int   `json:"goroutines"`
	// CPU is the user and system time the process has used since it started.
	CPU time.Duration `json:"cpu_ns"`
}

// kernelGoroutines finds a goroutine count in the kernel's debug log line for an
// execution ("msg=executed ... goroutines=N"), should the kernel log one.
var kernelGoroutines = regexp.MustCompile(`msg=executed .*\bgoroutines=(\d+)`)

// kernelWatch reads the kernel's stderr: it keeps the latest goroutine count the
// log states, counts warnings and errors, keeps the last lines for a failure report,
// and passes everything on to the configured writer.
type kernelWatch struct {
	pass io.Writer

	mu         sync.Mutex
	goroutines int
	warnings   int
	tail       []string
}

func newKernelWatch(pass io.Writer) *kernelWatch {
	if pass == nil {
		pass = io.Discard
	}
	return &kernelWatch{pass: pass, goroutines: -1}
}

// run reads r until it ends.
func (w *kernelWatch) run(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(w.pass, line)
		w.mu.Lock()
		if m := kernelGoroutines.FindStringSubmatch(line); m != nil {
			w.goroutines, _ = strconv.Atoi(m[1])
		}
		if strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR") {
			w.warnings++
		}
		w.tail = append(w.tail, line)
		if len(w.tail) > 40 {
			w.tail = w.tail[len(w.tail)-40:]
		}
		w.mu.Unlock()
	}
	io.Copy(io.Discard, r) // a line too long for the scanner: keep the pipe flowing
}

func (w *kernelWatch) state() (goroutines, warnings int, tail []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.goroutines, w.warnings, append([]string(nil), w.tail...)
}

// runner is one soak run in progress.
type runner struct {
	cfg   Config
	k     *jupyterclient.Kernel
	watch *kernelWatch
	model *model
	// count is the execution_count the next execution must get.
	count int
	start time.Time
	// store is the kernel's GOKERNEL_STORE.
	store string

	report *Report
}

// Run soaks the kernel cfg.Binary with cfg.Executions executions of the mix. A wrong
// reply is a Failure in the report, and the run goes on up to cfg.MaxFailures of
// them; an error means the run could not go on (the kernel did not start, died, or
// did not answer in time), and the report then holds what was measured until then.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg = cfg.Fill()
	rep := &Report{Config: reportConfig(cfg), Started: time.Now()}
	if err := haveProc(); err != nil {
		return rep, err
	}
	if cfg.Binary == "" {
		return rep, errors.New("soak: Config.Binary is empty")
	}
	dir, err := os.MkdirTemp("", "gokernel-soak-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)
	env := cfg.Env
	if env == nil {
		env = os.Environ()
	}
	// Later entries win in os/exec, so these override any the caller's Env holds.
	env = append(slicesClone(env),
		"GOKERNEL_STORE="+filepath.Join(dir, "store"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		// The kernel's debug line for each execution is where its goroutine count
		// is read, once the kernel logs one (see kernelGoroutines).
		"GOKERNEL_LOG=debug",
	)
	logR, logW := io.Pipe()
	watch := newKernelWatch(cfg.KernelLog)
	watchDone := make(chan struct{})
	go func() { watch.run(logR); close(watchDone) }()
	defer func() { logW.Close(); <-watchDone }()

	k, err := jupyterclient.Start(ctx, jupyterclient.Options{Binary: cfg.Binary, Env: env, Dir: dir, Stderr: logW})
	if err != nil {
		return rep, fmt.Errorf("start kernel: %w", err)
	}
	defer k.Close()
	r := &runner{cfg: cfg, k: k, watch: watch, model: newModel(), count: 1, report: rep, store: filepath.Join(dir, "store")}
	err = r.run(ctx)
	if err == nil {
		if serr := k.Shutdown(10 * time.Second); serr != nil {
			rep.ShutdownError = serr.Error()
		}
	}
	rep.Duration = time.Since(rep.Started)
	_, rep.KernelWarnings, rep.KernelLogTail = watch.state()
	if err == nil && rep.ShutdownError == "" && len(rep.Failures) == 0 {
		rep.KernelLogTail = nil // kept to explain a failure only
	}
	rep.finish(cfg)
	return rep, err
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

func (r *runner) run(ctx context.Context) error {
	for i, code := range setupCells {
		res, err := r.execute(ctx, code)
		if err != nil {
			return fmt.Errorf("setup cell %d: %w", i+1, err)
		}
		if res.Reply.Status != "ok" {
			return fmt.Errorf("setup cell %d: %s", i+1, res.Describe())
		}
	}
	r.start = time.Now()
	if err := r.sample(ctx, 0); err != nil {
		return err
	}
	lastBlock := r.start
	for i := 0; i < r.cfg.Executions; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		c := cellFor(r.model, i, r.cfg.InterruptEvery)
		var res *jupyterclient.Result
		var elapsed time.Duration
		var err error
		if c.category == CategoryInterrupt {
			res, elapsed, err = r.interrupt(ctx, c.code)
		} else {
			res, err = r.execute(ctx, c.code)
			if res != nil {
				elapsed = res.Elapsed
			}
		}
		if err != nil {
			return fmt.Errorf("execution %d (%s): %w", i+1, c.kind, err)
		}
		problem := c.check(res)
		if problem == nil && res.Reply.Status == "ok" && c.commit != nil {
			c.commit()
		}
		r.report.Executions = append(r.report.Executions, Execution{N: i + 1, Kind: c.kind, Category: c.category, Elapsed: elapsed, OK: problem == nil})
		if problem != nil {
			r.report.Failures = append(r.report.Failures, Failure{N: i + 1, Kind: c.kind, Code: c.code, Problem: problem.Error(), Reply: res.Describe()})
			if len(r.report.Failures) >= r.cfg.MaxFailures {
				return fmt.Errorf("%d wrong replies, the last at execution %d (%s): %v", len(r.report.Failures), i+1, c.kind, problem)
			}
		}
		n := i + 1
		if n%r.cfg.SampleEvery == 0 || n == r.cfg.Executions {
			if err := r.sample(ctx, n); err != nil {
				return err
			}
		}
		if r.cfg.Progress != nil && (n%r.cfg.Block == 0 || n == r.cfg.Executions) {
			r.progress(n, time.Since(lastBlock))
			lastBlock = time.Now()
		}
	}
	return nil
}

// execute runs one cell and checks that it got the next execution count, as every
// execute_request with store_history does, error or not.
func (r *runner) execute(ctx context.Context, code string) (*jupyterclient.Result, error) {
	res, err := r.k.Execute(ctx, code, r.cfg.Timeout)
	if err != nil {
		return res, r.transportError(err)
	}
	return res, r.checkCount(res)
}

func (r *runner) checkCount(res *jupyterclient.Result) error {
	want := r.count
	r.count++
	if res.Reply.ExecutionCount != want {
		// Every later count would be off too: the run cannot be judged.
		return fmt.Errorf("execution_count %d, want %d (%s)", res.Reply.ExecutionCount, want, res.Describe())
	}
	return nil
}

// transportError adds what the kernel was doing to an error of the protocol.
func (r *runner) transportError(err error) error {
	select {
	case <-r.k.Exited():
		return fmt.Errorf("%w; the kernel exited: %v", err, r.k.ExitErr())
	default:
	}
	return err
}

// interrupt runs a cell that never ends: once the kernel has started it (its
// execute_input is on iopub), it waits InterruptAfter and sends interrupt_request on
// control. The interrupt is sent again every interruptRetry until the cell ends,
// since one sent before the worker had the cell would find nothing to stop; retries
// are counted in the report. The elapsed time is from the first interrupt to idle.
func (r *runner) interrupt(ctx context.Context, code string) (*jupyterclient.Result, time.Duration, error) {
	const interruptRetry = 2 * time.Second
	start := time.Now()
	deadline := start.Add(r.cfg.Timeout)
	id, err := r.k.Send(jupyterclient.Shell, "execute_request", map[string]any{
		"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{},
		"allow_stdin": false, "stop_on_error": true,
	})
	if err != nil {
		return nil, 0, err
	}
	res := &jupyterclient.Result{MsgID: id}
	var interruptedAt, nextInterrupt time.Time
	for {
		wait := time.Until(deadline)
		if !nextInterrupt.IsZero() {
			wait = min(wait, time.Until(nextInterrupt))
		}
		m, err := r.k.NextIOPub(max(wait, time.Millisecond))
		switch {
		case errors.Is(err, jupyterclient.ErrTimeout) && !nextInterrupt.IsZero() && time.Now().Before(deadline):
			if !interruptedAt.IsZero() {
				r.report.InterruptRetries++
			}
			if interruptedAt.IsZero() {
				interruptedAt = time.Now()
			}
			if err := r.k.Interrupt(ctx); err != nil {
				return res, 0, fmt.Errorf("interrupt_request: %w", r.transportError(err))
			}
			nextInterrupt = time.Now().Add(interruptRetry)
			continue
		case err != nil:
			return res, 0, fmt.Errorf("waiting for the interrupted cell to end: %w", r.transportError(err))
		}
		if jupyterclient.ParentID(m) != id {
			continue
		}
		switch m.Header.MsgType {
		case "execute_input":
			nextInterrupt = time.Now().Add(r.cfg.InterruptAfter)
		case "status":
			var c struct {
				State string `json:"execution_state"`
			}
			json.Unmarshal(m.Content, &c)
			if c.State != "idle" {
				continue
			}
			res.Elapsed = time.Since(start)
			reply, err := r.k.Reply(ctx, jupyterclient.Shell, id, time.Until(deadline))
			if err != nil {
				return res, 0, fmt.Errorf("waiting for execute_reply: %w", r.transportError(err))
			}
			if err := json.Unmarshal(reply.Content, &res.Reply); err != nil {
				return res, 0, fmt.Errorf("execute_reply content: %w", err)
			}
			if interruptedAt.IsZero() {
				return res, 0, fmt.Errorf("the cell that never ends ended before the interrupt: %s", res.Describe())
			}
			return res, time.Since(interruptedAt), r.checkCount(res)
		}
		if m.Header.MsgType != "status" {
			res.Outputs = append(res.Outputs, m)
		}
	}
}

// sample reads /proc for the kernel and its worker, and asks the worker for its
// goroutine count with a probe cell.
func (r *runner) sample(ctx context.Context, n int) error {
	res, err := r.execute(ctx, probeCode)
	if err != nil {
		return fmt.Errorf("probe after %d executions: %w", n, err)
	}
	if res.Reply.Status != "ok" {
		return fmt.Errorf("probe after %d executions: %s", n, res.Describe())
	}
	workerG, err := strconv.Atoi(res.Value())
	if err != nil {
		return fmt.Errorf("probe after %d executions: value %q", n, res.Value())
	}
	// The probe itself runs in a goroutine of the evaluation, which has ended by the
	// reply; the count includes it, the same in every sample.
	kpid := r.k.Cmd.Process.Pid
	wpid, err := jupyterclient.WorkerPID(kpid)
	if err != nil {
		return fmt.Errorf("sample after %d executions: %w", n, err)
	}
	ks, err := readProc(kpid)
	if err != nil {
		return fmt.Errorf("sample kernel after %d executions: %w", n, err)
	}
	ws, err := readProc(wpid)
	if err != nil {
		return fmt.Errorf("sample worker after %d executions: %w", n, err)
	}
	kernelG, _, _ := r.watch.state()
	storeBytes, storeFiles := dirSize(r.store)
	s := Sample{N: n, At: time.Since(r.start),
		Kernel:     ProcSample{PID: kpid, RSS: ks.RSS, Threads: ks.Threads, FDs: ks.FDs, Goroutines: kernelG, CPU: ks.CPU},
		Worker:     ProcSample{PID: wpid, RSS: ws.RSS, Threads: ws.Threads, FDs: ws.FDs, Goroutines: workerG, CPU: ws.CPU},
		StoreBytes: storeBytes, StoreFiles: storeFiles, LoadAvg: loadAvg()}
	r.report.Samples = append(r.report.Samples, s)
	return nil
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// progress prints the block that just ended.
func (r *runner) progress(n int, took time.Duration) {
	from := ((n - 1) / r.cfg.Block) * r.cfg.Block
	var ok []time.Duration
	for _, e := range r.report.Executions[from:n] {
		if e.Category == CategoryOK {
			ok = append(ok, e.Elapsed)
		}
	}
	st := durationStats(ok)
	var last Sample
	if len(r.report.Samples) > 0 {
		last = r.report.Samples[len(r.report.Samples)-1]
	}
	fmt.Fprintf(r.cfg.Progress, "soak: %d/%d executions in %.1fs: p50 %s p99 %s; rss kernel %s worker %s; worker goroutines %d; failures %d; load %s\n",
		n, r.cfg.Executions, took.Seconds(), ms(st.P50), ms(st.P99), mib(last.Kernel.RSS), mib(last.Worker.RSS),
		last.Worker.Goroutines, len(r.report.Failures), last.LoadAvg)
}
