package snapshot

import (
	"bytes"
	"errors"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/zeebo/xxh3"
)

// Values whose pointers and slices share memory in all the ways the regions
// of the encoding keep, round-tripped, then written through one view and
// read through another.

type shareSong struct {
	Title string
	Plays int
}

type shareNode struct {
	Val  int
	Next *shareNode
}

type shareGrid struct {
	Name  string
	Cells [4]int
}

type shareCelsius float64

// shareHidden keeps its sharing in unexported fields.
type shareHidden struct {
	items []int
	first *int
	last  *int
}

type intViews struct{ A, B []int }

func tenInts() []int {
	xs := make([]int, 10)
	for i := range xs {
		xs[i] = i
	}
	return xs
}

func TestRoundTripSubSlices(t *testing.T) {
	tests := []struct {
		name  string
		value func() intViews
		// check writes through one view of the decoded value and reads
		// through the other.
		check func(t *testing.T, got intViews)
	}{
		{"prefix",
			func() intViews { xs := tenInts(); return intViews{xs, xs[:2]} },
			func(t *testing.T, got intViews) {
				got.B[0] = 100
				expect(t, got.A[0] == 100 && cap(got.B) == 10, "A[0] = %d, cap(B) = %d", got.A[0], cap(got.B))
			}},
		{"suffix",
			func() intViews { xs := tenInts(); return intViews{xs, xs[5:]} },
			func(t *testing.T, got intViews) {
				got.B[0] = 100
				expect(t, got.A[5] == 100 && len(got.B) == 5 && cap(got.B) == 5, "A[5] = %d, B %v", got.A[5], got.B)
			}},
		{"middle",
			func() intViews { xs := tenInts(); return intViews{xs, xs[3:7]} },
			func(t *testing.T, got intViews) {
				got.A[4] = 100
				expect(t, got.B[1] == 100, "B[1] = %d", got.B[1])
			}},
		{"three-index",
			func() intViews { xs := tenInts(); return intViews{xs, xs[3:7:9]} },
			func(t *testing.T, got intViews) {
				expect(t, len(got.B) == 4 && cap(got.B) == 6, "len %d, cap %d", len(got.B), cap(got.B))
				b := append(got.B, 99)
				expect(t, got.A[7] == 99 && &b[0] == &got.A[3], "append within capacity: A[7] = %d", got.A[7])
				b = append(b, 98, 97) // beyond the capacity: a new array
				b[0] = -1
				expect(t, got.A[3] == 3 && got.A[9] == 9, "append beyond capacity wrote into the array: %v", got.A)
			}},
		{"wider view walked second",
			func() intViews { xs := tenInts(); return intViews{xs[2:8], xs[:4]} },
			func(t *testing.T, got intViews) {
				got.A[0] = 100
				expect(t, got.B[2] == 100 && cap(got.A) == 8 && cap(got.B) == 10, "B %v, caps %d %d", got.B, cap(got.A), cap(got.B))
			}},
		{"append within capacity",
			func() intViews {
				a := make([]int, 3, 10)
				a[0], a[1], a[2] = 1, 2, 3
				return intViews{a, a[:2]}
			},
			func(t *testing.T, got intViews) {
				b := append(got.B, 77)
				expect(t, got.A[2] == 77 && &b[2] == &got.A[2], "A = %v", got.A)
				a := append(got.A, 78) // into capacity neither length reached
				expect(t, got.B[:4][3] == 78 && &a[0] == &got.B[0], "B[:4] = %v", got.B[:4])
			}},
		{"windows with a gap",
			func() intViews { xs := tenInts(); return intViews{xs[0:2], xs[5:7]} },
			func(t *testing.T, got intViews) {
				all := got.A[:cap(got.A)]
				expect(t, all[3] == 3 && all[6] == 6 && all[9] == 0, "the array reads %v", all)
				all[5] = 55
				expect(t, got.B[0] == 55, "B[0] = %d", got.B[0])
			}},
		{"empty view with capacity",
			func() intViews { xs := tenInts(); return intViews{xs[:0], xs[2:4]} },
			func(t *testing.T, got intViews) {
				a := append(got.A, 1, 2, 3)
				expect(t, got.B[0] == 3 && cap(got.A) == 10 && &a[2] == &got.B[0], "B = %v", got.B)
			}},
		{"same slice twice",
			func() intViews { xs := tenInts(); return intViews{xs, xs} },
			func(t *testing.T, got intViews) {
				got.B[9] = 100
				expect(t, got.A[9] == 100, "A[9] = %d", got.A[9])
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := tt.value()
			got := roundTrip(t, x, nil)
			if !reflect.DeepEqual(got, x) {
				t.Fatalf("decoded %v, want %v", got, x)
			}
			tt.check(t, got)
		})
	}
}

