package sse

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unsafe"
)

// P11 P17 P23 P24: a Parser is an io.Writer that io.Copy can drive.
func TestParserIsAnIOWriterForIOCopy(t *testing.T) {
	var r recorder
	p := newRecordingParser(t, &r)
	var _ io.WriteCloser = p
	var _ io.StringWriter = p
	n, err := io.Copy(p, strings.NewReader("data: a\n\nid: 7\ndata: b\n\n"))
	if err != nil || n != 24 {
		t.Fatalf("io.Copy = %d, %v; want 24, nil", n, err)
	}
	want := events(Event{"message", "a", ""}, Event{"message", "b", "7"})
	if d := diffItems(r.items, want); d != "" {
		t.Fatal(d)
	}
}

func TestParserWriteOfNothingIsANoOp(t *testing.T) {
	var r recorder
	p := newRecordingParser(t, &r)
	for _, b := range [][]byte{nil, {}} {
		if n, err := p.Write(b); n != 0 || err != nil {
			t.Fatalf("Write(%v) = %d, %v; want 0, nil", b, n, err)
		}
	}
	if len(r.items) != 0 {
		t.Fatalf("callbacks from an empty write: %v", r.items)
	}
}

// P5 P6 P10: the same events whatever the chunking, here split at every offset,
// including inside a CRLF pair and inside a multi-byte character.
func TestParserResultIndependentOfSplitPoint(t *testing.T) {
	stream := "event: é\r\ndata: x\r\n\r\n: c\rid: 1\rdata:  y\r\rdata\n\n"
	var whole recorder
	p := newRecordingParser(t, &whole)
	mustWrite(t, p, stream)
	if len(whole.items) != 4 {
		t.Fatalf("want 3 events and 1 comment, got %v", whole.items)
	}
	for i := 1; i < len(stream); i++ {
		var split recorder
		q := newRecordingParser(t, &split)
		mustWrite(t, q, stream[:i])
		mustWrite(t, q, stream[i:])
		if d := diffItems(split.items, whole.items); d != "" {
			t.Fatalf("split at %d:%s", i, d)
		}
	}
}

// P29: NUL is ordinary content in data, type and comments; Go strings carry it.
func TestParserKeepsNULBytes(t *testing.T) {
	var r recorder
	p := newRecordingParser(t, &r)
	mustWrite(t, p, "event: a\x00b\ndata: \x00x\x00\n: \x00\n\n")
	want := []item{{kind: "comment", a: "\x00"}, {kind: "event", a: "a\x00b", b: "\x00x\x00"}}
	if d := diffItems(r.items, want); d != "" {
		t.Fatal(d)
	}
}

// P18 P21 P25 P27: the last event ID survives Finish; an unfinished event is dropped.
func TestParserFinishDropsUnfinishedEventKeepsLastID(t *testing.T) {
	var r recorder
	p := newRecordingParser(t, &r)
	mustWrite(t, p, "id: 1\ndata: a\n\nid: 2\ndata: lost")
	if err := p.Finish(); err != nil {
		t.Fatal(err)
	}
	if got := p.LastEventID(); got != "1" {
		t.Fatalf("LastEventID after Finish = %q, want 1", got)
	}
	// P4 M11: the next write is a new body, so its leading BOM is stripped again.
	mustWrite(t, p, "\xef\xbb\xbfdata: b\n\n")
	want := events(Event{"message", "a", "1"}, Event{"message", "b", "1"})
	if d := diffItems(r.items, want); d != "" {
		t.Fatal(d)
	}
}

// M11: a seeded id is reported by id-less events, and Reset seeds it again.
func TestParserSeededLastEventIDAndReset(t *testing.T) {
	var r recorder
	p := newRecordingParser(t, &r, WithLastEventID("41"))
	mustWrite(t, p, "data: a\n\nid: 42\ndata: b\n\ndata: partial")
	if err := p.Reset(); err != nil {
		t.Fatal(err)
	}
	if got := p.LastEventID(); got != "41" {
		t.Fatalf("LastEventID after Reset = %q, want the seed 41", got)
	}
	mustWrite(t, p, "\n\ndata: c\n\n") // the partial line did not survive Reset
	want := events(Event{"message", "a", "41"}, Event{"message", "b", "42"}, Event{"message", "c", "41"})
	if d := diffItems(r.items, want); d != "" {
		t.Fatal(d)
	}
}

func TestParserSetLastEventID(t *testing.T) {
	var r recorder
	p := newRecordingParser(t, &r)
	if err := p.SetLastEventID("abc"); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, p, "data: x\n\n")
	if d := diffItems(r.items, events(Event{"message", "x", "abc"})); d != "" {
		t.Fatal(d)
	}
	// P18: an id with NUL can never be a last event ID.
	if err := p.SetLastEventID("a\x00b"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("SetLastEventID with NUL: %v, want ErrInvalid", err)
	}
	if _, err := NewParser(nil, WithLastEventID("\x00")); !errors.Is(err, ErrInvalid) {
		t.Fatalf("WithLastEventID with NUL: %v, want ErrInvalid", err)
	}
}

func TestParserRejectsNonPositiveMaxEventBytes(t *testing.T) {
	for _, n := range []int{0, -1} {
		p, err := NewParser(nil, WithMaxEventBytes(n))
		if !errors.Is(err, ErrInvalid) || p != nil {
			t.Errorf("WithMaxEventBytes(%d): %v, %v; want nil, ErrInvalid", n, p, err)
		}
	}
}

