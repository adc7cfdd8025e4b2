package kernel

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/snapshot"
)

// stateBackend is a Backend whose session can be snapshotted and restored: the
// worker supervisor. Backends without it (tests') run without snapshots.
type stateBackend interface {
	SetStateHandlers(onSnapshot func(workerproto.SnapshotDone), recoverSession func(ctx context.Context, out Output) string)
	Restore(ctx context.Context, req workerproto.RestoreRequest, out Output) (workerproto.RestoreReply, error)
	Snapshot(ctx context.Context, req workerproto.SnapshotRequest) (workerproto.SnapshotDone, error)
	Diff(ctx context.Context, req workerproto.DiffRequest) (workerproto.DiffReply, error)
	Settle(ctx context.Context) error
	Restart() error
}

// snapshotKeeper is the kernel's side of snapshots. The worker takes them, after every
// successful execution; the kernel tells it where, learns which snapshot holds the
// state after which execution, brings the session back after a worker died, and runs
// the snapshot magics (snapshot_magics.go).
type snapshotKeeper struct {
	backend stateBackend // nil: snapshots are off
	log     *slog.Logger
	dir     string
	session string // the kernel session, as the execution log names it

	mu sync.Mutex
	// why says why snapshots are off, for the magics; "" when they are on.
	why string
	// paused is set by %snapshot off.
	paused bool
	budget int64
	// execs are this kernel's executions in order, with the snapshot of the state
	// after each (when one was reported).
	execs []snapshotExec
	// latest is the snapshot of the session's state now; head the state a
	// %checkout left, for %checkout latest.
	latest, head string
	// notice is said once, on the stderr of the next cell.
	notice string
	// failing is set from a failed snapshot to the next one written: a full disk
	// fails every snapshot, and the user is told once, not after every cell.
	failing bool
	// thinning is set while a budget thinning runs.
	thinning bool
	// storeSize is the store's size the last thinning measured (-1: not yet), and
	// grown what snapshots reported since, uncompressed: an upper bound on what they
	// added. Measuring reads every manifest, so it is done only when the bound says
	// the budget may be passed, or when the last measure is old (other kernels
	// write to the store too): thinning after every snapshot took most of the
	// kernel's time in a session of thousands of cells.
	storeSize  int64
	grown      int64
	measuredAt time.Time
	// recovered is the worker session that holds the state restored after the last
	// worker died; the lineage graph goes on in it.
	recovered string
}

// snapshotExec is one execution and the snapshot of the state after it.
type snapshotExec struct {
	count    int
	id       string
	manifest string
}

// defaultSnapshotBudget bounds the store's snapshots unless %snapshot budget says
// otherwise: enough for hours of a data notebook's states, small beside a disk.
const defaultSnapshotBudget = 2_000_000_000

// newSnapshotKeeper starts the kernel's snapshots in store folder dir, which the
// lineage recorder opened. They are off when the backend cannot take them, when
// lineage is off (lineageOff says why; the worker learns what changed from
// lineage), or when GOKERNEL_SNAPSHOT=off.
func newSnapshotKeeper(backend Backend, dir, session, lineageOff string, log *slog.Logger) *snapshotKeeper {
	k := &snapshotKeeper{dir: dir, session: session, log: log, budget: defaultSnapshotBudget, storeSize: -1}
	sb, ok := backend.(stateBackend)
	switch {
	case !ok:
		k.why = "this kernel's backend cannot take snapshots"
	case os.Getenv("GOKERNEL_SNAPSHOT") == "off":
		k.why = "snapshots are off in this kernel (GOKERNEL_SNAPSHOT=off)"
	case lineageOff != "":
		k.why = "snapshots need " + lineageOff
	default:
		k.backend = sb
	}
	if b := os.Getenv("GOKERNEL_SNAPSHOT_BUDGET"); b != "" {
		if n, err := snapshot.ParseSize(b); err == nil {
			k.budget = n
		} else {
			log.Warn("ignoring GOKERNEL_SNAPSHOT_BUDGET", "err", err)
		}
	}
	return k
}

// start hands the backend the kernel's handlers.
func (k *snapshotKeeper) start() {
	if k.backend != nil {
		k.backend.SetStateHandlers(k.reported, k.recoverSession)
	}
}

// spec is what the worker is told to do after the execution about to run: nil when
// snapshots are off or paused.
func (k *snapshotKeeper) spec() *workerproto.SnapshotSpec {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.backend == nil || k.why != "" || k.paused {
		return nil
	}
	return &workerproto.SnapshotSpec{Dir: k.dir, Session: k.session}
}

// begin notes an execution about to run: its snapshot may be reported before its
// reply.
func (k *snapshotKeeper) begin(count int, id string) {
	k.mu.Lock()
	k.execs = append(k.execs, snapshotExec{count: count, id: id})
	k.mu.Unlock()
}

