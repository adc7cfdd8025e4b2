package display

import (
	"fmt"
	"os"
	"sync/atomic"
)

// Sink receives what cells display. The worker installs one that forwards to Jupyter;
// without one, display writes the text/plain form to os.Stdout so the package works in plain Go programs.
type Sink interface {
	// Display publishes b; a non-empty displayID lets it be updated later. update=true means update_display_data.
	Display(b Bundle, displayID string, update bool)
	// Clear clears the cell's output (clear_output); wait=true waits until new output arrives.
	Clear(wait bool)
}

// sinkBox lets an atomic.Pointer hold any Sink implementation; atomic.Value
// would panic when two installs use different concrete types.
type sinkBox struct{ s Sink }

var installed atomic.Pointer[sinkBox]

// SetSink installs s as the destination of all display output. It is safe for
// concurrent use; nil restores the default, which writes text/plain to os.Stdout.
func SetSink(s Sink) {
	if s == nil {
		installed.Store(nil)
		return
	}
	installed.Store(&sinkBox{s})
}

// currentSink is looked up on every publish, not captured, so that a handle or
// progress bar created before the worker installs its sink still reaches Jupyter.
func currentSink() Sink {
	if b := installed.Load(); b != nil {
		return b.s
	}
	return stdoutSink{}
}

// stdoutSink is the default for plain Go programs: the text form is all a
// terminal can show. Updates are printed as new lines because a terminal has
// no display ids to rewrite.
type stdoutSink struct{}

func (stdoutSink) Display(b Bundle, _ string, _ bool) {
	fmt.Fprintln(os.Stdout, b.PlainText())
}

func (stdoutSink) Clear(bool) {}

// Clear clears the output of the current cell (Jupyter's clear_output). With
// wait=true the front end keeps the old output until new output arrives,
// which avoids flicker when a loop redraws.
func Clear(wait bool) {
	currentSink().Clear(wait)
}
