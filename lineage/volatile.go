package lineage

import "strings"

// Volatile is what a //gokernel:volatile line in a cell says may differ from run to
// run: the names listed ("output" for the cell's text output), or everything the
// cell produces when it lists none. Timings, temporary folder names and display
// handles are what it is for: compared, they would fail every replay, and a flow's
// --verify.
type Volatile struct {
	All   bool
	Names map[string]bool
}

// VolatileDirective starts a line marking a cell's volatile names.
const VolatileDirective = "//gokernel:volatile"

// VolatileNames reads the //gokernel:volatile lines of a cell; a comment after the
// names ("// the time taken") says why.
func VolatileNames(code string) Volatile {
	var v Volatile
	for _, line := range strings.Split(code, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), VolatileDirective)
		if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		rest, _, _ = strings.Cut(rest, "//")
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			v.All = true
		}
		for _, f := range fields {
			if v.Names == nil {
				v.Names = map[string]bool{}
			}
			v.Names[strings.TrimSuffix(f, ",")] = true
		}
	}
	return v
}

// Covers reports whether name may differ: a variable, "(output)" for the text
// output. A change of status, "(status)", never may.
func (v Volatile) Covers(name string) bool {
	switch name {
	case "(status)":
		return false
	case "(output)":
		return v.All || v.Names["output"]
	}
	return v.All || v.Names[name]
}
