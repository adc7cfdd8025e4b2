#!/bin/bash
# What lineage costs (issue 12): the analysis of a cell (5 and 50 names), the value
# hashing that confirms changes ([]float64 and map[string]struct), and the trivial-cell
# round trip of the real kernel with lineage on and off (GOKERNEL_LINEAGE=off), the two
# kernelspecs installed side by side and measured in alternating rounds. Run from
# anywhere:
#
#   bash bench/lineage/run.sh              # 5 benchmark counts, 3 rounds of round trips
#   ROUNDS=5 RUNS=2000 bash bench/lineage/run.sh
#
# Targets: analysis under 1 ms per cell, hashing at least 2 GB/s of slice data, and
# the round trip with lineage on within 10% of off.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-1000}

echo "== analysis (go test ./lineage -bench Analyze)"
go test ./lineage -run XXX -bench Analyze -benchmem -count 5 | grep -E '^Benchmark|^cpu'
echo
echo "== hashing (go test ./snapshot -bench Hash)"
go test ./snapshot -run XXX -bench 'HashFloat64Slice|HashMapStringStruct' -count 5 | grep -E '^Benchmark|^cpu'
echo

if ! "$PY" -c 'import jupyter_client' 2>/dev/null; then
	echo "no jupyter_client for $PY: skipping the round trip (apt-get install jupyter-client)" >&2
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lineage-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/gokernel" ./cmd/gokernel
"$tmp/gokernel" install --prefix "$tmp/prefix" >&2
"$tmp/gokernel" install --prefix "$tmp/prefix" --name gokernel-lineage-off >&2
spec="$tmp/prefix/share/jupyter/kernels/gokernel-lineage-off/kernel.json"
"$PY" - "$spec" <<'PYEOF'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
spec.setdefault("env", {})["GOKERNEL_LINEAGE"] = "off"
spec["display_name"] += " (lineage off)"
json.dump(spec, open(path, "w"), indent=1)
PYEOF
export JUPYTER_PATH="$tmp/prefix/share/jupyter"
export JUPYTER_DATA_DIR="$tmp/data"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export GOKERNEL_STORE="${GOKERNEL_STORE:-$tmp/store}"
mkdir -p "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR"

echo "== round trip of a trivial cell, lineage on vs off ($ROUNDS rounds, $RUNS executes per cell each)"
for round in $(seq "$ROUNDS"); do
	# Alternate which kernel goes first, so drift on a shared machine hits both.
	if ((round % 2)); then kernels=gokernel,gokernel-lineage-off; else kernels=gokernel-lineage-off,gokernel; fi
	"$PY" bench/roundtrip/roundtrip.py --kernels "$kernels" --starts 1 --start-warmup 0 --fast-reconnect-ms 0 --runs "$RUNS" --json "$tmp/round$round.json" >/dev/null
done
"$PY" - "$tmp" "$ROUNDS" <<'PYEOF'
import json, statistics, sys
tmp, rounds = sys.argv[1], int(sys.argv[2])
per = {}
for r in range(1, rounds + 1):
    res = json.load(open(f"{tmp}/round{r}.json"))
    for kernel, k in res["kernels"].items():
        for cell, s in k["roundtrip"].items():
            per.setdefault((cell, kernel), []).append(s["p50"])
print(f"{'cell':6} {'kernel':22} {'p50 per round (ms)':30} {'median':>8} {'spread':>8}")
for (cell, kernel), xs in sorted(per.items()):
    print(f"{cell:6} {kernel:22} {' '.join(f'{x:.3f}' for x in xs):30} {statistics.median(xs):8.3f} {max(xs) - min(xs):8.3f}")
for cell in sorted({c for c, _ in per}):
    on, off = statistics.median(per[(cell, "gokernel")]), statistics.median(per[(cell, "gokernel-lineage-off")])
    print(f"{cell}: lineage on / off = {on / off:.3f} (target < 1.10)")
PYEOF
