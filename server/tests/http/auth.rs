//! Accounts: sign-up, login, logout, sessions, rate limits, CSRF.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Db, STRONG, invalid_fields, spawn, spawn_with};

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn sign_up_log_out_and_back_in(#[case] db: Db) {
    let app = spawn(db).await;
    let b = app.browser();
    let me = b.signup(" Amina@Example.org ", "Amina", STRONG).await;
    assert_eq!(me.ok()["email"], "amina@example.org");
    assert_eq!(b.me().await["display_name"], "Amina");

    b.call("logout", json!({})).await.ok();
    assert_eq!(b.me().await, Value::Null);

    let wrong = b
        .login("amina@example.org", "lantern-orbit-cobalt-43")
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body, json!("Unauthorized"));
    let unknown = b.login("nobody@example.org", STRONG).await;
    assert_eq!(
        unknown.body, wrong.body,
        "unknown accounts look like wrong passwords"
    );
    assert_eq!(b.me().await, Value::Null);

    b.login("AMINA@example.org", STRONG).await.ok();
    assert_eq!(b.me().await["email"], "amina@example.org");
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn sign_up_refusals_are_per_field(#[case] db: Db) {
    let app = spawn(db).await;
    let b = app.browser();
    let bad = b.signup("not-an-email", "A", "short").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invalid_fields(&bad.body),
        ["Email", "DisplayName", "Password"]
    );

    let weak = b.signup("a@example.org", "Amina", "password1234").await;
    assert_eq!(
        weak.body["Validation"][0],
        json!({ "field": "Password", "code": "WeakPassword" })
    );

    b.signup("a@example.org", "Amina", STRONG).await.ok();
    let taken = app.browser().signup("A@example.org", "Other", STRONG).await;
    assert_eq!(
        taken.body["Validation"][0],
        json!({ "field": "Email", "code": "EmailTaken" })
    );
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn racing_sign_ups_for_one_email_create_one_account(#[case] db: Db) {
    let app = spawn(db).await;
    let attempts = (0..8).map(|i| {
        let b = app.browser();
        async move {
            b.signup("race@example.org", &format!("Racer {i}"), STRONG)
                .await
        }
    });
    let answers = futures_join_all(attempts).await;
    let ok = answers.iter().filter(|a| a.status.is_success()).count();
    assert_eq!(ok, 1, "{answers:?}");
    for a in answers.iter().filter(|a| !a.status.is_success()) {
        assert_eq!(a.body["Validation"][0]["code"], "EmailTaken", "{a:?}");
    }
    let n: i64 = count(&app.db, "SELECT COUNT(*) AS n FROM users").await;
    assert_eq!(n, 1);
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn login_gives_a_new_session_id(#[case] db: Db) {
    let app = spawn(db).await;
    let b = app.browser();
    b.signup("s@example.org", "Sam", STRONG).await.ok();
    // Signed in already; logging in again must still issue a new id (no fixation).
    let before = session_ids(&app.db).await;
    assert_eq!(before.len(), 1);
    b.login("s@example.org", STRONG).await.ok();
    let after = session_ids(&app.db).await;
    assert!(
        after.iter().all(|id| !before.contains(id)),
        "{before:?} {after:?}"
    );
    assert_eq!(after.len(), 1);
}

#[tokio::test]
async fn login_and_sign_up_are_rate_limited() {
    let app = spawn_with(Db::Sqlite, &[("ENTRAIDE_AUTH_RATE_PER_MINUTE", "3")]).await;
    let b = app.browser();
    for _ in 0..3 {
        assert_eq!(
            b.login("x@example.org", STRONG).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let limited = b.login("x@example.org", STRONG).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.body, json!("RateLimited"));
    // Sign-up has its own budget.
    assert!(
        b.signup("y@example.org", "Yan", STRONG)
            .await
            .status
            .is_success()
    );
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = spawn(Db::Sqlite).await;
    let b = app.browser();
    let res = b
        .client
        .post(format!("{}/api/signup", app.base))
        .header("Origin", "https://evil.example")
        .json(&json!({ "form": { "email": "e@example.org", "display_name": "Eve", "password": STRONG } }))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = b
        .client
        .post(format!("{}/api/signup", app.base))
        .header("Sec-Fetch-Site", "cross-site")
        .json(&json!({ "form": { "email": "e@example.org", "display_name": "Eve", "password": STRONG } }))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(count(&app.db, "SELECT COUNT(*) AS n FROM users").await, 0);
}

/// Runs the futures at once, each on its own task, and collects their results in order.
pub async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

pub async fn count(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .expect("query")
        .expect("row");
    row.try_get::<i64>("", "n").expect("n")
}

async fn session_ids(db: &sea_orm::DatabaseConnection) -> Vec<String> {
    use app::backend::entities::session;
    use sea_orm::EntityTrait;
    session::Entity::find()
        .all(db)
        .await
        .expect("sessions")
        .into_iter()
        .map(|s| s.id)
        .collect()
}
