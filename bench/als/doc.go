// Package alsbench owns the ALS performance benchmarks on MovieLens-1M- and
// MovieLens-20M-shaped synthetic data and the theoretical FLOP counts they
// report against. Run run.sh for the table; the Benchmark functions also work
// with plain `go test -bench`.
package alsbench
