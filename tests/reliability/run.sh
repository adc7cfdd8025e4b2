#!/usr/bin/env bash
# Runs the reliability tests (faults, hostile input, soak, the front end vanishing, the
# fuzzers) with every fault tried three times, and writes docs/reliability.md from what
# they recorded. Usage: bash tests/reliability/run.sh [TRIALS]
set -euo pipefail
cd "$(dirname "$0")/../.."

trials=${1:-3}
records=$(mktemp --suffix=.jsonl)
header=$(mktemp --suffix=.md)
trap 'rm -f "$records" "$header"' EXIT

start=$(date +%s)
status=0
GOKERNEL_RELIABILITY_LOG=$records GOKERNEL_FAULT_TRIALS=$trials \
  go test -count=1 -timeout 60m -run 'TestFault|TestHostile|TestSoak|TestParentGone|TestHouseRulesFuzz' ./tests/ ./tests/houserules/ || status=$?
took=$(( $(date +%s) - start ))

cat >"$header" <<MD
What gokernel was put through, and what it did, as recorded by the tests themselves
(\`tests/faults_test.go\`, \`tests/hostile_test.go\`, \`tests/soak_test.go\`,
\`tests/parent_test.go\`, and the fuzz targets that \`tests/houserules\` runs). Regenerate with
\`bash tests/reliability/run.sh\` (every fault tried $trials times; the normal
\`go test ./...\` tries each once). The soak here is the tests' short one (500
executions); the 10,000-execution soak and its memory bounds are in
[bench/soak/README.md](../bench/soak/README.md).

- Run: $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' with local changes'), $(go version | cut -d' ' -f3), $(uname -sr)
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1024/1024}' /proc/meminfo) of memory
- The test run took ${took} s and $( [ $status -eq 0 ] && echo passed || echo "FAILED (exit $status)").
MD
go run ./tests/reliability -in "$records" -header "$header" -out docs/reliability.md
echo "wrote docs/reliability.md"
exit $status
