package prepare

import (
	"errors"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode"
)

var (
	errTooManyInstances = errors.New("too many instances")
	// errNotNameable: a type argument that cannot be written at the top level of a
	// cell, such as a type declared inside a function. Such a use stays generic.
	errNotNameable = errors.New("type cannot be named at top level")
)

// instance returns the name of the declaration of obj (a generic function or type of
// the cell's package) at the type arguments targs, making it if the cell has none yet.
func (r *monoRound) instance(obj types.Object, targs *types.TypeList) (string, error) {
	args := make([]string, targs.Len())
	for i := range args {
		t, err := r.typeText(targs.At(i))
		if err != nil {
			return "", err
		}
		args[i] = t
	}
	key := obj.Name() + "[" + strings.Join(args, ", ") + "]"
	if in := r.instances.byKey[key]; in != nil {
		return in.name, nil
	}
	if len(r.instances.list) >= maxInstances {
		return "", errTooManyInstances
	}
	name := instanceName(obj.Name(), args)
	src, err := r.instanceSource(obj, name, args, targs)
	if err != nil {
		return "", err
	}
	in := &instance{name: name, src: src}
	r.instances.byKey[key] = in
	r.instances.list = append(r.instances.list, in)
	return name, nil
}

// instanceName spells F[a, b] as Fᐸaꓹbᐳ, the type arguments made letters one to one.
func instanceName(generic string, args []string) string {
	var b strings.Builder
	b.WriteString(generic)
	b.WriteString(instanceOpen)
	for i, a := range args {
		if i > 0 {
			b.WriteString(instanceSep)
		}
		for _, r := range a {
			switch {
			case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			case r == '.':
				b.WriteString("ꓸ")
			case r == ' ':
				b.WriteString("ǀ")
			default:
				fmt.Fprintf(&b, "ǂ%xǂ", r)
			}
		}
	}
	b.WriteString(instanceClose)
	return b.String()
}

// instanceSource writes the declaration of a generic function or type at the given
// type arguments, named name: the generic declaration's own text with its type
// parameter list removed and its type parameters replaced by the arguments. A type
// comes with all its methods. Generic uses inside it (a call of another generic
// function at T) become concrete here and are named in the next round.
func (r *monoRound) instanceSource(obj types.Object, name string, args []string, targs *types.TypeList) (string, error) {
	switch d := r.decls[obj].(type) {
	case *ast.FuncDecl:
		sig, ok := obj.Type().(*types.Signature)
		if !ok || sig.TypeParams().Len() != len(args) {
			return "", errNotNameable
		}
		subst := substitution(sig.TypeParams(), args, targs)
		edits := []edit{
			{r.offset(d.Name.Pos()), r.offset(d.Name.End()), name},
			{r.offset(d.Type.TypeParams.Opening), r.offset(d.Type.TypeParams.Closing) + 1, ""},
		}
		return r.substituted(d, subst, edits), nil
	case *ast.TypeSpec:
		named, ok := obj.Type().(*types.Named)
		if !ok || d.Assign.IsValid() || named.TypeParams().Len() != len(args) {
			return "", errNotNameable // a generic alias
		}
		var b strings.Builder
		b.WriteString("type " + name + " " + r.substituted(d.Type, substitution(named.TypeParams(), args, targs), nil))
		for _, m := range r.methods[obj] {
			fn, ok := r.info.Defs[m.Name].(*types.Func)
			if !ok {
				return "", errNotNameable
			}
			rtps := fn.Type().(*types.Signature).RecvTypeParams()
			if rtps.Len() != len(args) {
				return "", errNotNameable
			}
			recv := m.Recv.List[0].Type
			for {
				if s, ok := recv.(*ast.StarExpr); ok {
					recv = s.X
				} else if p, ok := recv.(*ast.ParenExpr); ok {
					recv = p.X
				} else {
					break
				}
			}
			b.WriteString("\n")
			b.WriteString(r.substituted(m, substitution(rtps, args, targs), []edit{{r.offset(recv.Pos()), r.offset(recv.End()), name}}))
		}
		return b.String(), nil
	}
	return "", errNotNameable
}

