package sse

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/libsse/libsse/bindings/go/internal/raw"
)

// Message is one event to send.
type Message struct {
	// Type names the event; "" writes no event line, so clients see "message".
	Type string
	// Data is the payload. Each CR, LF or CRLF starts a new data line, and the
	// client joins them with LF (rule S8). "" still sends an event with empty data.
	Data string
	// ID is the event id: nil writes no id line (the client keeps its last id); a
	// pointer to "" writes an empty id line, which resets the client's last id.
	ID *string
	// Retry, when positive, asks the client to wait this long before reconnecting
	// (a retry line in whole milliseconds, written before the event).
	Retry time.Duration
}

// Encoder writes the text/event-stream format to an io.Writer.
//
// Every value is checked by libsse before anything is written: a type or id with
// CR or LF, an id with NUL, or text that is not valid UTF-8 fails with ErrField
// and nothing reaches the writer (no stream injection). Each call makes exactly
// one Write on the underlying writer; flushing it (http.Flusher, bufio.Writer) is
// up to you.
//
// An Encoder holds no C memory and needs no Close: each call borrows a C
// serializer from a pool shared by all Encoders and returns it before it returns.
// Several goroutines may use one Encoder at once if its writer allows concurrent
// Writes; events are then never interleaved, as each is one Write.
type Encoder struct {
	w io.Writer
}

// NewEncoder returns an Encoder that writes to w.
func NewEncoder(w io.Writer) *Encoder {
	return &Encoder{w: w}
}

// Encode writes one event, preceded by its retry line if m.Retry is set.
func (e *Encoder) Encode(m Message) error {
	if m.Retry < 0 {
		return errorf(codeInvalid, "Message.Retry must not be negative")
	}
	id, hasID := "", m.ID != nil
	if hasID {
		id = *m.ID
	}
	return e.write(func(s raw.Serializer) int {
		if m.Retry > 0 {
			if status := s.Retry(uint64(m.Retry.Milliseconds())); status < 0 {
				return status
			}
		}
		return s.Event(m.Data, true, m.Type, id, hasID)
	})
}

// Comment writes text as comment lines (one per line of text); clients ignore
// them. "" writes a single ":" line.
func (e *Encoder) Comment(text string) error {
	return e.write(func(s raw.Serializer) int { return s.Comment(text) })
}

// KeepAlive writes ":\n", the shortest comment: send it every 15 seconds or so to
// keep proxies from closing an idle stream (rule S4).
func (e *Encoder) KeepAlive() error {
	return e.write(func(s raw.Serializer) int { return s.Keepalive() })
}

// Retry writes a standalone retry line (whole milliseconds).
func (e *Encoder) Retry(d time.Duration) error {
	if d < 0 {
		return errorf(codeInvalid, "retry delay must not be negative")
	}
	return e.write(func(s raw.Serializer) int { return s.Retry(uint64(d.Milliseconds())) })
}

// write runs the serializer calls in f (which returns the first failed call's
// status) on a borrowed serializer, then hands their output to the writer in one
// Write. If f fails half-way (say the retry was accepted but the event was not),
// the partial output is discarded, so a failed call writes nothing at all.
func (e *Encoder) write(f func(s raw.Serializer) int) error {
	s, err := borrowSerializer()
	if err != nil {
		return err
	}
	err = check(f(s.raw), s.raw)
	out := s.raw.Take() // on failure: drops what f appended before failing
	serializers.Put(s)
	if err != nil {
		return err
	}
	_, err = io.WriteString(e.w, out)
	return err
}

// serializers holds the C serializers that no Encoder call is using. A serializer
// keeps nothing between calls but its (emptied) output buffer, so any Encoder can
// use any of them; the pool frees the ones it drops through their finalizer.
// Pooling rather than one serializer per Encoder means an Encoder is plain Go
// memory: forgetting one costs nothing in C, and a server with thousands of
// streams holds as many serializers as it has calls in flight.
var serializers sync.Pool

// pooledSerializer owns one C serializer; its finalizer frees it.
type pooledSerializer struct {
	raw raw.Serializer
}

// serializersMade counts the C serializers created, for the test that Encoders
// share them.
var serializersMade atomic.Int64

// borrowSerializer takes a serializer from the pool, or creates one; give it back
// with serializers.Put.
func borrowSerializer() (*pooledSerializer, error) {
	if s, ok := serializers.Get().(*pooledSerializer); ok {
		return s, nil
	}
	r := raw.NewSerializer()
	if err := check(r.LastCode(), r); err != nil {
		raw.DeleteSerializer(r)
		return nil, err
	}
	serializersMade.Add(1)
	s := &pooledSerializer{raw: r}
	runtime.SetFinalizer(s, func(s *pooledSerializer) { raw.DeleteSerializer(s.raw) })
	return s, nil
}
