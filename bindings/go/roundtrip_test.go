package sse

// S8: whatever the Encoder accepts, the Parser gives back (CR and CRLF in data come
// back as LF). Random messages from a fixed seed, parsed in random chunks.

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// Pieces random strings are built from: line breaks, NUL, spaces, colons, field
// names, multi-byte UTF-8 and a BOM character, the things framing could trip on.
var dataPieces = []string{"a", "Z", "0", " ", "  ", ":", "\t", "\x00", "é", "€", "😀", "\ufeff",
	"data:", "id:", "event", "retry: 5", "\n", "\r", "\r\n", "\n\n", "\r\r"}

func randomText(r *rand.Rand, maxPieces int, allowBreaks, allowNUL bool) string {
	var b strings.Builder
	for n := r.IntN(maxPieces + 1); n > 0; n-- {
		p := dataPieces[r.IntN(len(dataPieces))]
		if !allowBreaks && strings.ContainsAny(p, "\r\n") || !allowNUL && strings.Contains(p, "\x00") {
			continue
		}
		b.WriteString(p)
	}
	return b.String()
}

func randomMessage(r *rand.Rand) Message {
	m := Message{
		Type: randomText(r, 3, false, true), // P24: NUL is fine in a type
		Data: randomText(r, 12, true, true),
	}
	switch r.IntN(4) {
	case 0: // no id line
	case 1:
		m.ID = strptr("")
	default:
		m.ID = strptr(randomText(r, 4, false, false))
	}
	if r.IntN(5) == 0 {
		m.Retry = time.Duration(r.IntN(100000)) * time.Millisecond
	}
	return m
}

func TestEncoderParserRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(20260316, 1))
	var wire bytes.Buffer
	enc := NewEncoder(&wire)

	var want []item
	lastID := ""
	for range 2000 {
		m := randomMessage(r)
		if err := enc.Encode(m); err != nil {
			t.Fatalf("Encode(%+v): %v", m, err)
		}
		if m.Retry > 0 {
			want = append(want, item{kind: "retry", a: m.Retry.Truncate(time.Millisecond).String()})
		}
		if m.ID != nil {
			lastID = *m.ID
		}
		typ := m.Type
		if typ == "" {
			typ = "message"
		}
		data := strings.ReplaceAll(strings.ReplaceAll(m.Data, "\r\n", "\n"), "\r", "\n")
		want = append(want, item{kind: "event", a: typ, b: data, c: lastID})
	}

	var got recorder
	p := newRecordingParser(t, &got)
	stream := wire.Bytes()
	for len(stream) > 0 {
		n := min(1+r.IntN(300), len(stream))
		if _, err := p.Write(stream[:n]); err != nil {
			t.Fatal(err)
		}
		stream = stream[n:]
	}
	if d := diffItems(got.items, want); d != "" {
		t.Fatalf("round trip differs (%d bytes of wire):%s", wire.Len(), d)
	}
	if p.LastEventID() != lastID {
		t.Fatalf("LastEventID = %q, want %q", p.LastEventID(), lastID)
	}
}
