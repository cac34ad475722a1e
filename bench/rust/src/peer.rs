//! The peer, crate `sse-stream`, used as its documentation says for byte streams:
//! `SseByteStream` over a `Stream` of buffers (here the corpus slices, which are
//! `bytes::Buf`). The input is always ready, so no runtime is needed: the stream is
//! polled with a no-op waker, the smallest executor there is.
use std::convert::Infallible;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use futures_util::Stream;
use sse_stream::SseByteStream;

use crate::{Deadline, Tally};

/// One pass over `corpus` in `chunk`-byte buffers; false when the deadline cut it.
pub fn run(corpus: &[u8], chunk: usize, tally: &mut Tally, deadline: &Deadline) -> bool {
    let input = futures_util::stream::iter(corpus.chunks(chunk).map(Ok::<&[u8], Infallible>));
    let mut events = pin!(SseByteStream::new(input));
    let mut cx = Context::from_waker(Waker::noop());
    let mut polls: u64 = 0;
    loop {
        match events.as_mut().poll_next(&mut cx) {
            Poll::Ready(Some(Ok(block))) => {
                // Raw blocks include metadata-only ones; only blocks with data are
                // events (WHATWG P22), as libsse dispatches them.
                if block.data.is_some() {
                    tally.event(block.event, block.id, block.data);
                }
            }
            Poll::Ready(Some(Err(error))) => panic!("sse-stream failed: {error}"),
            Poll::Ready(None) => return true,
            Poll::Pending => unreachable!("an in-memory stream is always ready"),
        }
        polls += 1;
        if polls % 4096 == 0 && deadline.passed() {
            return false;
        }
    }
}
