//! Every server function, found from the registry of endpoints, signed in and not, gets wrong
//! types, missing fields, huge strings and numbers and deep nesting: no answer is 5xx, no
//! connection drops, and the server is healthy afterwards (issue 17).

use std::collections::BTreeMap;

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Browser, Db, spawn_with};

/// Argument names the server functions use, so that malformed values reach deeper than the
/// first missing field.
const NAMES: [&str; 20] = [
    "id",
    "listing_id",
    "exchange_id",
    "association_id",
    "activity_id",
    "slot_id",
    "user_id",
    "form",
    "email",
    "password",
    "bbox",
    "filters",
    "action",
    "message",
    "before",
    "note",
    "page",
    "query",
    "member_id",
    "role",
];

fn values() -> Vec<Value> {
    // Long, but under the body limit even twenty times over (a larger body is a 413, tested
    // in `bad_input`).
    let long = "é".repeat(15_000);
    vec![
        json!(null),
        json!(true),
        json!(-1),
        json!(0),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(1e308),
        json!(-1.5),
        json!(""),
        json!("x"),
        json!(long),
        json!("\u{0}\u{202e}<script>"),
        json!([]),
        json!([1, 2, 3]),
        json!({}),
        json!({ "lat": 1e308, "lng": "x", "south": null, "kind": "nonsense", "title": long }),
    ]
}

/// The bodies sent to each endpoint: broken JSON, wrong top-level types, deep nesting, and for
/// each argument name each kind of wrong value.
fn bodies() -> Vec<String> {
    let mut out = vec![
        String::new(),
        "{".into(),
        "}{".into(),
        "nul".into(),
        "[]".into(),
        "\"x\"".into(),
        "42".into(),
        "{}".into(),
        format!("{}{}", "[".repeat(20_000), "]".repeat(20_000)),
        format!("{}1{}", "{\"a\":".repeat(3_000), "}".repeat(3_000)),
    ];
    for name in NAMES {
        for value in values() {
            out.push(json!({ name: value }).to_string());
        }
    }
    // Everything at once, so that functions with several arguments get all of them wrong.
    for value in values() {
        let all: BTreeMap<&str, Value> = NAMES.iter().map(|n| (*n, value.clone())).collect();
        out.push(serde_json::to_string(&all).expect("json"));
    }
    out
}

async fn send(b: &Browser, path: &str, body: &str) -> StatusCode {
    b.client
        .post(format!("{}{path}", b.base))
        .header("Accept", "application/json")
        .header("Origin", &b.base)
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path} dropped the connection: {e}"))
        .status()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_malformed_request_gets_a_server_error(#[case] db: Db) {
    let app = spawn_with(db, &[("ENTRAIDE_AUTH_RATE_PER_MINUTE", "100000")]).await;
    let (member, _) = app.user("fuzz@example.org", "Fuzz").await;
    let visitor = app.browser();
    let mut endpoints: Vec<&'static str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    endpoints.sort_unstable();
    endpoints.dedup();
    assert!(endpoints.len() >= 60, "{} endpoints", endpoints.len());
    let bodies = bodies();
    let mut sent = 0usize;
    let mut failures = Vec::new();
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(32));
    for path in &endpoints {
        // Signing out in the middle would end the session for the rest.
        if path.ends_with("/logout") {
            continue;
        }
        for who in [&visitor, &member] {
            // 32 requests at a time: enough to run handlers concurrently, few enough that the
            // test never exhausts the machine's connections (which would look like a drop).
            let tasks = bodies.iter().cloned().map(|body| {
                let (who, path, permits) = (who.clone(), (*path).to_owned(), permits.clone());
                tokio::spawn(async move {
                    let _permit = permits.acquire_owned().await.expect("semaphore");
                    (send(&who, &path, &body).await, body)
                })
            });
            for task in tasks.collect::<Vec<_>>() {
                let (status, body) = task.await.expect("task");
                sent += 1;
                if status.is_server_error() {
                    failures.push(format!("{path} {status} {body:.80}"));
                }
            }
        }
    }
    eprintln!(
        "fuzzed {} endpoints on {db:?} with {sent} requests: {} answers >= 500",
        endpoints.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{}",
        failures[..failures.len().min(20)].join("\n")
    );
    assert_eq!(visitor.get_bytes("/health").await.0, StatusCode::OK);
    assert_eq!(
        member.me().await["display_name"],
        "Fuzz",
        "still signed in and served"
    );
}
