package sse

// Stopping the client (M9) from a context or another goroutine, user panics, the
// iterator and channel forms, and misuse.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// promptly bounds how long a stop may take: "well under 100 ms + scheduling".
const promptly = time.Second

// runInBackground starts c.Run and returns a channel with its result.
func runInBackground(ctx context.Context, c *Client, onEvent func(Event) error) <-chan error {
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, onEvent) }()
	return done
}

// waitStopped waits for Run's result after a stop was requested at since.
func waitStopped(t *testing.T, done <-chan error, since time.Time) error {
	t.Helper()
	select {
	case err := <-done:
		if el := time.Since(since); el > promptly {
			t.Fatalf("Run returned %v after the stop, want < %v", el, promptly)
		}
		return err
	case <-time.After(testTimeout):
		t.Fatal("Run did not return after the stop")
		return nil
	}
}

// M9: cancelling the context aborts an open (stalled) stream at once.
func TestClientContextCancelStopsOpenStreamPromptly(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(stream(write("data: first\n\n"), action{"stall": true}))
	firstEvent := make(chan struct{})
	c := newTestClient(t, url, fast()...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := runInBackground(ctx, c, func(ev Event) error {
		if ev.Data == "first" {
			close(firstEvent)
		}
		return nil
	})
	select {
	case <-firstEvent:
	case <-time.After(testTimeout):
		t.Fatal("no event")
	}
	start := time.Now()
	cancel()
	if err := waitStopped(t, done, start); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if c.State() != StateClosed {
		t.Fatalf("state %v", c.State())
	}
	if n := len(srv.log(sid)); n != 1 {
		t.Fatalf("server saw %d requests, want 1", n)
	}
}

// M9: Close from another goroutine cancels a pending reconnection (here 10 s away).
func TestClientCloseFromAnotherGoroutineDuringReconnectWait(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(stream(write("data: 1\n\n")))
	disconnected := make(chan struct{})
	c := newTestClient(t, url, WithReconnectDelay(10*time.Second), WithJitter(0),
		OnDisconnect(func(Disconnect) Decision { close(disconnected); return Decision{} }))
	done := runInBackground(context.Background(), c, nil)
	select {
	case <-disconnected:
	case <-time.After(testTimeout):
		t.Fatal("no disconnect")
	}
	time.Sleep(50 * time.Millisecond) // let the drive loop enter the 10 s wait
	start := time.Now()
	c.Close()
	if err := waitStopped(t, done, start); err != nil {
		t.Fatalf("Run = %v, want nil after Close", err)
	}
	if n := len(srv.log(sid)); n != 1 {
		t.Fatalf("server saw %d requests, want 1 (the reconnection was cancelled)", n)
	}
	c.Close() // closing again is harmless
}

// A context that is already done stops the client before anything is sent.
func TestClientRunWithDoneContext(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(stream(write("data: 1\n\n")))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := newTestClient(t, url, fast()...).Run(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
	if n := len(srv.log(sid)); n != 0 {
		t.Fatalf("server saw %d requests, want 0", n)
	}
}

// A panic in a handler or the event callback stops the client and comes back from
// Run as a *PanicError; the process (this test) goes on.
func TestClientPanicInHandlerSurfacesAsError(t *testing.T) {
	srv := startServer(t)
	type boom struct{ where string }
	cases := map[string][]ClientOption{
		"open":       {OnOpen(func(Response) error { panic(boom{"open"}) })},
		"disconnect": {OnDisconnect(func(Disconnect) Decision { panic(boom{"disconnect"}) })},
		"comment":    {WithComments(func(string) error { panic(boom{"comment"}) })},
	}
	for name, opts := range cases {
		url, _ := srv.script(stream(write(": c\n\ndata: x\n\n")))
		c := newTestClient(t, url, append(fast(), opts...)...)
		_, err := runClient(t, c)
		var pe *PanicError
		if !errors.As(err, &pe) || pe.Value != (boom{name}) || len(pe.Stack) == 0 {
			t.Errorf("%s: Run = %v, want a *PanicError with boom{%s}", name, err, name)
		}
		if c.State() != StateClosed {
			t.Errorf("%s: state %v after the panic", name, c.State())
		}
	}
	url, _ := srv.script(stream(write("data: x\n\n")))
	c := newTestClient(t, url, fast()...)
	ctx, cancel := contextWithTestTimeout()
	defer cancel()
	err := c.Run(ctx, func(Event) error { panic("event callback") })
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "event callback" {
		t.Fatalf("Run = %v, want the event callback's panic", err)
	}
}

// An error returned by the event callback stops the client and is returned as is.
func TestClientEventCallbackErrorStops(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.scenario("basic")
	stop := errors.New("enough")
	c := newTestClient(t, url, fast()...)
	ctx, cancel := contextWithTestTimeout()
	defer cancel()
	n := 0
	err := c.Run(ctx, func(Event) error { n++; return stop })
	if err != stop || n != 1 {
		t.Fatalf("Run = %v after %d events, want the callback's error after 1", err, n)
	}
	if got := len(srv.log(sid)); got != 1 {
		t.Fatalf("server saw %d requests, want 1", got)
	}
}

func TestClientEventsIteratorAndBreak(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.scenario("basic")
	c := newTestClient(t, url, fast()...)
	ctx, cancel := contextWithTestTimeout()
	defer cancel()
	var got []Event
	for ev, err := range c.Events(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ev)
	}
	if len(got) != 2 || got[1].Type != "greet" {
		t.Fatalf("events %+v", got)
	}

	url, sid := srv.script(stream(write("data: 1\n\ndata: 2\n\n"), action{"stall": true}))
	c = newTestClient(t, url, fast()...)
	for ev, err := range c.Events(ctx) {
		if err != nil || ev.Data != "1" {
			t.Fatalf("first item %+v, %v", ev, err)
		}
		break // closes the client
	}
	if c.State() != StateClosed || len(srv.log(sid)) != 1 {
		t.Fatalf("after break: state %v", c.State())
	}
	// Errors are yielded once with a zero Event.
	url, _ = srv.scenario("not-found")
	c = newTestClient(t, url, fast()...)
	var errs []error
	for ev, err := range c.Events(ctx) {
		if err == nil || ev != (Event{}) {
			t.Fatalf("yielded %+v, %v", ev, err)
		}
		errs = append(errs, err)
	}
	var fe *FailureError
	if len(errs) != 1 || !errors.As(errs[0], &fe) {
		t.Fatalf("yielded errors %v, want one *FailureError", errs)
	}
}

// A panic in the loop body is the caller's own: it propagates out of the range
// statement, and the client is closed on the way.
func TestClientEventsLoopBodyPanicPropagates(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.script(stream(write("data: 1\n\n"), action{"stall": true}))
	c := newTestClient(t, url, fast()...)
	ctx, cancel := contextWithTestTimeout()
	defer cancel()
	func() {
		defer func() {
			if r := recover(); r != "loop body" {
				t.Fatalf("recovered %v, want the loop body's panic", r)
			}
		}()
		for range c.Events(ctx) {
			panic("loop body")
		}
	}()
	if c.State() != StateClosed {
		t.Fatalf("state %v after the loop body panicked", c.State())
	}
}

func TestClientSubscribeChannels(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.scenario("basic")
	c := newTestClient(t, url, fast()...)
	ctx, cancel := contextWithTestTimeout()
	defer cancel()
	evs, errc := c.Subscribe(ctx)
	var got []string
	for ev := range evs {
		got = append(got, ev.Data)
	}
	if err := <-errc; err != nil || len(got) != 2 || got[0] != "hello" {
		t.Fatalf("events %q, err %v", got, err)
	}
}

// A Client runs once; invalid options fail NewClient with ErrInvalid.
func TestClientMisuse(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.scenario("no-content")
	c := newTestClient(t, url, fast()...)
	runClient(t, c)
	if err := c.Run(context.Background(), nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("second Run = %v, want ErrClosed", err)
	}
	if st := c.Stats(); st.Attempts != 1 || st.State != StateClosed {
		t.Fatalf("stats after the run %+v", st)
	}
	for name, mk := range map[string]func() (*Client, error){
		"ftp":          func() (*Client, error) { return NewClient("ftp://127.0.0.1/x") },
		"bracket":      func() (*Client, error) { return NewClient("http://[") },
		"port":         func() (*Client, error) { return NewClient("http://127.0.0.1:99999/") },
		"two ports":    func() (*Client, error) { return NewClient("http://host:80:1/") },
		"header CRLF":  func() (*Client, error) { return NewClient(url, WithHeader("X", "a\r\nB: c")) },
		"nul":          func() (*Client, error) { return NewClient(url, WithHeader("X", "a\x00")) },
		"negative":     func() (*Client, error) { return NewClient(url, WithIdleTimeout(-time.Second)) },
		"max bytes":    func() (*Client, error) { return NewClient(url, WithMaxEventBytes(0)) },
		"last-eventid": func() (*Client, error) { return NewClient(url, WithLastEventID("a\nb")) },
	} {
		c, err := mk()
		if !errors.Is(err, ErrInvalid) || c != nil {
			t.Errorf("%s: NewClient = %v, %v; want ErrInvalid", name, c, err)
		}
	}
	// Closing a client that never ran frees it; Run then refuses.
	c2, err := NewClient(url)
	if err != nil {
		t.Fatal(err)
	}
	c2.Close()
	if err := c2.Run(context.Background(), nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("Run after Close = %v", err)
	}
}

// Close unblocks a Subscribe whose reader stopped reading (back-pressure must not
// turn into a leaked goroutine).
func TestClientSubscribeCloseWithoutReader(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.script(stream(write(strings.Repeat("data: x\n\n", 200)), action{"stall": true}))
	c := newTestClient(t, url, fast()...)
	evs, errc := c.Subscribe(context.Background())
	<-evs // the stream is open and the buffer is filling up
	start := time.Now()
	c.Close()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("result %v, want nil after Close", err)
		}
		if el := time.Since(start); el > promptly {
			t.Fatalf("stopped %v after Close", el)
		}
	case <-time.After(testTimeout):
		t.Fatal("Subscribe did not stop after Close")
	}
	n := 0
	for range evs { // buffered events remain readable, then the channel is closed
		n++
	}
	if n > 64 {
		t.Fatalf("%d buffered events, want at most the buffer", n)
	}
}

// M9: Close inside the event callback drops the events already received but not
// yet delivered, and Run returns nil.
func TestClientCloseInsideCallbackDropsTheRest(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.script(stream(write("data: 1\n\ndata: 2\n\ndata: 3\n\n"), action{"stall": true}))
	c := newTestClient(t, url, fast()...)
	ctx, cancel := contextWithTestTimeout()
	defer cancel()
	var got []string
	err := c.Run(ctx, func(ev Event) error {
		got = append(got, ev.Data)
		c.Close()
		return nil
	})
	if err != nil || len(got) != 1 {
		t.Fatalf("Run = %v after events %q, want nil after exactly one", err, got)
	}
}
