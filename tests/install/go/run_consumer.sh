#!/bin/sh
# The Go consumer test: a module outside the repository (a fresh temporary
# directory) that requires github.com/libsse/libsse/bindings/go v1.3.0, with a
# replace pointing only at this checkout's bindings/go (the module is not
# published), builds against the INSTALLED libsse and runs a parse and a client
# round trip.
#
#   run_consumer.sh GO LIBSSE_PREFIX SOURCE_ROOT GOCACHE
set -eu
go=$1 prefix=$2 source_root=$3
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The installed copy only: nothing from the build tree on the search paths.
libdir=$prefix/lib/$(cc -print-multiarch)
export PKG_CONFIG_PATH="$libdir/pkgconfig" LD_LIBRARY_PATH="$libdir"
export GOCACHE=$4              # kept between runs: a fresh one rebuilds the standard library
export GOPATH="$tmp/gopath"    # the module cache of this run only
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local CGO_ENABLED=1

cp "$here/consumer/main.go" "$tmp/"
cd "$tmp"
# What a user types, plus the replace: v1.3.0 is not published yet.
"$go" mod init example.com/sseconsumer
"$go" mod edit -require=github.com/libsse/libsse/bindings/go@v1.3.0 \
  -replace=github.com/libsse/libsse/bindings/go="$source_root/bindings/go"
"$go" build -o consumer .

# The binary must load the installed libsse, not a build tree's.
"$here/../loads_from_prefix.sh" ./consumer "$prefix"

./consumer > out.txt
cat out.txt
# The library it ran with is the installed version.
version=$(pkg-config --modversion libsse)
echo "library $version" > want.txt
cat "$here/expected.txt" >> want.txt
diff -u want.txt out.txt
echo "go consumer: OK"
