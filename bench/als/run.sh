#!/bin/sh
# Benchmarks mllib/als on MovieLens-1M-shaped synthetic data (6,040 users x
# 3,706 items, ~1.0M interactions; generated, nothing downloaded) with two
# cores, and prints one table row per configuration.
#
#   bench/als/run.sh            # 3 fits of 4 iterations per configuration
#   BENCHTIME=5x bench/als/run.sh
#
# s/iter is wall time per iteration (iterations 2-4 of each fit); cpu-s/core
# is process CPU time per iteration divided by GOMAXPROCS, the steadier
# number when other work shares the machine. GFLOP/s is the theoretical FLOP
# count (bench/als/flops.go) over the wall time.
set -eu
cd "$(dirname "$0")/../.."
: "${BENCHTIME:=3x}"
: "${GOMAXPROCS:=2}"
export GOMAXPROCS
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "go test -run '^\$' -bench BenchmarkIteration -benchtime $BENCHTIME ./bench/als  (GOMAXPROCS=$GOMAXPROCS)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //'), $(nproc) cores visible; load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
go test -run '^$' -bench BenchmarkIteration -benchtime "$BENCHTIME" -timeout 30m ./bench/als >"$out" || { cat "$out"; exit 1; }
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo
awk '
/^BenchmarkIteration\// {
	split($1, name, "/"); cfg = name[2] " " name[3]; sub(/-[0-9]+$/, "", cfg)
	delete v
	for (i = 3; i < NF; i += 2) v[$(i+1)] = $i
	if (!hdr) {
		printf "%-16s %9s %10s %11s %9s %11s %8s %10s\n", "config", "s/iter", "cpu-s/core", "allocs/iter", "KB/iter", "GFLOP/iter", "GFLOP/s", "nnz"
		hdr = 1
	}
	printf "%-16s %9.3f %10.3f %11.1f %9.1f %11.2f %8.2f %10d\n", cfg, v["s/iter"], v["cpu-s/iter/core"], v["allocs/iter"], v["B/iter"]/1024, v["flops/iter"]/1e9, v["GFLOP/s"], v["nnz"]
}
END { if (!hdr) { print "no benchmark output"; exit 1 } }
' "$out"
echo
echo "targets (2 cores): f=64 cg <= 0.25 s/iter, f=128 cg <= 0.6 s/iter"
