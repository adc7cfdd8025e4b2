package flow

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"text/tabwriter"
)

// Main runs the flow as the command line args (without the program's name) say,
// and returns the exit status: 0 when it succeeded, 1 when a step failed or
// --verify found a difference, 2 for a wrong command line. An interrupt (or
// SIGTERM, as a scheduler sends) starts no further step; a second one ends the
// program at once.
//
//	--store DIR     the artifact store (default $FLOW_STORE, else .flow-store)
//	--resume STEP   run STEP and the steps after it, loading what they need
//	--only STEP     run STEP alone, loading its inputs
//	--verify        compare the artifacts with the notebook's hashes
//	--parallel N    run at most N independent steps at once
//	--list          print the steps and exit
//	--dag           print the DAG as JSON and exit
func (f *Flow) Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	returned := make(chan struct{})
	defer close(returned)
	go func() {
		select {
		case <-ctx.Done():
			stop() // the next signal ends the program
			fmt.Fprintln(os.Stderr, "flow: interrupted: no further step starts, the running ones finish (interrupt again to stop now)")
		case <-returned:
		}
	}()
	return f.main(ctx, args, os.Stdout, os.Stderr)
}

func (f *Flow) main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(f.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts RunOptions
	fs.StringVar(&opts.Store, "store", DefaultStore(), "the artifact store `folder` ($FLOW_STORE, else .flow-store)")
	fs.StringVar(&opts.Resume, "resume", "", "run `step` and the steps after it, with the artifacts they need from the latest run")
	fs.StringVar(&opts.Only, "only", "", "run `step` alone, with its inputs from the latest run")
	fs.BoolVar(&opts.Verify, "verify", false, "compare the artifacts' hashes with those the notebook recorded")
	fs.IntVar(&opts.Parallel, "parallel", runtime.GOMAXPROCS(0), "run at most `n` independent steps at once")
	list := fs.Bool("list", false, "print the steps, what they read and write and what they need, and exit")
	dag := fs.Bool("dag", false, "print the flow's DAG as JSON and exit")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s [flags]\n\nRuns the flow %q, exported from a notebook.\n\n", f.name, f.name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "flow: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return 2
	}
	if opts.Parallel < 1 {
		fmt.Fprintf(stderr, "flow: --parallel %d: want at least 1\n", opts.Parallel)
		return 2
	}
	if *list || *dag {
		if err := f.Check(); err != nil {
			printError(stderr, err)
			return 1
		}
		if *list {
			f.writeList(stdout)
			return 0
		}
		data, err := json.MarshalIndent(f.DAG(), "", "  ")
		if err != nil {
			printError(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", data)
		return 0
	}
	opts.Stderr = stderr
	if err := f.Run(ctx, opts); err != nil {
		printError(stderr, err)
		return 1
	}
	return 0
}

// printError writes err on stderr, a line "flow: ..." for each error it joins.
func printError(stderr io.Writer, err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			printError(stderr, e)
		}
		return
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "flow: %s\n", line)
	}
}

// writeList prints the steps in a table: what each reads, writes and needs.
func (f *Flow) writeList(w io.Writer) {
	fmt.Fprintf(w, "flow %s: %d steps, %d artifacts\n", f.name, len(f.steps), len(f.artifacts))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tREADS\tWRITES\tNEEDS")
	dash := func(names []string) string {
		if len(names) == 0 {
			return "-"
		}
		return strings.Join(names, ", ")
	}
	for _, s := range f.steps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.name, dash(s.reads), dash(s.writes), dash(s.needs))
	}
	tw.Flush()
}
