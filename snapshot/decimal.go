package snapshot

import (
	"encoding/binary"
	"errors"
	"math"
)

// Decimal floats: most float64s a data session holds were decimal text once
// (prices, measurements, anything read from a CSV file) and are the nearest
// binary fraction to a number with a few decimal places. Their IEEE 754 bits
// are mantissa noise to zstd, which gets them to about a sixth of their size
// at best; the decimals themselves are integers, and neighbouring ones differ
// by little. So an object whose bytes are mostly such float64s is stored as
// the differences of those integers, which zstd then shrinks two to three
// times further, and faster, as it has an eighth of the bytes to look at.
// The idea is ALP's (Afroozeh, Kuffó and Boncz, "ALP: Adaptive Lossless
// floating-Point Compression", SIGMOD 2024); the format is this package's.
//
// The transform works on an object's bytes, not on Go values: a chunk of an
// encoded []float64 starts anywhere within a number, so it finds the byte
// offset (the phase) at which the bytes read as decimal float64s, and the
// number of decimal places, from a sample. A value is coded only if decoding
// gives back its exact bits (not -0, NaN, ±Inf, nor a number with more
// places); every other one is kept as its 8 bytes, so nothing is ever
// rounded. The object's hash is of the original bytes, and reading it back
// checks that hash, like every other object.
//
// The transformed bytes, compressed with zstd as one frame:
//
//	[0]      phase p, 0 to 7: the bytes before the first float64
//	[1]      decimal places e, 0 to decimalMaxPlaces
//	[2:2+p]  the first p bytes as they are
//	then, for each of the n = (len-p)/8 float64s, one uvarint:
//	         an even one is zigzag(k - previous k) << 1, the value being
//	         float64(k) / 10^e (the previous k starts at 0, and exceptions
//	         leave it alone);
//	         1 is an exception: the value's 8 bytes follow as they are
//	then the last len-p-8n bytes as they are.

const (
	// decimalMaxPlaces is the most decimal places tried. Beyond 15 the
	// integers of ordinary magnitudes no longer fit in decimalMaxInt.
	decimalMaxPlaces = 15
	// decimalMaxInt bounds |k|: float64(k) is then exact, and a difference
	// of two, zigzagged and shifted, fits in a uint64.
	decimalMaxInt = 1 << 51
	// decimalMinSize is the smallest object the transform is tried on: for
	// manifests, chunk lists and small values the sample would cost more
	// than it could save.
	decimalMinSize = 4 << 10
	// decimalSample is how many float64s the phase and places are chosen
	// from, spread over the object.
	decimalSample = 64
	// decimalException marks a value kept as its bytes.
	decimalException = 1
)

