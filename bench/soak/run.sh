#!/bin/bash
# Soak: 10,000 executions of a mixed, checked workload through the real Jupyter
# protocol (bench/soak, driven by internal/jupyterclient over ZeroMQ), an interrupt
# every 500th, the kernel and its worker sampled every 100 (RSS, threads, descriptors,
# CPU, goroutines). Prints the markdown report and writes it, and the JSON report, to
# files. Run from anywhere:
#
#   bash bench/soak/run.sh                          # 10,000 executions, soak.md and soak.json here
#   N=2000 BLOCK=500 WARMUP=500 bash bench/soak/run.sh
#   MD=/tmp/soak.md JSON=/tmp/soak.json KERNEL_LOG=/tmp/kernel.log bash bench/soak/run.sh
#
# gokernel is built from this tree into a temporary directory; the soak gives the
# kernel a temporary store and Jupyter data directory of its own. Exit status 1 when
# a reply was wrong or a verdict other than the timing one failed. The machine may be
# shared: the load before and after says how quiet it was.
set -euo pipefail
N=${N:-10000}
BLOCK=${BLOCK:-1000}
WARMUP=${WARMUP:-1000}
SAMPLE=${SAMPLE:-100}
INTERRUPT=${INTERRUPT:-500}
MD=$(realpath -m "${MD:-soak.md}")
JSON=$(realpath -m "${JSON:-soak.json}")
log_args=()
[ -n "${KERNEL_LOG:-}" ] && log_args=(-kernel-log "$(realpath -m "$KERNEL_LOG")")
cd "$(dirname "$0")/../.."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/gokernel" ./cmd/gokernel
go build -o "$tmp/soak" ./bench/soak/cmd/soak

go version
echo "gokernel $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- . 2>/dev/null || echo '+dirty')"
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
echo "memory: $(awk '/^MemTotal|^MemAvailable/ { printf "%s %.1f GiB  ", $1, $2 / 1048576 }' /proc/meminfo)"
cmd=("$tmp/soak" -gokernel "$tmp/gokernel" -n "$N" -block "$BLOCK" -warmup "$WARMUP" -sample-every "$SAMPLE"
	-interrupt-every "$INTERRUPT" -md "$MD" -json "$JSON" "${log_args[@]}")
echo "command: soak -gokernel gokernel -n $N -block $BLOCK -warmup $WARMUP -sample-every $SAMPLE -interrupt-every $INTERRUPT"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
start=$(date +%s)
status=0
"${cmd[@]}" || status=$?
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); wall time $(($(date +%s) - start)) s"
echo "wrote $MD and $JSON"
exit $status
