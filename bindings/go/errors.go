package sse

import (
	"strconv"

	"github.com/libsse/libsse/bindings/go/internal/raw"
)

// Error is a failure reported by libsse, or by this package on its behalf: a
// message saying what went wrong and the kind of failure, which errors.Is tells
// against the sentinels (ErrLimit, ErrField, ...):
//
//	if errors.Is(err, sse.ErrField) { ... }
//
// The sentinels are the contract; the library's numeric codes are not exported.
type Error struct {
	// Message is the library's detail, or the kind's standard text.
	Message string

	code int // the negative libsse code (SSE_E*), which decides the sentinel
}

// Error returns the message with the kind's name, e.g.
// "sse: event too big (ELIMIT)".
func (e *Error) Error() string {
	return "sse: " + e.Message + " (" + codeName(e.code) + ")"
}

// Is reports whether target is an *Error of the same kind, so that
// errors.Is(err, sse.ErrLimit) holds for every size-limit failure, whatever its
// message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.code == e.code
}

// The libsse codes this package raises itself (SSE_E* in <sse/common.h>).
const (
	codeInvalid  = -1
	codeBusy     = -3
	codeClosed   = -10
	codeInternal = -11
)

// codeInfo mirrors SSE_ERROR_MAP in <sse/common.h>. The texts must stay equal to
// sse_strerror()'s; TestSentinelsMatchLibrary checks both against the C library.
var codeInfo = []struct {
	code int
	name string
	text string
}{
	{-1, "EINVAL", "Invalid argument"},
	{-2, "ENOMEM", "Out of memory"},
	{-3, "EBUSY", "Handle is busy (re-entrant call) or in the wrong state"},
	{-4, "ELIMIT", "A configured limit was exceeded"},
	{-5, "EVERSION", "Struct version is newer than this library supports"},
	{-6, "EUSER", "Aborted by a user callback (binding exception pending)"},
	{-7, "EPROTO", "Protocol error (bad status or content type)"},
	{-8, "EIO", "Input/output error"},
	{-9, "ETIMEDOUT", "Timed out"},
	{-10, "ECLOSED", "Handle is closed"},
	{-11, "EINTERNAL", "Internal error"},
	{-12, "EFIELD", "Field value not allowed: it would corrupt the event stream"},
}

func sentinel(code int) *Error {
	for _, c := range codeInfo {
		if c.code == code {
			return &Error{code: code, Message: c.text}
		}
	}
	panic("sse: no sentinel for code " + strconv.Itoa(code))
}

// Sentinels for errors.Is, one per kind of libsse failure.
var (
	ErrInvalid  = sentinel(-1)  // a bad argument or option value
	ErrNoMem    = sentinel(-2)  // out of memory in C
	ErrBusy     = sentinel(-3)  // a re-entrant call from a callback, or a Client run twice at once
	ErrLimit    = sentinel(-4)  // an event exceeded the size limit
	ErrVersion  = sentinel(-5)  // the installed libsse is older than this package needs
	ErrUser     = sentinel(-6)  // a callback aborted the call
	ErrProto    = sentinel(-7)  // a bad HTTP status or content type
	ErrIO       = sentinel(-8)  // a network or I/O failure
	ErrTimedOut = sentinel(-9)  // a connect, idle or read timeout
	ErrClosed   = sentinel(-10) // the Parser, Decoder or Client was closed
	ErrInternal = sentinel(-11) // a bug in libsse or this package
	ErrField    = sentinel(-12) // a value would corrupt the stream
)

// codeName returns the symbolic name of a libsse error code without the SSE_
// prefix ("ELIMIT"), or "E<code>" for a code this package does not know.
func codeName(code int) string {
	for _, c := range codeInfo {
		if c.code == code {
			return c.name
		}
	}
	return "E" + strconv.Itoa(code)
}

// codeByName is codeName's inverse; ok is false for an unknown name.
func codeByName(name string) (code int, ok bool) {
	for _, c := range codeInfo {
		if c.name == name {
			return c.code, true
		}
	}
	return 0, false
}

// errorf builds an *Error raised by this package itself (not by the C library).
func errorf(code int, message string) *Error {
	return &Error{code: code, Message: message}
}

// outcome is what every raw binding object (Parser, Serializer, Client) keeps
// about its last failed call: sse_binding::Outcome's message.
type outcome interface {
	LastMessage() string
}

// check turns the status of one raw call into nil (status >= 0) or the *Error
// for it, with the message o recorded in the same C call. Every raw call goes
// through here, after the generated wrapper has returned: the SWIG layer never
// panics (sse_go.i). o may be nil for a call that keeps no message (a thread-safe
// one such as Restart); the code's standard text is used then. The code decides
// which sentinel the error matches: ErrInvalid for a bad argument, ErrNoMem for
// memory, and so on.
func check(status int, o outcome) error {
	if status >= 0 {
		return nil
	}
	message := ""
	if o != nil {
		message = o.LastMessage()
	}
	if message == "" {
		message = raw.Strerror(status)
	}
	return &Error{code: status, Message: message}
}
