package sse

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// Holding small writes on the Go side (held_input.go) must be invisible: after
// every Write the callbacks, the last event ID and the skip counter are what a
// parser reports that was given all the bytes so far in one feed to C. Streams mix every kind of line, line ends, a byte order
// mark, invalid UTF-8 and events over a small limit; writes are 1 to 80 bytes with
// a few larger than holdMax.
func TestParserHoldingSmallWritesIsInvisible(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	variants := []struct {
		name     string
		comments bool
		opts     []Option
	}{
		{"defaults", true, nil},
		{"no comment handler", false, nil},
		{"limit 64", true, []Option{WithMaxEventBytes(64)}},
		{"limit 700", false, []Option{WithMaxEventBytes(700)}},
	}
	for _, v := range variants {
		for stream := range 40 {
			in := randomStream(rng)
			var writes []int
			for rest := len(in); rest > 0; {
				n := 1 + rng.IntN(80)
				if rng.IntN(30) == 0 {
					n = holdMax + rng.IntN(200)
				}
				n = min(n, rest)
				writes = append(writes, n)
				rest -= n
			}
			name := fmt.Sprintf("%s/stream %d", v.name, stream)
			checkWritesMatchWhole(t, name, in, writes, v.comments, v.opts)
		}
	}
}

func checkWritesMatchWhole(t *testing.T, name, in string, writes []int, comments bool, opts []Option) {
	t.Helper()
	var got recorder
	p := newObservingParser(t, &got, comments, opts)
	at := 0
	for _, n := range writes {
		mustWrite(t, p, in[at:at+n])
		at += n
		var want recorder
		q := newObservingParser(t, &want, comments, opts)
		if err := q.feed([]byte(in[:at])); err != nil { // to C, never held
			t.Fatal(err)
		}
		if err := q.deliver(); err != nil {
			t.Fatal(err)
		}
		if d := diffItems(got.items, want.items); d != "" {
			t.Fatalf("%s: after %d of %d bytes (writes %v) %q:%s", name, at, len(in), writes, in[:at], d)
		}
		if p.LastEventID() != q.LastEventID() || p.SkippedEvents() != q.SkippedEvents() {
			t.Fatalf("%s: after %d bytes: last id %q, skipped %d; whole: %q, %d", name, at,
				p.LastEventID(), p.SkippedEvents(), q.LastEventID(), q.SkippedEvents())
		}
		q.Close()
	}
}

// newObservingParser records events, retries, errors and (if comments) comments.
func newObservingParser(t *testing.T, r *recorder, comments bool, opts []Option) *Parser {
	t.Helper()
	all := r.options() // comments, retries, errors
	if !comments {
		all = all[1:]
	}
	return newParserWith(t, r, append(all, opts...))
}