// typeArg is what a type parameter stands for in an instance.
type typeArg struct {
	text string
	typ  types.Type
	// anyType: the argument is an interface with no methods and no type terms, which
	// every value but nil satisfies.
	anyType bool
}

// substitution maps type parameters to their arguments, the text parenthesised where
// the bare text would parse differently (*T(x) is *(T(x)), func() T(x) ...).
func substitution(tps *types.TypeParamList, args []string, targs *types.TypeList) map[*types.TypeParam]typeArg {
	m := map[*types.TypeParam]typeArg{}
	for i := 0; i < tps.Len(); i++ {
		a := args[i]
		for _, p := range []string{"*", "<-", "func", "chan"} {
			if strings.HasPrefix(a, p) {
				a = "(" + a + ")"
				break
			}
		}
		iface, ok := targs.At(i).Underlying().(*types.Interface)
		m[tps.At(i)] = typeArg{text: a, typ: targs.At(i), anyType: ok && iface.Empty()}
	}
	return m
}

// substituted returns the text of node with the type parameters in subst replaced and
// the extra edits applied.
func (r *monoRound) substituted(node ast.Node, subst map[*types.TypeParam]typeArg, edits []edit) string {
	base := r.offset(node.Pos())
	argOf := func(e ast.Expr) (typeArg, bool) {
		id, ok := e.(*ast.Ident)
		if !ok {
			return typeArg{}, false
		}
		if tn, ok := r.info.Uses[id].(*types.TypeName); ok {
			if tp, ok := tn.Type().(*types.TypeParam); ok {
				a, ok := subst[tp]
				return a, ok
			}
		}
		return typeArg{}, false
	}
	// T(c), c a constant, is no constant in generic code, but would be in the instance
	// (int(0)), where two equal ones among a switch's cases or a map literal's keys do
	// not compile: there it is written as the same value, not constant, *new(int)+int(0).
	nonConst := func(e ast.Expr) {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || r.info.Types[call.Args[0]].Value == nil {
			return
		}
		a, ok := argOf(call.Fun)
		if !ok {
			return
		}
		mixed := false
		ast.Inspect(call.Args[0], func(n ast.Node) bool {
			if e, ok := n.(ast.Expr); ok {
				if _, ok := argOf(e); ok {
					mixed = true
				}
			}
			return true
		})
		if mixed || a.text == "bool" {
			return
		}
		arg := r.text[r.offset(call.Args[0].Pos()):r.offset(call.Args[0].End())]
		edits = append(edits, edit{r.offset(call.Pos()), r.offset(call.End()), "(*new(" + a.text + ") + " + a.text + "(" + arg + "))"})
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CaseClause:
			for _, e := range n.List {
				nonConst(e)
			}
		case *ast.CompositeLit:
			if _, ok := r.info.Types[n].Type.Underlying().(*types.Map); ok {
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						nonConst(kv.Key)
					}
				}
			}
		case *ast.AssignStmt:
			// v, ok := x.(T) with T any: yaegi v0.16.1 fails every assertion to an
			// empty interface, so it is written as what it means, v, ok := x, x != nil.
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				if ta, ok := n.Rhs[0].(*ast.TypeAssertExpr); ok && ta.Type != nil {
					if a, ok := argOf(ta.Type); ok && a.anyType {
						x := r.text[r.offset(ta.X.Pos()):r.offset(ta.X.End())]
						edits = append(edits, edit{r.offset(ta.Pos()), r.offset(ta.End()), "(" + x + "), (" + x + ") != nil"})
						return false
					}
				}
			}
		case *ast.TypeAssertExpr:
			// And x.(T) is the value of x as an interface{}.
			if n.Type != nil {
				if a, ok := argOf(n.Type); ok && a.anyType {
					x := r.text[r.offset(n.X.Pos()):r.offset(n.X.End())]
					edits = append(edits, edit{r.offset(n.Pos()), r.offset(n.End()), "interface{}(" + x + ")"})
					return false
				}
				// x.(T), x of an interface with methods: T's argument may be a type
				// that cannot have them (an impossible assertion, which does not
				// compile); from interface{}(x) it is the same test, and compiles.
				// Not for a compiled interface (error) when the assertion can hold:
				// yaegi v0.16.1 fails err.(E) through interface{} for a value of a
				// cell's type (errors.AsType found nothing).
				if a, ok := argOf(n.Type); ok {
					xt := r.info.Types[n.X].Type
					if xi, ok := xt.Underlying().(*types.Interface); ok && !xi.Empty() && (a.typ == nil || !types.AssertableTo(xi, a.typ) || !isCompiledInterface(xt, r.pkg)) {
						edits = append(edits, edit{r.offset(n.X.Pos()), r.offset(n.X.Pos()), "interface{}("}, edit{r.offset(n.X.End()), r.offset(n.X.End()), ")"})
					}
				}
			}
		case *ast.Ident:
			if a, ok := argOf(n); ok {
				edits = append(edits, edit{r.offset(n.Pos()), r.offset(n.End()), a.text})
			}
		}
		return true
	})
	for i := range edits {
		edits[i].from -= base
		edits[i].to -= base
	}
	return applyEdits(r.text[base:r.offset(node.End())], edits)
}

