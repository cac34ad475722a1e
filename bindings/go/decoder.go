package sse

import (
	"io"
	"iter"
)

// readChunk is how much the Decoder asks its reader for at a time; it also bounds
// the size of one batch crossing from C.
const readChunk = 64 << 10

// Decoder reads events from an io.Reader one at a time, pull style.
//
// At the end of the input it finishes the stream (rule P27: an event without its
// closing blank line is dropped) and Next returns io.EOF. Any other error (from
// the reader, or from a comment callback given through options) is returned once
// the events before it are consumed, and then again on every later call.
//
// A Decoder holds C memory: call Close when done (Events does it for you).
type Decoder struct {
	r      io.Reader
	p      *Parser
	buf    []byte
	queue  []Event
	head   int
	err    error
	closed bool
}

// NewDecoder returns a Decoder that parses r with the given parser options.
// It fails only for a bad option value (ErrInvalid).
func NewDecoder(r io.Reader, opts ...Option) (*Decoder, error) {
	d := &Decoder{r: r}
	p, err := NewParser(func(ev Event) error {
		d.queue = append(d.queue, ev)
		return nil
	}, opts...)
	if err != nil {
		return nil, err
	}
	d.p = p
	return d, nil
}

// Next returns the next event, or io.EOF after the last one.
func (d *Decoder) Next() (Event, error) {
	for {
		if d.head < len(d.queue) {
			ev := d.queue[d.head]
			d.queue[d.head] = Event{} // let the strings go
			d.head++
			return ev, nil
		}
		d.queue, d.head = d.queue[:0], 0
		if d.err != nil {
			return Event{}, d.err
		}
		if d.closed {
			return Event{}, errorf(-10, "decoder is closed")
		}
		d.fill()
	}
}

// fill reads once and parses what came; at least one event or d.err results,
// unless the reader returned nothing, which the caller's loop then retries.
func (d *Decoder) fill() {
	if d.buf == nil {
		d.buf = make([]byte, readChunk)
	}
	// Readers may return (0, nil); give up after as many as bufio.Scanner does.
	for empty := 0; empty < 100; empty++ {
		n, rerr := d.r.Read(d.buf)
		if n > 0 {
			if _, err := d.p.Write(d.buf[:n]); err != nil {
				d.err = err
				return
			}
		}
		switch {
		case rerr == io.EOF:
			if err := d.p.Finish(); err != nil {
				d.err = err
			} else {
				d.err = io.EOF
			}
			return
		case rerr != nil:
			d.err = rerr
			return
		case n > 0:
			return
		}
	}
	d.err = io.ErrNoProgress
}

// LastEventID returns the last event ID after the input read so far; a client
// sends it as Last-Event-ID when it reconnects (rule H1).
func (d *Decoder) LastEventID() string { return d.p.LastEventID() }

// Close frees the parser; the reader is left open. Closing again does nothing.
func (d *Decoder) Close() error {
	d.closed = true
	d.queue, d.head = nil, 0
	return d.p.Close()
}

// Events returns an iterator over the events read from r:
//
//	for ev, err := range sse.Events(body) {
//		if err != nil { ... }
//		...
//	}
//
// It stops at the end of the input without an error; on any error it yields that
// error once, with a zero Event, and stops. The parser is freed when the loop ends,
// also on break.
func Events(r io.Reader, opts ...Option) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		d, err := NewDecoder(r, opts...)
		if err != nil {
			yield(Event{}, err)
			return
		}
		defer d.Close()
		for {
			ev, err := d.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Event{}, err)
				return
			}
			if !yield(ev, nil) {
				return
			}
		}
	}
}