func expect(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
}

func shareSongs(n int) []shareSong {
	s := make([]shareSong, n)
	for i := range s {
		s[i] = shareSong{Title: "song " + strconv.Itoa(i), Plays: i}
	}
	return s
}

// library holds a slice and a map of pointers into it, the slice first.
type library struct {
	Songs   []shareSong
	ByTitle map[string]*shareSong
}

// index holds them the other way round: the pointers are walked first.
type index struct {
	ByTitle map[string]*shareSong
	Songs   []shareSong
}

func TestRoundTripPointersIntoSlices(t *testing.T) {
	t.Run("map of pointers into a slice", func(t *testing.T) {
		songs := shareSongs(5)
		byTitle := map[string]*shareSong{}
		for i := range songs {
			byTitle[songs[i].Title] = &songs[i]
		}
		lib := roundTrip(t, library{songs, byTitle}, nil)
		lib.ByTitle["song 2"].Plays = 7
		expect(t, lib.Songs[2].Plays == 7, "through the map after the slice: Plays = %d", lib.Songs[2].Plays)
		ix := roundTrip(t, index{byTitle, songs}, nil)
		ix.Songs[3].Plays = 8
		expect(t, ix.ByTitle["song 3"].Plays == 8, "through the slice after the map: Plays = %d", ix.ByTitle["song 3"].Plays)
		for title, p := range ix.ByTitle {
			expect(t, p == &ix.Songs[p.Plays%5] || title == "song 3", "%s points elsewhere", title)
		}
	})
	t.Run("pointer to an element", func(t *testing.T) {
		pts := []codecPoint{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}}
		type before struct {
			P   *codecPoint
			Pts []codecPoint
		}
		got := roundTrip(t, before{&pts[3], pts}, nil)
		got.P.X = 30
		expect(t, got.Pts[3].X == 30, "Pts[3] = %v", got.Pts[3])
		type after struct {
			Pts []codecPoint
			P   *codecPoint
			Q   *codecPoint
		}
		// Q points before the slice's start, where the slice cannot
		// reach: no memory is shared, and Q is a value of its own.
		got2 := roundTrip(t, after{pts[1:], &pts[4], &pts[0]}, nil)
		got2.P.Y = 40
		expect(t, got2.Pts[3].Y == 40 && got2.Q.X == 0, "Pts = %v", got2.Pts)
	})
	t.Run("pointer to a field of an element", func(t *testing.T) {
		songs := shareSongs(4)
		type plays struct {
			Q     *int
			Songs []shareSong
		}
		got := roundTrip(t, plays{&songs[2].Plays, songs}, nil)
		*got.Q = 70
		expect(t, got.Songs[2].Plays == 70, "Songs[2] = %v", got.Songs[2])
	})
	t.Run("pointer to a field of a pointer's value", func(t *testing.T) {
		n := &shareNode{Val: 1}
		type field struct {
			F *int
			N *shareNode
		}
		got := roundTrip(t, field{&n.Val, n}, nil)
		*got.F = 5
		expect(t, got.N.Val == 5, "Val = %d", got.N.Val)
		got2 := roundTrip(t, struct {
			N *shareNode
			F *int
		}{n, &n.Val}, nil)
		expect(t, got2.F == &got2.N.Val, "the pointer to the field is not into the node")
	})
	t.Run("pointer to an array element inside a struct", func(t *testing.T) {
		g := &shareGrid{Name: "g", Cells: [4]int{1, 2, 3, 4}}
		type cells struct {
			P    *int
			Pair *[2]int
			Tail []int
			G    *shareGrid
		}
		got := roundTrip(t, cells{&g.Cells[2], (*[2]int)(g.Cells[1:3]), g.Cells[3:], g}, nil)
		*got.P = 30
		got.Pair[0] = 20
		got.Tail[0] = 40
		expect(t, got.G.Cells == [4]int{1, 20, 30, 40}, "Cells = %v", got.G.Cells)
		expect(t, cap(got.Tail) == 1, "cap(Tail) = %d", cap(got.Tail))
	})
	t.Run("array element of an array pointed to", func(t *testing.T) {
		arr := &[4]int{1, 2, 3, 4}
		type elems struct {
			P *int
			S []int
			A *[4]int
		}
		got := roundTrip(t, elems{&arr[1], arr[2:], arr}, nil)
		*got.P, got.S[1] = 20, 40
		expect(t, *got.A == [4]int{1, 20, 3, 40} && cap(got.S) == 2, "A = %v, cap(S) = %d", *got.A, cap(got.S))
	})
	t.Run("slice of an array converted to a pointer", func(t *testing.T) {
		xs := tenInts()
		type conv struct {
			P, Q *[3]int
			S    []int
		}
		got := roundTrip(t, conv{(*[3]int)(xs[1:4]), (*[3]int)(xs[3:6]), xs}, nil)
		got.P[2] = 30
		expect(t, got.Q[0] == 30 && got.S[3] == 30, "Q = %v, S = %v", *got.Q, got.S)
	})
	t.Run("pointer of a convertible type", func(t *testing.T) {
		fs := []float64{1, 2, 3}
		type conv struct {
			C *shareCelsius
			F []float64
		}
		got := roundTrip(t, conv{(*shareCelsius)(&fs[1]), fs}, nil)
		*got.C = 20
		expect(t, got.F[1] == 20, "F = %v", got.F)
	})
}