// typeText writes a concrete type as Go source valid at the top level of the cell:
// the cell's own types by name, instances of its generic types by their instance's
// name, other packages' types qualified by the name the cell imports them under.
func (r *monoRound) typeText(t types.Type) (string, error) {
	switch t := t.(type) {
	case *types.Basic:
		switch {
		case t.Info()&types.IsUntyped != 0:
			return "", errNotNameable
		case t.Kind() == types.UnsafePointer:
			if name, ok := r.imports["unsafe"]; ok {
				return name + ".Pointer", nil
			}
			return "", errNotNameable
		}
		return t.Name(), nil
	case *types.Alias:
		obj := t.Obj()
		if obj.Pkg() == nil {
			return obj.Name(), nil // any
		}
		// os.PathError is fs.PathError: the alias is the name the cell can write when
		// it imports os and not io/fs.
		if name, ok := r.imports[obj.Pkg().Path()]; ok && obj.Exported() && t.TypeArgs() == nil && obj.Pkg() != r.pkg {
			return name + "." + obj.Name(), nil
		}
		return r.typeText(types.Unalias(t))
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() == nil {
			return obj.Name(), nil // error, comparable
		}
		if obj.Pkg() == r.pkg {
			if obj.Parent() != r.pkg.Scope() {
				return r.hoist(obj)
			}
			if t.TypeArgs().Len() > 0 {
				return r.instance(t.Origin().Obj(), t.TypeArgs())
			}
			return obj.Name(), nil
		}
		qual, ok := r.imports[obj.Pkg().Path()]
		if !ok || !obj.Exported() {
			return "", errNotNameable
		}
		s := qual + "." + obj.Name()
		if t.TypeArgs().Len() > 0 {
			args, err := r.typeList(t.TypeArgs())
			if err != nil {
				return "", err
			}
			s += "[" + args + "]"
		}
		return s, nil
	case *types.Pointer:
		e, err := r.typeText(t.Elem())
		return "*" + e, err
	case *types.Slice:
		e, err := r.typeText(t.Elem())
		return "[]" + e, err
	case *types.Array:
		e, err := r.typeText(t.Elem())
		return fmt.Sprintf("[%d]%s", t.Len(), e), err
	case *types.Map:
		k, err := r.typeText(t.Key())
		if err != nil {
			return "", err
		}
		e, err := r.typeText(t.Elem())
		return "map[" + k + "]" + e, err
	case *types.Chan:
		e, err := r.typeText(t.Elem())
		switch t.Dir() {
		case types.SendOnly:
			return "chan<- " + e, err
		case types.RecvOnly:
			return "<-chan " + e, err
		}
		if c, ok := t.Elem().(*types.Chan); ok && c.Dir() == types.RecvOnly {
			e = "(" + e + ")"
		}
		return "chan " + e, err
	case *types.Signature:
		s, err := r.signatureText(t)
		return "func" + s, err
	case *types.Struct:
		var fields []string
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			if f.Pkg() != r.pkg && !f.Exported() {
				return "", errNotNameable
			}
			ft, err := r.typeText(f.Type())
			if err != nil {
				return "", err
			}
			if !f.Embedded() {
				ft = f.Name() + " " + ft
			}
			if tag := t.Tag(i); tag != "" {
				ft += " " + strconv.Quote(tag)
			}
			fields = append(fields, ft)
		}
		if len(fields) == 0 {
			return "struct{}", nil
		}
		return "struct{ " + strings.Join(fields, "; ") + " }", nil
	case *types.Interface:
		var elems []string
		for i := 0; i < t.NumEmbeddeds(); i++ {
			e, err := r.typeText(t.EmbeddedType(i))
			if err != nil {
				return "", err
			}
			elems = append(elems, e)
		}
		for i := 0; i < t.NumExplicitMethods(); i++ {
			m := t.ExplicitMethod(i)
			if m.Pkg() != r.pkg && !m.Exported() {
				return "", errNotNameable
			}
			s, err := r.signatureText(m.Type().(*types.Signature))
			if err != nil {
				return "", err
			}
			elems = append(elems, m.Name()+s)
		}
		if len(elems) == 0 {
			return "interface{}", nil
		}
		return "interface{ " + strings.Join(elems, "; ") + " }", nil
	case *types.Union:
		terms := make([]string, t.Len())
		for i := range terms {
			s, err := r.typeText(t.Term(i).Type())
			if err != nil {
				return "", err
			}
			if t.Term(i).Tilde() {
				s = "~" + s
			}
			terms[i] = s
		}
		return strings.Join(terms, " | "), nil
	}
	return "", errNotNameable
}

