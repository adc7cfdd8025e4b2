package snapshot

import (
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"

	"github.com/zeebo/xxh3"
)

// A Sum is the 128-bit XXH3 hash of a value's encoding. XXH3 is fast, not
// cryptographic: a Sum tells whether a value changed between two points of
// one session, and is no proof against a crafted collision.
type Sum [16]byte

const sumPrefix = "xxh3-128:"

// String returns the sum as "xxh3-128:" followed by 32 hexadecimal digits,
// the form ParseSum reads.
func (s Sum) String() string { return sumPrefix + hex.EncodeToString(s[:]) }

// ParseSum parses the form String returns.
func ParseSum(text string) (Sum, error) {
	var s Sum
	digits, ok := strings.CutPrefix(text, sumPrefix)
	if !ok || hex.DecodedLen(len(digits)) != len(s) {
		return Sum{}, fmt.Errorf("snapshot: sum %q is not %s and %d hexadecimal digits", text, sumPrefix, 2*len(s))
	}
	if _, err := hex.Decode(s[:], []byte(digits)); err != nil {
		return Sum{}, fmt.Errorf("snapshot: sum %q: %w", text, err)
	}
	return s, nil
}

// MarshalText returns the form String returns, so that a Sum is a string in
// JSON.
func (s Sum) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses the form String returns.
func (s *Sum) UnmarshalText(text []byte) error {
	parsed, err := ParseSum(string(text))
	if err != nil {
		return err
	}
	*s = parsed
	return nil
}

// HashOptions bound the work of Hash.
type HashOptions struct {
	// Budget is how many bytes of encoding Hash may produce before it gives
	// up with ErrOverBudget; 0 means no limit. Map keys count twice, as they
	// are also encoded to be sorted.
	//
	// The budget counts bytes, not time, so that whether a value fits
	// depends on the value alone, not on the machine's load: an unchanged
	// variable is never reported unconfirmed because the machine was busy,
	// and tests are reproducible. A caller with a time allowance converts it
	// to bytes with the walk's throughput (see the benchmarks).
	Budget int64
}

// Hash returns the hash of v's encoding by the walker (described in
// walk.go), the encoding Encode writes. Equal values with the same sharing
// hash the same, wherever they lie in memory and in whatever order their
// maps were filled; a nil and an empty slice, a shared and a copied
// pointer, a sub-slice and a copy of its elements, slices of different
// capacities, or a pointer into a slice's array and a pointer to a copy of
// the element, hash differently. A value that holds a non-nil func, channel
// or unsafe.Pointer, or a uintptr, or pointers and slices sharing memory in
// a way no Go type lays out, gives an *UnhashableError.
//
// Hash walks v once when its pointers and slices share memory only as
// identical views (the same pointer, slices of the same array from the same
// element with the same capacity), as most values do; when they share it
// otherwise, it walks v again after finding the regions of memory they
// share, which costs a pass over v's pointers, slices, maps and interfaces.
// Either way the budget bounds each walk, not their sum.
//
// No goroutine may change v during the call: besides giving a meaningless
// hash, a map written while it is walked makes the runtime end the process.
func Hash(v reflect.Value, opts HashOptions) (Sum, error) {
	h := hashWriter{xxh3.New128()}
	if _, err := walkHopeful(h, h.Reset, v, opts.Budget, nil); err != nil {
		return Sum{}, err
	}
	return h.Sum128().Bytes(), nil
}

// hashWriter is what Hash walks into: its type makes the walk name types by their
// structure (hashtype.go).
type hashWriter struct{ *xxh3.Hasher128 }

func (hashWriter) structuralTypes() {}

// HashValue returns the hash of x, with no budget.
func HashValue(x any) (Sum, error) {
	return Hash(reflect.ValueOf(x), HashOptions{})
}
