package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/signal"

	"github.com/gokernel/gokernel/kernel"
	"github.com/gokernel/gokernel/replay"
)

// runReplay re-runs a notebook headless and reports, per cell, whether its recorded
// values and text output came out the same. Exit status 0 only when everything
// compared reproduced, 1 when something diverged or nothing could be compared.
func runReplay(args []string) error {
	fs := newFlagSet("replay NOTEBOOK.ipynb [--json] [--twice | --cells] [--store DIR] [--session ID]")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	twice := fs.Bool("twice", false, "run the cells top to bottom twice and compare the runs (for a notebook with no store)")
	cells := fs.Bool("cells", false, "run the cells top to bottom against their saved outputs, even when the store has a recorded session")
	storeDir := fs.String("store", "", "the store with the notebook's recorded lineage (default: $GOKERNEL_STORE, else .gokernel beside the notebook)")
	session := fs.String("session", "", "replay this recorded session (an id gokernel lineage prints) instead of the notebook's latest")
	notebook, err := parseWithDir(fs, args)
	if err != nil {
		return err
	}
	if notebook == "" {
		return usageError{"which notebook? gokernel replay NOTEBOOK.ipynb"}
	}
	if *twice && (*cells || *session != "") {
		return usageError{"--twice runs the cells top to bottom: it takes neither --cells nor --session"}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	report, err := replay.Run(ctx, replay.Options{
		Notebook: notebook, StoreDir: *storeDir, Session: *session, Cells: *cells, Twice: *twice,
		Progress: os.Stderr,
		NewBackend: func() (replay.Backend, error) {
			return kernel.NewSupervisor(nil, slog.New(slog.DiscardHandler)), nil
		},
	})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return err
		}
	} else {
		report.WriteText(os.Stdout)
	}
	if !report.OK() {
		return exitStatus(1)
	}
	return nil
}
