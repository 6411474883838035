//! The e-mails written by the mail job (issue 23): something left unread in an exchange, the
//! reminder before an event, a place freed on a waiting list, the daily digest of matches. Each
//! once, even with two runners at once, at the time the rules say, in the recipient's language,
//! and never to someone who switched it off.

use app::backend::entities::user;
use app::backend::mail_jobs::{self, REMIND_NOT_WITHIN_SECS, UNREAD_AFTER_SECS, Written};
use app::domain::vocab::DAY;
use rstest::rstest;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::associations::{
    HOUR, activity_form, cancel, create_activity, create_association, now, sign_up, slot_of,
};
use crate::exchanges::propose;
use crate::support::{Db, TestApp, listing_form, spawn};

const URL: &str = "http://entraide.test";

async fn run(app: &TestApp, at: i64) -> Written {
    let tz = jiff::tz::TimeZone::get("Europe/Paris").expect("zone");
    mail_jobs::run(&app.db, URL, &tz, at).await.expect("run")
}

/// Two runners at once, as two servers sharing the database: what they wrote, together.
async fn twice(app: &TestApp, at: i64) -> Written {
    let (a, b) = tokio::join!(run(app, at), run(app, at));
    Written {
        unread: a.unread + b.unread,
        reminders: a.reminders + b.reminders,
        places: a.places + b.places,
        digests: a.digests + b.digests,
    }
}