func TestRoundTripInteriorCycles(t *testing.T) {
	t.Run("ring in a slice", func(t *testing.T) {
		nodes := make([]shareNode, 3)
		for i := range nodes {
			nodes[i] = shareNode{Val: i, Next: &nodes[(i+1)%3]}
		}
		type ring struct {
			Mid   *shareNode // walked first: the region is the slice's array
			Nodes []shareNode
		}
		got := roundTrip(t, ring{nodes[1].Next, nodes}, nil)
		expect(t, got.Mid.Val == 2 && got.Mid.Next.Next.Next == got.Mid, "the ring is not closed")
		expect(t, got.Mid == &got.Nodes[2] && got.Mid.Next == &got.Nodes[0], "the ring is not the slice's array")
		// Pointers alone to adjacent elements share no memory they can
		// reach: each is a value of its own, and the ring still closes.
		alone := roundTrip(t, nodes[1].Next, nil)
		expect(t, alone.Next.Next.Next == alone, "the ring of pointers is not closed")
	})
	t.Run("struct pointing into itself", func(t *testing.T) {
		type loop struct {
			N    int
			P    *int
			Self *loop
		}
		l := &loop{N: 1}
		l.P, l.Self = &l.N, l
		got := roundTrip(t, l, nil)
		*got.P = 9
		expect(t, got.N == 9 && got.Self == got, "N = %d", got.N)
	})
	t.Run("slice holding a pointer into itself", func(t *testing.T) {
		xs := make([]any, 3)
		xs[0], xs[1], xs[2] = &xs[2], xs[1:], 5
		got := roundTrip(t, xs, nil)
		*got[0].(*any) = "x"
		expect(t, got[2] == "x" && &got[1].([]any)[1] == &got[2], "got %v", got)
	})
	t.Run("list through a slice's elements", func(t *testing.T) {
		// Deeper than the walk goes through separate pointers: each
		// element's pointer is a back-reference into the one region.
		nodes := make([]shareNode, 2*maxDepth)
		for i := range nodes[:len(nodes)-1] {
			nodes[i] = shareNode{Val: i, Next: &nodes[i+1]}
		}
		type list struct {
			Head  *shareNode
			Nodes []shareNode
		}
		got := roundTrip(t, list{&nodes[0], nodes}, nil)
		expect(t, got.Head.Next == &got.Nodes[1] && got.Nodes[len(nodes)-2].Next == &got.Nodes[len(nodes)-1], "not one array")
	})
}

