package snapshot

import (
	"io"
	"reflect"
)

// EncodeAsHashed writes what Hash hashes of v, finding the regions of memory first
// as Encode into a writer that cannot take bytes back does: for tests that the
// two walks agree.
func EncodeAsHashed(w io.Writer, v reflect.Value) error {
	_, err := walkFound(structuralTestWriter{w}, v, 0, nil)
	return err
}

type structuralTestWriter struct{ io.Writer }

func (structuralTestWriter) structuralTypes() {}
