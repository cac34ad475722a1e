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
//	defer enc.Close()
//	enc.Encode(sse.Message{Type: "tick", Data: "1"})
//
// The package wraps the C library through cgo (SWIG-generated code lives in
// internal/raw) and finds it with pkg-config (module libsse). Parsers, Decoders and
// Encoders hold C memory: Close them. Errors from the library are *Error values
// carrying the libsse code; test them with errors.Is(err, sse.ErrLimit) and friends.
package sse

import "example.invalid/libsse/sse/internal/raw"

// LibraryVersion returns the version of the libsse shared library in use,
// "MAJOR.MINOR.PATCH".
func LibraryVersion() string {
	return raw.VersionString()
}
