//! Association logos over HTTP: checked from their bytes, kept by managers only, served to
//! everyone; the demo associations show theirs; on SQLite and PostgreSQL.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::associations::{accept_all, create_association};
use crate::auth::{count, futures_join_all};
use crate::support::{Db, spawn};

const LOGO: &[u8] = include_bytes!("../../../end2end/fixtures/logo.png");
const LOGO_16: &[u8] = include_bytes!("../../../end2end/fixtures/logo-16.png");

/// The upload form: the association's id and a file.
fn logo_form(id: i64, bytes: &[u8], file_name: &str, mime: &str) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(bytes.to_vec())
        .file_name(file_name.to_owned())
        .mime_str(mime)
        .expect("mime");
    reqwest::multipart::Form::new()
        .text("association", id.to_string())
        .part("logo", part)
}

/// The refusal's field and code, as the client reads them.
fn refusal(body: &Value) -> (String, Value) {
    let first = &body["Validation"][0];
    (
        first["field"].as_str().unwrap_or_default().to_owned(),
        first["code"].clone(),
    )
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn logos_are_checked_kept_by_managers_and_served_to_all(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let (manager, _) = app.user("manager@example.org", "Manon").await;
    let (member, _) = app.user("member@example.org", "Mehdi").await;
    let (outsider, _) = app.user("outsider@example.org", "Olga").await;
    let visitor = app.browser();
    let id = create_association(&owner, "Cuisine du monde").await;
    for (who, role) in [("manager@example.org", "manager"), ("Mehdi", "member")] {
        owner
            .call(
                "invite_member",
                json!({ "id": id, "invitee": who, "role": role }),
            )
            .await
            .ok();
    }
    assert_eq!(accept_all(&manager).await, 1);
    assert_eq!(accept_all(&member).await, 1);
    let png = |b: &[u8]| logo_form(id, b, "logo.png", "image/png");

    // Only the owner and managers: a visitor, an outsider and a member are refused.
    assert_eq!(
        visitor.upload("upload_logo", png(LOGO)).await.status,
        StatusCode::UNAUTHORIZED
    );
    for refused in [&outsider, &member] {
        assert_eq!(
            refused.upload("upload_logo", png(LOGO)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        manager
            .upload(
                "upload_logo",
                logo_form(id + 99, LOGO, "logo.png", "image/png")
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM association_logos").await,
        0
    );
    assert_eq!(
        visitor.call("association", json!({ "id": id })).await.ok()["logo"],
        Value::Null
    );

    // A manager sets it; everyone sees it, byte for byte, with its type and for good.
    let answer = manager.upload("upload_logo", png(LOGO)).await;
    let url = answer.ok().as_str().expect("the logo's address").to_owned();
    assert!(
        url.starts_with(&format!("/associations/{id}/logo?v=")),
        "{url}"
    );
    assert_eq!(
        visitor.call("association", json!({ "id": id })).await.ok()["logo"],
        json!(url)
    );
    let listed = visitor.call("associations", json!({})).await.ok().clone();
    assert_eq!(listed["items"][0]["logo"], json!(url));
    let (status, headers, bytes) = visitor.get_bytes(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, LOGO);
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["cache-control"]
            .to_str()
            .expect("ascii")
            .contains("immutable")
    );
    let (_, stale, _) = visitor
        .get_bytes(&format!("/associations/{id}/logo?v=1"))
        .await;
    assert_eq!(stale["cache-control"], "no-cache");

    // Bad files are refused on the logo's field, in the user's language on the client, and
    // the logo already saved stays.
    let big = {
        let mut b = LOGO.to_vec();
        b.resize(300 * 1_024 + 1, 0);
        b
    };
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let cases: [(reqwest::multipart::Form, Value); 5] = [
        (
            logo_form(id, b"just words", "logo.png", "image/png"),
            json!("NotAnImage"),
        ),
        (
            logo_form(id, svg, "logo.svg", "image/svg+xml"),
            json!("NotAnImage"),
        ),
        (
            logo_form(
                id,
                b"GIF89a\x01\x00\x01\x00\x00\x00\x00",
                "a.gif",
                "image/gif",
            ),
            json!("NotAnImage"),
        ),
        (png(&big), json!({ "FileTooLarge": { "max_kb": 300 } })),
        (png(b""), json!("Required")),
    ];
    for (form, code) in cases {
        let refused = manager.upload("upload_logo", form).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refusal(&refused.body), ("Logo".to_owned(), code));
    }
    let (_, _, still) = visitor.get_bytes(&url).await;
    assert_eq!(still, LOGO);
    // A body that is not multipart is refused, not a crash.
    let res = reqwest::Client::new()
        .post(format!("{}/api/upload_logo", app.base))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Many uploads at once (the owner and the manager): each answer is a new version, and the
    // page points at the one that is kept.
    let uploads = futures_join_all((0..12).map(|i| {
        let (b, form) = if i % 2 == 0 {
            (owner.clone(), png(LOGO_16))
        } else {
            (manager.clone(), png(LOGO))
        };
        async move { b.upload("upload_logo", form).await }
    }))
    .await;
    let mut urls: Vec<String> = uploads
        .iter()
        .map(|a| a.ok().as_str().expect("address").to_owned())
        .collect();
    urls.push(url.clone());
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), 13, "every upload got its own version");
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM association_logos").await,
        1
    );
    let current = visitor.call("association", json!({ "id": id })).await.ok()["logo"]
        .as_str()
        .expect("logo")
        .to_owned();
    let (status, headers, bytes) = visitor.get_bytes(&current).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes == LOGO || bytes == LOGO_16);
    assert!(
        headers["cache-control"]
            .to_str()
            .expect("ascii")
            .contains("immutable"),
        "the page's address is the kept version"
    );

    // Removing: a member cannot; a manager can; the logo is gone, and a new one gets a newer
    // address than any before.
    assert_eq!(
        member.call("remove_logo", json!({ "id": id })).await.status,
        StatusCode::FORBIDDEN
    );
    manager.call("remove_logo", json!({ "id": id })).await.ok();
    assert_eq!(
        visitor.call("association", json!({ "id": id })).await.ok()["logo"],
        Value::Null
    );
    assert_eq!(visitor.get_bytes(&current).await.0, StatusCode::NOT_FOUND);
    let again = owner.upload("upload_logo", png(LOGO_16)).await;
    let again = again.ok().as_str().expect("address").to_owned();
    let version = |u: &str| -> i64 {
        u.rsplit_once("v=")
            .and_then(|(_, v)| v.parse().ok())
            .expect("version")
    };
    assert!(version(&again) > version(&current));
    assert_eq!(visitor.get_bytes(&again).await.2, LOGO_16);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_demo_associations_show_their_logos(#[case] db: Db) {
    let app = spawn(db).await;
    server::seed::fill_if_empty(&app.db)
        .await
        .expect("seed")
        .expect("an empty database is filled");
    let visitor = app.browser();
    let listed = visitor.call("associations", json!({})).await.ok().clone();
    let listed = listed["items"].as_array().expect("associations");
    assert_eq!(listed.len(), 4);
    for a in listed {
        let url = a["logo"]
            .as_str()
            .expect("every demo association has a logo");
        let (status, headers, bytes) = visitor.get_bytes(url).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        assert_eq!(headers["content-type"], "image/png");
        assert_eq!(&bytes[1..4], b"PNG");
    }
}
