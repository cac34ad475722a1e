package sse

import (
	"context"
	"errors"
	"iter"
	"runtime/debug"
	"strings"

	"github.com/libsse/libsse/bindings/go/internal/raw"
)

// C return codes of sse_client_run that the loop tells apart.
const (
	runPaused = 1          // SSE_PAUSED: a pause_* record is last, a handler must answer
	runClosed = codeClosed // the client stopped
)

// runSliceMs bounds one blocking run call. Close and the context unblock it at once
// (sse_client_close is thread-safe); the bound only makes a lost wakeup cost a
// second instead of a hang.
const runSliceMs = 1000

// Run drives the client on the calling goroutine and calls onEvent for every event
// (onEvent may be nil when only handlers matter). It returns
//   - nil after Close, a 204, or a Stop from a handler after a disconnect;
//   - ctx.Err() when ctx ends (the client is closed promptly);
//   - a *FailureError when the client stopped after a failed attempt;
//   - the error onEvent or a handler returned;
//   - a *PanicError when onEvent or a handler panicked;
//   - ErrClosed when the client already ran, ErrBusy when it is running.
//
// The client is closed when Run returns.
func (c *Client) Run(ctx context.Context, onEvent func(Event) error) error {
	return c.drive(ctx, onEvent, false)
}

// errStopIteration ends the drive loop when a range loop over Events breaks, or
// when Close interrupts Subscribe's blocked send.
var errStopIteration = errors.New("sse: iteration stopped")

// Events returns an iterator over the client's events, for use with range:
//
//	for ev, err := range c.Events(ctx) {
//		if err != nil { return err }
//		...
//	}
//
// Breaking out of the loop closes the client. The iteration ends without an error
// where Run would return nil, and otherwise yields Run's error once with a zero
// Event. A panic in the loop body is the caller's own and propagates as usual
// (the client is closed first); a panic in a handler becomes a *PanicError.
func (c *Client) Events(ctx context.Context) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		err := c.drive(ctx, func(ev Event) error {
			if !yield(ev, nil) {
				return errStopIteration
			}
			return nil
		}, true)
		if err != nil && err != errStopIteration {
			yield(Event{}, err)
		}
	}
}

// Subscribe drives the client on a new goroutine and sends its events on the first
// channel, which is closed when the client stops; the second channel then receives
// Run's result (possibly nil) and is closed. A slow reader slows the client down
// (back-pressure) rather than losing events. Cancel ctx or Close the client to stop.
func (c *Client) Subscribe(ctx context.Context) (<-chan Event, <-chan error) {
	events := make(chan Event, 64)
	result := make(chan error, 1)
	go func() {
		err := c.drive(ctx, func(ev Event) error {
			select {
			case events <- ev:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			case <-c.closing: // Close while the reader is not reading
				return errStopIteration
			}
		}, false)
		if err == errStopIteration {
			err = nil // stopped by Close, like Run
		}
		close(events)
		result <- err
		close(result)
	}()
	return events, result
}

// driveState is what one drive loop remembers between batches.
type driveState struct {
	onEvent    func(Event) error
	passPanics bool // true for Events: the loop body's panics are the caller's

	// stopFailure is the failure whose decision was stop, until a later open;
	// it becomes Run's *FailureError.
	stopFailure *Failure

	eventCopier // the strings of the events handed out
}

func (c *Client) drive(ctx context.Context, onEvent func(Event) error, passPanics bool) (err error) {
	r, err := c.begin()
	if err != nil {
		return err
	}
	stopWatching := context.AfterFunc(ctx, c.requestClose)
	defer func() {
		stopWatching()
		// Whatever ended the loop (even a panic or runtime.Goexit in the loop
		// body), the client is closed and its C memory released.
		c.requestClose()
		c.end()
		c.free()
	}()

	// AfterFunc runs its function on another goroutine even for a context that is
	// already done; check here so that such a Run sends nothing.
	if err := ctx.Err(); err != nil {
		return err
	}
	st := &driveState{onEvent: onEvent, passPanics: passPanics}
	for {
		status, err := c.step(r, st)
		if err != nil {
			return err
		}
		switch {
		case status == 0 || status == runPaused:
			continue
		case status == runClosed:
			return c.closedResult(ctx, st)
		default:
			return check(status, r)
		}
	}
}

