package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gokernel/gokernel/kernelspec"
)

// location holds the flags that choose where a kernelspec lives, shared by install
// and uninstall.
type location struct {
	user, sysPrefix bool
	prefix, name    string
}

func (l *location) register(fs interface {
	BoolVar(*bool, string, bool, string)
	StringVar(*string, string, string, string)
}) {
	fs.BoolVar(&l.user, "user", false, "the per-user Jupyter data dir ($JUPYTER_DATA_DIR or ~/.local/share/jupyter); the default")
	fs.BoolVar(&l.sysPrefix, "sys-prefix", false, "the data dir of the Python environment Jupyter runs in")
	fs.StringVar(&l.prefix, "prefix", "", "the data dir under `DIR` (DIR/share/jupyter)")
	fs.StringVar(&l.name, "name", kernelspec.DefaultName, "the kernelspec's directory `NAME`")
}

// dataDir resolves the chosen location to a Jupyter data directory.
func (l *location) dataDir() (string, error) {
	chosen := 0
	for _, b := range []bool{l.user, l.sysPrefix, l.prefix != ""} {
		if b {
			chosen++
		}
	}
	if chosen > 1 {
		return "", usageError{"--user, --sys-prefix and --prefix exclude each other"}
	}
	switch {
	case l.prefix != "":
		abs, err := filepath.Abs(l.prefix)
		if err != nil {
			return "", err
		}
		return kernelspec.PrefixDataDir(abs), nil
	case l.sysPrefix:
		return kernelspec.SysPrefixDataDir()
	default:
		return kernelspec.UserDataDir()
	}
}

func runInstall(args []string) error {
	fs := newFlagSet("install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--display-name TEXT]")
	var loc location
	loc.register(fs)
	displayName := fs.String("display-name", kernelspec.DefaultDisplayName, "the name Jupyter shows in its kernel picker")
	if err := parse(fs, args); err != nil {
		return err
	}
	dataDir, err := loc.dataDir()
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own binary: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	dir, err := kernelspec.Install(dataDir, loc.name, kernelspec.NewSpec(exe, *displayName))
	if err != nil {
		return err
	}
	fmt.Printf("Installed kernelspec %s in %s\n", loc.name, dir)
	return nil
}

func runUninstall(args []string) error {
	fs := newFlagSet("uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME]")
	var loc location
	loc.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	dataDir, err := loc.dataDir()
	if err != nil {
		return err
	}
	dir, err := kernelspec.Uninstall(dataDir, loc.name)
	if err != nil {
		return err
	}
	fmt.Printf("Removed kernelspec %s from %s\n", loc.name, dir)
	return nil
}
