// The peers benchmark's own module (bench/go/peers/main.go). bench/peers_go.py
// copies it next to the built binding's module and appends
// `replace github.com/libsse/libsse/bindings/go => ../../bindings/go`; the peers are the
// versions issue 9 names (go-sse 0.12.0 needs Go 1.26).
module example.invalid/libsse/bench/peers

go 1.26

require (
	github.com/libsse/libsse/bindings/go v0.0.0
	github.com/r3labs/sse/v2 v2.10.0
	github.com/tmaxmax/go-sse v0.12.0
	gopkg.in/cenkalti/backoff.v1 v1.1.0
)

require golang.org/x/net v0.0.0-20191116160921-f9c825593386 // indirect
