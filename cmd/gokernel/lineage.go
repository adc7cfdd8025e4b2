package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gokernel/gokernel/lineage"
)

// runLineage prints the recorded lineage of a store: per kernel session, the cells
// with what they defined and read and which are stale.
func runLineage(args []string) error {
	fs := newFlagSet("lineage [DIR] [--json | --dot] [--all] [--notebook NAME]")
	asJSON := fs.Bool("json", false, "print the sessions and their executions as JSON")
	asDOT := fs.Bool("dot", false, "print each session's graph in Graphviz DOT")
	all := fs.Bool("all", false, "every recorded session, not only the latest")
	notebook := fs.String("notebook", "", "only the sessions of this notebook (as JPY_SESSION_NAME named it)")
	dir, err := parseWithDir(fs, args)
	if err != nil {
		return err
	}
	if *asJSON && *asDOT {
		return usageError{"--json and --dot exclude each other"}
	}
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		dir = lineage.DefaultDir(wd)
	}
	// Reading must not create a store where there is none.
	if _, err := os.Stat(filepath.Join(dir, "store.json")); err != nil {
		return fmt.Errorf("no lineage store in %s (a kernel started there records one in .gokernel/, or where GOKERNEL_STORE says)", dir)
	}
	store, err := lineage.OpenStore(dir)
	if err != nil {
		return err
	}
	sessions, err := store.Sessions()
	if err != nil {
		return err
	}
	var picked []lineage.SessionInfo
	for _, s := range sessions {
		if *notebook == "" || s.Notebook == *notebook {
			picked = append(picked, s)
		}
	}
	if !*all && len(picked) > 1 {
		picked = picked[len(picked)-1:]
	}
	var views []sessionView
	for _, s := range picked {
		execs, warnings, err := store.ReadLog(s.ID)
		if err != nil {
			return err
		}
		for _, w := range warnings {
			fmt.Fprintln(os.Stderr, "gokernel lineage: warning:", w)
		}
		views = append(views, sessionView{Session: s, Executions: execs})
	}
	switch {
	case *asJSON:
		return writeLineageJSON(os.Stdout, views)
	case *asDOT:
		for _, v := range views {
			fmt.Print(lineage.NewGraph(v.Executions).DOT())
		}
	default:
		if len(views) == 0 {
			fmt.Println("No sessions recorded.")
		}
		for _, v := range views {
			writeLineageText(os.Stdout, v)
		}
	}
	return nil
}

// sessionView is one kernel session of a store, as the command prints it.
type sessionView struct {
	Session    lineage.SessionInfo `json:"session"`
	Executions []lineage.Execution `json:"executions"`
}

func writeLineageText(w io.Writer, v sessionView) {
	name := v.Session.Notebook
	if name == "" {
		name = "(notebook unknown)"
	}
	fmt.Fprintf(w, "session %s  %s  started %s, %d execution(s)\n", v.Session.ID, name,
		v.Session.Started.Local().Format("2006-01-02 15:04:05"), len(v.Executions))
	fmt.Fprint(w, lineage.NewGraph(v.Executions).Text())
	fmt.Fprintln(w)
}

func writeLineageJSON(w io.Writer, views []sessionView) error {
	type staleJSON struct {
		CellID string   `json:"cell_id"`
		ExecID string   `json:"execution_id"`
		Names  []string `json:"names"`
	}
	type viewJSON struct {
		sessionView
		Stale []staleJSON `json:"stale"`
	}
	out := []viewJSON{}
	for _, v := range views {
		j := viewJSON{sessionView: v, Stale: []staleJSON{}}
		for _, s := range lineage.NewGraph(v.Executions).Stale() {
			sj := staleJSON{CellID: s.CellID, ExecID: s.Exec.ID}
			for _, r := range s.Reasons {
				sj.Names = append(sj.Names, r.Name)
			}
			j.Stale = append(j.Stale, sj)
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// parseWithDir parses flags placed before or after one optional positional argument.
func parseWithDir(fs *flag.FlagSet, args []string) (string, error) {
	err := fs.Parse(args)
	var dir string
	if err == nil && fs.NArg() > 0 {
		dir = fs.Arg(0)
		err = fs.Parse(fs.Args()[1:])
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		return "", parse(fs, []string{"--help"})
	case err != nil:
		return "", usageError{err.Error()}
	case fs.NArg() > 0:
		return "", usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return dir, nil
}
