//! Measuring each stage on data no one here wrote.
//!
//! Every evaluation reads a development set in its published layout (found anywhere below the
//! folder it is given), runs the stage, and returns figures; the binary prints them, ending with
//! one line of JSON. Metrics are implemented here exactly as the sets define them.

pub mod clustering;
pub mod extraction;
pub mod metrics;
pub mod numbers;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("no development set found below {0}: expected a folder holding {1}")]
    NoData(String, &'static str),
    #[error("failed to read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("failed to parse {path}: {message}")]
    Parse { path: String, message: String },
}
