package lineage

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"strconv"

	"github.com/zeebo/blake3"
)

// CellSeed is the seed of an execution of code in a notebook whose seed is notebook:
// what the worker seeds the cells' math/rand and math/rand/v2 with (see the worker's
// determinism.go). It depends on the cell's code and not on when it ran, so the same
// cells draw the same numbers in every session, in any order, and in a replay; a cell
// run twice draws the same numbers twice, as the same program run twice does.
func CellSeed(notebook uint64, code string) uint64 {
	h := sha256.New()
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], notebook)
	h.Write([]byte("gokernel cell seed\x00"))
	h.Write(n[:])
	io.WriteString(h, code)
	return binary.LittleEndian.Uint64(h.Sum(nil))
}

// ParseSeed reads a notebook seed as %seed and GOKERNEL_SEED take it: an integer (a
// negative one is taken as its two's complement, as uint64(int64) does), or "random"
// for a new random one.
func ParseSeed(s string) (uint64, error) {
	if s == "random" {
		var b [8]byte
		rand.Read(b[:])
		return binary.LittleEndian.Uint64(b[:]) >> 1, nil // printable as an int64 too
	}
	if u, err := strconv.ParseUint(s, 0, 64); err == nil {
		return u, nil
	}
	i, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a seed: give an integer, or random", s)
	}
	return uint64(i), nil
}

// HashFile returns the hash of a file's content, "blake3:" and 64 hexadecimal digits:
// how an execution records the files it read (Execution.Inputs).
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := blake3.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "blake3:" + hex.EncodeToString(h.Sum(nil)), nil
}

// An OutputHasher hashes an execution's text output as it is written: what the
// execution wrote to stdout, and the text form of its result, if it had one
// (Execution.Output). Stderr is left out: the kernel writes its own notices there (a
// stale input, a snapshot that failed), which are not the cell's. The zero value is
// ready to use.
type OutputHasher struct {
	h hash.Hash
}

// Stdout adds text written to stdout.
func (o *OutputHasher) Stdout(text string) {
	if text == "" {
		return
	}
	if o.h == nil {
		o.h = sha256.New()
	}
	io.WriteString(o.h, text)
}

// Sum returns the hash of the stdout written and the result's text, "" when there
// was neither.
func (o *OutputHasher) Sum(result string) string {
	if o.h == nil && result == "" {
		return ""
	}
	if o.h == nil {
		o.h = sha256.New()
	}
	o.h.Write([]byte{0})
	io.WriteString(o.h, result)
	return codeHashPrefix + hex.EncodeToString(o.h.Sum(nil))
}
