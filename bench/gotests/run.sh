#!/bin/bash
# Fidelity of gokernel against the Go test suite's own programs (issue 7): every
# `// run` file of $GOROOT/test/{ken,chan,interface,typeparam}, compiled and as one cell
# of a fresh kernel, with yaegi alone for comparison. Run from anywhere:
#
#   bash bench/gotests/run.sh                    # full run, writes docs/fidelity.md
#   bash bench/gotests/run.sh -subset 20         # CI-sized subset (docs/fidelity.md untouched)
#   bash bench/gotests/run.sh -json out.json -v  # extra arguments go to the runner
#   KERNEL_REV=HEAD bash bench/gotests/run.sh    # the kernel as committed (git archive),
#                                                # not the work tree: for baselines
#   GOKERNEL=/path/gokernel GOKERNEL_REV=abc123 bash bench/gotests/run.sh  # a prebuilt kernel
#
# gokernel is built from this tree (or from KERNEL_REV) and installed into a temporary prefix that
# JUPYTER_PATH points at, so the run never uses an installed gokernel. Jupyter's data
# and runtime dirs are temporary too. Compiled results are cached in
# ${XDG_CACHE_HOME:-~/.cache}/gokernel-fidelity.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3

if ! "$PY" -c 'import jupyter_client' 2>/dev/null; then
	echo "installing jupyter-client (apt-get)" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get install -y jupyter-client >&2 ||
		{ $sudo apt-get update >&2 && $sudo apt-get install -y jupyter-client >&2; }
	"$PY" -c 'import jupyter_client'
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gotests.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ -n "${GOKERNEL:-}" ]; then
	rev="${GOKERNEL_REV:-prebuilt}"
	cp "$GOKERNEL" "$tmp/gokernel"
elif [ -n "${KERNEL_REV:-}" ]; then
	rev=$(git rev-parse --short "$KERNEL_REV")
	mkdir "$tmp/src"
	git archive "$KERNEL_REV" | tar -x -C "$tmp/src"
	(cd "$tmp/src" && go build -o "$tmp/gokernel" ./cmd/gokernel)
else
	rev="$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
	git diff --quiet HEAD -- cmd kernel interp display kernelspec internal mllib go.mod go.sum 2>/dev/null || rev="$rev+dirty"
	go build -o "$tmp/gokernel" ./cmd/gokernel
fi
go build -o "$tmp/yaegionly" ./bench/gotests/yaegionly
go build -o "$tmp/gotests" ./bench/gotests
"$tmp/gokernel" install --prefix "$tmp/prefix" >&2

export JUPYTER_PATH="$tmp/prefix/share/jupyter"
export JUPYTER_DATA_DIR="$tmp/data"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
mkdir -p "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR"

# A full, normal run (no -subset, -dirs, -append-main or -from) records its numbers
# in docs/fidelity.md.
doc=(-doc docs/fidelity.md)
for a in "$@"; do
	case "$a" in -subset* | -dirs* | --subset* | --dirs* | -append-main* | --append-main* | -from* | --from*) doc=() ;; esac
done
"$tmp/gotests" -python "$PY" -helper bench/gotests/runcell.py -yaegi "$tmp/yaegionly" \
	-rev "$rev" -command "${GOKERNEL:+GOKERNEL=$GOKERNEL }${KERNEL_REV:+KERNEL_REV=$KERNEL_REV }bash bench/gotests/run.sh $*" "${doc[@]}" "$@"