async fn subject_to(app: &TestApp, to: &str) -> String {
    app.last_mail_to(to)
        .await
        .map(|m| m.subject)
        .unwrap_or_default()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn unread_messages_and_the_daily_digest_are_mailed_once(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let offer = alice
        .call(
            "create_listing",
            json!({ "form": listing_form("offer", "Maths help", 48.8566, 2.3522) }),
        )
        .await
        .ok()["id"]
        .as_i64()
        .expect("id");
    // Bob's request matches Alice's offer: both have a new match in the bell.
    bob.call(
        "create_listing",
        json!({ "form": listing_form("request", "Maths tutor", 48.8566, 2.3522) }),
    )
    .await
    .ok();

    // The daily digest: one each, once a day, naming the other's listing by its title only.
    let t0 = now();
    let first = twice(&app, t0).await;
    assert_eq!(first.digests, 2, "{first:?}");
    let digest = app.last_mail_to("alice@example.org").await.expect("digest");
    assert_eq!(digest.subject, "New matches and alerts near you (1)");
    assert!(
        digest.body_text.contains("• Maths tutor"),
        "{}",
        digest.body_text
    );
    assert!(!digest.body_text.contains("48.85"), "no place");
    assert!(digest.body_text.contains("/unsubscribe?key="));
    assert_eq!(run(&app, t0 + HOUR).await.digests, 0, "not twice a day");
    assert_eq!(
        run(&app, t0 + DAY + HOUR).await.digests,
        0,
        "nothing new since: nothing"
    );

    // Bob proposes on Alice's offer; she does not open it. Two hours later she is told, once.
    let exchange = propose(&bob, offer, "Tomorrow after school?").await;
    let t1 = now();
    assert_eq!(run(&app, t1).await.unread, 0, "the clock starts");
    assert_eq!(run(&app, t1 + UNREAD_AFTER_SECS - 60).await.unread, 0);
    assert_eq!(twice(&app, t1 + UNREAD_AFTER_SECS).await.unread, 1);
    let told = app.last_mail_to("alice@example.org").await.expect("mail");
    assert_eq!(told.subject, "Something new waits for you in “Maths help”");
    assert!(
        told.body_text
            .contains(&format!("{URL}/exchanges/{exchange}"))
    );
    assert!(
        !told.body_text.contains("after school"),
        "never the message itself"
    );
    assert_eq!(
        run(&app, t1 + 2 * UNREAD_AFTER_SECS).await.unread,
        0,
        "once"
    );

    // She reads it; Bob writes again: the next one is told again, after its own wait.
    alice
        .call(
            "exchange_messages",
            json!({ "id": exchange, "before": null }),
        )
        .await
        .ok();
    bob.call(
        "send_message",
        json!({ "id": exchange, "body": "Or on Saturday?" }),
    )
    .await
    .ok();
    let t2 = now() + DAY;
    assert_eq!(run(&app, t2).await.unread, 0);
    assert_eq!(run(&app, t2 + UNREAD_AFTER_SECS).await.unread, 1);

    // Switched off on the profile: nothing more of that kind.
    let (status, _, _) = alice
        .post_form(
            "/profile/mail",
            &[("on_proposal", "1"), ("on_answer", "1"), ("on_digest", "1")],
            "en",
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK);
    alice
        .call(
            "exchange_messages",
            json!({ "id": exchange, "before": null }),
        )
        .await
        .ok();
    bob.call("send_message", json!({ "id": exchange, "body": "Hello?" }))
        .await
        .ok();
    let t3 = now() + 2 * DAY;
    run(&app, t3).await;
    assert_eq!(run(&app, t3 + UNREAD_AFTER_SECS).await.unread, 0);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn reminders_and_freed_places_are_mailed_once_in_the_reader_s_language(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let (first, _) = app.user("first@example.org", "First").await;
    let (second, _) = app.user("second@example.org", "Second").await;
    // Second reads French.
    user::Entity::update_many()
        .col_expr(user::Column::Locale, Expr::value("fr"))
        .filter(user::Column::Email.eq("second@example.org"))
        .exec(&app.db)
        .await
        .expect("locale");
    let association = create_association(&owner, "Banque alimentaire").await;
    // One place, in 30 hours.
    let event = create_activity(
        &owner,
        association,
        activity_form("event", "Repas partagé", &[(30, 2, "1")]),
    )
    .await;
    let slot = slot_of(&owner, event, 0).await;
    assert_eq!(sign_up(&first, slot).await.ok(), "Registered");
    assert_eq!(sign_up(&second, slot).await.ok(), "Waiting");
    let t0 = now();

    // Not yet within a day of the start; then within it but signed up a moment ago; then due.
    assert_eq!(run(&app, t0).await.reminders, 0);
    assert_eq!(run(&app, t0 + 7 * HOUR).await.reminders, 0);
    assert_eq!(
        twice(&app, t0 + REMIND_NOT_WITHIN_SECS + HOUR)
            .await
            .reminders,
        1
    );
    assert!(
        subject_to(&app, "first@example.org")
            .await
            .starts_with("Reminder: “Repas partagé”, ")
    );
    assert_eq!(run(&app, t0 + 20 * HOUR).await.reminders, 0, "once");

    // First cancels: Second moves up and is told by e-mail, in French, once.
    cancel(&first, slot).await.ok();
    assert_eq!(twice(&app, t0).await.places, 1);
    let place = app.last_mail_to("second@example.org").await.expect("mail");
    assert_eq!(
        place.subject,
        "Une place s’est libérée pour vous : « Repas partagé »"
    );
    assert!(
        place
            .body_text
            .contains(&format!("{URL}/activities/{event}"))
    );
    assert_eq!(run(&app, t0 + 60).await.places, 0);
    // And reminded later, having held the place long enough.
    assert_eq!(run(&app, t0 + 5 * HOUR).await.reminders, 0);
    assert_eq!(
        run(&app, t0 + REMIND_NOT_WITHIN_SECS + HOUR)
            .await
            .reminders,
        1
    );
    assert!(
        subject_to(&app, "second@example.org")
            .await
            .starts_with("Rappel")
    );
    // Nothing after the start.
    assert_eq!(run(&app, t0 + 31 * HOUR).await, Written::default());
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_message_held_by_a_runner_that_died_is_sent_once_its_lease_ends(#[case] db: Db) {
    use app::backend::entities::mail_outbox;
    use app::backend::mail::{self, LEASE_SECS, Mail, Transport};
    let app = spawn(db).await;
    let t0 = now();
    let id = mail::enqueue(
        &app.db,
        Mail {
            to: "late@example.org".into(),
            subject: "Held".into(),
            text: "text".into(),
            html: "<p>text</p>".into(),
            unsubscribe: None,
        },
        t0,
    )
    .await
    .expect("enqueue");
    // A runner claims it, as `deliver_due` does, and is killed before sending.
    mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::LockedUntil,
            Expr::value(t0 + LEASE_SECS),
        )
        .filter(mail_outbox::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .expect("claim");
    let dir = tempfile::tempdir().expect("dir");
    let folder = Transport::folder(dir.path().to_owned(), "Entraide <no-reply@example.org>")
        .expect("folder");
    // While its lease runs, no one else sends it; after, two runners at once send it once.
    let early = mail::deliver_due(&app.db, &folder, t0 + LEASE_SECS - 1, 10)
        .await
        .expect("run");
    assert_eq!(early.sent, 0);
    let (a, b) = tokio::join!(
        mail::deliver_due(&app.db, &folder, t0 + LEASE_SECS + 1, 10),
        mail::deliver_due(&app.db, &folder, t0 + LEASE_SECS + 1, 10),
    );
    assert_eq!(a.expect("a").sent + b.expect("b").sent, 1);
    assert_eq!(std::fs::read_dir(dir.path()).expect("files").count(), 1);
    let row = mail_outbox::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("row")
        .expect("kept");
    assert!(row.sent_at.is_some());
    assert_eq!(
        (row.subject.as_str(), row.body_text.as_str()),
        ("", ""),
        "words erased once sent"
    );
}
