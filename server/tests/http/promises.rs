//! Money, quotas and places move only as the rules say, under concurrency, retries and hostile
//! sequences (issue 17).

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::json;

use app::backend::ledger;
use app::backend::tx::{self, Transient};
use app::domain::ledger::{AccountKind, LedgerRules, TransferReason, TransferRequest};

use crate::auth::{count, futures_join_all};
use crate::exchanges::{assert_sound, balance, post, propose, view};
use crate::support::{Db, listing_form, spawn, spawn_with};

const PARIS: (f64, f64) = (48.8566, 2.3522);

async fn act(b: &crate::support::Browser, id: i64, action: &str) -> crate::support::Answer {
    b.call("act_on_exchange", json!({ "id": id, "action": action }))
        .await
}

/// Once the giver has confirmed, the receiver cannot cancel and take the held price back;
/// they can still confirm or report a problem.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn the_receiver_cannot_cancel_once_the_giver_confirmed(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    // Alice asks (she receives and pays 10); Bob helps (he gives).
    let request = post(&alice, "request", "Help moving a sofa", 10).await;
    let id = propose(&bob, request, "").await;
    act(&alice, id, "Accept").await.ok();
    assert_eq!(view(&alice, id).await["can_cancel"], true);
    act(&bob, id, "Confirm").await.ok();
    assert_eq!(view(&alice, id).await["can_cancel"], false);
    assert_eq!(view(&bob, id).await["can_cancel"], true);
    let before = (balance(&alice).await, balance(&bob).await);
    let refused = act(&alice, id, "Cancel").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let again = act(&alice, id, "Cancel").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!((balance(&alice).await, balance(&bob).await), before);
    assert_eq!(view(&alice, id).await["state"], "Accepted");
    // Confirming completes it; the giver is paid once.
    act(&alice, id, "Confirm").await.ok();
    assert_eq!(view(&bob, id).await["state"], "Completed");
    assert_eq!(balance(&bob).await, before.1 + 10);
    assert_sound(&app).await;
}

/// The giver confirms and the receiver cancels at the same moment, many times over: never both
/// a completed exchange and a refund; the ledger stays sound.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn confirm_and_cancel_at_once_settle_one_way(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    for round in 0..4 {
        let request = post(&alice, "request", &format!("Errand {round}"), 2).await;
        let id = propose(&bob, request, "").await;
        act(&alice, id, "Accept").await.ok();
        let (a, b) = (alice.clone(), bob.clone());
        let results = futures_join_all(
            [
                tokio::spawn(async move { act(&b, id, "Confirm").await.status }),
                tokio::spawn(async move { act(&a, id, "Cancel").await.status }),
            ]
            .into_iter()
            .map(|h| async move { h.await.expect("task") }),
        )
        .await;
        let state = view(&alice, id).await["state"].clone();
        match (results[0], results[1]) {
            // Cancel first, then the confirmation found a cancelled exchange.
            (StatusCode::CONFLICT, StatusCode::OK) => assert_eq!(state, "Cancelled"),
            // Confirmation first: the receiver's cancel is refused.
            (StatusCode::OK, StatusCode::CONFLICT) => assert_eq!(state, "Accepted"),
            other => panic!("round {round}: {other:?}"),
        }
    }
    assert_sound(&app).await;
}

/// Ten requests at once with a daily quota of three create exactly three (the person's row is
/// locked while the quota is counted, also under PostgreSQL's READ COMMITTED).
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_gift_quota_holds_under_parallel_requests(#[case] db: Db) {
    let app = spawn_with(
        db,
        &[("ENTRAIDE_POLICY", "gift"), ("ENTRAIDE_GIFT_QUOTA", "3")],
    )
    .await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let answers = futures_join_all((0..10).map(|i| {
        let alice = alice.clone();
        async move {
            let form = listing_form("request", &format!("Need {i}"), PARIS.0, PARIS.1);
            alice.call("create_listing", json!({ "form": form })).await
        }
    }))
    .await;
    let made = answers.iter().filter(|a| a.status.is_success()).count();
    assert_eq!(made, 3, "{answers:?}");
    for refused in answers.iter().filter(|a| !a.status.is_success()) {
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(refused.body, json!({ "QuotaReached": { "per_day": 3 } }));
    }
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM listings").await,
        3
    );
}

/// Saving alerts at once never passes the cap.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_alert_cap_holds_under_parallel_saves(#[case] db: Db) {
    let app = spawn(db).await;
    let (carol, _) = app.user("carol@example.org", "Carol").await;
    let max = app::domain::notify::MAX_ALERTS as usize;
    let answers = futures_join_all((0..max + 8).map(|_| {
        let carol = carol.clone();
        async move {
            carol
                .call(
                    "save_alert",
                    json!({ "form": { "kind": "", "category": "", "center": { "lat": PARIS.0, "lng": PARIS.1 }, "radius_km": "3" } }),
                )
                .await
        }
    }))
    .await;
    let saved = answers.iter().filter(|a| a.status.is_success()).count();
    assert_eq!(saved, max);
    assert!(
        answers
            .iter()
            .filter(|a| !a.status.is_success())
            .all(|a| a.status == StatusCode::CONFLICT)
    );
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM alerts").await,
        max as i64
    );
}