func newParserWith(t *testing.T, r *recorder, opts []Option) *Parser {
	t.Helper()
	p, err := NewParser(r.onEvent, opts...)
	if err != nil {
		t.Fatalf("NewParser: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// randomStream strings together lines of every kind the C parser reports on, or
// not, with LF line ends mostly (the case holding is for) and some CR and CRLF.
func randomStream(rng *rand.Rand) string {
	var b strings.Builder
	if rng.IntN(4) == 0 {
		b.WriteString("\xef\xbb\xbf") // then a line the C parser may report on
		b.WriteString([]string{"retry: 1\n", ": c\n", "\n", "data: bom\n"}[rng.IntN(4)])
	}
	for range 20 + rng.IntN(60) {
		switch rng.IntN(15) {
		case 0, 1, 2:
			fmt.Fprintf(&b, "data: %s\n", strings.Repeat("x", rng.IntN(120)))
		case 3:
			fmt.Fprintf(&b, "id: %d\n", rng.IntN(1000))
		case 4:
			b.WriteString("event: tick\n")
		case 5:
			fmt.Fprintf(&b, "retry: %d\n", rng.IntN(5000))
		case 6:
			b.WriteString(": keep-alive\n")
		case 7:
			b.WriteString("data\n")
		case 8:
			b.WriteString("data: \xff\xfe invalid\n")
		case 9:
			fmt.Fprintf(&b, "data: %s\r\n", strings.Repeat("y", rng.IntN(40)))
		case 10:
			b.WriteString("data: cr\r")
		case 11:
			b.WriteString("rexx: not a field we know\n")
		case 12: // each invalid byte becomes U+FFFD, three bytes, against the limit
			fmt.Fprintf(&b, "data: %s\n", strings.Repeat("\xff", rng.IntN(30)))
		default:
			b.WriteString("\n")
		}
	}
	return b.String()
}

// A write that completes no event is held, and the write that completes it
// delivers it; the same goes for the retry and comment lines that reach Go.
func TestParserHoldsWritesThatReportNothing(t *testing.T) {
	var r recorder
	p := newRecordingParser(t, &r)
	mustWrite(t, p, "id: 1\ndata: first\n\n") // a blank line: the position is known now
	if len(r.items) != 1 {
		t.Fatalf("first event not delivered: %v", r.items)
	}
	for _, part := range []string{"id: 2\n", "event: e\n", "data: sec", "ond\n"} {
		mustWrite(t, p, part)
		if len(p.held.buf) == 0 {
			t.Fatalf("write %q crossed into C; it completes nothing", part)
		}
	}
	if p.LastEventID() != "1" {
		t.Fatalf("last event id %q while the id 2 event is unfinished", p.LastEventID())
	}
	mustWrite(t, p, "\n")
	want := events(Event{Type: "message", Data: "first", ID: "1"}, Event{Type: "e", Data: "second", ID: "2"})
	if d := diffItems(r.items, want); d != "" || len(p.held.buf) != 0 {
		t.Fatalf("after the blank line (held %q):%s", p.held.buf, d)
	}
	mustWrite(t, p, "retry: 7")
	mustWrite(t, p, "\n")
	mustWrite(t, p, ": hi\n")
	want = append(want, item{kind: "retry", a: "7"}, item{kind: "comment", a: "hi"})
	if d := diffItems(r.items, want); d != "" {
		t.Fatalf("retry and comment lines:%s", d)
	}
}

// Finish, Reset and SetLastEventID come after the held bytes, as after any write.
func TestParserCallsAfterHeldWrites(t *testing.T) {
	var r recorder
	p := newRecordingParser(t, &r)
	mustWrite(t, p, "data: 0\n\n")
	mustWrite(t, p, "id: 5\ndata: dropped")
	if len(p.held.buf) == 0 {
		t.Fatal("the unfinished event was not held")
	}
	if err := p.Finish(); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, p, "data: 1\n\n") // a new body: the held bytes went before Finish
	mustWrite(t, p, "data: dropped too")
	if err := p.Reset(); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, p, "data: 2\n\n")
	mustWrite(t, p, "id: 6\n")
	if err := p.SetLastEventID("set"); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, p, "data: 3\n\n") // the id field came first, so it wins (P21)
	mustWrite(t, p, "data: 4\n\n")
	want := events(Event{Type: "message", Data: "0"}, Event{Type: "message", Data: "1"},
		Event{Type: "message", Data: "2"}, Event{Type: "message", Data: "3", ID: "6"},
		Event{Type: "message", Data: "4", ID: "6"})
	if d := diffItems(r.items, want); d != "" {
		t.Fatal(d)
	}
	// After Finish a new body may start with a byte order mark (not tracked):
	// the retry line behind it is still reported by the write that ends it.
	if err := p.Finish(); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, p, "\xef\xbb\xbf")
	mustWrite(t, p, "retry: 3\n")
	if last := r.items[len(r.items)-1]; last != (item{kind: "retry", a: "3"}) {
		t.Fatalf("after a BOM in a new body: %v", last)
	}
}

// The word-at-a-time tests are exact for every byte value in every lane, also
// next to a zero byte (whose borrow breaks the simpler formulas).
func TestLineEndWordTests(t *testing.T) {
	for zero := range 8 {
		for lane := range 8 {
			for v := range 256 {
				var lanes [8]byte
				for k := range lanes {
					lanes[k] = 'a'
				}
				lanes[zero], lanes[lane] = 0, byte(v)
				var w, wantZero uint64
				anyControl := false
				for k, c := range lanes {
					w |= uint64(c) << (8 * k)
					if c == 0 {
						wantZero |= 0x80 << (8 * k)
					}
					anyControl = anyControl || c < 0x0e
				}
				if got := zeroBytes(w); got != wantZero {
					t.Fatalf("zeroBytes(%#016x) = %#x, want %#x", w, got, wantZero)
				}
				if got := hasControl(w); got != anyControl {
					t.Fatalf("hasControl(%#016x) = %v", w, got)
				}
				w |= lineEnds * 0x40 // no byte below 0x0e any more
				if hasControl(w) {
					t.Fatalf("hasControl(%#016x) = true", w)
				}
			}
		}
	}
}
