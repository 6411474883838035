//! `/open-data/v1/…` (issue 24): the neighbourhood figures, computed by the job from the tables
//! once a period is due, published only for areas of at least 11 people, as GeoJSON and CSV,
//! open to every origin, cacheable, rate-limited; bad queries answered 400/404 with a message.

use std::collections::BTreeSet;

use app::backend::entities::{listing, open_data_figure, open_data_period, user};
use app::backend::{insights, listings};
use app::domain::geo::GeoPoint;
use app::domain::listing::ListingForm;
use app::domain::open_data::MIN_PEOPLE;
use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::ActiveValue::Set;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::Value;

use crate::support::{Db, TestApp, spawn};

/// 2025-05-10, in the second quarter of 2025.
const MAY_2025: i64 = 1_746_871_200;
/// 2024-05-10.
const MAY_2024: i64 = 1_715_335_200;
/// 2026-01-20: every quarter of 2025 and the year are due (14 days after their end).
const JANUARY_2026: i64 = 1_768_903_200;

const PARIS: GeoPoint = GeoPoint {
    lat: 48.8566,
    lng: 2.3522,
};
const LYON: GeoPoint = GeoPoint {
    lat: 45.7640,
    lng: 4.8357,
};
/// About 9 km north of Paris's centre: another district, in the same large cells.
const SAINT_DENIS: GeoPoint = GeoPoint {
    lat: 48.9362,
    lng: 2.3574,
};

/// `n` people who joined at `at`, each posting one offer at `place` (so in one public cell) at
/// `at`.
async fn offers(app: &TestApp, prefix: &str, n: usize, place: GeoPoint, at: i64) {
    post(app, prefix, n, "offer", 1, place, at).await;
}

/// `n` people who joined at `at`, each posting `each` listings of `kind` at `place` at `at`.
async fn post(
    app: &TestApp,
    prefix: &str,
    n: usize,
    kind: &str,
    each: usize,
    place: GeoPoint,
    at: i64,
) {
    user::Entity::insert_many((0..n).map(|i| user::ActiveModel {
        email: Set(format!("{prefix}-{i}@example.org")),
        display_name: Set(format!("{prefix} {i}")),
        password_hash: Set("not a hash: nobody signs in".to_owned()),
        bio: Set(String::new()),
        languages: Set(String::new()),
        created_at: Set(at),
        notify: Set("all".to_owned()),
        role: Set("member".to_owned()),
        skills: Set(String::new()),
        ..Default::default()
    }))
    .exec_without_returning(&app.db)
    .await
    .expect("people");
    let people: Vec<user::Model> = user::Entity::find().all(&app.db).await.expect("people");
    let rows: Vec<listing::ActiveModel> = people
        .iter()
        .filter(|p| p.email.starts_with(&format!("{prefix}-")))
        .flat_map(|p| std::iter::repeat_n(p, each))
        .enumerate()
        .map(|(i, p)| {
            let form = ListingForm {
                kind: kind.into(),
                nature: "service".into(),
                category: "tutoring".into(),
                title: format!("Homework help {i}"),
                description: "An hour of maths after school.".into(),
                location: Some(place),
                ..ListingForm::default()
            };
            listings::new_row(p.id, &form.parse(None).expect("valid"), at)
        })
        .collect();
    listing::Entity::insert_many(rows)
        .exec_without_returning(&app.db)
        .await
        .expect("listings");
}

async fn geojson(app: &TestApp, query: &str) -> (StatusCode, Value) {
    let (status, _, body) = app
        .browser()
        .get_bytes(&format!("/open-data/v1/areas.geojson?{query}"))
        .await;
    (status, serde_json::from_slice(&body).expect("json"))
}

