// Package atomicfile writes files that appear whole or not at all, as the store
// folder needs them (its code, session index, objects and manifests are written
// once and never changed): through a temporary file in the same folder that is
// synced and renamed over the name, after which syncing the folder makes the new
// name durable.
package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
)

// TempPrefix starts the names of the temporary files: readers of a folder skip
// them, and a cleaner may remove those a crash left behind.
const TempPrefix = ".tmp-"

// WriteRenamed writes data to name through a synced temporary file (mode 0600) that
// is renamed to name. The rename is not yet durable: call SyncDir on the folder, once
// for many files.
func WriteRenamed(name string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(name), TempPrefix+filepath.Base(name)+"-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

// Write is WriteRenamed followed by SyncDir of name's folder: once it returns,
// name holds data and keeps it through a crash.
func Write(name string, data []byte) error {
	if err := WriteRenamed(name, data); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(name))
}

// SyncDir makes the creation or renaming of entries in dir durable.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // folders cannot be opened for syncing there; NTFS journals renames
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
