package display

import "crypto/rand"

// Handle is an output that can be replaced in place, such as a chart redrawn
// after every epoch. It is safe for concurrent use.
type Handle struct {
	id string
}

// New publishes b with a fresh display id and returns a handle to update it.
//
// Ids are random rather than counted: Jupyter applies an update to every
// output with the id anywhere in the notebook, and a counter restarting with
// a new worker would make updates overwrite outputs of an earlier session.
func New(b Bundle) *Handle {
	h := &Handle{id: "gokernel-" + newID()}
	currentSink().Display(withText(b), h.id, false)
	return h
}

// Update replaces the handle's output with b (update_display_data).
func (h *Handle) Update(b Bundle) {
	currentSink().Display(withText(b), h.id, true)
}

// ID is the Jupyter display_id of the handle's output.
func (h *Handle) ID() string { return h.id }

// newID returns a random display id suffix.
func newID() string { return rand.Text() }
