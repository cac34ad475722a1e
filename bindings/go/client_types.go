package sse

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Response is the final HTTP response of an attempt, after redirects.
type Response struct {
	Status      int         // e.g. 200
	HTTPVersion int         // 10, 11, 20 or 30
	URL         string      // final URL; reconnections go here (rule M12)
	ContentType string      // raw Content-Type value; "" when absent
	Header      http.Header // response headers, canonical keys, arrival order per key
}

// FailureKind says why a connection attempt failed (rule M4).
type FailureKind int

// Failure kinds, equal to the C library's sse_failure_kind values.
const (
	FailureNetwork     FailureKind = 1 // DNS, refused, reset before a response, connect timeout
	FailureTLS         FailureKind = 2 // handshake or certificate verification
	FailureRedirects   FailureKind = 3 // too many redirects or a bad redirect target
	FailureNoContent   FailureKind = 4 // status 204: the server says stop
	FailureStatus      FailureKind = 5 // any other status than 200
	FailureContentType FailureKind = 6 // 200 but not text/event-stream
)

// String returns the kind in words, e.g. "content type".
func (k FailureKind) String() string {
	switch k {
	case FailureNetwork:
		return "network"
	case FailureTLS:
		return "tls"
	case FailureRedirects:
		return "redirects"
	case FailureNoContent:
		return "no content"
	case FailureStatus:
		return "status"
	case FailureContentType:
		return "content type"
	}
	return "FailureKind(" + strconv.Itoa(int(k)) + ")"
}

// Failure describes a failed connection attempt, as given to an OnFailure handler.
type Failure struct {
	Kind    FailureKind // why the attempt failed
	Err     error       // *Error: ErrIO, ErrTimedOut or ErrProto with the library's detail
	Attempt uint64      // consecutive failed attempts, this one included

	RetryAfter    time.Duration // the parsed Retry-After header, when HasRetryAfter is set
	HasRetryAfter bool          // the response had a valid Retry-After header

	Response *Response // nil when no response arrived (network, TLS failures)
	Body     []byte    // the start of the response body (1 KiB at most)

	// Default is what the library does if the handler returns the zero Decision:
	// reconnect for network, TLS and redirect failures and WithRetryStatuses, stop
	// otherwise (M4) or when the give-up rule was reached (then GaveUp is set).
	Default Decision
	GaveUp  bool // the give-up rule (WithGiveUp) was reached: Default is Stop
}

// DisconnectReason says why an open stream ended.
type DisconnectReason int

// Disconnect reasons, equal to the C library's sse_disconnect_reason values.
const (
	DisconnectEnd         DisconnectReason = 1 // the server ended the body cleanly (M6)
	DisconnectNetwork     DisconnectReason = 2 // the connection dropped mid-body
	DisconnectIdle        DisconnectReason = 3 // no event or comment for WithIdleTimeout
	DisconnectReadTimeout DisconnectReason = 4 // no byte at all for WithReadTimeout
)

// String returns the reason in words, e.g. "read timeout".
func (r DisconnectReason) String() string {
	switch r {
	case DisconnectEnd:
		return "end"
	case DisconnectNetwork:
		return "network"
	case DisconnectIdle:
		return "idle"
	case DisconnectReadTimeout:
		return "read timeout"
	}
	return "DisconnectReason(" + strconv.Itoa(int(r)) + ")"
}

// Disconnect describes the end of an open stream, as given to an OnDisconnect
// handler. The unfinished event, if any, was discarded.
type Disconnect struct {
	Reason    DisconnectReason // why the stream ended
	Err       error            // nil for DisconnectEnd, else *Error (ErrIO or ErrTimedOut)
	Message   string           // the library's detail
	Connected time.Duration    // how long the stream was open
	Events    uint64           // events delivered on this connection

	// Default is what the library does for the zero Decision: reconnect (M6),
	// unless the give-up rule was reached (GaveUp).
	Default Decision
	GaveUp  bool // the give-up rule (WithGiveUp) was reached: Default is Stop
}

