#!/bin/bash
# Startup and execute round trip of gokernel against ipykernel, driven by the same
# jupyter_client code (bench/roundtrip/roundtrip.py). Run from anywhere:
#
#   bash bench/roundtrip/run.sh                       # 10 starts, 50 + 1,000 executes per cell
#   bash bench/roundtrip/run.sh --runs 200 --starts 5 # extra arguments go to roundtrip.py
#   JSON=out.json bash bench/roundtrip/run.sh         # also keep the results as JSON
#
# gokernel is built from this tree and installed into a temporary prefix that
# JUPYTER_PATH points at, so the benchmark never uses an installed gokernel.
# Jupyter's data, runtime and IPython dirs are temporary too.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3

if ! "$PY" -c 'import jupyter_client, ipykernel' 2>/dev/null; then
	echo "installing jupyter-client and python3-ipykernel (apt-get)" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get install -y jupyter-client python3-ipykernel >&2 ||
		{ $sudo apt-get update >&2 && $sudo apt-get install -y jupyter-client python3-ipykernel >&2; }
	"$PY" -c 'import jupyter_client, ipykernel'
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/roundtrip.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/gokernel" ./cmd/gokernel
"$tmp/gokernel" install --prefix "$tmp/prefix" >&2

export JUPYTER_PATH="$tmp/prefix/share/jupyter"
export JUPYTER_DATA_DIR="$tmp/data"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export IPYTHONDIR="$tmp/ipython"
mkdir -p "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR" "$IPYTHONDIR"

echo "$PY bench/roundtrip/roundtrip.py $* (gokernel $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- . 2>/dev/null || echo '+dirty'))" >&2
json_args=()
[ -n "${JSON:-}" ] && json_args=(--json "$JSON")
"$PY" bench/roundtrip/roundtrip.py "${json_args[@]}" "$@"
