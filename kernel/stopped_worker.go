package kernel

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// A worker stopped from outside (SIGSTOP, a debugger, Ctrl-Z of a terminal it was
// started from) runs nothing, and a cell sent to it waits with no sign of why. The
// supervisor looks at the worker while a cell runs and says so once, and an interrupt
// continues the worker so that it can act on the interrupt.

// stoppedCheckInterval is how often a running cell's worker is looked at.
const stoppedCheckInterval = time.Second

// watchStopped reports on out, once, that the worker w is stopped, checking until done
// is closed.
func (s *Supervisor) watchStopped(w *workerProcess, out Output, done <-chan struct{}) {
	if out == nil || w.cmd.Process == nil {
		return
	}
	pid := w.cmd.Process.Pid
	t := time.NewTicker(stoppedCheckInterval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-w.exited:
			return
		case <-t.C:
			if processStopped(pid) {
				s.log.Warn("worker is stopped by a signal", "pid", pid)
				out.Stream("stderr", fmt.Sprintf("The worker process (pid %d) is stopped by a signal (SIGSTOP or SIGTSTP): the cell waits until it is continued (kill -CONT %d). Interrupt the kernel to continue it and stop the cell.\n", pid, pid))
				return
			}
		}
	}
}

// continueWorker sends SIGCONT, so that a stopped worker receives the interrupt that
// follows; a running one ignores it.
func continueWorker(p *os.Process) {
	if p != nil {
		p.Signal(syscall.SIGCONT)
	}
}
