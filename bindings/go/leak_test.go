package sse

import (
	"errors"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// Failing calls must not leak what crossed into C++ (issue 7): when the SWIG layer
// panicked out of a generated wrapper, the std::string holding the argument was
// never destroyed, so 20,000 rejected 4 KiB arguments grew the process by tens of
// MB. Each kind of failing call below runs 20,000 times with a 4 KiB argument and
// resident memory must grow by less than 1 MB.

const (
	leakIterations = 20000
	leakWarmup     = 2000
	leakBudget     = 1 << 20
)

// pad is the 4 KiB that every failing argument carries.
var pad = strings.Repeat("a", 4096)

// residentBytes returns the process's resident set size after a full collection
// that returns freed Go memory to the system, so that only C and C++ memory that
// is still held shows up as growth.
func residentBytes(t *testing.T) int64 {
	t.Helper()
	runtime.GC()
	debug.FreeOSMemory()
	statm, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm:", err)
	}
	fields := strings.Fields(string(statm))
	pages, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil {
		t.Fatalf("statm %q: %v", statm, err)
	}
	return pages * int64(os.Getpagesize())
}

// failingCall is one call that reaches the C++ binding layer and fails there.
type failingCall struct {
	name string
	want *Error // the sentinel the error must match
	call func(c *Client, p *Parser, e *Encoder) error
}

// apply sends one OnBeforeRequest-style edit through the same path a handler's
// edits take (Request.apply).
func apply(c *Client, edit func(*Request)) error {
	req := &Request{}
	edit(req)
	return req.apply(c.raw)
}

var failingCalls = []failingCall{
	{"client set_url malformed", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return apply(c, func(r *Request) { r.URL = "http://[" + pad })
	}},
	{"client set_url bad scheme", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return apply(c, func(r *Request) { r.URL = "ftp://host/" + pad })
	}},
	// A NUL is refused by package sse before C is reached, so this one goes to the
	// raw layer directly: the C++ binding refuses it there.
	{"client set_url with NUL", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return check(c.raw.SetUrl("http://127.0.0.1/\x00"+pad), c.raw)
	}},
	{"client set_header CR in value", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return apply(c, func(r *Request) { r.SetHeader("X-Test", pad+"\r") })
	}},
	{"client set_header NUL in name", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return check(c.raw.SetHeader("X\x00"+pad, "v"), c.raw)
	}},
	{"client set_method bad method", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return apply(c, func(r *Request) { r.SetMethod("GET " + pad) })
	}},
	{"client set_last_event_id LF", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return apply(c, func(r *Request) { r.LastEventID = pad + "\n" })
	}},
	{"client construction bad URL", ErrInvalid, func(_ *Client, _ *Parser, _ *Encoder) error {
		c, err := NewClient("ftp://host/" + pad)
		if c != nil {
			c.Close()
		}
		return err
	}},
	{"client construction malformed URL", ErrInvalid, func(_ *Client, _ *Parser, _ *Encoder) error {
		c, err := NewClient("http://[" + pad)
		if c != nil {
			c.Close()
		}
		return err
	}},
	{"parser set_last_event_id NUL", ErrInvalid, func(_ *Client, p *Parser, _ *Encoder) error {
		return p.SetLastEventID(pad + "\x00")
	}},
	{"encoder event CR in type", ErrField, func(_ *Client, _ *Parser, e *Encoder) error {
		return e.Encode(Message{Type: pad + "\r", Data: "x"})
	}},
}

func TestFailingCallsDoNotLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 calls per kind")
	}
	c, err := NewClient("http://127.0.0.1:9/")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p, err := NewParser(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	e := NewEncoder(io.Discard)
	defer e.Close()

	for _, fc := range failingCalls {
		t.Run(fc.name, func(t *testing.T) {
			run := func(n int) {
				for i := 0; i < n; i++ {
					if err := fc.call(c, p, e); !errors.Is(err, fc.want) {
						t.Fatalf("call %d: %v, want %v", i, err, fc.want)
					}
				}
			}
			run(leakWarmup)
			before := residentBytes(t)
			run(leakIterations)
			growth := residentBytes(t) - before
			t.Logf("RSS growth over %d calls: %d bytes", leakIterations, growth)
			if growth >= leakBudget {
				t.Fatalf("RSS grew by %d bytes over %d failing calls (budget %d)",
					growth, leakIterations, leakBudget)
			}
		})
	}
}

// A feed cannot fail from Go short of running out of memory (sse_parser_feed's
// other errors need a NULL pointer or a re-entrant call, which package sse never
// makes). The nearest that reaches C is a chunk whose event exceeds the limit: it
// is reported as an ERROR record, in the batch that Write reads in place.
func TestOversizedEventFeedsDoNotLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 feeds")
	}
	errs := 0
	p, err := NewParser(nil, WithMaxEventBytes(1024), WithErrorHandler(func(error) { errs++ }))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	chunk := []byte("data: " + pad + "\n\n")
	run := func(n int) {
		for i := 0; i < n; i++ {
			if _, err := p.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(leakWarmup)
	before := residentBytes(t)
	run(leakIterations)
	growth := residentBytes(t) - before
	t.Logf("RSS growth over %d feeds: %d bytes", leakIterations, growth)
	if errs != leakWarmup+leakIterations {
		t.Fatalf("%d ELIMIT reports for %d oversized events", errs, leakWarmup+leakIterations)
	}
	if growth >= leakBudget {
		t.Fatalf("RSS grew by %d bytes over %d feeds (budget %d)", growth, leakIterations, leakBudget)
	}
}
