package display

import (
	"html"
	"strings"
)

// htmlToText turns an HTML fragment into readable plain text for the
// text/plain fallback: tags are dropped, block-level tags become line breaks,
// script and style bodies vanish, entities are decoded and runs of spaces
// collapse. It is deliberately a small scanner, not an HTML parser: the goal
// is a legible console, not a faithful rendering.
func htmlToText(s string) string {
	var out strings.Builder
	skipUntil := "" // closing tag whose content is not text (script, style)
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			if skipUntil == "" {
				out.WriteString(s)
			}
			break
		}
		if skipUntil == "" {
			out.WriteString(s[:lt])
		}
		s = s[lt:]
		gt := strings.IndexByte(s, '>')
		if gt < 0 {
			// An unterminated tag is text in browsers too.
			if skipUntil == "" {
				out.WriteString(s)
			}
			break
		}
		tag := strings.ToLower(strings.TrimSpace(s[1:gt]))
		s = s[gt+1:]
		name := strings.TrimPrefix(tag, "/")
		if i := strings.IndexAny(name, " \t\n/"); i >= 0 {
			name = name[:i]
		}
		if skipUntil != "" {
			if tag == skipUntil || strings.HasPrefix(tag, skipUntil+" ") {
				skipUntil = ""
			}
			continue
		}
		switch name {
		case "script", "style":
			if !strings.HasPrefix(tag, "/") && !strings.HasSuffix(tag, "/") {
				skipUntil = "/" + name
			}
		case "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre":
			out.WriteByte('\n')
		case "td", "th":
			out.WriteByte(' ')
		}
	}
	return collapseSpace(html.UnescapeString(out.String()))
}

// collapseSpace trims each line, squeezes runs of blanks and drops empty lines.
func collapseSpace(s string) string {
	var lines []string
	for line := range strings.SplitSeq(s, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			lines = append(lines, strings.Join(f, " "))
		}
	}
	return strings.Join(lines, "\n")
}
