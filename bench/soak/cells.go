package soak

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/internal/jupyterclient"
)

// Category groups cell kinds for the latency statistics: errors and interrupts take
// other paths through the kernel (tracebacks, the interrupt's grace) and would blur
// the round trip of ordinary cells.
type Category string

// The categories of cells.
const (
	CategoryOK        Category = "ok"
	CategoryError     Category = "error"
	CategoryInterrupt Category = "interrupt"
)

// cell is one execution: its source, its kind, how its reply is checked against the
// model of the session, and what it does to that model.
type cell struct {
	kind     string
	category Category
	code     string
	check    func(r *jupyterclient.Result) error
	// commit updates the model once the kernel replied ok: the session changed.
	commit func()
}

// model is what the driver knows the session holds, so that every reply can be
// checked for the exact value, and so that a session that lost state (a worker
// restarted behind the driver's back, an interrupt that undid a definition) fails the
// next check that reads it.
type model struct {
	fA, fB int // soakF(x) = x*fA + fB
	pointK int // soakPoint.Sum() = X + Y + pointK
	v      int // soakV
	// logN and logSum are len(soakLog) and the sum of its N fields: the state that
	// grows, one small struct per pass of the mix.
	logN, logSum int
	// cache mirrors soakCache, a map that is mutated but never exceeds cacheKeys keys.
	cache map[int]int
}

// cacheKeys bounds soakCache.
const cacheKeys = 64

func newModel() *model {
	// The values setupCells define.
	return &model{fA: 1, fB: 0, pointK: 0, v: 0, cache: map[int]int{}}
}

// setupCells declare what the mix uses and are run once before it, outside the
// counted executions. Imports are explicit, not left to auto-import, so that the
// first cell of each kind does not pay for an import the others do not.
var setupCells = []string{
	`import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gokernel/gokernel/display"
)`,
	`type soakEntry struct {
	N   int
	Tag string
}

var soakLog []soakEntry
var soakCache = map[int]int{}
var soakV = 0

func soakF(x int) int { return x }

type soakPoint struct{ X, Y int }

func (p soakPoint) Sum() int { return p.X + p.Y }

func soakTotal() int {
	t := 0
	for _, e := range soakLog {
		t += e.N
	}
	return t
}

// soakBoom panics n interpreted frames down.
func soakBoom(n int) int {
	if n == 0 {
		panic("soak deep panic")
	}
	return soakBoom(n-1) + 1
}`,
	// Uses every import once, so none is unused and each package is loaded.
	`_ = fmt.Sprint(os.Getpid(), runtime.NumGoroutine(), sort.IntsAreSorted(nil), strconv.Itoa(1), strings.ToUpper("a"), time.Second)
var soakWG sync.WaitGroup
var soakCount int64
atomic.AddInt64(&soakCount, 1)
soakWG.Wait()
display.TextBundle("ready").PlainText()`,
}

// probeCode is the sampling cell: in yaegi, runtime.NumGoroutine runs in the worker
// and counts the worker's goroutines, the cell's own evaluation included.
const probeCode = `runtime.NumGoroutine()`

// mix lists the cell makers the driver cycles through, in order; execution i (from 0)
// runs mix[i%len(mix)] except where an interrupt or the check after it is due. The
// order puts each definition before the cells that use it and spreads the error kinds
// out, as a notebook session would.
var mix = []func(m *model, i int) cell{
	defineFunc,
	callFunc,
	loopSum,
	defineType,
	callMethod,
	printLines,
	accumulate,
	displayHTML,
	compileError,
	defineVar,
	useVar,
	displayMarkdown,
	panicCell,
	goroutines,
	checkState,
	mutateCache,
	displayTable,
	indexError,
	printStderr,
	displayUpdate,
	deepPanic,
	stringValue,
	sortSlice,
	syntaxError,
}

// cellFor returns the cell of execution i (from 0).
func cellFor(m *model, i, interruptEvery int) cell {
	if interruptEvery > 0 {
		if i%interruptEvery == interruptEvery-1 {
			return interruptCell(i / interruptEvery)
		}
		if i%interruptEvery == 0 && i > 0 {
			// Right after an interrupt: the whole session must still be there.
			return checkState(m, i)
		}
	}
	return mix[i%len(mix)](m, i)
}

// Definitions. Each redefines the same names with new values, so the session's
// declarations do not grow with the number of executions, while the interpreter still
// compiles a new body every time.

