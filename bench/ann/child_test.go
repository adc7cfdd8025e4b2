package main

import "testing"

func TestRecallHitsCountsDistinctIDs(t *testing.T) {
	truth := []int32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, c := range []struct {
		got  []uint64
		want int
	}{
		{[]uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10},
		{[]uint64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 10}, // order does not matter
		{[]uint64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1},   // a duplicate never counts twice
		{[]uint64{1, 2, 11, 12, 2}, 2},
		{nil, 0},
	} {
		if got := recallHits(c.got, truth); got != c.want {
			t.Errorf("recallHits(%v) = %d, want %d", c.got, got, c.want)
		}
	}
}
