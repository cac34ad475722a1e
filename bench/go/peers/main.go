// Command ssepeers measures the Go binding's parser next to the native Go parsers
// github.com/tmaxmax/go-sse (sse.Read) and github.com/r3labs/sse/v2 (Client), on
// the same corpus in memory, in feeds of the same size.
//
//	ssepeers CORPUS_FILE CHUNK_SIZE [LIMIT_SECONDS]
//
// Each implementation hands the user type, id and data as Go strings and the
// callback touches the data, as in bench/go/main.go. libsse gets the corpus through
// Parser.Write in CHUNK_SIZE slices; the peers read it from an io.Reader whose Read
// returns at most CHUNK_SIZE bytes, which is how they take a response body. Each runs
// five times, taking turns; the fastest run counts. A run still going after LIMIT_SECONDS
// (default 60) is cut: its reader fails, and its line says cut=1 with the bytes it
// took until then (so its MB/s is its pace while it ran). One line each:
//
//	go-libsse events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y cut=0 cpu_seconds=C
//	go-sse ...
//	r3labs-sse ...
//
// bench/peers_go.py builds it in a module of its own next to the binding's module
// (a replace directive points at <build>/bindings/go) and fetches the peers at the
// versions pinned in go.mod into bench/out/.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"

	r3labs "github.com/r3labs/sse/v2"
	gosse "github.com/tmaxmax/go-sse"
	"gopkg.in/cenkalti/backoff.v1"

	"github.com/libsse/libsse/bindings/go"
)

// maxEvent is every implementation's event size limit: libsse's default, so that
// the 4 MiB lines of the huge-lines corpus fit everywhere.
const maxEvent = 16 << 20

var errCut = errors.New("cut: time limit reached")

// rounds is how many times each implementation runs; the fastest run counts.
const rounds = 5

// counts is what a run's callback saw.
type counts struct {
	events, dataBytes, otherBytes int
	consumed                      int // corpus bytes taken (all, unless cut)
}

// add touches every string, and is not inlined, so that no conversion to a string
// can be optimised away.
//
//go:noinline
func (c *counts) add(typ, id, data string) {
	c.events++
	c.dataBytes += len(data)
	c.otherBytes += len(typ) + len(id)
}

// chunkReader returns at most chunk bytes per Read and fails once the deadline passed.
type chunkReader struct {
	rest     []byte
	chunk    int
	deadline time.Time
	reads    int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.rest) == 0 {
		return 0, io.EOF
	}
	// Checking the clock costs; every 1024 reads keeps it out of the figures.
	if r.reads++; r.reads&1023 == 0 && time.Now().After(r.deadline) {
		return 0, errCut
	}
	n := copy(p[:min(len(p), r.chunk)], r.rest)
	r.rest = r.rest[n:]
	return n, nil
}

func (r *chunkReader) Close() error { return nil }

func runLibsse(corpus []byte, chunk int, deadline time.Time) (counts, error) {
	var c counts
	p, err := sse.NewParser(func(ev sse.Event) error {
		c.add(ev.Type, ev.ID, ev.Data)
		return nil
	}, sse.WithMaxEventBytes(maxEvent))
	if err != nil {
		return c, err
	}
	defer p.Close()
	for i, rest := 0, corpus; len(rest) > 0; i++ {
		c.consumed = len(corpus) - len(rest)
		if i&1023 == 0 && time.Now().After(deadline) {
			return c, errCut
		}
		n := min(chunk, len(rest))
		if _, err := p.Write(rest[:n]); err != nil {
			return c, err
		}
		rest = rest[n:]
	}
	c.consumed = len(corpus)
	return c, p.Finish()
}

func runGoSSE(corpus []byte, chunk int, deadline time.Time) (c counts, err error) {
	r := &chunkReader{rest: corpus, chunk: chunk, deadline: deadline}
	defer func() { c.consumed = len(corpus) - len(r.rest) }()
	for ev, err := range gosse.Read(r, &gosse.ReadConfig{MaxEventSize: maxEvent}) {
		if err != nil {
			return c, err
		}
		c.add(ev.Type, ev.LastEventID, ev.Data)
	}
	return c, nil
}

// bodyTransport answers every request with the corpus as a 200 text/event-stream
// body read in chunks: r3labs/sse parses only through its Client.
type bodyTransport struct{ body *chunkReader }

