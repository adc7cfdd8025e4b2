package kernel

import (
	"crypto/sha256"
	"errors"
	"sync"
)

// ErrReplayed is the error of a message whose signature the kernel has already
// accepted: a copy of a genuine message, sent again.
var ErrReplayed = errors.New("duplicate signature (a replayed message)")

// replayGuardSize is how many signatures the kernel remembers. jupyter_client's
// Session remembers 2^16 (digest_history_size); so does gokernel, in about 2.5 MB
// once full. A frontend sends far fewer messages than that in the time a captured
// message is worth replaying; one older than the window is not caught, which is the
// trade-off every Jupyter kernel makes.
const replayGuardSize = 1 << 16

// replayGuard remembers the signatures of the messages the kernel accepted, so that a
// message captured off the wire (the ports are open to every local user, and the
// signature proves only that the key's holder once sent it) cannot be sent again to
// run its cell a second time. The messaging specification asks kernels to reject
// duplicate signatures; ipykernel does it in jupyter_client's Session.
//
// It is checked after the signature is verified: a forged message must not evict a
// genuine signature from the window. The set is bounded and first-in first-out, so a
// flood of valid messages costs a fixed amount of memory.
type replayGuard struct {
	mu   sync.Mutex
	seen map[replayKey]struct{}
	// order holds the keys of seen in the order they came; once it is full, next is
	// the oldest, the one the next signature replaces.
	order []replayKey
	next  int
	size  int
}

// replayKey identifies a signature: the first 128 bits of its SHA-256. A signature
// is an HMAC, already uniformly random, so collisions between different messages are
// out of reach (2^-64 after 2^32 messages); hashing keeps the key one fixed size for
// every signature scheme and whatever bytes a peer sent.
type replayKey [16]byte

func newReplayGuard(size int) *replayGuard {
	return &replayGuard{seen: make(map[replayKey]struct{}), size: size}
}

// fresh reports whether sig has not been accepted before, and remembers it. An empty
// signature (a kernel without a key, where nothing is signed) is always fresh: there
// is nothing to tell messages apart by.
func (g *replayGuard) fresh(sig []byte) bool {
	if len(sig) == 0 || g.size <= 0 {
		return true
	}
	sum := sha256.Sum256(sig)
	var key replayKey
	copy(key[:], sum[:])
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, dup := g.seen[key]; dup {
		return false
	}
	if len(g.order) < g.size {
		g.order = append(g.order, key)
	} else {
		delete(g.seen, g.order[g.next])
		g.order[g.next] = key
		g.next = (g.next + 1) % g.size
	}
	g.seen[key] = struct{}{}
	return true
}
