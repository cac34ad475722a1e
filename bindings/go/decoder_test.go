package sse

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

const decoderStream = "retry: 10\nid: 1\nevent: a\ndata: x\n\n: c\ndata: y\n\ndata: unfinished"

func collect(t *testing.T, r io.Reader, opts ...Option) ([]Event, error) {
	t.Helper()
	var got []Event
	for ev, err := range Events(r, opts...) {
		if err != nil {
			return got, err
		}
		got = append(got, ev)
	}
	return got, nil
}

// P27: the unfinished event at the end is dropped; the reader's chunking is
// irrelevant (P10).
func TestEventsOverAnyReader(t *testing.T) {
	want := []Event{{"a", "x", "1"}, {"message", "y", "1"}}
	readers := map[string]func() io.Reader{
		"whole":    func() io.Reader { return strings.NewReader(decoderStream) },
		"onebyte":  func() io.Reader { return iotest.OneByteReader(strings.NewReader(decoderStream)) },
		"dataeof":  func() io.Reader { return iotest.DataErrReader(strings.NewReader(decoderStream)) },
		"halfread": func() io.Reader { return iotest.HalfReader(strings.NewReader(decoderStream)) },
	}
	for name, mk := range readers {
		got, err := collect(t, mk())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := diffItems(events(got...), events(want...)); d != "" {
			t.Fatalf("%s:%s", name, d)
		}
	}
}

func TestEventsPassesParserOptions(t *testing.T) {
	var comments []string
	var retries []time.Duration
	_, err := collect(t, strings.NewReader(decoderStream),
		WithComments(func(s string) error { comments = append(comments, s); return nil }),
		WithRetry(func(d time.Duration) { retries = append(retries, d) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) != 1 || comments[0] != "c" || len(retries) != 1 || retries[0] != 10*time.Millisecond {
		t.Fatalf("comments %q retries %v", comments, retries)
	}
	got, err := collect(t, strings.NewReader("data: x\n\n"), WithMaxEventBytes(-5))
	if !errors.Is(err, ErrInvalid) || len(got) != 0 {
		t.Fatalf("bad option: %v, %v; want ErrInvalid", got, err)
	}
}

// Events before a read error come first, then the error, once.
func TestEventsYieldsReadErrorAfterEarlierEvents(t *testing.T) {
	boom := errors.New("connection reset")
	r := io.MultiReader(strings.NewReader("data: a\n\ndata: b"), iotest.ErrReader(boom))
	got, err := collect(t, r)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	if len(got) != 1 || got[0].Data != "a" {
		t.Fatalf("events before the error: %v", got)
	}
}

func TestEventsStopsOnBreak(t *testing.T) {
	n := 0
	for ev, err := range Events(strings.NewReader(strings.Repeat("data: x\n\n", 10))) {
		if err != nil || ev.Data != "x" {
			t.Fatalf("%v %v", ev, err)
		}
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatalf("iterated %d times", n)
	}
}

func TestDecoderNextLastEventIDAndClose(t *testing.T) {
	d, err := NewDecoder(strings.NewReader("id: 5\ndata: a\n\nid: 6\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := d.Next()
	if err != nil || ev != (Event{"message", "a", "5"}) {
		t.Fatalf("Next = %v, %v", ev, err)
	}
	// P21 P22: a block with only an id updates the last event ID without an event.
	if _, err := d.Next(); err != io.EOF {
		t.Fatalf("Next at end = %v, want io.EOF", err)
	}
	if _, err := d.Next(); err != io.EOF {
		t.Fatalf("Next after EOF = %v, want io.EOF again", err)
	}
	if got := d.LastEventID(); got != "6" {
		t.Fatalf("LastEventID = %q, want 6", got)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestDecoderNextAfterCloseFails(t *testing.T) {
	d, err := NewDecoder(strings.NewReader("data: a\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := d.Next(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Next after Close = %v, want ErrClosed", err)
	}
}

type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, nil }

func TestDecoderGivesUpOnReaderThatNeverProgresses(t *testing.T) {
	d, err := NewDecoder(emptyReader{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Next(); err != io.ErrNoProgress {
		t.Fatalf("Next = %v, want io.ErrNoProgress", err)
	}
}
