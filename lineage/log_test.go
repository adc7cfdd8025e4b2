package lineage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/atomicfile"
)

var logTestStart = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// fullRecord returns a record with every field set.
func fullRecord(session, id string, count int) Execution {
	return Execution{
		ID:           id,
		Session:      session,
		Count:        count,
		CellID:       "cell-" + id,
		Code:         codeHashPrefix + strings.Repeat("a", 64),
		Started:      logTestStart.Add(time.Duration(count) * time.Second),
		Ended:        logTestStart.Add(time.Duration(count)*time.Second + 1500*time.Microsecond),
		Status:       StatusOK,
		Defined:      []string{"T", "T.String", "x"},
		Read:         []string{"data"},
		Changed:      []string{"model"},
		Unconfirmed:  []string{"ch"},
		Hashes:       map[string]string{"x": "xxh3:0123", "model": "xxh3:4567", "ch": ""},
		DeletedCells: []string{"cell-old"},
	}
}

func newTestLog(t *testing.T, s *Store, info SessionInfo) *Log {
	t.Helper()
	l, err := s.NewLog(info)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func appendAll(t *testing.T, l *Log, records ...Execution) {
	t.Helper()
	for _, e := range records {
		if err := l.Append(e); err != nil {
			t.Fatal(err)
		}
	}
}

func loggedIDs(records []Execution) []string {
	ids := make([]string, len(records))
	for i, e := range records {
		ids[i] = e.ID
	}
	return ids
}

func TestLogRoundTrip(t *testing.T) {
	s := openTestStore(t)
	l := newTestLog(t, s, SessionInfo{ID: "s1", Notebook: "work/a.ipynb", Started: logTestStart, Kernel: "v0.1.0", Host: "box"})
	want := []Execution{
		fullRecord("s1", "e1", 1),
		{ID: "e2", Session: "s1", Code: codeHashPrefix + strings.Repeat("b", 64), Status: StatusCrashed},
		fullRecord("s1", "e3", 3),
	}
	want[2].Status = StatusInterrupted
	appendAll(t, l, want...)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// A restarted kernel opens the store afresh.
	s2, err := OpenStore(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	got, warnings, err := s2.ReadLog("s1")
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %q", warnings)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadLog:\n got %+v\nwant %+v", got, want)
	}
}

