//! Support sites (issue 21) over HTTP, on SQLite and PostgreSQL: who may edit a site (the
//! managers of its association and moderators, nobody else), reports without an account
//! (length- and rate-limited, capped per site under concurrency), the filters of `/help`, the
//! light pages read as plain HTML without any script, and the open-data round trip.

use app::domain::support::{
    Condition, Fullness, Holidays, Price, Public, ServiceCategory, ServiceDraft, SiteDraft, Slot,
    StopDraft, WeeklyHours,
};
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::associations::{LYON, create_association, now};
use crate::support::{Browser, Db, TestApp, invalid_fields, spawn, spawn_with};

/// Open every day, all day and night.
fn always() -> WeeklyHours {
    WeeklyHours {
        days: std::array::from_fn(|_| vec![Slot::new(0, 1440).expect("slot")]),
        holidays: Holidays::Open,
    }
}

fn service(category: ServiceCategory, condition: Condition, publics: &[Public]) -> ServiceDraft {
    ServiceDraft {
        category,
        conditions: vec![condition],
        publics: publics.to_vec(),
        pets: false,
        price: Price::Free,
        fullness: Fullness::Unknown,
        hours: None,
        note: String::new(),
    }
}

fn site(
    name: &str,
    point: (f64, f64),
    hours: WeeklyHours,
    services: Vec<ServiceDraft>,
) -> SiteDraft {
    SiteDraft {
        name: name.into(),
        description: format!("{name}, a place that helps"),
        address: format!("{name}, 1 rue de la République, Lyon"),
        point: Some(point),
        phone: "04 00 00 00 00".into(),
        website: String::new(),
        languages: vec!["fr".into(), "ar".into()],
        hours,
        services,
        stops: Vec::new(),
    }
}

async fn add(app: &TestApp, draft: &SiteDraft, association: Option<i64>) -> i64 {
    app::backend::support::create(&app.db, draft, None, association, now())
        .await
        .expect("site")
}

/// A day in the deployment's zone (Europe/Paris), `offset` days from today.
fn day(offset: i64) -> String {
    let zone = app::domain::opening::zone("Europe/Paris").expect("zone");
    let today = app::domain::opening::local_now(jiff::Timestamp::now(), &zone).date();
    today
        .checked_add(jiff::Span::new().days(offset))
        .expect("day")
        .to_string()
}

/// The weekday (Monday 0) three days from today in Paris.
fn in_three_days() -> u8 {
    let zone = app::domain::opening::zone("Europe/Paris").expect("zone");
    let today = app::domain::opening::local_now(jiff::Timestamp::now(), &zone).date();
    ((today.weekday().to_monday_zero_offset() + 3) % 7) as u8
}

async fn moderator(app: &TestApp, email: &str) -> Browser {
    let (b, _) = app.user(email, "Modé").await;
    assert!(
        app::backend::moderation::set_role(
            &app.db,
            email,
            app::domain::moderation::Role::Moderator
        )
        .await
        .expect("role")
    );
    b
}

