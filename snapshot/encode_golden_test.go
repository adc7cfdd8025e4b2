package snapshot

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The encoding is content-addressed: stores written by one version of the
// walk must match what the next one writes. goldenValues are values of the
// shapes whose walk has fast paths (maps above all: their keys are sorted by
// encoding, ties broken by the values' encodings), and goldenSums the SHA-256
// of Encode's output for each, recorded with the walk as it was before those
// fast paths. A sum changes only with formatVersion; a value added here gets
// the sum that the walk before the change to be checked writes for it.

type goldenSong struct {
	Title     string
	Year      int
	Plays     int
	Rating    float64
	Embedding []float32
}

type goldenKey struct {
	A int16
	B string
	c float32
}

type goldenHidden struct {
	name  string
	n     int32
	_     int64
	ok    bool
	list  []int
	inner *goldenHidden
}

type goldenPtrKey struct{ X int }

// goldenSongs returns n songs as bench/snapshot's workload (b) makes them:
// random 22-character base-62 keys, short titles, three numbers and 32
// float32s.
func goldenSongs(seed uint64, n int) map[string]goldenSong {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	r := rand.New(rand.NewPCG(seed, 1))
	m := make(map[string]goldenSong, n)
	id := make([]byte, 22)
	for len(m) < n {
		for i := range id {
			id[i] = alphabet[r.IntN(len(alphabet))]
		}
		emb := make([]float32, 32)
		for i := range emb {
			emb[i] = float32(r.NormFloat64())
		}
		m[string(id)] = goldenSong{
			Title:     fmt.Sprintf("song %d", r.IntN(1000)),
			Year:      1960 + r.IntN(65),
			Plays:     r.IntN(1 << 20),
			Rating:    float64(r.IntN(50)) / 10,
			Embedding: emb,
		}
	}
	return m
}

