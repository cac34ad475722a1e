package sse

// Policy handlers: a Decision replaces the library's default (M7 step 3 "may wait
// longer", M8 stop), and OnBeforeRequest rebuilds the reused request (M7 step 4).

import (
	"errors"
	"strconv"
	"testing"
	"time"
)

// Two one-event streams and a 204; the configured delay is long, so only the
// handler's delay can make the test fast, and the measured gap shows it was kept.
func TestClientDisconnectHandlerCustomDelayThenStop(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(stream(write("data: 1\n\n")), stream(write("data: 2\n\n")), status(204))
	var ended time.Time
	var gap time.Duration
	calls := 0
	c := newTestClient(t, url, WithReconnectDelay(10*time.Second), WithJitter(0),
		OnOpen(func(Response) error {
			if calls == 1 {
				gap = time.Since(ended)
			}
			return nil
		}),
		OnDisconnect(func(d Disconnect) Decision {
			calls++
			ended = time.Now()
			if d.Reason != DisconnectEnd || d.Events != 1 {
				t.Errorf("disconnect %+v, want a clean end after 1 event", d)
			}
			if calls == 1 {
				return ReconnectAfter(150 * time.Millisecond)
			}
			return Stop() // M8: the client never reconnects
		}))
	got, err := runClient(t, c)
	if err != nil {
		t.Fatalf("Run = %v, want nil after a Stop on disconnect", err)
	}
	if len(got) != 2 || calls != 2 {
		t.Fatalf("events %q, disconnect calls %d", eventData(got), calls)
	}
	if gap < 140*time.Millisecond || gap > 5*time.Second {
		t.Fatalf("reconnected after %v, want about 150ms", gap)
	}
	if n := len(srv.log(sid)); n != 2 {
		t.Fatalf("server saw %d requests, want 2 (Stop means no third)", n)
	}
	if c.State() != StateClosed {
		t.Fatalf("state %v after Stop", c.State())
	}
}

// WithRetryStatuses: a 503 reconnects after Retry-After (1 s) by default.
func TestClientRetryStatusHonoursRetryAfter(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.scenario("unavailable-retry-after")
	var failedAt time.Time
	c := newTestClient(t, url, append(fast(), WithRetryStatuses(503),
		OnFailure(func(f Failure) Decision {
			if f.Kind == FailureStatus {
				failedAt = time.Now()
				if !f.HasRetryAfter || f.RetryAfter != time.Second || f.Default.IsStop() ||
					f.Default.Delay() < time.Second || string(f.Body) != "busy, come back later" {
					t.Errorf("503 failure %+v", f)
				}
			}
			return f.Default
		}))...)
	got, err := runClient(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Data != "recovered" {
		t.Fatalf("events %q, want [recovered]", eventData(got))
	}
	if failedAt.IsZero() {
		t.Fatal("no 503 failure reported")
	}
}

// A failure handler overrides both ways: Reconnect() on a 404 whose default is
// stop, then a short ReconnectAfter on a 503 whose Retry-After says 5 s, then Stop.
func TestClientFailureHandlerOverridesDefaults(t *testing.T) {
	srv := startServer(t)
	busy := map[string]any{"status": 503, "headers": [][2]string{{"Retry-After", "5"}},
		"framing": "length", "body": []action{write("busy")}}
	url, sid := srv.script(map[string]any{"status": 404, "headers": [][2]string{},
		"framing": "length", "body": []action{}}, busy, map[string]any{"status": 410,
		"headers": [][2]string{}, "framing": "length", "body": []action{}})
	var seen []string
	var lastFail time.Time
	c := newTestClient(t, url, append(fast(), WithRetryStatuses(503),
		OnFailure(func(f Failure) Decision {
			seen = append(seen, strconv.Itoa(f.Response.Status)+"/"+strconv.FormatUint(f.Attempt, 10))
			lastFail = time.Now()
			switch f.Response.Status {
			case 404:
				if !f.Default.IsStop() {
					t.Errorf("404 default %v, want stop", f.Default)
				}
				return Reconnect()
			case 503:
				return ReconnectAfter(20 * time.Millisecond)
			}
			return Stop()
		}))...)
	start := time.Now()
	_, err := runClient(t, c)
	var fe *FailureError
	if !errors.As(err, &fe) || fe.Failure.Response.Status != 410 {
		t.Fatalf("Run = %v, want the 410 failure", err)
	}
	if want := "404/1 503/2 410/3"; joinStrings(seen) != want {
		t.Fatalf("failures %q, want %q", joinStrings(seen), want)
	}
	if el := lastFail.Sub(start); el > 4*time.Second {
		t.Fatalf("took %v: the 20ms ReconnectAfter did not replace Retry-After's 5 s", el)
	}
	if n := len(srv.log(sid)); n != 3 {
		t.Fatalf("server saw %d requests, want 3", n)
	}
}

func joinStrings(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out
}

// M7 step 4: the request is rebuilt before every attempt, e.g. a fresh token.
func TestClientBeforeRequestChangesHeaderPerAttempt(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(stream(write("id: e1\ndata: 1\n\n")), stream(write("data: 2\n\n")), status(204))
	var attempts []uint64
	var ids []string
	c := newTestClient(t, url, append(fast(), WithHeader("X-Remove-Me", "1"),
		OnBeforeRequest(func(r *Request) error {
			attempts = append(attempts, r.Attempt)
			ids = append(ids, r.LastEventID)
			r.SetHeader("Authorization", "token-"+strconv.FormatUint(r.Attempt, 10))
			r.DelHeader("X-Remove-Me")
			if r.Attempt == 3 {
				r.LastEventID = "override" // H1: what the next request sends
			}
			return nil
		}))...)
	got, err := runClient(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("events %q", eventData(got))
	}
	log := srv.log(sid)
	if len(log) != 3 || len(attempts) != 3 {
		t.Fatalf("%d requests, %d handler calls; want 3 and 3", len(log), len(attempts))
	}
	for i, req := range log {
		want := "token-" + strconv.Itoa(i+1)
		if v, _ := req.header("Authorization"); v != want || attempts[i] != uint64(i+1) {
			t.Errorf("request %d: Authorization %q attempt %d, want %q", i, v, attempts[i], want)
		}
		if v, ok := req.header("X-Remove-Me"); ok {
			t.Errorf("request %d still has X-Remove-Me: %q", i, v)
		}
	}
	if ids[0] != "" || ids[1] != "e1" || ids[2] != "e1" {
		t.Errorf("handler saw last event ids %q, want [\"\" e1 e1]", ids)
	}
	if v, _ := log[2].header("Last-Event-ID"); v != "override" {
		t.Errorf("third request Last-Event-ID %q, want override", v)
	}
}

// An error from OnBeforeRequest stops the client before anything is sent.
func TestClientBeforeRequestErrorStops(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(stream(write("data: 1\n\n")))
	noToken := errors.New("no token")
	c := newTestClient(t, url, append(fast(), OnBeforeRequest(func(*Request) error { return noToken }))...)
	if _, err := runClient(t, c); !errors.Is(err, noToken) {
		t.Fatalf("Run = %v, want the handler's error", err)
	}
	if n := len(srv.log(sid)); n != 0 {
		t.Fatalf("server saw %d requests, want 0", n)
	}
	if c.State() != StateClosed {
		t.Fatalf("state %v", c.State())
	}
}
