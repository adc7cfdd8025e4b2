#!/bin/sh
# Benchmarks gokernel's ANN indexes against brute force and hnswlib on
# Fashion-MNIST (60k x 784, L2) and a clustered synthetic set (100k x 100,
# cosine), printing one table. Extra arguments go to the Go program, e.g.
#   bench/ann/run.sh -dataset fashion -queries 2000
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

# hnswlib_bench.py is run with Debian's Python, which has the packages
# above, not whatever python3 is first on PATH.
exec go run ./bench/ann -python /usr/bin/python3 -script bench/ann/hnswlib_bench.py "$@"
