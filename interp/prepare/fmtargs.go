package prepare

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"
)

// Arguments of fmt's print functions whose type has methods fmt calls.
//
// yaegi v0.16.1 keeps a value of a cell's named type as a value of its underlying
// type; the methods are the interpreter's. Passed straight to fmt.Println, a Genre
// with a String method is wrapped by yaegi in a struct that has String (so %v works,
// but %d prints the struct: {1 5131616}); inside a slice, map, array or struct, or as
// the result of a call, it reaches fmt as a bare int, and prints as one. fmtArgEdits
// wraps each argument of fmt's print functions whose static type is or holds a type
// the cells declared with a Format, Error, String or GoString method in
//
//	__gk.Fmt(x, "main.Genre", plan, func(gkv Genre) string { return gkv.String() }, ...)
//
// where plan says where in x the values with methods are (the grammar is the
// interpreter's planParser, interp/stringers.go) and the func literals call the
// methods. Fmt returns a compiled value that fmt formats as it would x: methods where
// fmt calls them (on exported fields only, and per element), the underlying value
// elsewhere (%d of a Genre prints the number).

// fmtPrintFuncs are the functions of package fmt whose variadic arguments are
// formatted.
var fmtPrintFuncs = map[string]bool{
	"Print": true, "Println": true, "Printf": true,
	"Sprint": true, "Sprintln": true, "Sprintf": true,
	"Fprint": true, "Fprintln": true, "Fprintf": true,
	"Errorf": true, "Append": true, "Appendln": true, "Appendf": true,
}

// fmtMethodNames are the methods fmt calls, in the order of the plan's letters.
var fmtMethodNames = []string{"Format", "Error", "String", "GoString"}

// mayNeedFmtRewrite reports whether the cell calls one of fmt's print functions or
// ends in an expression it shows, and some cell, this one or an earlier one, declares
// a method fmt calls: the cells whose fmt arguments fmtArgEdits may wrap, which must be
// type-checked for it.
func (m *monomorphizer) mayNeedFmtRewrite(code string) bool {
	calls, declares := false, false
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	var prev token.Token
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.IDENT {
			if prev == token.PERIOD && fmtPrintFuncs[lit] {
				calls = true
			}
			if prev == token.RPAREN && isFmtMethodName(lit) {
				declares = true // func (g Genre) String
			}
		}
		prev = tok
	}
	if !calls {
		// The value of a trailing expression is formatted with fmt too.
		items, err := SplitItems(code)
		if err != nil || len(items) == 0 {
			return false
		}
		last := items[len(items)-1]
		if last.Kind != StmtChunk || !IsExpression(code[last.Start:last.End]) {
			return false
		}
	}
	if declares {
		return true
	}
	for _, d := range m.decls {
		for _, n := range d.names {
			if _, method, ok := strings.Cut(n, "."); ok && isFmtMethodName(method) {
				return true
			}
		}
	}
	return false
}

func isFmtMethodName(s string) bool {
	return s == "Format" || s == "Error" || s == "String" || s == "GoString"
}

// fmtArgEdits returns, through add, the edits that wrap the arguments of fmt's print
// functions described above. The wrapping is written in the gaps between the
// arguments ("(", ",", ")"), so that other edits inside an argument stay.
func (r *monoRound) fmtArgEdits(add func(ast.Node, string)) {
	if e := r.trailingExpression(); e != nil {
		r.shownValueEdits([]ast.Expr{e}, add)
	}
	ast.Inspect(r.file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() || len(call.Args) == 0 {
			return true
		}
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == monoShowFunc {
			r.shownValueEdits(call.Args, add) // a trailing list of values
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkgIdent, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		if pn, ok := r.info.Uses[pkgIdent].(*types.PkgName); !ok || pn.Imported().Path() != "fmt" {
			return true
		}
		fn, ok := r.info.Uses[sel.Sel].(*types.Func)
		if !ok || !fmtPrintFuncs[fn.Name()] {
			return true
		}
		sig, ok := fn.Type().(*types.Signature)
		if !ok || !sig.Variadic() {
			return true
		}
		first := sig.Params().Len() - 1
		// A format that prints types (%T, %#v) wants Go's names of the cells' types,
		// which only their text has (a Celsius is a float64 to reflect).
		names := false
		if first > 0 {
			if tv := r.info.Types[call.Args[first-1]]; tv.Value == nil || printsTypes.MatchString(tv.Value.ExactString()) {
				names = true
			}
		}
		wraps := make([]*fmtWrap, len(call.Args))
		wrapped := false
		for i := first; i < len(call.Args); i++ {
			wraps[i] = r.fmtWrapOf(call.Args[i], pkgIdent.Name, names)
			wrapped = wrapped || wraps[i] != nil
		}
		if !wrapped {
			return true
		}
		// The gaps: before the first argument (from the call's "("), between two,
		// after the last (to the call's ")").
		for i := first; i <= len(call.Args); i++ {
			var before, after *fmtWrap
			if i > first {
				before = wraps[i-1]
			}
			if i < len(call.Args) {
				after = wraps[i]
			}
			if before == nil && after == nil {
				continue
			}
			from, to := call.Lparen, call.Rparen+1
			if i > 0 {
				from = call.Args[i-1].End()
			}
			if i < len(call.Args) {
				to = call.Args[i].Pos()
			}
			gap := r.text[r.offset(from):r.offset(to)]
			repl := gap
			if before != nil {
				repl = before.suffix + repl
			}
			if after != nil {
				repl += RuntimeAlias + ".Fmt("
			}
			add(&posRange{from, to}, repl)
		}
		return true
	})
}

