package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gokernel/gokernel/interp/prepare"
)

// magicHelp is what %help prints.
const magicHelp = `gokernel magics (a line starting with % or !):
  %help              this text
  %time              time the rest of the cell
  %env               list environment variables
  %env NAME          print one;  %env NAME=VALUE sets it
  %cd [DIR]          change the working directory (no DIR: home)
  !command           run a shell command, its output streamed into the cell (a cell's
                     last line that is Go over names it knows, !done, is Go's not)

Lineage (in a cell of their own; the kernel answers them from its execution log):
  %stale             the cells whose inputs changed after they ran, and why
  %slice NAME...     the cells, in order, that recompute NAMEs from an empty session
  %lineage [NAME...] the dependency graph between cells (of NAMEs' slice)
  %lineage warn off  no warning when a cell reads a value from a stale cell (on: back)

Snapshots (in a cell of their own; after a crash the session comes back by itself):
  %snapshot          store every variable now
  %snapshot off      stop storing what each cell changes (on: back)
  %snapshot budget SIZE  keep the store's snapshots within SIZE (2GB, 500MB; 0: no limit)
  %checkout N        the session as it was after cell [N], in a new worker
  %checkout latest   back to where it was before the checkouts
  %diff A B          compare two states value by value: cell numbers, or now
  %restore           this notebook's variables from its last session's snapshot

Replay (gokernel replay NOTEBOOK.ipynb re-runs a notebook and checks its results):
  %seed              the notebook seed; each cell's math/rand is seeded from it and its code
  %seed N|random     set it for the cells that follow
  //gokernel:volatile NAME...  (a line in a cell) these may differ in a replay: timings

Export (in a cell of its own):
  %export DIR [--replace CHECKOUT] [--argo]  the session as a flow program in DIR

Other help: ?name or Shift+Tab shows documentation, Tab completes; packages used by
name (strings, mat, plot, display, ...) are imported automatically.`

// segment is a part of a cell: Go code, or one magic line.
type segment struct {
	code  string // Go code, padded with blank lines to keep its cell line numbers
	magic string // the magic line without its leading spaces, when this is one
}

// splitMagics cuts a cell at its magic lines: lines whose first token, outside any
// bracket, string or comment, is % or !. A cell without magics is one segment. The
// last line of a cell that starts with ! is Go when goExpr says so: Go's not, as the
// value the cell shows (!done, !true || !false), where a shell command is the rule.
func splitMagics(code string, goExpr func(line, before string) bool) []segment {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	depth, lastLine := 0, 0
	var magicLines []int // 1-based
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			break
		}
		line := file.Line(pos)
		if line != lastLine && depth == 0 && (tok == token.REM || tok == token.NOT || tok == token.REM_ASSIGN || tok == token.NEQ) {
			magicLines = append(magicLines, line)
		}
		lastLine = line
		switch tok {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		}
	}
	lines := strings.Split(code, "\n")
	if n := len(magicLines); n > 0 && goExpr != nil {
		last := magicLines[n-1]
		if t := strings.TrimSpace(lines[last-1]); strings.HasPrefix(t, "!") && strings.TrimSpace(strings.Join(lines[last:], "\n")) == "" {
			// The Go before it, without the other magic lines.
			before := slices.Clone(lines[:last-1])
			for _, l := range magicLines[:n-1] {
				before[l-1] = ""
			}
			if goExpr(t, strings.Join(before, "\n")) {
				magicLines = magicLines[:n-1]
			}
		}
	}
	if len(magicLines) == 0 {
		return []segment{{code: code}}
	}
	isMagic := map[int]bool{}
	for _, l := range magicLines {
		isMagic[l] = true
	}
	var segs []segment
	var cur []string
	flush := func() {
		if strings.TrimSpace(strings.Join(cur, "\n")) != "" {
			segs = append(segs, segment{code: strings.Join(cur, "\n")})
		}
	}
	for i, text := range lines {
		if isMagic[i+1] {
			flush()
			segs = append(segs, segment{magic: strings.TrimSpace(text)})
			// The next Go segment keeps its line numbers: blank lines stand in for
			// everything above it.
			cur = make([]string, i+1)
			continue
		}
		cur = append(cur, text)
	}
	flush()
	return segs
}

