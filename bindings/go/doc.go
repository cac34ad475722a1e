// Package sse reads and writes Server-Sent Events (text/event-stream) with libsse.
//
// Parsing follows the WHATWG rules exactly, whatever the chunking of the input:
//
//	p, err := sse.NewParser(func(ev sse.Event) error {
//		fmt.Println(ev.Type, ev.ID, ev.Data)
//		return nil
//	})
//	if err != nil { ... }
//	defer p.Close()
//	io.Copy(p, resp.Body) // a Parser is an io.Writer
//	p.Finish()
//
// or, pull style, for ev, err := range sse.Events(resp.Body) { ... }.
//
// Writing goes through an Encoder, which refuses any value that would corrupt the
// stream:
//
//	enc := sse.NewEncoder(w)
//	enc.Encode(sse.Message{Type: "tick", Data: "1"})
//
// A Client connects to an event stream and keeps it going the way a browser's
// EventSource does: it reconnects after drops with the last event ID, honours the
// server's retry, follows redirects and stops on 204. Policy handlers (OnFailure,
// OnDisconnect) decide what happens after a failure or disconnect, observers
// (ObserveFailure, ObserveDisconnect) only watch, Restart reconnects at once, and a
// context or Close stops it:
//
//	c, err := sse.NewClient(url, sse.WithHeader("Authorization", "Bearer "+token),
//		sse.WithReadTimeout(time.Minute),
//		sse.ObserveFailure(func(f sse.Failure) { log.Print(f.Err) }))
//	if err != nil { ... }
//	for ev, err := range c.Events(ctx) { ... }
//
// The package wraps the C library through cgo (SWIG-generated code lives in
// internal/raw) and finds it with pkg-config (module libsse), so it needs cgo
// (CGO_ENABLED=0 does not build it), a C++ compiler, and libsse installed for the
// target: cross-compiling needs a cross C toolchain and the target's libsse.
//
// Parsers, Decoders and Clients hold C memory: Close them (a finalizer frees a
// forgotten one, when the garbage collector gets round to it). An Encoder holds
// none and needs no Close. Errors from the library are *Error values; test them
// with errors.Is(err, sse.ErrLimit) and friends.
package sse

import "github.com/libsse/libsse/bindings/go/internal/raw"

// LibraryVersion returns the version of the libsse shared library in use,
// "MAJOR.MINOR.PATCH".
func LibraryVersion() string {
	return raw.VersionString()
}
