//! Nobody but its owner ever receives an exact home or listing point.

use rstest::rstest;
use serde_json::json;

use crate::support::{Db, listing_form, spawn};

const HOME: (f64, f64) = (48.86123, 2.34567);

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn exact_points_stay_private(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, alice_id) = app.user("alice@example.org", "Alice").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let anonymous = app.browser();
    let profile = json!({ "form": { "display_name": "Alice", "bio": "Hi", "languages": ["fr", "ar"], "home": { "lat": HOME.0, "lng": HOME.1 } } });
    assert_eq!(
        alice.call("update_profile", profile).await.ok()["home"],
        json!({ "lat": HOME.0, "lng": HOME.1 })
    );
    bob.call(
        "update_profile",
        json!({ "form": { "display_name": "Bob", "bio": "", "languages": [], "home": { "lat": 48.85, "lng": 2.35 } } }),
    )
    .await
    .ok();
    let id = alice
        .call(
            "create_listing",
            json!({ "form": listing_form("offer", "Soup", HOME.0, HOME.1) }),
        )
        .await
        .ok()["id"]
        .as_i64()
        .expect("id");

    let exact_lat = HOME.0.to_string();
    for viewer in [&bob, &anonymous] {
        let seen = viewer.call("get_listing", json!({ "id": id })).await;
        let body = seen.ok();
        assert_eq!(body["exact"], json!(null));
        assert_ne!(body["area"]["lat"].as_f64(), Some(HOME.0));
        assert!(!body.to_string().contains(&exact_lat), "{body}");

        let view = viewer
            .call(
                "listings_in_view",
                json!({ "bbox": { "south": 48.8, "west": 2.2, "north": 48.9, "east": 2.5 }, "filters": { "kind": null, "nature": null, "category": null, "remote_only": false } }),
            )
            .await;
        assert!(!view.ok().to_string().contains(&exact_lat));

        let public = viewer
            .call("public_profile", json!({ "id": alice_id }))
            .await;
        let text = public.ok().to_string();
        assert!(
            !text.contains(&exact_lat) && !text.contains("alice@example.org"),
            "{text}"
        );
        assert!(public.body[0]["area"]["lat"].is_f64());
    }
    // Bob lives about 1.4 km away: he sees a band, never a number of metres, and the band is
    // measured between the two public points.
    let seen = bob.call("get_listing", json!({ "id": id })).await;
    let point = |(lat, lng): (f64, f64)| app::domain::geo::GeoPoint { lat, lng };
    let band = app::domain::geo::DistanceBand::public(point((48.85, 2.35)), point(HOME));
    assert_eq!(seen.ok()["distance"], json!(band));
    assert_eq!(
        anonymous
            .call("get_listing", json!({ "id": id }))
            .await
            .ok()["distance"],
        json!(null)
    );
    // The page itself, rendered on the server for Bob, carries no exact point either.
    let (_, html) = bob.get_page(&format!("/listings/{id}")).await;
    assert!(html.contains("Soup"));
    assert!(!html.contains(&exact_lat));
}
