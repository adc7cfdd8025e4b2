package metrics

import (
	"context"
	"strings"
	"testing"

	"github.com/gokernel/gokernel/mllib/sparse"
)

type panickyScorer struct{}

func (panickyScorer) Scores(int, []float32) error { panic("boom in scorer") }

func TestEvaluateTurnsScorerPanicsIntoErrors(t *testing.T) {
	m, err := sparse.NewCSR(2, 2, []sparse.Triplet{{Row: 0, Col: 0, Value: 1}, {Row: 1, Col: 1, Value: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Evaluate(context.Background(), panickyScorer{}, m, m, 1); err == nil || !strings.Contains(err.Error(), "boom in scorer") {
		t.Errorf("err %v, want the scorer's panic as an error", err)
	}
	if _, err := Evaluate(context.Background(), nil, m, m, 1); err == nil {
		t.Error("nil scorer accepted")
	}
}
