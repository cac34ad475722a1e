package sse

// Credentials after a redirect to another origin (two loopback ports): the
// caller's Authorization and Cookie stay with the configured origin unless
// WithUnrestrictedAuth(true).

import (
	"testing"
)

// redirectedCredentials redirects from server A to server B, whose first stream
// ends so that the client reconnects to B, and returns B's requests.
func redirectedCredentials(t *testing.T, opts ...ClientOption) []loggedRequest {
	a, b := startServer(t), startServer(t)
	bURL, bSID := b.script(stream(write("data: b1\n\n")), stream(write("data: b2\n\n")), status(204))
	aURL, _ := a.script(map[string]any{"status": 307, "headers": [][2]string{{"Location", bURL}},
		"framing": "length", "body": []action{}})
	c := newTestClient(t, aURL, append(append(fast(), WithHeader("Authorization", "Bearer secret"),
		WithHeader("Cookie", "session=1")), opts...)...)
	got, err := runClient(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if d := eventData(got); len(d) != 2 || d[0] != "b1" || d[1] != "b2" {
		t.Fatalf("events %q, want [b1 b2] from the second origin", d)
	}
	log := b.log(bSID)
	if len(log) != 3 {
		t.Fatalf("server B saw %d requests, want 3 (redirected, reconnected, 204)", len(log))
	}
	return log
}

func TestClientCredentialsStayWithTheirOrigin(t *testing.T) {
	for i, req := range redirectedCredentials(t) {
		for _, name := range []string{"Authorization", "Cookie"} {
			if v, ok := req.header(name); ok {
				t.Errorf("request %d to the other origin carried %s: %q", i+1, name, v)
			}
		}
	}
}

func TestClientUnrestrictedAuthSendsCredentialsOnReconnection(t *testing.T) {
	log := redirectedCredentials(t, WithUnrestrictedAuth(true))
	for _, req := range log[1:] { // the reconnections go to B directly
		if v, _ := req.header("Authorization"); v != "Bearer secret" {
			t.Errorf("reconnection's Authorization %q, want the caller's", v)
		}
		if v, _ := req.header("Cookie"); v != "session=1" {
			t.Errorf("reconnection's Cookie %q, want the caller's", v)
		}
	}
}