func TestLogLineFormat(t *testing.T) {
	s := openTestStore(t)
	l := newTestLog(t, s, SessionInfo{ID: "s1"})
	appendAll(t, l, fullRecord("s1", "e1", 1), fullRecord("s1", "e2", 2))
	data, err := os.ReadFile(s.logPath("s1"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) != 3 || lines[2] != "" {
		t.Fatalf("log is not two newline-terminated lines:\n%s", data)
	}
	for _, line := range lines[:2] {
		var fields map[string]any
		if err := json.Unmarshal([]byte(line), &fields); err != nil {
			t.Errorf("line %q: %v", line, err)
		}
	}
}

func TestNewLogFillsSession(t *testing.T) {
	s := openTestStore(t)
	before := time.Now()
	l := newTestLog(t, s, SessionInfo{Notebook: "a.ipynb"})
	info := l.Session()
	if err := checkSessionID(info.ID); err != nil {
		t.Errorf("made-up session id: %v", err)
	}
	if info.Started.Before(before.Add(-time.Second)) || info.Started.After(time.Now()) {
		t.Errorf("Started = %v, want about now", info.Started)
	}
	appendAll(t, l, Execution{ID: "e1"})
	got, _, err := s.ReadLog(info.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Session != info.ID {
		t.Errorf("record without a session read back as %+v, want session %s", got, info.ID)
	}
	sessions, err := s.Sessions()
	if err != nil {
		t.Fatal(err)
	}
	if len(sessions) != 1 || !reflect.DeepEqual(sessions[0], info) {
		t.Errorf("Sessions() = %+v, want [%+v]", sessions, info)
	}
}

func TestLogRefuses(t *testing.T) {
	s := openTestStore(t)
	l := newTestLog(t, s, SessionInfo{ID: "s1"})
	closed, err := s.NewLog(SessionInfo{ID: "closed"})
	if err != nil {
		t.Fatal(err)
	}
	if err := closed.Close(); err != nil {
		t.Fatal(err)
	}
	if err := closed.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	big := Execution{ID: "big", Code: strings.Repeat("x", MaxRecordSize)}
	tests := []struct {
		name string
		err  error
		is   error
		want string
	}{
		{name: "record of another session", err: l.Append(Execution{ID: "e1", Session: "s2"}), want: "another session"},
		{name: "append after close", err: closed.Append(Execution{ID: "e1"}), is: os.ErrClosed},
		{name: "record over the limit", err: l.Append(big), want: "over the limit"},
		{name: "session id taken", err: func() error { _, err := s.NewLog(SessionInfo{ID: "s1"}); return err }(), is: fs.ErrExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(tt.err, tt.is) {
				t.Errorf("error %v is not %v", tt.err, tt.is)
			}
			if !strings.Contains(tt.err.Error(), tt.want) || !strings.Contains(tt.err.Error(), "lineage store "+s.Dir()) {
				t.Errorf("error %q lacks %q or the store's name", tt.err, tt.want)
			}
		})
	}
	// The refused records left the log as it was.
	if got, warnings, err := s.ReadLog("s1"); err != nil || len(got) != 0 || len(warnings) != 0 {
		t.Errorf("ReadLog after refusals = %v, %q, %v; want an empty log", got, warnings, err)
	}
}

func TestLogSessionIDs(t *testing.T) {
	s := openTestStore(t)
	tests := []struct {
		id string
		ok bool
	}{
		{"3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", true},
		{"ABC.def_1", true},
		{strings.Repeat("a", 128), true},
		{strings.Repeat("a", 129), false},
		{".hidden", false},
		{"..", false},
		{"../escape", false},
		{"a/b", false},
		{`a\b`, false},
		{"a b", false},
		{"é", false},
	}
	for _, tt := range tests {
		l, err := s.NewLog(SessionInfo{ID: tt.id})
		if (err == nil) != tt.ok {
			t.Errorf("NewLog(ID %q) error = %v, want ok=%v", tt.id, err, tt.ok)
		}
		if err == nil {
			l.Close()
		}
		if !tt.ok {
			if _, _, err := s.ReadLog(tt.id); err == nil || !strings.Contains(err.Error(), "invalid session id") {
				t.Errorf("ReadLog(%q) error = %v, want an invalid session id", tt.id, err)
			}
		}
	}
}

// logLine is the log line Append writes for the record with this id.
func logLine(t *testing.T, id string) string {
	t.Helper()
	data, err := json.Marshal(fullRecord("s1", id, 1))
	if err != nil {
		t.Fatal(err)
	}
	return string(data) + "\n"
}

func TestReadLogSkipsDamage(t *testing.T) {
	e1, e2, e3 := logLine(t, "e1"), logLine(t, "e2"), logLine(t, "e3")
	tests := []struct {
		name     string
		log      string
		want     []string // record ids
		warnings []string // one substring per warning
	}{
		{name: "empty", log: ""},
		{name: "whole", log: e1 + e2 + e3, want: []string{"e1", "e2", "e3"}},
		{name: "torn last record", log: e1 + e2 + e3[:len(e3)/2], want: []string{"e1", "e2"}, warnings: []string{"line 3: torn record"}},
		{name: "last record without its newline", log: e1 + strings.TrimSuffix(e2, "\n"), want: []string{"e1"}, warnings: []string{"line 2: torn record"}},
		{name: "garbage line in the middle", log: e1 + "\x00\x00garbage\n" + e2, want: []string{"e1", "e2"}, warnings: []string{"line 2: not a JSON object"}},
		{name: "torn record then a newline", log: e1 + e2[:10] + "\n" + e3, want: []string{"e1", "e3"}, warnings: []string{"line 2: invalid record"}},
		{name: "two records on one line", log: strings.TrimSuffix(e1, "\n") + e2, want: nil, warnings: []string{"line 1: invalid record"}},
		{name: "array", log: "[1,2]\n" + e1, want: []string{"e1"}, warnings: []string{"line 1: not a JSON object"}},
		{name: "null", log: "null\n" + e1, want: []string{"e1"}, warnings: []string{"line 1: not a JSON object"}},
		{name: "record without an id", log: `{"session":"s1","count":1}` + "\n" + e1, want: []string{"e1"}, warnings: []string{"line 1: record without an id"}},
		{name: "field of the wrong type", log: `{"id":"e0","count":"one"}` + "\n" + e1, want: []string{"e1"}, warnings: []string{"line 1: invalid record"}},
		{name: "blank lines", log: "\n" + e1 + "\n\n  \r\n" + e2, want: []string{"e1", "e2"}},
		{name: "CRLF line ends", log: strings.ReplaceAll(e1+e2, "\n", "\r\n"), want: []string{"e1", "e2"}},
		{name: "unknown fields of a later writer", log: `{"id":"e0","future":{"x":1}}` + "\n", want: []string{"e0"}},
		{
			name:     "damage everywhere",
			log:      "{\n" + e1 + "}\n" + e2 + "{\"id\":\n" + e3 + "{\"id\":\"e4\"",
			want:     []string{"e1", "e2", "e3"},
			warnings: []string{"line 1:", "line 3:", "line 5:", "line 7: torn"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTestStore(t)
			newTestLog(t, s, SessionInfo{ID: "s1"})
			writeTestFile(t, s.logPath("s1"), tt.log)
			got, warnings, err := s.ReadLog("s1")
			if err != nil {
				t.Fatal(err)
			}
			if ids := loggedIDs(got); !slices.Equal(ids, tt.want) {
				t.Errorf("records %q, want %q", ids, tt.want)
			}
			if len(warnings) != len(tt.warnings) {
				t.Fatalf("warnings %q, want %d matching %q", warnings, len(tt.warnings), tt.warnings)
			}
			for i, w := range warnings {
				if !strings.Contains(w, tt.warnings[i]) || !strings.Contains(w, "log/s1.jsonl") || !strings.HasSuffix(w, "skipped") {
					t.Errorf("warning %q, want one about log/s1.jsonl %s, skipped", w, tt.warnings[i])
				}
			}
		})
	}
}

func TestReadLogLongLines(t *testing.T) {
	// A record of exactly MaxRecordSize bytes is read; one byte more is skipped,
	// and so is a line that does not end before the file does.
	pad := func(size int) string {
		const head, tail = `{"id":"big","code":"`, `"}`
		return head + strings.Repeat("x", size-len(head)-len(tail)) + tail + "\n"
	}
	e1 := logLine(t, "e1")
	s := openTestStore(t)
	newTestLog(t, s, SessionInfo{ID: "s1"})
	writeTestFile(t, s.logPath("s1"), e1+pad(MaxRecordSize)+pad(MaxRecordSize+1)+e1+pad(3 * MaxRecordSize)[:2*MaxRecordSize])
	got, warnings, err := s.ReadLog("s1")
	if err != nil {
		t.Fatal(err)
	}
	if ids := loggedIDs(got); !slices.Equal(ids, []string{"e1", "big", "e1"}) {
		t.Errorf("records %q, want e1, big, e1", ids)
	}
	if len(warnings) != 2 || !strings.Contains(warnings[0], "line 3: record of 16777217 bytes, over the limit") ||
		!strings.Contains(warnings[1], "line 5: torn record") {
		t.Errorf("warnings %q, want line 3 over the limit and line 5 torn", warnings)
	}
}

func TestLogAppendAfterFailedWrite(t *testing.T) {
	s := openTestStore(t)
	l := newTestLog(t, s, SessionInfo{ID: "s1"})
	appendAll(t, l, Execution{ID: "e1"})
	// A write that failed part way (a full disk) left half a record.
	f, err := os.OpenFile(s.logPath("s1"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"id":"e2","se`); err != nil {
		t.Fatal(err)
	}
	f.Close()
	l.unterminated = true
	appendAll(t, l, Execution{ID: "e3"})
	got, warnings, err := s.ReadLog("s1")
	if err != nil {
		t.Fatal(err)
	}
	if ids := loggedIDs(got); !slices.Equal(ids, []string{"e1", "e3"}) {
		t.Errorf("records %q, want e1, e3", ids)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "line 2") {
		t.Errorf("warnings %q, want one for line 2", warnings)
	}
}

func TestLogAppendDiskFull(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Skip("no /dev/full:", err)
	}
	s := openTestStore(t)
	l := newTestLog(t, s, SessionInfo{ID: "s1"})
	l.file.Close()
	l.file = full // every write fails with ENOSPC
	err = l.Append(Execution{ID: "e1"})
	if !IsUnwritable(err) {
		t.Errorf("Append on a full disk: IsUnwritable(%v) = false", err)
	}
	if !l.unterminated {
		t.Error("a failed write did not mark the log's last line as unterminated")
	}
}

func TestLogConcurrentAppends(t *testing.T) {
	const writers, each = 8, 50
	s := openTestStore(t)
	l := newTestLog(t, s, SessionInfo{ID: "s1"})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				rec := fullRecord("s1", fmt.Sprintf("w%d-%d", w, i), i)
				rec.Defined = []string{strings.Repeat("n", 1000*w)} // lines of different lengths
				if err := l.Append(rec); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	got, warnings, err := s.ReadLog("s1")
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %q", warnings)
	}
	if len(got) != writers*each {
		t.Fatalf("%d records, want %d", len(got), writers*each)
	}
	// Each writer's records are whole and in its own order.
	next := make(map[int]int)
	for _, e := range got {
		var w, i int
		if _, err := fmt.Sscanf(e.ID, "w%d-%d", &w, &i); err != nil {
			t.Fatalf("record id %q: %v", e.ID, err)
		}
		if i != next[w] || len(e.Defined) != 1 || len(e.Defined[0]) != 1000*w {
			t.Fatalf("record %s out of order or damaged", e.ID)
		}
		next[w]++
	}
}

