package soak

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Report is what a soak run measured, with its verdicts. Its JSON form is what
// cmd/soak -json writes.
type Report struct {
	Config   ReportConfig  `json:"config"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`
	// Executions are the executions of the mix, in order (not in the JSON: the
	// blocks summarise them).
	Executions []Execution `json:"-"`
	Failures   []Failure   `json:"failures"`
	// Samples are the processes' state every Config.SampleEvery executions, the
	// first before any.
	Samples []Sample `json:"samples"`
	Blocks  []Block  `json:"blocks"`
	Kinds   []Kind   `json:"kinds"`
	// Slowest are the executions with the longest round trips, slowest first.
	Slowest []Execution `json:"slowest"`
	// Interrupts is how many cells were interrupted; InterruptRetries how many
	// interrupt_requests had to be sent again because the first found no cell
	// running yet.
	Interrupts       int `json:"interrupts"`
	InterruptRetries int `json:"interrupt_retries"`
	// WorkerPIDs are the worker processes seen, in order: more than one means the
	// worker was replaced during the run.
	WorkerPIDs     []int     `json:"worker_pids"`
	KernelWarnings int       `json:"kernel_log_warnings"` // WARN or ERROR lines in the kernel's log
	KernelLogTail  []string  `json:"kernel_log_tail,omitempty"`
	ShutdownError  string    `json:"shutdown_error,omitempty"`
	Verdicts       []Verdict `json:"verdicts"`
}

// ReportConfig is the part of the Config the report states.
type ReportConfig struct {
	Executions       int     `json:"executions"`
	InterruptEvery   int     `json:"interrupt_every"`
	InterruptAfterMs float64 `json:"interrupt_after_ms"`
	SampleEvery      int     `json:"sample_every"`
	Block            int     `json:"block"`
	Warmup           int     `json:"warmup"`
	Bounds           Bounds  `json:"bounds"`
	MixLength        int     `json:"mix_length"`
	SetupCells       int     `json:"setup_cells"`
}

func reportConfig(c Config) ReportConfig {
	return ReportConfig{Executions: c.Executions, InterruptEvery: c.InterruptEvery,
		InterruptAfterMs: float64(c.InterruptAfter) / 1e6, SampleEvery: c.SampleEvery, Block: c.Block,
		Warmup: c.Warmup, Bounds: c.Bounds, MixLength: len(mix), SetupCells: len(setupCells)}
}

// Stats are round-trip percentiles in milliseconds (nearest rank).
type Stats struct {
	N    int     `json:"n"`
	P50  float64 `json:"p50_ms"`
	P90  float64 `json:"p90_ms"`
	P99  float64 `json:"p99_ms"`
	Max  float64 `json:"max_ms"`
	Mean float64 `json:"mean_ms"`
}

// Block is one row of the latency table: executions From to To (from 1), and the
// processes as the sample at To found them.
type Block struct {
	From, To int `json:"-"`
	// OK are the round trips of cells that succeed, Errors of cells that end in an
	// error, Interrupts from interrupt_request to idle.
	OK         Stats      `json:"ok"`
	Errors     Stats      `json:"errors"`
	Interrupts Stats      `json:"interrupts"`
	Failures   int        `json:"failures"`
	Kernel     ProcSample `json:"kernel"`
	Worker     ProcSample `json:"worker"`
	// KernelCPU and WorkerCPU are each process's CPU time per execution over the
	// block, in milliseconds (the sampling probes included); Seconds is the block's
	// wall time.
	KernelCPU  float64 `json:"kernel_cpu_ms_per_execution"`
	WorkerCPU  float64 `json:"worker_cpu_ms_per_execution"`
	Seconds    float64 `json:"seconds"`
	StoreBytes int64   `json:"store_bytes"`
	// Range is From-To, for the JSON.
	Range string `json:"executions"`
}

// Kind is the round trip of one kind of cell over the whole run.
type Kind struct {
	Kind     string   `json:"kind"`
	Category Category `json:"category"`
	Count    int      `json:"count"`
	Failed   int      `json:"failed"`
	Stats    Stats    `json:"stats"`
}

