package dataset

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/gokernel/gokernel/mllib/sparse"
)

func TestSyntheticDefaultIsMovieLens1MShape(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a million interactions")
	}
	s, err := GenerateSynthetic(SyntheticOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m := s.Matrix
	if m.Rows() != 6040 || m.Cols() != 3706 {
		t.Errorf("shape %dx%d", m.Rows(), m.Cols())
	}
	if nnz := m.NNZ(); nnz < 950000 || nnz > 1050000 {
		t.Errorf("%d interactions, want about 1.0M", nnz)
	}
	for u := 0; u < m.Rows(); u++ {
		if n := m.RowNNZ(u); n < 20 || n > 3706/2 {
			t.Fatalf("user %d has %d interactions", u, n)
		}
	}
}

func TestSyntheticIsPowerLawAndPlanted(t *testing.T) {
	s, err := GenerateSynthetic(SyntheticOptions{Users: 2000, Items: 1000, Interactions: 80000, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	m := s.Matrix
	// Popularity: the 10% most popular items hold far more than 10% of the
	// interactions, and the most popular by construction is among the most
	// picked.
	counts := m.ColCounts()
	sorted := slices.Sorted(slices.Values(counts))
	slices.Reverse(sorted)
	var top, all int
	for i, c := range sorted {
		all += c
		if i < len(sorted)/10 {
			top += c
		}
	}
	if float64(top) < 0.3*float64(all) {
		t.Errorf("top 10%% of items have %.1f%% of interactions", 100*float64(top)/float64(all))
	}
	// Activity: the heaviest user is far above the median.
	acts := make([]int, m.Rows())
	for u := range acts {
		acts[u] = m.RowNNZ(u)
	}
	sort.Ints(acts)
	if acts[len(acts)-1] < 5*acts[len(acts)/2] {
		t.Errorf("max activity %d, median %d: not heavy-tailed", acts[len(acts)-1], acts[len(acts)/2])
	}
	// Planted factors: picked items have higher true affinity than the
	// average item.
	var in, inN, out, outN float64
	for u := 0; u < 200; u++ {
		for i := 0; i < m.Cols(); i++ {
			var a float64
			for f := 0; f < s.Factors; f++ {
				a += s.UserFactors[u*s.Factors+f] * s.ItemFactors[i*s.Factors+f]
			}
			if m.Has(u, i) {
				in, inN = in+a, inN+1
			} else {
				out, outN = out+a, outN+1
			}
		}
	}
	if in/inN < out/outN+0.5 {
		t.Errorf("mean affinity of picked items %.3f vs others %.3f", in/inN, out/outN)
	}
	for _, v := range m.Values() {
		if v < 1 {
			t.Fatalf("count %v < 1", v)
		}
	}
}

func TestSyntheticDeterministic(t *testing.T) {
	o := SyntheticOptions{Users: 300, Items: 200, Interactions: 9000, MinPerUser: 5, Seed: 3}
	a, err := GenerateSynthetic(o)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := GenerateSynthetic(o)
	if !slices.Equal(a.Matrix.Triplets(), b.Matrix.Triplets()) || !slices.Equal(a.UserFactors, b.UserFactors) {
		t.Error("same seed, different data")
	}
	o.Seed = 4
	c, _ := GenerateSynthetic(o)
	if slices.Equal(a.Matrix.Triplets(), c.Matrix.Triplets()) {
		t.Error("different seeds, same data")
	}
}

func TestSyntheticRejectsBadOptions(t *testing.T) {
	for _, o := range []SyntheticOptions{
		{Users: -1},
		{Items: 1},
		{Users: 10, Items: 10, MinPerUser: 6},
		{Users: 100, Items: 100, Interactions: 50, MinPerUser: 2},
		{Affinity: -1},
		{Factors: -2},
	} {
		if _, err := GenerateSynthetic(o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func grid(t *testing.T) *sparse.CSR {
	t.Helper()
	var trips []sparse.Triplet
	for u := 0; u < 50; u++ {
		for i := 0; i < u%13; i++ {
			trips = append(trips, sparse.Triplet{Row: u, Col: (u*7 + i*3) % 40, Value: float32(i + 1)})
		}
	}
	m, err := sparse.NewCSR(50, 40, trips)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// checkPartition verifies that train and test split m's entries exactly.
func checkPartition(t *testing.T, m, train, test *sparse.CSR) {
	t.Helper()
	both := append(train.Triplets(), test.Triplets()...)
	slices.SortFunc(both, func(a, b sparse.Triplet) int {
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return a.Col - b.Col
	})
	if !slices.Equal(both, m.Triplets()) {
		t.Fatal("train and test do not partition the data")
	}
}

func TestSplitRatio(t *testing.T) {
	m := grid(t)
	train, test, err := SplitRatio(m, 0.25, 1)
	if err != nil {
		t.Fatal(err)
	}
	checkPartition(t, m, train, test)
	for u := 0; u < m.Rows(); u++ {
		n := m.RowNNZ(u)
		want := min(max(n-1, 0), int(float64(n)*0.25+0.5))
		if test.RowNNZ(u) != want {
			t.Errorf("user %d: %d of %d held out, want %d", u, test.RowNNZ(u), n, want)
		}
		if n > 0 && train.RowNNZ(u) == 0 {
			t.Errorf("user %d lost all training data", u)
		}
	}
	again, _, _ := SplitRatio(m, 0.25, 1)
	other, _, _ := SplitRatio(m, 0.25, 2)
	if !slices.Equal(again.Triplets(), train.Triplets()) {
		t.Error("same seed, different split")
	}
	if slices.Equal(other.Triplets(), train.Triplets()) {
		t.Error("different seed, same split")
	}
	for _, bad := range []float64{-0.1, 1, 2} {
		if _, _, err := SplitRatio(m, bad, 1); err == nil {
			t.Errorf("fraction %v accepted", bad)
		}
	}
}

func TestLeaveKOut(t *testing.T) {
	m := grid(t)
	for _, k := range []int{0, 1, 3} {
		train, test, err := LeaveKOut(m, k, 5)
		if err != nil {
			t.Fatal(err)
		}
		checkPartition(t, m, train, test)
		for u := 0; u < m.Rows(); u++ {
			want := k
			if m.RowNNZ(u) <= k {
				want = 0
			}
			if test.RowNNZ(u) != want {
				t.Errorf("k=%d user %d: %d held out, want %d", k, u, test.RowNNZ(u), want)
			}
		}
	}
	if _, _, err := LeaveKOut(m, -1, 0); err == nil {
		t.Error("k=-1 accepted")
	}
}

func TestLoaders(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		read       func(string) (*Dataset, error)
		users      []string
		items      int
		nnz        int
	}{
		{"csv", "user,item,count\nalice,x,3\nbob,y,1\nalice,y,2\n", csv, []string{"alice", "bob"}, 2, 3},
		{"tsv", "alice\tx\t3\nbob\ty\t1\n", csv, []string{"alice", "bob"}, 2, 2},
		{"ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n", movielens(0), []string{"1", "2"}, 2, 3},
		{"u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n", movielens(0), []string{"196", "186"}, 2, 2},
		{"ratings.dat liked", "1::1193::5::978300760\n1::661::3::978302109\n2::914::3::978301968\n3::1193::4::978298413\n", movielens(4), []string{"1", "3"}, 1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.read(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Users.Keys(), tc.users) || d.Items.Len() != tc.items || d.Matrix.NNZ() != tc.nnz {
				t.Errorf("users %v items %d nnz %d", d.Users.Keys(), d.Items.Len(), d.Matrix.NNZ())
			}
			if d.Matrix.Rows() != d.Users.Len() || d.Matrix.Cols() != d.Items.Len() {
				t.Errorf("matrix %v vs %d users, %d items", d.Matrix, d.Users.Len(), d.Items.Len())
			}
		})
	}
	d, _ := csv("u,i,c\na,x,3\nb,y,1\na,y,2\n")
	a, _ := d.Users.Index("a")
	y, _ := d.Items.Index("y")
	if d.Matrix.At(a, y) != 2 {
		t.Errorf("a,y = %v", d.Matrix.At(a, y))
	}
}

func csv(s string) (*Dataset, error) { return ReadCSV(strings.NewReader(s)) }

func movielens(min float64) func(string) (*Dataset, error) {
	return func(s string) (*Dataset, error) { return ReadMovieLens(strings.NewReader(s), min) }
}

func TestLoadFilesAndErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "ratings.dat")
	os.WriteFile(good, []byte("1::10::5::0\n2::10::1::0\n"), 0o644)
	if d, err := LoadMovieLens(good, 0); err != nil || d.Matrix.NNZ() != 2 {
		t.Errorf("LoadMovieLens: %v %v", d, err)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("a,b,1\na,c,lots\n"), 0o644)
	if _, err := LoadCSV(bad); err == nil || !strings.Contains(err.Error(), "bad.csv") || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad file: err = %v", err)
	}
	if _, err := LoadCSV(filepath.Join(dir, "missing.csv")); err == nil {
		t.Error("missing file: no error")
	}
}

// BenchmarkGenerateSynthetic draws 100,000 interactions.
func BenchmarkGenerateSynthetic(b *testing.B) {
	for b.Loop() {
		if _, err := GenerateSynthetic(SyntheticOptions{Users: 2000, Items: 2000, Interactions: 100000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