func (t bodyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Status: "200 OK", Body: t.body, Request: req,
		Header: http.Header{"Content-Type": []string{"text/event-stream"}}}, nil
}

func runR3labs(corpus []byte, chunk int, deadline time.Time) (c counts, err error) {
	body := &chunkReader{rest: corpus, chunk: chunk, deadline: deadline}
	defer func() { c.consumed = len(corpus) - len(body.rest) }()
	client := r3labs.NewClient("http://corpus.invalid/", r3labs.ClientMaxBufferSize(maxEvent))
	client.Connection = &http.Client{Transport: bodyTransport{body}}
	client.ReconnectStrategy = &backoff.StopBackOff{} // one pass over the corpus
	err = client.SubscribeRawWithContext(context.Background(), func(msg *r3labs.Event) {
		c.add(string(msg.Event), string(msg.ID), string(msg.Data))
	})
	return c, err
}

// cpuTime is the CPU time the process has used (all threads: the garbage
// collector's work counts too). Less disturbed than the wall clock by other
// processes on a busy machine, so the report shows a ratio of it as well.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type runner func(corpus []byte, chunk int, deadline time.Time) (counts, error)

type peer struct {
	name string
	run  runner
	best time.Duration
	cpu  time.Duration // the process's CPU time during the fastest run
	seen counts
	cut  bool
}

// measure runs every peer rounds times, taking turns so that a noisy moment on a
// shared machine hits them alike, and keeps each one's fastest run. A run cut at
// the time limit is not repeated.
func measure(peers []*peer, corpus []byte, chunk int, limit time.Duration, rounds int) {
	for range rounds {
		for _, p := range peers {
			if p.cut {
				continue
			}
			runtime.GC() // no run pays for the garbage of the one before
			cpuStart := cpuTime()
			start := time.Now()
			c, err := p.run(corpus, chunk, start.Add(limit))
			took := time.Since(start)
			cpu := cpuTime() - cpuStart
			if errors.Is(err, errCut) {
				p.best, p.cpu, p.cut, p.seen = took, cpu, true, c
				continue
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "ssepeers: %s: %v\n", p.name, err)
				os.Exit(1)
			}
			if p.best == 0 || took < p.best {
				p.best, p.cpu, p.seen = took, cpu, c
			}
		}
	}
	for _, p := range peers {
		secs := p.best.Seconds()
		cut := 0
		if p.cut {
			cut = 1
		}
		fmt.Printf("%s events=%d bytes=%d seconds=%.6f events_per_sec=%.0f mb_per_sec=%.2f "+
			"cut=%d cpu_seconds=%.6f\n", p.name, p.seen.events, p.seen.consumed, secs,
			float64(p.seen.events)/secs, float64(p.seen.consumed)/secs/1e6, cut, p.cpu.Seconds())
	}
}

func main() {
	if len(os.Args) < 3 || len(os.Args) > 4 {
		fmt.Fprintln(os.Stderr, "usage: ssepeers CORPUS_FILE CHUNK_SIZE [LIMIT_SECONDS]")
		os.Exit(2)
	}
	chunk, err := strconv.Atoi(os.Args[2])
	if err != nil || chunk <= 0 {
		fmt.Fprintf(os.Stderr, "ssepeers: CHUNK_SIZE must be a positive integer, got %q\n", os.Args[2])
		os.Exit(2)
	}
	limit := 60 * time.Second
	if len(os.Args) == 4 {
		s, err := strconv.ParseFloat(os.Args[3], 64)
		if err != nil || s <= 0 {
			fmt.Fprintf(os.Stderr, "ssepeers: LIMIT_SECONDS must be positive, got %q\n", os.Args[3])
			os.Exit(2)
		}
		limit = time.Duration(s * float64(time.Second))
	}
	corpus, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "ssepeers:", err)
		os.Exit(1)
	}
	if bytes.IndexByte(corpus, '\n') < 0 {
		fmt.Fprintln(os.Stderr, "ssepeers: no line in the corpus; is this an SSE corpus?")
		os.Exit(1)
	}
	measure([]*peer{{name: "go-libsse", run: runLibsse}, {name: "go-sse", run: runGoSSE},
		{name: "r3labs-sse", run: runR3labs}}, corpus, chunk, limit, rounds)
}
