# Sourced by the .ci scripts: toolchain paths that a login shell may not have.
if [ -x /usr/local/go/bin/go ]; then export PATH="/usr/local/go/bin:$PATH"; fi
export GOTOOLCHAIN=local