func TestSessionsAndExecutions(t *testing.T) {
	s := openTestStore(t)
	// Sessions written out of start order, for two notebooks and an unknown one.
	sessions := []struct {
		info    SessionInfo
		records []string
	}{
		{SessionInfo{ID: "a-late", Notebook: "a.ipynb", Started: logTestStart.Add(2 * time.Hour)}, []string{"a3", "a4"}},
		{SessionInfo{ID: "b", Notebook: "dir/b.ipynb", Started: logTestStart.Add(time.Hour)}, []string{"b1"}},
		{SessionInfo{ID: "a-early", Notebook: "a.ipynb", Started: logTestStart}, []string{"a1", "a2"}},
		{SessionInfo{ID: "console", Started: logTestStart.Add(3 * time.Hour)}, []string{"c1"}},
		{SessionInfo{ID: "a-empty", Notebook: "a.ipynb", Started: logTestStart.Add(time.Minute)}, nil},
	}
	for _, sess := range sessions {
		l := newTestLog(t, s, sess.info)
		for _, id := range sess.records {
			appendAll(t, l, Execution{ID: id})
		}
	}
	list, err := s.Sessions()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, info := range list {
		ids = append(ids, info.ID)
	}
	if want := []string{"a-early", "a-empty", "b", "a-late", "console"}; !slices.Equal(ids, want) {
		t.Errorf("Sessions() = %q, want %q", ids, want)
	}
	if list[0] != sessions[2].info {
		t.Errorf("Sessions()[0] = %+v, want %+v", list[0], sessions[2].info)
	}
	tests := []struct {
		notebook string
		want     []string
	}{
		{"a.ipynb", []string{"a1", "a2", "a3", "a4"}},
		{"dir/b.ipynb", []string{"b1"}},
		{"", []string{"c1"}},
		{"none.ipynb", nil},
	}
	for _, tt := range tests {
		got, warnings, err := s.Executions(tt.notebook)
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) > 0 {
			t.Errorf("Executions(%q) warnings: %q", tt.notebook, warnings)
		}
		if ids := loggedIDs(got); !slices.Equal(ids, tt.want) {
			t.Errorf("Executions(%q) = %q, want %q", tt.notebook, ids, tt.want)
		}
	}
}

