package sse

// https with the server's generated CA, an unrelated CA (M4 b: a TLS failure), and
// mutual TLS.

import (
	"errors"
	"testing"
)

func TestClientTLSWithGeneratedCA(t *testing.T) {
	srv := startServer(t, "--tls", t.TempDir())
	if srv.info.Scheme != "https" || srv.info.CA == "" {
		t.Fatalf("server info %+v, want https with a CA", srv.info)
	}
	url, _ := srv.scenario("basic")
	var opened Response
	c := newTestClient(t, url, append(fast(), WithCAFile(srv.info.CA),
		OnOpen(func(r Response) error { opened = r; return nil }))...)
	got, err := runClient(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Data != "hello" || opened.Status != 200 {
		t.Fatalf("events %q, open %+v", eventData(got), opened)
	}
}

// A certificate from an untrusted CA fails the attempt as a TLS failure, which
// reconnects by default (M4 b); the handler stops it.
func TestClientTLSUntrustedCAFails(t *testing.T) {
	srv := startServer(t, "--tls", t.TempDir())
	url, sid := srv.scenario("basic")
	var failures []Failure
	c := newTestClient(t, url, append(fast(), WithCAFile(srv.info.OtherCA),
		OnFailure(func(f Failure) Decision {
			failures = append(failures, f)
			return Stop()
		}))...)
	got, err := runClient(t, c)
	var fe *FailureError
	if !errors.As(err, &fe) || fe.Failure.Kind != FailureTLS || fe.Failure.Response != nil {
		t.Fatalf("Run = %v, want a TLS failure without a response", err)
	}
	if len(got) != 0 || len(failures) != 1 || failures[0].Default.IsStop() {
		t.Fatalf("events %d, failures %+v; want none and one that would reconnect", len(got), failures)
	}
	if n := len(srv.log(sid)); n != 0 {
		t.Fatalf("server logged %d requests; the handshake should have failed first", n)
	}
}

// Mutual TLS: the server requires a client certificate signed by its CA.
func TestClientTLSClientCertificate(t *testing.T) {
	srv := startServer(t, "--tls", t.TempDir(), "--require-client-cert")
	url, _ := srv.scenario("basic")
	c := newTestClient(t, url, append(fast(), WithCAFile(srv.info.CA),
		WithClientCert(srv.info.ClientCert, srv.info.ClientKey))...)
	got, err := runClient(t, c)
	if err != nil || len(got) != 2 {
		t.Fatalf("with a client certificate: events %q, %v", eventData(got), err)
	}

	url, _ = srv.scenario("basic")
	c = newTestClient(t, url, append(fast(), WithCAFile(srv.info.CA), WithGiveUp(1, 0))...)
	_, err = runClient(t, c)
	var fe *FailureError
	if !errors.As(err, &fe) || (fe.Failure.Kind != FailureTLS && fe.Failure.Kind != FailureNetwork) {
		t.Fatalf("without a client certificate: Run = %v, want a TLS or network failure", err)
	}
}
