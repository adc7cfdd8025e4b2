#!/bin/sh
# Benchmarks mllib/als with two cores on synthetic data of two shapes
# (generated, nothing downloaded) and prints one table row per configuration:
#   ML-1M:  6,040 users x 3,706 items, ~1.0M interactions (BenchmarkIteration)
#   ML-20M: 138,493 users x 26,744 items, ~20M interactions, conjugate gradient
#           only (BenchmarkIterationML20M; about a minute to generate)
#
#   bench/als/run.sh                    # both shapes, 3 fits per configuration
#   BENCH=BenchmarkIteration$ bench/als/run.sh      # ML-1M only
#   BENCHTIME=5x bench/als/run.sh
#
# s/iter is wall time per iteration (the iterations after the first of each
# fit); cpu-s/core is process CPU time per iteration divided by GOMAXPROCS, the
# steadier number when other work shares the machine. GFLOP/s is the
# theoretical FLOP count (bench/als/flops.go) over the wall time; peak% is that
# over the cores' FP32 peak (FLOPS_PER_CYCLE per core per cycle at the CPU's
# nominal MHz: 32 for two 256-bit FMA pipes, AVX2 or Zen 4's AVX-512).
# peak MiB (ML-20M only) is the peak resident memory while fitting: the matrix,
# its transpose, the factors and the fit's scratch, not the generator's buffers.
set -eu
cd "$(dirname "$0")/../.."
: "${BENCHTIME:=3x}"
: "${GOMAXPROCS:=2}"
: "${BENCH:=BenchmarkIteration}"
: "${FLOPS_PER_CYCLE:=32}"
export GOMAXPROCS
mhz=$(awk -F: '/^cpu MHz/ { print $2 + 0; exit }' /proc/cpuinfo 2>/dev/null || echo 0)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "go test -run '^\$' -bench '$BENCH' -benchtime $BENCHTIME ./bench/als  (GOMAXPROCS=$GOMAXPROCS)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //'), $(nproc) cores visible, ${mhz} MHz; load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
go test -run '^$' -bench "$BENCH" -benchtime "$BENCHTIME" -timeout 60m ./bench/als >"$out" || { cat "$out"; exit 1; }
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo
awk -v peak="$(echo "$mhz $FLOPS_PER_CYCLE $GOMAXPROCS" | awk '{ print $1 * 1e6 * $2 * $3 / 1e9 }')" '
/^BenchmarkIteration/ {
	split($1, name, "/"); shape = (name[1] ~ /ML20M/) ? "ML-20M" : "ML-1M"
	cfg = shape " " name[2] " " name[3]; sub(/-[0-9]+$/, "", cfg)
	delete v
	for (i = 3; i < NF; i += 2) v[$(i+1)] = $i
	if (!hdr) {
		printf "%-22s %8s %10s %11s %10s %10s %8s %6s %9s %10s\n", "config", "s/iter", "cpu-s/core", "allocs/iter", "KB/iter", "GFLOP/iter", "GFLOP/s", "peak%", "peak MiB", "nnz"
		hdr = 1
	}
	rss = ("peak-RSS-MiB" in v) ? sprintf("%9.0f", v["peak-RSS-MiB"]) : sprintf("%9s", "-")
	pct = (peak > 0) ? sprintf("%6.1f", 100 * v["GFLOP/s"] / peak) : sprintf("%6s", "-")
	printf "%-22s %8.3f %10.3f %11.1f %10.1f %10.2f %8.2f %s %s %10d\n", cfg, v["s/iter"], v["cpu-s/iter/core"], v["allocs/iter"], v["B/iter"]/1024, v["flops/iter"]/1e9, v["GFLOP/s"], pct, rss, v["nnz"]
}
END { if (!hdr) { print "no benchmark output"; exit 1 } }
' "$out"
echo
echo "FP32 peak of $GOMAXPROCS cores: $(echo "$mhz $FLOPS_PER_CYCLE $GOMAXPROCS" | awk '{ printf "%.0f", $1 * 1e6 * $2 * $3 / 1e9 }') GFLOP/s"
echo "targets (2 cores): ML-1M f=64 cg <= 0.25 s/iter, f=128 cg <= 0.6 s/iter; ML-20M f=64 cg <= 0.8 s/iter with peak memory under 2 GB"