func (r *monoRound) typeList(l *types.TypeList) (string, error) {
	s := make([]string, l.Len())
	for i := range s {
		var err error
		if s[i], err = r.typeText(l.At(i)); err != nil {
			return "", err
		}
	}
	return strings.Join(s, ", "), nil
}

// signatureText writes a signature without the func keyword: (int, ...string) bool.
func (r *monoRound) signatureText(sig *types.Signature) (string, error) {
	params := make([]string, sig.Params().Len())
	for i := range params {
		pt := sig.Params().At(i).Type()
		prefix := ""
		if sig.Variadic() && i == len(params)-1 {
			if s, ok := pt.(*types.Slice); ok {
				pt, prefix = s.Elem(), "..."
			}
		}
		s, err := r.typeText(pt)
		if err != nil {
			return "", err
		}
		params[i] = prefix + s
	}
	results := make([]string, sig.Results().Len())
	for i := range results {
		s, err := r.typeText(sig.Results().At(i).Type())
		if err != nil {
			return "", err
		}
		results[i] = s
	}
	s := "(" + strings.Join(params, ", ") + ")"
	switch len(results) {
	case 0:
	case 1:
		s += " " + results[0]
	default:
		s += " (" + strings.Join(results, ", ") + ")"
	}
	return s, nil
}

