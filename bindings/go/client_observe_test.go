package sse

// ObserveFailure and ObserveDisconnect see every failure and disconnect and leave
// the reconnect decision to the library.

import (
	"testing"
	"time"
)

func TestClientObserversLeaveTheDefaultDecision(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(status(503), status(503), stream(write("data: ok\n\n")), status(204))
	var failures []Failure
	var disconnects []Disconnect
	c := newTestClient(t, url, append(fast(), WithRetryStatuses(503),
		ObserveFailure(func(f Failure) { failures = append(failures, f) }),
		ObserveDisconnect(func(d Disconnect) { disconnects = append(disconnects, d) }))...)
	got, err := runClient(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if d := eventData(got); len(d) != 1 || d[0] != "ok" {
		t.Fatalf("events %q, want [ok] after two default reconnections", d)
	}
	if n := len(srv.log(sid)); n != 4 {
		t.Fatalf("server saw %d requests, want 4", n)
	}
	want := []int{503, 503, 204}
	if len(failures) != len(want) {
		t.Fatalf("observed %d failures, want %d", len(failures), len(want))
	}
	for i, f := range failures {
		if f.Response == nil || f.Response.Status != want[i] {
			t.Fatalf("failure %d: %+v, want status %d", i, f, want[i])
		}
	}
	if failures[0].Default.IsStop() || !failures[2].Default.IsStop() {
		t.Fatalf("defaults %+v / %+v: 503 reconnects, 204 stops", failures[0].Default, failures[2].Default)
	}
	if len(disconnects) != 1 || disconnects[0].Reason != DisconnectEnd {
		t.Fatalf("disconnects %+v, want one clean end", disconnects)
	}
}

// An observer next to a deciding handler: both run, the handler decides.
func TestClientObserverAndDecidingHandler(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(status(503), stream(write("data: ok\n\n")), status(204))
	observed, decided := 0, 0
	c := newTestClient(t, url, append(fast(),
		ObserveFailure(func(Failure) { observed++ }),
		OnFailure(func(f Failure) Decision {
			decided++
			if decided == 1 {
				return ReconnectAfter(10 * time.Millisecond) // 503 would stop by default
			}
			return Decision{}
		}))...)
	got, err := runClient(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || observed != 2 || decided != 2 || len(srv.log(sid)) != 3 {
		t.Fatalf("events %d, observed %d, decided %d", len(got), observed, decided)
	}
}
