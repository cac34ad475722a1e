package sse

import (
	"errors"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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

// The failing arguments, 4 KiB each, built once: a new 4 KiB Go string per call
// would churn the Go heap, whose resident size after a collection varies by more
// than the budget.
var (
	pad        = strings.Repeat("a", 4096)
	padCR      = pad + "\r"
	padLF      = pad + "\n"
	padNUL     = pad + "\x00"
	malformed  = "http://[" + pad
	badScheme  = "ftp://host/" + pad
	urlWithNUL = "http://127.0.0.1/\x00" + pad
	nameNUL    = "X\x00" + pad
	badMethod  = "GET " + pad
	oversized  = []byte("data: " + pad + "\n\n")
)

// residentBytes returns the process's resident set size after a full collection,
// less the Go runtime's own spare memory (mapped, not released, not holding live
// objects: free pages, span and GC metadata). That spare memory moves by several
// hundred KB between two collections, leak or not; C and C++ memory and live Go
// objects are all still counted.
func residentBytes(t *testing.T) int64 {
	t.Helper()
	runtime.GC()
	debug.FreeOSMemory()
	statm, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm:", err)
	}
	pages, err := strconv.ParseInt(strings.Fields(string(statm))[1], 10, 64)
	if err != nil {
		t.Fatalf("statm %q: %v", statm, err)
	}
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(samples)
	spare := int64(samples[0].Value.Uint64() - samples[1].Value.Uint64() -
		samples[2].Value.Uint64())
	return pages*int64(os.Getpagesize()) - spare
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
		return apply(c, func(r *Request) { r.URL = malformed })
	}},
	{"client set_url bad scheme", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return apply(c, func(r *Request) { r.URL = badScheme })
	}},
	// A NUL is refused by package sse before C is reached, so this one goes to the
	// raw layer directly: the C++ binding refuses it there.
	{"client set_url with NUL", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return check(c.raw.SetUrl(urlWithNUL), c.raw)
	}},
	{"client set_header CR in value", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return apply(c, func(r *Request) { r.SetHeader("X-Test", padCR) })
	}},
	{"client set_header NUL in name", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return check(c.raw.SetHeader(nameNUL, "v"), c.raw)
	}},
	{"client set_method bad method", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return apply(c, func(r *Request) { r.SetMethod(badMethod) })
	}},
	{"client set_last_event_id LF", ErrInvalid, func(c *Client, _ *Parser, _ *Encoder) error {
		return apply(c, func(r *Request) { r.LastEventID = padLF })
	}},
	{"client construction bad URL", ErrInvalid, func(_ *Client, _ *Parser, _ *Encoder) error {
		c, err := NewClient(badScheme)
		if c != nil {
			c.Close()
		}
		return err
	}},
	{"client construction malformed URL", ErrInvalid, func(_ *Client, _ *Parser, _ *Encoder) error {
		c, err := NewClient(malformed)
		if c != nil {
			c.Close()
		}
		return err
	}},
	{"parser set_last_event_id NUL", ErrInvalid, func(_ *Client, p *Parser, _ *Encoder) error {
		return p.SetLastEventID(padNUL)
	}},
	{"encoder event CR in type", ErrField, func(_ *Client, _ *Parser, e *Encoder) error {
		return e.Encode(Message{Type: padCR, Data: "x"})
	}},
}

// skipUnderASan skips a resident-memory test in the sanitizer suite, where freed
// memory stays resident in ASan's quarantine; -short skips it too.
func skipUnderASan(t *testing.T) {
	if underASan {
		t.Skip("resident memory is meaningless under ASan (quarantine); its leak check covers this")
	}
	if testing.Short() {
		t.Skip("20,000 calls per kind")
	}
}

// lockThread keeps the test's C calls on one OS thread: glibc gives each thread
// its own malloc arena, and memory freed in one arena stays resident, so a
// goroutine wandering between threads looks like growth that is not a leak.
func lockThread(t *testing.T) {
	runtime.LockOSThread()
	t.Cleanup(runtime.UnlockOSThread)
}

func TestFailingCallsDoNotLeak(t *testing.T) {
	skipUnderASan(t)
	lockThread(t)
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

	for _, fc := range failingCalls {
		t.Run(fc.name, func(t *testing.T) {
			lockThread(t)
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
	skipUnderASan(t)
	lockThread(t)
	errs := 0
	p, err := NewParser(nil, WithMaxEventBytes(1024), WithErrorHandler(func(error) { errs++ }))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	run := func(n int) {
		for i := 0; i < n; i++ {
			if _, err := p.Write(oversized); err != nil {
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
