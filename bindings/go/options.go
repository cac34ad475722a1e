package sse

import (
	"math"
	"time"
)

// Option configures a Parser (and the Decoder and Events built on one).
type Option func(*config)

type config struct {
	onComment     func(text string) error
	onRetry       func(ms uint64) // WithRetry's fn, taking the field as parsed
	onError       func(err error)
	maxEventBytes int
	maxEventSet   bool
	lastEventID   string
	lastEventSet  bool
}

// WithComments reports comment lines (rule P12): fn gets the text after the colon,
// minus one leading space. Without this option comments are dropped in C and never
// cross into Go. An error returned by fn is returned by Write, like an event
// callback's.
func WithComments(fn func(text string) error) Option {
	return func(c *config) { c.onComment = fn }
}

// WithRetry reports every valid retry field (rule P19) as soon as its line is
// parsed: the reconnection time the server asks for. A value too large for a
// time.Duration (about 292 years) arrives as the largest Duration.
func WithRetry(fn func(d time.Duration)) Option {
	return func(c *config) {
		c.onRetry = nil
		if fn != nil {
			c.onRetry = func(ms uint64) { fn(retryDuration(ms)) }
		}
	}
}

// retryDuration converts a retry field's milliseconds, saturating.
func retryDuration(ms uint64) time.Duration {
	if ms > uint64(math.MaxInt64/int64(time.Millisecond)) {
		return math.MaxInt64
	}
	return time.Duration(ms) * time.Millisecond
}

// WithErrorHandler reports input the parser skipped instead of failing: today an
// event larger than the limit (errors.Is(err, ErrLimit)). The parser drops that
// event, resynchronises at the next blank line and carries on either way; without
// a handler the skip is silent (see Parser.SkippedEvents).
func WithErrorHandler(fn func(err error)) Option {
	return func(c *config) { c.onError = fn }
}

// WithMaxEventBytes limits the size of one event in progress (its data, type, id
// and current line). n must be positive; the library default is 16 MiB, and values
// above 4 GiB - 16 are lowered to that (the batch format counts in uint32).
func WithMaxEventBytes(n int) Option {
	return func(c *config) { c.maxEventBytes, c.maxEventSet = n, true }
}

// WithLastEventID seeds the last event ID, e.g. with the id a previous connection
// ended on (rule M11): events without an id field report it. Reset restores it too.
// An id containing NUL is invalid (rule P18) and makes NewParser fail with
// ErrInvalid.
func WithLastEventID(id string) Option {
	return func(c *config) { c.lastEventID, c.lastEventSet = id, true }
}
