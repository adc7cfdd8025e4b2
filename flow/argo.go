package flow

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ArgoOptions say how the manifest WriteArgo writes runs the flow.
type ArgoOptions struct {
	// Image is the container image holding the compiled flow; "" is "flow:latest".
	Image string
	// Binary is the compiled flow's path in the image; "" is "/flow/flow".
	Binary string
	// Claim is the PersistentVolumeClaim holding the artifact store, shared by
	// the steps; "" is "flow-store".
	Claim string
}

// argoStorePath is where the store's volume is mounted in each step's container.
const argoStorePath = "/flow-store"

// WriteArgo writes an Argo Workflows manifest that runs the flow d describes: a
// Workflow whose entrypoint is a DAG template named after the flow, with a task per
// step, each depending on the step's Needs. Every task runs the compiled flow in
// opts.Image as "BINARY --only STEP --store /flow-store", with the claim opts.Claim
// mounted at /flow-store, so the steps hand their artifacts to each other through
// the store and build up one run record (see Run).
//
// Task and template names are the step and flow names made DNS-1123 labels (lower
// case letters, digits and '-'), with a suffix when two steps make the same label.
// Every string in the manifest is a double-quoted YAML scalar.
func WriteArgo(w io.Writer, d DAG, opts ArgoOptions) error {
	if opts.Image == "" {
		opts.Image = "flow:latest"
	}
	if opts.Binary == "" {
		opts.Binary = "/flow/flow"
	}
	if opts.Claim == "" {
		opts.Claim = "flow-store"
	}
	if d.Name == "" {
		return fmt.Errorf("argo: the flow has no name")
	}
	tasks := make(map[string]string, len(d.Steps)) // step name -> task name
	used := make(map[string]bool)
	for _, s := range d.Steps {
		if _, dup := tasks[s.Name]; dup {
			return fmt.Errorf("argo: flow %q has two steps named %q", d.Name, s.Name)
		}
		if strings.Contains(s.Name, "{{") {
			return fmt.Errorf("argo: step %q: Argo would read \"{{\" in its name as a template expression", s.Name)
		}
		tasks[s.Name] = uniqueLabel(dnsLabel(s.Name, 63), used)
	}
	for _, s := range d.Steps {
		for _, n := range s.Needs {
			if _, ok := tasks[n]; !ok {
				return fmt.Errorf("argo: step %q needs %q, which is not a step of flow %q", s.Name, n, d.Name)
			}
		}
	}
	flowLabel := dnsLabel(d.Name, 58)
	stepTemplate := flowLabel + "-step"
	q := strconv.Quote

	var b bytes.Buffer
	fmt.Fprintf(&b, "# Argo Workflows manifest of the flow %s", q(d.Name))
	if d.Notebook != "" {
		fmt.Fprintf(&b, ", exported from %s", q(d.Notebook))
	}
	b.WriteString(".\n# Each task runs one step of the compiled flow (--only STEP); the steps share the\n")
	b.WriteString("# artifact store on the volume claim below. Submit it with: argo submit FILE\n")
	b.WriteString("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n")
	fmt.Fprintf(&b, "  generateName: %s\n", q(flowLabel+"-"))
	b.WriteString("spec:\n")
	fmt.Fprintf(&b, "  entrypoint: %s\n", q(flowLabel))
	b.WriteString("  volumes:\n")
	fmt.Fprintf(&b, "    - name: %s\n", q("flow-store"))
	b.WriteString("      persistentVolumeClaim:\n")
	fmt.Fprintf(&b, "        claimName: %s\n", q(opts.Claim))
	b.WriteString("  templates:\n")
	fmt.Fprintf(&b, "    - name: %s\n", q(flowLabel))
	b.WriteString("      dag:\n")
	if len(d.Steps) == 0 {
		b.WriteString("        tasks: []\n")
	} else {
		b.WriteString("        tasks:\n")
	}
	for _, s := range d.Steps {
		fmt.Fprintf(&b, "          - name: %s\n", q(tasks[s.Name]))
		fmt.Fprintf(&b, "            template: %s\n", q(stepTemplate))
		if len(s.Needs) > 0 {
			deps := make([]string, len(s.Needs))
			for i, n := range s.Needs {
				deps[i] = tasks[n]
			}
			fmt.Fprintf(&b, "            dependencies: %s\n", yamlList(deps))
		}
		b.WriteString("            arguments:\n              parameters:\n")
		fmt.Fprintf(&b, "                - name: %s\n", q("step"))
		fmt.Fprintf(&b, "                  value: %s\n", q(s.Name))
	}
	fmt.Fprintf(&b, "    - name: %s\n", q(stepTemplate))
	b.WriteString("      inputs:\n        parameters:\n")
	fmt.Fprintf(&b, "          - name: %s\n", q("step"))
	b.WriteString("      container:\n")
	fmt.Fprintf(&b, "        image: %s\n", q(opts.Image))
	fmt.Fprintf(&b, "        command: %s\n", yamlList([]string{opts.Binary}))
	fmt.Fprintf(&b, "        args: %s\n", yamlList([]string{"--only", "{{inputs.parameters.step}}", "--store", argoStorePath}))
	b.WriteString("        volumeMounts:\n")
	fmt.Fprintf(&b, "          - name: %s\n", q("flow-store"))
	fmt.Fprintf(&b, "            mountPath: %s\n", q(argoStorePath))
	_, err := w.Write(b.Bytes())
	return err
}

// yamlList writes a flow sequence of double-quoted strings.
func yamlList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// dnsLabel makes name a DNS-1123 label of at most limit characters: lower-case
// letters and digits, the runs of anything else turned into one '-', none at
// either end. A name with no letter or digit becomes "step".
func dnsLabel(name string, limit int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	label := b.String()
	if len(label) > limit {
		label = label[:limit]
	}
	label = strings.TrimRight(label, "-")
	if label == "" {
		label = "step"
	}
	return label
}

// uniqueLabel returns label, or label with the first suffix "-2", "-3"... that
// makes it one used does not hold yet, and marks it used.
func uniqueLabel(label string, used map[string]bool) string {
	out := label
	for n := 2; used[out]; n++ {
		suffix := "-" + strconv.Itoa(n)
		out = strings.TrimRight(label[:min(len(label), 63-len(suffix))], "-") + suffix
	}
	used[out] = true
	return out
}
