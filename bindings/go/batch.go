package sse

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
