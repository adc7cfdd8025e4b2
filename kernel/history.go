package kernel

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// History is the input history of every session, kept as JSON lines in one file so
// that it survives restarts, the way IPython keeps its history database.
type History struct {
	mu      sync.Mutex
	path    string
	file    *os.File // opened on the first append, kept open for the next ones
	session int
	entries []historyEntry
}

type historyEntry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
	Output  string `json:"output,omitempty"`
}

// OpenHistory loads the history at path and starts a new session after the last one
// recorded. An empty path keeps the history in memory only. Lines that do not parse
// (a file cut short by a crash) are skipped, not fatal.
func OpenHistory(path string) (*History, error) {
	h := &History{path: path}
	if path != "" {
		f, err := os.Open(path)
		switch {
		case err == nil:
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 64<<10), 64<<20)
			for sc.Scan() {
				var e historyEntry
				if json.Unmarshal(sc.Bytes(), &e) == nil && e.Session > 0 {
					h.entries = append(h.entries, e)
				}
			}
			f.Close()
			if err := sc.Err(); err != nil {
				return h, fmt.Errorf("history %s: %w", path, err)
			}
		case !os.IsNotExist(err):
			return nil, fmt.Errorf("history: %w", err)
		}
	}
	for _, e := range h.entries {
		h.session = max(h.session, e.Session)
	}
	h.session++
	return h, nil
}

// Session is the number of the current session.
func (h *History) Session() int { return h.session }

// Append records one executed cell of the current session.
func (h *History) Append(line int, input, output string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := historyEntry{Session: h.session, Line: line, Input: input, Output: output}
	h.entries = append(h.entries, e)
	if h.path == "" {
		return nil
	}
	if h.file == nil {
		// Owner-only, like the file: the history holds every cell the user ran. (A
		// folder that exists already keeps its mode.)
		if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
			return fmt.Errorf("history: %w", err)
		}
		f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
		h.file = f
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	// One write per entry with O_APPEND: kernels sharing the file never interleave
	// within a line.
	if _, err := h.file.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

// Close releases the history file.
func (h *History) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.file == nil {
		return nil
	}
	err := h.file.Close()
	h.file = nil
	return err
}

// HistoryQuery is the content of a history_request.
type HistoryQuery struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           *int   `json:"stop"`
	N              *int   `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// Query answers a history_request with [session, line, input] triples, or
// [session, line, [input, output]] when output is asked for.
func (h *History) Query(q HistoryQuery) ([]any, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var picked []historyEntry
	switch q.HistAccessType {
	case "tail", "":
		picked = lastN(h.unique(h.entries, q.Unique), q.N)
	case "range":
		session := q.Session
		if session <= 0 {
			session = h.session + session
		}
		for _, e := range h.entries {
			if e.Session == session && e.Line >= q.Start && (q.Stop == nil || e.Line < *q.Stop) {
				picked = append(picked, e)
			}
		}
	case "search":
		re, err := globRegexp(q.Pattern)
		if err != nil {
			return nil, err
		}
		var matched []historyEntry
		for _, e := range h.entries {
			if re.MatchString(e.Input) {
				matched = append(matched, e)
			}
		}
		picked = lastN(h.unique(matched, q.Unique), q.N)
	default:
		return nil, fmt.Errorf("unknown hist_access_type %q", q.HistAccessType)
	}
	out := make([]any, 0, len(picked))
	for _, e := range picked {
		if q.Output {
			var output any
			if e.Output != "" {
				output = e.Output
			}
			out = append(out, []any{e.Session, e.Line, []any{e.Input, output}})
		} else {
			out = append(out, []any{e.Session, e.Line, e.Input})
		}
	}
	return out, nil
}

// unique keeps the last occurrence of each input when asked to.
func (h *History) unique(es []historyEntry, unique bool) []historyEntry {
	if !unique {
		return es
	}
	seen := map[string]bool{}
	var rev []historyEntry
	for i := len(es) - 1; i >= 0; i-- {
		if !seen[es[i].Input] {
			seen[es[i].Input] = true
			rev = append(rev, es[i])
		}
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

func lastN(es []historyEntry, n *int) []historyEntry {
	if n == nil || *n <= 0 || *n >= len(es) {
		return es
	}
	return es[len(es)-*n:]
}

// globRegexp compiles a history search pattern: * matches any run of characters and
// ? any one, over the whole input, as IPython's history search does.
func globRegexp(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		pattern = "*"
	}
	var b strings.Builder
	b.WriteString(`^(?s)`)
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}
