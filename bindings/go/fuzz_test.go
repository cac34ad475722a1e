package sse

// Fuzzing (not run by meson beyond its seeds):
//
//	go test -run '^$' -fuzz FuzzParser -fuzztime 60s
//
// Any input must parse without error or panic, and splitting it anywhere must not
// change the callbacks (P10).

import "testing"

func FuzzParser(f *testing.F) {
	for _, seed := range []string{
		"data: x\n\n", "\xef\xbb\xbfid: 1\r\ndata:a\r\rdata\n\n", ": c\nretry: 99999999999999999999999\n\n",
		"event:\x00\ndata:\xff\xfe\n\n", "data: " + string(make([]byte, 300)) + "\n\n",
	} {
		f.Add([]byte(seed), uint16(3))
	}
	f.Fuzz(func(t *testing.T, in []byte, split uint16) {
		var whole, parts recorder
		p := newRecordingParser(t, &whole, WithMaxEventBytes(256))
		q := newRecordingParser(t, &parts, WithMaxEventBytes(256))
		at := int(split) % (len(in) + 1)
		if _, err := p.Write(in); err != nil {
			t.Fatalf("Write(%q) whole: %v", in, err)
		}
		if _, err := q.Write(in[:at]); err != nil {
			t.Fatalf("Write(%q) as first part: %v", in[:at], err)
		}
		if _, err := q.Write(in[at:]); err != nil {
			t.Fatalf("Write(%q) after %q: %v", in[at:], in[:at], err)
		}
		if err := p.Finish(); err != nil {
			t.Fatalf("Finish after whole write: %v", err)
		}
		if err := q.Finish(); err != nil {
			t.Fatalf("Finish after split write: %v", err)
		}
		if d := diffItems(parts.items, whole.items); d != "" {
			t.Fatalf("split at %d changed the result:%s", at, d)
		}
		if p.LastEventID() != q.LastEventID() {
			t.Fatalf("last id %q vs %q", p.LastEventID(), q.LastEventID())
		}
	})
}
