package main

import (
	"math"
	"reflect"
	"testing"
)

func TestSummarize(t *testing.T) {
	if s := summarize([]float64{3, 1, 2}); s != (spread{2, 1, 3}) {
		t.Errorf("odd count: %+v", s)
	}
	if s := summarize([]float64{4, 1, 2, 3}); s != (spread{2.5, 1, 4}) {
		t.Errorf("even count: %+v", s)
	}
	if s := summarize(nil); !math.IsNaN(s.med) {
		t.Errorf("empty: %+v", s)
	}
}

func TestQPSAtInterpolatesAndNeverClamps(t *testing.T) {
	ref := []curvePoint{{0.95, 1000}, {0.80, 3000}, {0.99, 500}} // unsorted on purpose
	for _, c := range []struct {
		recall float64
		want   float64
		ok     bool
	}{
		{0.80, 3000, true},
		{0.875, 2000, true}, // halfway between 0.80 and 0.95
		{0.97, 750, true},
		{0.99, 500, true},
		{0.79, 0, false}, // below the sweep: not comparable
		{0.995, 0, false},
	} {
		got, ok := qpsAt(ref, c.recall)
		if ok != c.ok || (ok && math.Abs(got-c.want) > 1e-9) {
			t.Errorf("qpsAt(%v) = %v, %v; want %v, %v", c.recall, got, ok, c.want, c.ok)
		}
	}
	// Two settings with the same recall: the reference at its best.
	tied := []curvePoint{{0.9, 800}, {1, 400}, {1, 300}}
	if got, ok := qpsAt(tied, 1); !ok || got != 400 {
		t.Errorf("tied recall: %v, %v; want 400", got, ok)
	}
	if _, ok := qpsAt(nil, 0.9); ok {
		t.Error("empty sweep is comparable")
	}
}

func TestSeriesAggregatesRounds(t *testing.T) {
	s := newSeries("d", contender{key: "hnsw"})
	for r, qps := range []float64{100, 300, 200} {
		s.add(runResult{peakMB: float64(10 + r), rows: []row{
			{Contender: "x", Params: "M=16", Build: true, BuildS: float64(r + 1), Threads: 2},
			{Contender: "x", Params: "ef=10", Recall: 0.5, QPS: qps},
			{Contender: "x", Params: "ef=20", Recall: 0.7, QPS: qps / 2},
		}})
	}
	if s.label != "x" || len(s.points) != 2 || s.points[1].params != "ef=20" {
		t.Fatalf("series %+v", s)
	}
	if got := summarize(s.points[0].qps); got != (spread{200, 100, 300}) {
		t.Errorf("ef=10 QPS %+v", got)
	}
	if got := summarize(s.buildS).med; got != 2 {
		t.Errorf("build median %v", got)
	}
	if got := s.curve(); !reflect.DeepEqual(got, []curvePoint{{0.5, 200}, {0.7, 100}}) {
		t.Errorf("curve %v", got)
	}
}
