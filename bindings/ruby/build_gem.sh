#!/bin/sh
# Assembles and builds the libsse gem. Run by the Meson target ruby-gem
# (bindings/ruby/meson.build), which passes the project version and the SWIG
# wrapper it generated for the in-tree extension, so the gem ships exactly that
# wrapper and the version is kept in meson.build alone.
#
# usage: build_gem.sh VERSION WRAPPER OUT_GEM DEPFILE
#   VERSION  the gem version (meson.project_version())
#   WRAPPER  the generated sse_ruby_wrap.cxx
#   OUT_GEM  where to write libsse-VERSION.gem
#   DEPFILE  Make-style list of the files the gem was built from, for Ninja
set -eu
[ $# -eq 4 ] || { echo "usage: $0 VERSION WRAPPER OUT_GEM DEPFILE" >&2; exit 2; }
version=$1 wrapper=$2 out=$3 depfile=$4
here=$(cd "$(dirname "$0")" && pwd)
headers=$(ls "$here"/../swig/*.hpp)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/ext/sse"
cp -R "$here/lib" "$here/libsse.gemspec" "$here/README.md" "$stage/"
cp "$here/ext/sse/extconf.rb" "$here/ext/sse/cxxflags.txt" "$wrapper" $headers "$stage/ext/sse/"
echo "$version" > "$stage/VERSION"

# --strict: a gemspec warning fails the build rather than scrolling past (warnings
# and errors go to stderr; stdout only says it succeeded).
(cd "$stage" && gem build --strict libsse.gemspec --output gem.gem) >/dev/null
mv "$stage/gem.gem" "$out"

inputs=$(find "$here/lib" -name '*.rb' | sort)
printf '%s:' "$out" > "$depfile"
for input in "$here/libsse.gemspec" "$here/README.md" "$here/ext/sse/extconf.rb" \
             "$here/ext/sse/cxxflags.txt" $headers $inputs; do
  printf ' \\\n %s' "$input" >> "$depfile"
done
echo >> "$depfile"