// goldenValues returns the values whose encodings are pinned, by name. They
// are built anew on each call, at new addresses, in new map orders.
func goldenValues() map[string]any {
	r := rand.New(rand.NewPCG(7, 7))

	// Strings whose lengths straddle the varint boundaries, so that keys of
	// different lengths order by their length's encoding, not its value.
	lengths := map[string]int{}
	for _, n := range []int{0, 1, 2, 5, 22, 126, 127, 128, 129, 200, 255, 256, 257, 300, 16383, 16384, 16385} {
		for j := range 3 {
			lengths[strings.Repeat(string(rune('a'+j)), n)+fmt.Sprint(j)[:min(n, 1)]] = n*10 + j
		}
	}

	ints := map[int]string{}
	for _, k := range []int{0, 1, -1, 255, 256, -256, math.MaxInt64, math.MinInt64, 1 << 32, -(1 << 32), 42} {
		ints[k] = fmt.Sprint(k)
	}
	for range 1000 {
		k := int(r.Uint64())
		ints[k] = fmt.Sprint(k)
	}

	floats := map[float64]string{math.Inf(1): "+inf", math.Inf(-1): "-inf", 0: "zero", math.SmallestNonzeroFloat64: "tiny", -1.5: "neg", 1e300: "big"}
	nans := map[float64]int{math.NaN(): 3, math.NaN(): 1, math.NaN(): 2, math.Float64frombits(0x7ff8000000000001): 9, 1: 4, -0.5: 5}
	float32s := map[float32][]int{float32(math.NaN()): {1}, float32(math.NaN()): {2, 3}, float32(math.NaN()): nil, 2.5: {}, -2.5: {4}}

	p1, p2, p3 := &goldenPtrKey{1}, &goldenPtrKey{1}, &goldenPtrKey{2}
	ptrKeys := map[*goldenPtrKey]string{p1: "a", p2: "b", p3: "c"}
	// Keys that the values point to: keys are walked again in place, so the
	// references they share with the rest of the value are kept.
	ptrShared := map[*goldenPtrKey]*goldenPtrKey{p1: p2, p2: p1, p3: p3}

	shared := []float32{1, 2, 3, 4, 5, 6, 7, 8}
	slices := map[string][]float32{"all": shared, "head": shared[:2], "tail": shared[5:], "mid": shared[2:4:6], "copy": {1, 2, 3}, "nil": nil, "empty": {}}

	inner := map[string]int{"x": 1, "y": 2}
	nested := map[string]map[string]int{"a": inner, "b": inner, "c": {"z": 3}, "d": nil, "e": {}}
	cyclic := map[string]any{"n": 1}
	cyclic["self"] = cyclic

	items := make([]goldenSong, 5)
	for i := range items {
		items[i] = goldenSong{Title: fmt.Sprint("item ", i), Year: i, Embedding: []float32{float32(i)}}
	}
	byTitle := map[string]*goldenSong{}
	for i := range items {
		byTitle[items[i].Title] = &items[i]
	}
	type library struct {
		Items   []goldenSong
		ByTitle map[string]*goldenSong
	}

	structKeys := map[goldenKey]int{{1, "a", 0.5}: 1, {1, "", 0.5}: 2, {-1, "a", 0.5}: 3, {1, "a", float32(math.NaN())}: 4, {1, "a", float32(math.NaN())}: 5}
	arrayKeys := map[[3]uint8]bool{{1, 2, 3}: true, {3, 2, 1}: false, {0, 0, 0}: true, {255, 0, 1}: true}
	boolKeys := map[bool]string{true: "t", false: "f"}
	type kelvin float64
	namedKeys := map[kelvin]kelvin{1: 2, 3: 4, -5: 6}
	smallInts := map[int8]uint16{-128: 1, -1: 2, 0: 3, 1: 4, 127: 5}
	uints := map[uint32]int32{0: 0, 1: -1, 1 << 31: 5, math.MaxUint32: 7, 256: 8, 65536: 9}
	complexes := map[complex128]string{complex(1, 2): "a", complex(2, 1): "b", complex(math.NaN(), 0): "c", complex(math.NaN(), 0): "d"}
	anyKeys := map[any]string{1: "int", int8(1): "int8", "1": "string", 1.0: "float", goldenPtrKey{1}: "struct", p1: "pointer", nil: "nil", true: "bool", [2]int{1, 2}: "array", math.NaN(): "nan1", math.NaN(): "nan2"}
	when := time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC)
	timeKeys := map[time.Time]string{when: "utc", when.In(time.FixedZone("X", 3600)): "x", when.Add(time.Second): "later"}
	emptyValues := map[string]struct{}{"a": {}, "b": {}, "": {}}
	anyValues := map[string]any{"i": 1, "s": "s", "f": []float64{1, 2}, "m": map[int]int{1: 2}, "p": p1, "nil": nil, "song": items[0]}
	hidden := map[string]goldenHidden{
		"one": {name: "one", n: 1, ok: true, list: []int{1, 2}},
		"two": {name: "two", n: 2, inner: &goldenHidden{name: "in", list: []int{}}},
	}
	structValues := map[int]goldenKey{3: {1, "x", 2}, 1: {2, "y", 3}, 2: {3, "z", float32(math.Inf(-1))}}

	return map[string]any{
		"songs 3000":          goldenSongs(1, 3000),
		"songs 1":             goldenSongs(2, 1),
		"songs empty":         map[string]goldenSong{},
		"songs nil":           map[string]goldenSong(nil),
		"songs pointer":       ptrTo(goldenSongs(3, 50)),
		"songs in struct":     struct{ A, B map[string]goldenSong }{goldenSongs(4, 20), goldenSongs(4, 20)},
		"songs shared":        func() any { m := goldenSongs(5, 20); return []map[string]goldenSong{m, m} }(),
		"string lengths":      lengths,
		"ints":                ints,
		"floats":              floats,
		"nans":                nans,
		"float32 nans":        float32s,
		"pointer keys":        ptrKeys,
		"pointer keys shared": ptrShared,
		"slices":              slices,
		"slices and parent": struct {
			M map[string][]float32
			S []float32
		}{slices, shared},
		"nested maps": nested,
		"cyclic map":  cyclic,
		"library":     library{items, byTitle},
		"library index first": struct {
			ByTitle map[string]*goldenSong
			Items   []goldenSong
		}{byTitle, items},
		"struct keys":            structKeys,
		"array keys":             arrayKeys,
		"bool keys":              boolKeys,
		"named keys":             namedKeys,
		"small ints":             smallInts,
		"uints":                  uints,
		"complex keys":           complexes,
		"interface keys":         anyKeys,
		"time keys":              timeKeys,
		"empty values":           emptyValues,
		"interface values":       anyValues,
		"unexported fields":      hidden,
		"struct values":          structValues,
		"map of map values":      map[[2]string]map[int]float64{{"a", "b"}: {1: 1}, {"a", ""}: {2: 2}, {"", "b"}: nil},
		"string to int":          map[string]int{"b": 1, "a": 2, "ab": 3, "ba": 4, "": 5, "\xff": 6, "\x00": 7},
		"string to string big":   bigStringMap(r, 5000),
		"int to struct big":      bigIntMap(r, 5000),
		"interface holding map":  []any{goldenSongs(6, 10), map[string]int{"q": 1}},
		"songs 5000":             goldenSongs(9, 5000),
		"shared prefixes":        sharedPrefixes(10000),
		"long keys big":          longKeys(r, 6000),
		"nans big":               nansBig(5000),
		"pairs big":              pairsBig(r, 5000),
		"pointer to map element": func() any { m := goldenSongs(8, 3); s := []*map[string]goldenSong{&m, &m}; return s }(),
	}
}

