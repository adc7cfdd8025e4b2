package lineage

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gokernel/gokernel/internal/atomicfile"
)

// MaxRecordSize bounds one encoded record of the execution log, without its newline.
// Append refuses a bigger record and ReadLog skips a longer line, so that a damaged
// log cannot make a reader hold an unbounded line in memory.
const MaxRecordSize = 16 << 20

const (
	logExt     = ".jsonl"
	sessionExt = ".json"
)

// SessionInfo describes one kernel session (one kernel process): the index entry
// sessions/<ID>.json, written once when its log starts.
type SessionInfo struct {
	// ID names the session and its log file: letters, digits, '.', '_' and '-', not
	// starting with '.'. NewLog makes one up when it is empty.
	ID string `json:"id"`
	// Notebook is the notebook's path as the front end names it ($JPY_SESSION_NAME
	// from jupyter_server); "" when unknown (console, classic Notebook).
	Notebook string `json:"notebook"`
	// Started is when the kernel started, in UTC; NewLog uses the current time when
	// it is zero.
	Started time.Time `json:"started"`
	// Kernel is the gokernel version that wrote the log.
	Kernel string `json:"kernel,omitempty"`
	// Host is the machine the kernel ran on.
	Host string `json:"host,omitempty"`
}

// sessionIndex is the content of sessions/<id>.json: the session and the layout
// version its log was written in, so that a newer reader can tell old logs apart.
type sessionIndex struct {
	Version int `json:"version"`
	SessionInfo
}

// A Log is the append-only execution log of one kernel session. It is safe for
// concurrent use.
type Log struct {
	store *Store
	info  SessionInfo

	mu   sync.Mutex
	file *os.File // nil once closed
	// unterminated is set when a write failed part way, leaving a line without its
	// newline at the end of the file: the next record starts with one, so that it
	// is not glued onto the broken line.
	unterminated bool
}

// NewLog starts the execution log of one kernel session: it creates the session's
// empty log file, then writes its index entry, and returns the log to append to.
// A session ID that is already in the store is an error.
func (s *Store) NewLog(info SessionInfo) (*Log, error) {
	if info.ID == "" {
		info.ID = rand.Text()
	}
	if err := checkSessionID(info.ID); err != nil {
		return nil, storeError(s.dir, err)
	}
	if info.Started.IsZero() {
		info.Started = time.Now()
	}
	// As it will read back: in UTC, without the monotonic clock reading.
	info.Started = info.Started.UTC().Round(0)
	f, err := s.createLogFile(info.ID)
	if err != nil {
		return nil, storeError(s.dir, err)
	}
	// The index comes second: a crash between the two leaves an empty log that no
	// listing shows, never an index naming a log that is not there.
	if err := s.writeSessionIndex(info); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, storeError(s.dir, err)
	}
	return &Log{store: s, info: info, file: f}, nil
}

// createLogFile creates the log file of a new session, failing if it exists.
func (s *Store) createLogFile(id string) (*os.File, error) {
	dir := filepath.Join(s.dir, logDir)
	f, err := os.OpenFile(filepath.Join(dir, id+logExt), os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return nil, fmt.Errorf("session %s: %w", id, err)
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

func (s *Store) writeSessionIndex(info SessionInfo) error {
	data, err := json.Marshal(sessionIndex{Version: StoreVersion, SessionInfo: info})
	if err != nil {
		return err
	}
	return atomicfile.Write(s.sessionIndexPath(info.ID), append(data, '\n'))
}

func (s *Store) sessionIndexPath(id string) string {
	return filepath.Join(s.dir, sessionsDir, id+sessionExt)
}

func (s *Store) logPath(id string) string {
	return filepath.Join(s.dir, logDir, id+logExt)
}

// checkSessionID refuses an id that could not be a plain file name in every folder.
func checkSessionID(id string) error {
	valid := len(id) > 0 && len(id) <= 128 && id[0] != '.'
	for _, r := range id {
		valid = valid && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r))
	}
	if !valid {
		return fmt.Errorf("invalid session id %q (want 1 to 128 letters, digits, '.', '_' or '-', not starting with '.')", id)
	}
	return nil
}

// Session returns the session this log belongs to, with the ID and start time NewLog
// filled in.
func (l *Log) Session() SessionInfo { return l.info }

