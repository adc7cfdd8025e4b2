package prepare

import (
	"bytes"
	"go/ast"
	"log/slog"
	"path"
	"strings"
	"testing"
)

// TestPrepareLogsWhatItRewrote checks that the pipeline says on its debug log what it
// did to a cell, and stays silent about a cell it left alone.
func TestPrepareLogsWhatItRewrote(t *testing.T) {
	var logs bytes.Buffer
	p := New(Config{
		ImportName: func(spec *ast.ImportSpec, p string) string { return path.Base(p) },
		Importer:   NewImporter(nil, nil),
		Log:        slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if _, err := p.Prepare("x := 1\nx + 1", nil); err != nil {
		t.Fatal(err)
	}
	if logs.Len() != 0 {
		t.Errorf("a cell left as it was was logged: %s", logs.String())
	}
	out, err := p.Prepare("var fs []func() int\nfor i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `msg="cell rewritten"`) || !strings.Contains(logs.String(), "gkloop") || !strings.Contains(out, "gkloop") {
		t.Errorf("rewritten cell %q, log %q", out, logs.String())
	}
}
