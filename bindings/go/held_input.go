package sse

import (
	"encoding/binary"
	"math/bits"
)

// heldInput keeps small writes on the Go side while they cannot produce anything.
//
// A cgo call costs about as much as the C parser spends on a 64-byte feed, and a
// live stream arrives in reads of about one event, most of which complete no event.
// The C parser only reports something when a line ends: a blank line (an event, and
// the last event ID), a retry or comment line, or a line or event over the size
// limit (which it can also notice in the middle of a line). So a write that ends no
// line of those kinds, and cannot reach the limit, is held here and fed to C in
// front of the next write that does: everything is still delivered by the end of
// the Write that completes it, and nothing observable on the C parser (the last
// event ID, the skip counter) can differ while bytes are held.
//
// Holding needs to know where the stream is: whether a line has started and its
// first byte, and how many bytes came since the last blank line (which bounds the
// event the C parser is building). That is tracked over small writes with LF line
// ends only; a CR anywhere, a large write, a new body (NewParser, Finish, Reset)
// or a failed feed make it unknown, and then everything crosses until a blank line
// ("\n\n") in a small crossing write makes it known again.
type heldInput struct {
	buf []byte   // written, not fed to C yet; it completes no line that reports
	pos position // where the stream is after every byte written
}

// position is where the stream is. While it is not known, it says "in the middle
// of a line starting with 'r', long after the last blank line": the next line end
// then counts as one that reports, and only a blank line makes it known again.
type position struct {
	midLine    bool // the current line has begun; first is its first byte
	first      byte
	sinceBlank int // bytes since the last blank line; unknownSince when not known
}

var unknownPosition = position{midLine: true, first: 'r', sinceBlank: unknownSince}

// unknownSince is far above any event size limit, and far from overflowing.
const unknownSince = 1 << 50

// holdMax is the largest write that is scanned (and so may be held), and the most
// bytes held: beyond it a scan would cost more than the crossing it saves.
const holdMax = 1024

// limitFactor bounds how much the C parser's event can grow per byte written:
// an invalid UTF-8 byte becomes U+FFFD, three bytes.
const limitFactor = 3

// write accounts for b, written after everything before, and returns true if b
// is held: feeding b to the C parser now could not report anything. Otherwise
// everything held, then b, must be fed to the C parser now (then call crossed).
// limit is the parser's max event bytes; comments says whether comment lines
// reach Go.
func (h *heldInput) write(b []byte, limit int, comments bool) (held bool) {
	if len(b) > holdMax {
		h.pos = unknownPosition // not worth scanning
		return false
	}
	next, reports := h.pos.after(b, comments)
	if !reports && limitFactor*(h.pos.sinceBlank+len(b)) >= limit {
		reports = true // the event being built might reach the limit
	}
	h.pos = next
	if reports || len(h.buf)+len(b) > holdMax {
		return false
	}
	h.buf = append(h.buf, b...)
	return true
}

// after returns the position after b, and whether b ends a line that makes the C
// parser report something: a blank line (an event, or at least the last event ID),
// a retry field (or another field starting with 'r'), a comment that reaches Go.
// A CR anywhere makes the position unknown (its line ends are not tracked).
//
// It looks at eight bytes at a time: for a write of one small event, calling
// bytes.IndexByte per line cost more than the crossing it saves.
func (pos position) after(b []byte, comments bool) (next position, reports bool) {
	lineStart := 0 // where the current line began in b, if it began in b
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		if !hasControl(w) {
			continue // the usual word: text, no line end
		}
		if zeroBytes(w^(lineEnds*'\r')) != 0 {
			return unknownPosition, true
		}
		for lf := zeroBytes(w ^ (lineEnds * '\n')); lf != 0; lf &= lf - 1 {
			at := i + bits.TrailingZeros64(lf)/8
			pos, reports = pos.lineEnd(b, lineStart, at, comments, reports)
			lineStart = at + 1
		}
	}
	for ; i < len(b); i++ {
		switch b[i] {
		case '\r':
			return unknownPosition, true
		case '\n':
			pos, reports = pos.lineEnd(b, lineStart, i, comments, reports)
			lineStart = i + 1
		}
	}
	if lineStart < len(b) && !pos.midLine {
		pos.midLine, pos.first = true, b[lineStart]
	}
	if pos.sinceBlank < unknownSince {
		pos.sinceBlank += len(b)
	}
	return pos, reports
}

// lineEnd accounts for the LF at b[at], ending the line that began at b[start]
// (or before b, if the position is mid-line).
func (pos position) lineEnd(b []byte, start, at int, comments, reports bool) (position, bool) {
	if !pos.midLine {
		if start == at {
			// A blank line. sinceBlank counts from here; after adds len(b).
			pos.sinceBlank = -(at + 1)
			return pos, true
		}
		pos.first = b[start]
	}
	pos.midLine = false
	return pos, reports || pos.first == 'r' || (pos.first == ':' && comments)
}

// lineEnds times a byte is that byte in every lane of a word.
const lineEnds = 0x0101010101010101

// hasControl reports whether a byte of w is below 0x0e (CR), as LF and CR are;
// it is exact as a whole, though not about which byte.
func hasControl(w uint64) bool {
	return (w-lineEnds*0x0e)&^w&(lineEnds*0x80) != 0
}

// zeroBytes has the top bit of each zero byte of w set, and no other bit.
func zeroBytes(w uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((w&low7 + low7) | w | low7)
}

// crossed empties the held bytes once they (and the write that called for the
// crossing) were fed to the C parser.
func (h *heldInput) crossed() { h.buf = h.buf[:0] }

// forget empties the held bytes and makes the position unknown: a new body starts
// (its byte order mark is not tracked) or a feed failed.
func (h *heldInput) forget() {
	h.buf = h.buf[:0]
	h.pos = unknownPosition
}
