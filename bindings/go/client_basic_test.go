package sse

// The client against the shared test server: events, the request it sends, and
// reconnection with Last-Event-ID and the server's retry.

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// M5 (open before the first event), P21-P25 (event fields), M4 c (204 stops).
func TestClientBasicEventsAndOpen(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.scenario("basic")
	var order []string
	var opened []Response
	c := newTestClient(t, url, append(fast(), OnOpen(func(r Response) error {
		order = append(order, "open")
		opened = append(opened, r)
		return nil
	}))...)
	ctx, cancel := contextWithTestTimeout()
	defer cancel()
	var got []Event
	err := c.Run(ctx, func(ev Event) error {
		order = append(order, "event")
		got = append(got, ev)
		return nil
	})
	if err != nil {
		t.Fatalf("Run = %v, want nil after the 204", err)
	}
	want := []Event{{"message", "hello", "1"}, {"greet", "a\nb", "1"}}
	if d := diffItems(events(got...), events(want...)); d != "" {
		t.Fatalf("events:%s", d)
	}
	if strings.Join(order, ",") != "open,event,event" {
		t.Fatalf("callback order %v, want open first (M5)", order)
	}
	r := opened[0]
	if r.Status != 200 || !strings.HasPrefix(r.ContentType, "text/event-stream") ||
		!strings.HasSuffix(r.URL, "/scenario/basic/"+sid) || r.HTTPVersion != 11 ||
		r.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("open response %+v", r)
	}
	st := c.Stats()
	if st.State != StateClosed || st.Attempts != 2 || st.Reconnects != 1 || st.Events != 2 ||
		st.Bytes == 0 || st.LastEvent.IsZero() {
		t.Fatalf("stats %+v", st)
	}
	if c.LastEventID() != "1" || c.State() != StateClosed {
		t.Fatalf("LastEventID %q State %v", c.LastEventID(), c.State())
	}
	if n := len(srv.log(sid)); n != 2 {
		t.Fatalf("server saw %d requests, want 2 (stream, then the 204)", n)
	}
}

// M3 (Accept, Cache-Control, no Last-Event-ID first), H1 (sent on reconnection),
// method, body and extra headers as configured.
func TestClientRequestHeadersAndPostBody(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(stream(write("id: 7\ndata: x\n\n")), status(204))
	c := newTestClient(t, url, append(fast(),
		WithMethod("POST"), WithBody([]byte(`{"q":1}`)),
		WithHeader("Authorization", "Bearer t0k"), WithHeader("Content-Type", "application/json"),
		WithUserAgent("go-test/1"))...)
	if _, err := runClient(t, c); err != nil {
		t.Fatal(err)
	}
	log := srv.log(sid)
	if len(log) != 2 {
		t.Fatalf("server saw %d requests, want 2", len(log))
	}
	for i, req := range log {
		if req.Method != "POST" || req.Body != `{"q":1}` {
			t.Errorf("request %d: %s with body %q, want POST {\"q\":1}", i, req.Method, req.Body)
		}
		for name, want := range map[string]string{
			"Accept": "text/event-stream", "Cache-Control": "no-cache",
			"Authorization": "Bearer t0k", "User-Agent": "go-test/1",
			"Content-Type": "application/json",
		} {
			if v, _ := req.header(name); v != want {
				t.Errorf("request %d: %s = %q, want %q", i, name, v, want)
			}
		}
	}
	if v, ok := log[0].header("Last-Event-ID"); ok {
		t.Errorf("first request sent Last-Event-ID %q (M3: none)", v)
	}
	if v, _ := log[1].header("Last-Event-ID"); v != "7" {
		t.Errorf("reconnection sent Last-Event-ID %q, want 7 (H1)", v)
	}
}

// WithLastEventID seeds the first request's header (M11, H1).
func TestClientLastEventIDOptionIsSentFirst(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.script(status(204))
	c := newTestClient(t, url, append(fast(), WithLastEventID("resume-42"))...)
	runClient(t, c)
	if v, _ := srv.log(sid)[0].header("Last-Event-ID"); v != "resume-42" {
		t.Fatalf("Last-Event-ID %q, want resume-42", v)
	}
}

