//go:build !unix

package main

import "os"

// pollableFile opens an inherited fd; only Unix pipes can wait in the runtime's poller.
func pollableFile(fd uintptr, name string) *os.File { return os.NewFile(fd, name) }
