package sse

import (
	"runtime"
	"strings"
	"unsafe"

	"github.com/libsse/libsse/bindings/go/internal/raw"
)

// Event is one dispatched event (rules P21 to P25).
type Event struct {
	Type string // "message" unless the stream named another type
	Data string // data lines joined with "\n"; may be empty and may contain NUL
	ID   string // last event ID in effect at dispatch; "" when none
}

// Parser is an incremental event stream parser and an io.Writer: write the bytes of
// a text/event-stream body in chunks of any size and it calls back once per
// dispatched event. The result never depends on how the bytes were split.
//
// Callbacks run inside Write, on the caller's goroutine, after the C parser has
// consumed the whole chunk. If a callback returns an error, Write returns it; if it
// panics, the panic propagates out of Write unchanged. Either way the parser stays
// usable and loses nothing: the records of that chunk not delivered yet stay queued
// and are delivered first by the next Write or Finish. The record whose callback
// failed counts as delivered and is not repeated.
//
// Inside a callback Write, Finish, Reset and SetLastEventID return ErrBusy; Close
// is allowed and takes effect when the callback returns (later records of that
// chunk are dropped).
//
// A Parser holds C memory: call Close when done. A finalizer frees it if you
// forget, but only when the garbage collector gets round to it. A Parser must not
// be used by several goroutines at once.
type Parser struct {
	raw     raw.Parser // nil once closed
	onEvent func(Event) error
	cfg     config

	// Records of the last chunk not delivered yet (because a callback failed, or
	// while they are being delivered): a view into the C parser's batch, which
	// stays valid because every path to the next feed, reset or free delivers or
	// drops them first.
	pending        batchView
	inCallback     bool
	closeRequested bool

	events eventCopier
}

// NewParser creates a parser that calls onEvent for every dispatched event
// (onEvent may be nil to only watch comments or retries).
// It fails with ErrInvalid for a bad option value.
func NewParser(onEvent func(Event) error, opts ...Option) (*Parser, error) {
	p := &Parser{onEvent: onEvent}
	for _, opt := range opts {
		opt(&p.cfg)
	}
	if p.cfg.maxEventSet && p.cfg.maxEventBytes <= 0 {
		return nil, errorf(-1, "WithMaxEventBytes needs a positive size")
	}
	p.raw = raw.NewParser(int64(p.cfg.maxEventBytes), p.cfg.onComment != nil)
	if err := check(p.raw.LastCode(), p.raw); err != nil {
		raw.DeleteParser(p.raw)
		return nil, err
	}
	if err := p.seedLastEventID(); err != nil {
		raw.DeleteParser(p.raw)
		return nil, err
	}
	runtime.SetFinalizer(p, (*Parser).free)
	return p, nil
}

func (p *Parser) seedLastEventID() error {
	if !p.cfg.lastEventSet {
		return nil
	}
	return p.rawCall(func(r raw.Parser) int { return r.SetLastEventId(p.cfg.lastEventID) })
}

// rawCall runs one status-returning call on the C parser, turns its status into
// the error, and keeps p (and so its C memory) alive until the call has returned:
// without KeepAlive the finalizer could free the handle in the middle of the call.
func (p *Parser) rawCall(f func(r raw.Parser) int) error {
	err := check(f(p.raw), p.raw)
	runtime.KeepAlive(p)
	return err
}

// check returns the error for calling a mutating method now, if any.
func (p *Parser) check() error {
	if p.raw == nil || p.closeRequested {
		return errorf(-10, "parser is closed")
	}
	if p.inCallback {
		return errorf(-3, "parser method called from one of its own callbacks")
	}
	return nil
}

// Write parses b and runs the callbacks for everything it completes. It returns
// len(b) once the bytes are consumed, even when a callback then fails (the error
// is returned too). It returns 0 and the error when records queued by an earlier
// failure fail again: b was not consumed then, so write it again.
func (p *Parser) Write(b []byte) (int, error) {
	if err := p.check(); err != nil {
		return 0, err
	}
	if err := p.deliver(); err != nil {
		return 0, err
	}
	if p.raw == nil { // a queued record's callback closed the parser
		return 0, errorf(-10, "parser is closed")
	}
	if len(b) == 0 {
		return 0, nil
	}
	// The C side only reads b during this call, so pass it without a copy. The
	// batch is a view into the C parser's memory, valid until its next feed: it
	// is delivered (every string copied out) before that can happen.
	chunk := unsafe.String(unsafe.SliceData(b), len(b))
	status, batch := raw.FeedView(p.raw, chunk)
	runtime.KeepAlive(p)
	p.pending.set(batch)
	if status < 0 {
		err := check(status, p.raw) // before a callback can close the parser
		// The records before the failure still reach the callbacks; the feed's
		// error is the one reported.
		p.deliver()
		return 0, err
	}
	return len(b), p.deliver()
}

