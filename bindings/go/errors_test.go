package sse

import (
	"errors"
	"fmt"
	"testing"

	"github.com/libsse/libsse/bindings/go/internal/raw"
)

// The Go copy of the error table must say what the C library says.
func TestSentinelsMatchLibrary(t *testing.T) {
	sentinels := []*Error{ErrInvalid, ErrNoMem, ErrBusy, ErrLimit, ErrVersion, ErrUser,
		ErrProto, ErrIO, ErrTimedOut, ErrClosed, ErrInternal, ErrField}
	if len(sentinels) != len(codeInfo) {
		t.Fatalf("%d sentinels for %d codes", len(sentinels), len(codeInfo))
	}
	for i, s := range sentinels {
		if s.code != -(i + 1) {
			t.Errorf("sentinel %d has code %d", i, s.code)
		}
		if c := raw.Strerror(s.code); c != s.Message {
			t.Errorf("code %d: Go text %q, sse_strerror %q", s.code, s.Message, c)
		}
	}
	if c := raw.Strerror(-13); c != "Unknown error" {
		t.Errorf("sse_strerror(-13) = %q: the C table grew, extend codeInfo", c)
	}
}

func TestErrorsIsMatchesByCode(t *testing.T) {
	err := fmt.Errorf("writing: %w", &Error{code: -4, Message: "event too big"})
	if !errors.Is(err, ErrLimit) {
		t.Fatal("errors.Is(wrapped ELIMIT, ErrLimit) is false")
	}
	if errors.Is(err, ErrField) || errors.Is(err, errors.New("x")) {
		t.Fatal("ELIMIT matched another error")
	}
	var e *Error
	if !errors.As(err, &e) || e.code != -4 {
		t.Fatalf("errors.As gave %v", e)
	}
	if got, want := e.Error(), "sse: event too big (ELIMIT)"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
}

func TestCodeNames(t *testing.T) {
	for code, name := range map[int]string{-1: "EINVAL", -12: "EFIELD", -99: "E-99"} {
		if got := codeName(code); got != name {
			t.Errorf("codeName(%d) = %q, want %q", code, got, name)
		}
	}
}

// check turns a status into nil or an *Error with the object's recorded message,
// falling back to the code's standard text when there is none.
func TestCheckTurnsStatusIntoError(t *testing.T) {
	if err := check(0, nil); err != nil {
		t.Fatalf("check(0) = %v", err)
	}
	if err := check(1, nil); err != nil { // SSE_PAUSED and other non-errors
		t.Fatalf("check(1) = %v", err)
	}
	err := check(-4, nil)
	if !errors.Is(err, ErrLimit) || err.(*Error).Message != raw.Strerror(-4) {
		t.Fatalf("check(-4, nil) = %#v", err)
	}
}

// A real failure from C++ through the status mechanism, code and message intact.
func TestLibraryErrorCarriesCodeAndMessage(t *testing.T) {
	p, err := NewParser(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	err = p.SetLastEventID("bad\x00id")
	var e *Error
	if !errors.As(err, &e) || e.code != -1 || e.Message == "" || e.Message == raw.Strerror(-1) {
		t.Fatalf("SetLastEventID(NUL) = %#v, want EINVAL with the library's own message", err)
	}
}

func TestRecordKindsMatchBinding(t *testing.T) {
	for got, want := range map[int]raw.Sse_bindingRecordKind{
		recordEvent: raw.RECORD_EVENT, recordComment: raw.RECORD_COMMENT,
		recordRetry: raw.RECORD_RETRY, recordError: raw.RECORD_ERROR,
	} {
		if got != int(want) {
			t.Errorf("Go record kind %d, C++ %d", got, want)
		}
	}
}

func TestMalformedBatchIsAnInternalError(t *testing.T) {
	for _, batch := range []string{"\x01\x05\x00\x00\x00ab", "\x03\x01", "\x09", "\x02\xff\xff\xff\xff"} {
		if _, _, err := nextRecord(batch); !errors.Is(err, ErrInternal) {
			t.Errorf("nextRecord(%q) = %v, want ErrInternal", batch, err)
		}
	}
}

func TestLibraryVersion(t *testing.T) {
	v := LibraryVersion()
	var a, b, c int
	if n, _ := fmt.Sscanf(v, "%d.%d.%d", &a, &b, &c); n != 3 || a < 1 {
		t.Fatalf("LibraryVersion() = %q", v)
	}
}
