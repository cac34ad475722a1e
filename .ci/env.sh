# Sourced by the .ci scripts: toolchain paths that a login shell may not have, and the
# shared way to configure a build directory.
if [ -x /usr/local/go/bin/go ]; then export PATH="/usr/local/go/bin:$PATH"; fi
export GOTOOLCHAIN=local

# setup DIR [SOURCE_DIR] [meson options...]: configure DIR fresh, or reconfigure it when
# an earlier run left it (every .ci script's build directory is reused this way).
setup() {
  local dir=$1; shift
  if [ -d "$dir" ]; then meson setup --reconfigure "$dir" "$@"; else meson setup "$dir" "$@"; fi
}
