//! Exchanges over HTTP: proposals, acceptance with escrow, conversation, confirmation,
//! reviews, cancellation, the gift policy's quota, and who may see what.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use app::backend::ledger;
use app::domain::ledger::LedgerRules;

use crate::matching::matches;
use crate::support::{Browser, Db, TestApp, listing_form, spawn, spawn_with};

const PARIS: (f64, f64) = (48.8566, 2.3522);

pub(crate) async fn post(b: &Browser, kind: &str, title: &str, price: i64) -> i64 {
    let mut form = listing_form(kind, title, PARIS.0, PARIS.1);
    form["price"] = json!(price.to_string());
    b.call("create_listing", json!({ "form": form })).await.ok()["id"]
        .as_i64()
        .expect("id")
}

pub(crate) async fn propose(b: &Browser, listing: i64, message: &str) -> i64 {
    b.call(
        "propose_exchange",
        json!({ "listing_id": listing, "message": message }),
    )
    .await
    .ok()
    .as_i64()
    .expect("exchange id")
}

async fn act(b: &Browser, id: i64, action: &str) -> crate::support::Answer {
    b.call("act_on_exchange", json!({ "id": id, "action": action }))
        .await
}

pub(crate) async fn balance(b: &Browser) -> i64 {
    b.call("my_balance", json!({})).await.ok()["balance"]
        .as_i64()
        .expect("balance")
}

pub(crate) async fn view(b: &Browser, id: i64) -> Value {
    b.call("get_exchange", json!({ "id": id }))
        .await
        .ok()
        .clone()
}

async fn unread_messages(b: &Browser) -> i64 {
    b.call("unread_messages", json!({}))
        .await
        .ok()
        .as_i64()
        .expect("count")
}

