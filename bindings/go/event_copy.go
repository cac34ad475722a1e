package sse

import "strings"

// eventCopier copies EVENT records out of a batch (C memory, reused by the next
// feed) into Go strings, for Parser and Client alike. Consecutive events usually
// share their type, and often their id, so those strings are reused; a new id is
// copied together with the data in one allocation (one string, sliced in two),
// which halves the allocations of a stream whose every event has an id.
type eventCopier struct {
	lastType, lastID string
}

func (c *eventCopier) event(rec *record) Event {
	if rec.typ != c.lastType {
		c.lastType = strings.Clone(rec.typ)
	}
	if rec.id == c.lastID || rec.id == "" || rec.data == "" {
		// (Concatenating with "" would return the batch's own bytes, not a copy.)
		if rec.id != c.lastID {
			c.lastID = strings.Clone(rec.id)
		}
		return Event{Type: c.lastType, Data: strings.Clone(rec.data), ID: c.lastID}
	}
	both := rec.data + rec.id // a new string: neither part is empty
	c.lastID = both[len(rec.data):]
	return Event{Type: c.lastType, Data: both[:len(rec.data)], ID: c.lastID}
}
