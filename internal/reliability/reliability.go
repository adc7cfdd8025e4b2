// Package reliability lets the fault, hostile-input, soak and fuzzing tests record what
// they tried and what came of it. With GOKERNEL_RELIABILITY_LOG naming a file, each
// record is appended to it as a JSON line; tests/reliability/run.sh runs the tests so
// and turns the lines into docs/reliability.md, so the report says what a test run saw,
// not what someone typed. Without the variable, recording does nothing.
package reliability

import (
	"encoding/json"
	"os"
	"sync"
	"testing"
	"time"
)

// LogEnv names the file records are appended to.
const LogEnv = "GOKERNEL_RELIABILITY_LOG"

// Record is one row of the report.
type Record struct {
	Area    string  `json:"area"`    // "fault", "hostile input", "soak", "fuzzing"
	Case    string  `json:"case"`    // what was tried
	Trials  int     `json:"trials"`  // how many times
	Passed  int     `json:"passed"`  // how many times the kernel came through as it must
	Outcome string  `json:"outcome"` // what the kernel did, in a sentence
	Test    string  `json:"test"`    // the test that tried it
	Seconds float64 `json:"seconds"` // how long that took
}

// mu serialises appends from parallel tests of one process; each line is one write to
// a file opened with O_APPEND, so test processes running at once do not mix lines.
var mu sync.Mutex

// Append adds r to the log when one is being gathered.
func Append(t testing.TB, r Record) {
	t.Helper()
	path := os.Getenv(LogEnv)
	if path == "" {
		return
	}
	if r.Test == "" {
		r.Test = t.Name()
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatalf("%s: %v", LogEnv, err)
	}
	defer f.Close()
	if _, err := f.Write(append(b, '\n')); err != nil {
		t.Fatalf("%s: %v", LogEnv, err)
	}
}

// Trials counts the attempts at one case and records them when the test ends, whether
// it passed or not.
type Trials struct {
	rec   Record
	start time.Time
}

// NewTrials starts counting the trials of a case in area; the record is appended at
// the test's cleanup, with the outcome the test set, marked as failed if it failed.
func NewTrials(t testing.TB, area, what string) *Trials {
	t.Helper()
	c := &Trials{rec: Record{Area: area, Case: what, Test: t.Name()}, start: time.Now()}
	t.Cleanup(func() {
		c.rec.Seconds = time.Since(c.start).Seconds()
		if t.Failed() && c.rec.Passed == c.rec.Trials {
			// The failure came after the last counted trial (in the check that the
			// kernel still answers, say), or before the first was counted: that
			// trial did not pass.
			if c.rec.Trials == 0 {
				c.rec.Trials = 1
			} else {
				c.rec.Passed--
			}
		}
		if t.Failed() {
			c.rec.Outcome = "FAILED: " + c.rec.Outcome
		}
		Append(t, c.rec)
	})
	return c
}

// Trial counts one attempt; ok says whether the kernel came through it.
func (c *Trials) Trial(ok bool) {
	c.rec.Trials++
	if ok {
		c.rec.Passed++
	}
}

// Outcome sets the sentence the report shows for the case.
func (c *Trials) Outcome(s string) { c.rec.Outcome = s }

// Add counts n attempts at once, passed of which the kernel came through (a fuzzer's
// inputs).
func (c *Trials) Add(n, passed int) {
	c.rec.Trials += n
	c.rec.Passed += passed
}

// Record returns the record as it stands.
func (c *Trials) Record() Record { return c.rec }
