//! libsse's C parser called from Rust the way a Rust binding would call it: every
//! event's type, id and data copied into owned `String`s before the user sees them.
use std::ffi::{c_char, c_int, c_void};
use std::ptr;

use crate::{Deadline, Tally};

#[repr(C)]
struct SseStr {
    ptr: *const c_char,
    len: usize,
}

#[repr(C)]
struct SseEvent {
    kind: SseStr, // `type` in C
    data: SseStr,
    id: SseStr,
}

type EventCb = extern "C" fn(*mut c_void, *const SseEvent, *mut c_void) -> c_int;

// SSE_PARSER_CALLBACKS_VERSION 1 (sse/parser.h); the unused hooks stay NULL.
#[repr(C)]
struct SseParserCallbacks {
    version: u32,
    on_event: Option<EventCb>,
    on_comment: *const c_void,
    on_retry: *const c_void,
    on_error: *const c_void,
}

extern "C" {
    fn sse_parser_new(
        out: *mut *mut c_void,
        opts: *const c_void,
        cbs: *const SseParserCallbacks,
        user_data: *mut c_void,
    ) -> c_int;
    fn sse_parser_feed(p: *mut c_void, data: *const c_char, len: usize, consumed: *mut usize) -> c_int;
    fn sse_parser_finish(p: *mut c_void) -> c_int;
    fn sse_parser_free(p: *mut c_void);
}

/// The parser has already validated every line (invalid UTF-8 becomes U+FFFD, a
/// documented promise of libsse), so a binding copies the bytes without validating
/// them a second time, as `sse-stream` validates them once. Debug builds re-check.
fn owned(s: &SseStr) -> String {
    if s.len == 0 {
        return String::new();
    }
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr as *const u8, s.len) };
    debug_assert!(std::str::from_utf8(bytes).is_ok(), "libsse returned invalid UTF-8");
    unsafe { String::from_utf8_unchecked(bytes.to_vec()) }
}

extern "C" fn on_event(_p: *mut c_void, ev: *const SseEvent, user_data: *mut c_void) -> c_int {
    let tally = unsafe { &mut *(user_data as *mut Tally) };
    let ev = unsafe { &*ev };
    tally.event(Some(owned(&ev.kind)), Some(owned(&ev.id)), Some(owned(&ev.data)));
    0
}

/// One pass over `corpus` in `chunk`-byte feeds; false when the deadline cut it.
pub fn run(corpus: &[u8], chunk: usize, tally: &mut Tally, deadline: &Deadline) -> bool {
    let cbs = SseParserCallbacks {
        version: 1,
        on_event: Some(on_event),
        on_comment: ptr::null(),
        on_retry: ptr::null(),
        on_error: ptr::null(),
    };
    let mut parser = ptr::null_mut();
    let rc = unsafe { sse_parser_new(&mut parser, ptr::null(), &cbs, tally as *mut Tally as *mut c_void) };
    assert!(rc >= 0, "sse_parser_new failed: {rc}");
    let mut finished = true;
    let check_every = ((256 * 1024) / chunk).max(1); // look at the clock every ~256 KiB
    for (i, piece) in corpus.chunks(chunk).enumerate() {
        let rc = unsafe { sse_parser_feed(parser, piece.as_ptr() as *const c_char, piece.len(), ptr::null_mut()) };
        assert!(rc >= 0, "sse_parser_feed failed: {rc}");
        if i % check_every == 0 && deadline.passed() {
            finished = false;
            break;
        }
    }
    unsafe {
        sse_parser_finish(parser);
        sse_parser_free(parser);
    }
    finished
}
