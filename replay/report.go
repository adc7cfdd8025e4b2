package replay

import (
	"fmt"
	"io"
	"strings"
)

// Statuses of a cell in the report.
const (
	StatusReproduced = "reproduced"
	StatusDiverged   = "diverged"
	StatusSkipped    = "skipped"
	// StatusUnchecked is a cell that ran with nothing to compare it with.
	StatusUnchecked = "unchecked"
	// StatusVolatile is a cell whose values or output differed where the cell
	// says they may (//gokernel:volatile), or that computed them from such values.
	StatusVolatile = "volatile"
)

// Names of the divergences that are not a variable's.
const (
	NameStatus = "(status)" // it failed where it had succeeded, or the other way
	NameOutput = "(output)" // its text output differs
)

// A Report is the outcome of a replay, per cell.
type Report struct {
	Notebook string `json:"notebook"`
	// Mode is ModeRecorded, ModeCells or ModeTwice.
	Mode string `json:"mode"`
	// Session is the recorded session replayed, in ModeRecorded.
	Session string       `json:"session,omitempty"`
	Cells   []CellReport `json:"cells"`
	// Notes are what the reader should know about how the replay was done.
	Notes []string `json:"notes,omitempty"`
}

// A CellReport is what became of one execution (one code cell, in top-to-bottom modes).
type CellReport struct {
	// Cell is the cell's position in the notebook, from 1; 0 when the recorded
	// execution's code is in no cell any more.
	Cell   int    `json:"cell"`
	CellID string `json:"cell_id,omitempty"`
	// Count is the execution count it was recorded (or saved) with.
	Count  int    `json:"execution_count,omitempty"`
	Status string `json:"status"`
	// Reason says why it was skipped, or the likely cause of a divergence.
	Reason   string       `json:"reason,omitempty"`
	Diverged []Divergence `json:"diverged,omitempty"`
	// Volatile are the names that differed where they may (StatusVolatile).
	Volatile []string      `json:"volatile,omitempty"`
	Inputs   []InputChange `json:"changed_inputs,omitempty"`
	// Summary shows the first divergence of the replay: a %diff of the values, the
	// first differing line of output.
	Summary string `json:"summary,omitempty"`
}

// A Divergence is one name whose value (or the cell's status or output) differs.
type Divergence struct {
	Name     string `json:"name"`
	Expected string `json:"expected"`
	Replayed string `json:"replayed"`
}

// An InputChange is a file the execution read whose content is not what it was.
type InputChange struct {
	Path     string `json:"path"`
	Expected string `json:"expected"`
	Now      string `json:"now"` // "missing" when it cannot be read
}

func (c CellReport) label() string {
	var l string
	if c.Cell > 0 {
		l = fmt.Sprintf("cell %d", c.Cell)
	} else {
		l = "a cell no longer in the notebook"
	}
	if c.Count > 0 {
		l += fmt.Sprintf(" [%d]", c.Count)
	}
	return l
}

func (r *Report) count(status string) int {
	n := 0
	for _, c := range r.Cells {
		if c.Status == status {
			n++
		}
	}
	return n
}

// OK reports whether the replay proved the notebook: nothing diverged, and something
// was compared.
func (r *Report) OK() bool {
	return r.count(StatusDiverged) == 0 && r.count(StatusReproduced)+r.count(StatusVolatile) > 0
}

// WriteText writes the report for a person.
func (r *Report) WriteText(w io.Writer) {
	switch r.Mode {
	case ModeRecorded:
		fmt.Fprintf(w, "replay of %s: the executions session %s recorded\n", r.Notebook, r.Session)
	case ModeCells:
		fmt.Fprintf(w, "replay of %s: the code cells top to bottom, against their saved outputs\n", r.Notebook)
	case ModeTwice:
		fmt.Fprintf(w, "replay of %s: the code cells top to bottom, twice, the second run against the first\n", r.Notebook)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, c := range r.Cells {
		line := fmt.Sprintf("%-16s %s", c.label(), c.Status)
		if len(c.Diverged) > 0 {
			names := make([]string, len(c.Diverged))
			for i, d := range c.Diverged {
				names[i] = d.Name
				if d.Name == NameStatus {
					names[i] = d.Replayed
				}
			}
			line += ": " + strings.Join(names, ", ")
		}
		if len(c.Volatile) > 0 {
			line += ": " + strings.Join(c.Volatile, ", ")
		}
		fmt.Fprintln(w, line)
		if c.Reason != "" {
			fmt.Fprintf(w, "%16s   %s\n", "", c.Reason)
		}
		for _, in := range c.Inputs {
			fmt.Fprintf(w, "%16s   input %s changed: %s, now %s\n", "", in.Path, short(in.Expected), short(in.Now))
		}
		if c.Summary != "" {
			for _, l := range strings.Split(c.Summary, "\n") {
				fmt.Fprintf(w, "%16s   %s\n", "", l)
			}
		}
	}
	fmt.Fprintf(w, "%d reproduced, %d volatile, %d diverged, %d skipped, %d unchecked\n",
		r.count(StatusReproduced), r.count(StatusVolatile), r.count(StatusDiverged), r.count(StatusSkipped), r.count(StatusUnchecked))
}

// short shortens a hash for a person: its algorithm and 12 digits.
func short(h string) string {
	if alg, digits, ok := strings.Cut(h, ":"); ok && len(digits) > 12 {
		return alg + ":" + digits[:12]
	}
	return h
}
