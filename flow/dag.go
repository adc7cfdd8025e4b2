package flow

import (
	"encoding/json"
	"fmt"
	"os"
)

// A DAG describes a flow for schedulers and people: its steps, what each reads and
// writes, and which steps each waits for. The exporter writes it as dag.json beside
// the program, and a compiled flow prints it with --dag.
type DAG struct {
	// Name is the flow's name, from the notebook's file name.
	Name string `json:"name"`
	// Notebook is the notebook the flow was exported from.
	Notebook string `json:"notebook,omitempty"`
	// Steps are in an order that respects Needs.
	Steps []StepInfo `json:"steps"`
	// Artifacts are the values that cross steps, by name.
	Artifacts map[string]ArtifactInfo `json:"artifacts"`
	// Dropped are the notebook cells left out, with why (they produce nothing the
	// flow's results need).
	Dropped []DroppedCell `json:"dropped,omitempty"`
}

// StepInfo is one step of a DAG.
type StepInfo struct {
	Name string `json:"name"`
	// Cells are the notebook cells (numbered from 1) the step runs, in order.
	Cells []int `json:"cells,omitempty"`
	// Needs are the steps that must finish first: those writing what it reads, and
	// the steps before it that it must follow for other reasons (side effects).
	Needs  []string `json:"needs,omitempty"`
	Reads  []string `json:"reads,omitempty"`
	Writes []string `json:"writes,omitempty"`
}

// ArtifactInfo describes an artifact.
type ArtifactInfo struct {
	// Type is its Go type, as the program declares it.
	Type string `json:"type"`
	// Step is the step that writes it last.
	Step string `json:"step"`
	// Hash is the value hash the notebook's execution log recorded for it
	// (snapshot.Hash), "" when unknown; --verify compares with it.
	Hash string `json:"hash,omitempty"`
}

// DroppedCell is a notebook cell the export left out.
type DroppedCell struct {
	Cell   int    `json:"cell"`
	Reason string `json:"reason"`
}

// ReadDAG reads a dag.json file.
func ReadDAG(path string) (*DAG, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d DAG
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &d, nil
}
