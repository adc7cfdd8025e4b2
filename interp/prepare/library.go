package prepare

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"
	"sync"

	"github.com/gokernel/gokernel/interp/generic/std"
)

// The generic standard library, instantiated by the kernel. yaegi v0.16.1's own
// generics fail on much of slices and maps (undefined type for E, nil type, wrong
// results), lack what Go added since (slices.Chunk, cmp.Or), and have nothing for the
// generic declarations of packages it has compiled (sync.OnceValue, errors.AsType,
// atomic.Pointer, unique). The kernel instantiates those the way it instantiates the
// cells' own generics (mono.go), from Go's own source (package interp/generic/std,
// generated from the toolchain): every session declares the library's non-generic
// helpers under names of their own (LibraryName), and a cell's use of, say,
// slices.Sort at []int is rewritten to an instance made from Go's slices.Sort.

// LibraryName is the name the session declares a library declaration under:
// slicesꓸSort, syncꓸatomicꓸPointer. A Go identifier no one types.
func LibraryName(path, name string) string {
	return strings.ReplaceAll(path, "/", "ꓸ") + "ꓸ" + name
}

// LibraryAlias is the name the session imports a package under for the library's
// declarations: gkimpᐸmathꓸbitsᐳ.
func LibraryAlias(path string) string {
	return "gkimp" + instanceOpen + strings.ReplaceAll(path, "/", "ꓸ") + instanceClose
}

// libraryIndex is the library's declarations as the monomorphizer uses them.
type libraryIndex struct {
	decls    []priorDecl
	paths    map[string]bool            // the library's packages
	aliases  map[string]string          // LibraryAlias -> package path
	generics map[string]map[string]bool // package path -> its generic names (Sort)
	names    map[string]bool            // every LibraryName declared
	session  []bool                     // per decl: declared in the session when used (std.Decl.Session)
}

var library = sync.OnceValue(func() *libraryIndex {
	l := &libraryIndex{paths: map[string]bool{}, aliases: map[string]string{}, generics: map[string]map[string]bool{}, names: map[string]bool{}}
	for _, p := range std.Packages() {
		l.paths[p.Path] = true
		l.generics[p.Path] = map[string]bool{}
		prefix := LibraryName(p.Path, "")
		for _, d := range p.Decls {
			d.Src = librarySyntax(d.Src)
			f := ParseDecls(d.Src)
			if f == nil {
				continue // generated from Go's own source: it parses
			}
			pd := priorDecl{names: declNames(f), src: d.Src}
			scanIdents(d.Src, func(name string) { pd.idents = append(pd.idents, name) })
			l.decls = append(l.decls, pd)
			l.session = append(l.session, d.Session)
			for _, n := range pd.names {
				l.names[n] = true
				if d.Generic {
					l.generics[p.Path][strings.TrimPrefix(n, prefix)] = true
				}
			}
		}
	}
	// Aliases the declarations use of packages outside the library (math/bits).
	for _, d := range l.decls {
		for _, id := range d.idents {
			if p, ok := strings.CutPrefix(id, "gkimp"+instanceOpen); ok {
				p = strings.TrimSuffix(p, instanceClose)
				l.aliases[id] = strings.ReplaceAll(p, "ꓸ", "/")
			}
		}
	}
	return l
})

// markUsed adds to used the library declarations that code naming used may need:
// for a package of the library imported under a name used (slices, or its alias in
// an instance), the declarations of the names used (slicesꓸSort).
func (l *libraryIndex) markUsed(used map[string]bool, imports map[string]string) {
	var pkgs []string
	for name, path := range imports {
		if l.paths[path] && used[name] {
			pkgs = append(pkgs, path)
		}
	}
	for alias, path := range l.aliases {
		if l.paths[path] && used[alias] {
			pkgs = append(pkgs, path)
		}
	}
	if len(pkgs) == 0 {
		return
	}
	names := make([]string, 0, len(used))
	for n := range used {
		names = append(names, n)
	}
	for _, p := range pkgs {
		for _, n := range names {
			if ln := LibraryName(p, n); l.names[ln] {
				used[ln] = true
			}
		}
	}
}