// TestHashListBeforeItsSlice hashes pointers to a slice's elements, each to
// the next, walked before the slice: one pass nests as deep as the list
// goes, too deep, while with the regions found they are back-references
// into the slice's array.
func TestHashListBeforeItsSlice(t *testing.T) {
	nodes := make([]shareNode, 2*maxDepth)
	for i := range nodes[:len(nodes)-1] {
		nodes[i] = shareNode{Val: i, Next: &nodes[i+1]}
	}
	x := struct {
		Head  *shareNode
		Nodes []shareNode
	}{&nodes[0], nodes}
	var found bytes.Buffer
	if err := walk(structuralTestWriter{&found}, reflect.ValueOf(x), 0); err != nil {
		t.Fatal(err)
	}
	if h := mustHashValue(t, x); h != Sum(xxh3.Hash128(found.Bytes()).Bytes()) {
		t.Error("Hash differs from the hash of the encoding with regions found first")
	}
}

func TestRoundTripSharingCellTypes(t *testing.T) {
	song := reflect.StructOf([]reflect.StructField{
		{Name: "Title", Type: reflect.TypeFor[string]()},
		{Name: "plays", PkgPath: "main", Type: reflect.TypeFor[int]()},
	})
	root := reflect.StructOf([]reflect.StructField{
		{Name: "Plays", Type: reflect.TypeFor[*int]()},
		{Name: "Best", Type: reflect.PointerTo(song)},
		{Name: "Songs", Type: reflect.SliceOf(song)},
		{Name: "rest", PkgPath: "main", Type: reflect.SliceOf(song)},
	})
	songs := reflect.MakeSlice(reflect.SliceOf(song), 3, 3)
	for i := range 3 {
		songs.Index(i).Field(0).SetString("s" + strconv.Itoa(i))
		f := song.Field(1)
		*(*int)(unsafe.Add(songs.Index(i).Addr().UnsafePointer(), f.Offset)) = i
	}
	v := reflect.New(root).Elem()
	set := func(i int, x reflect.Value) {
		f := root.Field(i)
		reflect.NewAt(f.Type, unsafe.Add(v.Addr().UnsafePointer(), f.Offset)).Elem().Set(x)
	}
	plays := unsafe.Add(songs.Index(1).Addr().UnsafePointer(), song.Field(1).Offset)
	set(0, reflect.ValueOf((*int)(plays)))
	set(1, songs.Index(2).Addr())
	set(2, songs)
	set(3, songs.Slice(1, 3))

	enc := encodeForTest(t, v)
	got, err := Decode(bytes.NewReader(enc), root, NewTypeResolver(root))
	if err != nil {
		t.Fatal(err)
	}
	if again := encodeForTest(t, got); !bytes.Equal(again, enc) {
		t.Fatal("encodes differently after decoding")
	}
	field := func(i int) reflect.Value {
		f := root.Field(i)
		return reflect.NewAt(f.Type, unsafe.Add(got.Addr().UnsafePointer(), f.Offset)).Elem()
	}
	*(*int)(field(0).UnsafePointer()) = 10
	gotSongs, rest := field(2), field(3)
	readPlays := func(s reflect.Value, i int) int {
		return *(*int)(unsafe.Add(s.Index(i).Addr().UnsafePointer(), song.Field(1).Offset))
	}
	expect(t, readPlays(gotSongs, 1) == 10 && readPlays(rest, 0) == 10, "plays %d, %d", readPlays(gotSongs, 1), readPlays(rest, 0))
	expect(t, field(1).Pointer() == gotSongs.Index(2).Addr().Pointer(), "Best is not Songs[2]")
}

func TestRoundTripSharingUnexported(t *testing.T) {
	items := []int{1, 2, 3}
	got := roundTrip(t, &shareHidden{items: items, first: &items[0], last: &items[2]}, nil)
	*got.first, *got.last = 10, 30
	expect(t, got.items[0] == 10 && got.items[2] == 30, "items = %v", got.items)
}

// sharingValues returns values that share memory in each way regions keep,
// built anew on each call.
func sharingValues() map[string]any {
	xs := tenInts()
	songs := shareSongs(5)
	byTitle := map[string]*shareSong{}
	for i := len(songs) - 1; i >= 0; i-- {
		byTitle[songs[i].Title] = &songs[i]
	}
	g := &shareGrid{Cells: [4]int{1, 2, 3, 4}}
	nodes := make([]shareNode, 3)
	for i := range nodes {
		nodes[i] = shareNode{Val: i, Next: &nodes[(i+1)%3]}
	}
	return map[string]any{
		"sub-slices":         intViews{xs[2:8], xs[:4:5]},
		"windows":            intViews{xs[0:2], xs[5:7]},
		"index":              index{byTitle, songs},
		"grid":               []any{&g.Cells[1], g, g.Cells[2:]},
		"ring":               &nodes[1],
		"map of slice views": map[string][]int{"a": xs[:3], "b": xs[2:], "c": xs},
	}
}

