package sse

import (
	"strings"

	"github.com/libsse/libsse/bindings/go/internal/raw"
)

// Request is the next attempt's request, as an OnBeforeRequest handler sees it.
// Changing URL or LastEventID, or calling the setters, changes this attempt and
// every later one (the request is reused, M7).
type Request struct {
	Attempt     uint64 // 1 for the first attempt, counting up across the client's life
	URL         string // where the attempt goes: the final URL of earlier redirects (M12)
	LastEventID string // sent as Last-Event-ID when not empty (H1, H2)

	url, lastEventID string // values before the handler ran
	edits            []func(raw.Client) int
	nul              bool // a value had a NUL byte, which the C layer would cut at
}

func (r *Request) check(values ...string) {
	for _, v := range values {
		if strings.IndexByte(v, 0) >= 0 {
			r.nul = true
		}
	}
}

// SetHeader adds or replaces (case-insensitively) a request header.
func (r *Request) SetHeader(name, value string) {
	r.check(name, value)
	r.edits = append(r.edits, func(c raw.Client) int { return c.SetHeader(name, value) })
}

// DelHeader removes a request header.
func (r *Request) DelHeader(name string) {
	r.check(name)
	r.edits = append(r.edits, func(c raw.Client) int { return c.RemoveHeader(name) })
}

// SetMethod sets the request method.
func (r *Request) SetMethod(method string) {
	r.check(method)
	r.edits = append(r.edits, func(c raw.Client) int { return c.SetMethod(method) })
}

// SetBody sets the request body; nil removes it.
func (r *Request) SetBody(body []byte) {
	if body == nil {
		r.edits = append(r.edits, func(c raw.Client) int { return c.RemoveBody() })
		return
	}
	s := string(body)
	r.edits = append(r.edits, func(c raw.Client) int { return c.SetBody(s) })
}

// apply hands the handler's changes to the C client, in the order they were made.
// Bad values (CR or LF in a header, a non-HTTP URL) give ErrInvalid.
func (r *Request) apply(c raw.Client) error {
	if r.check(r.URL, r.LastEventID); r.nul {
		return errorf(codeInvalid, "NUL byte in a request value")
	}
	if r.URL != r.url {
		if err := check(c.SetUrl(r.URL), c); err != nil {
			return err
		}
	}
	if r.LastEventID != r.lastEventID {
		if err := check(c.SetLastEventId(r.LastEventID), c); err != nil {
			return err
		}
	}
	for _, edit := range r.edits {
		if err := check(edit(c), c); err != nil {
			return err
		}
	}
	return nil
}