func defineFunc(m *model, i int) cell {
	a, b := 2+i%7, i%13
	return cell{kind: "define func", category: CategoryOK,
		code:   fmt.Sprintf("func soakF(x int) int { return x*%d + %d }", a, b),
		check:  wantQuiet(),
		commit: func() { m.fA, m.fB = a, b }}
}

func defineType(m *model, i int) cell {
	k := i % 11
	return cell{kind: "define type+method", category: CategoryOK,
		code:   fmt.Sprintf("type soakPoint struct{ X, Y int }\n\nfunc (p soakPoint) Sum() int { return p.X + p.Y + %d }", k),
		check:  wantQuiet(),
		commit: func() { m.pointK = k }}
}

func defineVar(m *model, i int) cell {
	v := i * 2
	return cell{kind: "define var", category: CategoryOK,
		code:   fmt.Sprintf("soakV := %d", v),
		check:  wantQuiet(),
		commit: func() { m.v = v }}
}

// State that accumulates: one small struct per pass of the mix, so the session's
// data grows by len(mix)⁻¹ entries per execution (about 420 entries after 10,000
// executions) and every snapshot of it stays a few kilobytes. The soak looks for
// growth the workload does not explain, so the workload's own growth is kept small
// and known.
func accumulate(m *model, i int) cell {
	return cell{kind: "accumulate", category: CategoryOK,
		code:   fmt.Sprintf(`soakLog = append(soakLog, soakEntry{N: %d, Tag: "e" + strconv.Itoa(%d)})`, i, i),
		check:  wantQuiet(),
		commit: func() { m.logN++; m.logSum += i }}
}

// A map mutated in place, bounded by cacheKeys keys.
func mutateCache(m *model, i int) cell {
	key := i % cacheKeys
	n := len(m.cache)
	if _, ok := m.cache[key]; !ok {
		n++
	}
	return cell{kind: "mutate map", category: CategoryOK,
		code:   fmt.Sprintf("soakCache[%d] = %d\nlen(soakCache)", key, i*i),
		check:  wantValue(strconv.Itoa(n)),
		commit: func() { m.cache[key] = i * i }}
}

// Computation whose result is checked.

func callFunc(m *model, i int) cell {
	// sum over k < 200 of k*a + b
	want := m.fA*199*200/2 + 200*m.fB
	return cell{kind: "loop calling func", category: CategoryOK,
		code:  "t := 0\nfor k := 0; k < 200; k++ {\n\tt += soakF(k)\n}\nt",
		check: wantValue(strconv.Itoa(want))}
}

func loopSum(m *model, i int) cell {
	n := 1000 + (i*37)%2000
	return cell{kind: "loop sum", category: CategoryOK,
		code:  fmt.Sprintf("s := 0\nfor j := 1; j <= %d; j++ {\n\ts += j\n}\ns", n),
		check: wantValue(strconv.Itoa(n * (n + 1) / 2))}
}

func callMethod(m *model, i int) cell {
	return cell{kind: "call method", category: CategoryOK,
		code:  fmt.Sprintf("soakPoint{X: %d, Y: 3}.Sum()", i),
		check: wantValue(strconv.Itoa(i + 3 + m.pointK))}
}

func useVar(m *model, i int) cell {
	return cell{kind: "use var", category: CategoryOK,
		code:  "soakV + soakF(1)",
		check: wantValue(strconv.Itoa(m.v + m.fA + m.fB))}
}

func goroutines(m *model, i int) cell {
	// Four goroutines that end before the cell does: none may outlive it.
	return cell{kind: "goroutines", category: CategoryOK,
		code: fmt.Sprintf(`var wg sync.WaitGroup
var tot int64
for g := 1; g <= 4; g++ {
	wg.Add(1)
	go func(g int) {
		defer wg.Done()
		atomic.AddInt64(&tot, int64(g*%d))
	}(g)
}
wg.Wait()
tot`, i),
		check: wantValue(strconv.Itoa(10 * i))}
}

func checkState(m *model, i int) cell {
	return cell{kind: "check state", category: CategoryOK,
		code:  "fmt.Println(len(soakLog), soakTotal(), len(soakCache), soakV, soakF(10), soakPoint{}.Sum())",
		check: wantStdout(fmt.Sprintf("%d %d %d %d %d %d\n", m.logN, m.logSum, len(m.cache), m.v, 10*m.fA+m.fB, m.pointK))}
}