// step makes one run call and delivers its batch. The batch is read in place in
// C++ memory (raw.BatchView, no copy: one run call can read tens of MB) and freed
// when step returns, even by a panic; everything delivered is copied out of it.
func (c *Client) step(r raw.Client, st *driveState) (int, error) {
	h := r.RunBatch(runSliceMs)
	defer raw.FreeBatch(h)
	c.refresh(r)
	return c.deliver(r, st, raw.BatchView(h))
}

// isClosing reports whether Close (or the context) asked the client to stop. It
// runs once per record, so it reads an atomic flag rather than polling c.closing
// with a select.
func (c *Client) isClosing() bool { return c.closeFlag.Load() }

// begin marks the client as driven and returns its C handle.
func (c *Client) begin() (raw.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.running:
		return nil, errorf(codeBusy, "client is already running")
	case c.raw == nil || c.closeRequested:
		return nil, errorf(codeClosed, "client is closed (a Client runs once)")
	}
	c.running = true
	return c.raw, nil
}

func (c *Client) end() {
	c.mu.Lock()
	c.running = false
	c.mu.Unlock()
}

// refresh caches what LastEventID and URL report to other goroutines: the C
// getters are only safe on the driving goroutine.
func (c *Client) refresh(r raw.Client) {
	id, url := r.LastEventId(), r.Url()
	c.mu.Lock()
	c.lastEventID, c.url = id, url
	c.mu.Unlock()
}

func (c *Client) closedResult(ctx context.Context, st *driveState) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	byClose := c.closeRequested
	c.mu.Unlock()
	if byClose || st.stopFailure == nil {
		return nil
	}
	return &FailureError{Failure: *st.stopFailure}
}

// deliver hands one batch to the user, in order, and answers a pause. It returns
// the STATUS record's code. batch is only valid during the call (see step): every
// string that reaches the user or outlives the call must be a copy.
func (c *Client) deliver(r raw.Client, st *driveState, batch string) (int, error) {
	// The record a handler must answer, if any. Kept by value: taking the address
	// of the loop's record would move every record of the batch to the heap.
	var paused clientRecord
	hasPaused := false
	for batch != "" {
		if c.isClosing() {
			// M9: after close nothing more is delivered, not even the rest of
			// this batch.
			return runClosed, nil
		}
		if batch[0] == recordEvent {
			// Fast path for the bulk of a stream: no clientRecord to fill and copy.
			if ev, rest, ok := nextEventRecord(batch); ok {
				batch = rest
				if err := c.deliverEvent(st, &ev); err != nil {
					return 0, err
				}
				continue
			}
		}
		rec, rest, err := nextClientRecord(batch)
		if err != nil {
			return 0, err
		}
		batch = rest
		if rec.kind == recordStatus {
			if rest != "" {
				return 0, errorf(codeInternal, "STATUS record is not the last of the batch")
			}
			if rec.status == runPaused {
				if !hasPaused {
					return 0, errorf(codeInternal, "client paused without a record to answer")
				}
				if err := c.answer(r, st, &paused); err != nil {
					return 0, err
				}
			}
			return rec.status, nil
		}
		if err := c.observe(&rec); err != nil {
			return 0, err
		}
		if c.needsAnswer(&rec) {
			paused, hasPaused = rec, true
			continue
		}
		if err := c.inform(st, &rec); err != nil {
			return 0, err
		}
	}
	return 0, errorf(codeInternal, "client batch without a STATUS record")
}

// observe shows a FAILURE or DISCONNECT record to the Observe* handlers. They run
// before a deciding handler, and whatever they do leaves the decision alone.
func (c *Client) observe(rec *clientRecord) error {
	switch {
	case rec.kind == recordFailure && c.cfg.observeFailure != nil:
		return guard(func() error { c.cfg.observeFailure(*rec.failure); return nil })
	case rec.kind == recordDisconnect && c.cfg.observeDisconnect != nil:
		return guard(func() error { c.cfg.observeDisconnect(*rec.disconnect); return nil })
	}
	return nil
}

