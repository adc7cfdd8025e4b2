package alsbench

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/gokernel/gokernel/mllib/als"
	"github.com/gokernel/gokernel/mllib/dataset"
	"github.com/gokernel/gokernel/mllib/sparse"
)

var (
	dataOnce sync.Once
	data     *sparse.CSR
)

// movielens1M is the default synthetic data set: 6,040 x 3,706, ~1.0M
// interactions. It is generated once per process.
func movielens1M(b *testing.B) *sparse.CSR {
	dataOnce.Do(func() {
		s, err := dataset.GenerateSynthetic(dataset.SyntheticOptions{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		data = s.Matrix
	})
	return data
}

// BenchmarkIteration fits a few iterations per op and reports the mean
// time, allocations and bytes of the iterations after the first (the first
// pays for warming caches from the random start), plus FLOPs and GFLOP/s.
func BenchmarkIteration(b *testing.B) {
	m := movielens1M(b)
	for _, tc := range []struct {
		f      int
		solver als.Solver
	}{
		{64, als.CG}, {128, als.CG}, {64, als.Cholesky}, {128, als.Cholesky},
	} {
		steps := 3
		if tc.solver == als.Cholesky {
			steps = 0
		}
		iters := 4
		b.Run(fmt.Sprintf("f=%d/%v", tc.f, tc.solver), func(b *testing.B) {
			var dur, cpu time.Duration
			var allocs, bytes uint64
			var n int
			for b.Loop() {
				var ms runtime.MemStats
				var lastMallocs, lastBytes uint64
				var lastCPU time.Duration
				_, err := als.Fit(context.Background(), m, als.Options{
					Factors: tc.f, Iterations: iters, Solver: tc.solver, Seed: 1,
					Progress: func(it als.Iteration) {
						runtime.ReadMemStats(&ms)
						c := cpuTime()
						if it.Iteration > 1 {
							dur += it.Duration
							cpu += c - lastCPU
							allocs += ms.Mallocs - lastMallocs
							bytes += ms.TotalAlloc - lastBytes
							n++
						}
						lastMallocs, lastBytes, lastCPU = ms.Mallocs, ms.TotalAlloc, c
					},
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			sec := dur.Seconds() / float64(n)
			flops := Flops(m.Rows(), m.Cols(), m.NNZ(), tc.f, steps)
			b.ReportMetric(sec, "s/iter")
			// CPU seconds per iteration divided by GOMAXPROCS: what the
			// wall time would be on otherwise idle cores with perfect
			// balance. On a shared machine it is the steadier number.
			b.ReportMetric(cpu.Seconds()/float64(n)/float64(runtime.GOMAXPROCS(0)), "cpu-s/iter/core")
			b.ReportMetric(float64(allocs)/float64(n), "allocs/iter")
			b.ReportMetric(float64(bytes)/float64(n), "B/iter")
			b.ReportMetric(flops, "flops/iter")
			b.ReportMetric(flops/sec/1e9, "GFLOP/s")
			b.ReportMetric(float64(m.NNZ()), "nnz")
		})
	}
}
