//! Listings: create, view, edit, withdraw, what is in view, and who may do what.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::json;

use crate::auth::count;
use crate::support::{Db, invalid_fields, listing_form, spawn};

const PARIS: (f64, f64) = (48.8566, 2.3522);

fn paris_box() -> serde_json::Value {
    json!({ "south": 48.80, "west": 2.25, "north": 48.91, "east": 2.45 })
}

fn no_filters() -> serde_json::Value {
    json!({ "kind": null, "nature": null, "category": null, "remote_only": false })
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn a_listing_lives_from_creation_to_withdrawal(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;

    let created = alice
        .call(
            "create_listing",
            json!({ "form": listing_form("offer", "Maths help", PARIS.0, PARIS.1) }),
        )
        .await;
    let listing = created.ok().clone();
    let id = listing["id"].as_i64().expect("id");
    assert_eq!(listing["kind"], "Offer");
    assert_eq!(listing["is_mine"], true);
    assert_eq!(listing["status"], "Open");
    assert_eq!(listing["days_left"], 30);

    let seen = alice
        .call(
            "listings_in_view",
            json!({ "bbox": paris_box(), "filters": no_filters() }),
        )
        .await;
    assert_eq!(seen.ok()["total"], 1);
    assert_eq!(seen.body["listings"][0]["title"], "Maths help");

    let mut form = listing_form("offer", "Maths and physics help", PARIS.0, PARIS.1);
    form["price"] = json!("5");
    let edited = alice
        .call("update_listing", json!({ "id": id, "form": form }))
        .await;
    assert_eq!(edited.ok()["title"], "Maths and physics help");
    assert_eq!(edited.body["price"], 5);

    alice
        .call("withdraw_listing", json!({ "id": id }))
        .await
        .ok();
    let after = alice
        .call(
            "listings_in_view",
            json!({ "bbox": paris_box(), "filters": no_filters() }),
        )
        .await;
    assert_eq!(after.ok()["total"], 0);
    let own = alice.call("get_listing", json!({ "id": id })).await;
    assert_eq!(own.ok()["status"], "Withdrawn");
    let edit_withdrawn = alice
        .call(
            "update_listing",
            json!({ "id": id, "form": listing_form("offer", "Again", PARIS.0, PARIS.1) }),
        )
        .await;
    assert_eq!(edit_withdrawn.status, StatusCode::CONFLICT);
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn bad_listings_are_refused_field_by_field_and_nothing_is_saved(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let mut form = listing_form("swap", "ab", 95.0, 2.0);
    form["category"] = json!("weapons");
    form["price"] = json!("-3");
    form["expires_in_days"] = json!("999");
    let bad = alice.call("create_listing", json!({ "form": form })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invalid_fields(&bad.body),
        [
            "Kind",
            "Category",
            "Title",
            "Price",
            "ExpiresInDays",
            "Location"
        ]
    );
    // Without a picked point and without a home, the place is required.
    let mut no_place = listing_form("offer", "Soup for two", 0.0, 0.0);
    no_place["location"] = json!(null);
    let bad = alice
        .call("create_listing", json!({ "form": no_place }))
        .await;
    assert_eq!(
        bad.body["Validation"][0],
        json!({ "field": "Location", "code": "Required" })
    );
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM listings").await,
        0
    );

    // Malformed input never reaches the database either.
    let garbage = alice
        .call("create_listing", json!({ "form": { "title": 12 } }))
        .await;
    assert!(garbage.status.is_client_error() || garbage.status.is_server_error());
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM listings").await,
        0
    );
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn the_home_area_is_used_when_no_point_is_picked(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    alice
        .call(
            "update_profile",
            json!({ "form": { "display_name": "Alice", "bio": "", "languages": ["fr"], "home": { "lat": 45.764, "lng": 4.8357 } } }),
        )
        .await
        .ok();
    let mut form = listing_form("request", "Help with forms", 0.0, 0.0);
    form["location"] = json!(null);
    let created = alice.call("create_listing", json!({ "form": form })).await;
    assert_eq!(
        created.ok()["exact"],
        json!({ "lat": 45.764, "lng": 4.8357 })
    );
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn only_the_author_may_change_a_listing(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let anonymous = app.browser();
    let id = alice
        .call(
            "create_listing",
            json!({ "form": listing_form("offer", "Soup", PARIS.0, PARIS.1) }),
        )
        .await
        .ok()["id"]
        .as_i64()
        .expect("id");

    let hijack = bob
        .call(
            "update_listing",
            json!({ "id": id, "form": listing_form("offer", "Mine now", 0.0, 0.0) }),
        )
        .await;
    assert_eq!(hijack.status, StatusCode::FORBIDDEN);
    assert_eq!(
        bob.call("withdraw_listing", json!({ "id": id }))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        anonymous
            .call("withdraw_listing", json!({ "id": id }))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        anonymous
            .call(
                "create_listing",
                json!({ "form": listing_form("offer", "Anon", PARIS.0, PARIS.1) })
            )
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        bob.call("withdraw_listing", json!({ "id": 999_999 }))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let still = bob.call("get_listing", json!({ "id": id })).await;
    assert_eq!(still.ok()["title"], "Soup");
    assert_eq!(still.body["is_mine"], false);

    alice
        .call("withdraw_listing", json!({ "id": id }))
        .await
        .ok();
    assert_eq!(
        bob.call("get_listing", json!({ "id": id })).await.status,
        StatusCode::NOT_FOUND
    );
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn the_viewport_query_filters_and_switches_to_counts(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let mut request = listing_form("request", "Need a drill", PARIS.0 + 0.01, PARIS.1);
    request["nature"] = json!("good");
    request["category"] = json!("tools");
    alice
        .call("create_listing", json!({ "form": request }))
        .await
        .ok();
    let mut remote = listing_form("offer", "Arabic lessons online", PARIS.0, PARIS.1 + 0.01);
    remote["remote"] = json!(true);
    alice
        .call("create_listing", json!({ "form": remote }))
        .await
        .ok();
    // In Lyon: outside the Paris box.
    alice
        .call(
            "create_listing",
            json!({ "form": listing_form("offer", "Lyon soup", 45.76, 4.83) }),
        )
        .await
        .ok();

    let view = |filters: serde_json::Value| {
        let alice = &alice;
        async move {
            alice
                .call(
                    "listings_in_view",
                    json!({ "bbox": paris_box(), "filters": filters }),
                )
                .await
                .ok()
                .clone()
        }
    };
    let all = view(no_filters()).await;
    assert_eq!(all["total"], 2);
    let titles: Vec<&str> = all["listings"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|l| l["title"].as_str())
        .collect();
    assert!(titles.contains(&"Need a drill") && titles.contains(&"Arabic lessons online"));
    assert_eq!(
        view(json!({ "kind": "Request", "nature": null, "category": null, "remote_only": false }))
            .await["total"],
        1
    );
    assert_eq!(
        view(json!({ "kind": null, "nature": "Service", "category": null, "remote_only": false }))
            .await["total"],
        1
    );
    assert_eq!(
        view(json!({ "kind": null, "nature": null, "category": "Tools", "remote_only": false }))
            .await["total"],
        1
    );
    assert_eq!(
        view(json!({ "kind": null, "nature": null, "category": null, "remote_only": true })).await
            ["listings"][0]["title"],
        "Arabic lessons online"
    );

    // Many listings: counts per cell for the map, the newest for the list.
    use app::backend::listings;
    use app::domain::listing::ListingForm;
    let uid = alice.me().await["id"].as_i64().expect("id");
    for i in 0..260 {
        let form = ListingForm {
            category: "food".into(),
            title: format!("Soup {i}"),
            description: "A big pot of lentil soup.".into(),
            location: Some(app::domain::geo::GeoPoint {
                lat: 48.83 + f64::from(i % 20) * 0.003,
                lng: 2.30 + f64::from(i / 20) * 0.008,
            }),
            ..ListingForm::default()
        };
        let draft = form.parse(None).expect("valid");
        // Straight into the table: more than one person may post in a day.
        sea_orm::ActiveModelTrait::insert(
            listings::new_row(uid, &draft, app::backend::now()),
            &app.db,
        )
        .await
        .expect("create");
    }
    let crowded = view(no_filters()).await;
    assert_eq!(crowded["total"], 262);
    let clusters = crowded["clusters"].as_array().expect("clusters");
    assert!(!clusters.is_empty());
    let summed: u64 = clusters.iter().filter_map(|c| c["count"].as_u64()).sum();
    assert_eq!(summed, 262);
    assert_eq!(crowded["listings"].as_array().expect("list").len(), 50);

    let nonsense = alice
        .call("listings_in_view", json!({ "bbox": { "south": 1.0, "west": 1.0, "north": 1.0, "east": 1.0 }, "filters": no_filters() }))
        .await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
}
