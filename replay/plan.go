package replay

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gokernel/gokernel/internal/nbformat"
	"github.com/gokernel/gokernel/kernel"
	"github.com/gokernel/gokernel/lineage"
)

// A step is one execution to run again.
type step struct {
	code string
	seed uint64
	// cell is the notebook cell the step ran, nil when it is not in the notebook any
	// more (edited or deleted since it ran).
	cell *nbformat.Cell
	// recorded is the execution log's record of it, in a replay of recorded lineage.
	recorded *lineage.Execution
	// skip, when set, is why the step is not run.
	skip string
	// seedLine is a %seed cell's argument, which sets the notebook seed of the
	// steps after it when the notebook runs top to bottom.
	seedLine string
}

// A plan is what a replay runs.
type plan struct {
	mode    string // ModeRecorded or ModeCells
	session lineage.SessionInfo
	steps   []step
}

// Modes of a replay.
const (
	// ModeRecorded re-runs the executions a session of the notebook recorded.
	ModeRecorded = "recorded"
	// ModeCells runs the code cells top to bottom and compares their saved outputs.
	ModeCells = "cells"
	// ModeTwice runs the code cells top to bottom twice and compares the runs.
	ModeTwice = "twice"
)

// planRecorded plans the replay of the latest session of the store that ran nb: the
// one whose notebook is nb's path, else the latest session of an unnamed notebook
// (nbconvert, papermill and the console name none) that ran only code nb holds. It
// returns a nil plan when there is none.
func planRecorded(nb *nbformat.Notebook, store *lineage.Store, sessionID string) (*plan, []string, error) {
	sessions, err := store.Sessions()
	if err != nil {
		return nil, nil, err
	}
	cellCode := map[string]*nbformat.Cell{}
	for i := range nb.Cells {
		c := &nb.Cells[i]
		if c.Type == "code" {
			if _, dup := cellCode[lineage.CodeHash(c.Source)]; !dup {
				cellCode[lineage.CodeHash(c.Source)] = c
			}
		}
	}
	abs, _ := filepath.Abs(nb.Path)
	named := func(info lineage.SessionInfo) bool {
		if info.Notebook == "" {
			return false
		}
		if filepath.IsAbs(info.Notebook) {
			return info.Notebook == abs
		}
		// jupyter_server names notebooks relative to its root: a suffix of the path.
		return strings.HasSuffix(filepath.ToSlash(abs), "/"+filepath.ToSlash(info.Notebook))
	}
	var warnings []string
	var chosen *lineage.SessionInfo
	var execs []lineage.Execution
	for _, info := range slices.Backward(sessions) {
		if sessionID != "" && info.ID != sessionID {
			continue
		}
		if sessionID == "" && info.Notebook != "" && !named(info) {
			continue
		}
		got, logWarnings, err := store.ReadLog(info.ID)
		if err != nil {
			warnings = append(warnings, err.Error())
			continue
		}
		if sessionID == "" && info.Notebook == "" && !ranOnly(got, cellCode) {
			continue
		}
		if len(got) == 0 {
			continue
		}
		chosen, execs = &info, got
		warnings = append(warnings, logWarnings...)
		break
	}
	if chosen == nil {
		if sessionID != "" {
			return nil, warnings, fmt.Errorf("no session %s with executions in %s", sessionID, store.Dir())
		}
		return nil, warnings, nil
	}
	p := &plan{mode: ModeRecorded, session: *chosen}
	byID := map[string]*nbformat.Cell{}
	for i := range nb.Cells {
		if id := nb.Cells[i].ID; id != "" {
			byID[id] = &nb.Cells[i]
		}
	}
	for i := range execs {
		e := &execs[i]
		code, err := store.Code(e.Code)
		if err != nil {
			return nil, warnings, fmt.Errorf("the code of execution [%d] (%s): %w", e.Count, e.ID, err)
		}
		s := step{code: code, seed: e.Seed, recorded: e}
		if c := byID[e.CellID]; c != nil && lineage.CodeHash(c.Source) == e.Code {
			s.cell = c
		} else {
			s.cell = cellCode[e.Code]
		}
		switch e.Status {
		case lineage.StatusCrashed:
			s.skip = "the worker died running it when it was recorded; the session went on without it"
		case lineage.StatusInterrupted:
			s.skip = "it was interrupted when recorded, so what it did is not known; what follows may diverge because of it"
		}
		p.steps = append(p.steps, s)
	}
	return p, warnings, nil
}

// ranOnly reports whether every execution in execs ran code that a cell of the
// notebook holds.
func ranOnly(execs []lineage.Execution, cellCode map[string]*nbformat.Cell) bool {
	for _, e := range execs {
		if cellCode[e.Code] == nil {
			return false
		}
	}
	return len(execs) > 0
}

// planCells plans running the notebook's code cells top to bottom, with the seeds the
// kernel would give them: from GOKERNEL_SEED (else 0), and each %seed cell.
func planCells(nb *nbformat.Notebook) (*plan, error) {
	p := &plan{mode: ModeCells}
	for i := range nb.Cells {
		c := &nb.Cells[i]
		if c.Type != "code" || strings.TrimSpace(c.Source) == "" {
			continue
		}
		s := step{code: c.Source, cell: c}
		lines, ok, err := kernel.MagicLines(c.Source)
		switch {
		case err != nil:
			return nil, fmt.Errorf("cell %d: %w", c.Index+1, err)
		case ok:
			s.skip = "kernel magic"
			for _, line := range lines {
				if word, arg, _ := strings.Cut(line, " "); word == "%seed" && strings.TrimSpace(arg) != "" {
					s.seedLine = strings.TrimSpace(arg)
					s.skip = "sets the notebook seed"
				}
			}
		}
		p.steps = append(p.steps, s)
	}
	if len(p.steps) == 0 {
		return nil, errors.New("the notebook has no code cells")
	}
	return p, nil
}

// initialSeed is the notebook seed a kernel would start with.
func initialSeed() (uint64, error) {
	if v := os.Getenv("GOKERNEL_SEED"); v != "" {
		return lineage.ParseSeed(v)
	}
	return 0, nil
}