func TestHashSharing(t *testing.T) {
	a, b := sharingValues(), sharingValues()
	for name, x := range a {
		t.Run(name, func(t *testing.T) {
			ha, hb := mustHashValue(t, x), mustHashValue(t, b[name])
			if ha != hb {
				t.Error("equal values with the same sharing hash differently")
			}
			// Hash walks once hoping for no overlap, then again with the
			// regions found: it must give the encoding of the walk that
			// finds them first, which Encode writes, whatever the writer.
			var found bytes.Buffer
			if err := walk(structuralTestWriter{&found}, reflect.ValueOf(x), 0); err != nil {
				t.Fatal(err)
			}
			if want := Sum(xxh3.Hash128(found.Bytes()).Bytes()); ha != want {
				t.Error("Hash differs from the hash of the encoding with regions found first")
			}
			var streamed bytes.Buffer
			if err := Encode(struct{ io.Writer }{&streamed}, reflect.ValueOf(x)); err != nil {
				t.Fatal(err)
			}
			var plain bytes.Buffer // the encoding, types by name, regions found first
			if err := walk(&plain, reflect.ValueOf(x), 0); err != nil {
				t.Fatal(err)
			}
			enc := encodeForTest(t, reflect.ValueOf(x)) // into a bytes.Buffer, walked hoping
			if !bytes.Equal(enc, streamed.Bytes()) || !bytes.Equal(enc[1:], plain.Bytes()) {
				t.Error("Encode writes differently into a bytes.Buffer and into another writer")
			}
		})
	}

	xs := tenInts()
	songs := shareSongs(3)
	copied := songs[1]
	for _, tt := range []struct {
		name string
		a, b any
	}{
		{"sub-slice and copy", intViews{xs, xs[:2]}, intViews{xs, []int{0, 1}}},
		{"sub-slice and copy with capacity", intViews{xs, xs[8:]}, intViews{xs, append(make([]int, 0, 2), 8, 9)}},
		{"capacity", xs[:5], append([]int(nil), xs[:5]...)},
		{"pointer into a slice and to a copy", struct {
			P *shareSong
			S []shareSong
		}{&songs[1], songs}, struct {
			P *shareSong
			S []shareSong
		}{&copied, songs}},
		{"pointer to another element", struct {
			P *shareSong
			S []shareSong
		}{&songs[1], songs}, struct {
			P *shareSong
			S []shareSong
		}{&songs[2], songs}},
		{"different windows", intViews{xs[0:2], xs[5:7]}, intViews{xs[0:2], xs[6:8]}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if mustHashValue(t, tt.a) == mustHashValue(t, tt.b) {
				t.Error("hashes equal")
			}
		})
	}
}

func TestHashSharingMapOrder(t *testing.T) {
	build := func(reverse bool) library {
		songs := shareSongs(50)
		byTitle := map[string]*shareSong{}
		for i := range songs {
			j := i
			if reverse {
				j = len(songs) - 1 - i
			}
			byTitle[songs[j].Title] = &songs[j]
		}
		return library{songs[10:], byTitle} // pointers before the slice's start too
	}
	first := mustHashValue(t, build(false))
	for range 20 {
		if mustHashValue(t, build(true)) != first {
			t.Fatal("the hash depends on the order the map was filled in")
		}
	}
}

func mustHashValue(t *testing.T, x any) Sum {
	t.Helper()
	s, err := HashValue(x)
	if err != nil {
		t.Fatalf("HashValue(%T): %v", x, err)
	}
	return s
}