func TestExecutionsSkipsDamagedSessions(t *testing.T) {
	s := openTestStore(t)
	for i, id := range []string{"s1", "s2", "s3", "s4"} {
		l := newTestLog(t, s, SessionInfo{ID: id, Notebook: "a.ipynb", Started: logTestStart.Add(time.Duration(i) * time.Hour)})
		appendAll(t, l, Execution{ID: id + "-e1"})
	}
	writeTestFile(t, s.sessionIndexPath("s2"), `{"id":"s2","notebook":`)           // corrupt index
	writeTestFile(t, s.sessionIndexPath("s4"), `{"id":"s9","notebook":"a.ipynb"}`) // names another session
	if err := os.Remove(s.logPath("s3")); err != nil {                             // log gone
		t.Fatal(err)
	}
	// Files that are not index entries: a stray file, and a temporary file of a
	// write that a crash cut short.
	writeTestFile(t, filepath.Join(s.Dir(), sessionsDir, "s5.txt"), "not ours")
	writeTestFile(t, filepath.Join(s.Dir(), sessionsDir, atomicfile.TempPrefix+"s6.json-123"), `{"id":"s6"`)

	got, warnings, err := s.Executions("a.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if ids := loggedIDs(got); !slices.Equal(ids, []string{"s1-e1"}) {
		t.Errorf("records %q, want s1-e1", ids)
	}
	want := []string{"sessions/s2.json", "sessions/s4.json", "s3"}
	if len(warnings) != len(want) {
		t.Fatalf("warnings %q, want one for each of %q", warnings, want)
	}
	for i, w := range warnings {
		if !strings.Contains(w, want[i]) {
			t.Errorf("warning %q does not name %s", w, want[i])
		}
	}
	if _, err := s.Sessions(); err == nil || !strings.Contains(err.Error(), "sessions/s2.json") {
		t.Errorf("Sessions() error = %v, want one naming sessions/s2.json", err)
	}
	if _, _, err := s.ReadLog("s3"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadLog of a missing log: error %v, want fs.ErrNotExist", err)
	}
}

