package sse

// Decoding of the batch that sse_binding::Client::run returns: the parser records of
// batch.go plus the client's own (format in bindings/swig/sse_batch.hpp):
//
//	OPEN       i32 status, i32 http_version, str url, str content_type,
//	           u32 n, n x (str name, str value)
//	FAILURE    i32 kind, i32 code, str message, u64 attempt, i64 retry_after_ms,
//	           u8 has_response, [response as in OPEN, then str body], decision
//	DISCONNECT i32 reason, i32 code, str message, u64 connected_ms, u64 events, decision
//	REQUEST    u64 attempt
//	STATUS     i32 rc (always the last record of a run)
//	decision = i32 action, u64 delay_ms, u8 gave_up

import (
	"net/http"
	"strings"
	"time"
)

// Client record kinds; TestClientRecordKindsMatchBinding checks them against C++.
const (
	recordOpen       = 5
	recordFailure    = 6
	recordDisconnect = 7
	recordRequest    = 8
	recordStatus     = 9
)

// C values of sse_client_action; checked against the library in the tests through
// the behaviour they cause (a stop really stops).
const (
	actionReconnect = 1
	actionStop      = 2
)

// rawDecision is the library's pre-filled decision carried by FAILURE and DISCONNECT.
type rawDecision struct {
	action  int
	delayMs uint64
	gaveUp  bool
}

// clientRecord is one decoded record of a client batch. Exactly one payload field
// is meaningful, chosen by kind.
type clientRecord struct {
	kind       byte
	parser     record      // EVENT, COMMENT, RETRY, ERROR
	open       *Response   // OPEN
	failure    *Failure    // FAILURE
	disconnect *Disconnect // DISCONNECT
	decision   rawDecision // FAILURE, DISCONNECT
	attempt    uint64      // REQUEST
	status     int         // STATUS
}

func (c *batchCursor) u8() byte {
	if !c.ok || len(c.s) < 1 {
		c.ok = false
		return 0
	}
	v := c.s[0]
	c.s = c.s[1:]
	return v
}

// owned returns the next string as a copy: the batch is C++ memory that is freed
// after its run call (step in client_run.go), and a kept Response or Failure must
// outlive it.
func (c *batchCursor) owned() string { return strings.Clone(c.str()) }

func (c *batchCursor) i32() int { return int(int32(c.u32())) }

func (c *batchCursor) i64() int64 { return int64(c.u64()) }

func (c *batchCursor) response() *Response {
	r := &Response{
		Status:      c.i32(),
		HTTPVersion: c.i32(),
		URL:         c.owned(),
		ContentType: c.owned(),
	}
	n := c.u32()
	// Each header takes at least 8 bytes: a bogus count cannot make us allocate.
	if !c.ok || uint64(n)*8 > uint64(len(c.s)) {
		c.ok = false
		return r
	}
	r.Header = make(http.Header, n)
	for i := uint32(0); i < n && c.ok; i++ {
		name, value := c.owned(), c.owned()
		r.Header.Add(name, value)
	}
	return r
}

func (c *batchCursor) decision() rawDecision {
	return rawDecision{action: c.i32(), delayMs: c.u64(), gaveUp: c.u8() != 0}
}

// publicDecision describes the library's default as the Decision a handler could
// return to get the same behaviour.
func (d rawDecision) publicDecision() Decision {
	if d.action == actionStop {
		return Stop()
	}
	return ReconnectAfter(time.Duration(d.delayMs) * time.Millisecond)
}

// nextClientRecord decodes the first record of a client batch. The parser records'
// strings are views into batch, which lives in C++ memory only until the run
// loop's step returns (inform copies them); the client records' strings are copies.
func nextClientRecord(batch string) (rec clientRecord, rest string, err error) {
	kind := batch[0]
	if kind < recordOpen {
		p, rest, err := nextRecord(batch)
		return clientRecord{kind: kind, parser: p}, rest, err
	}
	c := batchCursor{s: batch[1:], ok: true}
	rec.kind = kind
	switch kind {
	case recordOpen:
		rec.open = c.response()
	case recordFailure:
		f := &Failure{Kind: FailureKind(c.i32())}
		code, message := c.i32(), c.owned()
		f.Err = &Error{code: code, Message: message}
		f.Attempt = c.u64()
		if ms := c.i64(); ms >= 0 {
			f.RetryAfter = time.Duration(ms) * time.Millisecond
			f.HasRetryAfter = true
		}
		if c.u8() != 0 {
			f.Response = c.response()
			f.Body = []byte(c.str())
		}
		rec.decision = c.decision()
		f.Default, f.GaveUp = rec.decision.publicDecision(), rec.decision.gaveUp
		rec.failure = f
	case recordDisconnect:
		d := &Disconnect{Reason: DisconnectReason(c.i32())}
		code, message := c.i32(), c.owned()
		if code != 0 {
			d.Err = &Error{code: code, Message: message}
		}
		d.Message = message
		d.Connected = time.Duration(c.u64()) * time.Millisecond
		d.Events = c.u64()
		rec.decision = c.decision()
		d.Default, d.GaveUp = rec.decision.publicDecision(), rec.decision.gaveUp
		rec.disconnect = d
	case recordRequest:
		rec.attempt = c.u64()
	case recordStatus:
		rec.status = c.i32()
	default:
		c.ok = false
	}
	if !c.ok {
		return clientRecord{}, "", errorf(codeInternal, "malformed client record batch from the C++ binding layer")
	}
	return rec, c.s, nil
}