async fn notices(app: &TestApp, site: i64) -> Vec<Value> {
    let b = app.browser();
    b.call("support_site", json!({ "id": site })).await.ok()["notices"]
        .as_array()
        .expect("notices")
        .clone()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_its_associations_managers_and_moderators_edit_a_site(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let association = create_association(&alice, "Les Douches du Rhône").await;
    let id = add(
        &app,
        &site(
            "Douches Perrache",
            LYON,
            always(),
            vec![service(
                ServiceCategory::Hygiene,
                Condition::Unconditional,
                &[],
            )],
        ),
        Some(association),
    )
    .await;
    let path = format!("/help/sites/{id}/notices");
    let tomorrow = day(1);
    let closure = [
        ("kind", "closure"),
        ("from", tomorrow.as_str()),
        ("to", ""),
        ("text", "travaux"),
        ("service", ""),
    ];

    // Nobody signed in, a stranger, a plain member: refused, nothing stored.
    let visitor = app.browser();
    let (status, _, page) = visitor.post_form(&path, &closure, "fr").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        page.contains("data-testid=\"help-site-page\""),
        "the page again"
    );
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let (status, _, _) = bob.post_form(&path, &closure, "fr").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = bob
        .post_form(&format!("/help/sites/{id}/checked"), &[], "fr")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(notices(&app, id).await.is_empty());
    let view = bob.call("support_site", json!({ "id": id })).await;
    assert_eq!(view.ok()["can_edit"], json!(false));

    // The association's owner: the closure is stored and the page says "closed tomorrow".
    let (status, at, page) = alice.post_form(&path, &closure, "en").await;
    assert_eq!(
        (status, at.as_str()),
        (
            StatusCode::OK,
            &*format!("/help/sites/{id}?done=notice_added")
        )
    );
    assert!(page.contains("Information added."), "{page}");
    assert!(page.contains("Closed tomorrow (travaux)"), "{page}");
    let stored = notices(&app, id).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["kind"], json!("closure"));
    assert_eq!(
        (stored[0]["from"].clone(), stored[0]["to"].clone()),
        (json!(day(1)), json!(day(1)))
    );

    // Bob may not remove it; a moderator may.
    let notice = stored[0]["id"].as_i64().expect("notice id");
    let remove = format!("/help/sites/{id}/notices/{notice}/remove");
    let (status, _, _) = bob.post_form(&remove, &[], "fr").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(notices(&app, id).await.len(), 1);
    let moderator = moderator(&app, "mod@example.org").await;
    let (status, at, _) = moderator.post_form(&remove, &[], "fr").await;
    assert_eq!(
        (status, at.as_str()),
        (
            StatusCode::OK,
            &*format!("/help/sites/{id}?done=notice_removed")
        )
    );
    assert!(notices(&app, id).await.is_empty());
    // Removing it again changes nothing and refuses nothing.
    let (status, _, _) = moderator.post_form(&remove, &[], "fr").await;
    assert_eq!(status, StatusCode::OK);

    // A site without an association: only moderators.
    let lone = add(&app, &site("Halte Bellecour", LYON, always(), vec![]), None).await;
    let lone_path = format!("/help/sites/{lone}/notices");
    let (status, _, _) = alice.post_form(&lone_path, &closure, "fr").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = moderator.post_form(&lone_path, &closure, "fr").await;
    assert_eq!(status, StatusCode::OK);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refused_notice_says_why_in_the_readers_language_and_keeps_what_was_typed(
    #[case] db: Db,
) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let association = create_association(&alice, "Accueil Lyon").await;
    let id = add(
        &app,
        &site("Accueil Terreaux", LYON, always(), vec![]),
        Some(association),
    )
    .await;
    let other = add(
        &app,
        &site(
            "Autre lieu",
            LYON,
            always(),
            vec![service(
                ServiceCategory::Food,
                Condition::Unconditional,
                &[],
            )],
        ),
        None,
    )
    .await;
    let other_service = app
        .browser()
        .call("support_site", json!({ "id": other }))
        .await
        .ok()["services"][0]["id"]
        .as_i64()
        .expect("service");
    let path = format!("/help/sites/{id}/notices");
    let yesterday = day(-1);
    let (status, _, page) = alice
        .post_form(
            &path,
            &[
                ("kind", "message"),
                ("from", &yesterday),
                ("to", "le 12"),
                ("text", "Pas de café cette semaine"),
            ],
            "fr",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("lang=\"fr\""));
    assert!(
        page.contains("Pas de café cette semaine"),
        "the text typed is kept"
    );
    assert!(page.contains(&yesterday), "the date typed is kept");
    assert!(
        page.contains("AAAA-MM-JJ"),
        "the unreadable end date is named: {page}"
    );
    let (status, _, page) = alice
        .post_form(
            &path,
            &[("kind", "closure"), ("from", &day(2)), ("to", &day(1))],
            "ar",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("dir=\"rtl\""));
    // A service of another site is not this site's.
    let service = other_service.to_string();
    let (status, _, _) = alice
        .post_form(
            &path,
            &[
                ("kind", "closure"),
                ("from", &day(1)),
                ("service", &service),
            ],
            "fr",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(notices(&app, id).await.is_empty());
    assert!(notices(&app, other).await.is_empty());
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn anyone_reports_wrong_information_and_the_managers_deal_with_it(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let association = create_association(&alice, "Restos Lyon").await;
    let id = add(
        &app,
        &site("Resto Perrache", LYON, always(), vec![]),
        Some(association),
    )
    .await;
    let path = format!("/help/sites/{id}/report");

    // Without an account.
    let visitor = app.browser();
    let (status, at, page) = visitor
        .post_form(&path, &[("note", "Fermé le lundi depuis septembre")], "fr")
        .await;
    assert_eq!(
        (status, at.as_str()),
        (StatusCode::OK, &*format!("/help/sites/{id}?done=reported"))
    );
    assert!(page.contains("votre message a été transmis"), "{page}");
    assert!(
        !page.contains("Fermé le lundi depuis septembre"),
        "reports are not public"
    );

    // Too short, too long: 422 in the reader's language, what was typed kept.
    let (status, _, page) = visitor.post_form(&path, &[("note", "x")], "fr").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Au moins 3"), "{page}");
    let long = "trop long ".repeat(60);
    let (status, _, page) = visitor.post_form(&path, &[("note", &long)], "en").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(long.trim()), "the note typed is kept");
    // A site that does not exist.
    let (status, _, _) = visitor
        .post_form(
            "/help/sites/999999/report",
            &[("note", "wrong hours")],
            "fr",
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The managers see it; a stranger does not.
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let bobs = bob.call("support_site", json!({ "id": id })).await;
    assert_eq!(bobs.ok()["reports"], json!([]));
    let alices = alice.call("support_site", json!({ "id": id })).await;
    let reports = alices.ok()["reports"].as_array().expect("reports").clone();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["note"], json!("Fermé le lundi depuis septembre"));
    let queue = alice.call("support_to_review", json!({})).await;
    assert_eq!(queue.ok()[0][2], json!(1), "{}", queue.body);
    let report = reports[0]["id"].as_i64().expect("report id");
    let resolve = format!("/help/reports/{report}/resolve");
    let (status, _, _) = bob.post_form(&resolve, &[], "fr").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, at, _) = alice.post_form(&resolve, &[], "fr").await;
    assert_eq!(
        (status, at.as_str()),
        (
            StatusCode::OK,
            &*format!("/help/sites/{id}?done=report_resolved")
        )
    );
    let (status, _, _) = alice.post_form(&resolve, &[], "fr").await;
    assert_eq!(status, StatusCode::OK, "twice is the same");
    let alices = alice.call("support_site", json!({ "id": id })).await;
    assert_eq!(alices.ok()["reports"], json!([]));
    assert_eq!(
        alice.call("support_to_review", json!({})).await.ok(),
        &json!([])
    );

    // Many at once: at most MAX_OPEN_REPORTS wait; the rest are refused with 429.
    let sends = (0..40).map(|i| {
        let b = app.browser();
        let path = path.clone();
        async move {
            let note = format!("horaires faux {i}");
            b.post_form(&path, &[("note", &note)], "fr").await.0
        }
    });
    let statuses = futures_util::future::join_all(sends).await;
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    let max = app::backend::support::MAX_OPEN_REPORTS as usize;
    assert_eq!((ok, limited), (max, 40 - max), "{statuses:?}");
    let alices = alice.call("support_site", json!({ "id": id })).await;
    assert_eq!(alices.ok()["reports"].as_array().map(Vec::len), Some(max));
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reports_are_rate_limited_per_client(#[case] db: Db) {
    let app = spawn_with(db, &[("ENTRAIDE_AUTH_RATE_PER_MINUTE", "3")]).await;
    let id = add(&app, &site("Halte", LYON, always(), vec![]), None).await;
    let b = app.browser();
    let path = format!("/help/sites/{id}/report");
    for _ in 0..3 {
        let (status, _, _) = b
            .post_form(&path, &[("note", "hours are wrong")], "en")
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _, page) = b
        .post_form(&path, &[("note", "hours are wrong")], "en")
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("hours are wrong"), "what was typed is kept");
}

