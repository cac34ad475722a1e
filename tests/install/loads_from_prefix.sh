#!/bin/sh
# Fails unless PROGRAM, run with the caller's LD_LIBRARY_PATH, loads libsse.so from
# under PREFIX (the installed copy), not from a build tree or the system.
# Shared by the consumer tests of tests/install/<lang>/.
#
#   loads_from_prefix.sh PROGRAM PREFIX
set -eu
program=$1 prefix=$2
loaded=$(ldd "$program" | awk '/libsse\.so/ { print $3 }')
case "$loaded" in
  "$prefix"/*) echo "libsse loaded from $loaded" ;;
  *) echo "$program links libsse from '$loaded', not from $prefix" >&2; exit 1 ;;
esac