func TestIncompatibleOverlap(t *testing.T) {
	fs := []float64{1, 2, 3, 4}
	xs := []int{1, 2, 3, 4}
	for _, tt := range []struct {
		name, path string
		value      any
	}{
		{"bytes into floats", ".P", struct {
			P *[4]byte
			F []float64
		}{(*[4]byte)(unsafe.Pointer(&fs[1])), fs}},
		{"struct across elements", ".F", struct {
			F []int
			P *struct{ A, B int }
		}{xs, (*struct{ A, B int })(unsafe.Pointer(&xs[1]))}},
		{"misaligned", "[0]", []any{(*int32)(unsafe.Add(unsafe.Pointer(&xs[0]), 4)), xs}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := reflect.ValueOf(tt.value)
			for what, err := range map[string]error{
				"Hash":      func() error { _, err := Hash(v, HashOptions{}); return err }(),
				"Encode":    Encode(&bytes.Buffer{}, v),
				"Encodable": Encodable(v),
			} {
				var ue *UnhashableError
				if !errors.As(err, &ue) || !strings.Contains(ue.Reason, "no one type lays that memory out") || ue.Path != tt.path {
					t.Errorf("%s: got %v, want an *UnhashableError at %s", what, err, tt.path)
				}
			}
		})
	}
}

func TestEncodeRefusesHugeCapacity(t *testing.T) {
	big := make([]byte, 0, 100<<20)
	if _, err := HashValue(big); err != nil {
		t.Errorf("Hash: %v", err)
	}
	var ue *UnhashableError
	if err := Encodable(reflect.ValueOf(big)); !errors.As(err, &ue) || !strings.Contains(ue.Reason, "beyond what their lengths reach") {
		t.Errorf("Encodable: %v", err)
	}
	got := roundTrip(t, make([]byte, 3, 10<<20), nil)
	expect(t, cap(got) == 10<<20, "cap %d", cap(got))
}

