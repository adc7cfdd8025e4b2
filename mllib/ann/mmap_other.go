//go:build !linux

package ann

import "os"

// mapFile reads the whole file where mmap support is not wired up; the
// forest then behaves as if opened with LoadForest.
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }

func unmapFile([]byte) error { return nil }
