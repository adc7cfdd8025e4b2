package workerproto

// SnapshotSpec says where and for whom the worker snapshots the session.
type SnapshotSpec struct {
	// Dir is the store folder (lineage.OpenStore has created it).
	Dir string `json:"dir"`
	// Session is the kernel session the snapshots belong to (the execution log's).
	Session string `json:"session"`
}

// SnapshotRequest asks for a snapshot of every variable of the session now (%snapshot),
// after the execution named.
type SnapshotRequest struct {
	SnapshotSpec
	Execution string `json:"execution"`
}

// SnapshotDone reports a snapshot the worker finished writing: after an execution it
// is sent on its own, after the reply (the values were copied before the reply, and
// are written meanwhile); for a SnapshotRequest it is the reply.
type SnapshotDone struct {
	Execution string `json:"execution"`
	// Manifest is the snapshot's id; "" when nothing was written: no variable
	// changed, or Error.
	Manifest string `json:"manifest,omitempty"`
	// Stored are the variables whose values this snapshot wrote, ReplayOnly those it
	// could not store, with why.
	Stored     []string          `json:"stored,omitempty"`
	ReplayOnly map[string]string `json:"replay_only,omitempty"`
	// Bytes is the size of the stored values' encodings, uncompressed; Changed how
	// much of that differed from their last snapshot and was compressed and written
	// (a large value is compared block by block).
	Bytes   int64 `json:"bytes,omitempty"`
	Changed int64 `json:"changed,omitempty"`
	// CopyMillis is how long the reply waited for the values to be copied, and
	// WriteMillis how long compressing and writing them took afterwards.
	CopyMillis  float64 `json:"copy_ms,omitempty"`
	WriteMillis float64 `json:"write_ms,omitempty"`
	Error       string  `json:"error,omitempty"`
}

// RestoreRequest asks a worker whose session is still empty to load a snapshot:
// declare the session again, load the stored values and recompute the others.
type RestoreRequest struct {
	SnapshotSpec
	Manifest string `json:"manifest"`
}

// RestoreReply says what came back.
type RestoreReply struct {
	// Restored are the variables loaded from the snapshot, Replayed those recomputed
	// by running their declaration again, Lost the others with why; sorted.
	Restored []string          `json:"restored,omitempty"`
	Replayed []string          `json:"replayed,omitempty"`
	Lost     map[string]string `json:"lost,omitempty"`
	// Error is set when nothing could be restored (the snapshot cannot be read).
	Error  string  `json:"error,omitempty"`
	Millis float64 `json:"ms,omitempty"`
	// Session is the worker's session id, which now holds the restored state.
	Session string `json:"session,omitempty"`
	// Sync is the output marker written after the restore's output (see
	// ExecuteReply.Sync).
	Sync uint64 `json:"sync,omitempty"`
}

// DiffRequest asks for the differences between two snapshots, or a snapshot and the
// session now ("" for B).
type DiffRequest struct {
	Dir string `json:"dir"`
	A   string `json:"a"`
	B   string `json:"b"`
	// ALabel and BLabel name the states in the rendering ("[3]", "now").
	ALabel string `json:"a_label"`
	BLabel string `json:"b_label"`
}

// DiffReply is the rendered difference, or why there is none.
type DiffReply struct {
	Text  string `json:"text"`
	HTML  string `json:"html"`
	Error string `json:"error,omitempty"`
}

// DeclarationsReply is the session's declarations as its cells left them: Source
// declares its imports, types, constants, functions, methods and typed variables (the
// variables without their values); Variables are the variables in declaration order,
// Untyped those whose type a program cannot write (instances of generic types), and
// Initializers the declarations that gave each variable its value, as the cells wrote
// them.
type DeclarationsReply struct {
	Source       string            `json:"source"`
	Variables    []string          `json:"variables,omitempty"`
	Untyped      []string          `json:"untyped,omitempty"`
	Initializers map[string]string `json:"initializers,omitempty"`
}
