package tests

import (
	"testing"

	"github.com/gokernel/gokernel/internal/reliability"
)

// newTrials starts recording one case of the reliability report (docs/reliability.md,
// internal/reliability).
func newTrials(t *testing.T, area, what string) *reliability.Trials {
	t.Helper()
	return reliability.NewTrials(t, area, what)
}
