package sse

import (
	"io"
	"runtime"
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
// and nothing reaches the writer (no stream injection). Each call makes one Write
// on the underlying writer; flushing it (http.Flusher, bufio.Writer) is up to you.
//
// An Encoder holds C memory: call Close when done. A finalizer frees it if you
// forget. An Encoder must not be used by several goroutines at once.
type Encoder struct {
	w      io.Writer
	raw    raw.Serializer // created on first use; nil after Close
	closed bool
}

// NewEncoder returns an Encoder that writes to w.
func NewEncoder(w io.Writer) *Encoder {
	return &Encoder{w: w}
}

// Encode writes one event, preceded by its retry line if m.Retry is set.
func (e *Encoder) Encode(m Message) error {
	if m.Retry < 0 {
		return errorf(-1, "Message.Retry must not be negative")
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
		return errorf(-1, "retry delay must not be negative")
	}
	return e.write(func(s raw.Serializer) int { return s.Retry(uint64(d.Milliseconds())) })
}

// Close frees the C serializer; the writer is left open. Later calls fail with
// ErrClosed; closing again does nothing.
func (e *Encoder) Close() error {
	e.closed = true
	e.free()
	return nil
}

func (e *Encoder) free() {
	if e.raw == nil {
		return
	}
	raw.DeleteSerializer(e.raw)
	e.raw = nil
	runtime.SetFinalizer(e, nil)
}

// write runs the serializer calls in f (which returns the first failed call's
// status), then hands their output to the writer in one Write. If f fails
// half-way (say the retry was accepted but the event was not), the partial output
// is discarded, so a failed call writes nothing at all.
func (e *Encoder) write(f func(s raw.Serializer) int) error {
	if e.closed {
		return errorf(-10, "encoder is closed")
	}
	if e.raw == nil {
		s := raw.NewSerializer()
		if err := check(s.LastCode(), s); err != nil {
			raw.DeleteSerializer(s)
			return err
		}
		e.raw = s
		runtime.SetFinalizer(e, (*Encoder).free)
	}
	err := check(f(e.raw), e.raw)
	out := e.raw.Take() // on failure: drops what f appended before failing
	runtime.KeepAlive(e)
	if err != nil {
		return err
	}
	_, err = io.WriteString(e.w, out)
	return err
}
