#!/bin/bash
# Cost of the cell pipeline's rewrites (issue 16, item 5): BenchmarkRewriteCost of
# interp/prepare runs each program's hot loop unrewritten in a bare yaegi interpreter
# and as a cell of a session (every rewrite applied). This script runs it ROUNDS times
# (default 5), all cases in each round so that the two forms interleave, and prints per
# case the median time of each form, their spread (min-max) and the median ratio.
#
#   bash bench/rewrites/run.sh
#   ROUNDS=9 BENCHTIME=10x bash bench/rewrites/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-5}
benchtime=${BENCHTIME:-5x}
out=$(mktemp "${TMPDIR:-/tmp}/rewrites.XXXXXX")
trap 'rm -f "$out"' EXIT
go test -c -o "$out.test" ./interp/prepare
trap 'rm -f "$out" "$out.test"' EXIT
for r in $(seq "$rounds"); do
	echo "round $r of $rounds" >&2
	(cd interp/prepare && "$out.test" -test.run '^$' -test.bench RewriteCost -test.benchtime "$benchtime") |
		awk '/^BenchmarkRewriteCost\//{print $1, $3}' >>"$out"
done
# name/form-N ns -> one line per case: medians, spreads, ratio.
awk '
function median(list,    n, a, i, j, t) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function lo(list,    n, a, i, m) { n = split(list, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
function hi(list,    n, a, i, m) { n = split(list, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] > m) m = a[i]; return m }
{
	split($1, p, "/"); name = p[2]; form = p[3]; sub(/-[0-9]+$/, "", form)
	t[name, form] = t[name, form] " " $2
	if (!(name in seen)) { seen[name] = 1; order[++n] = name }
}
END {
	printf "| case | unrewritten ms (min-max) | rewritten ms (min-max) | ratio |\n|---|---:|---:|---:|\n"
	for (i = 1; i <= n; i++) {
		c = order[i]; u = t[c, "unrewritten"]; w = t[c, "rewritten"]
		printf "| %s | %.1f (%.1f-%.1f) | %.1f (%.1f-%.1f) | %.2fx |\n", c,
			median(u) / 1e6, lo(u) / 1e6, hi(u) / 1e6, median(w) / 1e6, lo(w) / 1e6, hi(w) / 1e6, median(w) / median(u)
	}
}' "$out"
