//! "Draw lots at a deadline" over HTTP: who may start one, what it suspends, the draw itself
//! (checked against the published seed), several draws at once, and going back to choosing.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use app::backend::draws;
use app::domain::vocab::DAY;

use crate::support::{Browser, Db, invalid_fields, listing_form, spawn};

const PARIS: (f64, f64) = (48.8566, 2.3522);

async fn offer_good(b: &Browser, title: &str, price: i64) -> i64 {
    let mut form = listing_form("offer", title, PARIS.0, PARIS.1);
    form["nature"] = json!("good");
    form["category"] = json!("furniture");
    form["price"] = json!(price.to_string());
    b.call("create_listing", json!({ "form": form })).await.ok()["id"]
        .as_i64()
        .expect("id")
}

async fn start(b: &Browser, listing: i64, days: &str, winners: &str) -> crate::support::Answer {
    b.call(
        "draw_lots",
        json!({ "listing_id": listing, "form": { "days": days, "winners": winners } }),
    )
    .await
}

async fn info(b: &Browser, listing: i64) -> Value {
    b.call("listing_draw", json!({ "listing_id": listing }))
        .await
        .ok()
        .clone()
}

async fn propose(b: &Browser, listing: i64) -> crate::support::Answer {
    b.call(
        "propose_exchange",
        json!({ "listing_id": listing, "message": "" }),
    )
    .await
}