func ptrTo[T any](x T) *T { return &x }

func bigStringMap(r *rand.Rand, n int) map[string]string {
	m := make(map[string]string, n)
	for range n {
		k := fmt.Sprintf("%x", r.Uint64()>>(r.IntN(64)))
		m[k] = strings.Repeat("v", r.IntN(200))
	}
	return m
}

func bigIntMap(r *rand.Rand, n int) map[int64]goldenKey {
	m := make(map[int64]goldenKey, n)
	for range n {
		m[int64(r.Uint64())>>r.IntN(64)] = goldenKey{int16(r.Uint32()), fmt.Sprint(r.IntN(100)), r.Float32()}
	}
	return m
}

// sharedPrefixes returns n keys that agree in their first bytes, and
// values that point into one array.
func sharedPrefixes(n int) map[string]*int {
	values := make([]int, n)
	m := make(map[string]*int, n)
	for i := range n {
		values[i] = i
		m[fmt.Sprintf("key-%08d", i)] = &values[i]
	}
	return m
}

// longKeys returns keys of lengths around 128, where their length's
// uvarint takes a second byte.
func longKeys(r *rand.Rand, n int) map[string][]byte {
	m := make(map[string][]byte, n)
	for len(m) < n {
		k := make([]byte, 120+r.IntN(20))
		for i := range k {
			k[i] = byte('a' + r.IntN(3))
		}
		m[string(k)] = k[:r.IntN(len(k))]
	}
	return m
}

// nansBig returns a map of float keys with several NaNs, whose entries are
// ordered by their values.
func nansBig(n int) map[float64]string {
	m := make(map[float64]string, n)
	for i := range n {
		k := float64(i) - float64(n)/2
		if i%1000 == 0 {
			k = math.NaN()
		}
		m[k] = fmt.Sprint(n - i)
	}
	return m
}

// pairsBig returns a map keyed by arrays of two ints, many of them equal
// in their first.
func pairsBig(r *rand.Rand, n int) map[[2]int]int {
	m := make(map[[2]int]int, n)
	for len(m) < n {
		m[[2]int{r.IntN(10), int(r.Uint64())}] = r.IntN(100)
	}
	return m
}

