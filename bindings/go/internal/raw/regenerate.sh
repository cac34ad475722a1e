#!/bin/sh
# Regenerates package raw's committed SWIG output from bindings/swig and
# bindings/go/sse_go.i, so that `go get` needs only an installed libsse: a Go
# module zip holds nothing outside bindings/go, so the wrapper and every header it
# includes live here.
#
#   regenerate.sh            rewrite the committed files in this directory
#                            (after editing bindings/swig/* or sse_go.i)
#   regenerate.sh OUTDIR     write them to OUTDIR instead (the Meson build does)
#   regenerate.sh --check    regenerate into a temporary directory and fail,
#                            naming the files, when the committed copy differs
#
# SWIG is taken from $SWIG, else from PATH. It runs from the repository root with
# the same relative paths every time: the input's path is written into the output.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
swig=${SWIG:-swig}
headers="sse_binding.hpp sse_batch.hpp sse_client_binding.hpp"
generated="raw.go raw_wrap.cxx $headers"

generate() {
  out=$1
  mkdir -p "$out"
  (cd "$root" && "$swig" -c++ -go -cgo -intgosize 64 -package raw -Ibindings/swig \
     -outdir "$out" -o "$out/raw_wrap.cxx" bindings/go/sse_go.i)
  for h in $headers; do
    cp "$root/bindings/swig/$h" "$out/$h"
  done
}

case "${1:-}" in
  --check)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    generate "$tmp"
    stale=""
    for f in $generated; do
      cmp -s "$tmp/$f" "$here/$f" || stale="$stale $f"
    done
    if [ -n "$stale" ]; then
      echo "stale SWIG output in bindings/go/internal/raw:$stale" >&2
      for f in $stale; do
        diff -u "$here/$f" "$tmp/$f" | head -20 >&2 || true
      done
      echo "run bindings/go/internal/raw/regenerate.sh and commit the result" >&2
      exit 1
    fi
    echo "bindings/go/internal/raw is up to date:" $generated
    ;;
  "")
    generate "$here"
    ;;
  *)
    out=$(mkdir -p "$1" && cd "$1" && pwd)
    generate "$out"
    ;;
esac