// M6 (a dropped connection reconnects), P27 (the unfinished event is dropped),
// M11 and H1 (the reconnection carries the id of the last complete event).
func TestClientDropMidEventResumesWithLastEventID(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.scenario("drop-mid-event")
	var disconnects []Disconnect
	c := newTestClient(t, url, append(fast(), OnDisconnect(func(d Disconnect) Decision {
		disconnects = append(disconnects, d)
		return Decision{}
	}))...)
	got, err := runClient(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Data != "one" || got[0].ID != "1" {
		t.Fatalf("events %q, want \"one\" then the echo", eventData(got))
	}
	var echo loggedRequest
	if err := json.Unmarshal([]byte(got[1].Data), &echo); err != nil {
		t.Fatalf("echo event %q: %v", got[1].Data, err)
	}
	if v, _ := echo.header("Last-Event-ID"); v != "1" {
		t.Fatalf("reconnection sent Last-Event-ID %q, want 1 (the partial id 2 is discarded)", v)
	}
	if got[1].ID != "1" {
		t.Fatalf("echo event id %q, want the carried-over 1 (M11)", got[1].ID)
	}
	if len(disconnects) != 2 || disconnects[0].Reason != DisconnectNetwork || disconnects[0].Err == nil ||
		disconnects[0].Events != 1 || disconnects[1].Reason != DisconnectEnd || disconnects[1].Err != nil {
		t.Fatalf("disconnects %+v, want network (1 event) then end", disconnects)
	}
}

// M10 (retry replaces the reconnection time), M4 c (204 stops).
func TestClientRetryFieldAndStopOn204(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.scenario("retry-then-204")
	var retries []time.Duration
	var disconnectAt time.Time
	var dflt Decision
	// A 5 s configured delay: only the server's retry: 50 lets this finish fast.
	c := newTestClient(t, url, WithReconnectDelay(5*time.Second), WithJitter(0),
		WithRetry(func(d time.Duration) { retries = append(retries, d) }),
		OnDisconnect(func(d Disconnect) Decision {
			disconnectAt, dflt = time.Now(), d.Default
			return Decision{}
		}))
	got, err := runClient(t, c)
	if err != nil {
		t.Fatalf("Run = %v, want nil after the 204", err)
	}
	gap := time.Since(disconnectAt)
	if len(got) != 1 || got[0].ID != "a" || got[0].Data != "x" {
		t.Fatalf("events %+v", got)
	}
	if len(retries) != 1 || retries[0] != 50*time.Millisecond {
		t.Fatalf("retry callbacks %v, want [50]", retries)
	}
	if dflt.IsStop() || dflt.Delay() != 50*time.Millisecond {
		t.Fatalf("default decision after the stream %v, want reconnect after 50ms", dflt)
	}
	if gap < 45*time.Millisecond || gap > 3*time.Second {
		t.Fatalf("reconnected %v after the disconnect, want about 50ms", gap)
	}
	if st := c.Stats(); st.Retry != 50*time.Millisecond || st.State != StateClosed {
		t.Fatalf("stats %+v", st)
	}
	if n := len(srv.log(sid)); n != 2 {
		t.Fatalf("server saw %d requests, want 2 (no reconnection after the 204)", n)
	}
}

// P rules on hostile input: garbage lines are ignored, the valid event arrives.
func TestClientGarbageBytesAreIgnored(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.scenario("garbage")
	got, err := runClient(t, newTestClient(t, url, fast()...))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Data != "ok" {
		t.Fatalf("events %q, want [ok]", eventData(got))
	}
}

// WithProxy: the request goes to the proxy in absolute form (the test server acts
// as a forward proxy), so the unresolvable host is never looked up.
func TestClientThroughProxy(t *testing.T) {
	srv := startServer(t)
	_, sid := srv.script(stream(write("data: via proxy\n\n")), status(204))
	target := "http://example.invalid/s/" + sid
	got, err := runClient(t, newTestClient(t, target, append(fast(), WithProxy(srv.base))...))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Data != "via proxy" {
		t.Fatalf("events %q", eventData(got))
	}
	log := srv.log(sid)
	if len(log) != 2 || log[0].Path != target {
		t.Fatalf("log %+v, want 2 requests for %s in absolute form", log, target)
	}
}
