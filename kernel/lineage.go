package kernel

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/lineage"
)

// lineageRecorder writes every execution of the kernel session to the store's
// execution log and keeps the session's dependency graph, for the reply metadata,
// the stale-input warnings and the lineage magics. The kernel writes the log, not the
// worker, so that an execution whose worker died is recorded too.
//
// The graph covers the executions since the worker's session last started empty: a
// crash or a new worker leaves none of the earlier values behind, so nothing can be
// stale against them or be recomputed from them.
type lineageRecorder struct {
	log *slog.Logger
	// writer is nil when recording is off: the store could not be written.
	writer  *logWriter
	session string
	// notice is said once, on the stderr of the next cell, when recording stopped.
	notice string
	// execs are this session's executions in order, code their sources by hash.
	execs []lineage.Execution
	code  map[string]string
	// g is the graph of execs, extended as they grow; nil when it must be built again.
	g *lineage.Graph
	// workerSession is the worker session the executions in execs ran in.
	workerSession string
	// warn turns the stale-input warning on (%lineage warn off).
	warn bool
	// off is set by GOKERNEL_LINEAGE=off: nothing is analysed or recorded.
	off bool
	// restored is set when a worker that died was replaced by one restored to the
	// state before the cell: the graph goes on.
	restored bool
}

// lineageRestart, passed to continueIn, starts the graph afresh.
const lineageRestart = "\x00restart"

// continueIn makes the graph go on in worker session, which a restore brought to the
// state the graph's executions up to keepThrough made: all of them when keepThrough is
// "", none when it is lineageRestart (the state of another kernel session).
func (r *lineageRecorder) continueIn(session, keepThrough string) {
	r.workerSession, r.restored = session, true
	switch keepThrough {
	case "":
	case lineageRestart:
		r.execs, r.g = nil, nil
	default:
		if i := slices.IndexFunc(r.execs, func(e lineage.Execution) bool { return e.ID == keepThrough }); i >= 0 {
			r.execs, r.g = r.execs[:i+1], nil
		}
	}
}

// lineageOff reports whether the user turned lineage off for this kernel (and its
// worker, which inherits the environment).
func lineageOff() bool { return os.Getenv("GOKERNEL_LINEAGE") == "off" }

// newLineageRecorder opens the store in dir and starts the session's log. A store that
// cannot be opened or written leaves the kernel recording in memory only, with one
// notice.
func newLineageRecorder(dir string, info lineage.SessionInfo, log *slog.Logger) *lineageRecorder {
	r := &lineageRecorder{log: log, session: info.ID, code: map[string]string{}, warn: true}
	if lineageOff() {
		r.off = true
		return r
	}
	store, err := lineage.OpenStore(dir)
	var execLog *lineage.Log
	if err == nil {
		execLog, err = store.NewLog(info)
	}
	if err != nil {
		r.stop(err)
		return r
	}
	r.writer = startLogWriter(store, execLog)
	return r
}

// stop turns recording to the store off after err, with a notice for the next cell.
func (r *lineageRecorder) stop(err error) {
	r.log.Warn("lineage recording stopped", "err", err)
	r.notice = fmt.Sprintf("gokernel: the execution log is not being recorded (%v); the kernel keeps working, and %%stale, %%slice and %%lineage cover this session only.\n", err)
	if r.writer != nil {
		r.writer.close()
	}
	r.writer = nil
}

// takeNotice returns the notice not yet said, once.
func (r *lineageRecorder) takeNotice() string {
	n := r.notice
	r.notice = ""
	return n
}

// executeMetadata is what the kernel reads of an execute_request's metadata.
type executeMetadata struct {
	CellID       string   `json:"cellId"`
	DeletedCells []string `json:"deletedCells"`
}

// parseExecuteMetadata reads the cell id and deleted cells; metadata of another shape
// is ignored, never an error.
func parseExecuteMetadata(raw json.RawMessage) executeMetadata {
	var md struct {
		CellID       any `json:"cellId"`
		DeletedCells any `json:"deletedCells"`
	}
	if json.Unmarshal(raw, &md) != nil {
		return executeMetadata{}
	}
	var out executeMetadata
	out.CellID, _ = md.CellID.(string)
	if list, ok := md.DeletedCells.([]any); ok {
		for _, c := range list {
			if id, ok := c.(string); ok && id != "" {
				out.DeletedCells = append(out.DeletedCells, id)
			}
		}
	}
	return out
}

// An executionRun is what the kernel knows of an execution it ran, for its record.
type executionRun struct {
	id, code string
	count    int // 0 for an execution outside the history
	md       executeMetadata
	started  time.Time
	seed     uint64
	output   string // lineage.OutputHasher's sum
}

