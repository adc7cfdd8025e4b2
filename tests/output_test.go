package tests

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/gokernel/gokernel/internal/workerproto"
)

// recordingOutput is a kernel.Output that keeps the streams a cell wrote.
type recordingOutput struct {
	mu      sync.Mutex
	streams strings.Builder
}

func (o *recordingOutput) Stream(name, text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.streams.WriteString(text)
}
func (o *recordingOutput) Display(workerproto.Display) {}
func (o *recordingOutput) ClearOutput(bool)            {}
func (o *recordingOutput) Input(context.Context, string, bool) (string, error) {
	return "", errors.New("no input in this test")
}

func (o *recordingOutput) text() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.streams.String()
}