// Append writes one record to the log and syncs it to disk before returning, so that
// a record that was appended survives a crash of the kernel or the machine. A record
// with no Session gets the log's; one of another session is an error.
func (l *Log) Append(e Execution) error {
	if err := l.Write(e); err != nil {
		return err
	}
	return l.Sync()
}

// Write appends one record without waiting for it to reach the disk: it is in the
// file, safe from a crash of this process, but not from one of the machine until
// Sync. Safe for concurrent use.
func (l *Log) Write(e Execution) error {
	if e.Session == "" {
		e.Session = l.info.ID
	}
	if e.Session != l.info.ID {
		return l.error(fmt.Errorf("record %s of session %s appended to the log of another session", e.ID, e.Session))
	}
	data, err := json.Marshal(e)
	if err != nil {
		return l.error(fmt.Errorf("record %s: %w", e.ID, err))
	}
	if len(data) > MaxRecordSize {
		return l.error(fmt.Errorf("record %s: %d bytes encoded, over the limit of %d", e.ID, len(data), MaxRecordSize))
	}
	line := make([]byte, 0, len(data)+2)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return l.error(fmt.Errorf("append record %s: %w", e.ID, os.ErrClosed))
	}
	if l.unterminated {
		line = append(line, '\n')
	}
	line = append(append(line, data...), '\n')
	// One write of the whole line: with O_APPEND the line lands in one piece after
	// whatever is in the file.
	if _, err := l.file.Write(line); err != nil {
		l.unterminated = true
		return l.error(err)
	}
	l.unterminated = false
	return nil
}

// Sync makes the records written so far durable (fsync). Append does it after each
// record; a writer that appends in bursts may Write several records and Sync once.
//
// The fsync runs outside the lock that Write takes: it can take milliseconds on a
// busy machine, and a Write on its way to a cell's reply must not wait for it. A
// record written during a Sync may or may not be made durable by it.
func (l *Log) Sync() error {
	l.mu.Lock()
	f := l.file
	l.mu.Unlock()
	if f == nil {
		return l.error(fmt.Errorf("sync: %w", os.ErrClosed))
	}
	if err := f.Sync(); err != nil {
		return l.error(err)
	}
	return nil
}

// Close closes the log; appending to it afterwards is an error.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return nil
	}
	err := l.file.Close()
	l.file = nil
	if err != nil {
		return l.error(err)
	}
	return nil
}

func (l *Log) error(err error) error {
	return storeError(l.store.dir, fmt.Errorf("session %s: %w", l.info.ID, err))
}

// Sessions lists the sessions recorded in the store, oldest first. An index entry
// that cannot be read is an error naming it.
func (s *Store) Sessions() ([]SessionInfo, error) {
	sessions, warnings, err := s.readSessions()
	if err != nil {
		return nil, err
	}
	if len(warnings) > 0 {
		return nil, storeError(s.dir, errors.New(strings.Join(warnings, "; ")))
	}
	return sessions, nil
}

// readSessions reads every session index entry, sorted oldest first; an entry that
// cannot be read becomes a warning.
func (s *Store) readSessions() ([]SessionInfo, []string, error) {
	entries, err := os.ReadDir(filepath.Join(s.dir, sessionsDir))
	if err != nil {
		return nil, nil, storeError(s.dir, err)
	}
	var sessions []SessionInfo
	var warnings []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, sessionExt) {
			continue // a temporary file, or not ours
		}
		info, err := s.readSessionIndex(name)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s/%s: %v", sessionsDir, name, err))
			continue
		}
		sessions = append(sessions, info)
	}
	slices.SortFunc(sessions, func(a, b SessionInfo) int {
		return cmp.Or(a.Started.Compare(b.Started), cmp.Compare(a.ID, b.ID))
	})
	return sessions, warnings, nil
}

