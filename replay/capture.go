package replay

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/lineage"
)

// captureLimit is how much of a step's stdout is kept as text, for the summary of a
// divergence; the hash covers all of it.
const captureLimit = 64 << 10

// capture receives a replayed step's output: it hashes stdout as the kernel does for
// the execution log and keeps its start. Displays are not compared.
type capture struct {
	mu     sync.Mutex
	hasher lineage.OutputHasher
	buf    strings.Builder
	// summed is the hash, once sum computed it: OutputHasher.Sum ends the hashing.
	summed *string
}

func (c *capture) Stream(name, text string) {
	if name != "stdout" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hasher.Stdout(text)
	if room := captureLimit - c.buf.Len(); room > 0 {
		c.buf.WriteString(text[:min(room, len(text))])
	}
}

func (c *capture) Display(workerproto.Display) {}
func (c *capture) ClearOutput(bool)            {}

// Input fails: a replay has nobody to ask.
func (c *capture) Input(context.Context, string, bool) (string, error) {
	return "", errors.New("a replay cannot answer input requests")
}

// sum returns the output hash of the step, given its reply, once the step is done.
func (c *capture) sum(reply workerproto.ExecuteReply) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.summed == nil {
		s := c.hasher.Sum(reply.ResultText())
		c.summed = &s
	}
	return *c.summed
}

func (c *capture) text() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}
