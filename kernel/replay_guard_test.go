package kernel

import (
	"fmt"
	"sync"
	"testing"

	"github.com/go-zeromq/zmq4"
)

func TestReplayGuardRefusesDuplicates(t *testing.T) {
	g := newReplayGuard(8)
	if !g.fresh([]byte("aa")) {
		t.Fatal("a first signature is not fresh")
	}
	if g.fresh([]byte("aa")) {
		t.Fatal("the same signature again is fresh")
	}
	if !g.fresh([]byte("ab")) {
		t.Fatal("another signature is not fresh")
	}
}

// TestReplayGuardEmptySignature: a kernel without a key signs nothing, so every
// message has the empty signature and none may be taken for a replay.
func TestReplayGuardEmptySignature(t *testing.T) {
	g := newReplayGuard(8)
	for range 3 {
		if !g.fresh(nil) || !g.fresh([]byte{}) {
			t.Fatal("an empty signature was taken for a replay")
		}
	}
}

// TestReplayGuardIsBounded checks the window: memory stays at its size, the oldest
// signature is forgotten first, and the newest are all remembered.
func TestReplayGuardIsBounded(t *testing.T) {
	const size = 4
	g := newReplayGuard(size)
	sig := func(i int) []byte { return fmt.Appendf(nil, "sig-%d", i) }
	for i := range 3 * size {
		if !g.fresh(sig(i)) {
			t.Fatalf("signature %d not fresh", i)
		}
		if len(g.seen) > size || len(g.order) > size {
			t.Fatalf("after %d signatures the guard holds %d (order %d), more than %d", i+1, len(g.seen), len(g.order), size)
		}
	}
	// The last size signatures are remembered (each check of a remembered one
	// changes nothing)...
	for i := 2 * size; i < 3*size; i++ {
		if g.fresh(sig(i)) {
			t.Errorf("recent signature %d was forgotten", i)
		}
	}
	// ...and the older ones were forgotten, oldest first.
	if !g.fresh(sig(0)) {
		t.Error("the oldest signature is still remembered")
	}
	if g.fresh(sig(3*size - 1)) {
		t.Error("remembering one more evicted the newest instead of the oldest")
	}
	if !g.fresh(sig(2 * size)) {
		t.Error("the oldest of the window was not the one evicted")
	}
}

// TestReplayGuardConcurrent: shell, control and stdin check one guard from three
// goroutines (go test -race shows a data race here).
func TestReplayGuardConcurrent(t *testing.T) {
	g := newReplayGuard(1 << 10)
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				if g.fresh(fmt.Appendf(nil, "sig-%d", i)) {
					mu.Lock()
					accepted++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if accepted != 500 {
		t.Errorf("%d signatures accepted from 4 goroutines sending the same 500, want 500", accepted)
	}
}

// TestReplayedMessageIsDropped sends the exact frames of a genuine execute_request
// twice, on shell and then on control: the cell runs once, the copies get no reply.
func TestReplayedMessageIsDropped(t *testing.T) {
	c, b := startKernel(t)
	m := &Message{Header: Header{MsgID: newID(), Session: "client", MsgType: "execute_request", Version: "5.3"},
		Content: []byte(`{"code":"once"}`)}
	frames, err := c.signer.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.shell.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		t.Fatal(err)
	}
	if reply := c.recv(c.shell); parentID(reply) != m.Header.MsgID {
		t.Fatalf("reply to %q, want %q", parentID(reply), m.Header.MsgID)
	}
	for _, sock := range []zmq4.Socket{c.shell, c.control} {
		if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
			t.Fatal(err)
		}
	}
	// The first reply after the copies answers a genuine request sent after them.
	for _, sock := range []zmq4.Socket{c.control, c.shell} {
		id := c.request(sock, "kernel_info_request", map[string]any{})
		if reply := c.recv(sock); parentID(reply) != id {
			t.Fatalf("first reply after the replay answers %q, want the genuine request %q", parentID(reply), id)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.requests) != 1 {
		t.Errorf("the cell ran %d times, want once", len(b.requests))
	}
}
