package display

import (
	"strings"
	"testing"
)

func TestHandleUpdateKeepsID(t *testing.T) {
	s := record(t)
	h := New(TextBundle("epoch 0"))
	h.Update(HTMLBundle("<b>epoch 1</b>"))
	other := New(MarkdownBundle("x"))

	ev := s.all()
	if len(ev) != 3 {
		t.Fatalf("got %d events, want 3", len(ev))
	}
	if ev[0].id == "" || ev[0].id != h.ID() || ev[0].update {
		t.Errorf("New: id %q update %v, handle id %q", ev[0].id, ev[0].update, h.ID())
	}
	if ev[1].id != h.ID() || !ev[1].update {
		t.Errorf("Update: id %q update %v, want %q true", ev[1].id, ev[1].update, h.ID())
	}
	if ev[1].b.PlainText() != "epoch 1" {
		t.Errorf("update text = %q", ev[1].b.PlainText())
	}
	if other.ID() == h.ID() || !strings.HasPrefix(other.ID(), "gokernel-") {
		t.Errorf("ids %q and %q", h.ID(), other.ID())
	}
}