func stringValue(m *model, i int) cell {
	n := i%10 + 1
	return cell{kind: "string value", category: CategoryOK,
		code:  fmt.Sprintf(`strings.Repeat("ab", %d)`, n),
		check: wantValue(strconv.Quote(strings.Repeat("ab", n)))}
}

func sortSlice(m *model, i int) cell {
	xs := make([]int, 500)
	for j := range xs {
		xs[j] = (j*7919 + i) % 1000
	}
	slices.Sort(xs)
	return cell{kind: "sort slice", category: CategoryOK,
		code: fmt.Sprintf(`soakXs := make([]int, 500)
for j := range soakXs {
	soakXs[j] = (j*7919 + %d) %% 1000
}
sort.Ints(soakXs)
soakXs[0]*1000 + soakXs[499]`, i),
		check: wantValue(strconv.Itoa(xs[0]*1000 + xs[499]))}
}

// Output.

func printLines(m *model, i int) cell {
	var want strings.Builder
	for j := range 3 {
		fmt.Fprintf(&want, "soak %d.%d\n", i, j)
	}
	return cell{kind: "print stdout", category: CategoryOK,
		code:  fmt.Sprintf("for j := 0; j < 3; j++ {\n\tfmt.Printf(\"soak %%d.%%d\\n\", %d, j)\n}", i),
		check: wantStdout(want.String())}
}

func printStderr(m *model, i int) cell {
	return cell{kind: "print stderr", category: CategoryOK,
		code:  fmt.Sprintf(`fmt.Fprintln(os.Stderr, "soak warning", %d)`, i),
		check: wantStderr(fmt.Sprintf("soak warning %d\n", i))}
}

func displayHTML(m *model, i int) cell {
	html := fmt.Sprintf("<b>soak %d</b>", i)
	return cell{kind: "display HTML", category: CategoryOK,
		code:  fmt.Sprintf("display.HTML(%q)", html),
		check: wantDisplay("text/html", html)}
}

func displayMarkdown(m *model, i int) cell {
	md := fmt.Sprintf("## soak %d\n\n*%d* squared is %d", i, i, i*i)
	return cell{kind: "display Markdown", category: CategoryOK,
		code:  fmt.Sprintf("display.Markdown(%q)", md),
		check: wantDisplay("text/markdown", md)}
}

func displayTable(m *model, i int) cell {
	return cell{kind: "display table", category: CategoryOK,
		code:  fmt.Sprintf(`display.Table([][]string{{"n", "square"}, {"%d", "%d"}})`, i, i*i),
		check: wantDisplayContaining("text/html", fmt.Sprintf("<td>%d</td><td>%d</td>", i, i*i))}
}

func displayUpdate(m *model, i int) cell {
	return cell{kind: "display update", category: CategoryOK,
		code:  fmt.Sprintf(`display.New(display.TextBundle("start %d")).Update(display.TextBundle("done %d"))`, i, i),
		check: wantUpdatedDisplay(fmt.Sprintf("start %d", i), fmt.Sprintf("done %d", i))}
}

// Errors: each must end the cell with status error and the right ename, and leave the
// session as it was.

func compileError(m *model, i int) cell {
	return cell{kind: "compile error", category: CategoryError,
		code:  fmt.Sprintf("soakMissing%d + 1", i),
		check: wantError("CompileError", fmt.Sprintf("line 1:1: undefined: soakMissing%d", i))}
}

func syntaxError(m *model, i int) cell {
	return cell{kind: "syntax error", category: CategoryError,
		code:  fmt.Sprintf("soakBad := (%d +", i),
		check: wantError("CompileError", "")}
}

func panicCell(m *model, i int) cell {
	return cell{kind: "panic", category: CategoryError,
		code:  fmt.Sprintf(`panic("soak %d")`, i),
		check: wantError("panic", fmt.Sprintf("soak %d", i))}
}

func deepPanic(m *model, i int) cell {
	return cell{kind: "panic 8 frames deep", category: CategoryError,
		code:  "soakBoom(8)",
		check: wantError("panic", "soak deep panic")}
}