// reported takes a worker's report of a snapshot it wrote.
func (k *snapshotKeeper) reported(d workerproto.SnapshotDone) {
	if d.Error != "" {
		k.log.Warn("snapshot failed", "execution", d.Execution, "err", d.Error)
		k.mu.Lock()
		if !k.failing {
			k.failing = true
			k.notice = fmt.Sprintf("gokernel: snapshots stopped: the one after this session's last cell failed (%s). The kernel keeps working and tries again after every cell; it says so when snapshots are written again. Until then a crash of the worker loses what changed since the last snapshot.\n", d.Error)
		}
		k.mu.Unlock()
		return
	}
	if d.Manifest == "" {
		return
	}
	k.mu.Lock()
	if k.failing {
		k.failing = false
		k.notice = "gokernel: snapshots are written again.\n"
	}
	k.mu.Unlock()
	k.log.Debug("snapshot", "execution", d.Execution, "manifest", d.Manifest, "bytes", d.Bytes, "copy_ms", d.CopyMillis, "write_ms", d.WriteMillis)
	k.mu.Lock()
	defer k.mu.Unlock()
	for i := len(k.execs) - 1; i >= 0; i-- {
		if k.execs[i].id == d.Execution {
			k.execs[i].manifest = d.Manifest
			break
		}
	}
	k.latest = d.Manifest
	k.grown += d.Bytes
	if k.budget > 0 && !k.thinning &&
		(k.storeSize < 0 || k.storeSize+k.grown > k.budget || time.Since(k.measuredAt) > remeasureStore) {
		k.thinning = true
		go k.thin()
	}
}

// remeasureStore is how old a measure of the store's size may get before the next
// snapshot measures it again.
const remeasureStore = 10 * time.Minute

// thin keeps the store within the budget: the oldest snapshots go first, never the
// session's latest or the state a checkout left.
func (k *snapshotKeeper) thin() {
	defer func() {
		k.mu.Lock()
		k.thinning = false
		k.mu.Unlock()
	}()
	st, err := snapshot.OpenStore(k.dir)
	if err != nil {
		return
	}
	k.mu.Lock()
	budget, keep := k.budget, []string{k.latest, k.head}
	// What is reported from now on is not in this measure.
	k.grown = 0
	k.mu.Unlock()
	// Snapshots of the last hour may be another kernel's newest, whose objects its
	// next snapshot reuses: they are spared, and so are their objects.
	cutoff := time.Now().Add(-time.Hour)
	res, err := st.Thin(budget, func(m *snapshot.Manifest) bool {
		return slices.Contains(keep, m.ID) || m.Session != k.session && m.Created.After(cutoff)
	}, cutoff)
	if err != nil {
		k.log.Warn("thinning snapshots", "err", err)
		return
	}
	k.mu.Lock()
	k.storeSize, k.measuredAt = res.After, time.Now()
	k.mu.Unlock()
	if len(res.Removed) > 0 {
		k.log.Info("thinned snapshots", "removed", len(res.Removed), "freed", res.Freed, "after", res.After)
	}
}

// takeNotice returns the notice not yet said, once.
func (k *snapshotKeeper) takeNotice() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	n := k.notice
	k.notice = ""
	return n
}

// recoverSession brings the session back in the worker that replaced one that died:
// the state of the latest snapshot. It returns the sentence the cell shows.
func (k *snapshotKeeper) recoverSession(ctx context.Context, out Output) string {
	k.mu.Lock()
	latest, why := k.latest, k.why
	k.recovered = ""
	k.mu.Unlock()
	switch {
	case why != "":
		return lostAll + " (" + why + ")"
	case latest == "":
		return lostAll + " (no snapshot of it had been taken yet)"
	}
	reply, err := k.restore(ctx, latest, out)
	if err != nil {
		return lostAll + " The last snapshot could not be restored: " + err.Error()
	}
	k.mu.Lock()
	k.recovered = reply.Session
	k.mu.Unlock()
	return "The session was restored from its last snapshot in a new worker. " + restoreSummary(reply)
}

// takeRecovered returns the worker session a recovery restored, once.
func (k *snapshotKeeper) takeRecovered() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	s := k.recovered
	k.recovered = ""
	return s
}

// restore loads snapshot manifest into the current worker, whose session is empty.
func (k *snapshotKeeper) restore(ctx context.Context, manifest string, out Output) (workerproto.RestoreReply, error) {
	reply, err := k.backend.Restore(ctx, workerproto.RestoreRequest{
		SnapshotSpec: workerproto.SnapshotSpec{Dir: k.dir, Session: k.session}, Manifest: manifest,
	}, out)
	if err == nil && reply.Error != "" {
		err = fmt.Errorf("%s", reply.Error)
	}
	if err != nil {
		return reply, err
	}
	k.mu.Lock()
	k.latest = manifest
	k.mu.Unlock()
	return reply, nil
}

// restoreSummary says which variables came back, which were recomputed and which
// were lost, and why.
func restoreSummary(r workerproto.RestoreReply) string {
	var b strings.Builder
	switch {
	case len(r.Restored)+len(r.Replayed) == 0 && len(r.Lost) == 0:
		b.WriteString("It had no variables.")
	default:
		if len(r.Restored) > 0 {
			fmt.Fprintf(&b, "Restored %s: %s.", plural(len(r.Restored), "variable"), strings.Join(r.Restored, ", "))
		}
		if len(r.Replayed) > 0 {
			fmt.Fprintf(&b, " Recomputed by running their declaration again: %s.", strings.Join(r.Replayed, ", "))
		}
		if len(r.Lost) > 0 {
			names := slices.Sorted(maps.Keys(r.Lost))
			fmt.Fprintf(&b, " Lost %s:", plural(len(names), "variable"))
			for _, n := range names {
				fmt.Fprintf(&b, " %s (%s);", n, r.Lost[n])
			}
			s := strings.TrimSuffix(b.String(), ";") + "."
			b.Reset()
			b.WriteString(s)
		}
	}
	return strings.TrimSpace(b.String())
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
