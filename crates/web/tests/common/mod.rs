//! A newsroom over the bundled sample stories, with one editor, for the web tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use store::{AccountStore, SqliteStore, Store};
use web::{AppState, Config};

pub const EDITOR: &str = "editor";
pub const PASSWORD: &str = "correct horse battery";

pub struct Newsroom {
    pub dir: tempfile::TempDir,
    pub state: AppState,
    pub path: PathBuf,
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// A line of JSON Lines input whose headline and text try to inject markup.
const HOSTILE: &str = r#"{"id": "hostile-1", "url": "https://evil.example/a", "outlet": "Evil <b>Outlet</b>", "published_at": "2026-03-09T10:00:00Z", "title": "<script>alert('title')</script> Tram line reopens", "text": "The harbour <img src=x onerror=alert(1)> tram line reopened on Monday after repairs.\n\nOfficials said 3 trams run again."}"#;

/// Builds the store (sample stories plus one hostile article), an editor, and the state.
pub fn newsroom(public_read: bool) -> Newsroom {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corroborate.sqlite3");
    let hostile = dir.path().join("hostile.jsonl");
    std::fs::write(&hostile, HOSTILE).unwrap();
    {
        let mut store = SqliteStore::open(&path).unwrap();
        pipeline::ingest(
            &mut store,
            &[examples(), hostile],
            &pipeline::input::InputLimits::default(),
            &pipeline::Silent,
        )
        .unwrap();
        pipeline::cluster_new(&mut store, &cluster::ClusterConfig::default()).unwrap();
        assert!(store.article_count().unwrap() >= 10);
        store
            .add_user(EDITOR, PASSWORD, store::accounts::Role::Editor)
            .unwrap();
    }
    let mut config = Config::new(path.clone());
    config.public_read = public_read;
    config.readers = 2;
    let state = AppState::open(config).unwrap();
    Newsroom { dir, state, path }
}

/// An API token for the editor.
pub fn token(path: &Path) -> String {
    let mut store = SqliteStore::open(path).unwrap();
    store
        .add_token(EDITOR, "tests", jiff::Timestamp::now().as_second())
        .unwrap()
        .0
}
