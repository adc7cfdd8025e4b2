package interp

import (
	"context"
	"fmt"
	"go/ast"

	"github.com/gokernel/gokernel/interp/prepare"
)

// funcRecord is a function or method a cell declared, kept so that it can be compiled
// again when something it calls is redefined.
type funcRecord struct {
	key   string // "f", or "T.M" for a method
	src   string // the declaration, padded to its cell lines
	refs  map[string]bool
	order int
}

// recordFuncs remembers the functions a declaration chunk defined and returns the keys
// it redefined.
func (s *Session) recordFuncs(f *ast.File, src string) []string {
	if f == nil {
		return nil
	}
	var redefined []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		key := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			key = receiverTypeName(fd.Recv.List[0].Type) + "." + key
		}
		// Names in the signature count too: a function taking a redefined type must
		// be compiled again against the new one.
		refs := map[string]bool{}
		ast.Inspect(fd, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				refs[id.Name] = true
			}
			return true
		})
		if _, ok := s.funcs[key]; ok {
			redefined = append(redefined, key)
		}
		s.funcOrder++
		s.funcs[key] = &funcRecord{key: key, src: prepare.DeclSource(src, fd), refs: refs, order: s.funcOrder}
	}
	return redefined
}

// receiverTypeName is T for receivers T, *T, T[P] and *T[P], or "".
func receiverTypeName(e ast.Expr) string {
	if id := prepare.RecvBase(e); id != nil {
		return id.Name
	}
	return ""
}

// recompileDependents compiles again every recorded function that calls a redefined
// one, directly or through others, so that it uses the new definition: yaegi binds a
// call to the function that existed when the caller was compiled. A dependent that no
// longer compiles is reported on stderr and keeps its old body.
func (s *Session) recompileDependents(ctx context.Context, redefined []string, definedNow map[string]bool) {
	changed := map[string]bool{}
	for _, key := range redefined {
		changed[shortName(key)] = true
	}
	done := map[string]bool{}
	for {
		var next []*funcRecord
		for _, r := range s.funcs {
			if done[r.key] || definedNow[r.key] {
				continue
			}
			for name := range changed {
				if r.refs[name] {
					next = append(next, r)
					break
				}
			}
		}
		if len(next) == 0 {
			return
		}
		sortRecords(next)
		for _, r := range next {
			done[r.key] = true
			changed[shortName(r.key)] = true
			if _, err := s.yi.EvalWithContext(ctx, "\n"+r.src); err != nil {
				fmt.Fprintf(s.opts.Stderr, "note: %s was not updated to use the new definition: %v\n", r.key, err)
			}
		}
	}
}

func shortName(key string) string {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '.' {
			return key[i+1:]
		}
	}
	return key
}

func sortRecords(rs []*funcRecord) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].order < rs[j-1].order; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}