func TestSessionIndexNewerVersion(t *testing.T) {
	s := openTestStore(t)
	newTestLog(t, s, SessionInfo{ID: "s1"})
	writeTestFile(t, s.sessionIndexPath("s1"), fmt.Sprintf(`{"version":%d,"id":"s1"}`, StoreVersion+1))
	_, err := s.Sessions()
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("version %d", StoreVersion+1)) {
		t.Errorf("Sessions() error = %v, want one naming version %d", err, StoreVersion+1)
	}
}

// FuzzReadLog reads arbitrary bytes as a log: it must never panic, and it must return
// exactly the records of the whole lines that are valid JSON records, in order, with a
// warning for every other line that is not blank.
func FuzzReadLog(f *testing.F) {
	line, err := json.Marshal(fullRecord("s1", "e1", 1))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		"",
		string(line) + "\n",
		string(line) + "\n" + string(line[:20]),
		"{}\n[]\nnull\n\n" + string(line) + "\r\n",
		`{"id":"x","count":1e400}` + "\n",
		`{"id":"x","started":"yesterday"}` + "\n",
		`{"id":"\ud800","hashes":{"a":"b"}}` + "\n",
		strings.Repeat("x", 300) + "\n" + string(line) + "\n",
	} {
		f.Add([]byte(seed))
	}
	const maxLine = 256 // small, so that the fuzzer reaches the limit
	f.Fuzz(func(t *testing.T, data []byte) {
		got, warnings, err := readRecords(bytes.NewReader(data), "log", maxLine)
		if err != nil {
			t.Fatalf("error reading from memory: %v", err)
		}
		want, wantWarnings := naiveReadRecords(data, maxLine)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("records\n got %+v\nwant %+v", got, want)
		}
		if len(warnings) != wantWarnings {
			t.Errorf("%d warnings %q, want %d", len(warnings), warnings, wantWarnings)
		}
	})
}

// naiveReadRecords is the log format read the simple way: split into lines, keep the
// whole ones that decode to a record with an id, count the others.
func naiveReadRecords(data []byte, maxLine int) (records []Execution, warnings int) {
	lines := bytes.Split(data, []byte("\n"))
	for i, line := range lines {
		last := i == len(lines)-1
		if last && len(line) == 0 {
			break
		}
		trimmed := bytes.TrimSpace(line)
		if !last && len(line) <= maxLine && len(trimmed) == 0 {
			continue
		}
		var e Execution
		if last || len(line) > maxLine || !json.Valid(trimmed) || trimmed[0] != '{' ||
			json.Unmarshal(trimmed, &e) != nil || e.ID == "" {
			warnings++
			continue
		}
		records = append(records, e)
	}
	return records, warnings
}
