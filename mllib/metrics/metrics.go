package metrics

import (
	"math"
	"slices"
)

// The per-list metrics take a ranking (item ids, best first, already without
// training items) and the set of relevant held-out items, and are what
// Evaluate averages over users. relevant must be sorted ascending.

func hit(relevant []int, item int) bool {
	_, ok := slices.BinarySearch(relevant, item)
	return ok
}

// PrecisionAtK is the fraction of the first k ranked items that are relevant.
// Following the usual offline convention (and `implicit`), the denominator is
// min(k, len(relevant)) so a user with fewer than k held-out items can still
// reach 1.
func PrecisionAtK(ranked, relevant []int, k int) float64 {
	d := min(k, len(relevant))
	if d == 0 {
		return 0
	}
	return float64(hits(ranked, relevant, k)) / float64(d)
}

// RecallAtK is the fraction of relevant items found in the first k.
func RecallAtK(ranked, relevant []int, k int) float64 {
	if len(relevant) == 0 {
		return 0
	}
	return float64(hits(ranked, relevant, k)) / float64(len(relevant))
}

func hits(ranked, relevant []int, k int) int {
	n := 0
	for _, it := range ranked[:min(k, len(ranked))] {
		if hit(relevant, it) {
			n++
		}
	}
	return n
}

// APAtK is average precision at k: the mean of precision at each rank where
// a relevant item appears, divided by min(k, len(relevant)).
func APAtK(ranked, relevant []int, k int) float64 {
	d := min(k, len(relevant))
	if d == 0 {
		return 0
	}
	var sum float64
	n := 0
	for r, it := range ranked[:min(k, len(ranked))] {
		if hit(relevant, it) {
			n++
			sum += float64(n) / float64(r+1)
		}
	}
	return sum / float64(d)
}

// NDCGAtK is the discounted cumulative gain of the first k with binary
// relevance, divided by that of an ideal ranking.
func NDCGAtK(ranked, relevant []int, k int) float64 {
	var dcg, ideal float64
	for r, it := range ranked[:min(k, len(ranked))] {
		if hit(relevant, it) {
			dcg += 1 / math.Log2(float64(r+2))
		}
	}
	for r := 0; r < min(k, len(relevant)); r++ {
		ideal += 1 / math.Log2(float64(r+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

// AUC is the probability that a random relevant item scores above a random
// candidate that is not relevant (ties count half). candidates are the items
// eligible for ranking (not seen in training); scores are indexed by item.
// It returns NaN when there is no relevant or no irrelevant candidate.
func AUC(scores []float32, candidates, relevant []int) float64 {
	type cand struct {
		s   float32
		rel bool
	}
	cs := make([]cand, len(candidates))
	for k, it := range candidates {
		cs[k] = cand{scores[it], hit(relevant, it)}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		switch {
		case a.s < b.s:
			return -1
		case a.s > b.s:
			return 1
		}
		return 0
	})
	// Mann-Whitney U with midranks for ties.
	var rankSum float64
	npos := 0
	for i := 0; i < len(cs); {
		j := i
		for j < len(cs) && cs[j].s == cs[i].s {
			j++
		}
		mid := float64(i+j+1) / 2 // 1-based average rank of the tie group
		for t := i; t < j; t++ {
			if cs[t].rel {
				rankSum += mid
				npos++
			}
		}
		i = j
	}
	nneg := len(cs) - npos
	if npos == 0 || nneg == 0 {
		return math.NaN()
	}
	return (rankSum - float64(npos)*float64(npos+1)/2) / (float64(npos) * float64(nneg))
}