// record logs an execution and returns it as the graph now holds it.
func (r *lineageRecorder) record(run executionRun, reply workerproto.ExecuteReply) lineage.Execution {
	code := run.code
	e := lineage.Execution{
		ID: run.id, Session: r.session, Count: run.count, CellID: run.md.CellID,
		Code: lineage.CodeHash(code), Started: run.started, Ended: time.Now(),
		Status: lineage.StatusOK, DeletedCells: run.md.DeletedCells, Seed: run.seed, Output: run.output,
	}
	switch {
	case reply.Lineage == nil && reply.Error != nil:
		e.Status = lineage.StatusCrashed
	case reply.Interrupted:
		e.Status = lineage.StatusInterrupted
	case reply.Error != nil:
		e.Status = lineage.StatusError
	}
	if l := reply.Lineage; l != nil {
		e.Defined, e.Read, e.Changed, e.Unconfirmed, e.Hashes = l.Defined, l.Read, l.Changed, l.Unconfirmed, l.Hashes
		e.Inputs = l.Inputs
	}
	if r.writer != nil {
		if err := r.writer.write(code, e); err != nil {
			r.stop(err)
		}
	}
	switch {
	case e.Status == lineage.StatusCrashed && r.restored:
		// The worker died, and a new one holds the session as it was before.
	case reply.Session != r.workerSession || e.Status == lineage.StatusCrashed:
		// The session started empty: nothing before this execution is in it.
		r.execs, r.g = nil, nil
		r.workerSession = reply.Session
	}
	r.restored = false
	// An execution that read and produced nothing (1 + 1, fmt.Println("hi")) takes
	// no part in the graph: left out, it costs the graph nothing.
	if e.Status != lineage.StatusCrashed && len(e.Read)+len(e.Producers())+len(e.DeletedCells) > 0 {
		r.execs = append(r.execs, e)
		r.code[e.Code] = code
		if r.g != nil {
			r.g.Add(e)
		}
	}
	return e
}

// graph is the dependency graph of the session's executions. It is built once and
// extended by record, so that a cell's reply does not wait for the whole log to be
// read again; a caller uses it before the next execution is recorded.
func (r *lineageRecorder) graph() *lineage.Graph {
	if r.g == nil {
		r.g = lineage.NewGraph(r.execs)
	}
	return r.g
}

// replyMetadata is metadata.gokernel of the execute_reply of e: for front ends and
// tools, what the execution did and which cells are now stale. Only cells the front
// end named (metadata.cellId) are listed as stale: an execution without a cell id
// (jupyter console) is a cell no front end can show, and in a long session the list
// of those grew every reply by thousands of ids. %stale lists them all.
func replyMetadata(e lineage.Execution, stale []lineage.StaleCell) map[string]any {
	ids := make([]string, 0, len(stale))
	for _, s := range stale {
		if s.Exec.CellID != "" {
			ids = append(ids, s.CellID)
		}
	}
	hashes := e.Hashes
	if hashes == nil {
		hashes = map[string]string{}
	}
	orEmpty := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return map[string]any{"gokernel": map[string]any{
		"execution_id": e.ID, "cell_id": e.CellID, "status": e.Status,
		"defined": orEmpty(e.Defined), "read": orEmpty(e.Read), "changed": orEmpty(e.Changed),
		"unconfirmed": orEmpty(e.Unconfirmed), "hashes": hashes, "stale": ids,
	}}
}

// staleInputWarning is the line a cell gets when it read a name whose producing
// cell is out of date: its result is built on a value that re-running the notebook
// in order would not give. Empty when there is nothing to say.
func staleInputWarning(g *lineage.Graph, e lineage.Execution, stale []lineage.StaleCell) string {
	staleByExec := map[string]lineage.StaleCell{}
	for _, s := range stale {
		staleByExec[s.Exec.ID] = s
	}
	deps := g.Deps(e.ID)
	names := make([]string, 0, len(deps))
	for name := range deps {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, name := range names {
		s, ok := staleByExec[deps[name]]
		if !ok || s.CellID == e.CellID && e.CellID != "" {
			continue
		}
		fmt.Fprintf(&b, "gokernel: %s comes from cell %s, which is out of date (%s): re-run it first.\n", name, cellLabel(s.Exec), staleWhy(s))
	}
	if b.Len() > 0 {
		b.WriteString("(%lineage warn off turns these warnings off)\n")
	}
	return b.String()
}

// cellLabel names an execution's cell as the front end shows it: [N].
func cellLabel(e lineage.Execution) string {
	if e.Count == 0 {
		return "[ ]"
	}
	return fmt.Sprintf("[%d]", e.Count)
}

// staleWhy says in a few words why a cell is stale.
func staleWhy(s lineage.StaleCell) string {
	var parts []string
	for _, r := range s.Reasons {
		if r.ViaCell != "" {
			parts = append(parts, fmt.Sprintf("%s comes from stale cell %s", r.Name, cellLabel(r.By)))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s changed by %s", r.Name, cellLabel(r.By)))
	}
	return strings.Join(parts, ", ")
}

// notebookName is the notebook the front end runs this kernel for, when it says.
func notebookName() string { return os.Getenv("JPY_SESSION_NAME") }

// close writes the records still queued and ends the session's log.
func (r *lineageRecorder) close() {
	if r.writer != nil {
		r.writer.close()
	}
}
