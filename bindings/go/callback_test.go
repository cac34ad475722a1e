package sse

// Failing callbacks: an error or a panic surfaces from Write, nothing is lost, and
// the parser stays usable. Re-entrant calls from a callback are refused.

import (
	"errors"
	"testing"
)

const threeEvents = "data: 1\n\ndata: 2\n\ndata: 3\n\n"

func TestCallbackErrorSurfacesAndQueuedEventsComeNext(t *testing.T) {
	boom := errors.New("boom")
	var seen []string
	p, err := NewParser(func(ev Event) error {
		seen = append(seen, ev.Data)
		if ev.Data == "2" && len(seen) == 2 {
			return boom
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	n, err := p.Write([]byte(threeEvents))
	if !errors.Is(err, boom) || n != len(threeEvents) {
		t.Fatalf("Write = %d, %v; want %d (all consumed), boom", n, err, len(threeEvents))
	}
	// Event 3 is queued; the next Write delivers it before parsing its own bytes.
	mustWrite(t, p, "data: 4\n\n")
	want := []string{"1", "2", "3", "4"}
	if len(seen) != len(want) {
		t.Fatalf("delivered %v, want %v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("delivered %v, want %v", seen, want)
		}
	}
}

func TestCallbackPanicPropagatesAndParserStaysUsable(t *testing.T) {
	var seen []string
	panicked := false
	p, err := NewParser(func(ev Event) error {
		seen = append(seen, ev.Data)
		if ev.Data == "1" && !panicked {
			panicked = true
			panic("handler bug")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	func() {
		defer func() {
			if r := recover(); r != "handler bug" {
				t.Fatalf("recovered %v, want the callback's own panic value", r)
			}
		}()
		p.Write([]byte(threeEvents))
		t.Fatal("Write returned instead of panicking")
	}()
	// Finish delivers what the panic interrupted, then ends the stream.
	if err := p.Finish(); err != nil {
		t.Fatalf("Finish after panic: %v", err)
	}
	mustWrite(t, p, "data: 4\n\n")
	if got, want := len(seen), 4; got != want || seen[1] != "2" || seen[2] != "3" || seen[3] != "4" {
		t.Fatalf("delivered %v, want [1 2 3 4]", seen)
	}
}

// A queued record that fails again makes Write return 0: its bytes were not fed.
func TestQueuedRecordFailingAgainConsumesNothing(t *testing.T) {
	boom := errors.New("boom")
	failures := 2
	var seen []string
	p, err := NewParser(func(ev Event) error {
		seen = append(seen, ev.Data)
		if failures > 0 {
			failures--
			return boom
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.Write([]byte("data: 1\n\ndata: 2\n\n")); !errors.Is(err, boom) {
		t.Fatalf("first Write: %v", err)
	}
	n, err := p.Write([]byte("data: 3\n\n"))
	if n != 0 || !errors.Is(err, boom) {
		t.Fatalf("second Write = %d, %v; want 0, boom", n, err)
	}
	mustWrite(t, p, "data: 3\n\n")
	if len(seen) != 3 || seen[0] != "1" || seen[1] != "2" || seen[2] != "3" {
		t.Fatalf("delivered %v, want [1 2 3]", seen)
	}
}

func TestCommentCallbackErrorSurfaces(t *testing.T) {
	boom := errors.New("comment boom")
	var got []Event
	p, err := NewParser(func(ev Event) error { got = append(got, ev); return nil },
		WithComments(func(string) error { return boom }))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.Write([]byte(": c\ndata: x\n\n")); !errors.Is(err, boom) {
		t.Fatalf("Write: %v, want the comment callback's error", err)
	}
	if err := p.Finish(); err != nil || len(got) != 1 {
		t.Fatalf("Finish: %v, events %v; want the queued event delivered", err, got)
	}
}

func TestReentrantCallsFromCallbackAreBusy(t *testing.T) {
	var errs []error
	var p *Parser
	p, err := NewParser(func(Event) error {
		_, werr := p.Write([]byte("data: nested\n\n"))
		errs = append(errs, werr, p.Finish(), p.Reset(), p.SetLastEventID("x"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	mustWrite(t, p, "id: 1\ndata: x\n\n")
	if len(errs) != 4 {
		t.Fatalf("callback ran %d times", len(errs)/4)
	}
	for i, e := range errs {
		if !errors.Is(e, ErrBusy) {
			t.Errorf("re-entrant call %d: %v, want ErrBusy", i, e)
		}
	}
	if p.LastEventID() != "1" {
		t.Errorf("a refused call changed the parser")
	}
}

func TestCloseFromCallbackStopsDelivery(t *testing.T) {
	var seen []string
	var p *Parser
	p, err := NewParser(func(ev Event) error {
		seen = append(seen, ev.Data)
		return p.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := p.Write([]byte(threeEvents)); n != len(threeEvents) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if len(seen) != 1 {
		t.Fatalf("delivered %v after Close, want only the first event", seen)
	}
	if _, err := p.Write([]byte("data: 4\n\n")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Close in callback: %v, want ErrClosed", err)
	}
}
