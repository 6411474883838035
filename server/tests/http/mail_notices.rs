//! E-mails that bring people back (issue 23): a proposal on my listing, an answer to my
//! proposal; in the recipient's language, with one-click unsubscribe (link and header); never to
//! an unproven address or a kind switched off; never another person's place or address.

use app::backend::entities::{mail_outbox, user};
use app::backend::mail::{self, Transport};
use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::exchanges::{post, propose};
use crate::support::{Browser, Db, STRONG, TestApp, spawn};

/// A person signed up from a page in `lang`, their address proven.
async fn person(app: &TestApp, email: &str, name: &str, lang: &str) -> Browser {
    let b = app.browser();
    b.call_in(
        "signup",
        json!({ "form": { "email": email, "display_name": name, "password": STRONG } }),
        lang,
    )
    .await
    .ok();
    app.verify(&b, email).await;
    b
}

/// The e-mails written to `to`, but the links proving the address.
async fn mails_to(app: &TestApp, to: &str) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(to))
        .all(&app.db)
        .await
        .expect("outbox")
        .into_iter()
        // Not yet sent (a sent message's words are erased), and not the address's link.
        .filter(|m| m.sent_at.is_none() && !m.body_text.contains("/verify?token="))
        .collect()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn proposals_and_answers_are_mailed_unless_switched_off(#[case] db: Db) {
    let app = spawn(db).await;
    let alice = person(&app, "alice@example.org", "Alice", "ar").await;
    let bob = person(&app, "bob@example.org", "Bob", "en").await;
    let carol = person(&app, "carol@example.org", "Carol", "fr").await;
    let coat = post(&alice, "offer", "Winter coat", 0).await;

    // Bob proposes: Alice is told, in Arabic, with the exchange's link and a way to stop.
    let first = propose(&bob, coat, "I live at 12 rue Oberkampf").await;
    let to_alice = mails_to(&app, "alice@example.org").await;
    assert_eq!(to_alice.len(), 1);
    let mail = &to_alice[0];
    assert_eq!(mail.subject, "عرض جديد على «Winter coat»");
    assert!(mail.body_text.contains("Bob"));
    assert!(mail.body_text.contains(&format!("/exchanges/{first}")));
    assert!(mail.body_html.contains("dir=\"rtl\""));
    // Nothing of the other person but their name: no address, no message, no place.
    for secret in ["bob@example.org", "Oberkampf", "48.8", "2.35"] {
        assert!(!mail.body_text.contains(secret), "{secret}");
        assert!(!mail.body_html.contains(secret), "{secret}");
    }
    let stop = mail.list_unsubscribe.clone().expect("an unsubscribe link");
    assert!(stop.contains("/unsubscribe?key=") && stop.ends_with("&kind=proposal"));
    assert!(mail.body_text.contains(&stop));

    // The header goes out with the message (RFC 8058).
    let dir = tempfile::tempdir().expect("dir");
    let folder = Transport::folder(dir.path().to_owned(), "Entraide <no-reply@example.org>")
        .expect("folder");
    mail::deliver_due(&app.db, &folder, app::backend::now(), 100)
        .await
        .expect("deliver");
    let sent: Vec<String> = std::fs::read_dir(dir.path())
        .expect("files")
        .map(|f| std::fs::read_to_string(f.expect("file").path()).expect("eml"))
        .filter(|eml| eml.contains("List-Unsubscribe:"))
        .collect();
    assert_eq!(sent.len(), 1, "only the e-mail one can switch off has it");
    assert!(sent[0].contains("To: alice@example.org"));
    assert!(
        sent[0].contains(&format!("List-Unsubscribe: <{stop}>")),
        "{}",
        sent[0]
    );
    assert!(sent[0].contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));

    // Alice accepts: Bob is told, in English.
    alice
        .call(
            "act_on_exchange",
            json!({ "id": first, "action": "Accept" }),
        )
        .await
        .ok();
    let to_bob = mails_to(&app, "bob@example.org").await;
    assert_eq!(to_bob.len(), 1);
    assert_eq!(
        to_bob[0].subject,
        "Your proposal on “Winter coat” was accepted"
    );
    assert!(to_bob[0].body_text.contains("Alice accepted"));

    // Bob's mail client unsubscribes him from answers in one click (no browser, no session).
    let bob_stop = to_bob[0].list_unsubscribe.clone().expect("link");
    let path = &bob_stop[bob_stop.find("/unsubscribe").expect("path")..];
    let res = reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("one click");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.url().as_str().ends_with("/unsubscribe?done=1"));
    let lamp = post(&alice, "offer", "Desk lamp", 0).await;
    let second = propose(&bob, lamp, "").await;
    alice
        .call(
            "act_on_exchange",
            json!({ "id": second, "action": "Decline" }),
        )
        .await
        .ok();
    assert_eq!(
        mails_to(&app, "bob@example.org").await.len(),
        1,
        "answers off"
    );
    assert_eq!(
        mails_to(&app, "alice@example.org").await.len(),
        1,
        "proposals on: the lamp's (the coat's was sent)"
    );

    // Alice switches proposals off on her profile (the box unticked); Carol's proposal is silent.
    let (_, page) = alice.get_page("/profile").await;
    assert!(page.contains("data-testid=\"mail-on-proposal\""));
    let (status, at, page) = alice
        .post_form(
            "/profile/mail",
            &[
                ("on_answer", "1"),
                ("on_message", "1"),
                ("on_reminder", "1"),
                ("on_waitlist", "1"),
                ("on_digest", "1"),
            ],
            "ar",
        )
        .await;
    assert_eq!(
        (status, at.as_str()),
        (StatusCode::OK, "/profile?mail=saved")
    );
    assert!(page.contains("data-testid=\"mail-prefs-saved\""));
    let stored = user::Entity::find()
        .filter(user::Column::Email.eq("alice@example.org"))
        .one(&app.db)
        .await
        .expect("alice")
        .expect("alice");
    assert_eq!(stored.mail_off, "proposal");
    propose(&carol, lamp, "").await;
    assert_eq!(mails_to(&app, "alice@example.org").await.len(), 1);

    // An unproven address is never written to: anyone can type someone else's.
    let dan = app.browser();
    dan.signup("dan@example.org", "Dan", STRONG).await.ok();
    let dans = post(&dan, "request", "Help with a form", 0).await;
    propose(&carol, dans, "").await;
    assert_eq!(mails_to(&app, "dan@example.org").await.len(), 0);

    // A made-up or mangled link stops nothing, and says so.
    for (key, kind) in [
        ("0".repeat(64), "proposal".to_owned()),
        (
            stop[stop.find("key=").expect("key") + 4..][..64].to_owned(),
            "spam".to_owned(),
        ),
        ("short".to_owned(), "answer".to_owned()),
    ] {
        let (status, _, page) = carol
            .post_form("/unsubscribe", &[("key", &key), ("kind", &kind)], "fa")
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(page.contains("data-testid=\"unsub-bad\""));
    }
    // The unsubscribe page itself asks before stopping anything.
    let (status, page) = carol.get_page(path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-testid=\"unsub-form\""));
    let keys = user::Entity::find()
        .filter(user::Column::MailKey.is_not_null())
        .count(&app.db)
        .await
        .expect("keys");
    assert_eq!(keys, 2, "made only for those written to");
}
