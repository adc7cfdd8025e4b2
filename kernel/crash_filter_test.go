package kernel

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// filterRun feeds a crash filter text in the given pieces and returns what it let
// through to the cell after the hold time, and the report line it kept.
func filterRun(t *testing.T, pieces ...string) (passed, first string) {
	t.Helper()
	var mu sync.Mutex
	var out strings.Builder
	f := newCrashFilter(func(text string) {
		mu.Lock()
		out.WriteString(text)
		mu.Unlock()
	})
	for _, p := range pieces {
		f.write(p)
	}
	time.Sleep(holdCrashLines + 200*time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	return out.String(), f.reportLine()
}

func TestCrashFilterKeepsRuntimeReportsFromTheCell(t *testing.T) {
	cases := []struct {
		name, stderr, passed, first string
	}{
		{"stack overflow",
			"before\nruntime: goroutine stack exceeds 1000000000-byte limit\nruntime: sp=0xc0200e0390 stack=[0xc0200e0000, 0xc0400e0000]\nfatal error: stack overflow\n\nruntime stack:\nruntime.throw({0x5, 0x1})\n\t/go/src/runtime/panic.go:1 +0x1\n",
			"before\n", "fatal error: stack overflow (goroutine stack exceeds 1000000000-byte limit: runaway recursion?)"},
		{"thread creation aborted",
			"runtime/cgo: pthread_create failed: Resource temporarily unavailable\nSIGABRT: abort\nPC=0x7f37bbb1ceec m=6 sigcode=18446744073709551610\n\ngoroutine 0 gp=0x7ebb8d04960 m=6 mp=0x7ebb8c9c808 [idle]:\nruntime: g 0: unknown pc\n",
			"", "runtime/cgo: pthread_create failed: Resource temporarily unavailable"},
		{"a fatal signal",
			"SIGSEGV: segmentation violation\nPC=0x45 m=0 sigcode=1 addr=0x0\n\ngoroutine 1 gp=0xc000002380 m=0 mp=0x5 [running]:\nmain.main()\n",
			"", "SIGSEGV: segmentation violation"},
		{"a panic",
			"out\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x.go:3 +0x1\n",
			"out\n", "panic: boom"},
		{"the cell's own lines that look alike",
			"SIGNAL: ok\nStep 1/10\npanic: not really\nthe cell goes on\n",
			"SIGNAL: ok\nStep 1/10\npanic: not really\nthe cell goes on\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Whole, and a byte at a time as a pipe may deliver it.
			passed, first := filterRun(t, c.stderr)
			if passed != c.passed || first != c.first {
				t.Errorf("whole: passed %q, report %q; want %q, %q", passed, first, c.passed, c.first)
			}
			passed, first = filterRun(t, strings.Split(c.stderr, "")...)
			if passed != c.passed || first != c.first {
				t.Errorf("bytewise: passed %q, report %q; want %q, %q", passed, first, c.passed, c.first)
			}
		})
	}
}

func TestDeathCauseSaysOutOfMemoryWhenNoThreadCanStart(t *testing.T) {
	tail := "runtime/cgo: pthread_create failed: Resource temporarily unavailable\nSIGABRT: abort\n"
	if !threadCreateFailed(tail) {
		t.Fatal("a failed pthread_create is not recognised")
	}
	if threadCreateFailed("runtime/cgo: pthread_create failed: Operation not permitted\n") {
		t.Fatal("EPERM is not for want of memory")
	}
}