// mayUseLibrary is the cheap test for a cell that may use a generic declaration of
// the library: it names a library package it imports and one of its generic names.
func (m *monomorphizer) mayUseLibrary(code string, imports map[string]string) bool {
	l := library()
	idents := map[string]bool{}
	scanIdents(code, func(name string) { idents[name] = true })
	for name, path := range imports {
		if !l.paths[path] || !idents[name] {
			continue
		}
		for g := range l.generics[path] {
			if idents[g] {
				return true
			}
		}
	}
	return false
}

// libraryObject returns the checked file's declaration of obj when obj is a generic
// function or type of the library, else nil.
func (r *monoRound) libraryObject(obj types.Object) types.Object {
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == r.pkg || obj.Parent() != obj.Pkg().Scope() || !library().paths[obj.Pkg().Path()] {
		return nil
	}
	return r.pkg.Scope().Lookup(LibraryName(obj.Pkg().Path(), obj.Name()))
}

// LibraryImports is what every session declares before its first cell: the imports
// the library's declarations use, under their aliases. Its non-generic declarations
// are declared with the first instance that uses them (sessionDecls).
func LibraryImports() string {
	l := library()
	aliases := make([]string, 0, len(l.aliases))
	for a := range l.aliases {
		aliases = append(aliases, a)
	}
	sort.Strings(aliases)
	var b strings.Builder
	b.WriteString("import (\n")
	for _, a := range aliases {
		fmt.Fprintf(&b, "\t%s %q\n", a, l.aliases[a])
	}
	b.WriteString(")\n")
	return b.String()
}

// IsLibraryName reports whether a session's global is one of the library's
// declarations: not the user's, and not part of the notebook's state.
func IsLibraryName(name string) bool {
	return library().names[name]
}

// sessionDecls returns the library's non-generic declarations that code (instances)
// needs, directly or through each other, and that emitted does not hold yet, in the
// library's order, keyed by their first name.
func (l *libraryIndex) sessionDecls(code []string, emitted map[string]string) (names, srcs []string) {
	used := map[string]bool{}
	for _, c := range code {
		scanIdents(c, func(name string) { used[name] = true })
	}
	needed := make([]bool, len(l.decls))
	for grew := true; grew; {
		grew = false
		for i, d := range l.decls {
			if needed[i] || !l.session[i] || !anyUsed(d.names, used) {
				continue
			}
			needed[i], grew = true, true
			for _, id := range d.idents {
				used[id] = true
			}
		}
	}
	for i, d := range l.decls {
		if needed[i] {
			if _, done := emitted[d.names[0]]; !done {
				names, srcs = append(names, d.names[0]), append(srcs, d.src)
			}
		}
	}
	return names, srcs
}

// librarySyntax is a declaration through the syntax passes that cells go through for
// the interpreter's sake (see Prepare): a library declaration (Go's own code meets the
// same defects), or an instance.
func librarySyntax(src string) string {
	rangeInts := map[*ast.RangeStmt]bool{}
	noVars := func() map[string]bool { return map[string]bool{} }
	return rewriteSyntax(src, rangeOverInt(src, noVars, rangeInts), typeSwitchesAsAssertions(), zeroNamedResults, parenthesizeCompositeLits, commaOkIntoVariables,
		selectRecvIntoVariables, hoistSelectChannels(), unparenSelectReceives, parenthesizeReturnedReceives, labeledJumpsOutOfSelect, perIterationLoopVars(rangeInts), recoveredValues, taglessCaseLists)
}

// LibraryFrame returns how a traceback shows the interpreter's frame fn when it is
// in an instance of the library ("main.slicesꓸMaxᐸ[]intꓹintᐳ" is slices.Max): the
// library is Go's, as compiled code is, and its lines are no cell's. instance begins
// the names of the function's instances (slicesꓸMaxᐸ), which prepared cells call.
func LibraryFrame(fn string) (display, instance string, ok bool) {
	fn = strings.TrimPrefix(fn, "main.")
	name, rest := fn, ""
	if i := strings.Index(fn, instanceOpen); i >= 0 {
		name = fn[:i]
		if j := strings.LastIndex(fn, instanceClose); j > i {
			rest = fn[j+len(instanceClose):]
		}
	} else if i := strings.IndexByte(fn, '.'); i >= 0 {
		name, rest = fn[:i], fn[i:]
	}
	if !library().names[name] {
		return "", "", false
	}
	for _, p := range std.Packages() {
		if orig, ok := strings.CutPrefix(name, LibraryName(p.Path, "")); ok {
			return p.Path + "." + orig + rest, name + instanceOpen, true
		}
	}
	return "", "", false
}
