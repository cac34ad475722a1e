package sse

// Client.Restart: drop the open stream and reconnect at once, from any goroutine.

import (
	"errors"
	"testing"
)

// The first stream delivers one event and then stalls; only a restart can make the
// client reconnect. The second request carries the Last-Event-ID and no failure
// is counted.
func TestClientRestartFromAnotherGoroutine(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(stream(write("id: 1\ndata: one\n\n"), action{"stall": true}),
		stream(write("id: 2\ndata: two\n\n")), status(204))
	restarted := make(chan error, 1)
	var disconnects []Disconnect
	c := newTestClient(t, url, append(fast(),
		ObserveDisconnect(func(d Disconnect) { disconnects = append(disconnects, d) }))...)
	ctx, cancel := contextWithTestTimeout()
	defer cancel()
	var got []Event
	err := c.Run(ctx, func(ev Event) error {
		got = append(got, ev)
		if ev.Data == "one" {
			go func() { restarted <- c.Restart() }()
		}
		return nil
	})
	if ctx.Err() != nil {
		t.Fatal("the client did not stop: the restart did not drop the stalled stream")
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := <-restarted; err != nil {
		t.Fatalf("Restart = %v", err)
	}
	if d := eventData(got); len(d) != 2 || d[0] != "one" || d[1] != "two" {
		t.Fatalf("events %q, want [one two]", d)
	}
	log := srv.log(sid)
	if len(log) != 3 {
		t.Fatalf("server saw %d requests, want 3 (stalled stream, restart, 204)", len(log))
	}
	if id, _ := log[1].header("Last-Event-ID"); id != "1" {
		t.Fatalf("restarted request's Last-Event-ID %q, want 1", id)
	}
	if st := c.Stats(); st.Failures != 1 { // the final 204 only
		t.Fatalf("failures %d, want 1 (the 204; the restart counts none)", st.Failures)
	}
	// The dropped stream is not a disconnect; the second stream's clean end is.
	if len(disconnects) != 1 || disconnects[0].Reason != DisconnectEnd {
		t.Fatalf("disconnects %+v, want only the second stream's end", disconnects)
	}
	if err := c.Restart(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Restart after the run = %v, want ErrClosed", err)
	}
}