// oneLine rewrites Go declarations as one line, token by token, so that inserting
// them into a cell moves no line of it: comments go, the semicolons Go infers at line
// ends are written out, and raw strings that span lines become quoted strings.
func oneLine(src string) (string, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var toks []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch {
		case tok == token.SEMICOLON:
			lit = ";"
		case tok == token.STRING && strings.HasPrefix(lit, "`") && strings.Contains(lit, "\n"):
			v, err := strconv.Unquote(strings.ReplaceAll(lit, "\r", ""))
			if err != nil {
				return "", err
			}
			lit = strconv.Quote(v)
		case lit == "":
			lit = tok.String()
		}
		toks = append(toks, lit)
	}
	if len(errs) > 0 {
		return "", errs.Err()
	}
	for len(toks) > 0 && toks[len(toks)-1] == ";" {
		toks = toks[:len(toks)-1]
	}
	return strings.Join(toks, " "), nil
}

// hoist makes a type declared inside a function nameable at the top level, so that it
// can be a type argument of an instance: its declaration moves to the top level under
// a name qualified by the function's (S in main becomes mainꓸS), and the function's
// uses of S name that. (An alias, type S = mainꓸS, would change less, but yaegi
// v0.16.1 does not declare local aliases.) Only a type made of top-level names can
// move; one that uses another local type or a type parameter stays, and so does the
// generic use.
func (r *monoRound) hoist(obj *types.TypeName) (string, error) {
	if name, ok := r.hoisted[obj]; ok {
		return name, nil
	}
	var fn *ast.FuncDecl
	for _, d := range r.file.Decls {
		if f, ok := d.(*ast.FuncDecl); ok && f.Pos() <= obj.Pos() && obj.Pos() < f.End() {
			fn = f
		}
	}
	if fn == nil {
		return "", errNotNameable
	}
	var spec *ast.TypeSpec
	var decl *ast.GenDecl
	ast.Inspect(fn, func(n ast.Node) bool {
		if d, ok := n.(*ast.GenDecl); ok && d.Tok == token.TYPE {
			for _, s := range d.Specs {
				if ts := s.(*ast.TypeSpec); r.info.Defs[ts.Name] == obj {
					spec, decl = ts, d
				}
			}
		}
		return spec == nil
	})
	if spec == nil || spec.TypeParams != nil || spec.Assign.IsValid() {
		return "", errNotNameable
	}
	movable := true
	ast.Inspect(spec.Type, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if o := r.info.Uses[id]; o != nil {
				if _, isPkg := o.(*types.PkgName); !isPkg && o.Parent() != r.pkg.Scope() && o.Parent() != types.Universe {
					movable = false
				}
			}
		}
		return movable
	})
	from, to := r.offset(spec.Name.End()), r.offset(spec.Type.End())
	sp := r.spanOf(from, to)
	if !movable || sp == nil {
		return "", errNotNameable
	}
	prefix := UnaliasMain(fn.Name.Name)
	if fn.Recv != nil {
		if base := RecvBase(fn.Recv.List[0].Type); base != nil {
			prefix = base.Name + "ꓸ" + prefix
		}
	}
	name := prefix + "ꓸ" + obj.Name()
	for i := 2; r.pkg.Scope().Lookup(name) != nil || r.instances.byKey["local "+name] != nil; i++ {
		name = fmt.Sprintf("%sꓸ%s%d", prefix, obj.Name(), i)
	}
	in := &instance{name: name, src: "type " + name + " " + r.text[r.offset(spec.Type.Pos()):to]}
	r.instances.byKey["local "+name] = in
	r.instances.list = append(r.instances.list, in)
	r.hoisted[obj] = name
	// The function's uses of the type name the moved one, and its declaration goes;
	// blank lines keep the lines where they were.
	add := func(from, to int, repl string) {
		r.extra = append(r.extra, ownedEdit{owner: sp.owner, edit: edit{from - sp.from + sp.src, to - sp.from + sp.src, repl}})
	}
	ast.Inspect(fn, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && r.info.Uses[id] == obj {
			add(r.offset(id.Pos()), r.offset(id.End()), name)
		}
		return true
	})
	from = r.offset(spec.Pos())
	if decl.Lparen == token.NoPos {
		from = r.offset(decl.Pos())
	}
	add(from, to, strings.Repeat("\n", strings.Count(r.text[from:to], "\n")))
	return name, nil
}
