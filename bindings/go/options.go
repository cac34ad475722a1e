package sse

// Option configures a Parser (and the Decoder and Events built on one).
type Option func(*config)

type config struct {
	onComment     func(text string) error
	onRetry       func(ms uint64)
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
// parsed, in milliseconds. Values too large for uint64 arrive as math.MaxUint64,
// so convert with care: time.Duration overflows above about 292 years.
func WithRetry(fn func(ms uint64)) Option {
	return func(c *config) { c.onRetry = fn }
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
