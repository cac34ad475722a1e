package sse

// Decoding of the client records (bindings/swig/sse_batch.hpp), on hand-built
// batches, so that a format drift between C++ and Go fails here by name.

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/libsse/libsse/bindings/go/internal/raw"
)

type batchBuilder struct{ b []byte }

func (w *batchBuilder) u8(v byte) *batchBuilder { w.b = append(w.b, v); return w }
func (w *batchBuilder) i32(v int32) *batchBuilder {
	w.b = binary.LittleEndian.AppendUint32(w.b, uint32(v))
	return w
}
func (w *batchBuilder) u64(v uint64) *batchBuilder {
	w.b = binary.LittleEndian.AppendUint64(w.b, v)
	return w
}
func (w *batchBuilder) str(s string) *batchBuilder {
	w.b = binary.LittleEndian.AppendUint32(w.b, uint32(len(s)))
	w.b = append(w.b, s...)
	return w
}
func (w *batchBuilder) response(status int32, url, ctype string, headers ...string) *batchBuilder {
	w.i32(status).i32(11).str(url).str(ctype).i32(int32(len(headers) / 2))
	for _, h := range headers {
		w.str(h)
	}
	return w
}

func TestClientRecordKindsMatchBinding(t *testing.T) {
	for got, want := range map[int]raw.Sse_bindingRecordKind{
		recordOpen: raw.RECORD_OPEN, recordFailure: raw.RECORD_FAILURE,
		recordDisconnect: raw.RECORD_DISCONNECT, recordRequest: raw.RECORD_REQUEST,
		recordStatus: raw.RECORD_STATUS,
	} {
		if got != int(want) {
			t.Errorf("Go client record kind %d, C++ %d", got, want)
		}
	}
}

func TestClientBatchDecodesFailureWithResponse(t *testing.T) {
	w := &batchBuilder{}
	w.u8(recordFailure).i32(int32(FailureStatus)).i32(-7).str("HTTP 503").u64(2).u64(1500).u8(1)
	w.response(503, "http://h/x", "text/plain", "Retry-After", "1", "X-A", "b")
	w.str("busy").i32(actionReconnect).u64(1500).u8(0)
	w.u8(recordStatus).i32(1)
	rec, rest, err := nextClientRecord(string(w.b))
	if err != nil {
		t.Fatal(err)
	}
	f := rec.failure
	if rec.kind != recordFailure || f == nil || f.Kind != FailureStatus || f.Attempt != 2 ||
		!f.HasRetryAfter || f.RetryAfter != 1500*time.Millisecond || !errors.Is(f.Err, ErrProto) {
		t.Fatalf("decoded %+v", f)
	}
	if f.Response == nil || f.Response.Status != 503 || f.Response.URL != "http://h/x" ||
		f.Response.Header.Get("retry-after") != "1" || f.Response.Header.Get("X-A") != "b" ||
		string(f.Body) != "busy" {
		t.Fatalf("decoded response %+v body %q", f.Response, f.Body)
	}
	if f.Default.IsStop() || f.Default.Delay() != 1500*time.Millisecond || f.GaveUp {
		t.Fatalf("default decision %v gaveUp %v", f.Default, f.GaveUp)
	}
	st, rest, err := nextClientRecord(rest)
	if err != nil || st.kind != recordStatus || st.status != 1 || rest != "" {
		t.Fatalf("status record %+v rest %q err %v", st, rest, err)
	}
}

func TestClientBatchDecodesDisconnectAndRequest(t *testing.T) {
	w := &batchBuilder{}
	w.u8(recordDisconnect).i32(int32(DisconnectIdle)).i32(-9).str("idle").u64(250).u64(3)
	w.i32(actionStop).u64(0).u8(1)
	w.u8(recordRequest).u64(7)
	rec, rest, err := nextClientRecord(string(w.b))
	if err != nil {
		t.Fatal(err)
	}
	d := rec.disconnect
	if d.Reason != DisconnectIdle || !errors.Is(d.Err, ErrTimedOut) || d.Connected != 250*time.Millisecond ||
		d.Events != 3 || !d.Default.IsStop() || !d.GaveUp {
		t.Fatalf("decoded %+v", d)
	}
	req, _, err := nextClientRecord(rest)
	if err != nil || req.kind != recordRequest || req.attempt != 7 {
		t.Fatalf("request record %+v, %v", req, err)
	}
}

func TestClientMalformedBatchIsAnInternalError(t *testing.T) {
	truncated := &batchBuilder{}
	truncated.u8(recordOpen).i32(200).i32(11).str("u").str("text/event-stream").i32(1000)
	for _, batch := range []string{"\x09\x01", "\x08\x01\x02", "\x63", string(truncated.b)} {
		if _, _, err := nextClientRecord(batch); !errors.Is(err, ErrInternal) {
			t.Errorf("nextClientRecord(%q) = %v, want ErrInternal", batch, err)
		}
	}
}
