//! An attacker who moves their own home, posts listings and saves alerts learns nothing about
//! someone else's place beyond its public cell (issue 17).

use h3o::{LatLng, Resolution};
use rand::{Rng, SeedableRng};
use rstest::rstest;
use serde_json::{Value, json};

use crate::matching::matches;
use crate::support::{Browser, Db, TestApp, invalid_fields, listing_form, spawn};

const PARIS: (f64, f64) = (48.8566, 2.3522);

/// The centre of a random resolution-8 cell near Paris and two points of it at least 0.002°
/// (about 150 m) apart east to west.
fn twins(rng: &mut impl Rng) -> ((f64, f64), (f64, f64), (f64, f64)) {
    let lat = PARIS.0 + rng.random_range(-0.03..0.03);
    let lng = PARIS.1 + rng.random_range(-0.04..0.04);
    let cell = LatLng::new(lat, lng)
        .expect("point")
        .to_cell(Resolution::Eight);
    let centre = LatLng::from(cell);
    let mut inside = Vec::new();
    while inside.len() < 2 {
        let p = (
            centre.lat() + rng.random_range(-0.004..0.004),
            centre.lng() + rng.random_range(-0.006..0.006),
        );
        let far_enough = inside
            .first()
            .is_none_or(|q: &(f64, f64)| (q.1 - p.1).abs() > 0.002);
        if LatLng::new(p.0, p.1)
            .expect("point")
            .to_cell(Resolution::Eight)
            == cell
            && far_enough
        {
            inside.push(p);
        }
    }
    ((centre.lat(), centre.lng()), inside[0], inside[1])
}

async fn set_home(b: &Browser, name: &str, home: (f64, f64)) -> crate::support::Answer {
    b.call(
        "update_profile",
        json!({ "form": { "display_name": name, "bio": "", "languages": ["fr"], "home": { "lat": home.0, "lng": home.1 } } }),
    )
    .await
}

async fn post_at(b: &Browser, kind: &str, at: (f64, f64), radius_km: &str) -> i64 {
    let mut form = listing_form(kind, "Maths tutoring", at.0, at.1);
    form["radius_km"] = json!(radius_km);
    b.call("create_listing", json!({ "form": form })).await.ok()["id"]
        .as_i64()
        .expect("id")
}

/// What a stranger can observe of one listing: the band from their home, and whether, how and
/// where it ranks among the matches of their own listing.
fn observed(list: &[Value], id: i64) -> Option<(Value, Value)> {
    list.iter()
        .find(|m| m["other"]["id"] == id)
        .map(|m| (m["points"].clone(), m["factors"].clone()))
}

async fn stranger(app: &TestApp, n: usize) -> Browser {
    app.user(
        &format!("stranger{n}@example.org"),
        &format!("Stranger {n}"),
    )
    .await
    .0
}

/// For random pairs of exact points in one public cell, every answer a stranger gets about a
/// listing at either point is the same: distance band, match or not, score and its why, alert
/// or not, and what the map and the list show.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn any_two_points_of_a_public_cell_look_the_same_to_a_stranger(#[case] db: Db) {
    let app = spawn(db).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(17);
    for trial in 0..6 {
        let (centre, a, b) = twins(&mut rng);
        // A stranger near the edge of a 1 km radius of the cell, where exact points would
        // decide: their home, a request of theirs and an alert, all there.
        let bearing: f64 = rng.random_range(0.0..std::f64::consts::TAU);
        let metres = rng.random_range(700.0..1_300.0);
        let home = (
            centre.0 + metres * bearing.cos() / 111_320.0,
            centre.1 + metres * bearing.sin() / (111_320.0 * centre.0.to_radians().cos()),
        );
        let s = stranger(&app, trial).await;
        set_home(&s, "Stranger", home).await.ok();
        s.call(
            "save_alert",
            json!({ "form": { "kind": "offer", "category": "", "center": { "lat": home.0, "lng": home.1 }, "radius_km": "1" } }),
        )
        .await
        .ok();
        let request = post_at(&s, "request", home, "1").await;

        let (twin_a, _) = app.user(&format!("a{trial}@example.org"), "Twin").await;
        let (twin_b, _) = app.user(&format!("b{trial}@example.org"), "Twin").await;
        // Same languages, same content: only the exact point differs.
        set_home(&twin_a, "Twin", a).await.ok();
        set_home(&twin_b, "Twin", b).await.ok();
        let offer_a = post_at(&twin_a, "offer", a, "1").await;
        let offer_b = post_at(&twin_b, "offer", b, "1").await;

        let view = |id: i64| {
            let s = s.clone();
            async move {
                s.call("get_listing", json!({ "id": id }))
                    .await
                    .ok()
                    .clone()
            }
        };
        let (va, vb) = (view(offer_a).await, view(offer_b).await);
        assert_eq!(va["distance"], vb["distance"], "trial {trial}: band");
        assert_eq!(va["area"], vb["area"], "trial {trial}: area");

        let list = matches(&s, request).await;
        assert_eq!(
            observed(&list, offer_a),
            observed(&list, offer_b),
            "trial {trial}: match, score and why"
        );
        // The twins are equal, so they sit next to each other in the stranger's list.
        if let (Some(i), Some(j)) = (
            list.iter().position(|m| m["other"]["id"] == offer_a),
            list.iter().position(|m| m["other"]["id"] == offer_b),
        ) {
            assert_eq!(i.abs_diff(j), 1, "trial {trial}: order");
        }

        // The stranger's alert fires for both or for neither.
        let notes = s.call("notifications", json!({})).await.ok().clone();
        let alerted = |id: i64| {
            notes
                .as_array()
                .expect("list")
                .iter()
                .any(|n| n["listing"]["id"] == id && n["topic"]["Alert"].is_object())
        };
        assert_eq!(alerted(offer_a), alerted(offer_b), "trial {trial}: alert");

        // The map and the list, over a box whose edge passes near the twins.
        let bbox = json!({ "south": a.0.min(b.0) - 0.01, "west": a.1.min(b.1) - 0.01, "north": (a.0 + b.0) / 2.0, "east": (a.1 + b.1) / 2.0 });
        let seen = s
            .call(
                "listings_in_view",
                json!({ "bbox": bbox, "filters": { "kind": null, "nature": null, "category": null, "remote_only": false } }),
            )
            .await
            .ok()
            .clone();
        let listed = |id: i64| {
            seen["listings"]
                .to_string()
                .contains(&format!("\"id\":{id},"))
        };
        assert_eq!(listed(offer_a), listed(offer_b), "trial {trial}: map");
    }
}

