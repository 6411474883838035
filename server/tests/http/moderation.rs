//! Moderation over HTTP: who may see the queue and settle, settling a dispute (once, even when
//! moderators act at once, with the ledger sound), private reasons for moderators only; and a
//! decline or dispute that carries a message.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use app::backend::moderation::set_role;
use app::domain::moderation::{MAX_NOTE_CHARS, Role};

use crate::exchanges::{assert_sound, balance, post, propose, view};
use crate::support::{Browser, Db, TestApp, invalid_fields, spawn};

/// An action on an exchange with an optional message.
async fn act(b: &Browser, id: i64, action: &str, message: Option<&str>) -> crate::support::Answer {
    b.call(
        "act_on_exchange",
        json!({ "id": id, "action": action, "message": message }),
    )
    .await
}

async fn messages(b: &Browser, id: i64) -> Vec<String> {
    b.call("exchange_messages", json!({ "id": id, "before": null }))
        .await
        .ok()["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["body"].as_str().expect("body").to_owned())
        .collect()
}

async fn moderator(app: &TestApp, email: &str, name: &str) -> Browser {
    let (b, _) = app.user(email, name).await;
    assert!(
        set_role(&app.db, email, Role::Moderator)
            .await
            .expect("role")
    );
    b
}

/// Alice receives a 12-credit repair from Bob; Alice disputes it with a message. Answers the
/// exchange.
async fn disputed(alice: &Browser, bob: &Browser, price: i64) -> i64 {
    let offer = post(bob, "offer", "Bike repair", price).await;
    let id = propose(alice, offer, "").await;
    act(bob, id, "Accept", None).await.ok();
    act(
        alice,
        id,
        "Dispute",
        Some("He never came, and no answer since."),
    )
    .await
    .ok();
    id
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_moderator_settles_a_dispute_once(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let (carol, _) = app.user("carol@example.org", "Carol").await;
    let mods = [
        moderator(&app, "mod1@example.org", "Mod One").await,
        moderator(&app, "mod2@example.org", "Mod Two").await,
        moderator(&app, "mod3@example.org", "Mod Three").await,
    ];
    assert_eq!(mods[0].me().await["moderator"], true);
    assert_eq!(alice.me().await["moderator"], false);

    let id = disputed(&alice, &bob, 12).await;
    assert_eq!(view(&bob, id).await["state"], "Disputed");
    assert_eq!(balance(&alice).await, 8, "12 held in escrow");
    assert_eq!(
        messages(&bob, id).await,
        ["He never came, and no answer since."],
        "the dispute's message is in the conversation"
    );

    // Nobody but a moderator sees the queue or settles.
    let settle = json!({ "id": id, "settlement": "refund", "note": "No show." });
    for (who, status) in [
        (&app.browser(), StatusCode::UNAUTHORIZED),
        (&alice, StatusCode::FORBIDDEN),
        (&bob, StatusCode::FORBIDDEN),
        (&carol, StatusCode::FORBIDDEN),
    ] {
        assert_eq!(who.call("moderation_queue", json!({})).await.status, status);
        assert_eq!(
            who.call("settle_dispute", settle.clone()).await.status,
            status
        );
    }
    assert_eq!(view(&bob, id).await["state"], "Disputed");

    // The moderator sees the dispute, who raised it and the conversation.
    let queue = mods[0]
        .call("moderation_queue", json!({}))
        .await
        .ok()
        .clone();
    let dispute = &queue["disputes"]["items"][0];
    assert_eq!(queue["disputes"]["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(dispute["exchange_id"], id);
    assert_eq!(dispute["giver_name"], "Bob");
    assert_eq!(dispute["receiver_name"], "Alice");
    assert_eq!(dispute["disputed_by"], "Alice");
    assert_eq!(dispute["price"], 12);
    assert_eq!(
        dispute["messages"][0]["body"],
        "He never came, and no answer since."
    );

    // Bad notes are refused field by field; nothing moves.
    for note in ["   ", &"x".repeat(MAX_NOTE_CHARS + 1)] {
        let refused = mods[0]
            .call(
                "settle_dispute",
                json!({ "id": id, "settlement": "refund", "note": note }),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_fields(&refused.body), ["Note"]);
    }
    let unknown = mods[0]
        .call(
            "settle_dispute",
            json!({ "id": id, "settlement": "Split", "note": "x" }),
        )
        .await;
    assert!(unknown.status.is_client_error(), "{:?}", unknown.status);
    assert_eq!(
        mods[0]
            .call(
                "settle_dispute",
                json!({ "id": 9999, "settlement": "refund", "note": "x" })
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(balance(&alice).await, 8);

    // Three moderators settle at once, two ways, each several times: exactly one wins.
    let attempts = futures_util::future::join_all((0..9usize).map(|n| {
        let settlement = if n.is_multiple_of(2) {
            "refund"
        } else {
            "release"
        };
        mods[n % 3].call(
            "settle_dispute",
            json!({ "id": id, "settlement": settlement, "note": format!("Decision {n}") }),
        )
    }))
    .await;
    let won: Vec<usize> = attempts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status.is_success())
        .map(|(n, _)| n)
        .collect();
    assert_eq!(won.len(), 1, "settled once");
    for a in &attempts {
        assert!(
            a.status.is_success() || a.status == StatusCode::CONFLICT,
            "{:?} {}",
            a.status,
            a.body
        );
    }
    let n = won[0];
    let (state, alice_after, bob_after) = if n.is_multiple_of(2) {
        ("Cancelled", 20, 20)
    } else {
        ("Completed", 8, 32)
    };
    let seen = view(&alice, id).await;
    assert_eq!(seen["state"], state);
    assert_eq!(balance(&alice).await, alice_after);
    assert_eq!(balance(&bob).await, bob_after);
    let last = seen["history"].as_array().and_then(|h| h.last()).cloned();
    let last = last.expect("history");
    assert_eq!(last["by_moderator"], true);
    assert_eq!(last["by"], Value::Null, "the moderator's name is not shown");
    assert_eq!(last["note"], format!("Decision {n}"));
    // Both people are told.
    assert!(view(&bob, id).await["unread"].as_i64() > Some(0));
    assert_eq!(
        mods[0].call("moderation_queue", json!({})).await.ok()["disputes"]["items"],
        json!([])
    );
    // Settled is settled.
    assert_eq!(
        mods[1].call("settle_dispute", settle).await.status,
        StatusCode::CONFLICT
    );
    // A moderator is not one of the pair: the conversation stays theirs.
    assert_eq!(
        mods[0]
            .call("get_exchange", json!({ "id": id }))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_sound(&app).await;
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn private_reasons_reach_moderators_only(#[case] db: Db) {
    let app = spawn(db).await;
    let (eve, _) = app.user("eve@example.org", "Eve").await;
    let (dan, dan_id) = app.user("dan@example.org", "Dan").await;
    let moderator = moderator(&app, "mod@example.org", "Mod").await;
    assert_eq!(
        moderator.call("moderation_queue", json!({})).await.ok()["reports"],
        json!([])
    );
    let sofa = post(&eve, "request", "Moving a sofa", 0).await;
    let id = propose(&dan, sofa, "").await;
    act(&eve, id, "Accept", None).await.ok();
    act(&eve, id, "Confirm", None).await.ok();
    act(&dan, id, "Confirm", None).await.ok();
    eve.call(
        "leave_review",
        json!({ "id": id, "form": { "rating": "2", "comment": "Came two hours late.", "private_reason": "late" } }),
    )
    .await
    .ok();
    let queue = moderator
        .call("moderation_queue", json!({}))
        .await
        .ok()
        .clone();
    let report = &queue["reports"][0];
    assert_eq!(report["subject_id"], dan_id);
    assert_eq!(report["reporter_name"], "Eve");
    assert_eq!(report["reason"], "Late");
    assert_eq!(report["reporters"], 1);
    assert_eq!(report["comment"], "Came two hours late.");
    // Dan, Eve and a visitor never get it.
    for who in [&dan, &eve] {
        assert_eq!(
            who.call("moderation_queue", json!({})).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let public = app
        .browser()
        .call("user_reviews", json!({ "user_id": dan_id }))
        .await;
    assert!(!public.ok().to_string().contains("Late"));
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_decline_can_say_why(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let (carol, _) = app.user("carol@example.org", "Carol").await;
    let chair = post(&alice, "offer", "A chair", 0).await;
    let bobs = propose(&bob, chair, "").await;
    let carols = propose(&carol, chair, "").await;

    // Too long: refused, nothing changes, nothing is written.
    let long = "x".repeat(app::domain::exchange::MAX_MESSAGE_CHARS + 1);
    let refused = act(&alice, bobs, "Decline", Some(&long)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&refused.body), ["Message"]);
    assert_eq!(view(&bob, bobs).await["state"], "Proposed");
    assert!(messages(&bob, bobs).await.is_empty());

    // Only the author declines, and only their own listing's proposals.
    assert_eq!(
        act(&carol, bobs, "Decline", Some("no")).await.status,
        StatusCode::NOT_FOUND
    );

    // With a message: declined, and Bob reads why.
    act(
        &alice,
        bobs,
        "Decline",
        Some("  Already promised to a neighbour, sorry!  "),
    )
    .await
    .ok();
    let seen = view(&bob, bobs).await;
    assert_eq!(seen["state"], "Declined");
    assert_eq!(
        messages(&bob, bobs).await,
        ["Already promised to a neighbour, sorry!"]
    );
    // A blank message is no message.
    act(&alice, carols, "Decline", Some("   ")).await.ok();
    assert_eq!(view(&carol, carols).await["state"], "Declined");
    assert!(messages(&carol, carols).await.is_empty());
    // A declined exchange takes no more messages, even with an action.
    assert_eq!(
        act(&alice, bobs, "Decline", Some("again")).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(messages(&bob, bobs).await.len(), 1);
}
