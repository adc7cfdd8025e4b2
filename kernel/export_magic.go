package kernel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/google/uuid"

	"github.com/gokernel/gokernel/flow/export"
	"github.com/gokernel/gokernel/internal/workerproto"
)

// exportMagic writes the session as a flow program (see package flow/export).
const exportMagic = "%export"

func isExportMagic(line string) bool {
	word, _, _ := strings.Cut(line, " ")
	return word == exportMagic
}

// runExportMagic runs `%export DIR [--replace CHECKOUT] [--argo]`: the session's cells,
// their latest executions in the order they ran, run again in a fresh worker and
// written as a flow to DIR (relative to the kernel's folder).
func (k *Kernel) runExportMagic(ctx context.Context, line string, out Output) error {
	usage := errors.New("usage: %export DIR [--replace GOKERNEL_CHECKOUT] [--argo]")
	args := strings.Fields(line)[1:]
	var dir, replace string
	argo := false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--argo":
			argo = true
		case a == "--replace" && i+1 < len(args):
			replace = args[i+1]
			i++
		case strings.HasPrefix(a, "-") || dir != "":
			return usage
		default:
			dir = a
		}
	}
	if dir == "" {
		return usage
	}
	var cells []export.Cell
	for _, e := range k.lineage.graph().Latest() {
		if code, ok := k.lineage.code[e.Code]; ok {
			cells = append(cells, export.Cell{Number: e.Count, Code: code})
		}
	}
	if len(cells) == 0 {
		return errors.New("%export: no cell of this session produced anything to export")
	}
	name := strings.TrimSuffix(filepath.Base(notebookName()), filepath.Ext(notebookName()))
	res, err := export.Export(ctx, export.Options{Cells: cells, Name: name, Dir: dir, Replace: replace, Argo: argo,
		NewRunner: NewExportRunner})
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "flow %s: %d steps, %d artifacts, in %s\n", res.DAG.Name, len(res.DAG.Steps), len(res.DAG.Artifacts), dir)
	for _, s := range res.DAG.Steps {
		fmt.Fprintf(&b, "  %-24s cells %v\n", s.Name, s.Cells)
	}
	for _, d := range res.DAG.Dropped {
		fmt.Fprintf(&b, "  left out: [%d] %s\n", d.Cell, d.Reason)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	b.WriteString("build it with go build in " + dir + ", or run it with gokernel run " + dir + "\n")
	if replace == "" {
		b.WriteString("(its go.mod needs the gokernel module: --replace a checkout of it to build offline)\n")
	}
	out.Stream("stdout", b.String())
	return nil
}

// exportRunner runs an export's cells in a worker of its own.
type exportRunner struct{ sup *Supervisor }

// NewExportRunner starts what an export runs a notebook's cells in: a fresh worker.
func NewExportRunner() (export.Runner, error) {
	return &exportRunner{sup: NewSupervisor(nil, slog.New(slog.DiscardHandler))}, nil
}

func (r *exportRunner) Execute(ctx context.Context, code string, seed uint64) (workerproto.ExecuteReply, error) {
	return r.sup.Execute(ctx, workerproto.ExecuteRequest{Code: code, Seed: seed, ExecutionID: uuid.NewString()}, discardOutput{})
}

func (r *exportRunner) Declarations(ctx context.Context) (workerproto.DeclarationsReply, error) {
	return r.sup.Declarations(ctx)
}

func (r *exportRunner) Close() error { return r.sup.Close() }

// discardOutput drops what cells print: an export runs them for their lineage.
type discardOutput struct{}

func (discardOutput) Stream(string, string)       {}
func (discardOutput) Display(workerproto.Display) {}
func (discardOutput) ClearOutput(bool)            {}
func (discardOutput) Input(context.Context, string, bool) (string, error) {
	return "", errors.New("an export cannot answer input requests")
}
