package kernel

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/lineage"
	"github.com/gokernel/gokernel/snapshot"
)

// The snapshot magics, which the kernel runs: it knows which snapshot holds which
// execution's state, and a checkout replaces the worker.
//
//	%snapshot                take a snapshot of every variable now
//	%snapshot off|on         stop or resume the snapshots after each cell
//	%snapshot budget SIZE    keep the store's snapshots within SIZE (2GB, 500MB)
//	%restore                 bring back the latest snapshot of this notebook's last session
//	%checkout N|latest       the state after execution [N]; latest: back to before the checkouts
//	%diff A B                compare two states: execution counts, or now

// runSnapshotMagic runs one snapshot magic line, writing to out.
func (k *Kernel) runSnapshotMagic(line string, out Output) error {
	sk := k.snaps
	fields := strings.Fields(line)
	name, args := fields[0], fields[1:]
	sk.mu.Lock()
	why, backend := sk.why, sk.backend
	sk.mu.Unlock()
	if backend == nil || why != "" && !(name == "%snapshot" && len(args) > 0 && args[0] == "budget") {
		return errors.New(cmp.Or(why, "snapshots are off"))
	}
	ctx := context.Background()
	// The snapshot of the last cell may still be on its way.
	if err := backend.Settle(ctx); err != nil {
		return fmt.Errorf("the worker did not answer: %w", err)
	}
	switch name {
	case "%snapshot":
		return k.snapshotMagic(ctx, args, out)
	case "%restore":
		if len(args) > 0 {
			return errors.New("%restore takes no arguments")
		}
		return k.restoreMagic(ctx, out)
	case "%checkout":
		if len(args) != 1 {
			return errors.New("usage: %checkout N|latest (N is an execution count, as in [N])")
		}
		return k.checkoutMagic(ctx, args[0], out)
	case "%diff":
		if len(args) != 2 {
			return errors.New("usage: %diff A B (execution counts as in [N], or now)")
		}
		return k.diffMagic(ctx, args[0], args[1], out)
	}
	return nil
}

func (k *Kernel) snapshotMagic(ctx context.Context, args []string, out Output) error {
	sk := k.snaps
	switch {
	case len(args) == 1 && (args[0] == "off" || args[0] == "on"):
		sk.mu.Lock()
		sk.paused = args[0] == "off"
		sk.mu.Unlock()
		if args[0] == "off" {
			out.Stream("stdout", "Snapshots are off: the variables will not survive a crash of the worker. %snapshot on turns them on.\n")
		} else {
			out.Stream("stdout", "Snapshots are on: after each cell that succeeds, what it changed is stored.\n")
		}
		return nil
	case len(args) == 2 && args[0] == "budget":
		n, err := snapshot.ParseSize(args[1])
		if err != nil {
			return err
		}
		sk.mu.Lock()
		sk.budget = n
		start := !sk.thinning && n > 0
		sk.thinning = sk.thinning || start
		sk.mu.Unlock()
		if start {
			sk.thin()
		}
		if n == 0 {
			out.Stream("stdout", "Snapshots are kept without a size limit.\n")
		} else {
			out.Stream("stdout", fmt.Sprintf("Snapshots are kept within %s: the oldest are removed first.\n", snapshot.FormatSize(n)))
		}
		return nil
	case len(args) > 0:
		return errors.New("usage: %snapshot [off|on|budget SIZE]")
	}
	spec := sk.spec()
	if spec == nil {
		return errors.New("snapshots are off (%snapshot on turns them on)")
	}
	sk.mu.Lock()
	exec := ""
	if n := len(sk.execs); n > 0 {
		exec = sk.execs[n-1].id
	}
	sk.mu.Unlock()
	d, err := sk.backend.Snapshot(ctx, workerproto.SnapshotRequest{SnapshotSpec: *spec, Execution: exec})
	if err == nil && d.Error != "" {
		err = errors.New(d.Error)
	}
	if err != nil {
		return fmt.Errorf("the snapshot failed: %w", err)
	}
	sk.reported(d)
	var b strings.Builder
	fmt.Fprintf(&b, "Snapshot %s: %s stored (%s before compression)", shortID(d.Manifest), plural(len(d.Stored), "variable"), snapshot.FormatSize(d.Bytes))
	if len(d.ReplayOnly) > 0 {
		fmt.Fprintf(&b, "; recomputed on restore, as they cannot be stored:")
		for _, n := range slices.Sorted(maps.Keys(d.ReplayOnly)) {
			fmt.Fprintf(&b, "\n  %s", d.ReplayOnly[n])
		}
	}
	out.Stream("stdout", b.String()+"\n")
	return nil
}

