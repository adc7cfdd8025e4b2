#!/bin/sh
# Builds annbench, bench/ann's native hnswlib and Annoy reference, the way
# the libraries' users build them: from their headers with
#   g++ -O3 -march=native -std=c++17 -pthread
# into a cache directory outside the repository, twice:
#
#   annbench-hnswlib-0.8.0   hnswlib 0.8.0, the newest release, from the
#                            headers the hnswlib-node 3.0.0 npm package
#                            bundles (checked byte for byte against v0.8.0)
#   annbench-hnswlib-debian  hnswlib 0.6.2 from Debian's libhnswlib-dev
#
# Both use Annoy's annoylib.h and kissrandom.h from Debian's
# r-cran-rcppannoy (Annoy 1.17.0 as RcppAnnoy 0.0.20 bundles it; its
# index and search code is that of the newest release, 1.17.3, which only
# added a namespace, renamed macros and fixed Windows builds). Overrides,
# for copies of the releases fetched by other means:
#   HNSWLIB_SRC=DIR HNSWLIB_SRC_VERSION=V  DIR/hnswlib/hnswlib.h instead of npm
#   ANNOY_SRC=DIR ANNOY_SRC_VERSION=V      DIR/annoylib.h instead of Debian's
#
# Progress, the g++ commands and the versions go to stderr; stdout gets
# shell assignments for run.sh:
#   native=PATH          the newest hnswlib (the reference), or Debian's
#                        if the newest could not be had
#   native_debian=PATH   Debian's hnswlib, when native is the newest
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${ANNBENCH_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/gokernel-annbench}
mkdir -p "$cache"
CXX=${CXX:-g++}
CXXFLAGS="-O3 -march=native -std=c++17 -pthread"

log() { echo "build.sh: $*" >&2; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

need=""
for p in g++ libhnswlib-dev r-cran-rcppannoy; do
	installed "$p" || need="$need $p"
done
# npm fetches the newest hnswlib's headers (below) unless HNSWLIB_SRC is set.
[ -n "${HNSWLIB_SRC:-}" ] || command -v npm >/dev/null 2>&1 || need="$need npm"
if [ -n "$need" ]; then
	log "installing:$need"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get install -y $need >&2
fi

# Annoy: the headers Debian ships inside RcppAnnoy. RcppAnnoy.h states the
# Annoy release they are.
if [ -n "${ANNOY_SRC:-}" ]; then
	annoy_dir=$ANNOY_SRC
	annoy_ver=${ANNOY_SRC_VERSION:-unknown}
	log "Annoy $annoy_ver from $annoy_dir"
else
	annoy_dir=$(dirname "$(dpkg -L r-cran-rcppannoy | grep '/annoylib\.h$' | head -n1)")
	annoy_ver=$(sed -n 's/^#define ANNOY_VERSION_\(MAJOR\|MINOR\|PATCH\) *\([0-9]*\).*/\2/p' "$annoy_dir/RcppAnnoy.h" | paste -sd.)
	annoy_ver=${annoy_ver:-unknown}
	log "Annoy $annoy_ver from r-cran-rcppannoy $(dpkg-query -W -f='${Version}' r-cran-rcppannoy) ($annoy_dir)"
fi
[ -f "$annoy_dir/kissrandom.h" ] || { log "no kissrandom.h beside $annoy_dir/annoylib.h"; exit 1; }

# compile NAME HNSWLIB_INCLUDE_DIR HNSWLIB_VERSION
compile() {
	out="$cache/$1"
	log "$CXX $CXXFLAGS -I$2 -I$annoy_dir -DANNBENCH_HNSWLIB_VERSION='\"$3\"'" \
		"-DANNBENCH_ANNOY_VERSION='\"$annoy_ver\"' -DANNBENCH_CXXFLAGS='\"$CXXFLAGS\"'" \
		"-o $out $here/annbench.cc"
	# shellcheck disable=SC2086 # CXXFLAGS is a list of flags
	$CXX $CXXFLAGS -I"$2" -I"$annoy_dir" \
		-DANNBENCH_HNSWLIB_VERSION="\"$3\"" \
		-DANNBENCH_ANNOY_VERSION="\"$annoy_ver\"" \
		-DANNBENCH_CXXFLAGS="\"$CXXFLAGS\"" \
		-o "$out.tmp" "$here/annbench.cc"
	mv "$out.tmp" "$out"
	log "$("$out" version)"
}

log "$($CXX --version | head -n1)"

# Debian's hnswlib, in /usr/include/hnswlib.
deb_ver=$(dpkg-query -W -f='${Version}' libhnswlib-dev)
compile annbench-hnswlib-debian /usr/include "${deb_ver%%-*} Debian"

# The newest hnswlib release, 0.8.0 (December 2023). hnswlib is not
# packaged on npm itself, but hnswlib-node 3.0.0 bundles its headers
# unchanged; the checksum below is of the v0.8.0 tag's seven headers
# concatenated in name order.
v080=b1e17856ee182368daf4fcd5454c26200aa527b5c39b799f7274e83067a7ab67
newest=""
if [ -n "${HNSWLIB_SRC:-}" ]; then
	newest=$HNSWLIB_SRC
	newest_ver=${HNSWLIB_SRC_VERSION:-unknown}
elif command -v npm >/dev/null 2>&1; then
	src="$cache/hnswlib-node-3.0.0"
	if [ ! -f "$src/package/src/hnswlib/hnswlib.h" ]; then
		rm -rf "$src" && mkdir -p "$src"
		if (cd "$src" && npm pack --silent hnswlib-node@3.0.0 >/dev/null && tar xzf hnswlib-node-3.0.0.tgz); then
			:
		else
			log "npm pack hnswlib-node@3.0.0 failed"
			rm -rf "$src"
		fi
	fi
	if [ -d "$src/package/src/hnswlib" ]; then
		sum=$(cd "$src/package/src/hnswlib" && cat bruteforce.h hnswalg.h hnswlib.h space_ip.h \
			space_l2.h stop_condition.h visited_list_pool.h | sha256sum | cut -d' ' -f1)
		if [ "$sum" = "$v080" ]; then
			newest="$src/package/src"
			newest_ver=0.8.0
		else
			log "hnswlib-node 3.0.0's headers are not hnswlib v0.8.0 (sha256 $sum); not using them"
		fi
	fi
fi

if [ -n "$newest" ]; then
	compile "annbench-hnswlib-$newest_ver" "$newest" "$newest_ver"
	echo "native='$cache/annbench-hnswlib-$newest_ver'"
	echo "native_debian='$cache/annbench-hnswlib-debian'"
else
	log "WARNING: no newest hnswlib release on this machine; the reference is Debian's hnswlib $deb_ver"
	echo "native='$cache/annbench-hnswlib-debian'"
	echo "native_debian=''"
fi
