package sse

// The run loop reads each batch in place in C++ memory (raw.BatchView) and frees it
// after the run call, so every string the user receives must be a copy. These tests
// deliver hand-built batches held in a Go buffer standing in for that memory, then
// overwrite the buffer as the next run call would, and check what was delivered.

import (
	"errors"
	"testing"
	"unsafe"
)

type viewEvent struct{ typ, data, id string }

func eventBatch(events ...viewEvent) []byte {
	w := &batchBuilder{}
	for _, e := range events {
		w.u8(recordEvent).str(e.typ).str(e.data).str(e.id)
	}
	w.u8(recordStatus).i32(0)
	return w.b
}

// deliverView delivers buf through Client.deliver as the run loop would, then
// scribbles over buf, and returns the events the callback received.
func deliverView(t *testing.T, buf []byte) []Event {
	t.Helper()
	var got []Event
	c := &Client{closing: make(chan struct{})}
	st := &driveState{onEvent: func(ev Event) error { got = append(got, ev); return nil }}
	status, err := c.deliver(nil, st, unsafe.String(unsafe.SliceData(buf), len(buf)))
	if err != nil || status != 0 {
		t.Fatalf("deliver = %d, %v", status, err)
	}
	for i := range buf {
		buf[i] = '#' // what freeing and reusing the C++ batch could do
	}
	return got
}

// P rules (event fields) and M13 (delivery in order): the type, data and id of every
// event survive the batch, including the cases that reuse or share strings: a
// repeated type and id, a new id with empty data, an id reset to empty.
func TestClientEventsOutliveTheirBatch(t *testing.T) {
	want := []viewEvent{
		{"trade", "d1", "1"},
		{"trade", "d2", "2"},
		{"trade", "d3", "2"},   // same id: reused
		{"quote", "", "3"},     // new id, empty data
		{"message", "d5", ""},  // id reset to empty
		{"message", "d6", ""},  // still empty
		{"message", "", ""},    // nothing at all
		{"message", "d8", "8"}, // back to a new id with data
	}
	got := deliverView(t, eventBatch(want...))
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Type != w.typ || got[i].Data != w.data || got[i].ID != w.id {
			t.Errorf("event %d = %+v, want %+v", i, got[i], w)
		}
	}
}

// Big events (data beyond the small-allocation classes) are copied as well.
func TestClientLargeEventOutlivesItsBatch(t *testing.T) {
	data := make([]byte, 1<<20)
	for i := range data {
		data[i] = 'a' + byte(i%26)
	}
	got := deliverView(t, eventBatch(viewEvent{"big", string(data), "id-1"}))
	if len(got) != 1 || got[0].Data != string(data) || got[0].ID != "id-1" || got[0].Type != "big" {
		t.Fatalf("large event damaged: %d events", len(got))
	}
}

// The fast EVENT decoder agrees with the general one, and leaves a truncated record
// to it (which reports ErrInternal).
func TestClientEventRecordFastPathMatchesDecoder(t *testing.T) {
	batch := string(eventBatch(viewEvent{"t", "some data", "42"}))
	fast, fastRest, ok := nextEventRecord(batch)
	slow, slowRest, err := nextRecord(batch)
	if !ok || err != nil || fast != slow || fastRest != slowRest {
		t.Fatalf("fast %+v %q %v, general %+v %q %v", fast, fastRest, ok, slow, slowRest, err)
	}
	for n := 1; n < len(batch)-5; n++ { // every cut inside the EVENT record
		if _, _, ok := nextEventRecord(batch[:n]); ok {
			t.Fatalf("record cut at %d bytes decoded", n)
		}
		if _, err := (&Client{closing: make(chan struct{})}).deliver(nil, &driveState{},
			batch[:n]); !errors.Is(err, ErrInternal) {
			t.Fatalf("deliver of a record cut at %d bytes: %v, want ErrInternal", n, err)
		}
	}
}