fn features(body: &Value) -> Vec<(String, u64, u64, u64)> {
    body["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["cell"].as_str().expect("cell").to_owned(),
                p["cell_resolution"].as_u64().expect("resolution"),
                p["value"].as_u64().expect("value"),
                p["participants"].as_u64().expect("participants"),
            )
        })
        .collect()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn figures_are_published_for_areas_of_eleven_people_or_more(#[case] db: Db) {
    let app = spawn(db).await;
    // 2024: twelve people in Paris and twelve in Lyon, each in one public cell.
    offers(&app, "paris24", 12, PARIS, MAY_2024).await;
    offers(&app, "lyon24", 12, LYON, MAY_2024).await;
    // 2025: twelve in Paris, three in Saint-Denis.
    offers(&app, "paris25", 12, PARIS, MAY_2025).await;
    offers(&app, "denis25", 3, SAINT_DENIS, MAY_2025).await;

    // Two runners at once (two servers on one database): each period stored once.
    let (a, b) = tokio::join!(
        insights::run(&app.db, JANUARY_2026),
        insights::run(&app.db, JANUARY_2026)
    );
    let mut stored: Vec<String> = a.expect("run").into_iter().chain(b.expect("run")).collect();
    stored.sort();
    let expected: Vec<String> = [
        "2024", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025", "2025-Q1", "2025-Q2",
        "2025-Q3", "2025-Q4",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(stored, expected, "every due period once, 2026's not yet");
    let figures = open_data_figure::Entity::find()
        .count(&app.db)
        .await
        .expect("count");
    assert!(
        insights::run(&app.db, JANUARY_2026)
            .await
            .expect("again")
            .is_empty()
    );
    assert_eq!(
        open_data_figure::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        figures
    );
    assert_eq!(
        open_data_period::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        10
    );

    // 2024-Q2 at resolution 8: the two public cells, twelve people each.
    let (status, body) = geojson(&app, "measure=offers&period=2024-Q2&resolution=8").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["licence"],
        "Licence Ouverte / Open Licence 2.0 (Etalab)"
    );
    let shown = features(&body);
    assert_eq!(shown.len(), 2, "{shown:?}");
    for (_, resolution, value, participants) in &shown {
        assert_eq!((*resolution, *value, *participants), (8, 12, 12));
    }
    // At resolution 7: their parents.
    let (_, body) = geojson(&app, "measure=offers&period=2024-Q2&resolution=7").await;
    let coarse = features(&body);
    assert_eq!(coarse.len(), 2);
    assert!(coarse.iter().all(|f| f.1 == 7 && f.3 == 12));
    // The year 2024 is the sum of its quarters.
    let (_, body) = geojson(&app, "measure=offers&period=2024&resolution=8").await;
    assert_eq!(features(&body).iter().map(|f| f.2).sum::<u64>(), 24);

    // 2025-Q2: Saint-Denis's three cannot be shown, nor subtracted: one larger area holds all
    // fifteen, at both resolutions.
    for resolution in [7, 8] {
        let (_, body) = geojson(
            &app,
            &format!("measure=offers&period=2025-Q2&resolution={resolution}"),
        )
        .await;
        let shown = features(&body);
        assert_eq!(shown.len(), 1, "{shown:?}");
        let (_, cell_resolution, value, participants) = shown[0].clone();
        assert!(
            cell_resolution < 7,
            "merged into a coarse cell: {cell_resolution}"
        );
        assert_eq!((value, participants), (15, 15));
    }
    // By category: the same partition rule (every category and the total pass).
    let (_, body) = geojson(
        &app,
        "measure=offers&period=2025-Q2&resolution=8&category=tutoring",
    )
    .await;
    assert_eq!(features(&body).iter().map(|f| f.2).sum::<u64>(), 15);

    // Whatever is asked, nothing published covers fewer than 11 people.
    let (_, index, body) = app.browser().get_bytes("/open-data/v1/").await;
    assert_eq!(
        index
            .get("access-control-allow-origin")
            .map(|v| v.to_str().expect("text")),
        Some("*")
    );
    let index: Value = serde_json::from_slice(&body).expect("index");
    let periods: BTreeSet<String> = index["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| p.as_str().expect("code").to_owned())
        .collect();
    assert_eq!(periods.len(), 10);
    assert_eq!(index["rules"]["min_people"], 11);
    let all = open_data_figure::Entity::find()
        .all(&app.db)
        .await
        .expect("all");
    assert!(!all.is_empty());
    for f in &all {
        assert!(f.participants >= MIN_PEOPLE as i64, "{f:?}");
    }
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn the_api_answers_csv_caches_and_refuses_bad_queries(#[case] db: Db) {
    let app = spawn(db).await;
    let b = app.browser();
    // Nothing published yet: said, not a server error.
    let (status, _, body) = b
        .get_bytes("/open-data/v1/areas.geojson?measure=offers")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(String::from_utf8_lossy(&body).contains("published"));

    offers(&app, "paris", 12, PARIS, MAY_2025).await;
    insights::run(&app.db, JANUARY_2026).await.expect("run");

    // CSV: a header and one row per area; no name, no e-mail, no exact point.
    let (status, headers, body) = b
        .get_bytes("/open-data/v1/areas.csv?measure=offers&period=2025-Q2&resolution=8")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .expect("text")
            .starts_with("text/csv")
    );
    let text = String::from_utf8(body).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "period,measure,category,cell,cell_resolution,centre_lat,centre_lng,value,participants,\
         demand_index,demand"
    );
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].starts_with("2025-Q2,offers,,"));
    assert!(lines[1].ends_with(",12,12,,"), "no demand index for offers");
    assert!(!text.contains("paris") && !text.contains("48.85660,2.35220"));

    // ETag: the same answer is not sent twice.
    let etag = headers["etag"].to_str().expect("text").to_owned();
    assert!(
        headers["cache-control"]
            .to_str()
            .expect("text")
            .contains("max-age")
    );
    let again = b
        .client
        .get(format!(
            "{}/open-data/v1/areas.csv?measure=offers&period=2025-Q2&resolution=8",
            b.base
        ))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("get");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    // Bad queries: 400 or 404 with a message, never 500.
    for (query, status) in [
        ("measure=nothing", StatusCode::BAD_REQUEST),
        ("", StatusCode::BAD_REQUEST),
        ("measure=offers&resolution=9", StatusCode::BAD_REQUEST),
        ("measure=offers&resolution=x", StatusCode::BAD_REQUEST),
        ("measure=offers&period=2025-Q5", StatusCode::BAD_REQUEST),
        ("measure=offers&period=2031", StatusCode::NOT_FOUND),
        ("measure=offers&category=%27%3B--", StatusCode::BAD_REQUEST),
        ("measure=members&category=food", StatusCode::NOT_FOUND),
        (
            "measure=offers&category=unknown_thing",
            StatusCode::BAD_REQUEST,
        ),
        ("measure=offers&period=%FF", StatusCode::BAD_REQUEST),
    ] {
        for format in ["geojson", "csv"] {
            let (got, _, body) = b
                .get_bytes(&format!("/open-data/v1/areas.{format}?{query}"))
                .await;
            assert_eq!(got, status, "{format}?{query}");
            let body: Value = serde_json::from_slice(&body).expect("json error");
            assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()));
            assert!(body["error_fr"].as_str().is_some_and(|e| !e.is_empty()));
        }
    }
    // The newest period when none is asked.
    let (status, body) = geojson(&app, "measure=offers").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["period"], "2025");

    // A rate limit per client.
    let mut refused = 0;
    for _ in 0..130 {
        let (status, headers, _) = b.get_bytes("/open-data/v1/").await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(headers["retry-after"], "60");
            refused += 1;
        }
    }
    assert!(
        refused > 0,
        "130 requests at once from one client are not all served"
    );
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn the_demand_index_flags_an_area_that_asks_for_much_more(#[case] db: Db) {
    let app = spawn(db).await;
    let marseille = GeoPoint {
        lat: 43.2965,
        lng: 5.3698,
    };
    let lille = GeoPoint {
        lat: 50.6292,
        lng: 3.0573,
    };
    post(&app, "paris", 12, "request", 1, PARIS, MAY_2025).await;
    post(&app, "lyon", 12, "request", 1, LYON, MAY_2025).await;
    post(&app, "marseille", 12, "request", 1, marseille, MAY_2025).await;
    // Lille's twelve ask three times as much.
    post(&app, "lille", 12, "request", 3, lille, MAY_2025).await;
    insights::run(&app.db, JANUARY_2026).await.expect("run");
    let (status, body) = geojson(&app, "measure=requests&period=2025-Q2&resolution=8").await;
    assert_eq!(status, StatusCode::OK);
    let mut flags: Vec<(u64, String, f64)> = body["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["value"].as_u64().expect("value"),
                p["demand"].as_str().expect("flag").to_owned(),
                p["demand_index"].as_f64().expect("index"),
            )
        })
        .collect();
    flags.sort_by_key(|f| f.0);
    assert_eq!(
        flags,
        vec![
            (12, "usual".to_owned(), 1.0),
            (12, "usual".to_owned(), 1.0),
            (12, "usual".to_owned(), 1.0),
            (36, "high".to_owned(), 3.0),
        ]
    );
    // Offers have none.
    let (_, body) = geojson(&app, "measure=offers&period=2025-Q2&resolution=8").await;
    assert!(features(&body).is_empty());
}