// An oversized event is skipped with an ELIMIT report; the parser resyncs at the
// next blank line and goes on (parser.h, sse_parser_error_cb).
func TestParserSkipsOversizedEventAndContinues(t *testing.T) {
	var r recorder
	var reported []error
	p, err := NewParser(r.onEvent, WithMaxEventBytes(64),
		WithErrorHandler(func(err error) { reported = append(reported, err) }))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	mustWrite(t, p, "data: small\n\ndata: "+strings.Repeat("x", 200)+"\ndata: more\n\ndata: after\n\n")
	want := events(Event{"message", "small", ""}, Event{"message", "after", ""})
	if d := diffItems(r.items, want); d != "" {
		t.Fatal(d)
	}
	if len(reported) != 1 || !errors.Is(reported[0], ErrLimit) {
		t.Fatalf("error handler got %v, want one ErrLimit", reported)
	}
	if e := reported[0].(*Error); e.Message == "" {
		t.Errorf("ELIMIT report has no message")
	}
	if got := p.SkippedEvents(); got != 1 {
		t.Fatalf("SkippedEvents = %d, want 1", got)
	}
}

// Without WithComments the comments never reach Go (and cost nothing there).
func TestParserDropsCommentsUnlessAsked(t *testing.T) {
	var got []Event
	p, err := NewParser(func(ev Event) error { got = append(got, ev); return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	mustWrite(t, p, ": hello\ndata: x\n\n")
	if len(got) != 1 || got[0].Data != "x" {
		t.Fatalf("got %v", got)
	}
}

func TestParserCloseTwiceAndUseAfterClose(t *testing.T) {
	p, err := NewParser(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if n, err := p.Write([]byte("data: x\n\n")); n != 0 || !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Close = %d, %v; want 0, ErrClosed", n, err)
	}
	for name, err := range map[string]error{
		"Finish": p.Finish(), "Reset": p.Reset(), "SetLastEventID": p.SetLastEventID("x"),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
	if p.LastEventID() != "" || p.SkippedEvents() != 0 {
		t.Errorf("getters after Close should return zero values")
	}
}

func TestParserWriteStringMatchesWrite(t *testing.T) {
	var r recorder
	p := newRecordingParser(t, &r)
	if n, err := p.WriteString("data: s\n\n"); n != 9 || err != nil {
		t.Fatalf("WriteString = %d, %v", n, err)
	}
	if d := diffItems(r.items, events(Event{"message", "s", ""})); d != "" {
		t.Fatal(d)
	}
}

// P21-P25, M13: the strings of every event stay what they were after later feeds
// reuse the C memory they were copied from, including the reused ones: a repeated
// type and id share the earlier event's string, and a later different value must
// never show through it. Each event is its own Write (a live stream's reads).
func TestParserEventStringsSurviveLaterFeeds(t *testing.T) {
	big := strings.Repeat("big ", 2000)
	want := []Event{
		{"trade", "d1", "1"},
		{"trade", "d2", "2"},   // same type: reused
		{"trade", "d3", "2"},   // same id: reused
		{"quote", "", "3"},     // new type, new id, empty data
		{"quote", "d5", "3"},   // id reused after an empty-data event
		{"message", "d6", ""},  // id reset to empty
		{"message", "d7", ""},  // still empty
		{"trade", "", ""},      // nothing but a type
		{"trade", "d9", "9"},   // a new id with data again
		{"trade", "d10", "10"}, // longer id than the last
		{"trad", "d11", "1"},   // prefixes of the last type and id
		{"trad", big, "12"},    // a big event (concatenated) with a new id
		{"trad", "d13", "13"},
	}
	var got []Event
	p, err := NewParser(func(ev Event) error { got = append(got, ev); return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for i, ev := range want {
		mustWrite(t, p, "event: "+ev.Type+"\nid: "+ev.ID+"\ndata: "+ev.Data+"\n\n")
		if i == 0 {
			// Overwrite the C records area with different bytes of the same length.
			mustWrite(t, p, "event: XXXXX\nid: Y\ndata: ZZ\n\n")
			got = got[:1]
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d = %q, want %q", i, got[i], want[i])
		}
	}
	if unsafe.StringData(got[1].Type) != unsafe.StringData(got[2].Type) ||
		unsafe.StringData(got[1].ID) != unsafe.StringData(got[2].ID) {
		t.Errorf("an unchanged type or id was copied again, not reused")
	}
}

// The Go cost of a small event: one allocation (its data, with its id when the id is
// new; a repeated type or id is reused), and none for a Write that completes no event.
func TestParserAllocationsPerEvent(t *testing.T) {
	if underASan {
		t.Skip("the sanitizer runtime allocates on its own")
	}
	n := 0
	p, err := NewParser(func(ev Event) error { n += len(ev.Data); return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	id := 0
	for _, c := range []struct {
		name  string
		input func() string
		want  float64
	}{
		{"partial line", func() string { return "data: abc" }, 0},
		{"lines, no blank line", func() string { return "def\nevent: trade\n" }, 0},
		{"same type and id", func() string { return "data: x\n\n" }, 1},
		{"new id", func() string { id++; return fmt.Sprintf("id: %d\ndata: x\n\n", id) }, 1},
	} {
		inputs := make([][]byte, 200)
		for i := range inputs {
			inputs[i] = []byte(c.input())
		}
		i := 0
		got := testing.AllocsPerRun(100, func() {
			if _, err := p.Write(inputs[i]); err != nil {
				t.Fatal(err)
			}
			i++
		})
		if got != c.want {
			t.Errorf("%s: %v allocations per Write, want %v", c.name, got, c.want)
		}
	}
}