// Decision is what an OnFailure or OnDisconnect handler wants to happen next.
// The zero Decision keeps the library's default (Failure.Default, Disconnect.Default).
type Decision struct {
	kind  decisionKind
	delay time.Duration
}

type decisionKind int

const (
	decideDefault decisionKind = iota
	decideReconnect
	decideReconnectAfter
	decideStop
)

// Reconnect reconnects after the library's delay: the server's retry or the
// configured reconnect delay, with backoff and jitter.
func Reconnect() Decision { return Decision{kind: decideReconnect} }

// ReconnectAfter reconnects after d (negative counts as 0).
func ReconnectAfter(d time.Duration) Decision {
	if d < 0 {
		d = 0
	}
	return Decision{kind: decideReconnectAfter, delay: d}
}

// Stop closes the client for good (M8); Run then returns.
func Stop() Decision { return Decision{kind: decideStop} }

// IsStop reports whether the decision stops the client.
func (d Decision) IsStop() bool { return d.kind == decideStop }

// Delay returns the delay of a ReconnectAfter decision, else 0.
func (d Decision) Delay() time.Duration { return d.delay }

// String describes the decision, e.g. "reconnect after 2s".
func (d Decision) String() string {
	switch d.kind {
	case decideReconnect:
		return "reconnect"
	case decideReconnectAfter:
		return "reconnect after " + d.delay.String()
	case decideStop:
		return "stop"
	}
	return "default"
}

// State is the client's ready state (rule M1).
type State int

// Ready states, equal to the C library's sse_client_state values.
const (
	StateConnecting State = 0
	StateOpen       State = 1
	StateClosed     State = 2
)

// String returns the state in words, e.g. "open".
func (s State) String() string {
	switch s {
	case StateConnecting:
		return "connecting"
	case StateOpen:
		return "open"
	case StateClosed:
		return "closed"
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// ClientStats are the client's counters (Client.Stats).
type ClientStats struct {
	State         State         // the ready state
	Attempts      uint64        // connection attempts started
	Reconnects    uint64        // attempts after the first
	Failures      uint64        // failed attempts
	Events        uint64        // events delivered
	Bytes         uint64        // body bytes received (decoded)
	SkippedEvents uint64        // events dropped for exceeding the size limit
	LastEvent     time.Time     // when the last event arrived; zero when none yet
	Retry         time.Duration // reconnection time in effect (server retry or default)
	CurrentDelay  time.Duration // delay of the pending or last reconnection
}

// FailureError is what Run returns when the client stopped after a failed attempt
// (a 404, a wrong content type, a give-up, or a handler's Stop), except after a
// 204, which is the server's normal way to say it is done. errors.Is sees the
// underlying *Error (ErrProto, ErrIO, ...).
type FailureError struct {
	Failure Failure // the attempt that made the client stop
}

// Error describes the failure, e.g. "sse: connection failed (status): status 404: ...".
func (e *FailureError) Error() string {
	msg := "sse: connection failed (" + e.Failure.Kind.String() + ")"
	if e.Failure.Response != nil {
		msg += ": status " + strconv.Itoa(e.Failure.Response.Status)
	}
	if e.Failure.Err != nil {
		msg += ": " + e.Failure.Err.Error()
	}
	return msg
}

// Unwrap returns the failure's *Error, for errors.Is(err, sse.ErrProto) and the like.
func (e *FailureError) Unwrap() error { return e.Failure.Err }

// PanicError is returned when a handler or event callback panicked: the client
// was stopped and the panic did not cross the caller's Run.
type PanicError struct {
	Value any    // what the handler passed to panic
	Stack []byte // the panicking goroutine's stack
}

// Error returns "sse: handler panicked: " and the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("sse: handler panicked: %v", e.Value) }

// Unwrap returns the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
