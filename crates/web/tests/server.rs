//! The newsroom as a real server on 127.0.0.1: HTTP over a socket, the session cookie across
//! requests, the live events stream, and a graceful stop.

#![allow(clippy::unwrap_used)]

mod common;

use common::{EDITOR, PASSWORD, newsroom};
use std::net::SocketAddr;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_server_answers_streams_changes_and_stops() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let room = newsroom(true);
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
    let addr = rx.await.unwrap();
    assert!(addr.ip().is_loopback());
    let base = format!("http://{addr}");
    let client = reqwest::Client::new();

    // The background refresher builds every report by itself.
    let mut built = false;
    for _ in 0..100 {
        let health: serde_json::Value = serde_json::from_str(
            &client
                .get(format!("{base}/healthz"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        )
        .unwrap();
        if health["stale_reports"] == 0 {
            built = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(built, "the reports were not built in the background");

    // Subscribe to the events stream before changing anything.
    let mut events = client
        .get(format!("{base}/api/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        events.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );

    // Log in; the cookie and the CSRF token carry a write.
    let login = client
        .post(format!("{base}/api/login"))
        .header("content-type", "application/json")
        .body(serde_json::json!({"name": EDITOR, "password": PASSWORD}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let session: serde_json::Value = serde_json::from_str(&login.text().await.unwrap()).unwrap();
    let csrf = session["csrf"].as_str().unwrap();
    let me: serde_json::Value = serde_json::from_str(
        &client
            .get(format!("{base}/api/session"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(me["user"], EDITOR);
    let stories: serde_json::Value = serde_json::from_str(
        &client
            .get(format!("{base}/api/stories"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let story = stories["stories"][0]["id"].as_str().unwrap();
    let note = client
        .post(format!("{base}/api/stories/{story}/decisions"))
        .header("cookie", &cookie)
        .header("x-csrf-token", csrf)
        .header("content-type", "application/json")
        .body(serde_json::json!({"action": "note", "note": "seen"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(note.status(), 201);

    // The open stream hears of it.
    let chunk = tokio::time::timeout(Duration::from_secs(10), async {
        let mut seen = String::new();
        while !seen.contains("event: stories") {
            let bytes = events.chunk().await.unwrap().unwrap();
            seen.push_str(&String::from_utf8_lossy(&bytes));
        }
        seen
    })
    .await
    .expect("no event after a decision");
    assert!(chunk.contains("event: stories"));

    // Logging out ends the session for good.
    let out = client
        .post(format!("{base}/api/logout"))
        .header("cookie", &cookie)
        .header("x-csrf-token", csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let after = client
        .get(format!("{base}/api/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);

    // A graceful stop: the server returns once asked.
    drop(events);
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server did not stop")
        .unwrap()
        .unwrap();
}