/// Many clicks on "I can help" at once make one exchange (a unique index on open exchanges;
/// the losers of the race are retried and answered the winner's exchange).
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_proposals_make_one_exchange(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let request = post(&alice, "request", "Help moving a sofa", 5).await;
    let ids = futures_join_all((0..12).map(|_| {
        let bob = bob.clone();
        async move { propose(&bob, request, "").await }
    }))
    .await;
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM exchanges").await,
        1
    );
    // After it is cancelled, asking again opens a new one.
    act(&bob, ids[0], "Cancel").await.ok();
    assert_ne!(propose(&bob, request, "").await, ids[0]);
}

/// Two first transfers of one person at once open one account: the race on its unique key
/// never aborts a PostgreSQL transaction into a 500.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn first_accounts_opened_at_once_are_one(#[case] db: Db) {
    let app = spawn(db).await;
    // People straight in the database, with no account yet.
    let mut fresh = Vec::new();
    for i in 0..4 {
        fresh.push(crate::ledger::raw_user(&app.db, &format!("Raw {i}")).await);
    }
    for user in fresh {
        let results = futures_join_all((0..8).map(|_| {
            let db = app.db.clone();
            async move {
                tx::retrying(&db, |txn| {
                    Box::pin(async move { ledger::account_of_user(txn, user).await })
                })
                .await
            }
        }))
        .await;
        let ids: Vec<i64> = results
            .into_iter()
            .map(|r| r.expect("no error reaches the caller"))
            .collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    }
    assert!(
        !sea_orm::DbErr::Custom("x".into()).transient(),
        "only races are retried"
    );
}

/// `ledger-check` reads one snapshot: while transfers run, it never reports a problem.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_ledger_check_never_sees_half_a_transfer(#[case] db: Db) {
    let app = spawn(db).await;
    let rules = LedgerRules::default();
    let issuer = ledger::system_account(&app.db, AccountKind::Issuer)
        .await
        .expect("issuer");
    let mut accounts = Vec::new();
    for i in 0..4 {
        let (_, id) = app.user(&format!("q{i}@example.org"), "Quentin").await;
        accounts.push(ledger::account_of_user(&app.db, id).await.expect("account"));
    }
    let writer = {
        let db = app.db.clone();
        tokio::spawn(async move {
            for i in 0..300 {
                let request = TransferRequest {
                    key: format!("check-test:{i}"),
                    from: issuer,
                    to: accounts[i % accounts.len()],
                    amount: 1,
                    reason: TransferReason::Correction,
                    cause: None,
                };
                ledger::transfer(&db, &rules, &request)
                    .await
                    .expect("transfer");
            }
        })
    };
    let mut checks = 0;
    while !writer.is_finished() {
        let report = ledger::check(&app.db, &rules).await.expect("check");
        assert!(report.ok(), "check {checks}: {:?}", report.problems);
        checks += 1;
    }
    writer.await.expect("writer");
    assert!(checks > 3, "only {checks} checks ran during the transfers");
    assert_sound(&app).await;
}

/// One person creates at most three associations a day, even when asking six times at once;
/// the refusal says so, and another person is not affected.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn daily_creation_limits_hold_under_parallel_requests(#[case] db: Db) {
    let app = spawn(db).await;
    let (dina, _) = app.user("dina@example.org", "Dina").await;
    let form = |name: String| json!({ "form": crate::associations::association_form(&name) });
    let answers = futures_join_all((0..6).map(|i| {
        let (dina, body) = (dina.clone(), form(format!("Association {i}")));
        async move { dina.call("create_association", body).await }
    }))
    .await;
    assert_eq!(answers.iter().filter(|a| a.status.is_success()).count(), 3);
    for refused in answers.iter().filter(|a| !a.status.is_success()) {
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(refused.body, json!({ "DailyLimit": { "per_day": 3 } }));
    }
    let (omar, _) = app.user("omar@example.org", "Omar").await;
    omar.call("create_association", form("Association d'Omar".into()))
        .await
        .ok();
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM associations").await,
        4
    );
    // Listings: twenty a day.
    for i in 0..app::backend::listings::MAX_LISTINGS_PER_DAY {
        post(&omar, "offer", &format!("Offer {i}"), 0).await;
    }
    let refused = omar
        .call(
            "create_listing",
            json!({ "form": listing_form("offer", "One more", PARIS.0, PARIS.1) }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.body, json!({ "DailyLimit": { "per_day": 20 } }));
}
