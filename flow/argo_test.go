package flow

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// yamlSubset reads the YAML WriteArgo writes: block mappings and sequences
// indented by spaces, "key: value" with double-quoted, plain or flow-sequence
// values, and comment lines. It is no YAML parser; anything else is an error.
type yamlSubset struct {
	lines []yamlLine
	i     int
}

type yamlLine struct {
	indent int
	text   string
	number int
}

func parseYAMLSubset(src string) (any, error) {
	var p yamlSubset
	for i, l := range strings.Split(src, "\n") {
		trimmed := strings.TrimLeft(l, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		p.lines = append(p.lines, yamlLine{len(l) - len(trimmed), trimmed, i + 1})
	}
	if len(p.lines) == 0 {
		return nil, fmt.Errorf("empty")
	}
	v, err := p.node(0)
	if err == nil && p.i < len(p.lines) {
		err = fmt.Errorf("line %d: unexpected %q", p.lines[p.i].number, p.lines[p.i].text)
	}
	return v, err
}

func (p *yamlSubset) node(indent int) (any, error) {
	l := p.lines[p.i]
	if l.indent != indent {
		return nil, fmt.Errorf("line %d: indented %d, want %d", l.number, l.indent, indent)
	}
	if strings.HasPrefix(l.text, "- ") {
		var list []any
		for p.i < len(p.lines) && p.lines[p.i].indent == indent && strings.HasPrefix(p.lines[p.i].text, "- ") {
			// The item is the mapping that starts after "- ".
			p.lines[p.i].indent += 2
			p.lines[p.i].text = p.lines[p.i].text[2:]
			item, err := p.node(indent + 2)
			if err != nil {
				return nil, err
			}
			list = append(list, item)
		}
		return list, nil
	}
	m := map[string]any{}
	for p.i < len(p.lines) && p.lines[p.i].indent == indent && !strings.HasPrefix(p.lines[p.i].text, "- ") {
		l := p.lines[p.i]
		key, rest, ok := strings.Cut(l.text, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: no key in %q", l.number, l.text)
		}
		if _, dup := m[key]; dup {
			return nil, fmt.Errorf("line %d: key %q twice", l.number, key)
		}
		p.i++
		rest = strings.TrimSpace(rest)
		if rest != "" {
			v, err := yamlScalar(rest)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", l.number, err)
			}
			m[key] = v
			continue
		}
		if p.i == len(p.lines) || p.lines[p.i].indent <= indent {
			return nil, fmt.Errorf("line %d: key %q has no value", l.number, key)
		}
		v, err := p.node(p.lines[p.i].indent)
		if err != nil {
			return nil, err
		}
		m[key] = v
	}
	return m, nil
}

func yamlScalar(s string) (any, error) {
	switch {
	case strings.HasPrefix(s, `"`):
		return strconv.Unquote(s)
	case strings.HasPrefix(s, "["):
		list := []any{}
		rest := strings.TrimSpace(s[1:])
		for !strings.HasPrefix(rest, "]") {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, fmt.Errorf("flow sequence %s: %v", s, err)
			}
			v, _ := strconv.Unquote(q)
			list = append(list, v)
			rest = strings.TrimSpace(rest[len(q):])
			rest = strings.TrimSpace(strings.TrimPrefix(rest, ","))
		}
		if rest != "]" {
			return nil, fmt.Errorf("flow sequence %s: trailing %q", s, rest)
		}
		return list, nil
	case strings.ContainsAny(s, `"'{}[],&*!|>%@`+"`"):
		return nil, fmt.Errorf("plain scalar %q needs quoting", s)
	}
	return s, nil
}

// yamlAt walks a parsed document by keys and list indexes, failing the test when the
// path does not exist.
func yamlAt(t *testing.T, doc any, path ...any) any {
	t.Helper()
	cur := doc
	for i, k := range path {
		switch k := k.(type) {
		case string:
			m, ok := cur.(map[string]any)
			if !ok {
				t.Fatalf("%v: not a mapping", path[:i])
			}
			if cur, ok = m[k]; !ok {
				t.Fatalf("%v: no key %q (keys %v)", path[:i], k, reflect.ValueOf(m).MapKeys())
			}
		case int:
			l, ok := cur.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("%v: not a sequence of more than %d items", path[:i], k)
			}
			cur = l[k]
		}
	}
	return cur
}

