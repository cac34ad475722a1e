#!/usr/bin/env bash
# Regenerates tests/abi/libsse-1.0.abi, the ABI of the released 1.0 interface that the
# `abi_compatible` test (tests/abi/abi_check.py) compares every build with, using
# abidiff. Run it only to record a release's baseline; the XML is committed.
#
# What it does: builds the release commit in a throwaway git worktree with debug
# info, installs it into a temporary prefix, and describes the installed library
# with abidw, restricted to the types of the installed public headers. Paths and
# source locations are left out so the file does not depend on where it was made.
#
# Usage: bash tests/abi/make_baseline.sh [commit] [output]
#   commit  default 865d8b2 (libsse 1.0.0)
#   output  default tests/abi/libsse-1.0.abi
set -euo pipefail

commit=${1:-865d8b2}
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
out=${2:-$root/tests/abi/libsse-1.0.abi}
work=$(mktemp -d)
cleanup() {
  git -C "$root" worktree remove --force "$work/src" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$root" worktree add --detach "$work/src" "$commit" >/dev/null
meson setup "$work/build" "$work/src" --prefix "$work/prefix" --libdir lib \
  --buildtype debugoptimized -Dtests=false \
  -Dbindings_go=disabled -Dbindings_ruby=disabled -Dbindings_java=disabled >/dev/null
ninja -C "$work/build" -j2 >/dev/null
meson install -C "$work/build" --no-rebuild >/dev/null

library=$(readlink -f "$work/prefix/lib/libsse.so.1")
abidw --headers-dir "$work/prefix/include/sse-1/sse" --drop-private-types --exported-interfaces-only \
  --no-corpus-path --no-comp-dir-path --no-show-locs \
  --out-file "$out" "$library"
echo "wrote $out from $commit ($(basename "$library"))"
