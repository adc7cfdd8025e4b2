package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// The data is generated, from fixed seeds, so that every run stores the same
// bytes. It imitates what a data session holds rather than being random bits
// or zeros: random bits are incompressible and make every compressor look
// alike, zeros or ramps flatter them all, and neither is what people load.

// prices returns n prices as a market data feed records them: a random walk
// in cents, where 30% of the ticks repeat the previous price exactly. Such
// numbers have few significant digits but IEEE 754 bits that are mostly
// mantissa noise (0.01 has no exact binary form), so compressors gain on the
// sign, exponent and repeats, not on the digits; it is the bulk of a numeric
// session's state and the data docs/store.md measured zstd levels on.
func prices(r *rand.Rand, n int) []float64 {
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

// A Song is one entry of a music catalogue as a recommender notebook keeps
// it: metadata and a small embedding.
type Song struct {
	Title     string
	Year      int
	Plays     int
	Rating    float64
	Embedding []float32
}

// size returns the payload bytes of s: its string's bytes and its numbers.
func (s Song) size() int64 { return int64(len(s.Title)) + 3*8 + 4*int64(len(s.Embedding)) }

func (s Song) equal(t Song) bool {
	return s.Title == t.Title && s.Year == t.Year && s.Plays == t.Plays &&
		s.Rating == t.Rating && slices.Equal(s.Embedding, t.Embedding)
}

var titleWords = []string{
	"love", "night", "river", "summer", "heart", "fire", "blue", "dream",
	"city", "road", "rain", "gold", "shadow", "light", "dance", "home",
	"wild", "ocean", "midnight", "stone", "sky", "echo", "silver", "storm",
}

// songs returns a catalogue of n songs keyed by 22-character base-62 ids
// (the form of Spotify's track ids, as random as real ones). Titles are two
// to four common words, so they repeat as real titles do; play counts are
// log-normal; ratings have one decimal; embeddings are unit vectors of 32
// float32s, which like a model's output have no exploitable redundancy.
func songs(r *rand.Rand, n int) (map[string]Song, int64) {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	m := make(map[string]Song, n)
	var size int64
	id := make([]byte, 22)
	for len(m) < n {
		for i := range id {
			id[i] = alphabet[r.IntN(len(alphabet))]
		}
		title := make([]byte, 0, 32)
		for i := range 2 + r.IntN(3) {
			if i > 0 {
				title = append(title, ' ')
			}
			w := titleWords[r.IntN(len(titleWords))]
			title = append(title, w[0]-'a'+'A')
			title = append(title, w[1:]...)
		}
		s := Song{
			Title:     string(title),
			Year:      1960 + r.IntN(65),
			Plays:     int(math.Exp(8 + 2*r.NormFloat64())),
			Rating:    math.Round(10+40*r.Float64()) / 10,
			Embedding: unitVector(r, make([]float32, 32), nil),
		}
		key := string(id)
		if _, dup := m[key]; dup {
			continue
		}
		m[key] = s
		size += int64(len(key)) + s.size()
	}
	return m, size
}

// embeddings returns n unit vectors of dim float32s, drawn around 256 random
// centroids as a model's embeddings of a corpus cluster by topic.
func embeddings(r *rand.Rand, n, dim int) [][]float32 {
	centroids := make([][]float32, 256)
	for i := range centroids {
		centroids[i] = unitVector(r, make([]float32, dim), nil)
	}
	rows := make([][]float32, n)
	for i := range rows {
		rows[i] = unitVector(r, make([]float32, dim), centroids[r.IntN(len(centroids))])
	}
	return rows
}

// unitVector fills v with a random direction, near center when it is not
// nil, and returns it.
func unitVector(r *rand.Rand, v, center []float32) []float32 {
	var norm float64
	for i := range v {
		x := r.NormFloat64()
		if center != nil {
			x = float64(center[i]) + 0.3*x/math.Sqrt(float64(len(v)))
		}
		v[i] = float32(x)
		norm += x * x
	}
	norm = math.Sqrt(norm)
	for i := range v {
		v[i] = float32(float64(v[i]) / norm)
	}
	return v
}

// series returns n price series of length each, keyed "series-00042".
func series(r *rand.Rand, n, length int) map[string][]float64 {
	m := make(map[string][]float64, n)
	for i := range n {
		m[fmt.Sprintf("series-%05d", i)] = prices(r, length)
	}
	return m
}
