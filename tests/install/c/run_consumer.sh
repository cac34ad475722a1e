#!/bin/sh
# The C consumer test: a plain Makefile project (consumer/) copied into a fresh
# temporary directory outside the repository, built with `make` and nothing but
# `pkg-config --cflags --libs libsse` pointed at the INSTALLED libsse, then run: it
# parses a stream, serializes an event and parses it back, and reports sse_features().
#
#   run_consumer.sh LIBSSE_PREFIX EXPECTED_TXT
set -eu
prefix=$1 expected=$2
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The installed copy only: nothing from the build tree on the search paths.
multiarch=$(cc -print-multiarch)
libdir=$prefix/lib/$multiarch
export PKG_CONFIG_PATH="$libdir/pkgconfig" LD_LIBRARY_PATH="$libdir"
# The include directory that holds <sse/sse.h> (the flags also carry those of the
# libraries libsse requires).
headers=
for flag in $(pkg-config --cflags-only-I libsse); do
  [ -f "${flag#-I}/sse/sse.h" ] && headers=${flag#-I}/sse
done
[ -n "$headers" ] || { echo "no -I of pkg-config --cflags libsse holds sse/sse.h" >&2; exit 1; }
echo "pkg-config: $(pkg-config --cflags --libs libsse)"

cp -R "$here/consumer/." "$tmp/"
cd "$tmp"
make --no-print-directory consumer

# The binary must load the installed libsse, not a build tree's.
"$here/../loads_from_prefix.sh" ./consumer "$prefix"

./consumer > out.txt
cat out.txt

# The parts it reports at run time are the ones its headers announced, and the
# installed headers are exactly those parts' (a left-out part's header is absent).
has() { [ -f "$headers/$1" ] && echo 1 || echo 0; }
client=$(has client.h) server=$(has server.h)
sed "s/@VERSION@/$(pkg-config --modversion libsse)/" "$expected" > want.txt
echo "features client=$client server=$server (headers: client=$client server=$server)" >> want.txt
diff -u want.txt out.txt