// TestDecodeCorruptRegions decodes views whose offsets, lengths and
// capacities do not fit their regions.
func TestDecodeCorruptRegions(t *testing.T) {
	type ints = struct {
		S []int64
		P *int64
		T []int64
	}
	type songs = struct {
		S []shareSong
		P *int
	}
	type plays = struct {
		P *int
		S []shareSong
	}
	intsHeader := append([]byte{formatVersion}, typeHeader(reflect.Struct, "struct { S []int64; P *int64; T []int64 }")...)
	songsHeader := append([]byte{formatVersion}, typeHeader(reflect.Struct, "struct { S []snapshot.shareSong; P *int }")...)
	playsHeader := append([]byte{formatVersion}, typeHeader(reflect.Struct, "struct { P *int; S []snapshot.shareSong }")...)
	songType := reflect.TypeFor[shareSong]()
	songOf := bytes.Join([][]byte{{tagRegionOf, byte(reflect.Struct), byte(len(songType.String()))}, []byte(songType.String()),
		{byte(len(songType.PkgPath()))}, []byte(songType.PkgPath())}, nil)
	four := make([]byte, 32)
	for i := range 4 {
		four[8*i] = byte(i + 1)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	u := func(x uint64) []byte { return binaryUvarint(x) }
	song := cat(u(1), []byte("a"), make([]byte, 8)) // Title "a", Plays 0
	tests := []struct {
		name string
		typ  reflect.Type
		data []byte
		want string // "" for a value that decodes
	}{
		{"valid", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagValue, 4, 4}, four, []byte{tagRef, 0, 8, tagRef, 0, 8, 3, 3}), ""},
		{"pointer past the end", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagValue, 4, 4}, four, []byte{tagRef, 0, 32}), "cannot point at byte 32"},
		{"pointer misaligned", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagValue, 4, 4}, four, []byte{tagRef, 0, 3}), "cannot point at byte 3"},
		{"huge offset", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagValue, 4, 4}, four, []byte{tagRef, 0}, u(math.MaxUint64)), "cannot point at byte 18446744073709551615"},
		{"pointer into capacity", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagValue, 1, 4}, four[:8], []byte{tagRef, 0, 16}), "1 of them content"},
		{"length past the content", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagValue, 4, 4}, four, []byte{tagNil, tagRef, 0, 8, 4, 4}), "length 4 and capacity 4 cannot start at byte 8"},
		{"capacity past the end", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagValue, 4, 4}, four, []byte{tagNil, tagRef, 0, 8, 1, 4}), "length 1 and capacity 4 cannot start at byte 8"},
		{"capacity below length", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagValue, 4, 4}, four, []byte{tagNil, tagRef, 0, 8, 2, 1}), "capacity 1 is less than length 2"},
		{"huge capacity", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagValue, 4, 4}, four, []byte{tagNil, tagRef, 0, 8, 1}, u(1<<62)), "capacity 4611686018427387904"},
		{"content past the region", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagRegion, 5, 4}), "has 5 of content"},
		{"no elements", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagRegion, 0, 0}), "a region of no int64"},
		{"region too large", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagRegion, 0}, u(1<<61)), "larger than any array"},
		{"region of nothing", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagRegionOf}, typeHeader(reflect.Struct, "struct {}")[1:], []byte{1, 1}), "take no memory"},
		{"region of an unknown type", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagRegionOf}, typeHeader(reflect.Struct, "main.T")[1:]), "unknown type main.T"},
		{"pointer into a region of another type", reflect.TypeFor[ints](), cat(intsHeader, []byte{tagNil, tagRegionOf}, typeHeader(reflect.Float64, "float64")[1:], []byte{1, 1, 0}, make([]byte, 8)), "a *int64 cannot point at byte 0 of a region of 1 float64"},
		{"valid field", reflect.TypeFor[songs](), cat(songsHeader, []byte{tagValue, 2, 2}, song, song, []byte{tagRef, 0, 16 + 24}), ""},
		{"pointer at a string", reflect.TypeFor[songs](), cat(songsHeader, []byte{tagValue, 2, 2}, song, song, []byte{tagRef, 0, 24}), "a *int cannot point at byte 24"},
		{"pointer into a string", reflect.TypeFor[songs](), cat(songsHeader, []byte{tagValue, 2, 2}, song, song, []byte{tagRef, 0, 8}), "a *int cannot point at byte 8"},
		{"valid typed region", reflect.TypeFor[plays](), cat(playsHeader, songOf, []byte{2, 3, 40}, song, song, []byte{tagRef, 0, 0, 2, 3}), ""},
		{"typed region misaligned", reflect.TypeFor[plays](), cat(playsHeader, songOf, []byte{2, 3, 41}, song, song), "a *int cannot point at byte 41 of a region of 3 snapshot.shareSong"},
		{"slice past the content of a typed region", reflect.TypeFor[plays](), cat(playsHeader, songOf, []byte{2, 3, 40}, song, song, []byte{tagRef, 0, 24, 2, 2}), "length 2 and capacity 2 cannot start at byte 24"},
		{"slice into a typed region misaligned", reflect.TypeFor[plays](), cat(playsHeader, songOf, []byte{2, 3, 40}, song, song, []byte{tagRef, 0, 16, 1, 1}), "cannot start at byte 16"},
		{"map referring to a region", reflect.TypeFor[map[string]int](), cat([]byte{formatVersion}, typeHeader(reflect.Map, "map[string]int"), []byte{tagRef, 0}), "reference 0 is not among the 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			types := NewTypeResolver(songType, reflect.TypeFor[struct{}]())
			_, err := Decode(bytes.NewReader(tt.data), tt.typ, types)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("a valid input: %v", err)
				}
				checkDecodeStable(t, tt.data, tt.typ, types)
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), tt.want) || errors.Is(err, errDecodePanicked) {
				t.Errorf("got %v, want a DecodeError with %q", err, tt.want)
			}
		})
	}
}

func binaryUvarint(x uint64) []byte {
	var b []byte
	for x >= 0x80 {
		b = append(b, byte(x)|0x80)
		x >>= 7
	}
	return append(b, byte(x))
}

// TestDecodeCorruptSharing changes each byte of encodings full of regions:
// decoding must fail with an error or give a value that encodes as it
// decoded, never panic.
func TestDecodeCorruptSharing(t *testing.T) {
	types := NewTypeResolver(reflect.TypeFor[shareGrid](), reflect.TypeFor[*shareGrid](), reflect.TypeFor[*int](),
		reflect.TypeFor[*shareNode](), reflect.TypeFor[[]int]())
	for name, x := range sharingValues() {
		t.Run(name, func(t *testing.T) {
			enc := encodeForTest(t, reflect.ValueOf(x))
			typ := reflect.TypeOf(x)
			if _, err := Decode(bytes.NewReader(enc), typ, types); err != nil {
				t.Fatal(err)
			}
			for i := range enc {
				for _, b := range []byte{enc[i] + 1, enc[i] - 1, enc[i] ^ 0x80, 0, 0xff} {
					corrupt := bytes.Clone(enc)
					corrupt[i] = b
					checkDecodeStable(t, corrupt, typ, types)
				}
			}
		})
	}
}