async fn state_of(b: &Browser, id: i64) -> String {
    b.call("get_exchange", json!({ "id": id })).await.ok()["state"]
        .as_str()
        .expect("state")
        .to_owned()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn lots_are_drawn_at_the_deadline_and_can_be_checked(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let chair = offer_good(&alice, "A wooden chair", 0).await;
    let priced = offer_good(&alice, "A priced lamp", 5).await;
    let mut people = Vec::new();
    for n in 0..6 {
        people.push(
            app.user(&format!("p{n}@example.org"), &format!("Person {n}"))
                .await
                .0,
        );
    }
    // An early proposal takes part too.
    let early = propose(&people[0], chair).await.ok().as_i64().expect("id");

    // Only the author, only free goods, only valid choices.
    assert_eq!(
        start(&people[1], chair, "2", "2").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        start(&alice, priced, "2", "1").await.status,
        StatusCode::CONFLICT
    );
    let bad = start(&alice, chair, "0", "99").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&bad.body), ["DrawDays", "Winners"]);
    assert_eq!(info(&alice, chair).await["may_start"], true);
    assert_eq!(info(&people[1], chair).await["may_start"], false);
    start(&alice, chair, "2", "2").await.ok();
    assert_eq!(
        start(&alice, chair, "2", "2").await.status,
        StatusCode::CONFLICT,
        "one draw per listing"
    );

    let mut entries = vec![early];
    for p in &people[1..] {
        entries.push(propose(p, chair).await.ok().as_i64().expect("id"));
    }
    let seen = info(&people[3], chair).await;
    assert_eq!(seen["may_start"], false);
    assert_eq!(seen["draw"]["entries_so_far"], 6);
    assert_eq!(seen["draw"]["winners"], 2);
    assert_eq!(seen["draw"]["result"], Value::Null);

    // Until the draw the author cannot choose by hand.
    let refused = alice
        .call(
            "act_on_exchange",
            json!({ "id": entries[2], "action": "Accept" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body, json!("DrawPending"));

    // Before the deadline nothing is drawn.
    let deadline = seen["draw"]["deadline"].as_i64().expect("deadline");
    let now = app::backend::now();
    assert!(
        draws::run_due(&app.db, None, deadline - 1, now)
            .await
            .expect("run")
            .is_empty()
    );
    // At the deadline: four runs at once draw once.
    let runs = futures_util::future::join_all(
        (0..4).map(|_| draws::run_due(&app.db, None, deadline, now + 2 * DAY)),
    )
    .await;
    let told: usize = runs.into_iter().map(|r| r.expect("run").len()).sum();
    assert_eq!(told, 7, "six entrants and the author, told once");

    let mut won = Vec::new();
    let mut seed = String::new();
    let mut ranks = Vec::new();
    for (p, id) in people.iter().zip(&entries) {
        let mine = info(p, chair).await;
        let result = &mine["draw"]["result"];
        assert_eq!(result["entries"], 6);
        seed = result["seed"].as_str().expect("seed").to_owned();
        assert_eq!(seed.len(), 32);
        let (ticket_id, ticket) = (
            result["my_ticket"][0].as_i64().expect("id"),
            result["my_ticket"][1].as_str().expect("ticket"),
        );
        assert_eq!(ticket_id, *id);
        assert_eq!(ticket, draws::ticket(&seed, *id), "anyone can recompute it");
        let rank = result["my_rank"].as_i64().expect("rank");
        ranks.push((ticket.to_owned(), rank));
        let state = state_of(p, *id).await;
        match result["mine"].as_str() {
            Some("Won") => {
                assert_eq!(state, "Accepted");
                assert!(rank <= 2);
                won.push(*id);
            }
            Some("Lost") => {
                assert_eq!(state, "Declined");
                assert!(rank > 2);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(won.len(), 2);
    // Places follow the tickets: the lowest ticket is first.
    ranks.sort();
    assert_eq!(
        ranks.iter().map(|r| r.1).collect::<Vec<_>>(),
        (1..=6).collect::<Vec<_>>()
    );
    let mut expected: Vec<i64> = draws::order(&seed, &entries)
        .into_iter()
        .take(2)
        .map(|e| e.0)
        .collect();
    expected.sort_unstable();
    won.sort_unstable();
    assert_eq!(won, expected);
    // A drawn good is free, and the history says who moved it: nobody (the draw).
    let v = people
        .iter()
        .zip(&entries)
        .find(|(_, id)| **id == won[0])
        .map(|(p, _)| p)
        .expect("winner");
    let view = v.call("get_exchange", json!({ "id": won[0] })).await;
    assert_eq!(view.ok()["price"], 0);
    assert_eq!(view.ok()["history"][1]["by"], Value::Null);
    // The author sees the result but holds no ticket; a visitor sees the seed only.
    let authors = info(&alice, chair).await;
    assert_eq!(authors["draw"]["result"]["mine"], "NotEntered");
    let visitor = info(&app.browser(), chair).await;
    assert_eq!(visitor["draw"]["result"]["seed"], json!(seed));
    assert_eq!(visitor["draw"]["result"]["my_ticket"], Value::Null);
    // After the draw the author chooses by hand again, and people may still ask.
    let late = app.user("late@example.org", "Late").await.0;
    let late_id = propose(&late, chair).await.ok().as_i64().expect("id");
    alice
        .call(
            "act_on_exchange",
            json!({ "id": late_id, "action": "Accept" }),
        )
        .await
        .ok();
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn asking_closes_at_the_deadline_and_the_author_may_take_back_the_choice(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let (carol, _) = app.user("carol@example.org", "Carol").await;
    let table = offer_good(&alice, "A small table", 0).await;
    start(&alice, table, "1", "1").await.ok();
    let bobs = propose(&bob, table).await.ok().as_i64().expect("id");
    // The author goes back to choosing: Bob's proposal waits for her answer.
    alice
        .call("cancel_draw", json!({ "listing_id": table }))
        .await
        .ok();
    assert_eq!(info(&alice, table).await["draw"], Value::Null);
    assert_eq!(
        bob.call("cancel_draw", json!({ "listing_id": table }))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(state_of(&bob, bobs).await, "Proposed");

    // A new draw whose deadline is past: nobody may ask until it has run.
    start(&alice, table, "1", "1").await.ok();
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        &format!(
            "UPDATE draws SET deadline = {} WHERE listing_id = {table}",
            app::backend::now() - 1
        ),
    )
    .await
    .expect("move the deadline");
    let closed = propose(&carol, table).await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
    assert_eq!(closed.body, json!("DrawPending"));
    assert_eq!(
        alice
            .call("cancel_draw", json!({ "listing_id": table }))
            .await
            .ok(),
        &Value::Null,
        "the author may still call it off before it runs"
    );
    start(&alice, table, "1", "1").await.ok();
    draws::run_due(
        &app.db,
        Some(table),
        app::backend::now() + 2 * DAY,
        app::backend::now(),
    )
    .await
    .expect("run");
    assert_eq!(state_of(&bob, bobs).await, "Accepted");
    assert_eq!(
        alice
            .call("cancel_draw", json!({ "listing_id": table }))
            .await
            .status,
        StatusCode::CONFLICT,
        "a finished draw stays"
    );
}