/// The sum of an answer's values, and the largest number of participants of one area.
async fn total(app: &TestApp, measure: &str) -> (f64, u64) {
    let (status, body) = geojson(
        app,
        &format!("measure={measure}&period=2025-Q2&resolution=8"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{measure}");
    let features = body["features"].as_array().expect("features").clone();
    let sum = features
        .iter()
        .map(|f| f["properties"]["value"].as_f64().expect("value"))
        .sum();
    let most = features
        .iter()
        .map(|f| {
            f["properties"]["participants"]
                .as_u64()
                .expect("participants")
        })
        .max()
        .unwrap_or(0);
    (sum, most)
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn each_measure_counts_what_it_says(#[case] db: Db) {
    use app::backend::entities::{activity, activity_slot, association, exchange, signup};
    use app::domain::geo::cell_to_i64;
    use sea_orm::{ColumnTrait, QueryFilter};

    let app = spawn(db).await;
    post(&app, "giver", 12, "offer", 1, PARIS, MAY_2025).await;
    post(&app, "asker", 12, "request", 1, PARIS, MAY_2025).await;
    post(&app, "helped", 12, "request", 1, LYON, MAY_2025).await;
    let listings_of = |prefix: &'static str| {
        let db = app.db.clone();
        async move {
            let people: Vec<i64> = user::Entity::find()
                .filter(user::Column::Email.starts_with(format!("{prefix}-")))
                .all(&db)
                .await
                .expect("people")
                .into_iter()
                .map(|u| u.id)
                .collect();
            listing::Entity::find()
                .filter(listing::Column::AuthorId.is_in(people))
                .all(&db)
                .await
                .expect("listings")
        }
    };
    let gifts = listings_of("giver").await;
    let askers = listings_of("asker").await;
    let helped = listings_of("helped").await;
    let row = |l: &listing::Model, giver: i64, receiver: i64, state: &str, at: i64| {
        exchange::ActiveModel {
            listing_id: Set(l.id),
            author_id: Set(l.author_id),
            proposer_id: Set(if giver == l.author_id {
                receiver
            } else {
                giver
            }),
            giver_id: Set(giver),
            receiver_id: Set(receiver),
            state: Set(state.to_owned()),
            list_price: Set(0),
            price: Set(Some(0)),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
    };
    let mut exchanges = Vec::new();
    // Twelve offers given to the twelve Paris askers, completed the next day: 12 exchanges,
    // 24 people. The Paris requests got no proposal: unmet.
    for (gift, asker) in gifts.iter().zip(&askers) {
        exchanges.push(row(
            gift,
            gift.author_id,
            asker.author_id,
            "completed",
            MAY_2025 + 86_400,
        ));
    }
    // Lyon's requests each got a proposal within two days (later cancelled): not unmet, and
    // not a completed exchange.
    for (request, giver) in helped.iter().zip(&gifts) {
        exchanges.push(row(
            request,
            giver.author_id,
            request.author_id,
            "cancelled",
            MAY_2025 + 2 * 86_400,
        ));
    }
    exchange::Entity::insert_many(exchanges)
        .exec_without_returning(&app.db)
        .await
        .expect("exchanges");

    // Paris's twelve givers live in Paris: twelve members there.
    let home = cell_to_i64(PARIS.cell(h3o::Resolution::Eight).expect("cell"));
    user::Entity::update_many()
        .col_expr(
            user::Column::HomeCell,
            sea_orm::sea_query::Expr::value(home),
        )
        .filter(user::Column::Email.starts_with("giver-"))
        .exec(&app.db)
        .await
        .expect("homes");

    // An event in Paris: the twelve askers came and gave an hour and a half each; one more
    // person cancelled and counts nowhere.
    let organiser = askers[0].author_id;
    let club = association::Entity::insert(association::ActiveModel {
        name: Set("Club".into()),
        description: Set(String::new()),
        address: Set("Paris".into()),
        lat: Set(PARIS.lat),
        lng: Set(PARIS.lng),
        website: Set(String::new()),
        contact: Set(String::new()),
        categories: Set(String::new()),
        created_by: Set(organiser),
        created_at: Set(MAY_2025),
        updated_at: Set(MAY_2025),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .expect("association")
    .last_insert_id;
    let event = activity::Entity::insert(activity::ActiveModel {
        association_id: Set(club),
        kind: Set("event".into()),
        title: Set("Homework club".into()),
        description: Set(String::new()),
        category: Set("education".into()),
        online: Set(false),
        address: Set("Paris".into()),
        lat: Set(Some(PARIS.lat)),
        lng: Set(Some(PARIS.lng)),
        accessibility: Set(String::new()),
        languages: Set(String::new()),
        skills: Set(String::new()),
        auto_accept: Set(true),
        registration: Set(true),
        created_by: Set(organiser),
        created_at: Set(MAY_2025),
        updated_at: Set(MAY_2025),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .expect("activity")
    .last_insert_id;
    let slot = activity_slot::Entity::insert(activity_slot::ActiveModel {
        activity_id: Set(event),
        starts_at: Set(MAY_2025 + 3 * 86_400),
        ends_at: Set(MAY_2025 + 3 * 86_400 + 7_200),
        completed_at: Set(Some(MAY_2025 + 3 * 86_400 + 7_200)),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .expect("slot")
    .last_insert_id;
    let mut signups: Vec<signup::ActiveModel> = askers
        .iter()
        .enumerate()
        .map(|(seq, a)| signup::ActiveModel {
            slot_id: Set(slot),
            activity_id: Set(event),
            user_id: Set(a.author_id),
            status: Set("attended".into()),
            seq: Set(seq as i64),
            minutes: Set(Some(90)),
            created_at: Set(MAY_2025),
            updated_at: Set(MAY_2025),
            ..Default::default()
        })
        .collect();
    signups.push(signup::ActiveModel {
        slot_id: Set(slot),
        activity_id: Set(event),
        user_id: Set(gifts[0].author_id),
        status: Set("cancelled".into()),
        seq: Set(99),
        minutes: Set(Some(600)),
        created_at: Set(MAY_2025),
        updated_at: Set(MAY_2025),
        ..Default::default()
    });
    signup::Entity::insert_many(signups)
        .exec_without_returning(&app.db)
        .await
        .expect("signups");

    insights::run(&app.db, JANUARY_2026).await.expect("run");
    assert_eq!(total(&app, "offers").await, (12.0, 12));
    assert_eq!(total(&app, "requests").await, (24.0, 12));
    assert_eq!(
        total(&app, "unmet").await,
        (12.0, 12),
        "only Paris's requests were unmet"
    );
    assert_eq!(
        total(&app, "exchanges").await,
        (12.0, 24),
        "one exchange, two people"
    );
    assert_eq!(total(&app, "members").await, (12.0, 12));
    assert_eq!(total(&app, "registrations").await, (12.0, 12));
    assert_eq!(total(&app, "hours").await, (18.0, 12), "12 × 90 minutes");
    // One event only, which every one of its people attended: each accounts for all of it
    // (above 85 %), so it is withheld, as the dominance rule says.
    assert_eq!(total(&app, "events").await, (0.0, 0));
}

/// The `/insights` page as a person without script reads it: the same figures as the API, a
/// table with a row per area (numbered largest first, at least 11 people each), the map's
/// outlines for its island, the downloads and the rules; codes it does not know fall back to
/// the defaults; nothing published yet is said so.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn the_insights_page_shows_the_published_figures(#[case] db: Db) {
    let app = spawn(db).await;
    let browser = app.browser();
    let (status, page) = browser.get_page("/insights").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("data-testid=\"insights-none\""),
        "nothing yet"
    );
    assert!(!page.contains("insights-table"));

    let marseille = GeoPoint {
        lat: 43.2965,
        lng: 5.3698,
    };
    let lille = GeoPoint {
        lat: 50.6292,
        lng: 3.0573,
    };
    post(&app, "paris", 12, "request", 1, PARIS, MAY_2025).await;
    post(&app, "lyon", 12, "request", 1, LYON, MAY_2025).await;
    post(&app, "marseille", 12, "request", 1, marseille, MAY_2025).await;
    post(&app, "lille", 12, "request", 3, lille, MAY_2025).await;
    insights::run(&app.db, JANUARY_2026).await.expect("run");

    let (status, page) = browser
        .get_page("/insights?measure=requests&period=2025-Q2&resolution=8")
        .await;
    assert_eq!(status, StatusCode::OK);
    // Without the markers Leptos leaves between a view's parts.
    let page = page.replace("<!>", "");
    assert!(page.contains("<title>Mutual aid in figures, area by area"));
    let table = &page[page.find("insights-table").expect("a table")..];
    let body = &table[table.find("<tbody").expect("rows")..table.find("</tbody>").expect("end")];
    assert_eq!(body.matches("<tr").count(), 4, "{body}");
    // Largest first: Lille's 36, flagged as unusually high demand.
    let first = &body[..body.find("</tr>").expect("row")];
    assert!(first.contains(">1</th>"), "{first}");
    assert!(first.contains(">36</td>"), "{first}");
    assert!(first.contains("unusually high (3.00)"), "{first}");
    assert!(
        page.contains(
            "/open-data/v1/areas.csv?measure=requests&amp;period=2025-Q2&amp;resolution=8"
        )
    );
    assert!(page.contains("at least 11 different people"));
    // The map's island gets the outlines: four polygons, numbered.
    assert_eq!(
        page.matches(r#"\&quot;type\&quot;:\&quot;Polygon\&quot;"#)
            .count(),
        4
    );

    // Unknown codes: the defaults (exchanges, newest period), not an error; nothing was
    // exchanged, so no area.
    let (status, page) = browser
        .get_page("/insights?measure=%3Cscript%3Ealert(1)%3C/script%3E&period=1999&resolution=99&category=x")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-testid=\"insights-empty\""));
    assert!(!page.contains("alert(1)"), "nothing typed is echoed");
    // The server function answers the same, and refuses a body it cannot read with 400.
    let answer = browser
        .call(
            "insights",
            serde_json::json!({ "query": { "measure": "requests", "period": "2025-Q2", "resolution": "7", "category": "" } }),
        )
        .await;
    let view = answer.ok();
    assert_eq!(view["resolution"], 7);
    assert_eq!(view["period"], "2025-Q2");
    let areas = view["areas"].as_array().expect("areas");
    assert_eq!(areas.len(), 4);
    assert!(areas.iter().all(|a| a["participants"].as_i64() >= Some(11)));
    let refused = browser
        .call("insights", serde_json::json!({ "query": 3 }))
        .await;
    // The document of the API, generated from its code.
    let (status, _, doc) = browser.get_bytes("/open-data/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_slice(&doc).expect("openapi");
    assert!(doc["paths"]["/open-data/v1/areas.geojson"]["get"].is_object());
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
}

/// A territory as the API gives it: code, value, participants, areas, rate, demand.
type TerritoryRow = (String, u64, u64, u64, Option<f64>, Option<String>);

/// A square territory of `half` degrees around a point.
fn square(code: &str, name: &str, population: Option<i64>, around: GeoPoint, half: f64) -> String {
    let (w, e, s, n) = (
        around.lng - half,
        around.lng + half,
        around.lat - half,
        around.lat + half,
    );
    let population = population.map_or("null".to_owned(), |p| p.to_string());
    format!(
        r#"{{"type":"Feature","properties":{{"code":"{code}","name":"{name}","population":{population}}},"geometry":{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}}}"#
    )
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

async fn territories(app: &TestApp, query: &str) -> (StatusCode, Value) {
    let (status, _, body) = app
        .browser()
        .get_bytes(&format!("/open-data/v1/territories.geojson?{query}"))
        .await;
    (status, serde_json::from_slice(&body).expect("json"))
}

/// Issue 24's territories: loaded from a GeoJSON file (all or nothing, again to replace),
/// each the sum of the published areas whose centre it holds, with its rate per 1 000
/// inhabitants and its demand index among territories by rate; the areas can be filtered by
/// territory; the page shows them.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn territories_add_up_published_areas_and_give_rates(#[case] db: Db) {
    let app = spawn(db).await;
    let marseille = GeoPoint {
        lat: 43.2965,
        lng: 5.3698,
    };
    let lille = GeoPoint {
        lat: 50.6292,
        lng: 3.0573,
    };
    let brest = GeoPoint {
        lat: 48.3904,
        lng: -4.4861,
    };
    post(&app, "paris", 12, "request", 1, PARIS, MAY_2025).await;
    post(&app, "lyon", 12, "request", 1, LYON, MAY_2025).await;
    post(&app, "marseille", 12, "request", 1, marseille, MAY_2025).await;
    post(&app, "lille", 12, "request", 3, lille, MAY_2025).await;
    insights::run(&app.db, JANUARY_2026).await.expect("run");

    let file = collection(&[
        square("75", "Paris", Some(12_000), PARIS, 0.05),
        // Nested in Paris, without a population.
        square("75-c", "Paris centre", None, PARIS, 0.01),
        square("69", "Lyon", Some(12_000), LYON, 0.05),
        square("13", "Marseille", Some(12_000), marseille, 0.05),
        square("59", "Lille", Some(12_000), lille, 0.05),
        // No activity: not in the figures.
        square("29", "Brest", Some(12_000), brest, 0.05),
    ]);
    let report = server::territories::import(&app.db, &file)
        .await
        .expect("import");
    assert_eq!((report.added, report.replaced), (6, 0));

    let (status, _, index) = app.browser().get_bytes("/open-data/v1/").await;
    assert_eq!(status, StatusCode::OK);
    let index: Value = serde_json::from_slice(&index).expect("json");
    let codes: Vec<&str> = index["territories"]
        .as_array()
        .expect("territories")
        .iter()
        .map(|t| t["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["13", "29", "59", "69", "75", "75-c"]);

    let (status, body) = territories(&app, "measure=requests&period=2025-Q2").await;
    assert_eq!(status, StatusCode::OK);
    let rows: Vec<TerritoryRow> = body["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            assert!(f["geometry"]["coordinates"].is_array(), "an outline");
            let p = &f["properties"];
            (
                p["code"].as_str().expect("code").to_owned(),
                p["value"].as_u64().expect("value"),
                p["participants"].as_u64().expect("participants"),
                p["areas"].as_u64().expect("areas"),
                p["per_1000"].as_f64(),
                p["demand"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let high = Some("high".to_owned());
    let usual = Some("usual".to_owned());
    assert_eq!(
        rows,
        vec![
            ("13".into(), 12, 12, 1, Some(1.0), usual.clone()),
            ("59".into(), 36, 12, 1, Some(3.0), high),
            ("69".into(), 12, 12, 1, Some(1.0), usual.clone()),
            ("75".into(), 12, 12, 1, Some(1.0), usual),
            ("75-c".into(), 12, 12, 1, None, None),
        ]
    );
    // Each territory is the sum of the areas the `territory` filter gives.
    for (code, value, participants, areas, _, _) in &rows {
        let (status, body) = geojson(
            &app,
            &format!("measure=requests&period=2025-Q2&resolution=8&territory={code}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let inside = features(&body);
        assert_eq!(inside.len() as u64, *areas, "{code}");
        assert_eq!(inside.iter().map(|f| f.2).sum::<u64>(), *value, "{code}");
        assert_eq!(
            inside.iter().map(|f| f.3).sum::<u64>(),
            *participants,
            "{code}"
        );
        assert!(inside.iter().all(|f| f.3 >= MIN_PEOPLE as u64));
    }
    // One territory, and the same as a table.
    let (_, body) = territories(&app, "measure=requests&period=2025-Q2&territory=59").await;
    assert_eq!(body["features"].as_array().expect("features").len(), 1);
    let (status, headers, csv) = app
        .browser()
        .get_bytes("/open-data/v1/territories.csv?measure=requests&period=2025-Q2")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["access-control-allow-origin"], "*");
    let csv = String::from_utf8(csv).expect("utf-8");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "period,measure,category,code,name,population,value,participants,areas,per_1000,demand_index,demand"
    );
    assert_eq!(
        lines[2],
        "2025-Q2,requests,,59,Lille,12000,36,12,1,3.00,3.00,high"
    );
    assert_eq!(lines.len(), 6);
    // Unknown territories: 404, for areas and territories alike.
    for path in [
        "areas.geojson?measure=requests&resolution=8&territory=nowhere",
        "territories.csv?measure=requests&territory=%3Cb%3E",
    ] {
        let (status, _, body) = app
            .browser()
            .get_bytes(&format!("/open-data/v1/{path}"))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        let body: Value = serde_json::from_slice(&body).expect("json");
        assert!(body["error"].as_str().expect("error").contains("territory"));
    }

    // A bad file changes nothing, and says which feature is wrong.
    let bad = collection(&[
        square("69", "Lyon", Some(1), LYON, 0.05),
        r#"{"type":"Feature","properties":{"code":"x"},"geometry":null}"#.to_owned(),
    ]);
    let err = server::territories::import(&app.db, &bad)
        .await
        .expect_err("refused");
    assert!(err.contains("feature 2: no \"name\""), "{err}");
    let (_, body) = territories(&app, "measure=requests&period=2025-Q2&territory=69").await;
    assert_eq!(body["features"][0]["properties"]["per_1000"], 1.0);
    // Loading again replaces: Lyon's population halves, its rate doubles.
    let again = collection(&[square("69", "Lyon", Some(6_000), LYON, 0.05)]);
    let report = server::territories::import(&app.db, &again)
        .await
        .expect("import");
    assert_eq!((report.added, report.replaced), (0, 1));
    let (_, body) = territories(&app, "measure=requests&period=2025-Q2&territory=69").await;
    assert_eq!(body["features"][0]["properties"]["per_1000"], 2.0);
    assert_eq!(insights::territories(&app.db).await.expect("read").len(), 6);

    // The page: territories offered, their table with names and rates, their downloads, and
    // their rule.
    let browser = app.browser();
    let (status, page) = browser
        .get_page("/insights?measure=requests&period=2025-Q2&resolution=t")
        .await;
    assert_eq!(status, StatusCode::OK);
    let page = page.replace("<!>", "");
    assert!(
        page.contains(r#"<option value="t" selected"#),
        "territories chosen"
    );
    let table = &page[page.find("insights-table").expect("a table")..];
    let body = &table[table.find("<tbody").expect("rows")..table.find("</tbody>").expect("end")];
    // Rates are mapped when every territory has a population; Paris centre has none, so values.
    assert_eq!(body.matches("<tr").count(), 5, "{body}");
    let first = &body[..body.find("</tr>").expect("row")];
    assert!(first.contains("Lille"), "{first}");
    assert!(first.contains(">36</td>"), "{first}");
    assert!(first.contains(">3.00</td>"), "{first}");
    assert!(page.contains("/open-data/v1/territories.csv?measure=requests&amp;period=2025-Q2"));
    assert!(page.contains("data-testid=\"insights-rule-territories\""));
    assert_eq!(
        page.matches(r#"\&quot;type\&quot;:\&quot;Polygon\&quot;"#)
            .count(),
        5
    );
}