// Verdict is one bound the run is held to.
type Verdict struct {
	Name     string `json:"name"`
	Bound    string `json:"bound"`
	Measured string `json:"measured"`
	// Status is "pass", "FAIL" or "n/a" (not measurable in this run).
	Status string `json:"status"`
	// Timing marks verdicts on time, which a test on a shared machine reports and
	// does not assert.
	Timing bool `json:"timing,omitempty"`
}

// Passed reports whether every verdict that is not about timing passed (or could
// not be judged).
func (r *Report) Passed() bool {
	for _, v := range r.Verdicts {
		if !v.Timing && v.Status == "FAIL" {
			return false
		}
	}
	return len(r.Verdicts) > 0
}

// Verdict returns the verdict called name, or a zero one.
func (r *Report) Verdict(name string) Verdict {
	for _, v := range r.Verdicts {
		if v.Name == name {
			return v
		}
	}
	return Verdict{}
}

// Verdict names.
const (
	VerdictReplies          = "every reply right"
	VerdictWorkerKept       = "worker never replaced"
	VerdictKernelRSS        = "kernel RSS growth after warm-up"
	VerdictWorkerRSS        = "worker RSS growth after warm-up"
	VerdictWorkerGoroutines = "worker goroutines"
	VerdictKernelGoroutines = "kernel goroutines"
	VerdictFDs              = "open file descriptors"
	VerdictP99              = "p99 round trip, last block vs first"
)

// finish computes the blocks, kinds and verdicts from the executions and samples.
func (r *Report) finish(cfg Config) {
	r.Blocks = nil
	for from := 0; from < len(r.Executions); from += cfg.Block {
		to := min(from+cfg.Block, len(r.Executions))
		b := Block{From: from + 1, To: to, Range: fmt.Sprintf("%d-%d", from+1, to)}
		var ok, bad, intr []time.Duration
		for _, e := range r.Executions[from:to] {
			switch e.Category {
			case CategoryOK:
				ok = append(ok, e.Elapsed)
			case CategoryError:
				bad = append(bad, e.Elapsed)
			case CategoryInterrupt:
				intr = append(intr, e.Elapsed)
			}
			if !e.OK {
				b.Failures++
			}
		}
		b.OK, b.Errors, b.Interrupts = durationStats(ok), durationStats(bad), durationStats(intr)
		s0, found0 := r.sampleAt(from)
		s1, found1 := r.sampleAt(to)
		if found1 {
			b.Kernel, b.Worker, b.StoreBytes = s1.Kernel, s1.Worker, s1.StoreBytes
		}
		if found0 && found1 && s0.Worker.PID == s1.Worker.PID {
			n := float64(to - from)
			b.KernelCPU = float64(s1.Kernel.CPU-s0.Kernel.CPU) / 1e6 / n
			b.WorkerCPU = float64(s1.Worker.CPU-s0.Worker.CPU) / 1e6 / n
			b.Seconds = (s1.At - s0.At).Seconds()
		}
		r.Blocks = append(r.Blocks, b)
	}

	r.Kinds = nil
	byKind := map[string]*Kind{}
	times := map[string][]time.Duration{}
	r.Interrupts = 0
	for _, e := range r.Executions {
		k := byKind[e.Kind]
		if k == nil {
			k = &Kind{Kind: e.Kind, Category: e.Category}
			byKind[e.Kind] = k
			r.Kinds = append(r.Kinds, Kind{Kind: e.Kind})
		}
		k.Count++
		if !e.OK {
			k.Failed++
		}
		times[e.Kind] = append(times[e.Kind], e.Elapsed)
		if e.Category == CategoryInterrupt {
			r.Interrupts++
		}
	}
	for i := range r.Kinds {
		k := byKind[r.Kinds[i].Kind]
		k.Stats = durationStats(times[k.Kind])
		r.Kinds[i] = *k
	}

	r.Slowest = slices.Clone(r.Executions)
	slices.SortStableFunc(r.Slowest, func(a, b Execution) int { return cmp.Compare(b.Elapsed, a.Elapsed) })
	r.Slowest = r.Slowest[:min(len(r.Slowest), 10)]

	r.WorkerPIDs = nil
	for _, s := range r.Samples {
		if len(r.WorkerPIDs) == 0 || r.WorkerPIDs[len(r.WorkerPIDs)-1] != s.Worker.PID {
			r.WorkerPIDs = append(r.WorkerPIDs, s.Worker.PID)
		}
	}
	r.Verdicts = r.verdicts(cfg)
}