func TestWriteArgo(t *testing.T) {
	var h rtHarness
	diamond := rtDiamond(&h, nil).DAG()
	odd := DAG{
		Name:     "Recs: ALS v2",
		Notebook: `notebooks/"recs".ipynb`,
		Steps: []StepInfo{
			{Name: "Load Data"},
			{Name: "train_ALS", Needs: []string{"Load Data"}},
			{Name: "train-als", Needs: []string{"Load Data"}},
			{Name: "Train ALS", Needs: []string{"train_ALS", "train-als"}},
			{Name: "été:report", Needs: []string{"Train ALS"}},
			{Name: "???", Needs: []string{"Load Data"}},
		},
	}
	for _, tc := range []struct {
		dag   DAG
		opts  ArgoOptions
		flow  string
		tasks []string
	}{
		{diamond, ArgoOptions{}, "diamond", []string{"load", "totals", "index", "report", "publish"}},
		{odd, ArgoOptions{Image: "registry.example.com/recs:1.2", Binary: "/usr/local/bin/recs", Claim: "recs-store"},
			"recs-als-v2", []string{"load-data", "train-als", "train-als-2", "train-als-3", "t-report", "step"}},
	} {
		t.Run(tc.dag.Name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteArgo(&b, tc.dag, tc.opts); err != nil {
				t.Fatal(err)
			}
			doc, err := parseYAMLSubset(b.String())
			if err != nil {
				t.Fatalf("%v\n%s", err, b.String())
			}
			image, binary, claim := argoDefault(tc.opts.Image, "flow:latest"), argoDefault(tc.opts.Binary, "/flow/flow"), argoDefault(tc.opts.Claim, "flow-store")
			for _, c := range []struct {
				path []any
				want any
			}{
				{[]any{"apiVersion"}, "argoproj.io/v1alpha1"},
				{[]any{"kind"}, "Workflow"},
				{[]any{"metadata", "generateName"}, tc.flow + "-"},
				{[]any{"spec", "entrypoint"}, tc.flow},
				{[]any{"spec", "volumes", 0, "name"}, "flow-store"},
				{[]any{"spec", "volumes", 0, "persistentVolumeClaim", "claimName"}, claim},
				{[]any{"spec", "templates", 0, "name"}, tc.flow},
				{[]any{"spec", "templates", 1, "name"}, tc.flow + "-step"},
				{[]any{"spec", "templates", 1, "inputs", "parameters", 0, "name"}, "step"},
				{[]any{"spec", "templates", 1, "container", "image"}, image},
				{[]any{"spec", "templates", 1, "container", "command"}, []any{binary}},
				{[]any{"spec", "templates", 1, "container", "args"}, []any{"--only", "{{inputs.parameters.step}}", "--store", "/flow-store"}},
				{[]any{"spec", "templates", 1, "container", "volumeMounts", 0, "name"}, "flow-store"},
				{[]any{"spec", "templates", 1, "container", "volumeMounts", 0, "mountPath"}, "/flow-store"},
			} {
				if got := yamlAt(t, doc, c.path...); !reflect.DeepEqual(got, c.want) {
					t.Errorf("%v = %#v, want %#v", c.path, got, c.want)
				}
			}

			tasks := yamlAt(t, doc, "spec", "templates", 0, "dag", "tasks").([]any)
			if len(tasks) != len(tc.dag.Steps) {
				t.Fatalf("%d tasks for %d steps", len(tasks), len(tc.dag.Steps))
			}
			taskOf := map[string]string{}
			for i, s := range tc.dag.Steps {
				name := yamlAt(t, tasks[i], "name").(string)
				if name != tc.tasks[i] {
					t.Errorf("step %q is task %q, want %q", s.Name, name, tc.tasks[i])
				}
				taskOf[s.Name] = name
			}
			for i, s := range tc.dag.Steps {
				task := tasks[i].(map[string]any)
				if got := yamlAt(t, task, "template"); got != tc.flow+"-step" {
					t.Errorf("task %s uses template %v", taskOf[s.Name], got)
				}
				if got := yamlAt(t, task, "arguments", "parameters", 0, "value"); got != s.Name || yamlAt(t, task, "arguments", "parameters", 0, "name") != "step" {
					t.Errorf("task %s runs step %v, want %q", taskOf[s.Name], got, s.Name)
				}
				var want []any
				for _, n := range s.Needs {
					want = append(want, taskOf[n])
				}
				got, _ := task["dependencies"].([]any)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("task %s depends on %v, want %v (step needs %v)", taskOf[s.Name], got, want, s.Needs)
				}
			}
		})
	}
}

func argoDefault(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestWriteArgoRefuses(t *testing.T) {
	for _, tc := range []struct {
		dag  DAG
		want string
	}{
		{DAG{}, "the flow has no name"},
		{DAG{Name: "f", Steps: []StepInfo{{Name: "a"}, {Name: "a"}}}, `two steps named "a"`},
		{DAG{Name: "f", Steps: []StepInfo{{Name: "a", Needs: []string{"b"}}}}, `step "a" needs "b", which is not a step`},
		{DAG{Name: "f", Steps: []StepInfo{{Name: "{{x}}"}}}, "template expression"},
	} {
		if err := WriteArgo(&bytes.Buffer{}, tc.dag, ArgoOptions{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.dag, err, tc.want)
		}
	}
}

func TestDNSLabel(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"train", "train"},
		{"Train_Model", "train-model"},
		{"--a..b--", "a-b"},
		{"été", "t"},
		{"", "step"},
		{"???", "step"},
		{strings.Repeat("ab", 40), strings.Repeat("ab", 31) + "a"},
		{strings.Repeat("a", 62) + "-b", strings.Repeat("a", 62)},
	} {
		if got := dnsLabel(tc.in, 63); got != tc.want {
			t.Errorf("dnsLabel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	used := map[string]bool{}
	long := strings.Repeat("a", 63)
	if a, b := uniqueLabel(long, used), uniqueLabel(long, used); a != long || b != strings.Repeat("a", 61)+"-2" {
		t.Errorf("uniqueLabel: %q, %q", a, b)
	}
}
