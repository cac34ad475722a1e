package sse

// The shared fault-injecting test server (tests/server/sse_test_server.py), started
// per test on an ephemeral 127.0.0.1 port and stopped by closing its stdin.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

type serverInfo struct {
	Port       int    `json:"port"`
	Scheme     string `json:"scheme"`
	CA         string `json:"ca"`
	ClientCert string `json:"client_cert"`
	ClientKey  string `json:"client_key"`
	OtherCA    string `json:"other_ca"`
}

type testServer struct {
	t    testing.TB
	info serverInfo
	base string // scheme://127.0.0.1:port
	http *http.Client
}

// loggedRequest is one entry of GET /_log/<sid>.
type loggedRequest struct {
	Method      string      `json:"method"`
	Path        string      `json:"path"`
	Headers     [][2]string `json:"headers"`
	Body        string      `json:"body"`
	HTTPVersion string      `json:"http_version"`
}

// header returns the request's first value of name (case-insensitive), ok false
// when absent.
func (r loggedRequest) header(name string) (string, bool) {
	for _, h := range r.Headers {
		if strings.EqualFold(h[0], name) {
			return h[1], true
		}
	}
	return "", false
}

// startServer runs the test server with args (e.g. "--tls", dir) until the test ends.
func startServer(t testing.TB, args ...string) *testServer {
	t.Helper()
	script := os.Getenv("SSE_TEST_SERVER")
	if script == "" {
		t.Fatal("SSE_TEST_SERVER is not set: run the tests through `meson test` " +
			"or set it to tests/server/sse_test_server.py")
	}
	cmd := exec.Command("python3", append([]string{script}, args...)...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the test server: %v", err)
	}
	exited := make(chan struct{})
	t.Cleanup(func() {
		stdin.Close() // the server exits at EOF on stdin
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})

	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- s
		io.Copy(io.Discard, stdout) // keep the pipe drained
		cmd.Wait()
		close(exited)
	}()
	s := &testServer{t: t}
	select {
	case l := <-line:
		if err := json.Unmarshal([]byte(l), &s.info); err != nil || s.info.Port == 0 {
			t.Fatalf("test server's first line %q: %v", l, err)
		}
	case <-time.After(30 * time.Second): // certificate generation takes a moment
		t.Fatal("the test server printed no address within 30 s")
	}
	s.base = fmt.Sprintf("%s://127.0.0.1:%d", s.info.Scheme, s.info.Port)
	s.http = &http.Client{Timeout: 10 * time.Second}
	if s.info.CA != "" {
		pem, err := os.ReadFile(s.info.CA)
		if err != nil {
			t.Fatal(err)
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		s.http.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
		if s.info.ClientCert != "" {
			if cert, err := tls.LoadX509KeyPair(s.info.ClientCert, s.info.ClientKey); err == nil {
				s.http.Transport.(*http.Transport).TLSClientConfig.Certificates = []tls.Certificate{cert}
			}
		}
	}
	return s
}

var sidCounter atomic.Int64

// newSID returns a script id unique within the test binary.
func newSID(t testing.TB) string {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, t.Name())
	return fmt.Sprintf("%s-%d", name, sidCounter.Add(1))
}

// url returns the server's address for path ("/s/<sid>").
func (s *testServer) url(path string) string { return s.base + path }

// scenario returns the URL of a named scenario of tests/data/client_scenarios.json
// for a fresh sid, and the sid.
func (s *testServer) scenario(name string) (url, sid string) {
	sid = newSID(s.t)
	return s.url("/scenario/" + name + "/" + sid), sid
}

// script posts responses for a fresh sid and returns the stream URL and the sid.
func (s *testServer) script(responses ...any) (url, sid string) {
	s.t.Helper()
	sid = newSID(s.t)
	body, err := json.Marshal(responses)
	if err != nil {
		s.t.Fatal(err)
	}
	resp, err := s.http.Post(s.url("/_script/"+sid), "application/json", bytes.NewReader(body))
	if err != nil {
		s.t.Fatalf("posting the script: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		s.t.Fatalf("posting the script: status %d", resp.StatusCode)
	}
	return s.url("/s/" + sid), sid
}

// log returns every request the server saw for sid.
func (s *testServer) log(sid string) []loggedRequest {
	s.t.Helper()
	resp, err := s.http.Get(s.url("/_log/" + sid))
	if err != nil {
		s.t.Fatalf("reading the log: %v", err)
	}
	defer resp.Body.Close()
	var entries []loggedRequest
	if err := json.NewDecoder(resp.Body).Decode(&entries); err != nil {
		s.t.Fatalf("decoding the log: %v", err)
	}
	return entries
}

// Script building blocks.
type action = map[string]any

func write(s string) action { return action{"write": s} }

// stream is a 200 text/event-stream response with the given body actions.
func stream(actions ...action) map[string]any {
	if actions == nil {
		actions = []action{}
	}
	return map[string]any{"status": 200, "body": actions}
}

func status(code int) map[string]any {
	return map[string]any{"status": code, "headers": [][2]string{}, "body": []action{}}
}

// fast are the options every client test uses unless it tests delays: a short,
// exact reconnection delay.
func fast() []ClientOption {
	return []ClientOption{WithReconnectDelay(10 * time.Millisecond), WithJitter(0),
		WithBackoff(50*time.Millisecond, time.Minute)}
}

// testTimeout bounds every Run; none of the scenarios needs more than a few seconds.
const testTimeout = 20 * time.Second

// runClient runs c to the end and returns its events and Run's error.
func runClient(t testing.TB, c *Client) ([]Event, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	var got []Event
	err := c.Run(ctx, func(ev Event) error {
		got = append(got, ev)
		return nil
	})
	if ctx.Err() != nil {
		t.Fatalf("the client did not stop within %v (events so far: %d)", testTimeout, len(got))
	}
	return got, err
}

// newTestClient creates a client and closes it at the end of the test.
func newTestClient(t testing.TB, url string, opts ...ClientOption) *Client {
	t.Helper()
	c, err := NewClient(url, opts...)
	if err != nil {
		t.Fatalf("NewClient(%q): %v", url, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func eventData(evs []Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.Data
	}
	return out
}

func contextWithTestTimeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), testTimeout)
}
