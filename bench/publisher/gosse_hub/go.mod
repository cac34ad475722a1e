// The go-sse hub of the publisher benchmark (bench/run-publisher), a module of its
// own, built outside the Meson build into bench/out/; go-sse 0.12.0 as in issue 8.
module example.invalid/libsse/bench/publisher/gosse_hub

go 1.26

require github.com/tmaxmax/go-sse v0.12.0
