package kernel

import (
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestProcessDeadLeavesTheZombie: processDead sees a child that has ended before it
// is waited for, and leaves it for the supervisor's Wait, which still gets its status.
func TestProcessDeadLeavesTheZombie(t *testing.T) {
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Skip("no sleep command:", err)
	}
	pid := cmd.Process.Pid
	if processDead(pid) {
		t.Fatal("a running child is reported dead")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !processDead(pid) {
		if time.Now().After(deadline) {
			t.Fatal("a killed child is not reported dead")
		}
		time.Sleep(time.Millisecond)
	}
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok {
		t.Fatalf("Wait after processDead: %v, want the child's exit status", err)
	}
	if ws := ee.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("Wait after processDead: status %v, want killed by SIGKILL", ws)
	}
	if !processDead(pid) {
		t.Fatal("a child waited for is not reported dead")
	}
}
