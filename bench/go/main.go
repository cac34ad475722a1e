// Command ssebench measures the Go binding's parser on a corpus file.
//
//	ssebench CORPUS_FILE [chunk_size]
//
// It feeds the file through sse.Parser in chunks of chunk_size bytes (default
// 64 KiB) with a callback that counts events and touches their data, and prints one line:
//
//	go events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y
//
// Meson copies this file to <build>/bindings/go/cmd/ssebench/, inside the generated
// Go module, where bench/run builds it; by hand (cgo needs the in-tree libsse):
//
//	cd <build>/bindings/go
//	PKG_CONFIG_PATH=<build>/meson-uninstalled GOCACHE=$PWD/go-cache \
//	  go build -o ssebench ./cmd/ssebench
//	LD_LIBRARY_PATH=<build>/capi ./ssebench CORPUS_FILE
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/libsse/libsse/bindings/go"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: ssebench CORPUS_FILE [chunk_size]")
		os.Exit(2)
	}
	chunk := 64 << 10
	if len(os.Args) == 3 {
		n, err := strconv.Atoi(os.Args[2])
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "ssebench: chunk_size must be a positive integer, got %q\n", os.Args[2])
			os.Exit(2)
		}
		chunk = n
	}
	// Read the whole corpus first so that the timing covers parsing only.
	corpus, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "ssebench:", err)
		os.Exit(1)
	}

	// Touch every event's data, as the other benchmarks' callbacks do.
	events, dataBytes := 0, 0
	p, err := sse.NewParser(func(ev sse.Event) error {
		events++
		dataBytes += len(ev.Data)
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ssebench:", err)
		os.Exit(1)
	}
	defer p.Close()

	start := time.Now()
	for rest := corpus; len(rest) > 0; {
		n := min(chunk, len(rest))
		if _, err := p.Write(rest[:n]); err != nil {
			fmt.Fprintln(os.Stderr, "ssebench:", err)
			os.Exit(1)
		}
		rest = rest[n:]
	}
	if err := p.Finish(); err != nil {
		fmt.Fprintln(os.Stderr, "ssebench:", err)
		os.Exit(1)
	}
	secs := time.Since(start).Seconds()
	if events > 0 && dataBytes == 0 {
		fmt.Fprintln(os.Stderr, "ssebench: every event had empty data; is this an SSE corpus?")
	}

	fmt.Printf("go events=%d bytes=%d seconds=%.6f events_per_sec=%.0f mb_per_sec=%.2f\n",
		events, len(corpus), secs, float64(events)/secs, float64(len(corpus))/secs/1e6)
}
