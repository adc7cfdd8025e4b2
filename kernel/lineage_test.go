package kernel

import (
	"slices"
	"testing"

	"github.com/gokernel/gokernel/lineage"
)

func TestReplyMetadataListsStaleCellsWithIDs(t *testing.T) {
	stale := []lineage.StaleCell{
		{CellID: "B", Exec: lineage.Execution{ID: "e2", CellID: "B"}},
		{CellID: "e3", Exec: lineage.Execution{ID: "e3"}}, // sent without a cell id
		{CellID: "D", Exec: lineage.Execution{ID: "e4", CellID: "D"}},
	}
	md := replyMetadata(lineage.Execution{ID: "e5"}, stale)["gokernel"].(map[string]any)
	if got := md["stale"].([]string); !slices.Equal(got, []string{"B", "D"}) {
		t.Errorf("stale = %q, want the cells with ids, [B D]", got)
	}
}
