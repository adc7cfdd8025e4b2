package prepare

import (
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"
)

func TestTagUnexportedFields(t *testing.T) {
	const tag = "`gokernel:\"unexported\" json:\"-\" xml:\"-\"`"
	const embedTag = "`gokernel:\"unexported\"`"
	cases := []struct {
		name, code, want string
	}{
		{"untagged field", "type R struct{ Name string; note string }",
			"type R struct{ Name string; note string " + tag + " }"},
		{"own tag kept behind", "type R struct{ Name string `json:\"name\"`; note string `json:\"note\" db:\"n\"` }",
			"type R struct{ Name string `json:\"name\"`; note string `gokernel:\"unexported\" json:\"-\" xml:\"-\" json:\"note\" db:\"n\"` }"},
		{"quoted tag", "type R struct{ note string \"db:\\\"n\\\"\" }",
			"type R struct{ note string `gokernel:\"unexported\" json:\"-\" xml:\"-\" db:\"n\"` }"},
		{"exported only", "type R struct{ A, B int }", "type R struct{ A, B int }"},
		{"several unexported names", "type R struct{ a, b int }", "type R struct{ a, b int " + tag + " }"},
		{"mixed names are split", "type R struct{ A, b int `x:\"y\"` }",
			"type R struct{ A int `x:\"y\"`; b int `gokernel:\"unexported\" json:\"-\" xml:\"-\" x:\"y\"` }"},
		{"embedded unexported", "type R struct{ inner; *base; Name string }",
			"type R struct{ inner " + embedTag + "; *base " + embedTag + "; Name string }"},
		{"embedded exported", "type R struct{ sync.Mutex; Inner }", "type R struct{ sync.Mutex; Inner }"},
		{"blank field", "type R struct{ _ int }", "type R struct{ _ int " + tag + " }"},
		{"anonymous struct in a statement", "xs := []struct{ name string; N int }{{\"a\", 1}}",
			"xs := []struct{ name string " + tag + "; N int }{{\"a\", 1}}"},
		{"nested struct types", "type R struct{ in struct{ x int } }",
			"type R struct{ in struct{ x int " + tag + " } " + tag + " }"},
		{"multi-line struct", "type R struct {\n\tName string\n\tage  int // years\n}",
			"type R struct {\n\tName string\n\tage  int " + tag + " // years\n}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := rewriteSyntax(c.code, tagUnexportedFields)
			if got != c.want {
				t.Errorf("\n got %s\nwant %s", got, c.want)
			}
			if strings.Count(got, "\n") != strings.Count(c.code, "\n") {
				t.Errorf("lines moved")
			}
			if _, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {"+got+"\n}", 0); err != nil &&
				!strings.HasPrefix(got, "type") {
				t.Errorf("rewritten cell does not parse: %v", err)
			}
		})
	}
}

func TestIsUnexportedField(t *testing.T) {
	if !IsUnexportedField(reflect.StructTag(`gokernel:"unexported" json:"-"`)) {
		t.Error("marker not found")
	}
	if IsUnexportedField(reflect.StructTag(`json:"x"`)) {
		t.Error("marker found in a plain tag")
	}
}
