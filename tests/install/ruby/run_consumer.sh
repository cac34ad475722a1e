#!/bin/sh
# The Ruby consumer test: the gem the main build made (libsse-<version>.gem, with the
# SWIG wrapper inside) is installed with `gem install --local` into a fresh temporary
# GEM_HOME outside the repository. Its extconf.rb finds the INSTALLED libsse through
# pkg-config and records its library directory as the extension's run path, so the
# consumer script (consumer/, copied next to it) runs with no LD_LIBRARY_PATH and no -I:
# it parses, encodes, and does a client round trip against a server of its own.
#
#   run_consumer.sh LIBSSE_PREFIX MAIN_BUILD EXPECTED_TXT
set -eu
prefix=$1 main_build=$2 expected=$3
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

multiarch=$(cc -print-multiarch)
export PKG_CONFIG_PATH="$prefix/lib/$multiarch/pkgconfig"
version=$(pkg-config --modversion libsse)
gem=$main_build/bindings/ruby/libsse-$version.gem
[ -f "$gem" ] || { echo "no $gem: build the main build with the Ruby binding (target ruby-gem)" >&2; exit 1; }

# Nothing from the repository or the system's gems: only what gem install puts here.
unset RUBYLIB RUBYOPT LD_LIBRARY_PATH
export GEM_HOME="$tmp/gems" GEM_PATH="$tmp/gems"
cp "$gem" "$tmp/"
cp -R "$here/consumer/." "$tmp/"
cd "$tmp"
gem install --local --no-document "./libsse-$version.gem"

# The extension must load the installed libsse, found through its run path.
native=$(find "$GEM_HOME" -name sse_native.so | head -n 1)
"$here/../loads_from_prefix.sh" "$native" "$prefix"

ruby consumer.rb > out.txt
cat out.txt
sed "s/@VERSION@/$version/" "$expected" > want.txt
diff -u want.txt out.txt