// sampleAt returns the sample taken after n executions.
func (r *Report) sampleAt(n int) (Sample, bool) {
	for _, s := range r.Samples {
		if s.N == n {
			return s, true
		}
	}
	return Sample{}, false
}

// window returns the samples taken after from to to executions, inclusive.
func (r *Report) window(from, to int) []Sample {
	var out []Sample
	for _, s := range r.Samples {
		if s.N >= from && s.N <= to {
			out = append(out, s)
		}
	}
	return out
}

// The windows the verdicts compare, in executions. Medians over a window of samples
// rather than single samples, because the Go heap of either process breathes with the
// garbage collector's cycle: one sample may catch it before a collection, the next
// after.
func (r *Report) windows(cfg Config) (start, warm, last []Sample) {
	n := len(r.Executions)
	start = r.window(0, cfg.Block-1)
	warm = r.window(cfg.Warmup, cfg.Warmup+cfg.Block-1)
	last = r.window(max(n-cfg.Block+1, 1), n)
	return start, warm, last
}

func (r *Report) verdicts(cfg Config) []Verdict {
	b := cfg.Bounds
	var vs []Verdict
	status := func(ok bool) string {
		if ok {
			return "pass"
		}
		return "FAIL"
	}

	checked := len(r.Executions)
	vs = append(vs, Verdict{Name: VerdictReplies, Bound: fmt.Sprintf("all %d executions checked, none wrong", cfg.Executions),
		Measured: fmt.Sprintf("%d checked, %d wrong", checked, len(r.Failures)),
		Status:   status(checked == cfg.Executions && len(r.Failures) == 0)})
	vs = append(vs, Verdict{Name: VerdictWorkerKept, Bound: "one worker process for the whole run (interrupts stop the cell, not the worker)",
		Measured: fmt.Sprintf("%d worker process(es) %v", len(r.WorkerPIDs), r.WorkerPIDs),
		Status:   status(len(r.WorkerPIDs) == 1)})

	start, warm, last := r.windows(cfg)
	if len(warm) == 0 || len(last) == 0 {
		vs = append(vs, Verdict{Name: VerdictKernelRSS, Status: "n/a", Measured: "too few samples"},
			Verdict{Name: VerdictWorkerRSS, Status: "n/a", Measured: "too few samples"})
	} else {
		for _, p := range []struct {
			name string
			get  func(Sample) ProcSample
		}{{VerdictKernelRSS, func(s Sample) ProcSample { return s.Kernel }}, {VerdictWorkerRSS, func(s Sample) ProcSample { return s.Worker }}} {
			base := medianInt(warm, func(s Sample) int64 { return p.get(s).RSS })
			end := medianInt(last, func(s Sample) int64 { return p.get(s).RSS })
			// The executions between the windows' starts.
			between := int64(max(last[0].N-warm[0].N, 0))
			allowed := max(int64(b.RSSGrowthFraction*float64(base)), b.RSSPerExecution*between)
			vs = append(vs, Verdict{Name: p.name,
				Bound: fmt.Sprintf("median of the samples at %d-%d to median of the last %d executions': at most +%.0f%% or +%.1f KiB per execution (%d executions: +%s), whichever is larger",
					cfg.Warmup, cfg.Warmup+cfg.Block-1, cfg.Block, 100*b.RSSGrowthFraction, float64(b.RSSPerExecution)/1024, between, mib(b.RSSPerExecution*between)),
				Measured: fmt.Sprintf("%s → %s (%s, %+.1f%%, %.1f KiB per execution)", mib(base), mib(end), signedMiB(end-base), pct(end, base), perExec(end-base, between)),
				Status:   status(end-base <= allowed)})
		}
	}

	if len(start) == 0 || len(last) == 0 {
		vs = append(vs, Verdict{Name: VerdictWorkerGoroutines, Status: "n/a", Measured: "too few samples"})
	} else {
		goroutines := func(name string, get func(Sample) ProcSample) Verdict {
			count := func(s Sample) int64 { return int64(get(s).Goroutines) }
			g0, g1 := medianInt(start, count), medianInt(last, count)
			if g0 < 0 || g1 < 0 {
				return Verdict{Name: name, Status: "n/a",
					Bound:    fmt.Sprintf("as the worker's, + %d", b.GoroutineSlack),
					Measured: "not exposed: the kernel's debug log line \"executed\" has no goroutines field"}
			}
			return Verdict{Name: name,
				Bound:    fmt.Sprintf("median of the last %d executions' samples at most the first %d's + %d", cfg.Block, cfg.Block, b.GoroutineSlack),
				Measured: fmt.Sprintf("%d → %d (max %d)", g0, g1, maxInt(r.Samples, count)),
				Status:   status(g1 <= g0+int64(b.GoroutineSlack))}
		}
		vs = append(vs, goroutines(VerdictWorkerGoroutines, func(s Sample) ProcSample { return s.Worker }),
			goroutines(VerdictKernelGoroutines, func(s Sample) ProcSample { return s.Kernel }))
		kf0 := medianInt(start, func(s Sample) int64 { return int64(s.Kernel.FDs) })
		kf1 := medianInt(last, func(s Sample) int64 { return int64(s.Kernel.FDs) })
		wf0 := medianInt(start, func(s Sample) int64 { return int64(s.Worker.FDs) })
		wf1 := medianInt(last, func(s Sample) int64 { return int64(s.Worker.FDs) })
		slack := int64(b.FDSlack)
		vs = append(vs, Verdict{Name: VerdictFDs,
			Bound:    fmt.Sprintf("each process: median of the last %d executions' samples at most the first %d's + %d", cfg.Block, cfg.Block, b.FDSlack),
			Measured: fmt.Sprintf("kernel %d → %d, worker %d → %d", kf0, kf1, wf0, wf1),
			Status:   status(kf1 <= kf0+slack && wf1 <= wf0+slack)})
	}

	if len(r.Blocks) < 2 || r.Blocks[0].OK.N == 0 || r.Blocks[len(r.Blocks)-1].OK.N == 0 {
		vs = append(vs, Verdict{Name: VerdictP99, Status: "n/a", Measured: "fewer than two blocks", Timing: true})
	} else {
		first, lastB := r.Blocks[0].OK, r.Blocks[len(r.Blocks)-1].OK
		vs = append(vs, Verdict{Name: VerdictP99, Timing: true,
			Bound:    fmt.Sprintf("cells that succeed: p99 of executions %s at most %.1fx that of %s", r.Blocks[len(r.Blocks)-1].Range, b.P99Ratio, r.Blocks[0].Range),
			Measured: fmt.Sprintf("%.1f ms → %.1f ms (%.2fx)", first.P99, lastB.P99, lastB.P99/first.P99),
			Status:   status(lastB.P99 <= b.P99Ratio*first.P99)})
	}
	return vs
}

