// Command gokernel is a Jupyter kernel for Go.
//
//	gokernel install [--user | --sys-prefix | --prefix DIR] [--name NAME]
//	gokernel uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME]
//	gokernel kernel -f CONNECTION_FILE
//	gokernel lineage [DIR] [--json | --dot] [--all] [--notebook NAME]
//	gokernel store verify|gc|du [DIR] [--keep N] [--grace D]
//	gokernel replay NOTEBOOK.ipynb [--json] [--twice | --cells] [--store DIR] [--session ID]
//	gokernel export NOTEBOOK.ipynb -o DIR [--replace CHECKOUT] [--argo]
//	gokernel run DIR [FLOW FLAGS]
//	gokernel version
//
// Jupyter runs "gokernel kernel -f FILE" as the kernel.json that install writes says.
// The kernel starts itself again as "gokernel worker" to run user code in a separate
// process; that subcommand is internal.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// version is set at link time for releases (-ldflags "-X main.version=v1.2.3");
// otherwise it comes from the module version go install recorded.
var version = ""

func gokernelVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "0.1.0-dev"
}

type command struct {
	name, summary string
	run           func(args []string) error
	hidden        bool
}

var commands = []command{
	{"install", "install the Jupyter kernelspec", runInstall, false},
	{"uninstall", "remove the Jupyter kernelspec", runUninstall, false},
	{"kernel", "run the kernel for a connection file (what Jupyter starts)", runKernel, false},
	{"lineage", "print the recorded lineage of a notebook store", runLineage, false},
	{"store", "verify, clean (gc) or size (du) a store's snapshots", runStore, false},
	{"replay", "re-run a notebook and check that its results reproduce", runReplay, false},
	{"export", "write a notebook as a flow program (steps, artifacts, resume)", runExport, false},
	{"run", "run an exported flow interpreted, as the notebook ran", runFlowInterpreted, false},
	{"version", "print the version", runVersion, false},
	{"worker", "internal: the process that runs user code", runWorker, true},
}

// exitStatus ends the command with that status, the command having said why.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// usageError is a bad command line: reported in one line, exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:])
		var ue usageError
		var status exitStatus
		switch {
		case err == nil:
			return 0
		case errors.As(err, &status):
			return int(status)
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "gokernel %s: %s (see gokernel %s --help)\n", c.name, ue.msg, c.name)
			return 2
		default:
			fmt.Fprintf(stderr, "gokernel %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "gokernel: unknown command %q (see gokernel --help)\n", args[0])
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "gokernel: a Jupyter kernel for Go")
	fmt.Fprintln(w, "\nUsage: gokernel <command> [flags]\n\nCommands:")
	for _, c := range commands {
		if !c.hidden {
			fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprintln(w, "\nRun gokernel <command> --help for a command's flags.")
}

// newFlagSet returns a flag set that stays quiet on errors: parse reports them in one
// line, and prints the help only when asked for it.
func newFlagSet(synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(synopsis, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args, printing help for --help and turning other errors into usage
// errors.
func parse(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(os.Stdout, "Usage: gokernel %s\n\nFlags:\n", fs.Name())
		fs.SetOutput(os.Stdout)
		fs.PrintDefaults()
		return err
	}
	if err != nil {
		return usageError{strings.TrimSpace(err.Error())}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func runVersion(args []string) error {
	fs := newFlagSet("version")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Println("gokernel", gokernelVersion())
	return nil
}
