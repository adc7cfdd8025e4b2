package interp

import (
	"context"
	mathrand "math/rand"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gokernel/gokernel/lineage"
)

// Cells draw from math/rand and math/rand/v2 what the execution's seed decides: the
// same numbers for the same seed, in any session, others for another seed.
func TestSeededRandom(t *testing.T) {
	draw := func(seed uint64, code string) string {
		t.Helper()
		s, _ := newTestSession(t)
		s.Reseed(seed)
		res, err := s.Execute(context.Background(), code)
		if err != nil {
			t.Fatalf("%q: %v", code, err)
		}
		return formatValues(res.Values)
	}
	cells := []string{
		"import \"math/rand\"\n[]int{rand.Intn(1000000), rand.Int(), int(rand.Int63n(99))}",
		"import \"math/rand\"\nx := []int{1, 2, 3, 4, 5, 6, 7, 8}\nrand.Shuffle(len(x), func(i, j int) { x[i], x[j] = x[j], x[i] })\n[]any{x, rand.Perm(5), rand.Float64(), rand.NormFloat64()}",
		"import \"math/rand/v2\"\n[]any{rand.IntN(1000000), rand.Uint64(), rand.Float64(), rand.Perm(6)}",
		"import \"math/rand/v2\"\nx := []string{\"a\", \"b\", \"c\", \"d\", \"e\"}\nrand.Shuffle(len(x), func(i, j int) { x[i], x[j] = x[j], x[i] })\nx",
	}
	for _, code := range cells {
		a, b, c := draw(42, code), draw(42, code), draw(43, code)
		if a != b {
			t.Errorf("%q: seed 42 drew %s, then %s", code, a, b)
		}
		if a == c {
			t.Errorf("%q: seeds 42 and 43 both drew %s", code, a)
		}
	}
	// math/rand's functions are its own seeded source's, so a program that called
	// rand.Seed(42) before Go 1.24 draws in a cell what it drew then.
	want := mathrand.New(mathrand.NewSource(42)).Intn(1000000)
	if got := draw(42, "import \"math/rand\"\nrand.Intn(1000000)"); got != strconv.Itoa(want) {
		t.Errorf("rand.Intn with seed 42 = %s, want %d", got, want)
	}
	// rand.Seed reseeds the cell's source.
	if got := draw(7, "import \"math/rand\"\nrand.Seed(42)\nrand.Intn(1000000)"); got != strconv.Itoa(want) {
		t.Errorf("rand.Intn after rand.Seed(42) = %s, want %d", got, want)
	}
	// A generator of the cell's own is left alone: it draws what the cell seeds it with.
	want = mathrand.New(mathrand.NewSource(5)).Intn(1000)
	if got := draw(1, "import \"math/rand\"\nrand.New(rand.NewSource(5)).Intn(1000)"); got != strconv.Itoa(want) {
		t.Errorf("rand.New(rand.NewSource(5)).Intn = %s, want %d", got, want)
	}
}

// The files a cell reads are its inputs, with the hashes of their content; files it
// writes are not.
func TestInputsRecorded(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "plays.csv")
	textPath := filepath.Join(dir, "notes.txt")
	outPath := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(csvPath, []byte("user,item,count\n1,2,3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(textPath, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, _ := newTestSession(t)
	s.Reseed(0)
	code := `import ("encoding/csv"; "os")
f, err := os.Open(` + strconv.Quote(csvPath) + `)
if err != nil { panic(err) }
rows, err := csv.NewReader(f).ReadAll()
f.Close()
text, _ := os.ReadFile(` + strconv.Quote(textPath) + `)
os.WriteFile(` + strconv.Quote(outPath) + `, text, 0o600)
g, _ := os.OpenFile(` + strconv.Quote(outPath) + `, os.O_WRONLY|os.O_APPEND, 0)
g.Close()
len(rows)`
	if _, err := s.Execute(context.Background(), code); err != nil {
		t.Fatal(err)
	}
	got := s.Inputs()
	if len(got) != 2 {
		t.Fatalf("inputs %v, want the csv and text files", got)
	}
	for _, p := range []string{csvPath, textPath} {
		want, err := lineage.HashFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if got[p] != want {
			t.Errorf("input %s: hash %q, want %q", p, got[p], want)
		}
	}
	// The next execution starts with no inputs.
	s.Reseed(0)
	if _, err := s.Execute(context.Background(), "1 + 1"); err != nil {
		t.Fatal(err)
	}
	if got := s.Inputs(); got != nil {
		t.Errorf("inputs of a cell reading nothing: %v", got)
	}
}
