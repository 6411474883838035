//! The three actions a phone queues offline (a listing, a message, a sign-up) carry a key the
//! phone chose; sent again with that key, at once or later, they land once and every copy gets
//! the first answer; the same key with another request is refused; on SQLite and PostgreSQL.

use std::sync::Arc;

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::associations::{activity_form, cancel, create_activity, create_association, slot_of};
use crate::auth::{count, futures_join_all};
use crate::exchanges::propose;
use crate::support::{Browser, Db, listing_form, spawn};

const KEY: &str = "3f0c1c7e-6b1e-4d7a-9a57-1c1f0c2d9e11";

/// The same call three times at once; answers the three answers.
async fn thrice(b: &Arc<Browser>, name: &'static str, args: Value) -> Vec<(StatusCode, Value)> {
    futures_join_all((0..3).map(|_| {
        let (b, args) = (b.clone(), args.clone());
        async move {
            let answer = b.call(name, args).await;
            (answer.status, answer.body)
        }
    }))
    .await
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_listing_sent_three_times_with_one_key_is_published_once(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, alice_id) = app.user("alice@example.org", "Alice").await;
    let alice = Arc::new(alice);
    let form = listing_form("offer", "Soupe du dimanche", 48.8566, 2.3522);
    let answers = thrice(
        &alice,
        "create_listing",
        json!({ "form": form, "key": KEY }),
    )
    .await;
    for (status, _) in &answers {
        assert_eq!(*status, StatusCode::OK, "{answers:?}");
    }
    assert!(answers.iter().all(|a| a.1 == answers[0].1), "{answers:?}");
    let listings = format!("SELECT COUNT(*) AS n FROM listings WHERE author_id = {alice_id}");
    assert_eq!(count(&app.db, &listings).await, 1);
    // Later, once more: the same answer, still one listing.
    let again = alice
        .call("create_listing", json!({ "form": form, "key": KEY }))
        .await;
    assert_eq!(again.ok(), &answers[0].1);
    assert_eq!(count(&app.db, &listings).await, 1);

    // The same key for another listing is refused, and publishes nothing.
    let other = listing_form("offer", "Autre chose", 48.8566, 2.3522);
    let reused = alice
        .call("create_listing", json!({ "form": other, "key": KEY }))
        .await;
    assert_eq!(reused.status, StatusCode::CONFLICT);
    assert_eq!(count(&app.db, &listings).await, 1);
    // A key that is not one: a clear 400.
    for bad in ["x", "a key with spaces", &"k".repeat(65)] {
        let refused = alice
            .call("create_listing", json!({ "form": form, "key": bad }))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(count(&app.db, &listings).await, 1);
    // Keys are each person's own: Bob's listing with the same key is his.
    let (bob, bob_id) = app.user("bob@example.org", "Bob").await;
    bob.call("create_listing", json!({ "form": form, "key": KEY }))
        .await
        .ok();
    let bobs = format!("SELECT COUNT(*) AS n FROM listings WHERE author_id = {bob_id}");
    assert_eq!(count(&app.db, &bobs).await, 1);
    // Without a key, as before: each call publishes.
    alice
        .call("create_listing", json!({ "form": form }))
        .await
        .ok();
    assert_eq!(count(&app.db, &listings).await, 2);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_message_sent_three_times_with_one_key_lands_once(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let listing = alice
        .call(
            "create_listing",
            json!({ "form": listing_form("offer", "Perceuse", 48.8566, 2.3522) }),
        )
        .await
        .ok()["id"]
        .as_i64()
        .expect("id");
    let exchange = propose(&bob, listing, "Bonjour").await;
    let bob = Arc::new(bob);
    let message = json!({ "id": exchange, "body": "J'arrive à 18 h", "key": KEY });
    let answers = thrice(&bob, "send_message", message.clone()).await;
    assert!(answers.iter().all(|a| a.0 == StatusCode::OK), "{answers:?}");
    assert!(answers.iter().all(|a| a.1 == answers[0].1), "{answers:?}");
    let sent = "SELECT COUNT(*) AS n FROM messages WHERE body = 'J''arrive à 18 h'";
    assert_eq!(count(&app.db, sent).await, 1);
    assert_eq!(
        bob.call("send_message", message).await.status,
        StatusCode::OK
    );
    assert_eq!(count(&app.db, sent).await, 1);
    // The same key with another text is refused; the text is not sent.
    let other = bob
        .call(
            "send_message",
            json!({ "id": exchange, "body": "Finalement 19 h", "key": KEY }),
        )
        .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    let later = "SELECT COUNT(*) AS n FROM messages WHERE body = 'Finalement 19 h'";
    assert_eq!(count(&app.db, later).await, 0);
    // A refused message (empty) keeps nothing under its key: fixed, it goes.
    let key = "empty-then-fixed-1";
    let empty = bob
        .call(
            "send_message",
            json!({ "id": exchange, "body": " ", "key": key }),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fixed = bob
        .call(
            "send_message",
            json!({ "id": exchange, "body": "Ok", "key": key }),
        )
        .await;
    assert_eq!(fixed.status, StatusCode::OK);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sign_up_sent_again_is_answered_as_the_first_and_takes_one_place(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let association = create_association(&owner, "Repas solidaires").await;
    let event = create_activity(
        &owner,
        association,
        activity_form("event", "Repas partagé", &[(48, 3, "1")]),
    )
    .await;
    let slot = slot_of(&owner, event, 0).await;
    let (nour, nour_id) = app.user("nour@example.org", "Nour").await;
    let nour = Arc::new(nour);
    let join = json!({ "slot_id": slot, "key": KEY });
    let answers = thrice(&nour, "sign_up", join.clone()).await;
    assert!(answers.iter().all(|a| a.0 == StatusCode::OK), "{answers:?}");
    assert!(answers.iter().all(|a| a.1 == "Registered"), "{answers:?}");
    let rows = format!("SELECT COUNT(*) AS n FROM signups WHERE user_id = {nour_id}");
    assert_eq!(count(&app.db, &rows).await, 1);

    // The one place is taken: someone else's queued sign-up is told they wait in line.
    let (sami, _) = app.user("sami@example.org", "Sami").await;
    let waiting = sami
        .call(
            "sign_up",
            json!({ "slot_id": slot, "key": "sami-queued-1" }),
        )
        .await;
    assert_eq!(waiting.ok(), "Waiting");

    // Cancelled, then the old queued copy arrives late: it is the same request, answered as
    // before, and takes no place back from the person who moved up.
    cancel(&nour, slot).await.ok();
    let late = nour.call("sign_up", join).await;
    assert_eq!(late.ok(), "Registered");
    let registered = format!(
        "SELECT COUNT(*) AS n FROM signups WHERE slot_id = {slot} AND status = 'registered'"
    );
    assert_eq!(count(&app.db, &registered).await, 1);
    let nour_registered = format!(
        "SELECT COUNT(*) AS n FROM signups WHERE user_id = {nour_id} AND status = 'registered'"
    );
    assert_eq!(count(&app.db, &nour_registered).await, 0);
}
