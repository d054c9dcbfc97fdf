//! A buffered reader that knows its position and can look a few bytes ahead.

use std::io::{self, BufRead, Read, Seek, SeekFrom};

/// Like `BufReader`, plus the number of bytes consumed so far (`position`) and `peek`, which
/// guarantees a look-ahead of up to the buffer's size even across refills.
pub(crate) struct Source<R> {
    inner: R,
    buffer: Box<[u8]>,
    start: usize,
    end: usize,
    position: u64,
}

impl<R: Read> Source<R> {
    pub(crate) fn new(inner: R, capacity: usize) -> Self {
        Source {
            inner,
            buffer: vec![0; capacity.max(16)].into_boxed_slice(),
            start: 0,
            end: 0,
            position: 0,
        }
    }

    /// Bytes consumed since the start of the stream (or the last seek's target).
    pub(crate) fn position(&self) -> u64 {
        self.position
    }

    /// The buffered bytes, at least `wanted` of them unless the stream ends first (`wanted` is
    /// capped at the buffer's size).
    pub(crate) fn peek(&mut self, wanted: usize) -> io::Result<&[u8]> {
        let wanted = wanted.min(self.buffer.len());
        if self.end - self.start < wanted {
            self.buffer.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            while self.end < wanted {
                match self.inner.read(&mut self.buffer[self.end..]) {
                    Ok(0) => break,
                    Ok(n) => self.end += n,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(&self.buffer[self.start..self.end])
    }
}

impl<R: Read + Seek> Source<R> {
    /// Moves to byte `position` of the underlying stream, dropping the buffer.
    pub(crate) fn seek_to(&mut self, position: u64) -> io::Result<()> {
        self.inner.seek(SeekFrom::Start(position))?;
        self.start = 0;
        self.end = 0;
        self.position = position;
        Ok(())
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.start == self.end && out.len() >= self.buffer.len() {
            let n = self.inner.read(out)?;
            self.position += n as u64;
            return Ok(n);
        }
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            loop {
                match self.inner.read(&mut self.buffer) {
                    Ok(n) => {
                        self.end = n;
                        break;
                    }
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(&self.buffer[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.end - self.start);
        self.start += amount;
        self.position += amount as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peeks_across_refills_and_counts_what_is_consumed() {
        let data: Vec<u8> = (0..100u8).collect();
        let mut source = Source::new(io::Cursor::new(data), 16);
        source.consume(0);
        assert_eq!(source.fill_buf().unwrap().len(), 16);
        source.consume(14);
        assert_eq!(source.peek(5).unwrap()[..5], [14, 15, 16, 17, 18]);
        assert_eq!(source.position(), 14);
        let mut rest = Vec::new();
        source.read_to_end(&mut rest).unwrap();
        assert_eq!(rest.len(), 86);
        assert_eq!(source.position(), 100);
        source.seek_to(98).unwrap();
        assert_eq!(source.peek(8).unwrap(), [98, 99]);
        assert_eq!(source.position(), 98);
    }
}
