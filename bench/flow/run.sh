#!/bin/bash
# The ALS example notebook three ways, wall time: in the notebook (jupyter nbconvert
# --execute through the gokernel kernel, what a user's Run All costs, kernel start
# included), as its exported flow run interpreted (gokernel run DIR: a worker, the same
# interpreter), and as the flow compiled (go build, a native binary). Each round runs the
# three in turn, the first rotating; the table gives the median and the spread of the
# rounds. Every run of the flow stores its artifacts and verifies their hashes.
#
#   bash bench/flow/run.sh            # 5 rounds
#   ROUNDS=3 NOTEBOOK=examples/notebooks/ann.ipynb bash bench/flow/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
ROUNDS=${ROUNDS:-5}
NOTEBOOK=${NOTEBOOK:-examples/notebooks/als.ipynb}
PY=/usr/bin/python3
"$PY" -c 'import nbconvert' 2>/dev/null || { echo "needs Debian's jupyter-nbconvert for $PY" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flow-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/bin/gokernel" ./cmd/gokernel
"$tmp/bin/gokernel" install --prefix "$tmp/prefix" >/dev/null
export JUPYTER_PATH="$tmp/prefix/share/jupyter" PATH="$tmp/bin:$PATH" GOKERNEL_STORE="$tmp/store"
nbdir=$(cd "$(dirname "$NOTEBOOK")" && pwd)
nb="$nbdir/$(basename "$NOTEBOOK")"

go version
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
echo "notebook: $NOTEBOOK; $ROUNDS rounds, the three taking turns"
gokernel export "$nb" -o "$tmp/flow" --replace "$root" >/dev/null 2>&1
(cd "$tmp/flow" && go build -o "$tmp/flow/flow-bin" .)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

notebook() { "$PY" -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 --output-dir "$tmp/out" "$nb" >/dev/null 2>&1; }
interpreted() { (cd "$nbdir" && FLOW_STORE="$tmp/s-int-$1" gokernel run "$tmp/flow" --verify >/dev/null 2>&1); }
compiled() { (cd "$nbdir" && FLOW_STORE="$tmp/s-comp-$1" "$tmp/flow/flow-bin" --verify >/dev/null 2>&1); }

declare -A times
ways=(notebook interpreted compiled)
for ((r = 0; r < ROUNDS; r++)); do
	for ((k = 0; k < 3; k++)); do
		way=${ways[$(((r + k) % 3))]}
		t0=$(date +%s.%N)
		"$way" "$r" || { echo "$way failed in round $r" >&2; exit 1; }
		t1=$(date +%s.%N)
		times[$way]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') "
	done
done

stats() { # median (min–max) of the numbers given
	sort -g | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f s (%.2f–%.2f)", m, a[1], a[NR] }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo
printf "%-40s %s\n" "way" "wall time, median (min–max)"
printf "%-40s %s\n" "in the notebook (nbconvert --execute)" "$(tr ' ' '\n' <<<"${times[notebook]}" | grep . | stats)"
printf "%-40s %s\n" "flow interpreted (gokernel run)" "$(tr ' ' '\n' <<<"${times[interpreted]}" | grep . | stats)"
printf "%-40s %s\n" "flow compiled (go build)" "$(tr ' ' '\n' <<<"${times[compiled]}" | grep . | stats)"
n=$(tr ' ' '\n' <<<"${times[notebook]}" | grep . | median)
c=$(tr ' ' '\n' <<<"${times[compiled]}" | grep . | median)
i=$(tr ' ' '\n' <<<"${times[interpreted]}" | grep . | median)
awk -v n="$n" -v c="$c" -v i="$i" 'BEGIN { printf "compiled flow: %.2fx faster than the notebook, %.2fx faster than the flow interpreted\n", n / c, i / c }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