// restoreMagic brings back the latest snapshot of this notebook taken by an earlier
// kernel session, in a new worker.
func (k *Kernel) restoreMagic(ctx context.Context, out Output) error {
	sk := k.snaps
	st, err := snapshot.OpenStore(sk.dir)
	if err != nil {
		return err
	}
	manifests, err := st.Manifests()
	if err != nil && len(manifests) == 0 {
		return err
	}
	notebook := notebookName()
	sessions := map[string]bool{}
	if notebook != "" {
		ls, err := lineage.OpenStore(sk.dir)
		if err != nil {
			return err
		}
		infos, _ := ls.Sessions()
		for _, info := range infos {
			if info.Notebook == notebook {
				sessions[info.ID] = true
			}
		}
	}
	var found *snapshot.Manifest
	for _, m := range slices.Backward(manifests) {
		if m.Session != sk.session && (notebook == "" || sessions[m.Session]) {
			found = m
			break
		}
	}
	if found == nil {
		where := "this store (" + sk.dir + ")"
		if notebook != "" {
			where = notebook + "'s earlier sessions"
		}
		return fmt.Errorf("no snapshot of %s to restore", where)
	}
	if err := sk.backend.Restart(); err != nil {
		return err
	}
	reply, err := sk.restore(ctx, found.ID, out)
	if err != nil {
		return fmt.Errorf("restoring snapshot %s: %w", shortID(found.ID), err)
	}
	k.lineage.continueIn(reply.Session, lineageRestart)
	out.Stream("stdout", fmt.Sprintf("Restored the snapshot of %s (taken %s) in a new worker. %s\n",
		cmp.Or(notebook, "the last session"), found.Created.Local().Format("2006-01-02 15:04:05"), restoreSummary(reply)))
	return nil
}

// checkoutMagic puts the session back to the state after execution arg, or back to
// where it was before the checkouts (latest).
func (k *Kernel) checkoutMagic(ctx context.Context, arg string, out Output) error {
	sk := k.snaps
	var target, label, execID string
	sk.mu.Lock()
	if arg == "latest" {
		target, label = cmp.Or(sk.head, sk.latest), "the latest state"
	} else {
		e, err := sk.findExec(arg)
		if err != nil {
			sk.mu.Unlock()
			return err
		}
		target, label, execID = e.manifest, fmt.Sprintf("the state after [%d]", e.count), e.id
	}
	if arg != "latest" && sk.head == "" {
		sk.head = sk.latest
	}
	sk.mu.Unlock()
	if target == "" {
		return errors.New("no snapshot has been taken in this session yet")
	}
	if err := sk.backend.Restart(); err != nil {
		return err
	}
	reply, err := sk.restore(ctx, target, out)
	if err != nil {
		return fmt.Errorf("checking out %s: %w", label, err)
	}
	if arg == "latest" {
		sk.mu.Lock()
		sk.head = ""
		sk.mu.Unlock()
		k.lineage.continueIn(reply.Session, "")
	} else {
		k.lineage.continueIn(reply.Session, execID)
	}
	out.Stream("stdout", fmt.Sprintf("Checked out %s in a new worker. %s\n", label, restoreSummary(reply)))
	return nil
}

// findExec finds the execution a %checkout or %diff argument names: its count, as
// the front end shows it ([3] or 3). Called with sk.mu held.
func (sk *snapshotKeeper) findExec(arg string) (snapshotExec, error) {
	n, err := strconv.Atoi(strings.Trim(arg, "[]"))
	if err != nil {
		return snapshotExec{}, fmt.Errorf("%q is not an execution count (as in [3]), latest or now", arg)
	}
	for _, e := range slices.Backward(sk.execs) {
		if e.count != n {
			continue
		}
		if e.manifest == "" {
			return e, fmt.Errorf("there is no snapshot of the state after [%d]: it failed, or snapshots were off", n)
		}
		return e, nil
	}
	return snapshotExec{}, fmt.Errorf("there was no execution [%d] in this session", n)
}

// diffMagic compares two states value by value.
func (k *Kernel) diffMagic(ctx context.Context, a, b string, out Output) error {
	sk := k.snaps
	resolve := func(arg string) (manifest, label string, err error) {
		if arg == "now" {
			return "", "now", nil
		}
		sk.mu.Lock()
		defer sk.mu.Unlock()
		e, err := sk.findExec(arg)
		if err != nil {
			return "", "", err
		}
		return e.manifest, fmt.Sprintf("[%d]", e.count), nil
	}
	am, al, err := resolve(a)
	if err != nil {
		return err
	}
	bm, bl, err := resolve(b)
	if err != nil {
		return err
	}
	d, err := sk.backend.Diff(ctx, workerproto.DiffRequest{Dir: sk.dir, A: am, B: bm, ALabel: al, BLabel: bl})
	if err == nil && d.Error != "" {
		err = errors.New(d.Error)
	}
	if err != nil {
		return fmt.Errorf("%%diff %s %s: %w", a, b, err)
	}
	out.Display(workerproto.Display{MIMEBundle: workerproto.MIMEBundle{
		Data: map[string]any{"text/html": d.HTML, "text/plain": d.Text}, Metadata: map[string]any{}}})
	return nil
}

// shortID is the first hexadecimal digits of a snapshot id, as a person reads it.
func shortID(id string) string {
	id = strings.TrimPrefix(id, "blake3:")
	if len(id) > 12 {
		id = id[:12]
	}
	return html.EscapeString(id)
}
