//! "Download my data" (issue 23): everything stored about the person, and nothing of anyone
//! else's beyond what they already saw.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::exchanges::{balance, propose};
use crate::support::{Db, listing_form, spawn};

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn my_data_holds_all_of_mine_and_none_of_theirs(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, alice_id) = app.user("alice@example.org", "Alice").await;
    let (bob, bob_id) = app.user("bob@example.org", "Bob").await;
    let mut mine = listing_form("offer", "Alice's ladder", 48.856_611, 2.352_222);
    mine["price"] = json!("4");
    let ladder = alice
        .call("create_listing", json!({ "form": mine }))
        .await
        .ok()["id"]
        .as_i64()
        .expect("id");
    bob.call(
        "create_listing",
        json!({ "form": listing_form("request", "Bob's own request", 48.870_123, 2.310_987) }),
    )
    .await
    .ok();
    let id = propose(&bob, ladder, "Bob's secret words").await;
    for (who, action) in [(&alice, "Accept"), (&alice, "Confirm"), (&bob, "Confirm")] {
        who.call("act_on_exchange", json!({ "id": id, "action": action }))
            .await
            .ok();
    }
    alice
        .call("send_message", json!({ "id": id, "body": "Alice's words" }))
        .await;
    alice
        .call(
            "leave_review",
            json!({ "id": id, "form": { "rating": "5", "comment": "Careful with it", "private_reason": "" } }),
        )
        .await
        .ok();
    bob.call(
        "leave_review",
        json!({ "id": id, "form": { "rating": "3", "comment": "Fine", "private_reason": "late" } }),
    )
    .await
    .ok();

    let (status, headers, bytes) = alice.get_bytes("/my-data.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment; filename=\"entraide-my-data-")
    );
    assert_eq!(headers["cache-control"], "no-store");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let data: Value = serde_json::from_str(&text).expect("JSON");

    // Every part is described.
    for part in app::backend::export::README.iter().map(|(p, _)| *p) {
        assert!(data["readme"][part].is_string(), "{part}");
        assert!(!data[part].is_null(), "{part}");
    }
    // Mine: the account (no secrets), the listing at its exact place, the exchange, my message,
    // both reviews (the private reason of the one about me left out), the ledger.
    assert_eq!(data["profile"]["email"], "alice@example.org");
    assert_eq!(data["profile"]["id"], alice_id);
    assert!(data["profile"].get("password_hash").is_none());
    assert!(data["profile"].get("mail_key").is_none());
    let listings = data["listings"].as_array().expect("listings");
    assert_eq!(listings.len(), 1);
    assert_eq!(listings[0]["title"], "Alice's ladder");
    let lat = listings[0]["lat"].as_f64().expect("lat");
    assert!(
        (lat - 48.856_611).abs() < 1e-9,
        "my exact place is mine: {lat}"
    );
    assert_eq!(data["exchanges"].as_array().expect("exchanges").len(), 1);
    let messages = data["messages"].as_array().expect("messages");
    assert!(messages.iter().all(|m| m["author_id"] == alice_id));
    assert!(messages.iter().any(|m| m["body"] == "Alice's words"));
    assert_eq!(data["reviews_given"][0]["comment"], "Careful with it");
    assert_eq!(data["reviews_received"][0]["comment"], "Fine");
    assert!(data["reviews_received"][0].get("private_reason").is_none());
    let entries = data["ledger"]["entries"].as_array().expect("entries");
    let sum: i64 = entries
        .iter()
        .map(|e| e["delta"].as_i64().expect("delta"))
        .sum();
    assert_eq!(
        sum,
        balance(&alice).await,
        "the movements add up to the balance"
    );
    assert!(
        data["ledger"]["transfers"]
            .as_array()
            .expect("transfers")
            .iter()
            .any(|t| t["reason"] == "welcome_grant")
    );

    // Theirs: nothing but the ids of what we share.
    for theirs in [
        "bob@example.org",
        "Bob's secret words",
        "Bob's own request",
        "48.870",
        "late",
    ] {
        assert!(!text.contains(theirs), "{theirs}");
    }
    assert!(text.contains(&bob_id.to_string()));

    // Signed out: nothing, to the login page.
    let (status, at) = {
        let res = app
            .browser()
            .client
            .get(format!("{}/my-data.json", app.base))
            .send()
            .await
            .expect("get");
        (res.status(), res.url().path().to_owned())
    };
    assert_eq!((status, at.as_str()), (StatusCode::OK, "/login"));
}
