//! A forgotten password (issue 23): a single-use link by e-mail through the outbox, no account
//! enumeration, every session ended; and the outbox sends each message once.

use app::backend::entities::{mail_outbox, password_reset};
use app::backend::mail::{self, Mail, SmtpSettings, Tls, Transport};
use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::support::{Db, STRONG, TestApp, spawn};

const NEW_PASSWORD: &str = "harbour-violet-meadow-77";

/// The e-mails in the outbox, oldest first, but the links proving addresses sent at sign-up.
async fn outbox(app: &TestApp) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .order_by_asc(mail_outbox::Column::Id)
        .all(&app.db)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| !m.body_text.contains("/verify?token="))
        .collect()
}

/// The token of the link in a message.
fn token_in(text: &str) -> String {
    let start = text.find("/reset?token=").expect("a link") + "/reset?token=".len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_forgotten_password_is_reset_once_and_ends_every_session(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let visitor = app.browser();

    // Known and unknown addresses get the same answer; only the known one gets a message.
    let known = visitor
        .call(
            "forgot_password",
            json!({ "email": "Alice@Example.org", "lang": "fa" }),
        )
        .await;
    let unknown = visitor
        .call(
            "forgot_password",
            json!({ "email": "nobody@example.org", "lang": "fa" }),
        )
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    let mails = outbox(&app).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_address, "alice@example.org");
    assert!(
        mails[0].subject.contains("رمز عبور"),
        "in the asker's language"
    );
    let token = token_in(&mails[0].body_text);
    assert_eq!(token.len(), 64);
    // The database keeps only the token's hash.
    let stored = password_reset::Entity::find()
        .all(&app.db)
        .await
        .expect("links");
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, token);

    // A weak password is refused and leaves the link usable.
    let weak = visitor
        .call(
            "reset_password",
            json!({ "token": token, "password": "password123" }),
        )
        .await;
    assert_eq!(
        weak.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        weak.body
    );

    // The same link used three times at once changes the password once.
    let tabs = [app.browser(), app.browser(), app.browser()];
    let answers = futures_util::future::join_all(tabs.iter().map(|b| {
        b.call(
            "reset_password",
            json!({ "token": token, "password": NEW_PASSWORD }),
        )
    }))
    .await;
    let won: Vec<_> = answers
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status == StatusCode::OK)
        .collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .filter(|a| a.status != StatusCode::OK)
            .all(|a| a.status == StatusCode::NOT_FOUND),
        "{answers:?}"
    );
    // The winner is signed in; the session Alice had before is over.
    assert_eq!(tabs[won[0].0].me().await["email"], "alice@example.org");
    assert_eq!(alice.me().await, Value::Null);
    // The new password works, the old one no longer.
    assert_eq!(
        app.browser()
            .login("alice@example.org", STRONG)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.browser()
            .login("alice@example.org", NEW_PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    // Used, the link is dead; so is a made-up one.
    for token in [token.as_str(), &"0".repeat(64), "", "not hex"] {
        let again = visitor
            .call(
                "reset_password",
                json!({ "token": token, "password": NEW_PASSWORD }),
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "{token:?}");
    }
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn links_expire_are_limited_per_account_and_refuse_bad_input(#[case] db: Db) {
    let app = spawn(db).await;
    app.user("bob@example.org", "Bob").await;
    let visitor = app.browser();
    for _ in 0..5 {
        let answer = visitor
            .call(
                "forgot_password",
                json!({ "email": "bob@example.org", "lang": "en" }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let mails = outbox(&app).await;
    assert_eq!(
        mails.len(),
        app::backend::password_reset::MAX_LINKS_PER_HOUR as usize,
        "no flood of someone's mailbox"
    );
    // An hour later, the links no longer work.
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::ExpiresAt, Expr::value(1_i64))
        .exec(&app.db)
        .await
        .expect("age the links");
    let late = visitor
        .call(
            "reset_password",
            json!({ "token": token_in(&mails[0].body_text), "password": NEW_PASSWORD }),
        )
        .await;
    assert_eq!(late.status, StatusCode::NOT_FOUND);

    for email in ["", "not an address", &"a".repeat(300)] {
        let bad = visitor
            .call("forgot_password", json!({ "email": email, "lang": "ur" }))
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{email:?}");
    }
    let missing = visitor.call("forgot_password", json!({})).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);

    // The pages' forms, sent without script: refusals come back in the reader's language with
    // what was typed; a good address goes to "sent"; a dead link says so.
    let (status, _, page) = visitor
        .post_form("/forgot/send", &[("email", "not an address")], "fr")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("value=\"not an address\""),
        "typed address kept"
    );
    assert!(page.contains("id=\"err-email\""));
    let (status, at, page) = visitor
        .post_form("/forgot/send", &[("email", "bob@example.org")], "fr")
        .await;
    assert_eq!((status, at.as_str()), (StatusCode::OK, "/forgot?sent=1"));
    assert!(page.contains("Si un compte utilise cette adresse"));
    let (status, _, page) = visitor
        .post_form(
            "/reset/save",
            &[("token", &"0".repeat(64)), ("password", NEW_PASSWORD)],
            "ur",
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("data-testid=\"reset-dead\""));
    assert!(page.contains("یہ لنک اب کام نہیں کرتا"));
    assert!(
        !page.contains(NEW_PASSWORD),
        "a password is never sent back"
    );
}

/// Two runners at once send each message once; a server that refuses loses nothing, and the
/// message leaves when a server takes it.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn the_outbox_sends_each_message_once(#[case] db: Db) {
    let app = spawn(db).await;
    let now = app::backend::now();
    for i in 0..30 {
        mail::enqueue(
            &app.db,
            Mail {
                to: format!("person{i}@example.org"),
                subject: format!("Message {i}"),
                text: "text".into(),
                html: "<p>text</p>".into(),
                unsubscribe: None,
            },
            now,
        )
        .await
        .expect("enqueue");
    }
    let dir = tempfile::tempdir().expect("dir");
    let folder = Transport::folder(dir.path().to_owned(), "Entraide <no-reply@example.org>")
        .expect("folder");
    let (a, b) = tokio::join!(
        mail::deliver_due(&app.db, &folder, now, 100),
        mail::deliver_due(&app.db, &folder, now, 100),
    );
    let (a, b) = (a.expect("runner a"), b.expect("runner b"));
    let files = std::fs::read_dir(dir.path()).expect("files").count();
    let sent = outbox(&app).await;
    assert!(sent.iter().all(|m| m.sent_at.is_some()));
    assert_eq!(files, 30, "each message once");
    assert_eq!(a.sent + b.sent, 30, "{a:?} {b:?}");

    // A server that does not answer: the message stays, and waits.
    let id = mail::enqueue(
        &app.db,
        Mail {
            to: "late@example.org".into(),
            subject: "Later".into(),
            text: "text".into(),
            html: "<p>text</p>".into(),
            unsubscribe: None,
        },
        now + 1_000_000,
    )
    .await
    .expect("enqueue");
    let down = Transport::smtp(
        &SmtpSettings {
            host: "127.0.0.1".into(),
            port: 9,
            tls: Tls::None,
            user: None,
            password: None,
        },
        "Entraide <no-reply@example.org>",
    )
    .expect("smtp");
    let later = now + 1_000_000;
    let failed = mail::deliver_due(&app.db, &down, later, 100)
        .await
        .expect("run");
    assert_eq!((failed.sent, failed.failed), (0, 1));
    let row = mail_outbox::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("row")
        .expect("kept");
    assert_eq!((row.attempts, row.sent_at), (1, None));
    assert_eq!(row.next_attempt_at, later + mail::backoff(0));
    assert!(row.last_error.is_some());
    // Not before its time, then once.
    let early = mail::deliver_due(&app.db, &folder, later + 1, 100)
        .await
        .expect("run");
    assert_eq!(early.sent, 0);
    let on_time = mail::deliver_due(&app.db, &folder, row.next_attempt_at, 100)
        .await
        .expect("run");
    assert_eq!(on_time.sent, 1);
    let left = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::SentAt.is_null())
        .all(&app.db)
        .await
        .expect("rows");
    assert!(left.is_empty());
}
