package sse

// Long and awkward streams: idle timeout, oversized events, byte-by-byte input,
// and many reconnections without losing or repeating an event.

import (
	"errors"
	"strconv"
	"testing"
	"time"
)

// An idle timeout ends a silent stream (DisconnectIdle, ErrTimedOut) and the
// client reconnects (M6, M7); comments count as activity and are reported (P12).
func TestClientIdleTimeoutOnStall(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.scenario("stall")
	var comments []string
	var disconnects []Disconnect
	c := newTestClient(t, url, append(fast(), WithIdleTimeout(300*time.Millisecond),
		WithComments(func(text string) error { comments = append(comments, text); return nil }),
		OnDisconnect(func(d Disconnect) Decision {
			disconnects = append(disconnects, d)
			return Decision{}
		}))...)
	start := time.Now()
	if _, err := runClient(t, c); err != nil {
		t.Fatal(err)
	}
	if len(comments) != 1 || comments[0] != "hi" {
		t.Fatalf("comments %q, want [hi]", comments)
	}
	if len(disconnects) != 1 || disconnects[0].Reason != DisconnectIdle ||
		!errors.Is(disconnects[0].Err, ErrTimedOut) || disconnects[0].Default.IsStop() {
		t.Fatalf("disconnects %+v, want one idle timeout that reconnects", disconnects)
	}
	if d := disconnects[0].Connected; d < 250*time.Millisecond || d > 5*time.Second {
		t.Fatalf("connected for %v, want about the 300ms idle timeout", d)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("took %v", el)
	}
	if n := len(srv.log(sid)); n != 2 {
		t.Fatalf("server saw %d requests, want 2 (the stalled stream, then the 204)", n)
	}
}

// An event over WithMaxEventBytes is skipped and reported; the connection stays
// open and the next event arrives on it.
func TestClientOversizedEventSkippedConnectionKept(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.scenario("oversized")
	var skips []error
	c := newTestClient(t, url, append(fast(), WithMaxEventBytes(1<<20),
		WithErrorHandler(func(err error) { skips = append(skips, err) }))...)
	got, err := runClient(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Data != "small" {
		t.Fatalf("events %d (first %.20q), want [small]", len(got), eventData(got))
	}
	if len(skips) != 1 || !errors.Is(skips[0], ErrLimit) {
		t.Fatalf("skips %v, want one ErrLimit", skips)
	}
	if st := c.Stats(); st.SkippedEvents != 1 || st.Bytes < 2<<20 {
		t.Fatalf("stats %+v", st)
	}
	if n := len(srv.log(sid)); n != 2 {
		t.Fatalf("server saw %d requests, want 2 (no reconnection for the skip)", n)
	}
}

// P10: one byte at a time makes no difference.
func TestClientSlowDrip(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.scenario("slow-drip")
	got, err := runClient(t, newTestClient(t, url, fast()...))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Data != "drip" {
		t.Fatalf("events %q, want [drip]", eventData(got))
	}
}

// M6, M11, H1, P27 at scale: 10000 numbered events over 20 dropped connections,
// each event exactly once and in order.
func TestClientNumbered10000ExactlyOnceInOrder(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.scenario("numbered-10000")
	c := newTestClient(t, url, WithReconnectDelay(0), WithJitter(0),
		WithBackoff(5*time.Millisecond, time.Minute))
	ctx, cancel := contextWithTestTimeout()
	defer cancel()
	// Another goroutine reads the counters meanwhile: they are safe to read while
	// the client runs (checked under -race), and only ever grow.
	watcherDone := make(chan error)
	stopWatcher := make(chan struct{})
	go func() {
		var last uint64
		for {
			select {
			case <-stopWatcher:
				watcherDone <- nil
				return
			default:
			}
			n := c.Stats().Events
			if n < last {
				watcherDone <- errors.New("Stats().Events went down")
				return
			}
			last = n
			_ = c.LastEventID()
			time.Sleep(time.Millisecond) // a polling interval, not a synchronisation
		}
	}()
	next := 1
	err := c.Run(ctx, func(ev Event) error {
		want := strconv.Itoa(next)
		if ev.ID != want || ev.Data != want {
			return errors.New("got event id " + ev.ID + " data " + ev.Data + ", want " + want)
		}
		next++
		return nil
	})
	close(stopWatcher)
	if werr := <-watcherDone; werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatalf("Run = %v", err)
	}
	if next != 10001 {
		t.Fatalf("received events 1..%d, want 1..10000", next-1)
	}
	st := c.Stats()
	if st.Events != 10000 || st.Reconnects < 20 {
		t.Fatalf("stats %+v, want 10000 events over at least 20 reconnections", st)
	}
	if n := len(srv.log(sid)); n != 21 {
		t.Fatalf("server saw %d requests, want 21 (20 streams, then the 204)", n)
	}
}
