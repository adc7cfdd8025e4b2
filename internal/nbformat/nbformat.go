// Package nbformat reads Jupyter notebook files (nbformat 4): the cells, their source
// and the outputs saved with them, which is what replay compares against and what
// export turns into a program. It reads what Jupyter's own nbformat writes, including
// the multi-line strings it stores as lists of lines.
package nbformat

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// A Notebook is a notebook file's cells and metadata.
type Notebook struct {
	// Path is the file it was read from.
	Path     string
	Cells    []Cell
	Metadata map[string]any
	// Major and Minor are its nbformat version.
	Major, Minor int
}

// A Cell is one cell of a notebook.
type Cell struct {
	// Index is the cell's position in the notebook, from 0.
	Index int
	// ID is the cell's id (nbformat 4.5 and later), "" in older files.
	ID string
	// Type is "code", "markdown" or "raw".
	Type   string
	Source string
	// Outputs are a code cell's saved outputs.
	Outputs []Output
	// ExecutionCount is the count the cell was last run with, 0 when never.
	ExecutionCount int
}

// An Output is one saved output of a code cell.
type Output struct {
	// Type is "stream", "execute_result", "display_data" or "error".
	Type string
	// Name and Text are a stream's ("stdout" or "stderr") and its text.
	Name, Text string
	// Data is the MIME bundle of a result or a display, with multi-line text joined.
	Data map[string]any
	// EName and EValue are an error's.
	EName, EValue string
}

// multiline is a string as nbformat stores it: a string, or a list of strings to join.
type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = multiline(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return errors.New("neither a string nor a list of strings")
	}
	*m = multiline(strings.Join(lines, ""))
	return nil
}

type fileFormat struct {
	Cells []struct {
		ID             string            `json:"id"`
		CellType       string            `json:"cell_type"`
		Source         multiline         `json:"source"`
		ExecutionCount *int              `json:"execution_count"`
		Outputs        []json.RawMessage `json:"outputs"`
	} `json:"cells"`
	Metadata      map[string]any `json:"metadata"`
	NBFormat      int            `json:"nbformat"`
	NBFormatMinor int            `json:"nbformat_minor"`
}

type outputFormat struct {
	OutputType string                     `json:"output_type"`
	Name       string                     `json:"name"`
	Text       multiline                  `json:"text"`
	Data       map[string]json.RawMessage `json:"data"`
	EName      string                     `json:"ename"`
	EValue     string                     `json:"evalue"`
}

// Read reads the notebook file at path. A file that is not an nbformat 4 notebook is an
// error that says what is wrong with it.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	nb.Path = path
	return nb, nil
}

// Parse reads a notebook from its JSON.
func Parse(data []byte) (*Notebook, error) {
	var f fileFormat
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("not a notebook: %v", err)
	}
	if f.NBFormat != 4 {
		return nil, fmt.Errorf("nbformat %d: only nbformat 4 notebooks are read (Jupyter has written them since 2015)", f.NBFormat)
	}
	nb := &Notebook{Metadata: f.Metadata, Major: f.NBFormat, Minor: f.NBFormatMinor}
	for i, c := range f.Cells {
		cell := Cell{Index: i, ID: c.ID, Type: c.CellType, Source: string(c.Source)}
		if c.ExecutionCount != nil {
			cell.ExecutionCount = *c.ExecutionCount
		}
		for j, raw := range c.Outputs {
			var o outputFormat
			if err := json.Unmarshal(raw, &o); err != nil {
				return nil, fmt.Errorf("cell %d, output %d: %v", i+1, j+1, err)
			}
			out := Output{Type: o.OutputType, Name: o.Name, Text: string(o.Text), EName: o.EName, EValue: o.EValue}
			if len(o.Data) > 0 {
				out.Data = make(map[string]any, len(o.Data))
				for mime, v := range o.Data {
					var text multiline
					if err := json.Unmarshal(v, &text); err == nil {
						out.Data[mime] = string(text)
						continue
					}
					var any any
					if err := json.Unmarshal(v, &any); err != nil {
						return nil, fmt.Errorf("cell %d, output %d, %s: %v", i+1, j+1, mime, err)
					}
					out.Data[mime] = any
				}
			}
			cell.Outputs = append(cell.Outputs, out)
		}
		nb.Cells = append(nb.Cells, cell)
	}
	return nb, nil
}

// Stdout returns what the cell's saved outputs say it wrote to stdout, and the text
// form of its result: what lineage.OutputHasher hashes.
func (c *Cell) Stdout() (stdout, result string) {
	var b strings.Builder
	for _, o := range c.Outputs {
		switch o.Type {
		case "stream":
			if o.Name == "stdout" {
				b.WriteString(o.Text)
			}
		case "execute_result":
			result, _ = o.Data["text/plain"].(string)
		}
	}
	return b.String(), result
}

// HasOutputs reports whether the cell has any saved output.
func (c *Cell) HasOutputs() bool { return len(c.Outputs) > 0 }

// Failed returns the error the cell's saved outputs show, if any.
func (c *Cell) Failed() (ename, evalue string, ok bool) {
	for _, o := range c.Outputs {
		if o.Type == "error" {
			return o.EName, o.EValue, true
		}
	}
	return "", "", false
}