// trailingExpression returns the cell's trailing expression when it is a single one
// (a list is checked as the arguments of monoShowFunc): the last statement of the
// checked cell function, if it is the cell's last item.
func (r *monoRound) trailingExpression() ast.Expr {
	if len(r.items) == 0 || r.items[len(r.items)-1].Kind != StmtChunk {
		return nil
	}
	for _, d := range r.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != monoCellFunc || fd.Body == nil || len(fd.Body.List) == 0 {
			continue
		}
		es, ok := fd.Body.List[len(fd.Body.List)-1].(*ast.ExprStmt)
		if ok && r.cellOffset(r.offset(es.Pos())) == r.items[len(r.items)-1].Start {
			return es.X
		}
	}
	return nil
}

// shownValueEdits wraps the values of the cell's trailing expression, which the
// session formats with fmt, as fmtArgEdits wraps fmt's arguments. A trailing list is
// checked as the arguments of monoShowFunc, whose parentheses are not the cell's, so
// each value is replaced whole. That would drop another typed rewrite's edit inside
// it; a value where one may be (see mayHoldTypedEdits) is left as it is. So is a value
// that renders richly (an HTML method...): the session finds its methods itself.
func (r *monoRound) shownValueEdits(values []ast.Expr, add func(ast.Node, string)) {
	// A Format method's literal names fmt.State: by the name the session imports fmt
	// under, when it does.
	fmtName := r.imports["fmt"]
	for _, arg := range values {
		w := r.fmtWrapOf(arg, fmtName, false)
		if w == nil || w.usesFmt && fmtName == "" || hasRichDisplay(r.info.TypeOf(arg)) || r.mayHoldTypedEdits(arg) {
			continue
		}
		add(arg, RuntimeAlias+".Fmt("+r.text[r.offset(arg.Pos()):r.offset(arg.End())]+w.suffix)
	}
}

// hasRichDisplay reports whether a value of type t renders as more than text: it has
// one of the methods package display looks for.
func hasRichDisplay(t types.Type) bool {
	if t == nil {
		return false
	}
	for _, ms := range []*types.MethodSet{types.NewMethodSet(t), types.NewMethodSet(types.NewPointer(t))} {
		for _, name := range []string{"HTML", "Markdown", "SVG", "PNG"} {
			if ms.Lookup(nil, name) != nil {
				return true
			}
		}
	}
	return false
}

// mayHoldTypedEdits reports whether e holds a construct the other typed rewrites
// (mono_typed.go) may edit: a type assertion, a comparison, a conversion to an
// interface, a call of make, len or cap, a composite literal with an element of an
// interface type.
func (r *monoRound) mayHoldTypedEdits(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeAssertExpr:
			found = true
		case *ast.BinaryExpr:
			found = found || n.Op == token.EQL || n.Op == token.NEQ
		case *ast.CallExpr:
			if tv := r.info.Types[n.Fun]; tv.IsType() && isInterface(tv.Type) {
				found = true // any(v)
			}
			if id, ok := n.Fun.(*ast.Ident); ok && (id.Name == "make" || id.Name == "len" || id.Name == "cap") {
				found = true
			}
		case *ast.CompositeLit:
			switch u := r.info.TypeOf(n).Underlying().(type) {
			case *types.Slice:
				found = found || isInterface(u.Elem())
			case *types.Array:
				found = found || isInterface(u.Elem())
			case *types.Map:
				found = found || isInterface(u.Key()) || isInterface(u.Elem())
			case *types.Struct:
				for i := 0; i < u.NumFields(); i++ {
					found = found || isInterface(u.Field(i).Type())
				}
			}
		}
		return !found
	})
	return found
}

func isInterface(t types.Type) bool {
	_, ok := t.Underlying().(*types.Interface)
	return ok
}

// fmtWrap is how one argument is wrapped: __gk.Fmt( before it, suffix after.
type fmtWrap struct {
	suffix string
	// usesFmt is set when the func literals name package fmt (Format's fmt.State).
	usesFmt bool
}