// goldenSums are the SHA-256 of Encode's output for goldenValues.
var goldenSums = map[string]string{
	"long keys big":          "829f3752ed9e77529cf11aaa042f85079cee23e68d0a3dcdeb427db8850d0540",
	"nans big":               "740ef88f9a65739047371248425b9efd67faed81eeaec8ce865dca48e5c517c1",
	"pairs big":              "76b677d893fd244ede6d189141fcc2b45eefa077bbabf401d0d88e51cefe1dc3",
	"shared prefixes":        "516657f9e6f6527537134e098e912af36ee049047045d7889a19fa159bbdc76d",
	"songs 5000":             "8d3f6f41cfa59a4deba53ca7d1ae0a87e635b229c1040578c5ccb1d1ea5d347f",
	"array keys":             "78e5b59c8ed26cb39178af8c99c491eb9f5bac15926048acc26fc9f7a6f794da",
	"bool keys":              "b540375881f658dbaf807571c3d4d7f6db1d02f502d5ecd25d5a1d569eb6445a",
	"complex keys":           "3134e1a48146e7d5d1e76391e9ce7970a68a238467a7274e70e0d38ce0fd42d4",
	"cyclic map":             "12bcf968f6a904d11b20efbd2bed9e9091151c3c84ccdf679e5f6140a59a140f",
	"empty values":           "dbd7e763c628031295bd92ce821948d6a89bcc577581148b42f00e49a0c28496",
	"float32 nans":           "f9e83a6709fa92d8e67ea077f3878ccea0154365353d3476e1f54509348dcd9e",
	"floats":                 "8b3e6b20839871b76e7d44e6a1d2aae0d8ff4cd4535a4719345c2b2a51366830",
	"int to struct big":      "f47c1362fa867e94cc5911fb671f57588a672839ee055313caf8d498ecf435d6",
	"interface holding map":  "25cce1f1fd0dacdd190c3fb7697f4d921ff78d3c08041388f068f30ab90a8a40",
	"interface keys":         "2624d07216878869da02ce6019d2ccc196a7c22c81e3a5561beb04a12e737ff3",
	"interface values":       "4ab7577f5cd45740cf192a9508fa2bf489d85f4bd81904d1a4b7d9c4483bd493",
	"ints":                   "2ea412865175db9965c10f0124212f8a2f08b473f3740ab89513d9b3b15e5b19",
	"library":                "eeac5be2dd494558f3e32029110566d3bebc600061d03c61e23a16bfa6b1e9e4",
	"library index first":    "b44dfcd78d29b8edda057758c0cde6b0d0fb523129eb4cea8552f14ebc02ab17",
	"map of map values":      "8c547ffb72caedfb18e95216358d3556d6ed832a602b57d7cc102316c941e6fd",
	"named keys":             "4234af68119f2ab25ddf69258d097d2df2b7ef939cb68c693de4037d338ae95c",
	"nans":                   "917f5108e7c83d89d68ddcf08573e219df0c78455290f8bedd866e64eb923f41",
	"nested maps":            "4c24479cca505e2090acf866884a582ec06b231aa8812b1478315e011caa5173",
	"pointer keys":           "91639a33f853374403391863eac70424479979db2fbb5b7e878c446011d84b6c",
	"pointer keys shared":    "fa75b9c0a91607e951f610f3ec4a3daa4eb2c50407f690884b59435bb628050b",
	"pointer to map element": "99a4be2fe94ee2361a676b74a09eeaea2bbc4de2320bad01098b95d45974701a",
	"slices":                 "8f6b616dbdf2fd5deea7b8086ae8718971258758242e3f6c927435aec19888df",
	"slices and parent":      "46e2413a89e511df3094f5db45358f7af5e55db799a26da8ae04b2465aed195e",
	"small ints":             "caf710e8a7b66b0aad4bd30cd48428f0f1c76485f61f5d73be781e848eaac73d",
	"songs 1":                "47f333b4d7014526eebc6afc09cdcc77b624273620c42904b3680dbde6ab31f9",
	"songs 3000":             "6cd4924e36b8179253f7223e3e4c3b2df17afdeb5bcbe6275094032ba06af9e8",
	"songs empty":            "86fa14dd0744710a90eef06ee03dd1f9961a2550aac24bc70319cdfdcfa593b4",
	"songs in struct":        "0ef0eba72e55cc3371fc3e8b8d66f04df8fece3e61d8244d9af56b2d16999b1e",
	"songs nil":              "0cb70dbaf3a545d54fb3ca9f1a77bbaf227744053f9e4d9b64da84c52952d6da",
	"songs pointer":          "c1c48581db5c9426e5dc53abdd6756f6d750b5f0943aa68a0dd36ae4ee7817ef",
	"songs shared":           "a94827f633684c1f66aa177fb93510fe977021058c6b2238ab49ad3e4e3d2d80",
	"string lengths":         "247fcf2f3222de92ba55026edac3fd585d8326ef4ae3f3ad983ab1f6318f077f",
	"string to int":          "c157c4f5064ae850a94eeff13a764739f44c092959ee3a4329893a2fed86bbae",
	"string to string big":   "86fc18dc1c753126b7e31fe7c88c90a3d895dc385c3e4bb821eeb81faf81e365",
	"struct keys":            "c5ed452b30024a1bd34981a5395c2f6a2eb86bf078e46dde5407cd4b7995eef0",
	"struct values":          "941a80097cffbdf3b283f56682abde4141b458b943d484bc1f71f743d68f402e",
	"time keys":              "68085b2c581cae591a994e4e2b737ff541fee4e6765590626c9bf5c55b8fe912",
	"uints":                  "9470f7726eb6e49c31d6abbf9e7f3faca6b095776fdb688add2060d2d7ab3c3e",
	"unexported fields":      "802441e3cb5c03ff22cdacda18f36ad9d738cc61d5bc247d688dea908f969542",
}

