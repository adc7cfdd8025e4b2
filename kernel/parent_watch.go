package kernel

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// parentPollInterval is how often the kernel looks for its frontend, as ipykernel's
// ParentPollerUnix does: often enough that an orphaned kernel stops spending CPU
// within seconds, seldom enough to cost nothing.
const parentPollInterval = time.Second

// parentWatch says whether the process that started the kernel is gone. jupyter_client
// names that process in JPY_PARENT_PID; when it dies without a shutdown_request (killed,
// crashed, its terminal closed), nothing else ever tells the kernel, and a cell spinning
// in the worker would keep a core busy with no one left to see its output.
type parentWatch struct {
	pid int
	// byPid is false when pid named no process at start: the frontend is most likely
	// in another PID namespace (a container launcher passing the variable through), and
	// kill(pid, 0) failing says nothing about it.
	byPid bool
	// origPPID is the kernel's parent when the watch began.
	origPPID int
}

// newParentWatch returns the watch JPY_PARENT_PID asks for, or nil when it names no
// process that could go away (unset, malformed, or 1: init never exits, as ipykernel
// also reasons).
func newParentWatch(env string) *parentWatch {
	pid, err := strconv.Atoi(strings.TrimSpace(env))
	if err != nil || pid <= 1 || pid == os.Getpid() {
		return nil
	}
	return &parentWatch{pid: pid, byPid: !processGone(pid), origPPID: syscall.Getppid()}
}

// gone returns why the parent is taken to be gone, or "" while it lives.
func (w *parentWatch) gone() string {
	if w.byPid && processGone(w.pid) {
		return fmt.Sprintf("JPY_PARENT_PID %d has exited", w.pid)
	}
	ppid := syscall.Getppid()
	if ppid == w.origPPID {
		return ""
	}
	// The kernel was re-parented, which happens only when its parent died. When that
	// parent was the frontend itself this holds even if the frontend's pid was already
	// reused, or the kernel went to a subreaper rather than init. When the kernel
	// had an intermediate parent, only a move to init is taken as the frontend's end,
	// as ipykernel does.
	if w.origPPID == w.pid || (ppid == 1 && w.origPPID != 1) {
		return fmt.Sprintf("the kernel's parent changed from %d to %d", w.origPPID, ppid)
	}
	return ""
}

// processGone reports whether pid no longer names a live process. kill(pid, 0)
// fails with ESRCH only once the process is reaped (EPERM means it lives under
// another user); a zombie, dead but not yet reaped by its own parent, is found in
// /proc where there is one.
func processGone(pid int) bool {
	if err := syscall.Kill(pid, 0); err == syscall.ESRCH {
		return true
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses and may itself
	// hold spaces or parentheses: it is the field after the last ')'.
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 {
		rest := bytes.TrimLeft(stat[i+1:], " ")
		return len(rest) > 0 && (rest[0] == 'Z' || rest[0] == 'X')
	}
	return false
}

// watchParent shuts the kernel down, as a shutdown_request would (the worker is
// stopped, the sockets closed, the process exits with status 0), once w finds the
// frontend gone. It returns when the kernel is done or ctx, Run's own, ends: Run
// may return before serving (a port taken) and must leave nothing polling behind.
// w is nil when there is nothing to watch.
func (k *Kernel) watchParent(ctx context.Context, w *parentWatch) {
	if w == nil {
		return
	}
	if !w.byPid {
		k.log.Warn("JPY_PARENT_PID names no process this kernel can see; watching only for the kernel being re-parented",
			"jpy_parent_pid", w.pid)
	}
	tick := time.NewTicker(parentPollInterval)
	defer tick.Stop()
	for {
		select {
		case <-k.done:
			return
		case <-ctx.Done():
			return
		case <-tick.C:
			if why := w.gone(); why != "" {
				k.log.Warn("the frontend is gone; shutting down", "reason", why)
				k.shutdown()
				return
			}
		}
	}
}
