//! Matching, notifications and alerts over HTTP, as two or more people would use them.

use std::time::Duration;

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::auth::{count, futures_join_all};
use crate::support::{Browser, Db, TestApp, invalid_fields, listing_form, spawn, spawn_with};

const PARIS: (f64, f64) = (48.8566, 2.3522);

/// A point `metres` east of Paris.
fn east(metres: f64) -> (f64, f64) {
    (
        PARIS.0,
        PARIS.1 + metres / (111_320.0 * PARIS.0.to_radians().cos()),
    )
}

async fn post(b: &Browser, form: Value) -> i64 {
    b.call("create_listing", json!({ "form": form })).await.ok()["id"]
        .as_i64()
        .expect("id")
}

/// Alice's offer and Bob's request, both at the centre of Paris: a match.
async fn offer_and_request(alice: &Browser, bob: &Browser) -> (i64, i64) {
    let offer = post(alice, listing_form("offer", "Maths help", PARIS.0, PARIS.1)).await;
    let request = post(
        bob,
        listing_form("request", "Maths tutor", PARIS.0, PARIS.1),
    )
    .await;
    (offer, request)
}

async fn edit(b: &Browser, id: i64, form: Value) {
    b.call("update_listing", json!({ "id": id, "form": form }))
        .await
        .ok();
}

async fn unread(b: &Browser) -> u64 {
    b.call("unread_count", json!({}))
        .await
        .ok()
        .as_u64()
        .expect("count")
}

async fn notifications(b: &Browser) -> Vec<Value> {
    b.call("notifications", json!({}))
        .await
        .ok()
        .as_array()
        .expect("list")
        .clone()
}

pub async fn matches(b: &Browser, listing: i64) -> Vec<Value> {
    b.call("listing_matches", json!({ "listing_id": listing }))
        .await
        .ok()
        .as_array()
        .expect("list")
        .clone()
}

fn reasons(factors: &Value) -> Vec<Value> {
    factors
        .as_array()
        .expect("factors")
        .iter()
        .map(|f| f["reason"].clone())
        .collect()
}

