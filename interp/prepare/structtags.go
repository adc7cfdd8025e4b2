package prepare

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// UnexportedTag is the struct tag key, with value UnexportedValue, that
// tagUnexportedFields puts on the unexported fields of the struct types cells write.
// yaegi v0.16.1 builds those types with reflect.StructOf under exported names ("note"
// becomes "Xnote", so that reflect may set them); the tag tells the session's fmt and
// package display which fields are really unexported, since a cell may also declare a
// real field Xnote.
const (
	UnexportedTag   = "gokernel"
	UnexportedValue = "unexported"
)

// tagUnexportedFields tags the unexported fields of every struct type in the cell
// `gokernel:"unexported" json:"-" xml:"-"`, in front of their own tags. yaegi v0.16.1
// gives them exported names in the struct types it builds, so encoding/json and
// encoding/xml would write them ({"Xnote":"x"}); Go ignores unexported fields there,
// and the first json and xml keys of a tag are the ones those packages read. Embedded
// unexported fields get only the marker: Go promotes the exported fields of an
// embedded struct even when the embedded field itself is unexported, and dropping
// the field would lose them. A field list that mixes exported and unexported names
// (A, b int) is split so that only the unexported names carry the tag.
func tagUnexportedFields(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		st, ok := n.(*ast.StructType)
		if !ok || st.Fields == nil {
			return true
		}
		for _, field := range st.Fields.List {
			if e, ok := tagField(src, field, at); ok {
				edits = append(edits, e)
			}
		}
		return true
	})
	return edits
}

// tagField returns the edit that tags field's unexported names.
func tagField(src string, field *ast.Field, at func(token.Pos) int) (edit, bool) {
	text := func(n ast.Node) string { return src[n.Pos()-1 : n.End()-1] }
	old := ""
	if field.Tag != nil {
		v, err := strconv.Unquote(field.Tag.Value)
		if err != nil {
			return edit{}, false
		}
		old = v
		if reflect.StructTag(v).Get(UnexportedTag) != "" {
			return edit{}, false // tagged already
		}
	}
	if len(field.Names) == 0 {
		name := embeddedName(field.Type)
		if name == "" || token.IsExported(name) {
			return edit{}, false
		}
		return retag(field, old, true, at), true
	}
	exported := 0
	for _, n := range field.Names {
		if token.IsExported(n.Name) {
			exported++
		}
	}
	switch {
	case exported == len(field.Names):
		return edit{}, false
	case exported == 0:
		return retag(field, old, false, at), true
	}
	// Mixed: one field per name, on the field's own line.
	typ := text(field.Type)
	if strings.Contains(typ, "\n") {
		return edit{}, false
	}
	parts := make([]string, len(field.Names))
	for i, n := range field.Names {
		parts[i] = n.Name + " " + typ
		if !token.IsExported(n.Name) {
			parts[i] += " " + tagLiteral(unexportedTags(false, old))
		} else if field.Tag != nil {
			parts[i] += " " + field.Tag.Value
		}
	}
	return edit{at(field.Pos()), at(field.End()), strings.Join(parts, "; ")}, true
}

// retag gives field the marker tags in front of its own.
func retag(field *ast.Field, old string, embedded bool, at func(token.Pos) int) edit {
	lit := tagLiteral(unexportedTags(embedded, old))
	if field.Tag != nil {
		return edit{at(field.Tag.Pos()), at(field.Tag.End()), lit}
	}
	end := at(field.Type.End())
	return edit{end, end, " " + lit}
}

// unexportedTags is the tag of an unexported field that had tag old.
func unexportedTags(embedded bool, old string) string {
	t := UnexportedTag + `:"` + UnexportedValue + `"`
	if !embedded {
		t += ` json:"-" xml:"-"`
	}
	if old != "" {
		t += " " + old
	}
	return t
}

// tagLiteral writes tag as a raw string when it can, which keeps a tag written across
// lines on its lines.
func tagLiteral(tag string) string {
	if !strings.Contains(tag, "`") {
		return "`" + tag + "`"
	}
	return strconv.Quote(tag)
}

// embeddedName is the field name an embedded type gives: T for T, *T, pkg.T, T[X].
func embeddedName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.SelectorExpr:
			return t.Sel.Name
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// IsUnexportedField reports whether a field of a struct type the interpreter built
// was unexported in the cell that declared it; its name there is the field's name
// without yaegi's leading X.
func IsUnexportedField(tag reflect.StructTag) bool {
	return tag.Get(UnexportedTag) == UnexportedValue
}
