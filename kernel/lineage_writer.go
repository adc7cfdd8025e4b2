package kernel

import (
	"sync"
	"time"

	"github.com/gokernel/gokernel/lineage"
)

// The execution log is synced to disk in groups. Each record is written to the log
// file before its execute_reply goes out, so a crash or kill of the kernel process
// loses nothing that was answered; the file is fsynced once no record has come for
// idleSyncDelay, or maxSyncDelay after the first record not yet synced, so a crash of
// the machine loses at most that much. On this project's 2-core VM an fsync costs
// about 0.4 ms of a trivial cell's 1.9 ms round trip (bench/lineage): one per cell
// made lineage cost 21% of it.
const (
	idleSyncDelay = 20 * time.Millisecond
	maxSyncDelay  = 200 * time.Millisecond
)

// logWriter writes the execution log and syncs it in the background.
type logWriter struct {
	store *lineage.Store
	log   *lineage.Log
	// written wakes the syncing goroutine; quit stops it.
	written chan struct{}
	quit    chan struct{}
	done    chan struct{}

	mu sync.Mutex
	// stored are the code hashes already in the store: a cell run again is not
	// read back to be compared.
	stored map[string]bool
	err    error // the first failure; nothing is written after it
}

func startLogWriter(store *lineage.Store, log *lineage.Log) *logWriter {
	w := &logWriter{store: store, log: log, written: make(chan struct{}, 1), quit: make(chan struct{}),
		done: make(chan struct{}), stored: map[string]bool{}}
	go w.syncInGroups()
	return w
}

// write writes one record, and its code first when the store does not have it yet.
// It returns the error that stopped recording, now or before.
func (w *logWriter) write(code string, e lineage.Execution) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	if !w.stored[e.Code] {
		if _, err := w.store.PutCode(code); err != nil {
			w.err = err
			return err
		}
		w.stored[e.Code] = true
	}
	if err := w.log.Write(e); err != nil {
		w.err = err
		return err
	}
	select {
	case w.written <- struct{}{}:
	default: // a wake-up is pending already
	}
	return nil
}

// syncInGroups fsyncs the log after each burst of records.
func (w *logWriter) syncInGroups() {
	defer close(w.done)
	for {
		select {
		case <-w.written:
		case <-w.quit:
			return
		}
		deadline := time.After(maxSyncDelay)
	burst:
		for {
			select {
			case <-w.written:
			case <-time.After(idleSyncDelay):
				break burst
			case <-deadline:
				break burst
			case <-w.quit:
				break burst
			}
		}
		w.sync()
	}
}

// sync does not hold w.mu during the fsync, which can take milliseconds: holding it
// made the cell whose record came during a sync wait for it, once every burst, which
// showed in the round trip's p99.
func (w *logWriter) sync() {
	w.mu.Lock()
	failed := w.err != nil
	w.mu.Unlock()
	if failed {
		return
	}
	if err := w.log.Sync(); err != nil {
		w.mu.Lock()
		if w.err == nil {
			w.err = err
		}
		w.mu.Unlock()
	}
}

// close syncs what was written and closes the log.
func (w *logWriter) close() {
	close(w.quit)
	<-w.done
	w.sync()
	w.log.Close()
}
