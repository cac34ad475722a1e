//go:build !asan

package sse

// underASan: see sanitizer_on_test.go.
const underASan = false