async fn two(app: &TestApp) -> ((Browser, i64), (Browser, i64)) {
    (
        app.user("alice@example.org", "Alice").await,
        app.user("bob@example.org", "Bob").await,
    )
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn an_offer_then_a_nearby_request_tell_both_authors_why(#[case] db: Db) {
    let app = spawn(db).await;
    let ((alice, _), (bob, _)) = two(&app).await;
    let offer = post(
        &alice,
        listing_form("offer", "Maths homework help", PARIS.0, PARIS.1),
    )
    .await;
    // Nothing to answer it yet: it stays on the map, unmatched.
    assert!(matches(&alice, offer).await.is_empty());
    assert_eq!(unread(&alice).await, 0);

    let (lat, lng) = east(1_500.0);
    let request = post(
        &bob,
        listing_form("request", "Homework for my daughter", lat, lng),
    )
    .await;

    for (who, mine, other) in [(&alice, offer, request), (&bob, request, offer)] {
        assert_eq!(unread(who).await, 1);
        let list = notifications(who).await;
        assert_eq!(list.len(), 1);
        let n = &list[0];
        assert_eq!(n["read"], false);
        assert_eq!(n["listing"]["id"], other);
        let topic = &n["topic"]["Match"];
        assert_eq!(topic["mine_id"], mine);
        let why = reasons(&topic["factors"]);
        assert!(
            why.contains(&json!({ "SameCategory": "Tutoring" })),
            "{why:?}"
        );
        assert!(
            why.contains(&json!({ "Distance": "OneToThreeKm" })),
            "{why:?}"
        );
        assert!(
            why.contains(&json!({ "CommonWords": ["homework"] })),
            "{why:?}"
        );
        let points: u64 = topic["factors"]
            .as_array()
            .expect("factors")
            .iter()
            .map(|f| f["points"].as_u64().expect("points"))
            .sum();
        assert_eq!(topic["points"], points);
        // No exact point of the other person in what a match shows.
        let text = n.to_string();
        let exact = if mine == offer { lng } else { PARIS.1 };
        assert!(!text.contains(&exact.to_string()), "{text}");

        let on_page = matches(who, mine).await;
        assert_eq!(on_page.len(), 1);
        assert_eq!(on_page[0]["other"]["id"], other);
        assert_eq!(on_page[0]["state"], "New");
    }
    // Reading the page marked the match seen; opening it marks it acted on and read.
    let m = matches(&alice, offer).await[0].clone();
    assert_eq!(m["state"], "Seen");
    let opened = alice.call("open_match", json!({ "id": m["id"] })).await;
    assert_eq!(opened.ok(), &json!(request));
    assert_eq!(unread(&alice).await, 0);
    assert_eq!(matches(&alice, offer).await[0]["state"], "Acted");
    assert_eq!(unread(&bob).await, 1);
    bob.call("mark_read", json!({ "id": null })).await.ok();
    assert_eq!(unread(&bob).await, 0);
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn nobody_reads_or_touches_someone_elses_matches(#[case] db: Db) {
    let app = spawn(db).await;
    let ((alice, _), (bob, _)) = two(&app).await;
    let (mallory, _) = app.user("mallory@example.org", "Mallory").await;
    let offer = post(
        &alice,
        listing_form("offer", "Maths help", PARIS.0, PARIS.1),
    )
    .await;
    post(
        &bob,
        listing_form("request", "Maths tutor wanted", PARIS.0, PARIS.1),
    )
    .await;
    let m = matches(&alice, offer).await[0]["id"].clone();
    let n = notifications(&alice).await[0]["id"].clone();

    let read = mallory
        .call("listing_matches", json!({ "listing_id": offer }))
        .await;
    assert_eq!(read.status, StatusCode::FORBIDDEN);
    for (name, args) in [
        ("dismiss_match", json!({ "id": m })),
        ("open_match", json!({ "id": m })),
        ("mark_read", json!({ "id": n })),
    ] {
        let answer = mallory.call(name, args).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{name}");
    }
    let anonymous = app.browser();
    let answer = anonymous.call("notifications", json!({})).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let answer = anonymous
        .call("listing_matches", json!({ "listing_id": offer }))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    // Alice's state is untouched.
    assert_eq!(unread(&alice).await, 1);
    assert_eq!(matches(&alice, offer).await.len(), 1);
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn far_listings_do_not_match_but_remote_services_do(#[case] db: Db) {
    let app = spawn(db).await;
    let ((alice, _), (bob, _)) = two(&app).await;
    let offer = post(
        &alice,
        listing_form("offer", "Maths help", PARIS.0, PARIS.1),
    )
    .await;
    // 5.2 km away, radius 5 km: no match.
    let (lat, lng) = east(5_200.0);
    post(&bob, listing_form("request", "Maths tutor", lat, lng)).await;
    assert!(matches(&alice, offer).await.is_empty());

    // Lyon, but both remote services: a match, for that reason.
    let mut remote_offer = listing_form("offer", "Online maths", PARIS.0, PARIS.1);
    remote_offer["remote"] = json!(true);
    let remote_id = post(&alice, remote_offer).await;
    let mut remote_request = listing_form("request", "Online tutor", 45.764, 4.8357);
    remote_request["remote"] = json!(true);
    let lyon = post(&bob, remote_request).await;
    let found = matches(&alice, remote_id).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["other"]["id"], lyon);
    assert!(reasons(&found[0]["factors"]).contains(&json!("Remote")));
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn a_dismissed_match_is_never_proposed_again(#[case] db: Db) {
    let app = spawn(db).await;
    let ((alice, _), (bob, _)) = two(&app).await;
    let (offer, request) = offer_and_request(&alice, &bob).await;
    let m = matches(&alice, offer).await[0]["id"].clone();
    alice.call("dismiss_match", json!({ "id": m })).await.ok();
    assert!(matches(&alice, offer).await.is_empty());
    assert!(matches(&bob, request).await.is_empty());
    assert_eq!(unread(&alice).await, 0);
    assert_eq!(unread(&bob).await, 0);

    // Editing either listing re-runs the matcher: the pair stays dismissed, nobody is told.
    edit(
        &alice,
        offer,
        listing_form("offer", "Maths and physics help", PARIS.0, PARIS.1),
    )
    .await;
    edit(
        &bob,
        request,
        listing_form("request", "Maths tutor please", PARIS.0, PARIS.1),
    )
    .await;
    assert!(matches(&alice, offer).await.is_empty());
    assert!(matches(&bob, request).await.is_empty());
    assert_eq!(unread(&alice).await, 0);
    assert_eq!(unread(&bob).await, 0);
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(*) AS n FROM matches WHERE state = 'dismissed'"
        )
        .await,
        2
    );
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn edits_and_withdrawals_keep_matches_true(#[case] db: Db) {
    let app = spawn(db).await;
    let ((alice, _), (bob, _)) = two(&app).await;
    let (offer, request) = offer_and_request(&alice, &bob).await;
    assert_eq!(matches(&bob, request).await.len(), 1);
    // Moved to a category nothing answers: the match goes.
    let mut form = listing_form("offer", "Maths help", PARIS.0, PARIS.1);
    form["category"] = json!("food");
    edit(&alice, offer, form).await;
    assert!(matches(&bob, request).await.is_empty());
    assert_eq!(unread(&bob).await, 0);
    // A new offer matches; withdrawing it removes the match and its notification.
    let second = post(
        &alice,
        listing_form("offer", "Physics help", PARIS.0, PARIS.1),
    )
    .await;
    assert_eq!(matches(&bob, request).await.len(), 1);
    assert_eq!(unread(&bob).await, 1);
    alice
        .call("withdraw_listing", json!({ "id": second }))
        .await
        .ok();
    assert!(matches(&bob, request).await.is_empty());
    assert_eq!(unread(&bob).await, 0);
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn a_saved_alert_fires_for_new_listings_that_fit(#[case] db: Db) {
    let app = spawn(db).await;
    let ((alice, _), (carol, _)) = two(&app).await;
    let saved = carol
        .call(
            "save_alert",
            json!({ "form": { "kind": "offer", "category": "", "center": { "lat": PARIS.0, "lng": PARIS.1 }, "radius_km": "3" } }),
        )
        .await;
    let alert = saved.ok()["id"].clone();
    assert_eq!(saved.body["radius_km"], 3);

    // A request does not fit, nor an offer 4 km away, nor Carol's own offer.
    post(
        &alice,
        listing_form("request", "Need a tutor", PARIS.0, PARIS.1),
    )
    .await;
    let (lat, lng) = east(4_000.0);
    post(&alice, listing_form("offer", "Far maths help", lat, lng)).await;
    // (in a category nothing else here answers, so no match notification either)
    let mut own = listing_form("offer", "My own offer", PARIS.0, PARIS.1);
    own["category"] = json!("food");
    post(&carol, own).await;
    assert_eq!(unread(&carol).await, 0);

    let (lat, lng) = east(1_000.0);
    let fits = post(&alice, listing_form("offer", "Maths help", lat, lng)).await;
    assert_eq!(unread(&carol).await, 1);
    let n = &notifications(&carol).await[0];
    assert_eq!(n["listing"]["id"], fits);
    assert_eq!(n["topic"]["Alert"]["alert_id"], alert);
    // Measured from the listing's public point, never its exact one.
    let band = app::domain::geo::DistanceBand::between(
        app::domain::geo::GeoPoint {
            lat: PARIS.0,
            lng: PARIS.1,
        },
        app::domain::geo::GeoPoint { lat, lng }.public(),
    );
    assert_eq!(n["topic"]["Alert"]["distance"], json!(band));
    // Editing the listing does not notify twice.
    edit(
        &alice,
        fits,
        listing_form("offer", "Maths help, evenings", lat, lng),
    )
    .await;
    assert_eq!(unread(&carol).await, 1);

    // The alert is listed, and only its owner can delete it.
    let mine = carol.call("my_alerts", json!({})).await;
    assert_eq!(mine.ok().as_array().map(Vec::len), Some(1));
    let theft = alice.call("delete_alert", json!({ "id": alert })).await;
    assert_eq!(theft.status, StatusCode::NOT_FOUND);
    carol
        .call("delete_alert", json!({ "id": alert }))
        .await
        .ok();
    let mine = carol.call("my_alerts", json!({})).await;
    assert_eq!(mine.ok().as_array().map(Vec::len), Some(0));
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_saves_nothing(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let answer = alice
        .call(
            "save_alert",
            json!({ "form": { "kind": "swap", "category": "weapons", "center": null, "radius_km": "7" } }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invalid_fields(&answer.body),
        ["Kind", "Category", "Location", "Radius"]
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) AS n FROM alerts").await, 0);

    let answer = alice
        .call("set_notify_preference", json!({ "preference": "loud" }))
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&answer.body), ["Notify"]);
    assert_eq!(alice.me().await["notify"], "Best");

    let mut form = listing_form("offer", "Maths help", PARIS.0, PARIS.1);
    form["radius_km"] = json!("2");
    let answer = alice.call("create_listing", json!({ "form": form })).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&answer.body), ["Radius"]);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM listings").await,
        0
    );
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn preferences_decide_who_is_told(#[case] db: Db) {
    let app = spawn_with(db, &[("ENTRAIDE_NOTIFY_BEST", "2")]).await;
    let ((alice, _), (bob, _)) = two(&app).await;
    bob.call("set_notify_preference", json!({ "preference": "none" }))
        .await
        .ok();
    assert_eq!(bob.me().await["notify"], "None");
    // Three helpers offer; Bob, who wants no match notifications, offers too.
    for i in 0..3 {
        let (b, _) = app.user(&format!("helper{i}@example.org"), "Helper").await;
        post(&b, listing_form("offer", "Maths help", PARIS.0, PARIS.1)).await;
    }
    post(&bob, listing_form("offer", "Maths help", PARIS.0, PARIS.1)).await;
    let request = post(
        &alice,
        listing_form("request", "Maths tutor", PARIS.0, PARIS.1),
    )
    .await;
    // Four matches are stored and listed; Alice ("best", 2) is told of two, Bob of none.
    assert_eq!(matches(&alice, request).await.len(), 4);
    assert_eq!(unread(&alice).await, 2);
    assert_eq!(unread(&bob).await, 0);

    alice
        .call("set_notify_preference", json!({ "preference": "all" }))
        .await
        .ok();
    let (dave, _) = app.user("dave@example.org", "Dave").await;
    post(&dave, listing_form("offer", "Maths help", PARIS.0, PARIS.1)).await;
    assert_eq!(unread(&alice).await, 3);
}

/// Offers and requests posted all at once still find each other exactly once: every pair is
/// stored on both sides, and nobody is notified twice about one pair.
#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn listings_posted_at_once_all_find_each_other(#[case] db: Db) {
    let app = spawn_with(db, &[("ENTRAIDE_NOTIFY_BEST", "50")]).await;
    const EACH: usize = 6;
    let mut people = Vec::new();
    for i in 0..EACH * 2 {
        people.push(app.user(&format!("p{i}@example.org"), "Neighbour").await.0);
    }
    let posts = people.into_iter().enumerate().map(|(i, b)| async move {
        let kind = if i % 2 == 0 { "offer" } else { "request" };
        let (lat, lng) = east(100.0 * i as f64);
        let id = post(&b, listing_form(kind, "Maths help", lat, lng)).await;
        (b, id)
    });
    let posted = futures_join_all(posts.map(Box::pin)).await;
    for (b, id) in &posted {
        assert_eq!(matches(b, *id).await.len(), EACH);
        assert_eq!(unread(b).await, EACH as u64);
    }
    let pairs = (EACH * EACH * 2) as i64;
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM matches").await,
        pairs
    );
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM notifications").await,
        pairs
    );
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn the_unread_count_streams_to_the_open_page(#[case] db: Db) {
    let app = spawn(db).await;
    let ((alice, _), (bob, _)) = two(&app).await;
    let anonymous = app.browser();
    let refused = anonymous
        .client
        .get(format!("{}/events/unread", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let mut stream = alice
        .client
        .get(format!("{}/events/unread", app.base))
        .send()
        .await
        .expect("stream");
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(
        stream.headers()["content-type"]
            .to_str()
            .is_ok_and(|v| v.starts_with("text/event-stream"))
    );
    let mut seen = String::new();
    read_until(&mut stream, &mut seen, "event: unread\ndata: 0").await;
    offer_and_request(&alice, &bob).await;
    read_until(&mut stream, &mut seen, "data: 1").await;
    alice.call("mark_read", json!({ "id": null })).await.ok();
    read_until(&mut stream, &mut seen, "data: 1\n\nevent: unread\ndata: 0").await;
}

async fn read_until(stream: &mut reqwest::Response, seen: &mut String, needle: &str) {
    while !seen.contains(needle) {
        let chunk = tokio::time::timeout(Duration::from_secs(10), stream.chunk())
            .await
            .expect("an event within 10 s")
            .expect("chunk")
            .expect("stream open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
}

/// In a busy area the search reads the nearest rings first and stops after
/// `MAX_NEARBY_CANDIDATES` counterparts: a better-scored listing 4 km away is found while the
/// centre is quiet, and no longer looked at once hundreds of counterparts sit next door.
#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn a_busy_area_is_searched_nearest_first_up_to_the_cap(#[case] db: Db) {
    use app::backend::entities::listing;
    use app::backend::listings::new_row;
    use app::domain::geo::GeoPoint;
    use app::domain::listing::{Category, ListingDraft, ListingKind, Nature};
    use app::domain::matching::{MAX_NEARBY_CANDIDATES, MAX_STORED_MATCHES};
    use app::domain::vocab::DAY;
    use sea_orm::{ActiveValue::Set, EntityTrait};

    let app = spawn(db).await;
    let ((alice, _), (bob, _)) = two(&app).await;
    let (_crowd, crowd_id) = app.user("crowd@example.org", "Crowd").await;
    let title = "Maths tutoring algebra geometry";
    let (lat, lng) = east(4_000.0);
    let far = post(&bob, listing_form("request", title, lat, lng)).await;
    let first = post(&alice, listing_form("offer", title, PARIS.0, PARIS.1)).await;
    assert_eq!(matches(&alice, first).await[0]["other"]["id"], far);

    // Older, plainer requests right next to the centre, already matched (the sweep skips them).
    let now = app::backend::now();
    let rows: Vec<listing::ActiveModel> = (0..MAX_NEARBY_CANDIDATES + 20)
        .map(|i| {
            let step = (i % 40) as f64 * 10.0;
            let draft = ListingDraft {
                kind: ListingKind::Request,
                nature: Nature::Service,
                category: Category::Tutoring,
                title: format!("Crowd {i}"),
                description: "Someone nearby.".into(),
                remote: false,
                price: 0,
                expires_in_days: 60,
                location: GeoPoint {
                    lat: PARIS.0 + step / 111_320.0,
                    lng: PARIS.1 + (i / 40) as f64 * 0.0001,
                },
                radius_m: 5_000,
            };
            let mut row = new_row(crowd_id, &draft, now - 40 * DAY);
            row.matched_at = Set(Some(now));
            row
        })
        .collect();
    for chunk in rows.chunks(100) {
        listing::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .expect("insert the crowd");
    }

    let second = post(&alice, listing_form("offer", title, PARIS.0, PARIS.1)).await;
    let found = matches(&alice, second).await;
    assert_eq!(found.len(), MAX_STORED_MATCHES);
    assert!(
        found.iter().all(|m| m["other"]["id"] != far),
        "the listing 4 km away was read although the centre is full"
    );
}
