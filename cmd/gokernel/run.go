package main

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/kernel"
)

// runFlowInterpreted runs a flow that gokernel export wrote, interpreted by a worker
// as the notebook's cells were: its declarations as one cell, then its runFlow with
// the flags given after DIR. The exit status is the flow's.
func runFlowInterpreted(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || strings.HasPrefix(args[0], "-") {
		fmt.Println("Usage: gokernel run DIR [FLOW FLAGS]\n\nRuns the flow gokernel export wrote to DIR interpreted, as the notebook ran;\nthe flags after DIR are the flow's own (--resume STEP, --only STEP, --verify, --store DIR, --help).")
		if len(args) == 0 || strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" {
			return usageError{"which flow? gokernel run DIR"}
		}
		return nil
	}
	dir, flowArgs := args[0], args[1:]
	src, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		return err
	}
	program, err := withoutMain(string(src))
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, "main.go"), err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sup := kernel.NewSupervisor(nil, slog.New(slog.DiscardHandler))
	defer sup.Close()
	out := consoleOutput{}
	reply, err := sup.Execute(ctx, workerproto.ExecuteRequest{Code: program, ExecutionID: uuid.NewString()}, out)
	if err != nil {
		return err
	}
	if e := reply.Error; e != nil {
		return fmt.Errorf("%s does not run interpreted: %s: %s", dir, e.Name, e.Value)
	}
	quoted := make([]string, len(flowArgs))
	for i, a := range flowArgs {
		quoted[i] = strconv.Quote(a)
	}
	call := "runFlow([]string{" + strings.Join(quoted, ", ") + "})"
	reply, err = sup.Execute(ctx, workerproto.ExecuteRequest{Code: call, ExecutionID: uuid.NewString()}, out)
	if err != nil {
		return err
	}
	if e := reply.Error; e != nil {
		return fmt.Errorf("the flow failed: %s: %s", e.Name, e.Value)
	}
	var status int
	if reply.Result != nil {
		text, _ := reply.Result.Data["text/plain"].(string)
		status, _ = strconv.Atoi(strings.TrimSpace(text))
	}
	if status != 0 {
		return exitStatus(status)
	}
	return nil
}

// withoutMain returns the program's source without its func main, which would exit
// the worker: the flow runs through runFlow instead.
func withoutMain(src string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, parser.SkipObjectResolution)
	if err != nil {
		return "", err
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			from, to := fset.Position(fd.Pos()).Offset, fset.Position(fd.End()).Offset
			if fd.Doc != nil {
				from = fset.Position(fd.Doc.Pos()).Offset
			}
			return src[:from] + src[to:], nil
		}
	}
	return "", fmt.Errorf("no func main: not a flow gokernel export wrote")
}

// consoleOutput writes what the flow prints to this process's stdout and stderr.
type consoleOutput struct{}

func (consoleOutput) Stream(name, text string) {
	if name == "stderr" {
		os.Stderr.WriteString(text)
		return
	}
	os.Stdout.WriteString(text)
}
func (consoleOutput) Display(d workerproto.Display) {
	if text, ok := d.Data["text/plain"].(string); ok {
		fmt.Println(text)
	}
}
func (consoleOutput) ClearOutput(bool) {}
func (consoleOutput) Input(context.Context, string, bool) (string, error) {
	return "", fmt.Errorf("a flow cannot ask for input")
}
