package sse

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// item is one callback as the tests see it: the kind plus its payload.
// event: a=type b=data c=id; comment: a=text; retry: a=the Duration; error: a=code name.
type item struct {
	kind    string
	a, b, c string
}

func (it item) String() string {
	switch it.kind {
	case "event":
		return fmt.Sprintf("event type=%q data=%q id=%q", it.a, it.b, it.c)
	case "comment":
		return fmt.Sprintf("comment %q", it.a)
	default:
		return it.kind + " " + it.a
	}
}

// recorder collects every callback of a parser, in order.
type recorder struct{ items []item }

// options reports everything the parser can report: events go through onEvent,
// the rest through these options.
func (r *recorder) options() []Option {
	return []Option{
		WithComments(func(text string) error {
			r.items = append(r.items, item{kind: "comment", a: text})
			return nil
		}),
		WithRetry(func(d time.Duration) {
			r.items = append(r.items, item{kind: "retry", a: d.String()})
		}),
		WithErrorHandler(func(err error) {
			e, ok := err.(*Error)
			name := "not an *sse.Error: " + err.Error()
			if ok {
				name = codeName(e.code)
			}
			r.items = append(r.items, item{kind: "error", a: name})
		}),
	}
}

func (r *recorder) onEvent(ev Event) error {
	r.items = append(r.items, item{kind: "event", a: ev.Type, b: ev.Data, c: ev.ID})
	return nil
}

// newRecordingParser returns a parser that records everything into r.
func newRecordingParser(t testing.TB, r *recorder, opts ...Option) *Parser {
	t.Helper()
	p, err := NewParser(r.onEvent, append(r.options(), opts...)...)
	if err != nil {
		t.Fatalf("NewParser: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// mustWrite feeds s and fails the test on any error.
func mustWrite(t testing.TB, p *Parser, s string) {
	t.Helper()
	n, err := p.Write([]byte(s))
	if err != nil || n != len(s) {
		t.Fatalf("Write(%q) = %d, %v; want %d, nil", s, n, err, len(s))
	}
}

func events(evs ...Event) []item {
	var out []item
	for _, ev := range evs {
		out = append(out, item{kind: "event", a: ev.Type, b: ev.Data, c: ev.ID})
	}
	return out
}

// diffItems describes how got differs from want, or returns "" when equal.
func diffItems(got, want []item) string {
	if len(got) == len(want) {
		same := true
		for i := range got {
			if got[i] != want[i] {
				same = false
				break
			}
		}
		if same {
			return ""
		}
	}
	var b strings.Builder
	for i := 0; i < len(got) || i < len(want); i++ {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = got[i].String()
		}
		if i < len(want) {
			w = want[i].String()
		}
		mark := "  "
		if g != w {
			mark = "!="
		}
		fmt.Fprintf(&b, "\n  %s #%d got  %s\n     #%d want %s", mark, i, g, i, w)
	}
	return b.String()
}
