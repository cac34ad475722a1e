package sse

import "unsafe"

// Decoding of the packed batch that sse_binding::Parser::feed returns: every
// callback of one C feed, collected on the C++ side so that Go crosses into C once
// per Write. The format is documented in bindings/swig/sse_binding.hpp:
//
//	u8 kind, then
//	EVENT:   u32 type_len, type, u32 data_len, data, u32 id_len, id
//	COMMENT: u32 len, text
//	RETRY:   u64 milliseconds
//	ERROR:   i32 code, u32 len, message
//
// All integers are little-endian.

// Record kinds; TestRecordKindsMatchBinding checks them against the C++ enum.
const (
	recordEvent   = 1
	recordComment = 2
	recordRetry   = 3
	recordError   = 4
)

// record is one decoded batch entry. The strings are views into the batch.
type record struct {
	kind          byte
	typ, data, id string // EVENT (COMMENT uses data, ERROR uses data as message)
	retryMillis   uint64 // RETRY
	code          int    // ERROR
}

// batchCursor walks a batch; a malformed batch (a bug on the C++ side, never the
// peer's input) is reported through ok instead of an index panic.
type batchCursor struct {
	s  string
	ok bool
}

func (c *batchCursor) u32() uint32 {
	if !c.ok || len(c.s) < 4 {
		c.ok = false
		return 0
	}
	s := c.s
	v := uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
	c.s = s[4:]
	return v
}

func (c *batchCursor) u64() uint64 {
	lo := uint64(c.u32())
	hi := uint64(c.u32())
	return lo | hi<<32
}

func (c *batchCursor) str() string {
	n := c.u32()
	if !c.ok || uint64(len(c.s)) < uint64(n) {
		c.ok = false
		return ""
	}
	v := c.s[:n]
	c.s = c.s[n:]
	return v
}

// nextRecord decodes the first record of batch and returns it with the rest.
func nextRecord(batch string) (rec record, rest string, err error) {
	if batch[0] == recordEvent {
		if rec, rest, ok := nextEventRecord(batch); ok {
			return rec, rest, nil
		}
	}
	c := batchCursor{s: batch[1:], ok: true}
	rec.kind = batch[0]
	switch rec.kind {
	case recordEvent:
		rec.typ = c.str()
		rec.data = c.str()
		rec.id = c.str()
	case recordComment:
		rec.data = c.str()
	case recordRetry:
		rec.retryMillis = c.u64()
	case recordError:
		rec.code = int(int32(c.u32()))
		rec.data = c.str()
	default:
		c.ok = false
	}
	if !c.ok {
		return record{}, "", errorf(-11, "malformed record batch from the C++ binding layer")
	}
	return rec, c.s, nil
}

// nextEventRecord decodes an EVENT record (u8 kind, then type, data and id, each a
// u32 length and the bytes), the bulk of a batch, for the fast path of nextRecord
// and the client's deliver. ok is false for a malformed record (nextRecord then
// reports it).
func nextEventRecord(batch string) (rec record, rest string, ok bool) {
	typ, data, id, rest, ok := eventFields(batch)
	return record{kind: recordEvent, typ: typ, data: data, id: id}, rest, ok
}

// eventFields is nextEventRecord for the parser's delivery loop, the per-event hot
// path: its nine result words come back in registers, where a record (ten words)
// would be written to and copied from memory. It uses index arithmetic on local
// variables: batchCursor's writes through a pointer cost a GC write barrier per
// field while a collection runs, which a fast stream's allocations make often.
func eventFields(batch string) (typ, data, id, rest string, ok bool) {
	i := 1
	if typ, i, ok = lengthPrefixed(batch, i); !ok {
		return
	}
	if data, i, ok = lengthPrefixed(batch, i); !ok {
		return
	}
	if id, i, ok = lengthPrefixed(batch, i); !ok {
		return
	}
	return typ, data, id, batch[i:], true
}

// lengthPrefixed decodes the u32 length and bytes at batch[i:]; next is the index
// after them.
func lengthPrefixed(batch string, i int) (s string, next int, ok bool) {
	if len(batch)-i < 4 { // i >= 1: callers start after the kind byte
		return "", 0, false
	}
	b := batch[i : i+4] // one bounds check, and the compiler loads the u32 at once
	n := int(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
	i += 4
	if len(batch)-i < n {
		return "", 0, false
	}
	return batch[i : i+n], i + n, true
}

// batchView is a string in C memory (a feed's batch) with the part of it not
// delivered yet. Storing a Go string that points into C memory in a heap object
// costs a write barrier while the garbage collector marks, and the barrier then
// looks the foreign address up in the heap's span tables: done per record, that
// was a large part of delivering a small event. So the pointer is stored once per
// feed and delivery only moves an offset.
type batchView struct {
	base     *byte // the batch's first byte, in C memory
	off, end int   // the undelivered records are base[off:end]
}

func (v *batchView) set(batch string) {
	v.base, v.off, v.end = unsafe.StringData(batch), 0, len(batch)
}

// rest returns the undelivered records.
func (v *batchView) rest() string {
	return unsafe.String(v.base, v.end)[v.off:]
}

// keep marks all but the last n bytes of the batch as delivered.
func (v *batchView) keep(n int) { v.off = v.end - n }

func (v *batchView) empty() bool { return v.off == v.end }

func (v *batchView) clear() { v.base, v.off, v.end = nil, 0, 0 }
