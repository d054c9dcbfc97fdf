//! A few store connections shared by the handlers, each used on a blocking thread.

use crate::ApiError;
use std::path::Path;
use std::sync::Mutex;
use store::SqliteStore;
use tokio::sync::Semaphore;

/// Store connections handed out one request at a time. SQLite in WAL mode lets the readers
/// run beside one writer (this server's, or `corroborate watch` in another process).
pub struct Pool {
    idle: Mutex<Vec<SqliteStore>>,
    permits: Semaphore,
}

impl Pool {
    /// Opens `size` connections to the store at `path` (the first creates or upgrades it).
    pub fn open(path: &Path, size: usize) -> Result<Pool, ApiError> {
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(SqliteStore::open(path)?);
        }
        Ok(Pool {
            idle: Mutex::new(idle),
            permits: Semaphore::new(size),
        })
    }

    /// Runs `work` with a connection on a blocking thread.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("the store pool is closed"))?;
        let mut store = self
            .idle
            .lock()
            .map_err(|_| ApiError::internal("the store pool is poisoned"))?
            .pop()
            .ok_or_else(|| ApiError::internal("no store connection free"))?;
        let joined = tokio::task::spawn_blocking(move || {
            let result = work(&mut store);
            (store, result)
        })
        .await;
        let (store, result) = match joined {
            Ok(done) => done,
            Err(e) => {
                // The connection went down with the task: one fewer to hand out.
                _permit.forget();
                return Err(ApiError::internal(format!("a store task failed: {e}")));
            }
        };
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(store);
        }
        result
    }
}