// fmtWrapOf returns the wrapping of argument e of a call to fmt (imported as
// fmtName; "" for a value shown, which cannot name fmt), or nil when e needs none.
// printsTypes matches a format with a verb that prints types: %T, or %v with the #
// flag.
var printsTypes = regexp.MustCompile(`%[-+ 0#*.\d\[\]]*T|%[-+ 0*.\d\[\]]*#[-+ 0#*.\d\[\]]*v`)

// fmtWrapOf returns the wrap of one argument of a print function, or nil. names: the
// format prints types, so an argument of a cell's named type is wrapped for its name
// even without methods (not one of an interface type: %T prints the dynamic type).
func (r *monoRound) fmtWrapOf(e ast.Expr, fmtName string, names bool) *fmtWrap {
	tv, ok := r.info.Types[e]
	if !ok || tv.Type == nil || !tv.IsValue() {
		return nil
	}
	t := tv.Type
	if _, ok := t.(*types.Tuple); ok || mentionsTypeParam(t, map[types.Type]bool{}) {
		return nil
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return nil
	}
	pb := &planBuilder{r: r, pos: e.Pos(), fmtName: fmtName, labels: map[types.Type]*planLabel{}}
	plan := pb.plan(t, 0)
	if pb.failed || len(pb.methods) == 0 && !r.onlyPointerHasFmtMethods(t) && !(names && !types.IsInterface(t) && strings.Contains(r.goTypeName(t), "main.")) {
		return nil
	}
	var b strings.Builder
	b.WriteString(", ")
	b.WriteString(strconv.Quote(r.goTypeName(t)))
	b.WriteString(", ")
	b.WriteString(strconv.Quote(plan))
	for _, m := range pb.methods {
		b.WriteString(", ")
		b.WriteString(m)
	}
	b.WriteString(")")
	return &fmtWrap{suffix: b.String(), usesFmt: pb.usesFmt}
}

// onlyPointerHasFmtMethods reports whether t is a cell's type whose pointer has
// methods fmt calls and t itself none: yaegi v0.16.1 counts a pointer receiver's
// methods for the value too, and hands fmt the value wrapped with them (P{1, 2}
// prints as its String, not as {1 2}). Wrapped with an empty plan, it reaches fmt
// as a plain value.
func (r *monoRound) onlyPointerHasFmtMethods(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() != r.pkg {
		return false
	}
	if _, ok := n.Underlying().(*types.Interface); ok {
		return false
	}
	ms := types.NewMethodSet(types.NewPointer(t))
	for _, name := range fmtMethodNames {
		if sel := ms.Lookup(nil, name); sel != nil && sel.Obj().Pkg() == r.pkg {
			return true
		}
	}
	return false
}

// goTypeName is t as %T prints it in a compiled program (main.Genre, []main.Genre),
// or "" when the cells' spelling of it is not Go's (instances of generic types).
func (r *monoRound) goTypeName(t types.Type) string {
	s := types.TypeString(t, func(p *types.Package) string {
		if p == r.pkg {
			return "main"
		}
		return p.Name()
	})
	if strings.ContainsAny(s, instanceOpen+instanceSep+instanceClose) || strings.Contains(s, "struct{") || strings.Contains(s, "interface{") {
		return ""
	}
	return s
}

// planBuilder writes the plan of one argument.
type planBuilder struct {
	r       *monoRound
	pos     token.Pos // the argument's, where the types' names must mean them
	fmtName string
	// methods are the func literals the plan refers to, by index; index maps a
	// holder's type and method to its index there.
	methods []string
	index   map[string]int
	// labels are the types being written, for types that hold themselves.
	labels  map[types.Type]*planLabel
	next    int
	failed  bool
	usesFmt bool
}

type planLabel struct {
	n    int
	used bool
}

// plan is the plan of a value of type t at depth (0 for the argument itself).
func (pb *planBuilder) plan(t types.Type, depth int) string {
	if pb.failed {
		return "."
	}
	t = types.Unalias(t)
	for k, l := range pb.labels {
		if types.Identical(k, t) {
			l.used = true
			return "#" + strconv.Itoa(l.n)
		}
	}
	label := &planLabel{n: pb.next}
	pb.next++
	pb.labels[t] = label
	defer delete(pb.labels, t)

	holder := pb.holder(t)
	var body string
	switch u := t.Underlying().(type) {
	case *types.Slice:
		body = "[" + pb.plan(u.Elem(), depth+1)
	case *types.Array:
		body = "[" + pb.plan(u.Elem(), depth+1)
	case *types.Map:
		body = "M" + pb.plan(u.Key(), depth+1) + pb.plan(u.Elem(), depth+1)
	case *types.Pointer:
		if depth == 0 {
			body = "*" + pb.plan(u.Elem(), depth+1)
		} else {
			body = "."
		}
	case *types.Struct:
		body = pb.structPlan(t, u, depth)
	default:
		body = "."
	}
	s := holder + body
	if label.used {
		s = "#" + strconv.Itoa(label.n) + "=" + s
	}
	return s
}