pub(crate) async fn assert_sound(app: &TestApp) {
    let report = ledger::check(&app.db, &LedgerRules::default())
        .await
        .expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn from_i_can_help_to_thank_you(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, bob_id) = app.user("bob@example.org", "Bob").await;
    let (carol, _) = app.user("carol@example.org", "Carol").await;
    assert_eq!(balance(&alice).await, 20, "welcome grant");

    // Alice asks for help, priced 10; Bob can help.
    let request = post(&alice, "request", "Help moving a sofa", 10).await;
    let id = propose(&bob, request, "I have a van on Saturday").await;
    assert_eq!(
        propose(&bob, request, "").await,
        id,
        "asking twice opens one exchange"
    );
    let own = alice
        .call(
            "propose_exchange",
            json!({ "listing_id": request, "message": "" }),
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);

    // Alice sees the proposal and Bob's message; Carol sees nothing of it.
    let proposals = alice
        .call("listing_exchanges", json!({ "listing_id": request }))
        .await;
    assert_eq!(proposals.ok().as_array().expect("list").len(), 1);
    assert_eq!(unread_messages(&alice).await, 1);
    let v = view(&alice, id).await;
    assert_eq!(v["state"], "Proposed");
    assert_eq!(v["i_give"], false);
    assert_eq!(v["price"], 10);
    for (name, args) in [
        ("get_exchange", json!({ "id": id })),
        ("exchange_messages", json!({ "id": id, "before": null })),
        ("send_message", json!({ "id": id, "body": "let me in" })),
        ("act_on_exchange", json!({ "id": id, "action": "Cancel" })),
    ] {
        let refused = carol.call(name, args).await;
        assert_eq!(
            refused.status,
            StatusCode::NOT_FOUND,
            "{name}: {}",
            refused.body
        );
    }
    assert!(
        carol
            .call("listing_exchanges", json!({ "listing_id": request }))
            .await
            .ok()
            .as_array()
            .expect("list")
            .is_empty()
    );
    let visitor = app.browser();
    assert_eq!(
        visitor
            .call("get_exchange", json!({ "id": id }))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // Only the author accepts; acceptance holds the price.
    assert_eq!(act(&bob, id, "Accept").await.status, StatusCode::CONFLICT);
    act(&alice, id, "Accept").await.ok();
    assert_eq!(act(&alice, id, "Accept").await.status, StatusCode::CONFLICT);
    assert_eq!(balance(&alice).await, 10);
    assert_eq!(balance(&bob).await, 20);

    // They talk; reading clears the unread count.
    let page = alice
        .call("exchange_messages", json!({ "id": id, "before": null }))
        .await;
    assert_eq!(page.ok()["messages"][0]["body"], "I have a van on Saturday");
    assert_eq!(unread_messages(&alice).await, 0);
    alice
        .call(
            "send_message",
            json!({ "id": id, "body": "12 rue des Lilas, 10 am" }),
        )
        .await
        .ok();
    // Alice's acceptance and her message: two updates for Bob.
    assert_eq!(unread_messages(&bob).await, 2);
    let empty = bob
        .call("send_message", json!({ "id": id, "body": "   " }))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let long = bob
        .call(
            "send_message",
            json!({ "id": id, "body": "x".repeat(2_001) }),
        )
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Both confirm: the price goes to Bob.
    act(&bob, id, "Confirm").await.ok();
    assert_eq!(view(&alice, id).await["other_confirmed"], true);
    assert_eq!(balance(&bob).await, 20);
    act(&alice, id, "Confirm").await.ok();
    let done = view(&bob, id).await;
    assert_eq!(done["state"], "Completed");
    assert_eq!(balance(&bob).await, 30);
    assert_eq!(balance(&alice).await, 10);
    let history: Vec<&str> = done["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|c| c["state"].as_str().expect("state"))
        .collect();
    assert_eq!(history, ["Proposed", "Accepted", "Completed"]);

    // Reviews: once each, validated, the private reason never published.
    let bad = alice
        .call(
            "leave_review",
            json!({ "id": id, "form": { "rating": "6", "comment": "", "private_reason": "grumpy" } }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let review = json!({ "id": id, "form": { "rating": "5", "comment": "On time, kind", "private_reason": "" } });
    alice.call("leave_review", review.clone()).await.ok();
    assert_eq!(
        alice.call("leave_review", review).await.status,
        StatusCode::CONFLICT
    );
    bob.call(
        "leave_review",
        json!({ "id": id, "form": { "rating": "2", "comment": "", "private_reason": "late" } }),
    )
    .await
    .ok();
    let reviews = visitor
        .call("user_reviews", json!({ "user_id": bob_id }))
        .await;
    let reviews = reviews.ok().as_array().expect("reviews").clone();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["rating"], 5);
    assert!(!reviews[0].to_string().contains("late"));

    // The balance page links each movement to its cause.
    let page = bob.call("my_balance", json!({})).await;
    let movements = page.ok()["movements"]
        .as_array()
        .expect("movements")
        .clone();
    assert_eq!(movements[0]["reason"], "ExchangeRelease");
    assert_eq!(movements[0]["delta"], 10);
    assert_eq!(movements[0]["exchange_id"], id);
    assert_sound(&app).await;
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn cancelling_refunds_and_a_poor_receiver_is_refused(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    // Bob offers a bike repair for 15; Alice would like it.
    let offer = post(&bob, "offer", "Bike repair", 15).await;
    let id = propose(&alice, offer, "").await;
    act(&bob, id, "Accept").await.ok();
    assert_eq!(balance(&alice).await, 5);
    act(&alice, id, "Cancel").await.ok();
    assert_eq!(balance(&alice).await, 20);
    assert_eq!(view(&bob, id).await["state"], "Cancelled");
    assert_eq!(act(&bob, id, "Confirm").await.status, StatusCode::CONFLICT);
    assert_eq!(
        bob.call("send_message", json!({ "id": id, "body": "hello?" }))
            .await
            .status,
        StatusCode::CONFLICT
    );

    // Too dear for Alice: refused with her balance and the price, nothing moves.
    let dear = post(&bob, "offer", "Furniture delivery", 50).await;
    let id = propose(&alice, dear, "").await;
    let refused = act(&bob, id, "Accept").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        refused.body,
        json!({ "InsufficientBalance": { "balance": 20, "price": 50 } })
    );
    assert_eq!(view(&bob, id).await["state"], "Proposed");
    assert_eq!(balance(&alice).await, 20);

    // Declined proposals stay declined.
    act(&bob, id, "Decline").await.ok();
    assert_eq!(view(&alice, id).await["state"], "Declined");
    assert_sound(&app).await;
}

/// Both sides confirm at the same moment, many times over: each exchange completes once and
/// its price is released once. And one author accepts many proposals at once.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_confirmations_release_once(#[case] db: Db) {
    let app = spawn(db).await;
    let (giver, _) = app.user("giver@example.org", "Giver").await;
    let mut receivers = Vec::new();
    for n in 0..6 {
        receivers.push(
            app.user(&format!("r{n}@example.org"), &format!("R{n}"))
                .await
                .0,
        );
    }
    let offer = post(&giver, "offer", "Soup for the week", 3).await;
    let mut ids = Vec::new();
    for r in &receivers {
        ids.push(propose(r, offer, "").await);
    }
    let accepted =
        futures_util::future::join_all(ids.iter().map(|id| act(&giver, *id, "Accept"))).await;
    for a in accepted {
        a.ok();
    }
    let confirmations =
        futures_util::future::join_all(ids.iter().zip(&receivers).flat_map(|(id, receiver)| {
            [act(&giver, *id, "Confirm"), act(receiver, *id, "Confirm")]
        }))
        .await;
    for c in confirmations {
        c.ok();
    }
    for (id, receiver) in ids.iter().zip(&receivers) {
        assert_eq!(view(receiver, *id).await["state"], "Completed");
        assert_eq!(balance(receiver).await, 17);
    }
    assert_eq!(balance(&giver).await, 20 + 6 * 3);
    assert_sound(&app).await;
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn gift_policy_is_free_with_a_daily_quota(#[case] db: Db) {
    let app = spawn_with(
        db,
        &[("ENTRAIDE_POLICY", "gift"), ("ENTRAIDE_GIFT_QUOTA", "2")],
    )
    .await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    assert_eq!(balance(&alice).await, 0, "no grants under the gift policy");
    let offer = post(&bob, "offer", "Winter coat", 30).await;
    let other = post(&bob, "offer", "Boots", 5).await;
    // A proposal and a request use Alice's two for today; the next request is refused.
    let id = propose(&alice, offer, "").await;
    post(&alice, "request", "Help with forms", 0).await;
    let mut third = listing_form("request", "A third one", PARIS.0, PARIS.1);
    third["price"] = json!("0");
    let refused = alice.call("create_listing", json!({ "form": third })).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.body, json!({ "QuotaReached": { "per_day": 2 } }));
    let refused = alice
        .call(
            "propose_exchange",
            json!({ "listing_id": other, "message": "" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    // Offers are not counted, and everything is free.
    post(&alice, "offer", "Sewing lessons", 0).await;
    assert_eq!(view(&alice, id).await["price"], 0);
    act(&bob, id, "Accept").await.ok();
    act(&bob, id, "Confirm").await.ok();
    act(&alice, id, "Confirm").await.ok();
    assert_eq!(view(&alice, id).await["state"], "Completed");
    assert_eq!((balance(&alice).await, balance(&bob).await), (0, 0));
    assert_sound(&app).await;
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[tokio::test]
async fn givers_pay_less(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    // Alice gives something worth 20 to Bob...
    let request = post(&bob, "request", "Dog walks", 20).await;
    let id = propose(&alice, request, "").await;
    for (who, action) in [(&bob, "Accept"), (&bob, "Confirm"), (&alice, "Confirm")] {
        act(who, id, action).await.ok();
    }
    assert_eq!(balance(&alice).await, 40);
    // ...so her share of giving is (20+10)/(20+10+0+10) = 75 %, and she pays 25 % less.
    let page = alice.call("my_balance", json!({})).await;
    assert_eq!(page.ok()["share_percent"], 75);
    assert_eq!(page.ok()["discount_percent"], 25);
    let offer = post(&bob, "offer", "Cake", 10).await;
    let id = propose(&alice, offer, "").await;
    assert_eq!(view(&alice, id).await["price"], 8);
    act(&bob, id, "Accept").await.ok();
    assert_eq!(
        balance(&alice).await,
        32,
        "the price shown is the price paid"
    );
    assert_sound(&app).await;
}

/// One side confirmed long ago and the other never answered: the job completes the exchange
/// and releases the price, once.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_lone_confirmation_completes_after_the_timeout(#[case] db: Db) {
    use app::backend::entities::exchange;
    use app::backend::exchanges::{Settings, complete_overdue};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let offer = post(&bob, "offer", "Bike repair", 6).await;
    let id = propose(&alice, offer, "").await;
    act(&bob, id, "Accept").await.ok();
    act(&bob, id, "Confirm").await.ok();
    let settings = Settings {
        policy: app::domain::ledger::Policy::Currency,
        rules: LedgerRules::default(),
        confirm_days: 7,
        public_url: "http://127.0.0.1",
    };
    let now = app::backend::now();
    // Not yet: Bob confirmed just now.
    assert!(
        complete_overdue(&app.db, &settings, now)
            .await
            .expect("job")
            .is_empty()
    );
    assert_eq!(view(&alice, id).await["state"], "Accepted");
    // Eight days later, Alice still has not answered.
    exchange::Entity::update_many()
        .col_expr(
            exchange::Column::AuthorConfirmedAt,
            Expr::value(now - 8 * 86_400),
        )
        .filter(exchange::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .expect("age the confirmation");
    let told = complete_overdue(&app.db, &settings, now)
        .await
        .expect("job");
    assert_eq!(told.len(), 2);
    let done = view(&alice, id).await;
    assert_eq!(done["state"], "Completed");
    assert_eq!(
        done["history"]
            .as_array()
            .expect("history")
            .last()
            .expect("last")["by"],
        Value::Null
    );
    assert_eq!((balance(&alice).await, balance(&bob).await), (14, 26));
    assert!(
        complete_overdue(&app.db, &settings, now)
            .await
            .expect("job")
            .is_empty()
    );
    assert_eq!((balance(&alice).await, balance(&bob).await), (14, 26));
    assert_sound(&app).await;
}

/// The places and scores of two listings among a listing's matches.
fn places(list: &[Value], a: i64, b: i64) -> ((usize, Value), (usize, Value)) {
    let at = |id: i64| {
        list.iter()
            .position(|m| m["other"]["id"] == id)
            .map(|i| (i, list[i]["points"].clone()))
            .expect("listed")
    };
    (at(a), at(b))
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_private_report_never_shows_and_never_moves_a_person(#[case] db: Db) {
    let app = spawn(db).await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let (dan, dan_id) = app.user("dan@example.org", "Dan").await;
    let (eve, _) = app.user("eve@example.org", "Eve").await;
    let (frank, _) = app.user("frank@example.org", "Frank").await;
    let (carol, _) = app.user("carol@example.org", "Carol").await;

    // Bob and Dan ask for the same thing at the same place: the same score.
    let mut sofa = listing_form("request", "Moving a sofa", PARIS.0, PARIS.1);
    sofa["category"] = json!("repairs");
    let sofa = eve
        .call("create_listing", json!({ "form": sofa }))
        .await
        .ok()["id"]
        .as_i64()
        .expect("id");
    let bobs = post(&bob, "request", "Maths tutor", 0).await;
    let dans = post(&dan, "request", "Maths tutor", 0).await;

    // Before any report, the later of two equal requests comes first.
    let franks = post(&frank, "offer", "Maths tutor", 0).await;
    let ((bob_at, bob_points), (dan_at, dan_points)) =
        places(&matches(&frank, franks).await, bobs, dans);
    assert_eq!(bob_points, dan_points);
    assert!(dan_at < bob_at, "control: Dan first without a report");

    // Dan helps Eve, then does not come: Eve says so privately.
    let id = propose(&dan, sofa, "").await;
    act(&eve, id, "Accept").await.ok();
    act(&eve, id, "Confirm").await.ok();
    act(&dan, id, "Confirm").await.ok();
    eve.call(
        "leave_review",
        json!({ "id": id, "form": { "rating": "1", "comment": "", "private_reason": "no_show" } }),
    )
    .await
    .ok();

    // Dan keeps his place, for a new offer and in Frank's list: an order that moved while the
    // score stayed would tell Frank and Carol that someone reported Dan.
    let carols = post(&carol, "offer", "Maths tutor", 0).await;
    for (who, listing) in [(&carol, carols), (&frank, franks)] {
        let list = matches(who, listing).await;
        let ((bob_at, bob_points), (dan_at, dan_points)) = places(&list, bobs, dans);
        assert_eq!(bob_points, dan_points, "the score is not changed");
        assert!(dan_at < bob_at, "Dan still first after the report");
        let text = Value::Array(list).to_string();
        assert!(!text.contains("no_show") && !text.contains("NoShow"));
    }
    // The report is nowhere in what anyone can read about Dan.
    let reviews = app
        .browser()
        .call("user_reviews", json!({ "user_id": dan_id }))
        .await;
    let text = reviews.ok().to_string();
    assert!(text.contains("\"rating\":1"));
    assert!(
        !text.contains("no_show") && !text.contains("NoShow"),
        "{text}"
    );
}
