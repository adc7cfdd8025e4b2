// Package std holds the generic declarations of the standard library that the kernel
// instantiates for cells (see interp/prepare/library.go), generated from the
// toolchain's own source by `go generate ./interp/generic/std`, with the overrides in
// overrides/ for what reaches into the runtime.
package std

//go:generate go run ./gen

// Package is one package of the generic standard library.
type Package struct {
	Path string
	// Whole: the package was taken whole (the interpreter runs it from source);
	// otherwise only its generic declarations and what they need were (the
	// interpreter has the rest compiled).
	Whole bool
	// Source is the package as the cells' type-check sees it: Go's own files, or a
	// file of what was taken.
	Source []string
	// Decls are the declarations as a session declares them, renamed (LibraryName),
	// the packages they import named by LibraryAlias.
	Decls []Decl
}

// Decl is one declaration: a function, a type with its methods, or a group of
// constants or variables.
type Decl struct {
	Name    string // LibraryName of the (first) name declared
	Generic bool
	// Session: every session declares it (a non-generic declaration that instances
	// may use). Generic ones are instantiated; constraints are only type-checked.
	Session bool
	Src     string
}

// packages are set by library_gen.go (its init, so that this package builds without
// it while the generator, which imports it through prepare, writes it).
var packages []Package

// Packages returns the library's packages.
func Packages() []Package { return packages }
