package sse

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func strptr(s string) *string { return &s }

func newTestEncoder(t *testing.T) (*Encoder, *bytes.Buffer) {
	var buf bytes.Buffer
	return NewEncoder(&buf), &buf
}

// S8: the exact wire format of each kind of write.
func TestEncoderWireFormat(t *testing.T) {
	cases := []struct {
		name  string
		write func(*Encoder) error
		want  string
	}{
		{"data only", func(e *Encoder) error { return e.Encode(Message{Data: "hi"}) }, "data: hi\n\n"},
		{"type id data", func(e *Encoder) error {
			return e.Encode(Message{Type: "tick", ID: strptr("7"), Data: "x"})
		}, "event: tick\nid: 7\ndata: x\n\n"},
		{"empty id resets", func(e *Encoder) error {
			return e.Encode(Message{ID: strptr(""), Data: "x"})
		}, "id:\ndata: x\n\n"},
		{"empty data", func(e *Encoder) error { return e.Encode(Message{}) }, "data:\n\n"},
		{"lines split at CR LF CRLF", func(e *Encoder) error {
			return e.Encode(Message{Data: "a\nb\rc\r\nd\n"})
		}, "data: a\ndata: b\ndata: c\ndata: d\ndata:\n\n"},
		{"leading space survives", func(e *Encoder) error {
			return e.Encode(Message{Data: " x"})
		}, "data:  x\n\n"},
		{"retry before event", func(e *Encoder) error {
			return e.Encode(Message{Data: "x", Retry: 1500 * time.Millisecond})
		}, "retry: 1500\ndata: x\n\n"},
		{"comment", func(e *Encoder) error { return e.Comment("a\nb") }, ": a\n: b\n"},
		{"empty comment", func(e *Encoder) error { return e.Comment("") }, ":\n"},
		{"keepalive S4", func(e *Encoder) error { return e.KeepAlive() }, ":\n"},
		{"retry", func(e *Encoder) error { return e.Retry(3 * time.Second) }, "retry: 3000\n"},
		{"NUL in data", func(e *Encoder) error { return e.Encode(Message{Data: "a\x00b"}) }, "data: a\x00b\n\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			enc, buf := newTestEncoder(t)
			if err := c.write(enc); err != nil {
				t.Fatal(err)
			}
			if buf.String() != c.want {
				t.Fatalf("wrote %q, want %q", buf.String(), c.want)
			}
		})
	}
}

// S8: values that would corrupt the framing fail with ErrField and write nothing,
// not even the retry line accepted just before.
func TestEncoderRejectsInjectionAndWritesNothing(t *testing.T) {
	cases := map[string]Message{
		"LF in type":           {Type: "a\nb", Data: "x"},
		"CR in id":             {ID: strptr("1\r2"), Data: "x"},
		"NUL in id":            {ID: strptr("1\x002"), Data: "x"},
		"invalid UTF-8 data":   {Data: "\xff"},
		"invalid UTF-8 type":   {Type: "\xc3", Data: "x"},
		"retry then bad event": {Retry: time.Second, Type: "\n", Data: "x"},
	}
	for name, m := range cases {
		t.Run(name, func(t *testing.T) {
			enc, buf := newTestEncoder(t)
			err := enc.Encode(m)
			if !errors.Is(err, ErrField) {
				t.Fatalf("Encode: %v, want ErrField", err)
			}
			if e := err.(*Error); e.code != -12 || e.Message == "" {
				t.Fatalf("error %#v lacks code or message", e)
			}
			if buf.Len() != 0 {
				t.Fatalf("wrote %q on failure", buf.String())
			}
			// The encoder is still usable, with nothing left over from the failure.
			if err := enc.Encode(Message{Data: "ok"}); err != nil || buf.String() != "data: ok\n\n" {
				t.Fatalf("after failure: %v, %q", err, buf.String())
			}
		})
	}
	enc, _ := newTestEncoder(t)
	if err := enc.Comment("\xfe"); !errors.Is(err, ErrField) {
		t.Fatalf("Comment with invalid UTF-8: %v, want ErrField", err)
	}
}

func TestEncoderRejectsNegativeRetry(t *testing.T) {
	enc, buf := newTestEncoder(t)
	if err := enc.Retry(-time.Second); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Retry(-1s): %v", err)
	}
	if err := enc.Encode(Message{Retry: -1}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Encode with negative Retry: %v", err)
	}
	if buf.Len() != 0 {
		t.Fatalf("wrote %q", buf.String())
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestEncoderReturnsWriterError(t *testing.T) {
	boom := errors.New("disk full")
	enc := NewEncoder(failingWriter{boom})
	if err := enc.Encode(Message{Data: "x"}); !errors.Is(err, boom) {
		t.Fatalf("Encode: %v, want the writer's error", err)
	}
}

// An Encoder needs no Close: it holds no C serializer between calls, so thousands
// of Encoders, used and dropped, make only as many C serializers as there are
// calls at once (one each here), not one per Encoder.
func TestEncodersSharePooledSerializers(t *testing.T) {
	made := serializersMade.Load()
	for i := 0; i < 10000; i++ {
		var buf strings.Builder
		if err := NewEncoder(&buf).Encode(Message{Data: "x"}); err != nil {
			t.Fatal(err)
		}
		if buf.String() != "data: x\n\n" {
			t.Fatalf("wrote %q", buf.String())
		}
	}
	// The pool may drop its serializers at a garbage collection; a few new
	// ones are fine, one per Encoder is not.
	if n := serializersMade.Load() - made; n > 100 {
		t.Fatalf("10000 Encoders made %d C serializers", n)
	}
}

// lockedBuffer is a writer that allows concurrent Writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Goroutines sharing an Encoder get whole events: each call is one Write, made
// from a serializer no other call uses.
func TestEncoderConcurrentUse(t *testing.T) {
	var w lockedBuffer
	enc := NewEncoder(&w)
	const goroutines, each = 8, 500
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := strings.Repeat(strconv.Itoa(g), 100)
			for i := 0; i < each; i++ {
				if err := enc.Encode(Message{Data: data + "\n" + data}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	events := strings.Split(strings.TrimSuffix(w.buf.String(), "\n\n"), "\n\n")
	if len(events) != goroutines*each {
		t.Fatalf("%d events, want %d", len(events), goroutines*each)
	}
	for _, ev := range events {
		lines := strings.Split(ev, "\n")
		if len(lines) != 2 || lines[0] != lines[1] || len(lines[0]) != len("data: ")+100 {
			t.Fatalf("torn event %q", ev)
		}
	}
}