// structPlan is the body of the plan of a struct: its exported fields, since fmt
// calls no method on an unexported one (nor on what it holds). The fields of a
// compiled package's struct type are its own business.
func (pb *planBuilder) structPlan(t types.Type, u *types.Struct, depth int) string {
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != pb.r.pkg {
		return "."
	}
	var b strings.Builder
	for i := 0; i < u.NumFields(); i++ {
		f := u.Field(i)
		if !f.Exported() {
			continue
		}
		p := pb.plan(f.Type(), depth+1)
		if p != "." {
			b.WriteString(strconv.Itoa(i) + ":" + p)
		}
	}
	if b.Len() == 0 {
		return "."
	}
	return "{" + b.String() + "}"
}

// holder is the "(...)" of a value of type t, a cell's type (or a pointer to one)
// with methods fmt calls, or "".
func (pb *planBuilder) holder(t types.Type) string {
	named := t
	if p, ok := t.(*types.Pointer); ok {
		named = types.Unalias(p.Elem())
	}
	n, ok := named.(*types.Named)
	if !ok || n.Obj().Pkg() != pb.r.pkg {
		return ""
	}
	if _, ok := n.Underlying().(*types.Interface); ok {
		return ""
	}
	ms := types.NewMethodSet(t)
	var b strings.Builder
	for i, name := range fmtMethodNames {
		sel := ms.Lookup(nil, name)
		if sel == nil {
			continue
		}
		fn, ok := sel.Obj().(*types.Func)
		if !ok || fn.Pkg() != pb.r.pkg || !fmtMethodSignature(name, fn.Type().(*types.Signature)) {
			continue
		}
		idx, ok := pb.method(t, name)
		if !ok {
			pb.failed = true
			return ""
		}
		b.WriteString("FESG"[i:i+1] + strconv.Itoa(idx))
	}
	if b.Len() == 0 {
		return ""
	}
	return "(" + b.String() + ")"
}

// fmtMethodSignature reports whether a method named name has the signature fmt's
// interface wants.
func fmtMethodSignature(name string, sig *types.Signature) bool {
	if name == "Format" {
		if sig.Params().Len() != 2 || sig.Results().Len() != 0 {
			return false
		}
		st, ok := types.Unalias(sig.Params().At(0).Type()).(*types.Named)
		r, ok2 := sig.Params().At(1).Type().(*types.Basic)
		return ok && ok2 && st.Obj().Pkg() != nil && st.Obj().Pkg().Path() == "fmt" && st.Obj().Name() == "State" && r.Kind() == types.Int32
	}
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	r, ok := sig.Results().At(0).Type().(*types.Basic)
	return ok && r.Kind() == types.String
}

// method returns the index of the func literal calling method name of t, writing
// it if needed; false when t cannot be named where the argument is.
func (pb *planBuilder) method(t types.Type, name string) (int, bool) {
	key := types.TypeString(t, nil) + "." + name
	if i, ok := pb.index[key]; ok {
		return i, true
	}
	typ, ok := pb.typeText(t)
	if !ok {
		return 0, false
	}
	var lit string
	if name == "Format" {
		if pb.fmtName == "" {
			pb.usesFmt = true
		}
		lit = "func(gkv " + typ + ", gkf " + pb.fmtName + ".State, gkc rune) { gkv.Format(gkf, gkc) }"
	} else {
		lit = "func(gkv " + typ + ") string { return gkv." + name + "() }"
	}
	if pb.index == nil {
		pb.index = map[string]int{}
	}
	pb.index[key] = len(pb.methods)
	pb.methods = append(pb.methods, lit)
	return len(pb.methods) - 1, true
}

// typeText writes t, a cell's named type at the top level of the cells or a pointer
// to one, as the argument's position sees it.
func (pb *planBuilder) typeText(t types.Type) (string, bool) {
	star := ""
	if p, ok := t.(*types.Pointer); ok {
		star, t = "*", types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.TypeArgs().Len() > 0 || n.Obj().Parent() != pb.r.pkg.Scope() {
		return "", false
	}
	name := n.Obj().Name()
	// A local name can hide the type where the argument is.
	if inner := pb.r.pkg.Scope().Innermost(pb.pos); inner != nil {
		if _, obj := inner.LookupParent(name, pb.pos); obj != n.Obj() {
			return "", false
		}
	}
	return star + name, true
}
