package sse

// Failed attempts (M4) and redirects (M12).

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

// M4 c: a 404 fails the connection; Run reports the details and nothing reconnects.
func TestClientNotFoundStopsWithDetails(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.scenario("not-found")
	_, err := runClient(t, newTestClient(t, url, fast()...))
	var fe *FailureError
	if !errors.As(err, &fe) {
		t.Fatalf("Run = %v, want a *FailureError", err)
	}
	f := fe.Failure
	if f.Kind != FailureStatus || f.Response == nil || f.Response.Status != 404 ||
		f.Response.ContentType != "text/plain" || string(f.Body) != "missing" ||
		f.Attempt != 1 || !f.Default.IsStop() || f.GaveUp {
		t.Fatalf("failure %+v (response %+v)", f, f.Response)
	}
	if !errors.Is(err, ErrProto) {
		t.Errorf("errors.Is(%v, ErrProto) = false", err)
	}
	if n := len(srv.log(sid)); n != 1 {
		t.Fatalf("server saw %d requests, want 1 (M8: never reconnect)", n)
	}
}

// M4 d: a 200 with another content type fails the connection.
func TestClientWrongContentTypeStops(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.scenario("wrong-type")
	opened := false
	_, err := runClient(t, newTestClient(t, url, append(fast(),
		OnOpen(func(Response) error { opened = true; return nil }))...))
	var fe *FailureError
	if !errors.As(err, &fe) || fe.Failure.Kind != FailureContentType ||
		fe.Failure.Response == nil || fe.Failure.Response.Status != 200 ||
		fe.Failure.Response.ContentType != "text/html" {
		t.Fatalf("Run = %v, want a content-type failure for text/html", err)
	}
	if opened {
		t.Fatal("OnOpen ran for a wrong content type (M5 needs M4 to pass)")
	}
	if n := len(srv.log(sid)); n != 1 {
		t.Fatalf("server saw %d requests, want 1", n)
	}
}

// M4 c: 204 is the stop signal, and not an error for Run.
func TestClientNoContentIsANormalStop(t *testing.T) {
	srv := startServer(t)
	url, _ := srv.scenario("no-content")
	var kinds []FailureKind
	c := newTestClient(t, url, append(fast(), OnFailure(func(f Failure) Decision {
		kinds = append(kinds, f.Kind)
		return Decision{}
	}))...)
	if _, err := runClient(t, c); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if len(kinds) != 1 || kinds[0] != FailureNoContent {
		t.Fatalf("failures %v, want one no-content", kinds)
	}
}

// M12: redirects are followed, and reconnections go straight to the final URL.
func TestClientRedirectChainReconnectsToFinalURL(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.scenario("redirect-chain")
	var openURL string
	c := newTestClient(t, url, append(fast(), OnOpen(func(r Response) error {
		openURL = r.URL
		return nil
	}))...)
	got, err := runClient(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Data != "final" {
		t.Fatalf("events %q, want [final]", eventData(got))
	}
	log := srv.log(sid)
	var paths []string
	for _, r := range log {
		paths = append(paths, r.Path)
	}
	final := "/s/" + sid + "/final"
	want := []string{"/scenario/redirect-chain/" + sid, "/s/" + sid + "/hop2", "/s/" + sid + "/hop3",
		final, final}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Fatalf("request paths %v, want %v", paths, want)
	}
	if !strings.HasSuffix(openURL, final) || !strings.HasSuffix(c.URL(), final) {
		t.Fatalf("open URL %q, client URL %q; want both ending in %s", openURL, c.URL(), final)
	}
}

// M12 + M4 b: a redirect loop hits the limit, which is a network-class failure
// that reconnects by default; the handler stops it here.
func TestClientRedirectLoopIsARedirectFailure(t *testing.T) {
	srv := startServer(t)
	url, sid := srv.scenario("redirect-loop")
	var failures []Failure
	c := newTestClient(t, url, append(fast(), WithMaxRedirects(3),
		OnFailure(func(f Failure) Decision {
			failures = append(failures, f)
			return Stop()
		}))...)
	_, err := runClient(t, c)
	var fe *FailureError
	if !errors.As(err, &fe) || fe.Failure.Kind != FailureRedirects {
		t.Fatalf("Run = %v, want a redirects failure", err)
	}
	if len(failures) != 1 || failures[0].Default.IsStop() {
		t.Fatalf("failures %+v, want one whose default is to reconnect", failures)
	}
	if n := len(srv.log(sid)); n != 4 {
		t.Fatalf("server saw %d requests, want 4 (the first plus 3 redirects)", n)
	}
}

// M4 b: nothing listening is a network failure, retried by default; WithGiveUp
// ends it.
func TestClientRefusedConnectionGivesUp(t *testing.T) {
	// An ephemeral port that was just released: nothing listens there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String() + "/s/x"
	l.Close()
	var attempts []uint64
	c := newTestClient(t, url, WithReconnectDelay(time.Millisecond), WithJitter(0),
		WithGiveUp(3, 0), OnFailure(func(f Failure) Decision {
			attempts = append(attempts, f.Attempt)
			if f.Kind != FailureNetwork || f.Response != nil {
				t.Errorf("failure %+v, want network without a response", f)
			}
			if f.GaveUp != (f.Attempt == 3) || f.Default.IsStop() != (f.Attempt == 3) {
				t.Errorf("attempt %d: gaveUp %v default %v", f.Attempt, f.GaveUp, f.Default)
			}
			return Decision{}
		}))
	_, err = runClient(t, c)
	var fe *FailureError
	if !errors.As(err, &fe) || !fe.Failure.GaveUp || !errors.Is(err, ErrIO) {
		t.Fatalf("Run = %v, want a give-up network failure (ErrIO)", err)
	}
	if len(attempts) != 3 || attempts[2] != 3 {
		t.Fatalf("failure attempts %v, want [1 2 3]", attempts)
	}
}