// goldenErrors are values the walk refuses, with the error it gives: where
// in a map the bad value lies is part of the message.
func goldenErrors() map[string]any {
	ch := make(chan int)
	return map[string]any{
		"func in song map": map[string]struct {
			S goldenSong
			F func()
		}{"b": {}, "a": {F: func() {}}},
		"chan value":   map[int]chan int{2: nil, 1: ch},
		"uintptr key":  map[uintptr]int{1: 1},
		"deep in key":  map[[1]any]int{{uintptr(5)}: 1},
		"key of value": map[string]map[goldenKey]any{"x": {{B: "k"}: []any{ch}}},
	}
}

var goldenErrorTexts = map[string]string{
	"func in song map": `snapshot: cannot walk ["a"].F (func()): a func is code and captured variables, not data`,
	"chan value":       `snapshot: cannot walk [1] (chan int): a channel's contents belong to the goroutines using it`,
	"uintptr key":      `snapshot: cannot walk [0x1] (uintptr): a uintptr may hold an address, meaningless elsewhere`,
	"deep in key":      `snapshot: cannot walk [[1]interface {}{0x5}][0] (uintptr): a uintptr may hold an address, meaningless elsewhere`,
	"key of value":     `snapshot: cannot walk ["x"][snapshot.goldenKey{A:0, B:"k", c:0}][0] (chan int): a channel's contents belong to the goroutines using it`,
}

// plainWriter hides bytes.Buffer's Truncate, so that Encode finds the
// regions of memory first instead of walking hopefully.
type plainWriter struct{ buf bytes.Buffer }

func (w *plainWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }

func TestEncodeGolden(t *testing.T) {
	for name, x := range goldenValues() {
		t.Run(name, func(t *testing.T) {
			v := reflect.ValueOf(x)
			var hopeful bytes.Buffer
			if err := Encode(&hopeful, v); err != nil {
				t.Fatal(err)
			}
			var found plainWriter
			if err := Encode(&found, v); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(hopeful.Bytes(), found.buf.Bytes()) {
				t.Error("Encode writes differently when it finds the regions first")
			}
			got := sha256.Sum256(hopeful.Bytes())
			if want, ok := goldenSums[name]; !ok || hex.EncodeToString(got[:]) != want {
				t.Errorf("sha256 %x, want %s", got, want)
			}
		})
	}
	for name, x := range goldenErrors() {
		t.Run(name, func(t *testing.T) {
			err := Encode(new(bytes.Buffer), reflect.ValueOf(x))
			var ue *UnhashableError
			if !errors.As(err, &ue) {
				t.Fatalf("got %v, want an *UnhashableError", err)
			}
			if want, ok := goldenErrorTexts[name]; !ok || err.Error() != want {
				t.Errorf("got %q, want %q", err.Error(), want)
			}
		})
	}
}
