package sse_test

import (
	"context"
	"fmt"
	"log"
	"os/signal"
	"syscall"
	"time"

	"github.com/libsse/libsse/bindings/go"
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
