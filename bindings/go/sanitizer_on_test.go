//go:build asan

package sse

// underASan is true in `go test -asan` builds (the sanitizer suite, see
// meson.build): ASan keeps freed memory in quarantine, so resident-memory figures
// grow without a leak; its own leak checker runs at exit instead.
const underASan = true
