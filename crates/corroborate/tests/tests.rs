//! The binary end to end (the quick start's report, idempotent ingest, bad input, exit codes),
//! and the tidy rules on how crates depend on each other.
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "golden/check.rs"]
mod golden_events;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corroborate(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_report(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        stderr(output)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn flood_story(report: &Value) -> &Value {
    report["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().unwrap().contains("Aldmere"))
        .expect("a story about the Aldmere flood")
}

fn fact<'r>(story: &'r Value, kind: &str, key: &str, value: &str) -> &'r Value {
    story["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == kind && f[key] == value)
        .unwrap_or_else(|| panic!("no {kind} fact with {key} = {value}"))
}

#[test]
fn analyze_sample_gives_the_expected_story_and_a_valid_report() {
    let data = tempfile::tempdir().unwrap();
    let examples = root().join("examples");
    let output = corroborate(
        data.path(),
        &["analyze", examples.to_str().unwrap(), "--format", "json"],
    );
    let report = json_report(&output);

    let errors = schema_errors(&report);
    assert!(errors.is_empty(), "schema errors: {errors:#?}");

    let stories = report["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 2, "the flood and the unrelated tram story");
    let flood = flood_story(&report);
    let articles = flood["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 8);
    let wire = articles
        .iter()
        .find(|a| a["outlet"] == "Meridian Wire Service")
        .unwrap();
    let copies: Vec<&str> = articles
        .iter()
        .filter(|a| a["duplicate_of"] == wire["id"])
        .map(|a| a["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(copies, ["The Harbor Gazette", "Valley Courier"]);
    assert_eq!(flood["first_published_at"], "2026-03-02T07:30:00Z");

    let dead = fact(flood, "quantity", "measure", "dead");
    assert_eq!(dead["status"], "updated", "{dead:#}");
    let lows: Vec<f64> = dead["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["low"].as_f64().unwrap())
        .collect();
    assert_eq!(lows, [12.0, 19.0, 27.0, 31.0, 31.0]);
    let missing = fact(flood, "quantity", "measure", "missing");
    assert_eq!(missing["status"], "disputed", "{missing:#}");
    assert!(missing["reason"].as_str().unwrap().contains("40"));

    let varga = fact(flood, "quote", "speaker", "Helena Varga");
    let outlets: std::collections::BTreeSet<&str> = varga["values"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v["sources"].as_array().unwrap())
        .map(|s| s["outlet"].as_str().unwrap())
        .collect();
    assert!(
        outlets.contains("El Diario del Valle"),
        "the Spanish translation joins the quote: {outlets:?}"
    );
    assert!(outlets.len() >= 5, "{outlets:?}");

    let timeline = flood["timeline"].as_array().unwrap();
    let sunday = timeline
        .iter()
        .find(|e| e["date"] == "2026-03-01")
        .expect("the night the river burst its banks");
    assert!(sunday["sources"].as_array().unwrap().len() >= 5);
    let mourning = timeline
        .iter()
        .find(|e| e["date"] == "2026-03-09")
        .expect("the announced day of mourning");
    assert!(mourning["summary"].as_str().unwrap().contains("mourning"));

    // Every value is backed by a quoted sentence of a story article.
    let ids: Vec<&Value> = articles.iter().map(|a| &a["id"]).collect();
    for f in flood["facts"].as_array().unwrap() {
        for v in f["values"].as_array().unwrap() {
            for s in v["sources"].as_array().unwrap() {
                assert!(ids.contains(&&s["article"]));
                assert!(!s["sentence"].as_str().unwrap().is_empty());
            }
        }
    }
}

#[test]
fn markdown_report_cites_its_sources() {
    let data = tempfile::tempdir().unwrap();
    let markdown = report_file(data.path(), &root().join("examples/html"), "report.md");
    assert!(markdown.contains("**Disputed** — missing"), "{markdown}");
    assert!(markdown.contains("**Updated** — dead"), "{markdown}");
    assert!(markdown.contains("copy of [1]"), "{markdown}");
    for line in markdown.lines().filter(|l| l.starts_with("  - ")) {
        assert!(line.contains("]"), "an uncited value: {line}");
    }
}

#[test]
fn html_report_is_one_page_whose_citations_all_land() {
    let data = tempfile::tempdir().unwrap();
    let examples = root().join("examples/jsonl");
    let out = data.path().join("report.html");
    let output = corroborate(
        data.path(),
        &[
            "analyze",
            examples.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("River Aldmere"));
    assert!(
        page.contains("class=\"fact disputed\""),
        "the missing count is disputed"
    );
    assert!(page.contains("<svg"), "a chart for a figure that moved");
    // Self-contained: no script, no stylesheet or image fetched from elsewhere.
    assert!(!page.contains("<script") && !page.contains("<link") && !page.contains("<img"));
    let mut cites = 0;
    for piece in page.split("class=\"cite\" href=\"#").skip(1) {
        let target = piece.split('"').next().unwrap();
        assert!(
            page.contains(&format!("id=\"{target}\"")),
            "a citation to #{target} has no reference"
        );
        cites += 1;
    }
    assert!(cites > 20, "{cites} citations");
}

#[test]
fn bench_claims_reads_articles_and_extraction_ground_truths() {
    let data = tempfile::tempdir().unwrap();
    let set = tempfile::tempdir().unwrap();
    std::fs::write(
        set.path().join("ground-truth.json"),
        r#"{"a": {"articleBody": "At least 40 people died on Tuesday, officials said."},
            "b": {"articleBody": "By March 3, 2024, 57 deaths had been recorded."}}"#,
    )
    .unwrap();
    std::fs::write(set.path().join("extra.txt"), "Three dams failed last week.").unwrap();
    std::fs::write(set.path().join("UPSTREAM-README.txt"), "not an article").unwrap();
    let dir = set.path().to_str().unwrap();
    let output = corroborate(
        data.path(),
        &["bench", "claims", "--data", dir, "--rounds", "1"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["documents"], 3);
    assert!(last["timexes"].as_u64().unwrap() >= 2, "{last}");
    assert!(last["quantities"].as_u64().unwrap() >= 3, "{last}");
    assert!(last["mb_per_s"].as_f64().unwrap() > 0.0);
    // Loading the models is timed apart from the rounds.
    assert!(last["warm_up_s"].as_f64().unwrap() > 0.0, "{last}");
}

#[test]
fn bench_compare_and_claims_commands_end_with_json() {
    let data = tempfile::tempdir().unwrap();
    let output = corroborate(
        data.path(),
        &["bench", "compare", "--articles", "40", "--rounds", "1"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["articles"], 40);
    assert!(last["median_s"].as_f64().unwrap() > 0.0);
    assert!(last["figure_facts"].as_u64().unwrap() > 0);

    let page = root().join("examples/html/04-northern-daily-ledger-death-toll-19.html");
    let output = corroborate(data.path(), &["claims", page.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let line: Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = line["text"].as_str().unwrap();
    let dead = line["claims"]["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["measure"] == "dead")
        .expect("the death toll");
    let span = &dead["span"];
    let (start, end) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "at least 19");
}

#[test]
fn bench_serve_ends_with_json() {
    let data = tempfile::tempdir().unwrap();
    let output = corroborate(
        data.path(),
        &[
            "bench",
            "serve",
            "--stories",
            "60",
            "--big",
            "20",
            "--requests",
            "6",
            "--concurrency",
            "2",
            "--wrk-seconds",
            "0",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["stories"], 60);
    assert_eq!(last["reports_built"], 60);
    for scenario in ["story_page", "list_page", "search_api"] {
        assert_eq!(last[scenario]["failures"], 0, "{scenario}: {stdout}");
        assert_eq!(last[scenario]["requests"], 6);
        assert!(last[scenario]["server_ms_median"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn stale_stored_claims_are_recomputed_once() {
    use store::Store;
    let data = tempfile::tempdir().unwrap();
    let examples = root().join("examples/jsonl");
    let output = corroborate(data.path(), &["ingest", examples.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Claims as an older build would have left them: empty, under another version.
    {
        let mut store = store::SqliteStore::open(&data.path().join("corroborate.sqlite3")).unwrap();
        let blank: Vec<_> = store
            .articles()
            .unwrap()
            .into_iter()
            .map(|a| (a.id, model::ArticleClaims::default()))
            .collect();
        store.replace_claims(&blank).unwrap();
        store.set_meta("claims_version", "0-older").unwrap();
    }
    let output = corroborate(data.path(), &["stories", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("recomputed the claims of 9 stored article(s)"),
        "{}",
        stderr(&output)
    );
    let stories: Value = serde_json::from_slice(&output.stdout).unwrap();
    let flood = stories
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().unwrap().contains("Aldmere"))
        .unwrap();
    let output = corroborate(
        data.path(),
        &["story", flood["id"].as_str().unwrap(), "--format", "json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("recomputed"), "only once");
    let report = json_report(&output);
    let story = flood_story(&report);
    fact(story, "quantity", "measure", "dead");
}

#[test]
fn ingesting_twice_adds_nothing_and_stories_persist() {
    let data = tempfile::tempdir().unwrap();
    let examples = root().join("examples");
    let first = corroborate(data.path(), &["ingest", examples.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("9 new"), "{}", stderr(&first));
    let list =
        |dir: &Path| -> Value { json_report(&corroborate(dir, &["stories", "--format", "json"])) };
    let before = list(data.path());
    let second = corroborate(data.path(), &["ingest", examples.to_str().unwrap()]);
    assert!(
        stderr(&second).contains("0 new, 18 already stored"),
        "{}",
        stderr(&second)
    );
    assert_eq!(list(data.path()), before);

    let id = before[0]["id"].as_str().unwrap();
    let story = json_report(&corroborate(
        data.path(),
        &["story", &id[..6], "--format", "json"],
    ));
    assert_eq!(story["stories"][0]["id"], id);
    let missing = corroborate(data.path(), &["story", "s-nope"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("no story"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn bad_input_is_named_skipped_and_harmless() {
    let data = tempfile::tempdir().unwrap();
    let examples = root().join("examples/html");
    assert!(
        corroborate(data.path(), &["ingest", examples.to_str().unwrap()])
            .status
            .success()
    );
    let stored = json_report(&corroborate(data.path(), &["stories", "--format", "json"]));

    let bad = tempfile::tempdir().unwrap();
    let dir = bad.path();
    std::fs::write(dir.join("binary.dat"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("latin1.txt"),
        b"Caf\xE9 society reopens after the flood.",
    )
    .unwrap();
    std::fs::write(dir.join("image.html"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let good_line = r#"{"id": "ok-1", "outlet": "Test Wire", "published_at": "2026-03-10T10:00:00Z", "title": "Bridge reopens in Lindqvist", "text": "The bridge at Lindqvist reopened on Tuesday after engineers declared it safe, the provincial transport office said."}"#;
    std::fs::write(
        dir.join("mixed.jsonl"),
        format!("{good_line}\n{{not json\n\n{{\"title\": \"no body\"}}\n"),
    )
    .unwrap();
    // A 500 MB page: sparse, so it costs no disk, and it must not be read.
    std::fs::File::create(dir.join("huge.html"))
        .unwrap()
        .set_len(500 * 1024 * 1024)
        .unwrap();

    let output = corroborate(
        data.path(),
        &[
            "ingest",
            dir.to_str().unwrap(),
            dir.join("nope.html").to_str().unwrap(),
        ],
    );
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{messages}");
    for expected in [
        "empty.txt: empty file",
        "latin1.txt: not valid UTF-8 at byte 3",
        "image.html: not an HTML page: the bytes are a PNG image",
        "mixed.jsonl:2: not a valid JSON article",
        "mixed.jsonl:4: the record has neither",
        "huge.html: the file is 500 MB, over the limit",
        "nope.html: cannot open",
        "1 new",
    ] {
        assert!(
            messages.contains(expected),
            "missing {expected:?} in:\n{messages}"
        );
    }
    // binary.dat has an unknown ending: a directory walk passes it over; named, it is refused.
    let named = corroborate(
        data.path(),
        &["ingest", dir.join("binary.dat").to_str().unwrap()],
    );
    assert_eq!(named.status.code(), Some(3));
    assert!(stderr(&named).contains("binary data"), "{}", stderr(&named));

    // What was stored before is intact, and the good line joined the store.
    let after = json_report(&corroborate(data.path(), &["stories", "--format", "json"]));
    let count = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["article_count"].as_u64().unwrap())
            .sum::<u64>()
    };
    assert_eq!(count(&after), count(&stored) + 1);
}

/// One gzip member holding a WARC record of the given type and block.
fn warc_member(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2026-03-10T08:00:00Z\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(&record).unwrap();
    gzip.finish().unwrap()
}

fn http_response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nServer: test\r\n\r\n")
            .into_bytes();
    out.extend_from_slice(body);
    out
}

#[test]
fn import_reads_the_pages_of_a_warc_archive_once() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pages = root().join("examples/html");
    let mut archive = warc_member(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: test\r\n",
    );
    for (n, name) in [
        "01-meridian-wire-service-aldmere-flood.html",
        "04-northern-daily-ledger-death-toll-19.html",
        "09-harbor-gazette-harbour-tram-line.html",
    ]
    .iter()
    .enumerate()
    {
        let uri = format!("https://crawl.example/page/{n}");
        archive.extend(warc_member(
            "request",
            &uri,
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        let html = std::fs::read(pages.join(name)).unwrap();
        archive.extend(warc_member(
            "response",
            &uri,
            "application/http; msgtype=response",
            &http_response("200 OK", "text/html; charset=utf-8", &html),
        ));
    }
    archive.extend(warc_member(
        "response",
        "https://crawl.example/logo.png",
        "application/http; msgtype=response",
        &http_response("200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
    ));
    let file = dir.path().join("CC-NEWS-20260310080000-00001.warc.gz");
    std::fs::write(&file, &archive).unwrap();

    let first = corroborate(data.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stderr(&first).contains(
            "read 1 file(s), 3 article(s): 3 new, 0 already stored; 5 archive record(s) passed over"
        ),
        "{}",
        stderr(&first)
    );
    let stories = json_report(&corroborate(data.path(), &["stories", "--format", "json"]));
    assert_eq!(
        stories.as_array().unwrap().len(),
        2,
        "the flood and the tram"
    );

    // Twice adds nothing, and `ingest` reads the same archive the same way.
    let again = corroborate(data.path(), &["import", dir.path().to_str().unwrap()]);
    assert!(
        stderr(&again).contains("0 new, 3 already stored"),
        "{}",
        stderr(&again)
    );
    let ingested = corroborate(data.path(), &["ingest", file.to_str().unwrap()]);
    assert!(
        stderr(&ingested).contains("0 new, 3 already stored"),
        "{}",
        stderr(&ingested)
    );
    assert_eq!(
        json_report(&corroborate(data.path(), &["stories", "--format", "json"])),
        stories
    );

    // A damaged record is named by its offset and the next is read; other files are refused.
    let mut damaged = archive.clone();
    let second = warc_member(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: test\r\n",
    )
    .len();
    damaged[second + 20] ^= 0xff;
    let damaged_file = dir.path().join("damaged.warc.gz");
    std::fs::write(&damaged_file, &damaged).unwrap();
    let page = pages.join("07-capital-times-day-of-mourning.html");
    let output = corroborate(
        data.path(),
        &[
            "import",
            damaged_file.to_str().unwrap(),
            page.to_str().unwrap(),
        ],
    );
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{messages}");
    assert!(
        messages.contains(&format!("damaged.warc.gz@{second}: ")),
        "{messages}"
    );
    assert!(
        messages.contains("07-capital-times-day-of-mourning.html: not a WARC archive"),
        "{messages}"
    );
    assert!(messages.contains("0 new, 3 already stored"), "{messages}");
}

#[test]
fn extract_reads_plain_and_gzip_pages_and_names_a_broken_one() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let article = |word: &str| {
        format!(
            "<html><head><title>{word}</title></head><body><article>{}</article></body></html>",
            format!(
                "<p>{}</p>",
                format!("The {word} rose over the bank of the river. ").repeat(8)
            )
            .repeat(4)
        )
    };
    std::fs::write(dir.path().join("a.html"), article("flood")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(article("tide").as_bytes()).unwrap();
    std::fs::write(dir.path().join("b.html.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(dir.path().join("c.htm.gz"), [0x1f, 0x8b, 8, 0, 1, 2]).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a page").unwrap();
    let output = corroborate(
        dir.path(),
        &["extract", dir.path().to_str().unwrap(), "--jobs", "1"],
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", stderr(&output));
    assert!(
        lines[0]["text"]
            .as_str()
            .unwrap()
            .contains("The flood rose")
    );
    assert!(lines[1]["text"].as_str().unwrap().contains("The tide rose"));
    assert!(
        stderr(&output).contains("c.htm.gz is not valid gzip"),
        "{}",
        stderr(&output)
    );
    assert_eq!(output.status.code(), Some(3));
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in [
        "analyze",
        "ingest",
        "import",
        "stories",
        "story",
        "watch",
        "sources add",
        "sources import",
        "sources export",
        "sources list",
        "sources remove",
        "sources enable",
        "sources disable",
        "users add",
        "users list",
        "users disable",
        "users enable",
        "users passwd",
        "users token add",
        "users token list",
        "users token revoke",
        "serve",
        "bench watch",
        "bench serve",
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_corroborate"))
            .args(command.split(' '))
            .arg("--help")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success());
        assert!(
            text.contains("Example"),
            "{command} --help has no example:\n{text}"
        );
    }
}

/// `serve` ingests its inputs, answers on the address it was given, and stops on SIGTERM.
#[cfg(unix)]
#[test]
fn serve_ingests_answers_and_stops_on_a_signal() {
    use std::io::{BufRead, BufReader, Read, Write};
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(["--data-dir"])
        .arg(data.path())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .arg(root().join("examples/jsonl"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut addr = None;
    let mut seen = String::new();
    for _ in 0..50 {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
        if let Some(rest) = line.split("http://").nth(1) {
            addr = rest.split('/').next().map(str::to_string);
            break;
        }
    }
    let addr = addr.unwrap_or_else(|| panic!("no address announced:\n{seen}"));
    let get = |path: &str| -> String {
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let health = get("/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"status\":\"ok\""), "{health}");
    let list = get("/api/stories");
    assert!(list.contains("Aldmere"), "{list}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "serve exited with {status}");
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "serve did not stop"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// A made-up set of two pages in the layout `bench extraction` reads.
fn write_tiny_set(dir: &Path) {
    let set = dir.join("tiny");
    std::fs::create_dir_all(set.join("html")).unwrap();
    let body = "The river rose two metres overnight and the town council opened three shelters \
                near the old bridge before dawn on Tuesday.";
    for id in ["a", "b"] {
        let html = format!(
            "<html><head><title>Flood {id}</title></head><body><nav>Home | News</nav>\
             <article><h1>Flood {id}</h1><p>{body}</p><p>{body}</p></article></body></html>"
        );
        std::fs::write(set.join("html").join(format!("{id}.html")), html).unwrap();
    }
    let truth = serde_json::json!({
        "a": {"articleBody": format!("{body}\n{body}"), "url": "https://example.org/a"},
        "b": {"articleBody": format!("{body}\n{body}"), "url": null},
    });
    std::fs::write(set.join("ground-truth.json"), truth.to_string()).unwrap();
}

#[test]
fn bench_without_a_peer_prints_our_figures_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    write_tiny_set(dir.path());
    let help = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(["bench", "extraction", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("Example"));

    let last_json = |output: &Output| -> Value {
        assert!(output.status.success(), "{}", stderr(output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
    };
    let data = dir.path().to_str().unwrap();
    let output = corroborate(
        dir.path(),
        &[
            "bench",
            "extraction",
            "--data",
            data,
            "--peer",
            "none",
            "--rounds",
            "2",
        ],
    );
    let figures = last_json(&output);
    assert_eq!(figures["pages"], 2);
    assert_eq!(figures["rounds"], 2);
    assert!(figures["pages_per_s"].as_f64().unwrap() > 0.0);
    assert!(figures["f1"].as_f64().unwrap() > 0.5, "{figures}");
    assert!(figures["peer"].is_null() && figures["speedup"].is_null());
    assert_eq!(figures["sets"][0]["name"], "tiny");

    // A peer that cannot start (no bash, no python on an empty PATH) leaves its fields null
    // and a reason, not a panic.
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(["bench", "extraction", "--data", data, "--rounds", "1"])
        .env("PATH", empty.path())
        .env("CORROBORATE_PEER_VENV", empty.path().join("venv"))
        .output()
        .unwrap();
    let figures = last_json(&output);
    assert!(figures["peer"].is_null() && figures["peer_pages_per_s"].is_null());
    assert!(figures["peer_error"].as_str().unwrap().contains("not run"));
    assert!(String::from_utf8_lossy(&output.stdout).contains("trafilatura: not run"));
}

#[test]
fn kill_during_ingest_loses_and_duplicates_nothing() {
    use store::Store;
    let data = tempfile::tempdir().unwrap();
    let input = data.path().join("many.jsonl");
    let total = 4000usize;
    let mut lines = String::new();
    for i in 0..total {
        let line = serde_json::json!({
            "id": format!("synthetic-{i}"),
            "outlet": format!("Outlet {}", i % 17),
            "published_at": format!("2026-03-{:02}T{:02}:00:00Z", 1 + i % 28, i % 24),
            "title": format!("Report {i} on the Aldmere flood"),
            "text": format!("At least {} people have died in district {i}, officials said on Tuesday. \"We are still searching,\" said Tomas Reyes.\n\nAbout {} homes were evacuated.", i % 50, i * 3),
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    std::fs::write(&input, lines).unwrap();
    let store_path = data.path().join("corroborate.sqlite3");

    let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["ingest", input.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill -9 in the middle of the run.
    let mut stored_at_kill = 0;
    // A loaded CI machine can take a while to start the child (the other tests of this binary
    // run at the same time); three minutes is plenty.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        if let Ok(store) = store::SqliteStore::open(&store_path)
            && let Ok(count) = store.article_count()
            && count > 0
        {
            child.kill().unwrap();
            stored_at_kill = count;
            break;
        }
    }
    child.wait().unwrap();
    let after_kill = store::SqliteStore::open(&store_path)
        .unwrap()
        .article_count()
        .unwrap();
    assert!(stored_at_kill > 0, "the ingest never committed a batch");
    assert!(
        after_kill < total,
        "the ingest finished before it could be killed; make the input larger"
    );
    assert_eq!(
        after_kill % 64,
        0,
        "a batch was stored in part: {after_kill} articles"
    );

    let rerun = corroborate(data.path(), &["ingest", input.to_str().unwrap()]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let expected = format!("{} new, {after_kill} already stored", total - after_kill);
    assert!(
        stderr(&rerun).contains(&expected),
        "expected {expected:?} in {}",
        stderr(&rerun)
    );
    assert_eq!(
        store::SqliteStore::open(&store_path)
            .unwrap()
            .article_count()
            .unwrap(),
        total
    );
}

#[test]
fn eval_clustering_scores_a_small_set_and_ends_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        (
            "1",
            "Flood kills 12 in Veska as river Aldmere bursts its banks",
            "a",
        ),
        ("2", "Veska flood: river Aldmere bursts banks, 12 dead", "a"),
        ("3", "Harbour council approves Portmere tram line", "b"),
        (
            "4",
            "Portmere council approves harbour tram line after debate",
            "b",
        ),
    ];
    let lines: String = records
        .iter()
        .map(|(id, title, cluster)| {
            serde_json::json!({"id": id, "title": title, "text": "", "lang": "eng", "date": null, "cluster": cluster}).to_string() + "\n"
        })
        .collect();
    std::fs::write(dir.path().join("dev.jsonl"), lines).unwrap();
    std::fs::write(
        dir.path().join("unlabelled.jsonl"),
        "{\"id\": \"x\", \"title\": \"t\", \"text\": \"\"}\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args([
            "eval",
            "clustering",
            "--data",
            dir.path().to_str().unwrap(),
            "--set",
            "join_threshold=0.1",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout} {}", stderr(&output));
    assert!(
        stdout.contains("skipped: no document has a gold cluster"),
        "{stdout}"
    );
    let last: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["sets"][0]["docs"], 4);
    assert!(last["f1"].as_f64().unwrap() > 0.99, "{last}");
}

#[test]
fn eval_quantities_scores_a_small_set_and_ends_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let set = serde_json::json!([
        {"text": "The plant cost $ 4 million and employs more than 300 people.",
         "quantities": [
            {"value": "4000000", "normalized_unit": "dollar", "change": "="},
            {"value": "300", "normalized_unit": "people", "change": ">"}]},
        {"text": "It is about 40 - 50 km long and it is 20 degrees celsius.",
         "quantities": [
            {"value": "40-50", "normalized_unit": "kilometre"},
            {"value": "20", "normalized_unit": "celsius"}]},
        {"text": "Nothing to count here.", "quantities": []}
    ]);
    std::fs::write(dir.path().join("dev.json"), set.to_string()).unwrap();
    std::fs::create_dir(dir.path().join("units")).unwrap();
    std::fs::write(
        dir.path().join("units/senses.json"),
        r#"[{"text": "25 c", "unit": "celsius", "surface_form": "c"}]"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(["eval", "quantities", "--data", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout} {}", stderr(&output));
    assert!(stdout.contains("skipped"), "{stdout}");
    assert!(
        stdout.contains("only where the gold carries one"),
        "{stdout}"
    );
    let last: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["sentences"], 3);
    assert_eq!(last["gold_with_bound"], 2);
    for key in ["f1", "unit_f1", "bound_f1"] {
        assert!(last[key].as_f64().unwrap() > 0.99, "{key}: {last}");
    }
}

/// A made-up ECB+ document: "<name> arrested <who> on Tuesday", with one cross-document event
/// chain and one cross-document entity chain.
fn ecb_document(name: &str, who: &str) -> String {
    format!(
        r#"<Document doc_name="{name}.xml" doc_id="x">
<token t_id="1" sentence="0" number="0">Police</token>
<token t_id="2" sentence="0" number="1">arrested</token>
<token t_id="3" sentence="0" number="2">{who}</token>
<token t_id="4" sentence="0" number="3">on</token>
<token t_id="5" sentence="0" number="4">Tuesday</token>
<token t_id="6" sentence="0" number="5">.</token>
<Markables>
<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="2"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="2"><token_anchor t_id="3"/></HUMAN_PART_PER>
<TIME_DATE m_id="3"><token_anchor t_id="4"/><token_anchor t_id="5"/></TIME_DATE>
<ACTION_OCCURRENCE m_id="9" TAG_DESCRIPTOR="arrest" instance_id="ACT1"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT1"><source m_id="1"/><target m_id="9"/></CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="2" note="HUM1"><source m_id="2"/><target m_id="9"/></CROSS_DOC_COREF>
</Relations>
</Document>
"#
    )
}

#[test]
fn eval_coref_scores_a_tiny_set_and_ends_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let topic = dir.path().join("ecbplus").join("3");
    std::fs::create_dir_all(&topic).unwrap();
    for name in ["3_1ecb", "3_2ecb", "3_3ecb"] {
        std::fs::write(
            topic.join(format!("{name}.xml")),
            ecb_document(name, "Smith"),
        )
        .unwrap();
    }
    std::fs::write(topic.join("3_4ecb.xml"), "<Document><token t_id=").unwrap();
    std::fs::write(
        dir.path()
            .join("ecbplus")
            .join("ECBplus_coreference_sentences.csv"),
        "Topic,File,Sentence Number\n3,1ecb,0\n3,2ecb,0\n3,3ecb,0\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(["eval", "coref", "--data", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The broken file is named and skipped; the run scores the others.
    assert_eq!(
        output.status.code(),
        Some(3),
        "{stdout} {}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("3_4ecb.xml"),
        "{}",
        stderr(&output)
    );
    let last: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["event_mentions"], 3);
    assert_eq!(last["entity_mentions"], 6);
    for key in [
        "f1",
        "event_conll_f1",
        "entity_conll_f1",
        "baseline_event_conll_f1",
        "baseline_entity_conll_f1",
        "event_muc_f1",
        "mentions_per_s",
    ] {
        assert!(last[key].as_f64().is_some(), "{key}: {last}");
    }
    // Three mentions of one arrest by one lemma: both systems get the events right.
    assert!(last["event_conll_f1"].as_f64().unwrap() > 0.99, "{last}");
    assert!(
        last["baseline_event_conll_f1"].as_f64().unwrap() > 0.99,
        "{last}"
    );
}

#[test]
fn stories_keep_growing_across_runs() {
    let data = tempfile::tempdir().unwrap();
    let pages = tempfile::tempdir().unwrap();
    let html = root().join("examples/html");
    let mut names: Vec<_> = std::fs::read_dir(&html)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".html"))
        .collect();
    names.sort();
    let (early, late) = names.split_at(3);
    let run = |files: &[std::ffi::OsString]| {
        let dir = pages.path().join(format!("{}", files.len()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in files {
            std::fs::copy(html.join(name), dir.join(name)).unwrap();
        }
        let output = corroborate(data.path(), &["ingest", dir.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        json_report(&corroborate(data.path(), &["stories", "--format", "json"]))
    };
    let first = run(early);
    let flood = |list: &Value| -> (String, u64) {
        let story = list
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["title"].as_str().unwrap().contains("Aldmere"))
            .unwrap();
        (
            story["id"].as_str().unwrap().to_string(),
            story["article_count"].as_u64().unwrap(),
        )
    };
    let (id, count) = flood(&first);
    assert_eq!(count, 3, "{first}");
    // A later run, in a new process, adds to the same story rather than starting again.
    let second = run(late);
    let (later_id, later_count) = flood(&second);
    assert_eq!(later_id, id, "{second}");
    assert_eq!(later_count, 8, "{second}");
    assert_eq!(second.as_array().unwrap().len(), 2, "{second}");
}

#[test]
fn cluster_command_writes_one_line_per_input_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let text = "The river Aldmere burst its banks in Veska on Sunday night, killing twelve people and forcing two thousand from their homes, officials said.";
    let lines = [
        serde_json::json!({"id": "late", "title": "Veska flood toll rises", "text": text, "date": "2026-03-03T00:00:00Z"}),
        serde_json::json!({"id": "early", "title": "Flood in Veska", "text": text, "date": "2026-03-02T00:00:00Z"}),
        serde_json::json!({"id": "tram", "title": "Portmere council approves tram line", "text": "The harbour council of Portmere approved the new tram line after a debate about its cost.", "lang": "eng"}),
    ];
    write_json_lines(&input, &lines);
    let output_path = dir.path().join("out.jsonl");
    let output = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args([
            "cluster",
            "--input",
            input.to_str().unwrap(),
            "--output",
            output_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out: Vec<Value> = std::fs::read_to_string(&output_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = out.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["late", "early", "tram"]);
    // Read in time order: the earlier article is the original, the later one its copy.
    assert_eq!(out[0]["duplicate_of"], "early");
    assert!(out[1].get("duplicate_of").is_none());
    assert_eq!(out[0]["cluster"], out[1]["cluster"]);
    assert_ne!(out[2]["cluster"], out[0]["cluster"]);
    let bad = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args([
            "cluster",
            "--input",
            input.to_str().unwrap(),
            "--set",
            "nonsense=1",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("not a clustering setting"),
        "{}",
        stderr(&bad)
    );
}

/// Writes one JSON object a line.
fn write_json_lines(path: &Path, lines: &[Value]) {
    let text: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    std::fs::write(path, text).unwrap();
}

/// The report `analyze INPUT --out FILE` writes, in the format `name`'s extension names.
fn report_file(data_dir: &Path, input: &Path, name: &str) -> String {
    let out = data_dir.join(name);
    let output = corroborate(
        data_dir,
        &[
            "analyze",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    std::fs::read_to_string(out).unwrap()
}

/// The problems `docs/report.schema.json` finds with a JSON report.
fn schema_errors(report: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn editorial_signals_of_json_lines_reach_the_report() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("signals.jsonl");
    let story = "The River Aldmere burst its banks in Veska on Sunday night, killing twelve people and forcing two thousand from their homes, officials said.";
    let correction = "Correction: An earlier version of this article said 40 people were missing in Ostmark. The figure is 14.";
    let lines = [
        serde_json::json!({"id": "corrected", "url": "https://ledger.example/world/flood", "title": "Flood in Veska kills twelve", "text": format!("{story}\n\n{correction}"), "date": "2026-03-02T08:00:00Z"}),
        serde_json::json!({"id": "column", "url": "https://courier.example/opinion/flood-warnings", "title": "Veska was warned about the Aldmere", "text": story, "date": "2026-03-02T09:00:00Z"}),
    ];
    write_json_lines(&input, &lines);
    let report = json_report(&corroborate(
        data.path(),
        &["analyze", input.to_str().unwrap(), "--format", "json"],
    ));
    assert!(
        schema_errors(&report).is_empty(),
        "{:#?}",
        schema_errors(&report)
    );
    assert_eq!(report["report_version"], "1.3");
    let articles: Vec<&Value> = report["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["articles"].as_array().unwrap())
        .collect();
    let article = |id: &str| *articles.iter().find(|a| a["id"] == id).unwrap();
    let corrections = article("corrected")["signals"]["corrections"]
        .as_array()
        .unwrap();
    assert_eq!(corrections.len(), 1, "{corrections:#?}");
    assert_eq!(corrections[0]["kind"], "correction");
    assert_eq!(corrections[0]["source"], "body");
    assert_eq!(corrections[0]["text"], correction);
    let start = story.len() + 2;
    assert_eq!(corrections[0]["span"]["start"], start);
    assert_eq!(corrections[0]["span"]["end"], start + correction.len());
    // The figure the correction withdraws is not a fact of the story.
    let withdrawn = report["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["facts"].as_array().unwrap())
        .filter(|f| f["measure"] == "missing")
        .flat_map(|f| f["values"].as_array().unwrap())
        .any(|v| v["low"] == 40.0);
    assert!(!withdrawn, "a withdrawn figure became a fact");
    assert_eq!(article("column")["signals"]["kind"], "opinion");
    assert_eq!(
        article("column")["signals"]["kind_evidence"][0]["source"],
        "url"
    );

    let markdown = report_file(data.path(), &input, "report.md");
    assert!(markdown.contains("copy of [1] · opinion |"), "{markdown}");
    let tag = "corrected: Correction: An earlier version of this article said 40";
    assert!(markdown.contains(tag), "{markdown}");
    let html = report_file(data.path(), &input, "report.html");
    assert!(html.contains("copy of [1] · opinion"), "{html}");
    assert!(html.contains(tag), "{html}");
}

/// The internal dependencies of one crate, read from its manifest's `[dependencies]` table.
fn dependencies(krate: &str) -> Vec<String> {
    let manifest =
        std::fs::read_to_string(root().join("crates").join(krate).join("Cargo.toml")).unwrap();
    let mut in_dependencies = false;
    let mut names = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if in_dependencies
            && let Some(name) = line.split(['.', ' ', '=']).next().filter(|n| !n.is_empty())
        {
            names.push(name.to_string());
        }
    }
    names
}

#[test]
fn tidy_dependencies_point_down_the_pipeline() {
    let internal = [
        "model",
        "text",
        "extract",
        "feeds",
        "cluster",
        "claims",
        "compare",
        "store",
        "pipeline",
        "eval",
        "fetch",
        "monitor",
        "loopback",
        "web",
        "corroborate",
    ];
    // Stage crates: pure functions of values, no I/O crates, no async runtime.
    let rules: &[(&str, &[&str])] = &[
        ("model", &[]),
        ("text", &["model"]),
        ("extract", &["model", "text"]),
        ("feeds", &[]),
        ("cluster", &["model", "text"]),
        ("claims", &["model", "text"]),
        ("compare", &["model", "text"]),
        ("store", &["model"]),
        (
            "pipeline",
            &[
                "model", "text", "extract", "cluster", "claims", "compare", "store",
            ],
        ),
        // The network: HTTP with politeness and limits, nothing of the pipeline.
        ("fetch", &[]),
        // Watching sources: the loop over fetch, feeds, the pipeline and the store.
        (
            "monitor",
            &["model", "fetch", "feeds", "pipeline", "store", "cluster"],
        ),
        // Development tooling: reads data sets from disk, used only by the binary.
        (
            "eval",
            &["model", "extract", "cluster", "claims", "compare", "text"],
        ),
        // Test tooling: a loopback HTTP server simulating news sites.
        ("loopback", &[]),
        // The newsroom: HTTP API and pages over the store and the reports.
        ("web", &["model", "store", "pipeline"]),
    ];
    let io_crates = [
        "rusqlite",
        "reqwest",
        "tokio",
        "async-nats",
        "axum",
        "hyper",
        "walkdir",
    ];
    for (krate, allowed) in rules {
        let deps = dependencies(krate);
        for dep in &deps {
            if internal.contains(&dep.as_str()) {
                assert!(
                    allowed.contains(&dep.as_str()),
                    "{krate} must not depend on {dep}"
                );
            }
        }
        if [
            "text", "extract", "feeds", "cluster", "claims", "compare", "model",
        ]
        .contains(krate)
        {
            for io in io_crates {
                assert!(
                    !deps.iter().any(|d| d == io),
                    "stage crate {krate} must not depend on {io}"
                );
            }
        }
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut known: Vec<String> = internal.iter().map(|s| s.to_string()).collect();
    known.sort();
    assert_eq!(
        on_disk, known,
        "a new crate needs a rule here and a section in ARCHITECTURE.md"
    );
}

/// The network options that point `watch` at a loopback server for `hosts`.
fn loopback_args(hosts: &[String], interval: &str) -> Vec<String> {
    let mut args = vec![
        "--allow-address".to_string(),
        "127.0.0.1".to_string(),
        "--domain-interval".to_string(),
        interval.to_string(),
    ];
    for host in hosts {
        args.push("--resolve".into());
        args.push(format!("{host}=127.0.0.1"));
    }
    args
}

fn run_with(data_dir: &Path, args: &[&str], extra: &[String]) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(extra.iter().map(String::as_str));
    corroborate(data_dir, &all)
}

#[test]
fn watch_killed_mid_run_loses_and_duplicates_nothing() {
    use store::Store;
    let server = loopback::LoopbackServer::start(loopback::SiteConfig {
        hosts: 3,
        feeds_per_host: 2,
        // Nothing is published during the test: the backlog is the truth.
        new_article_every: std::time::Duration::from_secs(3600),
        items_per_feed: 12,
        epoch: std::time::SystemTime::now(),
        article_bytes: 4096,
        ..loopback::SiteConfig::default()
    })
    .unwrap();
    let hosts: Vec<String> = (0..3).map(loopback::host_name).collect();
    let net = loopback_args(&hosts, "0.1");
    let data = tempfile::tempdir().unwrap();

    // A home page: its feeds are discovered.
    let home = server.url(&hosts[0], "/");
    let added = run_with(data.path(), &["sources", "add", &home], &net);
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stderr(&added).contains("added feed"), "{}", stderr(&added));
    // Every feed of every site, and one site's sitemap.
    let mut urls: Vec<String> = Vec::new();
    for host in &hosts {
        for feed in 0..2 {
            urls.push(server.url(host, &format!("/feeds/{feed}.xml")));
        }
    }
    urls.push(server.url(&hosts[2], "/sitemap.xml"));
    let mut args = vec!["sources", "add"];
    args.extend(urls.iter().map(String::as_str));
    let added = run_with(data.path(), &args, &net);
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(
        stderr(&added).contains("already watching feed"),
        "{}",
        stderr(&added)
    );

    // Each process has its own gate: the log is checked per watch run.
    server.clear_requests();
    let polite = |server: &loopback::LoopbackServer| {
        for host in &hosts {
            assert_eq!(
                server.max_requests_in_window(host, std::time::Duration::from_millis(90)),
                1,
                "{host}"
            );
            assert_eq!(server.max_concurrent(host), 1, "{host}");
        }
    };

    // Watch, and kill -9 once articles are coming in.
    let store_path = data.path().join("corroborate.sqlite3");
    let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("watch")
        .args(&net)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    let mut at_kill = 0;
    while std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        if let Ok(store) = store::SqliteStore::open(&store_path)
            && let Ok(count) = store.article_count()
            && count >= 3
        {
            child.kill().unwrap();
            at_kill = count;
            break;
        }
    }
    child.wait().unwrap();
    let published: std::collections::BTreeSet<String> = server
        .published_articles()
        .into_iter()
        .filter_map(|u| pipeline::urls::canonical_url(&u))
        .collect();
    assert!(at_kill >= 3, "the watch never stored an article");
    assert!(
        at_kill < published.len(),
        "the watch finished before it could be killed"
    );

    polite(&server);
    server.clear_requests();

    // Restart: it picks up where it was and finishes.
    let again = run_with(data.path(), &["watch", "--once"], &net);
    assert!(again.status.success(), "{}", stderr(&again));
    // Without a terminal the figures come as plain lines, then a summary.
    let text = stderr(&again);
    assert!(
        text.lines()
            .any(|l| l.starts_with("watch: ") && l.contains(" sources (0 failing")),
        "{text}"
    );
    assert!(
        stderr(&again).contains("new articles"),
        "{}",
        stderr(&again)
    );
    let store = store::SqliteStore::open(&store_path).unwrap();
    let urls: Vec<String> = store
        .articles()
        .unwrap()
        .into_iter()
        .filter_map(|a| a.url)
        .collect();
    let unique: std::collections::BTreeSet<String> = urls.iter().cloned().collect();
    assert_eq!(unique.len(), urls.len(), "an article was stored twice");
    assert_eq!(unique, published, "articles lost or invented");
    assert!(!store.stories().unwrap().is_empty());
    // Politeness held, by the server's own log.
    polite(&server);

    // Health, and the sources round-trip through OPML.
    let list = run_with(data.path(), &["sources", "list", "--format", "json"], &[]);
    let health: Value = serde_json::from_slice(&list.stdout).unwrap();
    let sources = health.as_array().unwrap();
    assert!(sources.len() >= 7, "{health}");
    assert!(
        sources
            .iter()
            .all(|s| s["failures"] == 0 && s["last_success_at"].is_i64())
    );
    let table = run_with(data.path(), &["sources", "list"], &[]);
    let table = String::from_utf8_lossy(&table.stdout).into_owned();
    assert!(table.starts_with("  id  state"), "{table}");
    assert_eq!(
        table.lines().filter(|l| l.contains("  ok  ")).count(),
        sources.len(),
        "{table}"
    );
    let exported = run_with(data.path(), &["sources", "export"], &[]);
    let opml = data.path().join("sources.opml");
    std::fs::write(&opml, &exported.stdout).unwrap();
    let other = tempfile::tempdir().unwrap();
    let imported = run_with(
        other.path(),
        &["sources", "import", opml.to_str().unwrap()],
        &[],
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(
        stderr(&imported).contains(&format!("{} added", sources.len())),
        "{}",
        stderr(&imported)
    );
}

#[test]
fn sources_that_are_not_feeds_are_refused_with_the_reason() {
    let server = loopback::LoopbackServer::start(loopback::SiteConfig {
        hosts: 1,
        ..loopback::SiteConfig::default()
    })
    .unwrap();
    let hosts = vec!["odd.test".to_string()];
    let net = loopback_args(&hosts, "0");
    let data = tempfile::tempdir().unwrap();
    let garbage = server.url("odd.test", "/garbage.xml");
    let pdf = server.url("odd.test", "/binary.pdf");
    let out = run_with(data.path(), &["sources", "add", &garbage, &pdf], &net);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("garbage.xml") && text.contains("binary.pdf"),
        "{text}"
    );
    // Without the loopback allowance the address itself is refused.
    let strict = run_with(
        data.path(),
        &["sources", "add", &server.url("odd.test", "/feeds/0.xml")],
        &["--resolve".into(), "odd.test=127.0.0.1".into()],
    );
    assert_eq!(strict.status.code(), Some(3));
    assert!(
        stderr(&strict).contains("non-public"),
        "{}",
        stderr(&strict)
    );
    // Watching with no sources says how to add one.
    let none = corroborate(data.path(), &["watch", "--once"]);
    assert!(!none.status.success());
    assert!(stderr(&none).contains("sources add"), "{}", stderr(&none));
}

#[test]
fn what_watch_archives_imports_back_to_the_same_articles() {
    use store::Store;
    let server = loopback::LoopbackServer::start(loopback::SiteConfig {
        hosts: 1,
        new_article_every: std::time::Duration::from_secs(3600),
        items_per_feed: 5,
        epoch: std::time::SystemTime::now(),
        ..loopback::SiteConfig::default()
    })
    .unwrap();
    let hosts = vec![loopback::host_name(0)];
    let net = loopback_args(&hosts, "0");
    let data = tempfile::tempdir().unwrap();
    let feed = server.url(&hosts[0], "/feeds/0.xml");
    let added = run_with(data.path(), &["sources", "add", &feed], &net);
    assert!(added.status.success(), "{}", stderr(&added));
    let archive = data.path().join("warc");
    let watched = run_with(
        data.path(),
        &[
            "--log-format",
            "json",
            "-vv",
            "watch",
            "--once",
            "--archive",
            archive.to_str().unwrap(),
        ],
        &net,
    );
    assert!(watched.status.success(), "{}", stderr(&watched));
    // Structured logs: every line is a JSON object, and new articles are among them.
    let log = stderr(&watched);
    let events: Vec<Value> = log
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        events
            .iter()
            .any(|e| e["fields"]["message"] == "new article"),
        "{log}"
    );
    let watched_count = store::SqliteStore::open(&data.path().join("corroborate.sqlite3"))
        .unwrap()
        .article_count()
        .unwrap();
    assert_eq!(watched_count, 5);
    let other = tempfile::tempdir().unwrap();
    let imported = corroborate(other.path(), &["import", archive.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let imported_count = store::SqliteStore::open(&other.path().join("corroborate.sqlite3"))
        .unwrap()
        .article_count()
        .unwrap();
    assert_eq!(imported_count, watched_count, "{}", stderr(&imported));
}

/// A brat annotation file for `text`: one attribution of content, source and cue given by
/// their words in the text.
fn brat_attribution(text: &str, content: &str, source: &str, cue: &str) -> String {
    let chars = |part: &str| {
        let at = text.find(part).unwrap();
        let start = text[..at].chars().count();
        (start, start + part.chars().count())
    };
    let mut out = String::new();
    for (k, (role, part)) in [("Content", content), ("Source", source), ("Cue", cue)]
        .iter()
        .enumerate()
    {
        let (start, end) = chars(part);
        out.push_str(&format!("T{}\t{role} {start} {end}\t{part}\n", k + 1));
    }
    out.push_str("E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n");
    out
}

#[test]
fn eval_quotes_cross_validates_a_small_set() {
    let dir = tempfile::tempdir().unwrap();
    let people = [
        "Ana Ruiz",
        "the mayor",
        "Tom Berg",
        "a spokesman",
        "Lena Holt",
        "officials",
    ];
    let claims = [
        "the bridge is closed",
        "the budget will pass",
        "schools open on Monday",
        "the river is rising",
        "prices fell in May",
        "the road reopens soon",
    ];
    for (k, (person, claim)) in people.iter().zip(claims).enumerate() {
        let text = format!("{person} said {claim}. Rain is expected later.");
        std::fs::write(dir.path().join(format!("a{k}.txt")), &text).unwrap();
        let ann = brat_attribution(&text, claim, person, "said");
        std::fs::write(dir.path().join(format!("a{k}.ann")), ann).unwrap();
    }
    let data = dir.path().to_str().unwrap();
    let output = corroborate(
        dir.path(),
        &["eval", "quotes", "--data", data, "--cross-validate", "2"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let figures: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(figures["files"], 6);
    // Each fold's model, trained on a handful of sentences of the other, finds "said" in
    // sentences it never saw, and nothing it finds is wrong.
    assert!(figures["cue_f1"].as_f64().unwrap() > 0.0, "{figures}");
    assert_eq!(figures["exact"]["cue"]["precision"], 1.0, "{figures}");
    assert!(stderr(&output).contains("fold 2"), "{}", stderr(&output));

    let output = corroborate(
        dir.path(),
        &["eval", "quotes", "--data", data, "--cross-validate", "1"],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("at least 2 folds"),
        "{}",
        stderr(&output)
    );
}

/// A reader that stops early (`| head`) closes the pipe. A report printed as it goes ends
/// quietly with the status a shell gives a program stopped by a closed pipe; a command that
/// writes its whole output at the end says the write failed. Neither reports a crash.
#[test]
fn a_closed_stdout_ends_the_program_without_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<Value> = (0..4)
        .map(|i| {
            serde_json::json!({"id": i.to_string(), "title": format!("Harbour council vote {i}"), "text": "", "cluster": "a"})
        })
        .collect();
    let input = dir.path().join("dev.jsonl");
    write_json_lines(&input, &lines);
    let run = |args: &[&str]| {
        // The reading end is closed before the program starts, so its first write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        Command::new(env!("CARGO_BIN_EXE_corroborate"))
            .args(args)
            .stdout(writer)
            .output()
            .unwrap()
    };
    let report = run(&["eval", "clustering", "--data", input.to_str().unwrap()]);
    assert_eq!(report.status.code(), Some(141), "{}", stderr(&report));
    assert_eq!(stderr(&report), "");
    let file = run(&["cluster", "--input", input.to_str().unwrap()]);
    assert_eq!(file.status.code(), Some(1), "{}", stderr(&file));
    assert!(
        stderr(&file).contains("cannot write to standard output: Broken pipe"),
        "{}",
        stderr(&file)
    );
    assert!(!stderr(&file).contains("panicked"), "{}", stderr(&file));
}

/// `train persons` reads the Census name files and writes the person list the named-entity
/// tagger reads; a damaged or missing file is named in the error.
#[test]
fn the_person_list_is_built_from_census_name_files() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "dist.male.first",
        "JAMES          3.318  3.318      1\nJORDAN         0.200  3.518      2\n",
    );
    write(
        "dist.female.first",
        "MARY           2.629  2.629      1\nJORDAN         0.050  2.679      2\n",
    );
    write(
        "dist.all.last",
        "SMITH          1.006  1.006      1\nJAMES          0.100  1.106      2\n",
    );
    let output_file = dir.path().join("persons.tsv");
    let (data, out) = (dir.path().to_str().unwrap(), output_file.to_str().unwrap());
    let build = || {
        corroborate(
            dir.path(),
            &["-q", "train", "persons", "--data", data, "--output", out],
        )
    };
    let output = build();
    assert!(output.status.success(), "{}", stderr(&output));
    let figures: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(figures["names"], 4, "{figures}");
    assert_eq!(figures["given_and_surname"], 1, "{figures}");
    let list = std::fs::read_to_string(&output_file).unwrap();
    let rows: Vec<&str> = list.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        rows,
        [
            "james\tm1\ts1",
            "jordan\tmf1\t-",
            "mary\tf1\t-",
            "smith\t-\ts1"
        ]
    );
    // A file that is not a Census name file, and a missing one, are named in the error.
    write("dist.all.last", "<html><body>Not found</body></html>\n");
    let output = build();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("dist.all.last"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_file(dir.path().join("dist.female.first")).unwrap();
    let output = build();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("dist.female.first"),
        "{}",
        stderr(&output)
    );
}

/// `train places` reads the GeoNames extracts and writes the place list the named-entity
/// tagger reads; a missing extract is named in the error.
#[test]
fn the_place_list_is_built_from_geonames_extracts() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, json: &str| std::fs::write(dir.path().join(name), json).unwrap();
    write(
        "countries.json",
        r#"{"CH": {"name": "Switzerland", "population": 8500000}}"#,
    );
    write(
        "continents.json",
        r#"{"EU": {"name": "Europe", "alternateNames": [{"name": "Europa", "lang": "de"}, {"name": "Europe", "lang": "en"}]}}"#,
    );
    write("us_states.json", r#"{"VT": {"name": "Vermont"}}"#);
    write(
        "cities15000.json",
        r#"{"1": {"name": "Geneva", "population": 201741, "alternatenames": ["Genf", "Ginebra", "GVA", "Женева"]},
            "2": {"name": "Thun", "population": 43000, "alternatenames": ["Thoune"]}}"#,
    );
    let output_file = dir.path().join("places.tsv");
    let (data, out) = (dir.path().to_str().unwrap(), output_file.to_str().unwrap());
    let build = || {
        corroborate(
            dir.path(),
            &["-q", "train", "places", "--data", data, "--output", out],
        )
    };
    let output = build();
    assert!(output.status.success(), "{}", stderr(&output));
    let figures: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(figures["names"], 7, "{figures}");
    let list = std::fs::read_to_string(&output_file).unwrap();
    // By name; "Europa" is not English, "GVA" a code, "Женева" not in the Latin alphabet, and
    // a town of 43,000 keeps no foreign name.
    assert_eq!(
        list,
        concat!(
            "2\tEurope\n",
            "5\tGeneva\n",
            "13\tGenf\tGeneva\n",
            "13\tGinebra\tGeneva\n",
            "1\tSwitzerland\n",
            "6\tThun\n",
            "3\tVermont\n",
        )
    );
    std::fs::remove_file(dir.path().join("us_states.json")).unwrap();
    let output = build();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("us_states.json"),
        "{}",
        stderr(&output)
    );
}

/// `train ner` reads the training portions of sets in the open NER layout and keeps each set's
/// annotation convention; `eval ner` tags each file in the convention its tags follow, or in
/// the one asked for, and says which.
#[test]
fn ner_models_train_and_score_in_each_sets_convention() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("ner");
    let write = |path: &str, text: &str| {
        let path = data.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // wikigold (CoNLL's guidelines) marks a nationality; WNUT17's convention does not.
    let mut wikigold = String::new();
    let mut wnut = String::new();
    for (person, nationality) in [
        ("Amara Okafor", "Syrian"),
        ("Helena Varga", "Danish"),
        ("Tomas Reyes", "Welsh"),
        ("Ruth Okonjo", "Omani"),
        ("Jonas Brandt", "Iraqi"),
    ] {
        let (first, last) = person.split_once(' ').unwrap();
        wikigold.push_str(&format!(
            "-DOCSTART- O\n\n{first} I-PER\n{last} I-PER\nmet O\nthe O\n{nationality} I-MISC\nteam O\n. O\n\n"
        ));
        wnut.push_str(&format!(
            "{first}\tB-person\n{last}\tI-person\nmet\tO\nthe\tO\n{nationality}\tO\nteam\tO\n.\tO\n\n"
        ));
    }
    write("wikigold/CONLL-format/data/wikigold.conll.txt", &wikigold);
    write("WNUT17/CONLL-format/data/train/wnut17train.conll", &wnut);
    let model = dir.path().join("ner.bin");
    let output = corroborate(
        dir.path(),
        &[
            "train",
            "ner",
            "--data",
            data.to_str().unwrap(),
            "--output",
            model.to_str().unwrap(),
            "--bits",
            "12",
            "--convention-bits",
            "10",
            "--orders",
            "2",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let figures = json_report(&output);
    assert_eq!(figures["convention_bits"], 10, "{figures}");
    // Four of the five wikigold documents are for training, and all five of WNUT17's sentences.
    assert_eq!(figures["sentences"], 9, "{figures}");

    let eval = |args: &[&str]| {
        let mut all = vec![
            "eval",
            "ner",
            "--model",
            model.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        let output = corroborate(dir.path(), &all);
        assert!(output.status.success(), "{}", stderr(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        serde_json::from_str::<Value>(stdout.lines().last().unwrap()).unwrap()
    };
    let own = eval(&[]);
    assert_eq!(
        own["conventions"],
        serde_json::json!(["wnut17", "conll"]),
        "{own}"
    );
    // In its own convention each file is tagged as it was annotated.
    assert_eq!(own["f1"], 1.0, "{own}");
    // In CoNLL's, WNUT17's nationalities become names its gold does not have.
    let conll = eval(&["--convention", "conll"]);
    assert_eq!(
        conll["conventions"],
        serde_json::json!(["conll"]),
        "{conll}"
    );
    assert!(conll["precision"].as_f64().unwrap() < 1.0, "{conll}");
    let output = corroborate(
        dir.path(),
        &[
            "eval",
            "ner",
            "--data",
            data.to_str().unwrap(),
            "--convention",
            "reuters",
        ],
    );
    assert!(!output.status.success());
}