// needsAnswer reports whether rec made the C client pause for a Go handler.
func (c *Client) needsAnswer(rec *clientRecord) bool {
	switch rec.kind {
	case recordFailure:
		return c.cfg.onFailure != nil
	case recordDisconnect:
		return c.cfg.onDisconnect != nil
	case recordRequest:
		return c.cfg.onBeforeRequest != nil
	}
	return false
}

// inform delivers a record that needs no answer.
func (c *Client) inform(st *driveState, rec *clientRecord) error {
	p := &c.cfg.parser
	switch rec.kind {
	case recordEvent:
		return c.deliverEvent(st, &rec.parser)
	case recordComment:
		if p.onComment != nil {
			text := strings.Clone(rec.parser.data)
			return guard(func() error { return p.onComment(text) })
		}
	case recordRetry:
		if p.onRetry != nil {
			return guard(func() error { p.onRetry(rec.parser.retryMillis); return nil })
		}
	case recordError:
		if p.onError != nil {
			e := &Error{code: rec.parser.code, Message: strings.Clone(rec.parser.data)}
			return guard(func() error { p.onError(e); return nil })
		}
	case recordOpen:
		st.stopFailure = nil
		if c.cfg.onOpen != nil {
			return guard(func() error { return c.cfg.onOpen(*rec.open) })
		}
	case recordFailure:
		// No handler: the library applied its default inside the same run call.
		st.noteFailure(rec.failure, rec.decision.action == actionStop)
	}
	return nil
}

// answer calls the handler of the record the client paused on and hands its
// answer to the C client; the next run call then goes on.
func (c *Client) answer(r raw.Client, st *driveState, rec *clientRecord) error {
	switch rec.kind {
	case recordFailure:
		var d Decision
		if err := guard(func() error { d = c.cfg.onFailure(*rec.failure); return nil }); err != nil {
			return err
		}
		action, delay := resolve(d, rec.decision, r)
		st.noteFailure(rec.failure, action == actionStop)
		return check(r.Decide(action, delay), r) // a raced Close or Restart is not an error
	case recordDisconnect:
		var d Decision
		if err := guard(func() error { d = c.cfg.onDisconnect(*rec.disconnect); return nil }); err != nil {
			return err
		}
		action, delay := resolve(d, rec.decision, r)
		return check(r.Decide(action, delay), r) // a raced Close or Restart is not an error
	default: // recordRequest
		c.mu.Lock()
		url, id := c.url, c.lastEventID
		c.mu.Unlock()
		req := &Request{Attempt: rec.attempt, URL: url, LastEventID: id, url: url, lastEventID: id}
		if err := guard(func() error { return c.cfg.onBeforeRequest(req) }); err != nil {
			return err
		}
		if err := req.apply(r); err != nil {
			return err
		}
		c.refresh(r)
		return nil
	}
}

// deliverEvent hands one EVENT record to the event callback.
func (c *Client) deliverEvent(st *driveState, rec *record) error {
	if st.onEvent == nil {
		return nil
	}
	ev := st.event(rec.typ, rec.data, rec.id)
	if st.passPanics {
		return st.onEvent(ev)
	}
	return guard(func() error { return st.onEvent(ev) })
}

// noteFailure remembers a failure that stops the client; a 204 is a normal end.
func (st *driveState) noteFailure(f *Failure, stops bool) {
	if stops && f.Kind != FailureNoContent {
		st.stopFailure = f
	} else {
		st.stopFailure = nil
	}
}

// resolve turns a handler's Decision into the C action and delay.
func resolve(d Decision, def rawDecision, r raw.Client) (action int, delayMs uint64) {
	switch d.kind {
	case decideStop:
		return actionStop, 0
	case decideReconnectAfter:
		return actionReconnect, uint64(d.delay.Milliseconds())
	case decideReconnect:
		if def.action == actionReconnect {
			return actionReconnect, def.delayMs
		}
		// The default was to stop, so it carries no delay: use the reconnection
		// time in effect, never less than the server's retry (M10).
		return actionReconnect, r.RetryMs()
	}
	return def.action, def.delayMs
}

// guard runs user code and turns a panic into a *PanicError, so that it never
// unwinds through the drive loop's caller unannounced.
func guard(f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return f()
}
