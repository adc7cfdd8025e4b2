package snapshot

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// decimalPrices returns n prices in cents as a random walk, some repeated:
// what the transform is for.
func decimalPrices(r *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	p := 100.0
	for i := range s {
		if r.Float64() >= 0.3 {
			p = max(0.01, p+r.NormFloat64()*0.05)
		}
		s[i] = math.Round(p*100) / 100
	}
	return s
}

func float64Bytes(xs []float64) []byte {
	b := make([]byte, 0, 8*len(xs))
	for _, x := range xs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

func TestDecimalRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	prices := float64Bytes(decimalPrices(r, 20_000))
	// Values the transform must keep as they are: more places than the
	// block's, -0, NaN (with a payload), ±Inf, huge and tiny numbers.
	awkward := decimalPrices(r, 20_000)
	for i := 0; i < len(awkward); i += 97 {
		awkward[i] = []float64{math.Copysign(0, -1), math.NaN(), math.Float64frombits(0x7ff8_0000_dead_beef),
			math.Inf(1), math.Inf(-1), 1e300, 5e-324, math.Pi, 1.0 / 3, 123456789.123456789}[i%10]
	}
	integers := make([]float64, 10_000)
	for i := range integers {
		integers[i] = float64(r.IntN(1000) - 500)
	}
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	text := bytes.Repeat([]byte("the quick brown fox jumps over the lazy dog "), 2000)

	cases := []struct {
		name string
		data []byte
		want bool // the transform applies
	}{
		{"prices", prices, true},
		{"awkward values", float64Bytes(awkward), true},
		{"integers", float64Bytes(integers), true},
		{"zeros", make([]byte, 64<<10), true},
		{"random bytes", random, false},
		{"text", text, false},
		{"too small", prices[:decimalMinSize-1], false},
	}
	// Every phase: a chunk of an encoded slice starts anywhere in a number,
	// and ends anywhere too.
	for phase := range 8 {
		for _, cut := range []int{0, 3} {
			data := append(bytes.Repeat([]byte{0xab}, phase), prices[:len(prices)-cut]...)
			cases = append(cases, struct {
				name string
				data []byte
				want bool
			}{"prices at phase " + string(rune('0'+phase)) + " cut " + string(rune('0'+cut)), data, true})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, ok := appendDecimal(nil, c.data)
			if ok != c.want {
				t.Fatalf("transform applies: %v, want %v", ok, c.want)
			}
			if !ok {
				if len(tr) != 0 {
					t.Fatalf("refused, but appended %d bytes", len(tr))
				}
				return
			}
			got, err := decodeDecimal(nil, tr, len(c.data))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, c.data) {
				t.Fatal("decoded bytes differ from the original")
			}
			// Into a buffer of the right size, as chunked reads do.
			dst := make([]byte, 0, len(c.data))
			got, err = decodeDecimal(dst, tr, len(c.data))
			if err != nil || !bytes.Equal(got, c.data) || &got[0] != &dst[:1][0] {
				t.Fatalf("decoding into dst: err %v, equal %v, in dst %v", err, bytes.Equal(got, c.data), &got[0] == &dst[:1][0])
			}
		})
	}
}

// The point of the transform: prices take less than half of what zstd
// makes of their bits.
func TestDecimalObjectsAreSmaller(t *testing.T) {
	data := float64Bytes(decimalPrices(rand.New(rand.NewPCG(8, 8)), 64<<10))[5:] // a chunk starting mid-number
	file := *encodeObject(new([]byte), data)
	if file[5] != compressionDecimal {
		t.Fatalf("compression %d, want the decimal transform (%d)", file[5], compressionDecimal)
	}
	plain := zstdEncoder().EncodeAll(data, nil)
	if 2*len(file) > len(plain) {
		t.Errorf("decimal object is %d bytes, zstd alone %d: want under half", len(file), len(plain))
	}
	got, err := decodeObject(ObjectID(data), file, nil)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("round trip: err %v, equal %v", err, bytes.Equal(got, data))
	}
}

func TestDecimalObjectsThroughTheStore(t *testing.T) {
	st, err := OpenObjects(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data := float64Bytes(decimalPrices(rand.New(rand.NewPCG(9, 9)), 3<<17)) // 3 MiB: several chunks
	ref, err := st.PutStream(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.ReadAll(ref)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("round trip: err %v, equal %v", err, bytes.Equal(got, data))
	}
	// A flipped byte in a stored chunk is an error, never wrong numbers.
	damaged := 0
	err = st.Walk(func(id ID, _ int64) error {
		file, err := os.ReadFile(st.Path(id))
		if err != nil || file[5] != compressionDecimal {
			return err
		}
		file[len(file)/2] ^= 0x10
		damaged++
		return os.WriteFile(st.Path(id), file, 0o600)
	})
	if err != nil || damaged == 0 {
		t.Fatalf("damaging decimal objects: %v (%d damaged)", err, damaged)
	}
	if _, err := st.ReadAll(ref); err == nil {
		t.Fatal("a damaged decimal object read without error")
	}
}

// FuzzDecodeDecimal feeds arbitrary transforms to the decoder: errors, never
// a panic or a result of the wrong length.
func FuzzDecodeDecimal(f *testing.F) {
	data := float64Bytes(decimalPrices(rand.New(rand.NewPCG(10, 10)), 1024))[3:]
	tr, ok := appendDecimal(nil, data)
	if !ok {
		f.Fatal("the seed is not decimal")
	}
	f.Add(tr, len(data))
	f.Add(tr[:len(tr)/2], len(data))
	f.Add([]byte{0, 2, 1, 0xff, 0xff}, 16)
	f.Add([]byte{7, 15}, 7)
	f.Fuzz(func(t *testing.T, tr []byte, length int) {
		if length < 0 || length > 1<<20 {
			return
		}
		got, err := decodeDecimal(nil, tr, length)
		if err == nil && len(got) != length {
			t.Fatalf("decoded %d bytes, want %d", len(got), length)
		}
	})
}