/// The attack itself: the attacker moves their home east of a listing, step by step, and
/// bisects where its band turns from "under 1 km" to "1–3 km". Against two listings at two
/// exact points of one cell the edge is found at the same place: it depends on the public
/// point only (before the fix the two edges stood as far apart as the two points).
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn bisecting_a_band_edge_finds_the_public_cell_not_the_exact_point(#[case] db: Db) {
    let app = spawn(db).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let (centre, a, b) = twins(&mut rng);
    let (victim, _) = app.user("victim@example.org", "Victim").await;
    let at_a = post_at(&victim, "offer", a, "5").await;
    let at_b = post_at(&victim, "offer", b, "5").await;
    let metres_per_lng = 111_320.0 * centre.0.to_radians().cos();

    // One probe: a fresh account (a home moves at most three times a day) living `m` east.
    let mut probes = 0;
    let mut band_at = async |m: f64| {
        probes += 1;
        let (probe, _) = app
            .user(&format!("probe{probes}@example.org"), "Probe")
            .await;
        set_home(&probe, "Probe", (centre.0, centre.1 + m / metres_per_lng))
            .await
            .ok();
        let band = |id: i64| {
            let probe = probe.clone();
            async move { probe.call("get_listing", json!({ "id": id })).await.ok()["distance"].clone() }
        };
        (band(at_a).await, band(at_b).await)
    };
    let (mut near, mut far) = (0.0_f64, 1_800.0_f64);
    let (inside, outside) = (band_at(near).await, band_at(far).await);
    assert_eq!(inside, (json!("UnderOneKm"), json!("UnderOneKm")));
    assert_eq!(outside, (json!("OneToThreeKm"), json!("OneToThreeKm")));
    while far - near > 5.0 {
        let mid = (near + far) / 2.0;
        let (band_a, band_b) = band_at(mid).await;
        assert_eq!(
            band_a, band_b,
            "the two exact points told apart at {mid:.0} m"
        );
        if band_a == "UnderOneKm" {
            near = mid;
        } else {
            far = mid;
        }
    }
    assert!(probes >= 10, "{probes} probes");
}

/// Moving one's home is limited to a few times a day; saving the same home again is not a move.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_home_moves_at_most_three_times_a_day(#[case] db: Db) {
    let app = spawn(db).await;
    let (mallory, _) = app.user("mallory@example.org", "Mallory").await;
    for i in 0..3 {
        set_home(
            &mallory,
            "Mallory",
            (PARIS.0 + f64::from(i) * 0.01, PARIS.1),
        )
        .await
        .ok();
    }
    let again = set_home(&mallory, "Mallory", (PARIS.0 + 0.02, PARIS.1)).await;
    assert_eq!(
        again.ok()["display_name"],
        "Mallory",
        "the same home is not a move"
    );
    let fourth = set_home(&mallory, "Mallory bis", (PARIS.0 + 0.05, PARIS.1)).await;
    assert_eq!(fourth.status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&fourth.body), ["Home"]);
    assert_eq!(
        fourth.body["Validation"][0]["code"],
        json!({ "TooManyMoves": { "per_day": 3 } })
    );
    let me = mallory.me().await;
    assert_eq!(me["home"]["lat"].as_f64(), Some(PARIS.0 + 0.02));
    assert_eq!(
        me["display_name"], "Mallory",
        "a refused save changes nothing"
    );
}
