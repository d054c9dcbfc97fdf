//! The newsroom in a real browser: headless Chromium driven over WebDriver (chromedriver).
//!
//! One walk through the site as a reader and then as an editor: the story list (and its live
//! update when a new story arrives), a story page, a citation followed to its highlighted
//! span, logging in, and settling a disputed figure. Screenshots go to
//! `target/tmp/browser-artifacts/`.
//!
//! Chromium and chromedriver come from Debian's `chromium` and `chromium-driver` packages
//! (`scripts/install-browser.sh`; `.ci/run` installs them). Without them the test says so and
//! passes on a developer's machine, but fails in CI (`CI` set), where they must be present.

#![allow(clippy::unwrap_used)]

mod common;

use common::{EDITOR, PASSWORD, newsroom};
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver(driver: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver { child, port }
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    let path = artifacts().join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

/// Waits until the page's script says `true`.
async fn wait_for(client: &Client, script: &str, what: &str) {
    let started = Instant::now();
    loop {
        let value = client.execute(script, vec![]).await.unwrap();
        if value.as_bool() == Some(true) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_and_an_editor_use_the_newsroom() {
    let (Some(browser), Some(driver)) = (
        find(&["chromium", "chromium-browser", "google-chrome"]),
        find(&["chromedriver"]),
    ) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs Chromium and chromedriver: run scripts/install-browser.sh"
        );
        eprintln!(
            "skipped: no Chromium or chromedriver on PATH (scripts/install-browser.sh installs them)"
        );
        return;
    };
    let room = newsroom(true);
    room.state.refresh_all().await.unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<SocketAddr>();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(web::serve(
        room.state.clone(),
        "127.0.0.1:0".parse().unwrap(),
        move |addr| {
            let _ = tx.send(addr);
        },
        async move {
            let _ = stopped.await;
        },
    ));
    let base = format!("http://{}", rx.await.unwrap());

    let driver = start_driver(&driver);
    let profile = tempfile::tempdir().unwrap();
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": browser,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,2000", "--hide-scrollbars",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .unwrap();

    // The story list.
    client.goto(&format!("{base}/")).await.unwrap();
    let rows = client.find_all(Locator::Css("tr.story-row")).await.unwrap();
    assert!(rows.len() >= 2);
    let title = client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(title, "Stories");
    // A hostile headline shows as text, and no script of its ran.
    let page = client.source().await.unwrap();
    assert!(page.contains("&lt;script&gt;alert("));
    screenshot(&client, "list.png").await;

    // The list updates by itself when a new story arrives.
    {
        let path = room.path.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = store::SqliteStore::open(&path).unwrap();
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("new.jsonl");
            std::fs::write(
                &file,
                r#"{"id": "late-1", "outlet": "Late Post", "published_at": "2026-03-10T08:00:00Z", "title": "Glacier observatory opens on Myrefell summit", "text": "The Myrefell glacier observatory opened on Tuesday with 14 researchers.\n\nIt cost 3 million crowns, officials said."}"#,
            )
            .unwrap();
            pipeline::ingest(
                &mut store,
                &[file],
                &pipeline::input::InputLimits::default(),
                &pipeline::Silent,
            )
            .unwrap();
            pipeline::cluster_new(&mut store, &cluster::ClusterConfig::default()).unwrap();
        })
        .await
        .unwrap();
        // The server's refresher builds the new report and tells the page.
        room.state.refresh_all().await.unwrap();
        wait_for(
            &client,
            "return document.getElementById('rows').textContent.includes('Glacier observatory');",
            "the new story to appear in the open list",
        )
        .await;
    }

    // A story with a disputed figure.
    let queue: serde_json::Value = reqwest_json(&format!("{base}/api/review")).await;
    let story = queue[0]["story"].as_str().unwrap().to_string();
    let fact = queue[0]["fact"].clone();
    let link = client
        .find(Locator::Css(&format!(
            "tr.story-row[data-story='{story}'] a"
        )))
        .await
        .unwrap();
    link.click().await.unwrap();
    client
        .wait()
        .for_element(Locator::Css(".fact.disputed"))
        .await
        .unwrap();
    assert!(client.current_url().await.unwrap().path().ends_with(&story));
    for heading in ["Brief", "Sources side by side", "Figures", "Provenance"] {
        assert!(
            client.source().await.unwrap().contains(heading),
            "the story page lacks {heading}"
        );
    }
    screenshot(&client, "story.png").await;

    // A citation opens the article with the cited sentence highlighted and in view.
    let cite = client
        .find(Locator::Css(".fact.disputed a.cite"))
        .await
        .unwrap();
    let sentence = cite.attr("title").await.unwrap().unwrap();
    cite.click().await.unwrap();
    let mark = client
        .wait()
        .for_element(Locator::Css("mark#hl"))
        .await
        .unwrap();
    let marked = mark.text().await.unwrap();
    let start: String = sentence.chars().take(30).collect();
    assert!(
        marked.starts_with(start.trim()),
        "highlighted {marked:?}, cited {sentence:?}"
    );
    wait_for(
        &client,
        "const r = document.getElementById('hl').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;",
        "the highlighted sentence to be in view",
    )
    .await;
    screenshot(&client, "citation.png").await;

    // Logging in as an editor.
    client.goto(&format!("{base}/login")).await.unwrap();
    client
        .find(Locator::Id("name"))
        .await
        .unwrap()
        .send_keys(EDITOR)
        .await
        .unwrap();
    client
        .find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    client
        .find(Locator::Id("login-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let user = client
        .wait()
        .for_element(Locator::Id("user"))
        .await
        .unwrap();
    assert_eq!(user.text().await.unwrap(), EDITOR);

    // Settling the dispute: confirm one of the values.
    client
        .goto(&format!("{base}/stories/{story}"))
        .await
        .unwrap();
    let fact_id = fact["id"].as_str().unwrap();
    let value = fact["values"][0]["value"].as_str().unwrap();
    let form = client
        .find(Locator::Css(&format!(
            "div.fact[data-fact='{fact_id}'] form.decide"
        )))
        .await
        .unwrap();
    form.find(Locator::Css("input[name=value]"))
        .await
        .unwrap()
        .send_keys(value)
        .await
        .unwrap();
    form.find(Locator::Css("input[name=note]"))
        .await
        .unwrap()
        .send_keys("Checked with the provincial emergency office.")
        .await
        .unwrap();
    form.find(Locator::Css("button.confirm"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let settled = client
        .wait()
        .for_element(Locator::Css(&format!(
            "div.fact.confirmed-fact[data-fact='{fact_id}']"
        )))
        .await
        .unwrap();
    let text = settled.text().await.unwrap();
    assert!(text.contains(&format!("{EDITOR} confirmed")), "{text}");
    assert!(
        client
            .source()
            .await
            .unwrap()
            .contains("Checked with the provincial emergency office.")
    );
    settled.click().await.unwrap();
    screenshot(&client, "resolved.png").await;

    // The review queue no longer lists it.
    client.goto(&format!("{base}/review")).await.unwrap();
    let waiting = client
        .find_all(Locator::Css(&format!("div.fact[data-fact='{fact_id}']")))
        .await
        .unwrap();
    let mut same_story = 0;
    for item in waiting {
        let form = item.find(Locator::Css("form.decide")).await.unwrap();
        if form.attr("action").await.unwrap().as_deref()
            == Some(&format!("/stories/{story}/decide"))
        {
            same_story += 1;
        }
    }
    assert_eq!(same_story, 0, "the settled fact still waits for review");

    client.close().await.unwrap();
    drop(driver);
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

async fn reqwest_json(url: &str) -> serde_json::Value {
    let _ = rustls::crypto::ring::default_provider().install_default();
    serde_json::from_str(&reqwest::get(url).await.unwrap().text().await.unwrap()).unwrap()
}