func indexError(m *model, i int) cell {
	k := 3 + i%5
	return cell{kind: "runtime error", category: CategoryError,
		code:  fmt.Sprintf("soakK := %d\nsoakIdx := []int{1, 2, 3}\nsoakIdx[soakK]", k),
		check: wantError("runtime error", fmt.Sprintf("index out of range [%d] with length 3", k))}
}

// interruptVariants are cells that never end, each stuck in a different way that an
// interrupt must stop without replacing the worker: a busy loop, a loop of short
// sleeps, a receive nothing will send to, an empty select. (A single long native call
// such as time.Sleep(time.Hour) cannot be stopped inside the worker; the kernel
// replaces the worker after its grace period, which is tested elsewhere and would not
// keep the session.)
var interruptVariants = []string{
	"soakSpin := 0\nfor {\n\tsoakSpin++\n}",
	"for {\n\ttime.Sleep(time.Millisecond)\n}",
	"<-make(chan int)",
	"select {}",
}

func interruptCell(n int) cell {
	return cell{kind: "interrupt", category: CategoryInterrupt,
		code:  interruptVariants[n%len(interruptVariants)],
		check: wantError("Interrupted", "the cell was interrupted")}
}

// Checks.

// outputs returns the iopub messages of r other than execute_input, by type.
func outputs(r *jupyterclient.Result) map[string]int {
	n := map[string]int{}
	for _, m := range r.Outputs {
		if m.Header.MsgType != "execute_input" {
			n[m.Header.MsgType]++
		}
	}
	return n
}

// only fails when r has output of a type not in allowed (with the counts given), so
// that stray output (a warning on stderr, an extra display) is caught too.
func only(r *jupyterclient.Result, allowed map[string]int) error {
	got := outputs(r)
	for typ, n := range got {
		if typ == "stream" {
			// Streams may come in pieces; which streams is checked by the caller.
			if allowed[typ] == 0 {
				return fmt.Errorf("unexpected output on %s", streamNames(r))
			}
			continue
		}
		if allowed[typ] != n {
			return fmt.Errorf("%d %s messages, want %d (outputs %v)", n, typ, allowed[typ], got)
		}
	}
	for typ, n := range allowed {
		if typ != "stream" && got[typ] != n {
			return fmt.Errorf("%d %s messages, want %d (outputs %v)", got[typ], typ, n, got)
		}
	}
	return nil
}

func streamNames(r *jupyterclient.Result) string {
	var names []string
	for _, s := range []string{"stdout", "stderr"} {
		if t := r.Stream(s); t != "" {
			names = append(names, fmt.Sprintf("%s %q", s, clip(t)))
		}
	}
	return strings.Join(names, ", ")
}

func statusOK(r *jupyterclient.Result) error {
	if r.Reply.Status != "ok" {
		return fmt.Errorf("status %s, want ok", r.Reply.Status)
	}
	return nil
}

func wantQuiet() func(*jupyterclient.Result) error {
	return func(r *jupyterclient.Result) error {
		if err := statusOK(r); err != nil {
			return err
		}
		return only(r, nil)
	}
}

func wantValue(v string) func(*jupyterclient.Result) error {
	return func(r *jupyterclient.Result) error {
		if err := statusOK(r); err != nil {
			return err
		}
		if err := only(r, map[string]int{"execute_result": 1}); err != nil {
			return err
		}
		if got := r.Value(); got != v {
			return fmt.Errorf("value %q, want %q", got, v)
		}
		return nil
	}
}

func wantStdout(s string) func(*jupyterclient.Result) error {
	return wantStream("stdout", s)
}

func wantStderr(s string) func(*jupyterclient.Result) error {
	return wantStream("stderr", s)
}

func wantStream(name, s string) func(*jupyterclient.Result) error {
	return func(r *jupyterclient.Result) error {
		if err := statusOK(r); err != nil {
			return err
		}
		if err := only(r, map[string]int{"stream": 1}); err != nil {
			return err
		}
		other := map[string]string{"stdout": "stderr", "stderr": "stdout"}[name]
		if got := r.Stream(name); got != s {
			return fmt.Errorf("%s %q, want %q", name, clip(got), s)
		}
		if got := r.Stream(other); got != "" {
			return fmt.Errorf("unexpected %s %q", other, clip(got))
		}
		return nil
	}
}

