package als

import (
	"errors"
	"testing"
)

func TestNilModelReturnsErrors(t *testing.T) {
	var m *Model
	if _, err := m.Recommend(0, 5, true); !errors.Is(err, ErrNilModel) {
		t.Errorf("Recommend on nil model: %v", err)
	}
	if _, err := m.SimilarItems(0, 5); !errors.Is(err, ErrNilModel) {
		t.Errorf("SimilarItems on nil model: %v", err)
	}
	if err := m.Scores(0, make([]float32, 1)); !errors.Is(err, ErrNilModel) {
		t.Errorf("Scores on nil model: %v", err)
	}
}