// runMagic carries out one magic line. timers collects the start of each %time,
// reported when the cell ends.
func (s *Session) runMagic(ctx context.Context, line string, timers *[]time.Time) error {
	if cmd, ok := strings.CutPrefix(line, "!"); ok {
		return s.shell(ctx, cmd)
	}
	name, arg, _ := strings.Cut(strings.TrimPrefix(line, "%"), " ")
	arg = strings.TrimSpace(arg)
	switch name {
	case "help":
		io.WriteString(s.opts.Stdout, magicHelp+"\n")
	case "time":
		*timers = append(*timers, time.Now())
	case "env":
		return s.envMagic(arg)
	case "cd":
		dir := arg
		if dir == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return magicError("%%cd: %v", err)
			}
			dir = home
		}
		if err := os.Chdir(dir); err != nil {
			return magicError("%%cd: %v", err)
		}
		wd, _ := os.Getwd()
		fmt.Fprintln(s.opts.Stdout, wd)
	default:
		return magicError("unknown magic %%%s; %%help lists the magics", name)
	}
	return nil
}

func (s *Session) envMagic(arg string) error {
	switch {
	case arg == "":
		env := os.Environ()
		sort.Strings(env)
		for _, kv := range env {
			fmt.Fprintln(s.opts.Stdout, kv)
		}
	case strings.ContainsAny(arg, "= "):
		name, value, _ := strings.Cut(arg, "=")
		if !strings.Contains(arg, "=") {
			name, value, _ = strings.Cut(arg, " ")
		}
		if err := os.Setenv(strings.TrimSpace(name), strings.TrimSpace(value)); err != nil {
			return magicError("%%env: %v", err)
		}
	default:
		v, ok := os.LookupEnv(arg)
		if !ok {
			return magicError("%%env: %s is not set", arg)
		}
		fmt.Fprintln(s.opts.Stdout, v)
	}
	return nil
}

// isGoExpression reports whether line is a Go expression every name of which the
// session, the code before it in the cell or the language declares: !ok for a
// variable ok is Go, !ls is a command.
func (s *Session) isGoExpression(line, before string) bool {
	e, err := parser.ParseExpr(line)
	if err != nil {
		return false
	}
	globals := s.globals()
	if chunks, err := prepare.SplitCell(before); err == nil {
		for _, c := range chunks {
			src := "package p;" + c.Src
			if c.Kind == prepare.StmtChunk {
				src = "package p; func _() {" + c.Src + "\n}"
			}
			if f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution); err == nil {
				for name := range boundNames(f) {
					globals[name] = reflect.Value{}
				}
			}
		}
	}
	known := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(x ast.Node) bool { // the selected name is the operand's
				if id, ok := x.(*ast.Ident); ok {
					known = known && s.declares(id.Name, globals)
				}
				return known
			})
			return false
		case *ast.Ident:
			known = known && s.declares(n.Name, globals)
		}
		return known
	})
	return known
}

// declares reports whether name means something in the session: a variable, function,
// type or package of it, or a predeclared name.
func (s *Session) declares(name string, globals map[string]reflect.Value) bool {
	if types.Universe.Lookup(name) != nil {
		return true
	}
	if _, ok := globals[name]; ok {
		return true
	}
	_, isImport := s.imports[name]
	_, isFunc := s.funcs[name]
	_, isType := s.types[name]
	return isImport || isFunc || isType
}

// shell runs a command line with sh, its output going straight to the cell's
// streams as it is produced; an interrupt stops it.
func (s *Session) shell(ctx context.Context, cmdline string) error {
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", cmdline)
	cmd.Stdout, cmd.Stderr = s.opts.Stdout, s.opts.Stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("!%s %w", cmdline, ErrInterrupted)
		}
		return magicError("!%s: %v", strings.TrimSpace(cmdline), err)
	}
	return nil
}

func magicError(format string, args ...any) *CellError {
	return bareError("MagicError", fmt.Sprintf(format, args...))
}
