//! Bad input is answered 4xx, never 500 and never a dropped connection (issue 17).

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::json;

use crate::support::{Browser, Db, spawn};

/// Sends raw bytes to a server function, as an attacker's script would.
async fn raw(b: &Browser, name: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, String) {
    let res = b
        .client
        .post(format!("{}/api/{name}", b.base))
        .header("Accept", "application/json")
        .header("Origin", &b.base)
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .expect("the connection must not drop");
    let status = res.status();
    (status, res.text().await.expect("body"))
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[tokio::test]
async fn malformed_multipart_is_a_400_not_a_dropped_connection(#[case] db: Db) {
    let app = spawn(db).await;
    let visitor = app.browser();
    let (manager, _) = app.user("m@example.org", "Manager").await;
    for b in [&visitor, &manager] {
        for content_type in [
            "multipart/form-data; xboundary=1",
            "multipart/form-data-x; boundary=1",
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "multipart/mixed; boundary=1",
            "application/json",
        ] {
            for name in ["upload_logo", "login", "create_listing"] {
                let (status, _) = raw(b, name, content_type, b"--1\r\n\r\n".to_vec()).await;
                assert!(
                    status.is_client_error(),
                    "{name} with {content_type:?}: {status}"
                );
            }
        }
    }
    assert_eq!(visitor.get_bytes("/health").await.0, StatusCode::OK);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[tokio::test]
async fn malformed_or_mistyped_json_is_a_400_and_a_huge_body_a_413(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let json_type = "application/json";
    for (name, body) in [
        ("create_listing", "{".to_owned()),
        ("create_listing", "[]".to_owned()),
        ("create_listing", json!({ "form": 3 }).to_string()),
        ("create_listing", json!({}).to_string()),
        ("get_listing", json!({ "id": "seven" }).to_string()),
        ("get_listing", json!({ "id": 1e300 }).to_string()),
        (
            "propose_exchange",
            json!({ "listing_id": null }).to_string(),
        ),
        ("login", "\u{0}\u{1}".to_owned()),
        // More absent people than any slot can hold.
        (
            "complete_slot",
            json!({ "slot_id": 1, "absent": (0..10_001).collect::<Vec<i64>>() }).to_string(),
        ),
        (
            "listings_in_view",
            format!("{}1{}", "[".repeat(5000), "]".repeat(5000)),
        ),
    ] {
        let (status, text) = raw(&alice, name, json_type, body.clone().into_bytes()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name} {body:.60}: {text}");
        assert_eq!(text, "\"BadRequest\"");
    }
    let huge = vec![b'a'; 2 * 1024 * 1024];
    let (status, _) = raw(&alice, "create_listing", json_type, huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // A well-formed request still works afterwards.
    assert_eq!(alice.me().await["display_name"], "Alice");
}
