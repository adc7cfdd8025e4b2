#!/bin/bash
# What storing a session's values costs: the snapshot store, through the kernel's
# path (snapshot.Encode into a BlockWriter, then fixed 512 KiB blocks for values of
# 8 MiB or more, content-defined chunks below; BLAKE3, zstd, fsync), against
# encoding/gob over compress/gzip into a synced file, on the same values in one
# run. Each measurement runs in a child process of its own, the contenders taking
# turns within each round, so that none pays for another's garbage and each one's
# peak memory (peak RSS) is its own. Workloads: (a) a []float64 of prices (256 MiB
# at SCALE=1), (b) a map[string]Song of 200k songs, (c) 100k x 64 float32
# embeddings; then the incremental case, a state of INCR_MIB MiB stored again after
# a 1 MiB change, and restored. Run from anywhere:
#
#   bash bench/snapshot/run.sh                          # 5 rounds, full size
#   ROUNDS=2 SCALE=0.1 INCR_MIB=64 bash bench/snapshot/run.sh
#   INCR_MIB=0 bash bench/snapshot/run.sh              # without the incremental case
#
# Last, the kernel itself (kernel.py): the reply to a cell making 100 MB, the cell
# after it, a small cell beside it, and crash recovery with 100 MB, snapshots on and off.
#
# Targets: store throughput at least 3x gob+gzip's with fewer bytes stored; storing
# 1 GiB again after a 1 MiB change adds under 2 MiB and takes under 50 ms; restoring
# 1 GiB takes under 3 s. Files go to DIR (default $TMPDIR or /tmp), which should be
# on a real disk: on tmpfs, fsync costs nothing. The incremental case needs about
# 9 times INCR_MIB of free memory (gob's child) and is skipped, saying so, when
# there is less.
# Wall times suffer when other work shares the machine; the cpu columns less so.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-5}
SCALE=${SCALE:-1}
INCR_MIB=${INCR_MIB:-1024}
DIR=${DIR:-${TMPDIR:-/tmp}}

go version
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
echo "memory: $(awk '/^MemTotal|^MemAvailable/ { printf "%s %.1f GiB  ", $1, $2 / 1048576 }' /proc/meminfo)"
echo "files: $(df -hT "$DIR" | awk 'NR == 2 { print $2 " on " $1 ", " $5 " free" }')"
cmd=(go run ./bench/snapshot -rounds "$ROUNDS" -scale "$SCALE" -incr-mib "$INCR_MIB" -dir "$DIR")
echo "command: ${cmd[*]}"
# The machine may be shared: the load before and after says how quiet it was.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"${cmd[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Through the real kernel: what a user waits for (kernel.py says what it measures).
PY=/usr/bin/python3
if ! "$PY" -c 'import jupyter_client' 2>/dev/null; then
	echo "no jupyter_client for $PY: skipping the kernel's part (apt-get install jupyter-client)" >&2
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/snapshot-bench-kernel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/gokernel" ./cmd/gokernel
"$tmp/gokernel" install --prefix "$tmp/prefix" >&2
echo
echo "== through the kernel ($PY bench/snapshot/kernel.py $ROUNDS)"
JUPYTER_PATH="$tmp/prefix/share/jupyter" "$PY" bench/snapshot/kernel.py "$ROUNDS"
