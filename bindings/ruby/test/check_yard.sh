#!/bin/sh
# The YARD check of the hand-written layer (test ruby-yard): fails when a public
# class, module, constant, attribute or method of LIB_DIR has no YARD comment
# (`yard stats --list-undoc`), or when rendering the HTML warns (an unknown tag, a
# @param naming no parameter, a {link} to nothing).
#
#   check_yard.sh LIB_DIR
set -eu
lib=$1
command -v yard > /dev/null || { echo "yard is missing (Debian: apt-get install yard)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" # yard writes its cache and log next to where it runs

status=0
yard doc --no-save --no-progress --fail-on-warning -o "$tmp/html" "$lib/**/*.rb" > doc.log 2>&1 || status=1
yard stats --list-undoc --no-save "$lib/**/*.rb" > stats.log 2>&1 || status=1
cat doc.log stats.log
if grep -q '\[\(warn\|error\)\]' doc.log stats.log; then
  echo "YARD warned (above)" >&2
  status=1
fi
if ! grep -q '^ *100\.00% documented' stats.log; then
  echo "undocumented objects (above): every public object needs a YARD comment" >&2
  status=1
fi
exit $status