// displays returns the data and display id of every display_data and
// update_display_data of r, in order.
func displays(r *jupyterclient.Result) (data []map[string]any, ids []string, updates []bool) {
	for _, m := range r.Outputs {
		typ := m.Header.MsgType
		if typ != "display_data" && typ != "update_display_data" {
			continue
		}
		var c struct {
			Data      map[string]any `json:"data"`
			Transient struct {
				DisplayID string `json:"display_id"`
			} `json:"transient"`
		}
		if err := json.Unmarshal(m.Content, &c); err != nil {
			continue
		}
		data = append(data, c.Data)
		ids = append(ids, c.Transient.DisplayID)
		updates = append(updates, typ == "update_display_data")
	}
	return data, ids, updates
}

// wantDisplay wants one display whose mime data is text, with a text/plain fallback.
func wantDisplay(mime, text string) func(*jupyterclient.Result) error {
	return wantOneDisplay(mime, func(got string) bool { return got == text }, fmt.Sprintf("want %q", text))
}

// wantDisplayContaining wants one display whose mime data contains part, with a
// text/plain fallback.
func wantDisplayContaining(mime, part string) func(*jupyterclient.Result) error {
	return wantOneDisplay(mime, func(got string) bool { return strings.Contains(got, part) }, fmt.Sprintf("does not contain %q", part))
}

// wantOneDisplay wants a successful cell that displayed exactly once, its mime data
// accepted by match (why says how it was not) and with a text/plain fallback.
func wantOneDisplay(mime string, match func(string) bool, why string) func(*jupyterclient.Result) error {
	return func(r *jupyterclient.Result) error {
		if err := statusOK(r); err != nil {
			return err
		}
		if err := only(r, map[string]int{"display_data": 1}); err != nil {
			return err
		}
		data, _, _ := displays(r)
		if got, _ := data[0][mime].(string); !match(got) {
			return fmt.Errorf("%s %q: %s", mime, clip(got), why)
		}
		if _, ok := data[0]["text/plain"]; !ok {
			return fmt.Errorf("display without text/plain: %v", data[0])
		}
		return nil
	}
}

// wantUpdatedDisplay wants a display of first under a display id followed by an
// update of the same id to last.
func wantUpdatedDisplay(first, last string) func(*jupyterclient.Result) error {
	return func(r *jupyterclient.Result) error {
		if err := statusOK(r); err != nil {
			return err
		}
		if err := only(r, map[string]int{"display_data": 1, "update_display_data": 1}); err != nil {
			return err
		}
		data, ids, updates := displays(r)
		if updates[0] || !updates[1] {
			return fmt.Errorf("the update came before the display")
		}
		if ids[0] == "" || ids[0] != ids[1] {
			return fmt.Errorf("display ids %q and %q, want the same one", ids[0], ids[1])
		}
		if got, _ := data[0]["text/plain"].(string); got != first {
			return fmt.Errorf("display %q, want %q", got, first)
		}
		if got, _ := data[1]["text/plain"].(string); got != last {
			return fmt.Errorf("update %q, want %q", got, last)
		}
		return nil
	}
}

// wantError wants status error with ename and, when evalue is not empty, that evalue,
// both in the reply and in the one error message on iopub.
func wantError(ename, evalue string) func(*jupyterclient.Result) error {
	return func(r *jupyterclient.Result) error {
		if r.Reply.Status != "error" {
			return fmt.Errorf("status %s, want error %s", r.Reply.Status, ename)
		}
		if r.Reply.EName != ename {
			return fmt.Errorf("ename %q (%s), want %q", r.Reply.EName, r.Reply.EValue, ename)
		}
		if evalue != "" && r.Reply.EValue != evalue {
			return fmt.Errorf("evalue %q, want %q", r.Reply.EValue, evalue)
		}
		if r.Reply.EValue == "" {
			return fmt.Errorf("empty evalue")
		}
		if err := only(r, map[string]int{"error": 1}); err != nil {
			return err
		}
		for _, m := range r.Outputs {
			if m.Header.MsgType != "error" {
				continue
			}
			var c jupyterclient.ExecuteReply
			if err := json.Unmarshal(m.Content, &c); err != nil {
				return fmt.Errorf("error message: %w", err)
			}
			if c.EName != r.Reply.EName || c.EValue != r.Reply.EValue {
				return fmt.Errorf("iopub error %s: %s differs from the reply's", c.EName, c.EValue)
			}
			if len(c.Traceback) == 0 {
				return fmt.Errorf("error without traceback")
			}
		}
		return nil
	}
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}
