package lineage

import "time"

// Status says how an execution ended.
type Status string

const (
	StatusOK          Status = "ok"
	StatusError       Status = "error"       // a compile error or a panic
	StatusInterrupted Status = "interrupted" // stopped by an interrupt
	StatusCrashed     Status = "crashed"     // the worker died running it
)

// Execution is one record of the execution log: one execute_request that ran code.
type Execution struct {
	// ID is the execution's own id (a UUID), unique across sessions and stores.
	ID string `json:"id"`
	// Session is the id of the kernel session (one kernel process) that ran it.
	Session string `json:"session"`
	// Count is the execution_count the front end showed (0 for a silent execution).
	Count int `json:"count"`
	// CellID is the front end's cell id (metadata.cellId); empty when the front end
	// sent none, and the execution is then a cell of its own.
	CellID string `json:"cell_id,omitempty"`
	// Code is the content hash of the cell's source (see Store.PutCode).
	Code string `json:"code"`
	// Started and Ended bound the execution, as the kernel saw it.
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended"`
	Status  Status    `json:"status"`
	// Defined are the names the cell declared (funcs, types, vars, consts, top-level
	// :=; methods as Type.Method), sorted.
	Defined []string `json:"defined,omitempty"`
	// Read are the session names the cell used that earlier executions declared.
	Read []string `json:"read,omitempty"`
	// Changed are the session names the cell changed without declaring them, each
	// confirmed by its value hash (assigned, appended to, written through, mutated
	// by a method or a function it was passed to).
	Changed []string `json:"changed,omitempty"`
	// Unconfirmed are the names the analysis says the cell may have changed whose
	// values could not be compared (not hashable, or over the hashing budget): they
	// count as changed.
	Unconfirmed []string `json:"unconfirmed,omitempty"`
	// Hashes are the value hashes, after the execution, of the variables it defined
	// or changed; a value that cannot be hashed maps to "" (see snapshot.Hash).
	Hashes map[string]string `json:"hashes,omitempty"`
	// Seed is what the execution's math/rand and math/rand/v2 were seeded with
	// (CellSeed of the notebook's seed and the code); a replay seeds them the same.
	Seed uint64 `json:"seed"`
	// Inputs are the files the execution opened for reading, by absolute path, each
	// with the hash of its content after the execution (HashFile).
	Inputs map[string]string `json:"inputs,omitempty"`
	// Output is the hash of the execution's text output (OutputHash): what it wrote
	// to stdout and the text form of its result; "" when it had neither.
	Output string `json:"output,omitempty"`
	// DeletedCells are the cell ids the front end said were deleted since the last
	// execution (metadata.deletedCells).
	DeletedCells []string `json:"deleted_cells,omitempty"`
}

// Producers returns the names whose value this execution produced: those it defined,
// changed or may have changed.
func (e *Execution) Producers() []string {
	out := make([]string, 0, len(e.Defined)+len(e.Changed)+len(e.Unconfirmed))
	out = append(out, e.Defined...)
	out = append(out, e.Changed...)
	return append(out, e.Unconfirmed...)
}
