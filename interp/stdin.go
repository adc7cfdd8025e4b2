package interp

import (
	"errors"
	"sync"
)

// ErrStdinNotAllowed is what reads from stdin return when the frontend did not allow
// input for the running cell (allow_stdin false, as nbconvert and papermill send).
var ErrStdinNotAllowed = errors.New("stdin is not available: the frontend does not accept input requests for this cell (allow_stdin is false)")

// inputFunc asks the frontend for one line of input.
type inputFunc func(prompt string, password bool) (string, error)

// stdinReader is the cells' stdin: each read that finds no buffered input asks the
// frontend for a line through an input_request, as IPython's input() does.
type stdinReader struct {
	mu      sync.Mutex
	buf     []byte
	allowed bool
	ask     inputFunc
}

// setAllowed is called before each cell with the request's allow_stdin. Input left
// over from the previous cell is dropped: it was typed for that cell.
func (r *stdinReader) setAllowed(allowed bool) {
	r.mu.Lock()
	r.allowed = allowed
	r.buf = nil
	r.mu.Unlock()
}

func (r *stdinReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(p) == 0 {
		return 0, nil
	}
	if len(r.buf) == 0 {
		if !r.allowed || r.ask == nil {
			return 0, ErrStdinNotAllowed
		}
		line, err := r.ask("", false)
		if err != nil {
			return 0, err
		}
		r.buf = append(r.buf, line...)
		r.buf = append(r.buf, '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}