func (s *Store) readSessionIndex(name string) (SessionInfo, error) {
	data, err := os.ReadFile(filepath.Join(s.dir, sessionsDir, name))
	if err != nil {
		return SessionInfo{}, err
	}
	var index sessionIndex
	if err := json.Unmarshal(data, &index); err != nil {
		return SessionInfo{}, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if want := strings.TrimSuffix(name, sessionExt); index.ID != want {
		return SessionInfo{}, fmt.Errorf("%w: names session %q", ErrCorrupt, index.ID)
	}
	if index.Version > StoreVersion {
		return SessionInfo{}, fmt.Errorf("written in layout version %d, newer than this gokernel reads (version %d)",
			index.Version, StoreVersion)
	}
	return index.SessionInfo, nil
}

// ReadLog reads one session's records in the order they were appended. A record that
// cannot be read (the partial last line a crash mid-write leaves, invalid JSON, a line
// over MaxRecordSize, a record without an id) is skipped with a warning; the error is
// for a log that cannot be read at all.
func (s *Store) ReadLog(sessionID string) ([]Execution, []string, error) {
	if err := checkSessionID(sessionID); err != nil {
		return nil, nil, storeError(s.dir, err)
	}
	f, err := os.Open(s.logPath(sessionID))
	if err != nil {
		return nil, nil, storeError(s.dir, fmt.Errorf("session %s: %w", sessionID, err))
	}
	defer f.Close()
	records, warnings, err := readRecords(f, logDir+"/"+sessionID+logExt, MaxRecordSize)
	if err != nil {
		return nil, nil, storeError(s.dir, err)
	}
	return records, warnings, nil
}

// Executions returns the records of every session of one notebook, in order:
// sessions by start time, each session's records in log order. Notebook "" selects the
// sessions whose notebook is unknown. This is what a restarted kernel and `gokernel
// lineage` read. Whatever cannot be read (a record, a session's index entry or log) is
// left out with a warning.
func (s *Store) Executions(notebook string) ([]Execution, []string, error) {
	sessions, indexWarnings, err := s.readSessions()
	if err != nil {
		return nil, nil, err
	}
	var warnings []string
	for _, w := range indexWarnings {
		warnings = append(warnings, w+"; its session is left out")
	}
	var records []Execution
	for _, info := range sessions {
		if info.Notebook != notebook {
			continue
		}
		got, logWarnings, err := s.ReadLog(info.ID)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%v; its records are left out", err))
			continue
		}
		records = append(records, got...)
		warnings = append(warnings, logWarnings...)
	}
	return records, warnings, nil
}

// readRecords reads the JSON lines of a log, skipping with a warning each line that is
// not a whole record: longer than maxLine, not a JSON object of an Execution, without
// an id, or the last line without its newline (a torn write). Blank lines are skipped
// silently: Append writes one after a failed write. name is the log's name in
// warnings. The error is for a failed read.
func readRecords(r io.Reader, name string, maxLine int) ([]Execution, []string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var records []Execution
	var warnings []string
	skip := func(lineNo int, format string, args ...any) {
		warnings = append(warnings, fmt.Sprintf("%s line %d: ", name, lineNo)+fmt.Sprintf(format, args...)+"; skipped")
	}
	var buf []byte
	for lineNo := 1; ; lineNo++ {
		line, size, terminated, err := readLine(br, buf[:0], maxLine)
		if err == io.EOF {
			return records, warnings, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		buf = line
		switch {
		case !terminated:
			skip(lineNo, "torn record (%d bytes without a final newline, as a crash mid-write leaves)", size)
		case size > maxLine:
			skip(lineNo, "record of %d bytes, over the limit of %d", size, maxLine)
		case len(bytes.TrimSpace(line)) == 0:
			// blank
		default:
			e, err := decodeRecord(line)
			if err != nil {
				skip(lineNo, "%v", err)
				continue
			}
			records = append(records, e)
		}
	}
}

// readLine reads the next line from br into buf and returns it without its newline,
// with the line's full size. Only the first maxLine+1 bytes are kept, so an endless
// line costs no more memory than that. terminated is false for a last line without a
// newline; err is io.EOF when there is no line left.
func readLine(br *bufio.Reader, buf []byte, maxLine int) (line []byte, size int, terminated bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		size += len(chunk)
		if keep := maxLine + 1 - len(buf); keep > 0 {
			buf = append(buf, chunk[:min(keep, len(chunk))]...)
		}
		switch {
		case err == nil:
			size-- // the newline
			return bytes.TrimSuffix(buf, []byte{'\n'}), size, true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && size > 0:
			return buf, size, false, nil
		default:
			return nil, 0, false, err
		}
	}
}

// decodeRecord decodes one log line, which must be a JSON object with an id.
func decodeRecord(line []byte) (Execution, error) {
	var e Execution
	if line = bytes.TrimSpace(line); len(line) == 0 || line[0] != '{' {
		return e, errors.New("not a JSON object")
	}
	if err := json.Unmarshal(line, &e); err != nil {
		return e, fmt.Errorf("invalid record: %v", err)
	}
	if e.ID == "" {
		return e, errors.New("record without an id")
	}
	return e, nil
}