func durationStats(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return float64(s[max(0, min(i, len(s)-1))]) / 1e6
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return Stats{N: len(s), P50: rank(0.50), P90: rank(0.90), P99: rank(0.99), Max: rank(1),
		Mean: float64(sum) / float64(len(s)) / 1e6}
}

func medianInt(samples []Sample, get func(Sample) int64) int64 {
	if len(samples) == 0 {
		return 0
	}
	v := make([]int64, len(samples))
	for i, s := range samples {
		v[i] = get(s)
	}
	slices.Sort(v)
	return v[(len(v)-1)/2]
}

func maxInt(samples []Sample, get func(Sample) int64) int64 {
	m := int64(math.MinInt64)
	for _, s := range samples {
		m = max(m, get(s))
	}
	return m
}

func perExec(growth, executions int64) float64 {
	if executions == 0 {
		return 0
	}
	return float64(growth) / 1024 / float64(executions)
}

func pct(end, base int64) float64 {
	if base == 0 {
		return 0
	}
	return 100 * float64(end-base) / float64(base)
}

// mib formats bytes as MiB.
func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// signedMiB formats a change in bytes as MiB with its sign.
func signedMiB(b int64) string { return fmt.Sprintf("%+.1f MiB", float64(b)/(1<<20)) }

func ms(v float64) string { return fmt.Sprintf("%.1f ms", v) }