// pow10 holds 10^0 to 10^decimalMaxPlaces, all exact float64s.
var pow10 = func() (p [decimalMaxPlaces + 1]float64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// decimalInt returns the integer k with float64(k)/10^places == x, bit for
// bit, if there is one within decimalMaxInt.
func decimalInt(x float64, places int) (int64, bool) {
	r := math.Round(x * pow10[places])
	if !(math.Abs(r) < decimalMaxInt) { // also NaN and ±Inf
		return 0, false
	}
	// The check is the decoder's computation, from the integer: -0 becomes
	// +0 there and fails it.
	k := int64(r)
	if math.Float64bits(float64(k)/pow10[places]) != math.Float64bits(x) {
		return 0, false // more places than these, or -0
	}
	return k, true
}

// decimalPlaces returns the fewest decimal places that x has, if it has at
// most decimalMaxPlaces.
func decimalPlaces(x float64) (int, bool) {
	for e := 0; e <= decimalMaxPlaces; e++ {
		if _, ok := decimalInt(x, e); ok {
			return e, true
		}
	}
	return 0, false
}

// decimalLayout chooses the phase and decimal places for data from a
// sample, or reports that too few of its float64s are decimal for the
// transform to pay. At the right phase nearly every sampled value is
// decimal; at a wrong one the bytes straddle two numbers and almost none
// are.
func decimalLayout(data []byte) (phase, places int, ok bool) {
	n := (len(data) - 7) / 8 // float64s at every phase
	if len(data) < decimalMinSize || n < decimalSample {
		return 0, 0, false
	}
	step := n / decimalSample
	best := 0
	for p := range 8 {
		var hits [decimalMaxPlaces + 1]int // values with exactly e places
		found, missed := 0, 0
		for i := range decimalSample {
			x := math.Float64frombits(binary.LittleEndian.Uint64(data[p+8*i*step:]))
			if e, ok := decimalPlaces(x); ok {
				hits[e]++
				found++
			} else if missed++; missed > decimalSample/4 {
				break // this phase cannot reach 3/4; saves the rest of the sample
			}
		}
		if found <= best || found < decimalSample*3/4 {
			continue
		}
		// The fewest places that cover the values that have any: a value
		// with 2 places also has 3 (its integer times 10).
		e := 0
		for covered := hits[0]; covered < found; covered += hits[e] {
			e++
		}
		best, phase, places, ok = found, p, e, true
	}
	return phase, places, ok
}

// appendDecimal appends the transform of data to dst, reporting false (and
// dst unchanged) when data is not mostly decimal float64s, or too few of
// them turn out to be for the transform to be smaller.
func appendDecimal(dst, data []byte) ([]byte, bool) {
	phase, places, ok := decimalLayout(data)
	if !ok {
		return dst, false
	}
	start := len(dst)
	dst = append(dst, byte(phase), byte(places))
	dst = append(dst, data[:phase]...)
	body := data[phase:]
	n := len(body) / 8
	var prev int64
	exceptions := 0
	for i := range n {
		bits := binary.LittleEndian.Uint64(body[8*i:])
		k, ok := decimalInt(math.Float64frombits(bits), places)
		if !ok {
			if exceptions++; exceptions > n/4 {
				return dst[:start], false // the sample was unlucky: not worth it
			}
			dst = append(dst, decimalException)
			dst = binary.LittleEndian.AppendUint64(dst, bits)
			continue
		}
		d := k - prev
		prev = k
		dst = binary.AppendUvarint(dst, uint64(d<<1^d>>63)<<1)
	}
	dst = append(dst, body[8*n:]...)
	return dst, true
}

var errDecimal = errors.New("damaged decimal float encoding")

// decodeDecimal reverses appendDecimal, writing the original length bytes
// into dst's spare capacity when it has enough, else into a new slice. Any
// transform that does not decode to exactly length bytes is an error; the
// caller's hash check catches the rest.
func decodeDecimal(dst, t []byte, length int) ([]byte, error) {
	if len(t) < 2 || t[0] > 7 || t[1] > decimalMaxPlaces || int(t[0]) > length {
		return nil, errDecimal
	}
	phase, scale := int(t[0]), pow10[t[1]]
	t = t[2:]
	if cap(dst) < length {
		dst = make([]byte, 0, length)
	}
	out := dst[:length]
	if len(t) < phase {
		return nil, errDecimal
	}
	copy(out, t[:phase])
	t = t[phase:]
	n := (length - phase) / 8
	var prev int64
	for i := range n {
		c, w := binary.Uvarint(t)
		if w <= 0 {
			return nil, errDecimal
		}
		t = t[w:]
		at := out[phase+8*i:]
		if c == decimalException {
			if len(t) < 8 {
				return nil, errDecimal
			}
			copy(at[:8], t[:8])
			t = t[8:]
			continue
		}
		if c&1 != 0 {
			return nil, errDecimal
		}
		zz := c >> 1
		k := prev + (int64(zz>>1) ^ -int64(zz&1))
		if k >= decimalMaxInt || k <= -decimalMaxInt {
			return nil, errDecimal
		}
		prev = k
		binary.LittleEndian.PutUint64(at, math.Float64bits(float64(k)/scale))
	}
	tail := out[phase+8*n:]
	if len(t) != len(tail) {
		return nil, errDecimal
	}
	copy(tail, t)
	return out, nil
}
