package display

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestTextBundles(t *testing.T) {
	tests := []struct {
		name      string
		b         Bundle
		mime      string
		content   string
		plainText string
	}{
		{"html", HTMLBundle("<h1>Top</h1><p>x &lt; y</p><script>alert(1)</script>"), MIMEHTML,
			"<h1>Top</h1><p>x &lt; y</p><script>alert(1)</script>", "Top\nx < y"},
		{"markdown", MarkdownBundle("**bold**"), MIMEMarkdown, "**bold**", "**bold**"},
		{"latex bare", LaTeXBundle(`x^2`), MIMELaTeX, `$$x^2$$`, `x^2`},
		{"latex delimited", LaTeXBundle(`$x^2$`), MIMELaTeX, `$x^2$`, `$x^2$`},
		{"latex env", LaTeXBundle(`\begin{align}a\end{align}`), MIMELaTeX, `\begin{align}a\end{align}`, `\begin{align}a\end{align}`},
		{"text", TextBundle("plain"), MIMEText, "plain", "plain"},
		{"svg", SVGBundle("<svg/>"), MIMESVG, "<svg/>", "<SVG image>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.b.Data[tt.mime]; got != tt.content {
				t.Errorf("%s = %q, want %q", tt.mime, got, tt.content)
			}
			if got := tt.b.PlainText(); got != tt.plainText {
				t.Errorf("text/plain = %q, want %q", got, tt.plainText)
			}
		})
	}
}

func TestHTMLToText(t *testing.T) {
	tests := map[string]string{
		"plain":                                "plain",
		"<b>bold</b> text":                     "bold text",
		"a<br>b<br/>c":                         "a\nb\nc",
		"<style>p{}</style>x":                  "x",
		"<table><tr><td>1</td><td>2</td></tr>": "1 2",
		"5 < 6":                                "5 < 6",
		"&amp;&quot;":                          "&\"",
		"  spaced \n\n  out  ":                 "spaced\nout",
	}
	for in, want := range tests {
		if got := htmlToText(in); got != want {
			t.Errorf("htmlToText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	type rec struct {
		Name  string            `json:"name"`
		Score float64           `json:"score"`
		Big   int64             `json:"big"`
		Tags  []string          `json:"tags"`
		Attrs map[string]string `json:"attrs"`
	}
	in := rec{Name: "<item>", Score: 0.1, Big: math.MaxInt64, Tags: []string{"a"}, Attrs: map[string]string{"k": "v"}}
	b := JSONBundle(in)

	// What the sink does: marshal the application/json value into the message.
	raw, err := json.Marshal(b.Data[MIMEJSON])
	if err != nil {
		t.Fatalf("application/json value does not marshal: %v", err)
	}
	var out rec
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("unmarshal %s: %v", raw, err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}
	var fromText rec
	if err := json.Unmarshal([]byte(b.PlainText()), &fromText); err != nil || !reflect.DeepEqual(in, fromText) {
		t.Errorf("text fallback %q is not the same JSON: %v", b.PlainText(), err)
	}
	if !strings.Contains(b.PlainText(), "\n  \"name\"") {
		t.Errorf("text fallback is not indented: %q", b.PlainText())
	}

	// Later changes to the value do not reach the bundle.
	m := map[string]int{"a": 1}
	b = JSONBundle(m)
	m["a"] = 2
	raw, _ = json.Marshal(b.Data[MIMEJSON])
	if string(raw) != `{"a":1}` {
		t.Errorf("bundle follows the caller's map: %s", raw)
	}
}

func TestJSONText(t *testing.T) {
	for _, in := range []any{`{"a":[1,2]}`, []byte(`{"a":[1,2]}`), json.RawMessage(`{"a":[1,2]}`)} {
		b := JSONBundle(in)
		raw, err := json.Marshal(b.Data[MIMEJSON])
		if err != nil || string(raw) != `{"a":[1,2]}` {
			t.Errorf("JSONBundle(%T) = %s, %v", in, raw, err)
		}
	}
}

func TestJSONErrors(t *testing.T) {
	for name, in := range map[string]any{
		"unmarshalable": make(chan int),
		"invalid text":  `{"a":`,
		"two values":    `1 2`,
	} {
		b := JSONBundle(in)
		if _, ok := b.Data[MIMEJSON]; ok {
			t.Errorf("%s: bundle has application/json", name)
		}
		if !strings.HasPrefix(b.PlainText(), "display: JSON: ") {
			t.Errorf("%s: text = %q, want an error message", name, b.PlainText())
		}
	}
}
