package display

import (
	"bytes"
	"encoding/json"
	"strings"
)

// HTMLBundle is an HTML fragment with a tag-stripped text form.
func HTMLBundle(s string) Bundle { return textBundle(MIMEHTML, s, htmlToText(s)) }

// HTML publishes an HTML fragment.
func HTML(s string) { Publish(HTMLBundle(s)) }

// MarkdownBundle is Markdown whose text form is the source itself, which is
// already meant to be read as text.
func MarkdownBundle(s string) Bundle { return textBundle(MIMEMarkdown, s, s) }

// Markdown publishes Markdown.
func Markdown(s string) { Publish(MarkdownBundle(s)) }

// LaTeXBundle is a LaTeX formula. Front ends typeset text/latex with MathJax,
// which needs math delimiters, so s is wrapped in $$...$$ unless it already
// starts with $, \[, \( or \begin.
func LaTeXBundle(s string) Bundle {
	t := strings.TrimSpace(s)
	delimited := false
	for _, p := range []string{"$", `\[`, `\(`, `\begin`} {
		if strings.HasPrefix(t, p) {
			delimited = true
			break
		}
	}
	if !delimited {
		t = "$$" + t + "$$"
	}
	return textBundle(MIMELaTeX, t, s)
}

// LaTeX publishes a LaTeX formula (see LaTeXBundle for delimiters).
func LaTeX(s string) { Publish(LaTeXBundle(s)) }

// TextBundle is plain text only.
func TextBundle(s string) Bundle { return Bundle{Data: map[string]any{MIMEText: s}} }

// Text publishes plain text. Unlike fmt.Println it can be the content of a
// handle and updated in place.
func Text(s string) { Publish(TextBundle(s)) }

// JSONBundle is v as application/json (shown as a collapsible tree by
// JupyterLab) with indented JSON as the text form. Like IPython, a string,
// []byte or json.RawMessage is taken to be JSON text and parsed; any other
// value is marshaled with encoding/json.
//
// The value is marshaled now and stored as its decoded JSON form, so later
// changes to v do not alter the bundle and the sink never sees an
// unmarshalable value. Numbers keep their exact text.
func JSONBundle(v any) Bundle {
	var raw []byte
	switch v := v.(type) {
	case string:
		raw = []byte(v)
	case []byte:
		raw = v
	case json.RawMessage:
		raw = v
	default:
		var err error
		if raw, err = json.Marshal(v); err != nil {
			return errorBundle("JSON: marshaling %T: %v", v, err)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return errorBundle("JSON: invalid JSON text: %v", err)
	}
	if dec.More() {
		return errorBundle("JSON: invalid JSON text: more than one value")
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, raw, "", "  "); err != nil {
		// Unreachable after a successful decode; kept so a failure is visible.
		return errorBundle("JSON: indenting: %v", err)
	}
	return Bundle{Data: map[string]any{MIMEJSON: tree, MIMEText: pretty.String()}}
}

// JSON publishes v as application/json (see JSONBundle).
func JSON(v any) { Publish(JSONBundle(v)) }
