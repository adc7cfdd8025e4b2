package dataset

import (
	"fmt"
	"io"
	"os"

	"github.com/gokernel/gokernel/mllib/sparse"
)

// ReadCSV reads user,item,count lines separated by commas or tabs (detected
// from the first line). A header line is skipped when its count field is not
// a number, and lines starting with # are comments. Repeated pairs are summed.
func ReadCSV(r io.Reader) (*Dataset, error) {
	k, err := sparse.Read(r, sparse.ReadOptions{RowCol: 0, ColCol: 1, ValueCol: 2})
	if err != nil {
		return nil, fmt.Errorf("dataset: csv: %w", err)
	}
	return &Dataset{Matrix: k.Matrix, Users: k.Rows, Items: k.Cols}, nil
}

// LoadCSV reads a user,item,count file; see ReadCSV.
func LoadCSV(path string) (*Dataset, error) {
	return load(path, ReadCSV)
}

// ReadMovieLens reads MovieLens ratings: ratings.dat lines
// "user::movie::rating::timestamp" (ML-1M, ML-10M) or u.data lines
// "user<TAB>movie<TAB>rating<TAB>timestamp" (ML-100K); the separator is
// detected. Ratings below minRating are dropped (use 0 to keep all, 4 for the
// usual "liked" reading); kept ratings become the interaction value.
func ReadMovieLens(r io.Reader, minRating float64) (*Dataset, error) {
	k, err := sparse.Read(r, sparse.ReadOptions{RowCol: 0, ColCol: 1, ValueCol: 2})
	if err != nil {
		return nil, fmt.Errorf("dataset: movielens: %w", err)
	}
	if minRating <= 0 {
		return &Dataset{Matrix: k.Matrix, Users: k.Rows, Items: k.Cols}, nil
	}
	// Filter and renumber so users and items with no kept rating vanish.
	users, items := sparse.NewIDMap(), sparse.NewIDMap()
	var trips []sparse.Triplet
	k.Matrix.Each(func(u, i int, v float32) {
		if float64(v) >= minRating {
			trips = append(trips, sparse.Triplet{Row: users.Add(k.Rows.Key(u)), Col: items.Add(k.Cols.Key(i)), Value: v})
		}
	})
	m, err := sparse.NewCSR(users.Len(), items.Len(), trips)
	if err != nil {
		return nil, fmt.Errorf("dataset: movielens: %w", err)
	}
	return &Dataset{Matrix: m, Users: users, Items: items}, nil
}

// LoadMovieLens reads a ratings.dat or u.data file; see ReadMovieLens.
func LoadMovieLens(path string, minRating float64) (*Dataset, error) {
	return load(path, func(r io.Reader) (*Dataset, error) { return ReadMovieLens(r, minRating) })
}

func load(path string, read func(io.Reader) (*Dataset, error)) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	d, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}
