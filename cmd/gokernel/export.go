package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/gokernel/gokernel/flow"
	"github.com/gokernel/gokernel/flow/export"
	"github.com/gokernel/gokernel/kernel"
)

// runExport writes a notebook as a flow program (see package flow/export).
func runExport(args []string) error {
	fs := newFlagSet("export NOTEBOOK.ipynb -o DIR [--replace GOKERNEL_CHECKOUT] [--argo [--image IMAGE] [--claim PVC]]")
	out := fs.String("o", "", "the `folder` to write the flow to (main.go, go.mod, dag.json)")
	replace := fs.String("replace", "", "a gokernel checkout `folder`: go.mod replaces the gokernel module with it, so the flow builds offline")
	argo := fs.Bool("argo", false, "also write argo.yaml, an Argo Workflows manifest of the flow")
	image := fs.String("image", "", "the container `image` the Argo tasks run (default flow:latest)")
	claim := fs.String("claim", "", "the PersistentVolumeClaim `name` of the Argo tasks' artifact store (default flow-store)")
	notebook, err := parseWithDir(fs, args)
	if err != nil {
		return err
	}
	if notebook == "" || *out == "" {
		return usageError{"gokernel export NOTEBOOK.ipynb -o DIR"}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := export.Export(ctx, export.Options{
		Notebook: notebook, Dir: *out, Replace: *replace, Argo: *argo,
		ArgoOptions: flow.ArgoOptions{Image: *image, Claim: *claim},
		NewRunner:   kernel.NewExportRunner,
		Progress:    os.Stderr,
	})
	if err != nil {
		return err
	}
	fmt.Printf("flow %s: %d steps, %d artifacts\n", res.DAG.Name, len(res.DAG.Steps), len(res.DAG.Artifacts))
	for _, s := range res.DAG.Steps {
		fmt.Printf("  %-20s cells %v", s.Name, s.Cells)
		if len(s.Needs) > 0 {
			fmt.Printf(", after %s", strings.Join(s.Needs, ", "))
		}
		fmt.Println()
	}
	for _, d := range res.DAG.Dropped {
		fmt.Printf("  left out: cell %d, %s\n", d.Cell, d.Reason)
	}
	for _, w := range res.Warnings {
		fmt.Printf("warning: %s\n", w)
	}
	for _, f := range res.Files {
		fmt.Printf("wrote %s\n", f)
	}
	return nil
}