// Markdown renders the report as the tables README.md shows.
func (r *Report) Markdown() string {
	var w strings.Builder
	c := r.Config
	probes := len(r.Samples)
	fmt.Fprintf(&w, "Soak of gokernel: %d executions of a %d-cell mix (plus %d setup cells and %d sampling probes), an interrupt every %d, sampled every %d; took %s.\n\n",
		len(r.Executions), c.MixLength, c.SetupCells, probes, c.InterruptEvery, c.SampleEvery, r.Duration.Round(time.Second))
	fmt.Fprintf(&w, "Failures: %d. Interrupts: %d (interrupt_request sent again: %d). Worker processes: %d. Kernel log WARN/ERROR lines: %d.\n\n",
		len(r.Failures), r.Interrupts, r.InterruptRetries, len(r.WorkerPIDs), r.KernelWarnings)

	w.WriteString("| executions | wall | ok cells p50 | p90 | p99 | max | error cells p50 / p99 | interrupt → idle p50 / max | CPU per execution kernel / worker | kernel RSS | worker RSS | worker goroutines | kernel goroutines | kernel / worker threads | kernel / worker fds | store | failures |\n")
	w.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, b := range r.Blocks {
		intr := "–"
		if b.Interrupts.N > 0 {
			intr = fmt.Sprintf("%.0f / %.0f ms (%d)", b.Interrupts.P50, b.Interrupts.Max, b.Interrupts.N)
		}
		fmt.Fprintf(&w, "| %s | %.0f s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f / %.1f ms | %s | %.1f / %.1f ms | %s | %s | %d | %s | %d / %d | %d / %d | %s | %d |\n",
			b.Range, b.Seconds, b.OK.P50, b.OK.P90, b.OK.P99, b.OK.Max, b.Errors.P50, b.Errors.P99, intr,
			b.KernelCPU, b.WorkerCPU, mib(b.Kernel.RSS), mib(b.Worker.RSS), b.Worker.Goroutines, countOrNA(b.Kernel.Goroutines),
			b.Kernel.Threads, b.Worker.Threads, b.Kernel.FDs, b.Worker.FDs, mib(b.StoreBytes), b.Failures)
	}
	if len(r.Samples) > 0 {
		s0, s1 := r.Samples[0], r.Samples[len(r.Samples)-1]
		fmt.Fprintf(&w, "\nStart (after setup) → end: kernel RSS %s → %s, worker RSS %s → %s, worker goroutines %d → %d, kernel goroutines %s → %s.\n",
			mib(s0.Kernel.RSS), mib(s1.Kernel.RSS), mib(s0.Worker.RSS), mib(s1.Worker.RSS),
			s0.Worker.Goroutines, s1.Worker.Goroutines, countOrNA(s0.Kernel.Goroutines), countOrNA(s1.Kernel.Goroutines))
	}

	w.WriteString("\n| verdict | bound | measured | result |\n|---|---|---|---|\n")
	for _, v := range r.Verdicts {
		res := v.Status
		if v.Timing {
			res += " (timing)"
		}
		fmt.Fprintf(&w, "| %s | %s | %s | %s |\n", v.Name, v.Bound, v.Measured, res)
	}

	w.WriteString("\n| cell kind | count | wrong | p50 | p99 | max |\n|---|---|---|---|---|---|\n")
	for _, k := range r.Kinds {
		fmt.Fprintf(&w, "| %s (%s) | %d | %d | %.1f ms | %.1f ms | %.1f ms |\n", k.Kind, k.Category, k.Count, k.Failed, k.Stats.P50, k.Stats.P99, k.Stats.Max)
	}
	if len(r.Slowest) > 0 {
		w.WriteString("\nSlowest executions:")
		for _, e := range r.Slowest {
			fmt.Fprintf(&w, " %d (%s) %.0f ms;", e.N, e.Kind, float64(e.Elapsed)/1e6)
		}
		w.WriteString("\n")
	}
	if len(r.Failures) > 0 {
		w.WriteString("\nWrong replies:\n\n")
		for _, f := range r.Failures {
			fmt.Fprintf(&w, "- execution %d (%s): %s; reply: %s\n", f.N, f.Kind, f.Problem, f.Reply)
		}
	}
	return w.String()
}

func countOrNA(n int) string {
	if n < 0 {
		return "n/a"
	}
	return fmt.Sprint(n)
}
