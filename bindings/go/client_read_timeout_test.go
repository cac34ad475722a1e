package sse

// WithReadTimeout (no byte at all) against WithIdleTimeout (no event or comment).

import (
	"errors"
	"testing"
	"time"
)

// trickle sends one event one byte every 200 ms (1.8 s in all), then ends; the
// next request gets 204.
func trickle(t *testing.T, srv *testServer) string {
	url, _ := srv.script(stream(action{"drip": "data: x\n\n", "every_ms": 200}), status(204))
	return url
}

// runObserved runs a client and returns its events and disconnects.
func runObserved(t *testing.T, url string, opts ...ClientOption) ([]Event, []Disconnect) {
	t.Helper()
	var disconnects []Disconnect
	c := newTestClient(t, url, append(append(fast(), opts...),
		ObserveDisconnect(func(d Disconnect) { disconnects = append(disconnects, d) }))...)
	got, err := runClient(t, c)
	if err != nil {
		t.Fatal(err)
	}
	return got, disconnects
}

func TestClientReadTimeoutSurvivesTrickle(t *testing.T) {
	srv := startServer(t)
	got, disconnects := runObserved(t, trickle(t, srv), WithReadTimeout(500*time.Millisecond))
	if len(got) != 1 || got[0].Data != "x" {
		t.Fatalf("events %q, want [x]", eventData(got))
	}
	if len(disconnects) != 1 || disconnects[0].Reason != DisconnectEnd {
		t.Fatalf("disconnects %+v, want the clean end of the trickled stream", disconnects)
	}
}

func TestClientIdleTimeoutDropsTrickle(t *testing.T) {
	srv := startServer(t)
	got, disconnects := runObserved(t, trickle(t, srv), WithIdleTimeout(500*time.Millisecond))
	if len(got) != 0 {
		t.Fatalf("events %q, want none (dropped before the event was complete)", eventData(got))
	}
	if len(disconnects) != 1 || disconnects[0].Reason != DisconnectIdle {
		t.Fatalf("disconnects %+v, want one idle timeout", disconnects)
	}
}

func TestClientReadTimeoutOnStall(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.scenario("stall")
	_, disconnects := runObserved(t, url, WithReadTimeout(300*time.Millisecond))
	if len(disconnects) != 1 || disconnects[0].Reason != DisconnectReadTimeout ||
		!errors.Is(disconnects[0].Err, ErrTimedOut) || disconnects[0].Default.IsStop() {
		t.Fatalf("disconnects %+v, want one read timeout that reconnects", disconnects)
	}
	if s := disconnects[0].Reason.String(); s != "read timeout" {
		t.Fatalf("reason text %q", s)
	}
}
