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

// The libsse error codes (SSE_E* in <sse/common.h>).
const (
	codeInvalid  = -1
	codeNoMem    = -2
	codeBusy     = -3
	codeLimit    = -4
	codeVersion  = -5
	codeUser     = -6
	codeProto    = -7
	codeIO       = -8
	codeTimedOut = -9
	codeClosed   = -10
	codeInternal = -11
	codeField    = -12
)

// codeInfo mirrors SSE_ERROR_MAP in <sse/common.h>. The texts must stay equal to
// sse_strerror()'s; TestSentinelsMatchLibrary checks both against the C library.
var codeInfo = []struct {
	code int
	name string
	text string
}{
	{codeInvalid, "EINVAL", "Invalid argument"},
	{codeNoMem, "ENOMEM", "Out of memory"},
	{codeBusy, "EBUSY", "Handle is busy (re-entrant call) or in the wrong state"},
	{codeLimit, "ELIMIT", "A configured limit was exceeded"},
	{codeVersion, "EVERSION", "Struct version is newer than this library supports"},
	{codeUser, "EUSER", "Aborted by a user callback (binding exception pending)"},
	{codeProto, "EPROTO", "Protocol error (bad status or content type)"},
	{codeIO, "EIO", "Input/output error"},
	{codeTimedOut, "ETIMEDOUT", "Timed out"},
	{codeClosed, "ECLOSED", "Handle is closed"},
	{codeInternal, "EINTERNAL", "Internal error"},
	{codeField, "EFIELD", "Field value not allowed: it would corrupt the event stream"},
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
	ErrInvalid  = sentinel(codeInvalid)  // a bad argument or option value
	ErrNoMem    = sentinel(codeNoMem)    // out of memory in C
	ErrBusy     = sentinel(codeBusy)     // a re-entrant call from a callback, or a Client run twice at once
	ErrLimit    = sentinel(codeLimit)    // an event exceeded the size limit
	ErrVersion  = sentinel(codeVersion)  // the installed libsse is older than this package needs
	ErrUser     = sentinel(codeUser)     // a callback aborted the call
	ErrProto    = sentinel(codeProto)    // a bad HTTP status or content type
	ErrIO       = sentinel(codeIO)       // a network or I/O failure
	ErrTimedOut = sentinel(codeTimedOut) // a connect, idle or read timeout
	ErrClosed   = sentinel(codeClosed)   // the Parser, Decoder or Client was closed
	ErrInternal = sentinel(codeInternal) // a bug in libsse or this package
	ErrField    = sentinel(codeField)    // a value would corrupt the stream
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
