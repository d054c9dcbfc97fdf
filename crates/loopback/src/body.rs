//! Response bodies that are produced lazily: a long repetition of one chunk (the 2 GiB pages),
//! a trickle of one byte a second, and a wrapper that counts the bytes handed to the
//! connection for the request log.

use std::convert::Infallible;
use std::future::Future as _;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use http_body::{Frame, SizeHint};

use crate::log::Pending;

/// The size of one chunk of the endless pages.
const CHUNK: usize = 64 * 1024;

/// A chunk of HTML filler, built once and shared by every response (a `Bytes` clone is a
/// reference count, so a 2 GiB response never holds more than this one chunk).
fn filler_chunk() -> Bytes {
    static CHUNK_BYTES: OnceLock<Bytes> = OnceLock::new();
    CHUNK_BYTES
        .get_or_init(|| fill_to_chunk("", "<p>This page goes on and on and on.</p>\n"))
        .clone()
}

fn first_chunk() -> Bytes {
    static CHUNK_BYTES: OnceLock<Bytes> = OnceLock::new();
    CHUNK_BYTES
        .get_or_init(|| {
            fill_to_chunk(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
                 <title>A very long page</title></head>\n<body>\n",
                "<p>This page goes on and on and on.</p>\n",
            )
        })
        .clone()
}

fn fill_to_chunk(prefix: &str, line: &str) -> Bytes {
    let mut text = String::with_capacity(CHUNK);
    text.push_str(prefix);
    while text.len() + line.len() <= CHUNK {
        text.push_str(line);
    }
    while text.len() < CHUNK {
        text.push(' ');
    }
    Bytes::from(text)
}

/// `total` bytes of HTML, one shared chunk at a time. With `announce_length` the size hint is
/// exact, so the response carries `Content-Length`; without it the response is chunked.
pub(crate) struct Endless {
    remaining: u64,
    started: bool,
    announce_length: bool,
    total: u64,
}

impl Endless {
    pub(crate) fn new(total: u64, announce_length: bool) -> Endless {
        Endless {
            remaining: total,
            started: false,
            announce_length,
            total,
        }
    }
}

impl http_body::Body for Endless {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if this.remaining == 0 {
            return Poll::Ready(None);
        }
        let chunk = if this.started {
            filler_chunk()
        } else {
            this.started = true;
            first_chunk()
        };
        let take = this.remaining.min(chunk.len() as u64) as usize;
        this.remaining -= take as u64;
        Poll::Ready(Some(Ok(Frame::data(chunk.slice(..take)))))
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        if self.announce_length {
            SizeHint::with_exact(self.remaining)
        } else {
            let mut hint = SizeHint::new();
            hint.set_upper(self.total);
            hint
        }
    }
}

/// One byte now and one more every second, forever: the body of a server that is alive but
/// hopelessly slow.
pub(crate) struct Trickle {
    sleep: Pin<Box<tokio::time::Sleep>>,
    sent: u64,
}

impl Trickle {
    const TEXT: &'static [u8] =
        b"<!DOCTYPE html><html><head><title>Slow</title></head><body><p>Still loading...</p>\n";
    const INTERVAL: Duration = Duration::from_secs(1);

    pub(crate) fn new() -> Trickle {
        Trickle {
            sleep: Box::pin(tokio::time::sleep(Duration::ZERO)),
            sent: 0,
        }
    }
}

impl http_body::Body for Trickle {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        ready!(this.sleep.as_mut().poll(cx));
        let index = (this.sent % Trickle::TEXT.len() as u64) as usize;
        this.sent += 1;
        let deadline = tokio::time::Instant::now() + Trickle::INTERVAL;
        this.sleep.as_mut().reset(deadline);
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(
            &Trickle::TEXT[index..index + 1],
        )))))
    }
}

/// A response body that counts the bytes it hands to the connection and completes the
/// request's log entry when it is dropped: after the last byte, or when the client hung up.
pub(crate) struct Counted {
    inner: Body,
    pending: Option<Pending>,
}

impl Counted {
    pub(crate) fn new(inner: Body, pending: Option<Pending>) -> Counted {
        Counted { inner, pending }
    }
}

impl http_body::Body for Counted {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let frame = ready!(Pin::new(&mut this.inner).poll_frame(cx));
        if let (Some(Ok(frame)), Some(pending)) = (&frame, this.pending.as_mut())
            && let Some(data) = frame.data_ref()
        {
            pending.add_bytes(data.len() as u64);
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
