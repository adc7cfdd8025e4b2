package main

import (
	"math"
	"slices"
	"sort"
)

// series gathers one contender's results on one dataset over the rounds.
type series struct {
	dataset string
	c       contender
	label   string // as the contender's program names itself

	buildParams string
	threads     int
	buildS      []float64 // one per round
	peakMB      []float64 // one per round: the process's peak RSS
	points      []*point  // the sweep, in the order first printed
}

// point is one setting of a sweep (one ef or search_k) over the rounds.
type point struct {
	params      string
	recall, qps []float64
}

func newSeries(dataset string, c contender) *series {
	return &series{dataset: dataset, c: c, label: c.key}
}

// add records one run.
func (s *series) add(res runResult) {
	s.peakMB = append(s.peakMB, res.peakMB)
	for _, r := range res.rows {
		if r.Contender != "" {
			s.label = r.Contender
		}
		if r.Build {
			s.buildParams, s.threads = r.Params, r.Threads
			s.buildS = append(s.buildS, r.BuildS)
			continue
		}
		i := slices.IndexFunc(s.points, func(p *point) bool { return p.params == r.Params })
		if i < 0 {
			s.points = append(s.points, &point{params: r.Params})
			i = len(s.points) - 1
		}
		s.points[i].recall = append(s.points[i].recall, r.Recall)
		s.points[i].qps = append(s.points[i].qps, r.QPS)
	}
}

// spread is the median and the range of a set of measurements.
type spread struct{ med, lo, hi float64 }

func summarize(v []float64) spread {
	if len(v) == 0 {
		return spread{math.NaN(), math.NaN(), math.NaN()}
	}
	s := slices.Clone(v)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return spread{m, s[0], s[len(s)-1]}
}

// curvePoint is one point of a reference's recall-QPS curve.
type curvePoint struct{ recall, qps float64 }

// curve is a series' sweep as medians over the rounds.
func (s *series) curve() []curvePoint {
	out := make([]curvePoint, len(s.points))
	for i, p := range s.points {
		out[i] = curvePoint{summarize(p.recall).med, summarize(p.qps).med}
	}
	return out
}

// qpsAt interpolates a reference's QPS at the given recall linearly between
// the two points of its sweep whose recalls bracket it. ok is false when
// recall lies outside the sweep's range: extrapolating, or clamping to the
// nearest end, would credit or blame a contender for settings the
// reference never ran. Where several segments bracket the recall (the
// sweep's QPS or recall is not monotonic, or two settings tie), the highest
// QPS is taken: the reference at its best.
func qpsAt(ref []curvePoint, recall float64) (float64, bool) {
	pts := slices.Clone(ref)
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].recall < pts[j].recall })
	best, ok := 0.0, false
	if len(pts) == 1 && pts[0].recall == recall {
		return pts[0].qps, true
	}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if recall < a.recall || recall > b.recall {
			continue
		}
		q := max(a.qps, b.qps)
		if b.recall > a.recall {
			t := (recall - a.recall) / (b.recall - a.recall)
			q = a.qps + t*(b.qps-a.qps)
		}
		if !ok || q > best {
			best, ok = q, true
		}
	}
	return best, ok
}
