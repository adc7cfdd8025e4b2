package sparse

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadOptions describes a delimited text file of interactions, one per line.
type ReadOptions struct {
	// Sep separates fields. Empty means detect from the first data line:
	// "::", then tab, then comma, then runs of spaces.
	Sep string
	// RowCol, ColCol and ValueCol are the zero-based fields holding the row
	// key, the column key and the value. ValueCol < 0 means every line counts
	// as value 1. The zero value (0, 0, 0) is replaced by 0, 1, 2.
	RowCol, ColCol, ValueCol int
	// Header skips the first non-comment line. When false, a first line whose
	// value field does not parse as a number is taken as a header.
	Header bool
	// Comment starts lines to skip; empty means "#".
	Comment string
}

// Keyed is a matrix together with the maps from external keys to its rows
// and columns.
type Keyed struct {
	Matrix *CSR
	Rows   *IDMap
	Cols   *IDMap
}

// Read parses delimited (row key, column key, value) lines into a matrix
// whose rows and columns are numbered in order of first appearance. Repeated
// pairs are summed. Errors name the line.
func Read(r io.Reader, opt ReadOptions) (*Keyed, error) {
	if opt.RowCol == 0 && opt.ColCol == 0 && opt.ValueCol == 0 {
		opt.RowCol, opt.ColCol, opt.ValueCol = 0, 1, 2
	}
	if opt.RowCol < 0 || opt.ColCol < 0 || opt.RowCol == opt.ColCol {
		return nil, fmt.Errorf("sparse: read: bad columns row=%d col=%d", opt.RowCol, opt.ColCol)
	}
	if opt.Comment == "" {
		opt.Comment = "#"
	}
	need := max(opt.RowCol, opt.ColCol, opt.ValueCol) + 1
	rows, cols := NewIDMap(), NewIDMap()
	var trips []Triplet
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line, first := 0, true
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, opt.Comment) {
			continue
		}
		if opt.Sep == "" {
			opt.Sep = detectSep(text)
		}
		var fields []string
		if opt.Sep == " " {
			fields = strings.Fields(text)
		} else {
			fields = strings.Split(text, opt.Sep)
		}
		if first && opt.Header {
			first = false
			continue
		}
		if len(fields) < need {
			return nil, fmt.Errorf("sparse: read: line %d: %d fields, want at least %d", line, len(fields), need)
		}
		v := float64(1)
		if opt.ValueCol >= 0 {
			f, err := strconv.ParseFloat(strings.TrimSpace(fields[opt.ValueCol]), 32)
			if err != nil {
				if first {
					first = false // a header line
					continue
				}
				return nil, fmt.Errorf("sparse: read: line %d: value: %w", line, err)
			}
			v = f
		}
		first = false
		rk := strings.TrimSpace(fields[opt.RowCol])
		ck := strings.TrimSpace(fields[opt.ColCol])
		trips = append(trips, Triplet{Row: rows.Add(rk), Col: cols.Add(ck), Value: float32(v)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("sparse: read: line %d: %w", line+1, err)
	}
	m, err := NewCSR(rows.Len(), cols.Len(), trips)
	if err != nil {
		return nil, fmt.Errorf("sparse: read: %w", err)
	}
	return &Keyed{Matrix: m, Rows: rows, Cols: cols}, nil
}

func detectSep(line string) string {
	for _, s := range []string{"::", "\t", ","} {
		if strings.Contains(line, s) {
			return s
		}
	}
	return " "
}
