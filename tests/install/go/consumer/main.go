// Command consumer uses the Go binding the way a project outside the libsse
// repository does: it imports github.com/libsse/libsse/bindings/go, builds against
// an installed libsse through cgo and pkg-config, parses a stream, and runs a
// client round trip against a server of its own whose events come from an Encoder.
// run_consumer.sh compares what it prints with expected.txt.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"time"

	sse "github.com/libsse/libsse/bindings/go"
)

func main() {
	fmt.Println("library", sse.LibraryVersion())
	if err := parse(); err != nil {
		fail(err)
	}
	if err := roundTrip(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "consumer:", err)
	os.Exit(1)
}

// parse feeds a stream split in the middle of a line.
func parse() error {
	p, err := sse.NewParser(func(ev sse.Event) error {
		fmt.Printf("parse: %s #%s %q\n", ev.Type, ev.ID, ev.Data)
		return nil
	})
	if err != nil {
		return err
	}
	defer p.Close()
	for _, chunk := range []string{"event: greet\nid: 7\nda", "ta: hello\ndata: world\n\n"} {
		if _, err := p.WriteString(chunk); err != nil {
			return err
		}
	}
	return p.Finish()
}

// roundTrip serves one event, then 204 to the reconnection, which must carry the
// event's id as Last-Event-ID.
func roundTrip() error {
	var requests atomic.Int32
	var resumedFrom atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) > 1 {
			resumedFrom.Store(r.Header.Get("Last-Event-ID"))
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		id := "1"
		enc := sse.NewEncoder(w)
		if err := enc.Encode(sse.Message{Type: "tick", ID: &id, Data: "from the server"}); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := sse.NewClient(srv.URL, sse.WithReconnectDelay(10*time.Millisecond),
		sse.WithJitter(0),
		sse.OnOpen(func(r sse.Response) error {
			fmt.Println("client: open", r.Status, r.ContentType)
			return nil
		}))
	if err != nil {
		return err
	}
	defer c.Close()
	for ev, err := range c.Events(ctx) {
		if err != nil {
			return err
		}
		fmt.Printf("client: %s #%s %q\n", ev.Type, ev.ID, ev.Data)
	}
	fmt.Printf("server: %d requests, resumed from %q\n", requests.Load(), resumedFrom.Load())
	return nil
}