// WriteString is Write for a string, without converting it to a byte slice.
func (p *Parser) WriteString(s string) (int, error) {
	return p.Write(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// Finish ends the stream (rule P27): queued records are delivered first, then the
// unfinished line and event are dropped. The last event ID stays, and the next
// Write starts a new body in which a leading BOM is stripped again (P4, M11).
func (p *Parser) Finish() error {
	if err := p.check(); err != nil {
		return err
	}
	if err := p.deliver(); err != nil {
		return err
	}
	if p.raw == nil {
		return nil
	}
	return p.rawCall(func(r raw.Parser) int { return r.Finish() })
}

// Reset returns the parser to the state NewParser left it in: no pending input, no
// queued records, skip counter zero, and the last event ID given by
// WithLastEventID (or empty).
func (p *Parser) Reset() error {
	if err := p.check(); err != nil {
		return err
	}
	p.pending.clear()
	if err := p.rawCall(func(r raw.Parser) int { return r.Reset() }); err != nil {
		return err
	}
	return p.seedLastEventID()
}

// LastEventID returns the last event ID after every byte written so far, which may
// be ahead of an event being delivered (use Event.ID inside callbacks).
// It returns "" once the parser is closed.
func (p *Parser) LastEventID() string {
	if p.raw == nil {
		return ""
	}
	id := p.raw.LastEventId()
	runtime.KeepAlive(p)
	return id
}

// SetLastEventID replaces the last event ID, e.g. to resume where an earlier
// connection left off (rule M11). An id containing NUL gives ErrInvalid.
func (p *Parser) SetLastEventID(id string) error {
	if err := p.check(); err != nil {
		return err
	}
	return p.rawCall(func(r raw.Parser) int { return r.SetLastEventId(id) })
}

// SkippedEvents counts the events dropped for exceeding the size limit since
// NewParser or Reset.
func (p *Parser) SkippedEvents() uint64 {
	if p.raw == nil {
		return 0
	}
	n := p.raw.SkippedEvents()
	runtime.KeepAlive(p)
	return n
}

// Close frees the C parser. Later calls fail with ErrClosed; closing again does
// nothing. Called from a callback, it takes effect when the callback returns.
func (p *Parser) Close() error {
	if p.inCallback {
		p.closeRequested = true
		return nil
	}
	p.free()
	return nil
}

func (p *Parser) free() {
	if p.raw == nil {
		return
	}
	raw.DeleteParser(p.raw)
	p.raw = nil
	p.pending.clear()
	runtime.SetFinalizer(p, nil)
}

// deliver runs the callbacks for the queued records, oldest first. It is small
// enough to inline, so that a feed which completes no event (about a third of a
// live stream's 64-byte reads) pays only this check.
func (p *Parser) deliver() error {
	if p.pending.empty() {
		return nil
	}
	return p.deliverPending()
}

func (p *Parser) deliverPending() error {
	p.inCallback = true
	// Deferred so that a panicking callback still leaves a consistent parser.
	defer func() {
		p.inCallback = false
		if p.closeRequested {
			p.closeRequested = false
			p.free()
		}
	}()
	for !p.pending.empty() && !p.closeRequested {
		batch := p.pending.rest()
		if batch[0] == recordEvent && p.onEvent != nil {
			// Fast path for the bulk of a batch (as in the client's deliver).
			if typ, data, id, rest, ok := eventFields(batch); ok {
				p.pending.keep(len(rest)) // dequeued first, as below
				if err := p.onEvent(p.events.event(typ, data, id)); err != nil {
					return err
				}
				continue
			}
		}
		rec, rest, err := nextRecord(batch)
		if err != nil {
			p.pending.clear()
			return err
		}
		// Dequeue before the callback runs: if it fails, the record is not
		// delivered a second time.
		p.pending.keep(len(rest))
		if err := p.dispatch(&rec); err != nil {
			return err
		}
	}
	return nil
}

func (p *Parser) dispatch(rec *record) error {
	switch rec.kind {
	case recordEvent:
		if p.onEvent == nil {
			return nil
		}
		return p.onEvent(p.events.event(rec.typ, rec.data, rec.id))
	case recordComment:
		if p.cfg.onComment != nil {
			return p.cfg.onComment(strings.Clone(rec.data))
		}
	case recordRetry:
		if p.cfg.onRetry != nil {
			p.cfg.onRetry(rec.retryMillis)
		}
	case recordError:
		if p.cfg.onError != nil {
			p.cfg.onError(&Error{code: rec.code, Message: strings.Clone(rec.data)})
		}
	}
	return nil
}
