package sse_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	sse "github.com/libsse/libsse/bindings/go"
)

// Compiled, not run (it needs a server): the client with a token refreshed before
// every attempt, a policy for failures, and Ctrl-C to stop.
func ExampleClient() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT)
	defer stop()

	c, err := sse.NewClient("https://example.invalid/stream",
		sse.WithIdleTimeout(45*time.Second),
		sse.OnBeforeRequest(func(r *sse.Request) error {
			r.SetHeader("Authorization", "Bearer "+currentToken())
			return nil
		}),
		sse.OnFailure(func(f sse.Failure) sse.Decision {
			if f.Response != nil && f.Response.Status == 401 {
				return sse.ReconnectAfter(time.Second) // the token will be refreshed
			}
			return f.Default
		}))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	for ev, err := range c.Events(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ev.Type, ev.ID, ev.Data)
	}
}

func currentToken() string { return "t0k3n" }

// streamThenNoContent starts a server that sends two events from an Encoder, ends
// the stream, and answers the reconnection (which carries Last-Event-ID) with 204:
// the server's way to say it is done.
func streamThenNoContent() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Last-Event-ID") != "" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		enc := sse.NewEncoder(w)
		for i, text := range []string{"hello", "world"} {
			id := strconv.Itoa(i + 1)
			enc.Encode(sse.Message{Type: "greeting", ID: &id, Data: text})
		}
	}))
}

func ExampleClient_Run() {
	srv := streamThenNoContent()
	defer srv.Close()

	c, err := sse.NewClient(srv.URL, sse.WithReconnectDelay(10*time.Millisecond),
		sse.ObserveDisconnect(func(d sse.Disconnect) {
			fmt.Println("disconnected:", d.Reason)
		}))
	if err != nil {
		log.Fatal(err)
	}
	err = c.Run(context.Background(), func(ev sse.Event) error {
		fmt.Println(ev.Type, ev.ID, ev.Data)
		return nil
	})
	fmt.Println("Run returned", err, "after", c.Stats().Attempts, "attempts")
	// Output:
	// greeting 1 hello
	// greeting 2 world
	// disconnected: end
	// Run returned <nil> after 2 attempts
}

func ExampleClient_Subscribe() {
	srv := streamThenNoContent()
	defer srv.Close()

	c, err := sse.NewClient(srv.URL, sse.WithReconnectDelay(10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	events, result := c.Subscribe(ctx)
	for ev := range events {
		fmt.Println(ev.ID, ev.Data)
	}
	fmt.Println("stopped:", <-result)
	// Output:
	// 1 hello
	// 2 world
	// stopped: <nil>
}
