//! The work queue between reading inputs and preparing them.
//!
//! The pipeline only sees [`WorkQueue`]; in one process the queue is a [`MemoryQueue`], and a
//! distributed deployment puts a durable queue (NATS JetStream) behind the same trait.

use std::collections::VecDeque;
use std::path::PathBuf;

/// A unit of ingest work: one input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestJob {
    File(PathBuf),
}

pub trait WorkQueue<T> {
    fn push(&mut self, item: T);
    /// Takes up to `max` items, oldest first.
    fn pop_batch(&mut self, max: usize) -> Vec<T>;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A first-in, first-out queue in memory.
#[derive(Debug, Default)]
pub struct MemoryQueue<T> {
    items: VecDeque<T>,
}

impl<T> MemoryQueue<T> {
    pub fn new() -> Self {
        MemoryQueue {
            items: VecDeque::new(),
        }
    }
}

impl<T> WorkQueue<T> for MemoryQueue<T> {
    fn push(&mut self, item: T) {
        self.items.push_back(item);
    }

    fn pop_batch(&mut self, max: usize) -> Vec<T> {
        let take = max.min(self.items.len());
        self.items.drain(..take).collect()
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_queue_is_fifo_in_batches() {
        let mut queue = MemoryQueue::new();
        for i in 0..5 {
            queue.push(i);
        }
        assert_eq!(queue.pop_batch(2), [0, 1]);
        assert_eq!(queue.pop_batch(10), [2, 3, 4]);
        assert!(queue.is_empty());
        assert_eq!(queue.pop_batch(1), Vec::<i32>::new());
    }
}
