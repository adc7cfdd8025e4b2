//go:build unix

package main

import (
	"os"
	"syscall"
)

// pollableFile opens an inherited pipe fd for the Go runtime's poller. Inherited fds
// are blocking, and a goroutine blocked in read(2) on one holds an OS thread in a
// system call between cells: the runtime's monitor then keeps taking the processor
// back from it, waking every 20 µs while the worker waits for its next cell. Made
// non-blocking before os.NewFile, the pipe waits in epoll instead.
func pollableFile(fd uintptr, name string) *os.File {
	// If the fd cannot be made non-blocking it still works, blocking.
	_ = syscall.SetNonblock(int(fd), true)
	return os.NewFile(fd, name)
}
