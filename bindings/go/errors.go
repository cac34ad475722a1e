package sse

import (
	"strconv"

	"github.com/libsse/libsse/bindings/go/internal/raw"
)

// Error is a failure reported by libsse: one of the library's negative error codes
// and a message saying what went wrong.
//
// Compare with errors.Is against the sentinels (ErrLimit, ErrField, ...): two *Error
// values match when their codes are equal, whatever their messages.
type Error struct {
	Code    int    // negative libsse code, e.g. -4 for SSE_ELIMIT
	Message string // detail from the library, or the code's standard text
}

func (e *Error) Error() string {
	return "sse: " + e.Message + " (" + CodeName(e.Code) + ")"
}

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, sse.ErrLimit) holds for every SSE_ELIMIT failure.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

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
			return &Error{Code: code, Message: c.text}
		}
	}
	panic("sse: no sentinel for code " + strconv.Itoa(code))
}

// Sentinels for errors.Is, one per libsse error code.
var (
	ErrInvalid  = sentinel(-1)  // SSE_EINVAL: bad argument or option value
	ErrNoMem    = sentinel(-2)  // SSE_ENOMEM
	ErrBusy     = sentinel(-3)  // SSE_EBUSY: re-entrant call from a callback
	ErrLimit    = sentinel(-4)  // SSE_ELIMIT: an event exceeded the size limit
	ErrVersion  = sentinel(-5)  // SSE_EVERSION
	ErrUser     = sentinel(-6)  // SSE_EUSER
	ErrProto    = sentinel(-7)  // SSE_EPROTO
	ErrIO       = sentinel(-8)  // SSE_EIO
	ErrTimedOut = sentinel(-9)  // SSE_ETIMEDOUT
	ErrClosed   = sentinel(-10) // SSE_ECLOSED: the Parser or Encoder was closed
	ErrInternal = sentinel(-11) // SSE_EINTERNAL
	ErrField    = sentinel(-12) // SSE_EFIELD: a value would corrupt the stream
)

// CodeName returns the symbolic name of a libsse error code without the SSE_
// prefix ("ELIMIT"), or "E<code>" for a code this package does not know.
func CodeName(code int) string {
	for _, c := range codeInfo {
		if c.code == code {
			return c.name
		}
	}
	return "E" + strconv.Itoa(code)
}

// codeByName is CodeName's inverse; ok is false for an unknown name.
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
	return &Error{Code: code, Message: message}
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
	return &Error{Code: status, Message: message}
}
