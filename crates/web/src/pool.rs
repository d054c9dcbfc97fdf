//! A few store connections shared by the handlers, each used on a blocking thread.

use crate::ApiError;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::{Arc, Mutex};
use store::SqliteStore;
use tokio::sync::Semaphore;

/// Store connections handed out one request at a time. SQLite in WAL mode lets the readers
/// run beside one writer (this server's, or `corroborate watch` in another process).
///
/// The blocking task itself gives its connection back, with its permit, when the work ends,
/// even when the request that started it was cancelled (a client that hung up) or the work
/// panicked: a connection is never lost.
pub struct Pool {
    idle: Arc<Mutex<Vec<SqliteStore>>>,
    permits: Arc<Semaphore>,
}

impl Pool {
    /// Opens `size` connections to the store at `path` (the first creates or upgrades it).
    pub fn open(path: &Path, size: usize) -> Result<Pool, ApiError> {
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(SqliteStore::open(path)?);
        }
        Ok(Pool {
            idle: Arc::new(Mutex::new(idle)),
            permits: Arc::new(Semaphore::new(size)),
        })
    }

    /// Runs `work` with a connection on a blocking thread.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the store pool is closed"))?;
        let mut store = self
            .idle
            .lock()
            .map_err(|_| ApiError::internal("the store pool is poisoned"))?
            .pop()
            .ok_or_else(|| ApiError::internal("no store connection free"))?;
        let idle = self.idle.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(&mut store)));
            if let Ok(mut idle) = idle.lock() {
                idle.push(store);
            }
            drop(permit);
            result
        })
        .await;
        match joined {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(ApiError::internal("a store task panicked")),
            Err(e) => Err(ApiError::internal(format!("a store task failed: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn cancelled_and_panicking_work_gives_its_connection_back() {
        let dir = tempfile::tempdir().unwrap();
        let pool = Arc::new(Pool::open(&dir.path().join("s.sqlite3"), 2).unwrap());
        // Requests that hang up while their work runs.
        for _ in 0..4 {
            let slow = pool.run(|_| {
                std::thread::sleep(Duration::from_millis(100));
                Ok(())
            });
            assert!(
                tokio::time::timeout(Duration::from_millis(10), slow)
                    .await
                    .is_err()
            );
        }
        // Work that panics.
        let panicked: Result<(), ApiError> = pool.run(|_| panic!("boom")).await;
        assert_eq!(panicked.unwrap_err().code, "internal");
        // Every connection is still there: more requests at once than before all succeed.
        let mut all = Vec::new();
        for _ in 0..8 {
            let pool = pool.clone();
            all.push(tokio::spawn(async move {
                pool.run(|store| Ok(store::Store::article_count(store)?))
                    .await
            }));
        }
        for task in all {
            assert_eq!(task.await.unwrap().unwrap(), 0);
        }
    }
}
