#!/bin/sh
# Benchmarks gokernel's ANN indexes against natively built hnswlib and
# Annoy (and, as extras, Debian's hnswlib built natively, Debian's Python
# hnswlib and brute force) on Fashion-MNIST (60k x 784, L2), a clustered
# synthetic set (100k x 100, cosine) and a harder anisotropic one (200k x
# 128, cosine), printing one table. Extra arguments go to the Go program,
# e.g.
#   bench/ann/run.sh -dataset fashion -queries 2000 -rounds 5
set -eu
cd "$(dirname "$0")/../.."

need=""
/usr/bin/python3 -c 'import hnswlib' 2>/dev/null || need="$need python3-hnswlib"
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need="$need python3-numpy"
[ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need="$need dataset-fashion-mnist"
if [ -n "$need" ]; then
	echo "installing:$need" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get install -y $need >&2
fi

# The native reference: build.sh compiles it outside the repository and
# prints native=... and native_debian=... for us.
# (An assignment, not eval "$(...)", so that a failed build stops us.)
native="" native_debian=""
vars=$(bench/ann/native/build.sh)
eval "$vars"

# Build the Go program rather than go run it, so the children it re-executes
# are the same binary and no compile runs between rounds.
bin=$(mktemp -d)/bench-ann
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./bench/ann

# hnswlib_bench.py is run with Debian's Python, which has the packages
# above, not whatever python3 is first on PATH.
"$bin" -native "$native" -native-debian "$native_debian" \
	-python /usr/bin/python3 -script bench/ann/hnswlib_bench.py "$@"
