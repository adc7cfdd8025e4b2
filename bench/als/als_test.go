package alsbench

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/gokernel/gokernel/internal/procmem"
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

// BenchmarkIteration fits a few iterations per op on MovieLens-1M-shaped data
// and reports the mean time, allocations and bytes of the iterations after the
// first (the first pays for warming caches from the random start), plus FLOPs
// and GFLOP/s.
func BenchmarkIteration(b *testing.B) {
	m := movielens1M(b)
	for _, tc := range []config{{64, als.CG}, {128, als.CG}, {64, als.Cholesky}, {128, als.Cholesky}} {
		b.Run(tc.String(), func(b *testing.B) { benchmarkFit(b, m, tc, 4) })
	}
}

var (
	data20MOnce sync.Once
	data20M     *sparse.CSR
	data20MErr  error
)

// movielens20M is MovieLens-20M-shaped synthetic data: 138,493 users x 26,744
// items, about 20M interactions, at least 20 per user as in ML-20M; generated
// once per process (about a minute on two cores).
func movielens20M(b *testing.B) *sparse.CSR {
	data20MOnce.Do(func() {
		s, err := dataset.GenerateSynthetic(dataset.SyntheticOptions{
			Users: 138_493, Items: 26_744, Interactions: 20_000_263, Seed: 1,
		})
		if err != nil {
			data20MErr = err
			return
		}
		data20M = s.Matrix
	})
	if data20MErr != nil {
		b.Fatal(data20MErr)
	}
	return data20M
}

// BenchmarkIterationML20M is BenchmarkIteration at MovieLens-20M's shape, with
// the conjugate-gradient solver that implicit-feedback libraries use at that
// size (implicit reports 0.84 s per iteration on ML-20M at 64 factors with 8
// cores). It also reports the peak resident memory of fitting: the process's
// peak from just before the fits (the data set is generated, collected and
// returned to the system first), which counts the matrix, its transpose, the
// factors and everything the fit allocates, but not the generator's buffers.
func BenchmarkIterationML20M(b *testing.B) {
	m := movielens20M(b)
	for _, tc := range []config{{64, als.CG}, {128, als.CG}} {
		b.Run(tc.String(), func(b *testing.B) {
			debug.FreeOSMemory()
			reset := procmem.ResetPeakRSS()
			benchmarkFit(b, m, tc, 3)
			if rss, ok := procmem.PeakRSS(); ok && reset {
				b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
			}
		})
	}
}

// A config is one factorization benchmarked: factors and solver.
type config struct {
	f      int
	solver als.Solver
}

func (c config) String() string { return fmt.Sprintf("f=%d/%v", c.f, c.solver) }

// benchmarkFit fits iters iterations of tc per op and reports the iterations
// after the first: wall and CPU time, allocations, FLOPs and GFLOP/s.
func benchmarkFit(b *testing.B, m *sparse.CSR, tc config, iters int) {
	steps := 3
	if tc.solver == als.Cholesky {
		steps = 0
	}
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
	// CPU seconds per iteration divided by GOMAXPROCS: what the wall time
	// would be on otherwise idle cores with perfect balance. On a shared
	// machine it is the steadier number.
	b.ReportMetric(cpu.Seconds()/float64(n)/float64(runtime.GOMAXPROCS(0)), "cpu-s/iter/core")
	b.ReportMetric(float64(allocs)/float64(n), "allocs/iter")
	b.ReportMetric(float64(bytes)/float64(n), "B/iter")
	b.ReportMetric(flops, "flops/iter")
	b.ReportMetric(flops/sec/1e9, "GFLOP/s")
	b.ReportMetric(float64(m.NNZ()), "nnz")
}
