//! Sessions and rate limits an attacker would probe (issue 17).

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::json;

use crate::support::{Db, STRONG, spawn, spawn_with};

/// Logging out ends the session on the server: a copy of the old cookie is worth nothing.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[tokio::test]
async fn logging_out_ends_the_session_on_the_server(#[case] db: Db) {
    let app = spawn(db).await;
    app.user("alice@example.org", "Alice").await;
    // A thief who copied the session cookie uses it from another client.
    let login = reqwest::Client::new()
        .post(format!("{}/api/login", app.base))
        .header("Origin", &app.base)
        .json(&json!({ "email": "alice@example.org", "password": STRONG }))
        .send()
        .await
        .expect("login");
    let stolen = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("entraide_session="))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_owned();
    let me_with = |cookie: String| {
        let base = app.base.clone();
        async move {
            reqwest::Client::new()
                .post(format!("{base}/api/me"))
                .header("Origin", &base)
                .header("Cookie", cookie)
                .json(&json!({}))
                .send()
                .await
                .expect("me")
                .text()
                .await
                .expect("body")
        }
    };
    assert!(me_with(stolen.clone()).await.contains("alice@example.org"));
    reqwest::Client::new()
        .post(format!("{}/api/logout", app.base))
        .header("Origin", &app.base)
        .header("Cookie", stolen.clone())
        .json(&json!({}))
        .send()
        .await
        .expect("logout");
    assert!(!me_with(stolen).await.contains("alice@example.org"));
}

/// Guessing one person's password is slowed per account, whatever the addresses.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[tokio::test]
async fn failed_logins_close_the_account_for_a_while_not_the_others(#[case] db: Db) {
    let app = spawn(db).await;
    app.user("alice@example.org", "Alice").await;
    app.user("bob@example.org", "Bob").await;
    let attacker = app.browser();
    let max = app::backend::rate_limit::MAX_FAILED_LOGINS;
    for _ in 0..max {
        let wrong = attacker
            .login("alice@example.org", "not-her-password")
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let locked = app.browser().login("ALICE@example.org", STRONG).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    let bob = app.browser().login("bob@example.org", STRONG).await;
    assert_eq!(bob.ok()["display_name"], "Bob");
}

/// Behind a trusted proxy each visitor is limited on their own forwarded address; without one
/// configured, a forwarded address is ignored (anyone could write it).
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[tokio::test]
async fn the_login_limit_is_per_forwarded_client_behind_a_trusted_proxy(#[case] db: Db) {
    let attempt = |base: String, forwarded: &'static str| async move {
        reqwest::Client::new()
            .post(format!("{base}/api/login"))
            .header("Origin", &base)
            .header("X-Forwarded-For", forwarded)
            .json(&json!({ "email": format!("x{}@example.org", rand::random::<u32>()), "password": "x" }))
            .send()
            .await
            .expect("login")
            .status()
    };
    let behind = spawn_with(
        db,
        &[
            ("ENTRAIDE_AUTH_RATE_PER_MINUTE", "3"),
            ("ENTRAIDE_TRUSTED_PROXIES", "127.0.0.1"),
        ],
    )
    .await;
    for _ in 0..3 {
        assert_eq!(
            attempt(behind.base.clone(), "203.0.113.1").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        attempt(behind.base.clone(), "203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        attempt(behind.base.clone(), "203.0.113.2").await,
        StatusCode::UNAUTHORIZED,
        "another visitor behind the same proxy is not locked out"
    );

    let direct = spawn_with(db, &[("ENTRAIDE_AUTH_RATE_PER_MINUTE", "3")]).await;
    for forwarded in ["1.1.1.1", "2.2.2.2", "3.3.3.3"] {
        assert_eq!(
            attempt(direct.base.clone(), forwarded).await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        attempt(direct.base.clone(), "4.4.4.4").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a forged header does not buy new attempts"
    );
}

/// A session in use is pushed back; one past its absolute lifetime ends.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[tokio::test]
async fn sessions_are_extended_by_use(#[case] db: Db) {
    use app::backend::entities::session;
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let row = session::Entity::find()
        .one(&app.db)
        .await
        .expect("read")
        .expect("a session");
    // Pretend the session was last renewed two hours ago and expires in an hour.
    let mut data: serde_json::Value = serde_json::from_str(&row.data).expect("json");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    data["renewed_at"] = json!(now - 2 * 3600);
    let soon = now + 3600;
    let mut active = row.clone().into_active_model();
    active.data = Set(data.to_string());
    active.expires_at = Set(soon);
    active.update(&app.db).await.expect("update");

    assert_eq!(alice.me().await["display_name"], "Alice");
    let after = session::Entity::find_by_id(row.id.clone())
        .one(&app.db)
        .await
        .expect("read")
        .expect("still there");
    assert!(
        after.expires_at > now + 13 * 86_400,
        "expiry {} not pushed back",
        after.expires_at
    );

    // Past the absolute lifetime, the session ends on the server.
    let mut data: serde_json::Value = serde_json::from_str(&after.data).expect("json");
    data["login_at"] = json!(now - app::backend::auth::SESSION_MAX_DAYS * 86_400 - 1);
    let mut active = after.into_active_model();
    active.data = Set(data.to_string());
    active.update(&app.db).await.expect("update");
    assert_eq!(
        alice.call("me", json!({})).await.ok(),
        &json!(null),
        "signed out"
    );
    assert!(
        session::Entity::find_by_id(row.id)
            .one(&app.db)
            .await
            .expect("read")
            .is_none()
    );
}
