// Command sseclientbench measures the Go binding's client reading one stream from
// bench/c/stream_server.c.
//
//	sseclientbench URL [repetitions]
//
// Each run creates a sse.Client and drives it with Run until the server's final
// `event: end` (the cue every benchmark client stops on; the callback returns a
// sentinel error there). The callback counts the events and touches their data.
// Timed: from NewClient to the end event. Runs at least `repetitions` times (default
// 5) and for at least a second; prints the fastest (MB = 10^6 bytes):
//
//	go-client events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y
//
// bench/run-client builds it in a module of its own next to the binding's
// (<build>/bench/go-client, with a replace directive pointing at
// <build>/bindings/go), so the binding's module is left as meson lays it out.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/libsse/libsse/bindings/go"
)

var errEnd = errors.New("end event")

type tally struct {
	events, dataBytes, bodyBytes uint64
}

// runOnce returns what one run saw and how long it took.
func runOnce(url string) (tally, time.Duration, error) {
	var t tally
	ended := false
	start := time.Now()
	c, err := sse.NewClient(url,
		sse.WithJitter(0),
		sse.WithoutCompression(),
		sse.WithHTTPVersion(sse.HTTP11),
		// The body ended or the attempt failed before the end event: stop, and fail.
		sse.OnDisconnect(func(sse.Disconnect) sse.Decision { ended = true; return sse.Stop() }),
		sse.OnFailure(func(sse.Failure) sse.Decision { ended = true; return sse.Stop() }))
	if err != nil {
		return t, 0, err
	}
	defer c.Close()
	err = c.Run(context.Background(), func(ev sse.Event) error {
		if ev.Type == "end" {
			return errEnd
		}
		t.events++
		t.dataBytes += uint64(len(ev.Data))
		return nil
	})
	elapsed := time.Since(start)
	if !errors.Is(err, errEnd) || ended {
		return t, 0, fmt.Errorf("the run ended before the end event: %v", err)
	}
	t.bodyBytes = c.Stats().Bytes
	return t, elapsed, nil
}

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: sseclientbench URL [repetitions]")
		os.Exit(2)
	}
	reps := 5
	if len(os.Args) == 3 {
		n, err := strconv.Atoi(os.Args[2])
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "sseclientbench: repetitions must be a positive integer, got %q\n", os.Args[2])
			os.Exit(2)
		}
		reps = n
	}
	var first tally
	var best, spent time.Duration
	for i := 0; i < reps || (spent < time.Second && i < 100); i++ {
		t, d, err := runOnce(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "sseclientbench:", err)
			os.Exit(1)
		}
		if i == 0 {
			first = t
		} else if t != first {
			fmt.Fprintf(os.Stderr, "sseclientbench: runs disagree: %+v then %+v\n", first, t)
			os.Exit(1)
		}
		if i == 0 || d < best {
			best = d
		}
		spent += d
	}
	secs := best.Seconds()
	fmt.Printf("go-client events=%d bytes=%d seconds=%.6f events_per_sec=%.0f mb_per_sec=%.1f\n",
		first.events, first.bodyBytes, secs, float64(first.events)/secs,
		float64(first.bodyBytes)/secs/1e6)
}
