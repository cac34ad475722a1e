package sse

import (
	"strings"
	"unsafe"
)

// eventCopier copies EVENT records out of a batch (C memory, reused by the next
// feed) into Go strings, for Parser and Client alike. Consecutive events usually
// share their type, and often their id, so those strings are reused; a new id is
// copied together with the data in one allocation (one string, sliced in two),
// which halves the allocations of a stream whose every event has an id.
type eventCopier struct {
	lastType, lastID string
}

// event returns the event with the given fields (views into C memory) as Go
// strings that no later feed changes.
func (c *eventCopier) event(typ, data, id string) Event {
	if typ != c.lastType {
		c.lastType = strings.Clone(typ)
	}
	if id == c.lastID {
		return Event{Type: c.lastType, Data: strings.Clone(data), ID: c.lastID}
	}
	if data == "" || id == "" {
		c.lastID = strings.Clone(id)
		return Event{Type: c.lastType, Data: strings.Clone(data), ID: c.lastID}
	}
	both := cloneTwo(data, id)
	c.lastID = both[len(data):]
	return Event{Type: c.lastType, Data: both[:len(data)], ID: c.lastID}
}

// cloneTwo returns a new string holding a then b, in one allocation. A small
// event's data and id are copied by hand into a make: a + b spends as long again
// in runtime.concatstrings' general loop, which was a fifth of a small event's Go
// time. A big one is concatenated: its allocation is not zeroed first, which for
// a 4 MiB event costs more than that loop.
func cloneTwo(a, b string) string {
	n := len(a) + len(b)
	if n > 4096 {
		return a + b
	}
	buf := make([]byte, n)
	copy(buf[copy(buf, a):], b)
	return unsafe.String(unsafe.SliceData(buf), n)
}
