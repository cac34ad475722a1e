package sse

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func strptr(s string) *string { return &s }

func newTestEncoder(t *testing.T) (*Encoder, *bytes.Buffer) {
	var buf bytes.Buffer
	enc := NewEncoder(&buf)
	t.Cleanup(func() { enc.Close() })
	return enc, &buf
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
			if e := err.(*Error); e.Code != -12 || e.Message == "" {
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
	defer enc.Close()
	if err := enc.Encode(Message{Data: "x"}); !errors.Is(err, boom) {
		t.Fatalf("Encode: %v, want the writer's error", err)
	}
}

func TestEncoderCloseTwiceAndUseAfterClose(t *testing.T) {
	enc, buf := newTestEncoder(t)
	if err := enc.KeepAlive(); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := enc.Encode(Message{Data: "x"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Encode after Close: %v, want ErrClosed", err)
	}
	if buf.String() != ":\n" {
		t.Fatalf("wrote %q", buf.String())
	}
	// Closing an encoder that never wrote (no C serializer yet) is fine too.
	if err := NewEncoder(&strings.Builder{}).Close(); err != nil {
		t.Fatal(err)
	}
}