/// Lyon, and 60 km south.
const FAR: (f64, f64) = (45.22, 4.83);

async fn help(b: &Browser, query: Value) -> Vec<String> {
    let mut q = json!({
        "lat": null, "lng": null, "place": "", "category": null, "open_now": false,
        "open_today": false, "unconditional": false, "public": null, "language": "", "page": 0,
    });
    for (k, v) in query.as_object().expect("object") {
        q[k] = v.clone();
    }
    let answer = b.call("help_list", json!({ "query": q })).await;
    answer.ok()["sites"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| s["name"].as_str().expect("name").to_owned())
        .collect()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_help_list_filters_and_puts_what_is_open_first(#[case] db: Db) {
    let app = spawn(db).await;
    let near = (LYON.0 + 0.01, LYON.1);
    add(
        &app,
        &site(
            "Douches fermées",
            LYON,
            WeeklyHours::default(),
            vec![service(
                ServiceCategory::Hygiene,
                Condition::Appointment,
                &[],
            )],
        ),
        None,
    )
    .await;
    add(
        &app,
        &site(
            "Repas ouvert",
            near,
            always(),
            vec![service(
                ServiceCategory::Food,
                Condition::Unconditional,
                &[],
            )],
        ),
        None,
    )
    .await;
    let mut women = site(
        "Accueil femmes loin",
        FAR,
        always(),
        vec![service(
            ServiceCategory::Food,
            Condition::Unconditional,
            &[Public::Women],
        )],
    );
    women.languages = vec!["fa".into()];
    add(&app, &women, None).await;
    let mut van = site(
        "Camion",
        LYON,
        WeeklyHours::default(),
        vec![service(
            ServiceCategory::Food,
            Condition::Unconditional,
            &[],
        )],
    );
    van.point = None;
    van.stops = vec![StopDraft {
        place: "Place Bellecour".into(),
        lat: LYON.0,
        lng: LYON.1 + 0.002,
        // Never today, so the van is closed whenever the test runs.
        weekday: in_three_days(),
        start: 1140,
        end: 1260,
    }];
    add(&app, &van, None).await;
    let b = app.browser();

    // Without a point: open first, then by name.
    let all = help(&b, json!({})).await;
    assert_eq!(&all[..2], ["Accueil femmes loin", "Repas ouvert"]);
    assert_eq!(all.len(), 4);
    // From Lyon: the far one is out of reach; the van counts from its stop.
    let from = json!({ "lat": LYON.0, "lng": LYON.1 });
    let lyon = help(&b, from.clone()).await;
    assert_eq!(lyon, ["Repas ouvert", "Douches fermées", "Camion"]);
    let with = |extra: Value| {
        let mut q = from.clone();
        for (k, v) in extra.as_object().expect("object") {
            q[k] = v.clone();
        }
        q
    };
    assert_eq!(
        help(&b, with(json!({ "category": "Food" }))).await,
        ["Repas ouvert", "Camion"]
    );
    assert_eq!(
        help(&b, with(json!({ "open_now": true }))).await,
        ["Repas ouvert"]
    );
    assert_eq!(
        help(&b, with(json!({ "unconditional": true }))).await,
        ["Repas ouvert", "Camion"]
    );
    assert!(
        !help(&b, json!({ "public": "Men" }))
            .await
            .contains(&"Accueil femmes loin".to_owned())
    );
    assert_eq!(
        help(&b, json!({ "public": "Women" })).await.len(),
        4,
        "for everyone counts too"
    );
    assert_eq!(
        help(&b, json!({ "language": "fa" })).await,
        ["Accueil femmes loin"]
    );
    // A place typed: the nearest to the place that matches it.
    let typed = b
        .call(
            "help_list",
            json!({ "query": {
                "lat": null, "lng": null, "place": "accueil FEMMES", "category": null,
                "open_now": false, "open_today": false, "unconditional": false, "public": null,
                "language": "", "page": 0,
            }}),
        )
        .await;
    assert_eq!(typed.ok()["located"], json!(true));
    assert_eq!(
        typed.ok()["sites"]["items"][0]["name"],
        json!("Accueil femmes loin")
    );
    assert_eq!(typed.ok()["sites"]["items"][0]["distance_m"], json!(0));
    // A point off the map is a field error, never a 500.
    let bad = b
        .call(
            "help_list",
            json!({ "query": {
                "lat": 123.0, "lng": 4.0, "place": "", "category": null, "open_now": false,
                "open_today": false, "unconditional": false, "public": null, "language": "",
                "page": 0,
            }}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&bad.body), ["Location"]);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_light_pages_are_plain_html_that_needs_no_script(#[case] db: Db) {
    let app = spawn(db).await;
    let open = add(
        &app,
        &site(
            "Bains Saint-Paul",
            LYON,
            always(),
            vec![service(
                ServiceCategory::Hygiene,
                Condition::Unconditional,
                &[Public::Families],
            )],
        ),
        None,
    )
    .await;
    add(
        &app,
        &site("Halte fermée", LYON, WeeklyHours::default(), vec![]),
        None,
    )
    .await;
    let b = app.browser();
    let (status, page) = b
        .get_page(&format!(
            "/help?lat={}&lng={}&category=hygiene&open_now=1",
            LYON.0, LYON.1
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    // What a person reads is in the HTML itself: names, status, distance, the filters kept.
    assert!(page.contains("Bains Saint-Paul"), "{page}");
    assert!(page.contains("Open day and night"), "{page}");
    assert!(page.contains("data-testid=\"help-distance\""));
    assert!(!page.contains("Halte fermée"));
    assert!(
        page.contains("name=\"open_now\" value=\"1\" checked"),
        "{page}"
    );
    assert!(page.contains("<form method=\"get\" action=\"/help\""));
    // The site's page: services and who they are for, hours, a phone link, directions.
    let (status, page) = b.get_page(&format!("/help/sites/{open}")).await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "Bains Saint-Paul",
        "Hygiene: showers, toilets, laundry",
        "Families",
        "href=\"tel:0400000000\"",
        "href=\"geo:",
        "Information checked on",
        "<form method=\"post\" action=\"/help/sites/",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    let (status, _) = b.get_page("/help/sites/424242").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The printable sheet.
    let (status, page) = b.get_page("/help/print?category=hygiene").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-testid=\"sheet-site\""), "{page}");
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_open_data_loads_again_as_it_was(#[case] db: Db) {
    let app = spawn(db).await;
    let mut with_hours = service(
        ServiceCategory::Hygiene,
        Condition::Registration,
        &[Public::Young],
    );
    with_hours.hours = Some(WeeklyHours {
        days: std::array::from_fn(|d| {
            if d < 5 {
                vec![Slot::new(540, 720).expect("slot")]
            } else {
                vec![]
            }
        }),
        holidays: Holidays::Closed,
    });
    with_hours.pets = true;
    with_hours.price = Price::Symbolic;
    with_hours.fullness = Fullness::Often;
    add(
        &app,
        &site(
            "Accueil de jour",
            LYON,
            always(),
            vec![
                with_hours,
                service(ServiceCategory::Digital, Condition::Unconditional, &[]),
            ],
        ),
        None,
    )
    .await;
    let mut van = site("Camion du soir", LYON, WeeklyHours::default(), vec![]);
    van.point = None;
    van.stops = vec![StopDraft {
        place: "Bellecour".into(),
        lat: LYON.0,
        lng: LYON.1,
        weekday: 4,
        start: 1170,
        end: 1260,
    }];
    add(&app, &van, None).await;
    let b = app.browser();
    let (status, headers, body) = b.get_bytes("/open-data/support-sites.geojson").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/geo+json");
    let exported: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(exported["license"], json!("Licence Ouverte 2.0 (Etalab)"));
    assert_eq!(exported["features"].as_array().map(Vec::len), Some(2));

    // Into an empty deployment, and out again: the same sites.
    let other = spawn(Db::Sqlite).await;
    let text = String::from_utf8(body).expect("UTF-8");
    let report = server::support_data::import_geojson(&other.db, None, &text)
        .await
        .expect("import");
    assert_eq!(
        (report.added, report.duplicates, report.refused.len()),
        (2, 0, 0)
    );
    let again = server::support_data::import_geojson(&other.db, None, &text)
        .await
        .expect("import");
    assert_eq!((again.added, again.duplicates), (0, 2), "not added twice");
    let (_, _, body) = other
        .browser()
        .get_bytes("/open-data/support-sites.geojson")
        .await;
    let reexported: Value = serde_json::from_slice(&body).expect("JSON");
    let without_ids = |v: &Value| -> Vec<Value> {
        v["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f["properties"]["id"] = Value::Null;
                f
            })
            .collect()
    };
    assert_eq!(without_ids(&reexported), without_ids(&exported));

    // The CSV: a header and a row per site; the van has no point.
    let (status, _, csv) = b.get_bytes("/open-data/support-sites.csv").await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(csv).expect("UTF-8");
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .expect("header")
            .starts_with("id,name,description,address,latitude")
    );
    assert_eq!(lines.count(), 2);
    assert!(csv.contains("hygiene|digital"), "{csv}");
    assert!(csv.contains("Camion du soir"));
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_home_map_shows_support_sites_open_or_closed_and_a_van_at_its_stops(#[case] db: Db) {
    let app = spawn(db).await;
    let open = add(&app, &site("Ouvert", LYON, always(), vec![]), None).await;
    let closed = add(
        &app,
        &site(
            "Fermé",
            (LYON.0 + 0.01, LYON.1),
            WeeklyHours::default(),
            vec![],
        ),
        None,
    )
    .await;
    let mut van = site("Camion", LYON, WeeklyHours::default(), vec![]);
    van.point = None;
    van.stops = ["Bellecour", "Perrache", "Loin d'ici"]
        .iter()
        .enumerate()
        .map(|(i, place)| StopDraft {
            place: (*place).into(),
            lat: if i == 2 {
                FAR.0
            } else {
                LYON.0 - 0.01 * i as f64
            },
            lng: LYON.1,
            weekday: in_three_days(),
            start: 1140,
            end: 1260,
        })
        .collect();
    let van = add(&app, &van, None).await;
    let lyon = json!({ "south": 45.70, "west": 4.78, "north": 45.82, "east": 4.90 });
    let filters = json!({ "kind": null, "nature": null, "category": null, "remote_only": false });
    let b = app.browser();
    let view = b
        .call(
            "listings_in_view",
            json!({ "bbox": lyon, "filters": filters }),
        )
        .await;
    let mut pins: Vec<(i64, bool)> = view.ok()["support"]
        .as_array()
        .expect("support pins")
        .iter()
        .map(|p| {
            (
                p["id"].as_i64().expect("id"),
                p["open"].as_bool().expect("open"),
            )
        })
        .collect();
    pins.sort_unstable();
    // The van twice (two of its stops are in view), never at the stop out of view.
    assert_eq!(
        pins,
        [(open, true), (closed, false), (van, false), (van, false)]
    );

    // Past the limit the layer is empty rather than covering the map.
    for i in 0..app::domain::view::SUPPORT_PIN_LIMIT {
        let point = (LYON.0 + 0.0001 * i as f64, LYON.1 + 0.0001);
        add(
            &app,
            &site(&format!("Site {i}"), point, always(), vec![]),
            None,
        )
        .await;
    }
    let view = b
        .call(
            "listings_in_view",
            json!({ "bbox": lyon, "filters": filters }),
        )
        .await;
    assert_eq!(view.ok()["support"], json!([]));
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn managers_add_a_site_edit_its_hours_and_its_services(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let association = create_association(&alice, "Maraude Lyon").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let a = association.to_string();
    let (lat, lng) = (LYON.0.to_string(), LYON.1.to_string());
    let new_site = |name: &'static str, with_point: bool| {
        let (a, lat, lng) = (a.clone(), lat.clone(), lng.clone());
        move || -> Vec<(&'static str, String)> {
            vec![
                ("association", a.clone()),
                ("name", name.into()),
                ("description", "Accueil de jour".into()),
                ("address", "3 rue Victor Hugo, Lyon".into()),
                (
                    "lat",
                    if with_point {
                        lat.clone()
                    } else {
                        String::new()
                    },
                ),
                (
                    "lng",
                    if with_point {
                        lng.clone()
                    } else {
                        String::new()
                    },
                ),
                ("phone", "04 72 00 00 00".into()),
                ("website", "".into()),
                ("language", "fr".into()),
                ("language", "ar".into()),
                ("day0", "9h-12h, 14h-17h".into()),
                ("day1", "9h-12h".into()),
                ("holidays", "closed".into()),
            ]
        }
    };
    let post = |b: Browser, path: String, fields: Vec<(&'static str, String)>| async move {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        b.post_form(&path, &fields, "fr").await
    };

    // Bob manages nothing: refused. Without a point: 422, what was typed kept.
    let (status, _, _) = post(
        bob.clone(),
        "/help/new/save".into(),
        new_site("Chez Bob", true)(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, page) = post(
        alice.clone(),
        "/help/new/save".into(),
        new_site("Sans point", false)(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"Sans point\""), "{page}");
    // Alice adds it.
    let (status, at, _) = post(
        alice.clone(),
        "/help/new/save".into(),
        new_site("Accueil Hugo", true)(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(at.ends_with("?done=created"), "{at}");
    let id: i64 = at
        .trim_start_matches("/help/sites/")
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("site id");
    let view = alice.call("support_site", json!({ "id": id })).await;
    let v = view.ok();
    assert_eq!(v["name"], json!("Accueil Hugo"));
    assert_eq!(v["hours"][0], json!("09:00-12:00, 14:00-17:00"));
    assert_eq!(v["holidays"], json!("Closed"));
    assert_eq!(v["languages"], json!(["fr", "ar"]));
    assert_eq!(v["association"][0], json!(association));

    // Editing: unreadable hours are refused with the value kept; Bob may not edit.
    let path = format!("/help/sites/{id}/save");
    let mut bad = new_site("Accueil Hugo", true)();
    bad.retain(|(k, _)| *k != "day1");
    bad.push(("day1", "9h-midi".into()));
    let (status, _, page) = post(alice.clone(), path.clone(), bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("value=\"9h-midi\""),
        "the hours typed are kept"
    );
    let (status, _, _) = post(bob.clone(), path.clone(), new_site("Volé", true)()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut night = new_site("Halte Hugo", true)();
    night.push(("day6", "20h-8h".into()));
    let (status, at, _) = post(alice.clone(), path.clone(), night).await;
    assert_eq!(
        (status, at),
        (StatusCode::OK, format!("/help/sites/{id}?done=edited"))
    );
    let v = alice
        .call("support_site", json!({ "id": id }))
        .await
        .ok()
        .clone();
    assert_eq!(
        (v["name"].clone(), v["hours"][6].clone()),
        (json!("Halte Hugo"), json!("20:00-08:00"))
    );

    // Services: added by Alice (not Bob), an unknown category refused, removed again.
    let services = format!("/help/sites/{id}/services");
    let shower = vec![
        ("category", "hygiene".to_owned()),
        ("condition", "unconditional".into()),
        ("public", "women".into()),
        ("pets", "1".into()),
        ("price", "free".into()),
        ("fullness", "often".into()),
        ("note", "Serviettes prêtées".into()),
    ];
    let (status, _, _) = post(bob.clone(), services.clone(), shower.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = post(
        alice.clone(),
        services.clone(),
        vec![("category", "spa".into())],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, at, _) = post(alice.clone(), services.clone(), shower).await;
    assert_eq!(
        (status, at),
        (
            StatusCode::OK,
            format!("/help/sites/{id}?done=service_added")
        )
    );
    let v = alice
        .call("support_site", json!({ "id": id }))
        .await
        .ok()
        .clone();
    let service = &v["services"][0];
    assert_eq!(
        (
            service["category"].clone(),
            service["publics"].clone(),
            service["pets"].clone(),
            service["fullness"].clone()
        ),
        (
            json!("Hygiene"),
            json!(["Women"]),
            json!(true),
            json!("Often")
        )
    );
    let sid = service["id"].as_i64().expect("service id");
    let remove = format!("/help/sites/{id}/services/{sid}/remove");
    let (status, _, _) = post(bob.clone(), remove.clone(), vec![]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = post(alice.clone(), remove, vec![]).await;
    assert_eq!(status, StatusCode::OK);
    let v = alice
        .call("support_site", json!({ "id": id }))
        .await
        .ok()
        .clone();
    assert_eq!(v["services"], json!([]));
}

/// The support pins of the home map over Lyon, for a page whose address holds `query`.
async fn layer(b: &Browser, query: &str) -> Vec<i64> {
    let lyon = json!({ "south": 45.70, "west": 4.78, "north": 45.82, "east": 4.90 });
    let filters = json!({ "kind": null, "nature": null, "category": null, "remote_only": false });
    let view = b
        .call(
            "listings_in_view",
            json!({ "bbox": lyon, "filters": filters, "help": query }),
        )
        .await;
    let mut ids: Vec<i64> = view.ok()["support"]
        .as_array()
        .expect("support pins")
        .iter()
        .map(|p| p["id"].as_i64().expect("id"))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_map_layer_has_the_lists_filters_and_accessible_to_me_follows_the_readers_needs(
    #[case] db: Db,
) {
    use crate::needs::{choose, step_free, two_steps, venue};
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let association = create_association(&alice, "Bains publics").await;
    let showers = add(
        &app,
        &site(
            "Douches ouvertes",
            LYON,
            always(),
            vec![service(
                ServiceCategory::Hygiene,
                Condition::Unconditional,
                &[],
            )],
        ),
        Some(association),
    )
    .await;
    let meals = add(
        &app,
        &site(
            "Repas du soir",
            (LYON.0 + 0.001, LYON.1),
            WeeklyHours::default(),
            vec![service(ServiceCategory::Food, Condition::Appointment, &[])],
        ),
        Some(association),
    )
    .await;
    let b = app.browser();
    assert_eq!(layer(&b, "").await, [showers, meals]);
    assert_eq!(layer(&b, "?category=hygiene").await, [showers]);
    assert_eq!(
        layer(&b, "?category=food&open_now=1").await,
        Vec::<i64>::new()
    );
    assert_eq!(layer(&b, "?unconditional=1").await, [showers]);
    // Unknown codes are ignored, as on `/help` (an old shared link still shows the map).
    assert_eq!(
        layer(&b, "?category=spa&public=aliens").await,
        [showers, meals]
    );

    // Alice links the meals to a place up two steps and the showers to a step-free one.
    let level = venue(&alice, "Gymnase de plain-pied", step_free()).await;
    let steps = venue(&alice, "Salle à marches", two_steps()).await;
    for (id, name, v) in [
        (showers, "Douches ouvertes", level),
        (meals, "Repas du soir", steps),
    ] {
        let v = v.to_string();
        let fields = [
            ("name", name),
            ("description", ""),
            ("address", "1 rue de la République, Lyon"),
            ("lat", "45.764"),
            ("lng", "4.8357"),
            ("holidays", "open"),
            ("venue", v.as_str()),
        ];
        let (status, at, _) = alice
            .post_form(&format!("/help/sites/{id}/save"), &fields, "fr")
            .await;
        assert_eq!(
            (status, at),
            (StatusCode::OK, format!("/help/sites/{id}?done=edited"))
        );
    }
    // The edit page offers the described places near the site.
    let (_, page) = alice.get_page(&format!("/help/sites/{showers}/edit")).await;
    assert!(page.contains("Gymnase de plain-pied") && page.contains("Salle à marches"));
    // A venue that does not exist is refused, with the form kept.
    let (status, _, page) = alice
        .post_form(
            &format!("/help/sites/{showers}/save"),
            &[
                ("name", "Douches ouvertes"),
                ("address", "1 rue de la République, Lyon"),
                ("lat", "45.764"),
                ("lng", "4.8357"),
                ("venue", "999999"),
            ],
            "fr",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"Douches ouvertes\""));

    // A visitor without needs: "accessible to me" filters nothing, and the page says why.
    let visitor = app.browser();
    assert_eq!(
        help(&visitor, json!({ "accessible": true })).await,
        ["Douches ouvertes", "Repas du soir"]
    );
    let (_, page) = visitor.get_page("/help?accessible=1").await;
    assert!(
        page.contains("data-testid=\"help-needs-missing\""),
        "{page}"
    );
    // A wheelchair user (their browser's cookie): only the step-free site, on the list and the
    // map, and each card says how it suits them.
    choose(&visitor, &["wheelchair"]).await;
    assert_eq!(
        help(&visitor, json!({ "accessible": true })).await,
        ["Douches ouvertes"]
    );
    assert_eq!(layer(&visitor, "?accessible=1").await, [showers]);
    let answer = visitor
        .call("help_list", json!({ "query": { "page": 0 } }))
        .await;
    let fits: Vec<Value> = answer.ok()["sites"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| s["fit"].clone())
        .collect();
    assert_eq!(fits, [json!("Suits"), json!("DoesNotSuit")]);
    // Another reader's needs never change what this one sees.
    assert_eq!(layer(&b, "?accessible=1").await, [showers, meals]);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn managers_give_a_service_its_own_hours_and_a_van_its_stops(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let association = create_association(&alice, "Camion du cœur").await;
    let (bob, _) = app.user("bob@example.org", "Bob").await;
    let mut van = site("Camion", LYON, WeeklyHours::default(), vec![]);
    van.point = None;
    van.stops = vec![StopDraft {
        place: "Bellecour".into(),
        lat: LYON.0,
        lng: LYON.1,
        weekday: 0,
        start: 1140,
        end: 1260,
    }];
    let id = add(&app, &van, Some(association)).await;
    let stops = format!("/help/sites/{id}/stops");
    let perrache = [
        ("place", "Perrache"),
        ("lat", "45.749"),
        ("lng", "4.826"),
        ("weekday", "2"),
        ("start", "19h"),
        ("end", "21h30"),
    ];
    // Bob may not; bad times come back with what was typed; a double tap adds one stop.
    let (status, _, _) = bob.post_form(&stops, &perrache, "fr").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut late = perrache;
    late[5] = ("end", "18h");
    let (status, _, page) = alice.post_form(&stops, &late, "fr").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"Perrache\"") && page.contains("value=\"18h\""));
    let sent =
        futures_util::future::join_all((0..3).map(|_| alice.post_form(&stops, &perrache, "fr")))
            .await;
    for (status, at, _) in sent {
        assert_eq!(
            (status, at),
            (StatusCode::OK, format!("/help/sites/{id}?done=stop_added"))
        );
    }
    let v = alice
        .call("support_site", json!({ "id": id }))
        .await
        .ok()
        .clone();
    let listed: Vec<(Value, Value, Value)> = v["stops"]
        .as_array()
        .expect("stops")
        .iter()
        .map(|s| (s["place"].clone(), s["weekday"].clone(), s["end"].clone()))
        .collect();
    assert_eq!(
        listed,
        [
            (json!("Bellecour"), json!(0), json!("21:00")),
            (json!("Perrache"), json!(2), json!("21:30"))
        ]
    );
    // The van is on the map at its new stop.
    assert_eq!(layer(&app.browser(), "").await, [id]);
    // Removing: Bob may not; the last stop of a van without a point stays.
    let first = v["stops"][0]["id"].as_i64().expect("stop id");
    let second = v["stops"][1]["id"].as_i64().expect("stop id");
    let (status, _, _) = bob
        .post_form(&format!("{stops}/{first}/remove"), &[], "fr")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = alice
        .post_form(&format!("{stops}/{first}/remove"), &[], "fr")
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = alice
        .post_form(&format!("{stops}/{second}/remove"), &[], "fr")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let v = alice
        .call("support_site", json!({ "id": id }))
        .await
        .ok()
        .clone();
    assert_eq!(v["stops"].as_array().map(Vec::len), Some(1));

    // A service with its own week: shown with its hours; unreadable hours are refused with
    // everything typed kept (the boxes ticked too).
    let services = format!("/help/sites/{id}/services");
    let mut shower = vec![
        ("category", "hygiene"),
        ("condition", "appointment"),
        ("public", "women"),
        ("note", "Serviettes prêtées"),
        ("day0", "8h-10h"),
        ("day3", "8h-midi"),
    ];
    let (status, _, page) = alice.post_form(&services, &shower, "fr").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"8h-midi\"") && page.contains("value=\"Serviettes prêtées\""));
    assert!(
        page.contains("value=\"women\" checked"),
        "the public ticked stays ticked"
    );
    shower[5] = ("day3", "8h-12h");
    let (status, _, _) = alice.post_form(&services, &shower, "fr").await;
    assert_eq!(status, StatusCode::OK);
    let v = alice
        .call("support_site", json!({ "id": id }))
        .await
        .ok()
        .clone();
    assert_eq!(
        v["services"][0]["hours"],
        json!(["08:00-10:00", "", "", "08:00-12:00", "", "", ""])
    );
    // The same closure sent twice is kept once.
    let tomorrow = day(1);
    let closure = [
        ("kind", "closure"),
        ("from", tomorrow.as_str()),
        ("to", ""),
        ("text", "Travaux"),
        ("service", ""),
    ];
    for _ in 0..2 {
        let (status, _, _) = alice
            .post_form(&format!("/help/sites/{id}/notices"), &closure, "fr")
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(notices(&app, id).await.len(), 1);
}
