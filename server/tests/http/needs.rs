//! A person's own accessibility needs, and events held at venues, over HTTP on SQLite and
//! PostgreSQL: the needs are kept with the account or by the visitor's browser, never shown to
//! anyone else; an activity held at a venue takes the venue's place, and says to each reader
//! whether it suits their needs; "accessible to me" leaves out what does not; boxes ticked
//! before venues existed become answers on a venue (migration 16).

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::associations::{activity, activity_form, create_activity, create_association};
use crate::auth::count;
use crate::support::{Browser, Db, invalid_fields, spawn};

/// Answers that make a place accessible in a wheelchair.
pub(crate) fn step_free() -> Value {
    json!([
        ["entree_plain_pied", "yes"],
        ["accueil_cheminement_plain_pied", "yes"],
        ["entree_largeur_mini", "90"],
        ["entree_porte_manoeuvre", "no"],
        ["cheminement_ext_terrain_accidente", "no"],
    ])
}

/// Answers of a place up two steps.
pub(crate) fn two_steps() -> Value {
    json!([["entree_plain_pied", "no"], ["entree_marches", "2"]])
}

/// Adds a venue in Lyon with these answers; answers its id.
pub(crate) async fn venue(b: &Browser, name: &str, answers: Value) -> i64 {
    b.call(
        "create_venue",
        json!({
            "form": {
                "name": name,
                "kind": "culture",
                "address": format!("{name}, 1 place Bellecour, Lyon"),
                "location": { "lat": crate::associations::LYON.0, "lng": crate::associations::LYON.1 },
                "website": "",
                "hours": "",
            },
            "answers": answers,
        }),
    )
    .await
    .ok()
    .as_i64()
    .expect("venue id")
}

/// Ticks these needs on "My accessibility needs", as the page's form sends them.
pub(crate) async fn choose(b: &Browser, needs: &[&str]) {
    let fields: Vec<(&str, &str)> = needs.iter().map(|n| ("need", *n)).collect();
    let (status, at, _) = b.post_form("/my-needs/save", &fields, "fr").await;
    assert_eq!((status, at.as_str()), (StatusCode::OK, "/my-needs?saved=1"));
}

async fn my_needs(b: &Browser) -> Value {
    b.call("my_needs", json!({})).await.ok().clone()
}

/// A visitor's needs live in their browser, an account's with the account; another person
/// never sees them; a need that does not exist is refused in the reader's language; the form
/// goes back only to an address of the site.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn needs_are_kept_for_their_owner_only(#[case] db: Db) {
    let app = spawn(db).await;
    let visitor = app.browser();
    assert_eq!(my_needs(&visitor).await, json!([[], false]));
    choose(&visitor, &["wheelchair", "hearing", "wheelchair"]).await;
    assert_eq!(
        my_needs(&visitor).await,
        json!([["Wheelchair", "Hearing"], false])
    );
    // Another browser knows nothing of it, and nothing was stored.
    assert_eq!(my_needs(&app.browser()).await, json!([[], false]));
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(*) AS n FROM users WHERE access_needs <> ''"
        )
        .await,
        0
    );
    // Back to the list the person came from; never to another site.
    let (_, at, _) = visitor
        .post_form(
            "/my-needs/save",
            &[("need", "visual"), ("back", "/activities")],
            "fr",
        )
        .await;
    assert_eq!(at, "/activities");
    for away in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let (_, at, _) = visitor
            .post_form(
                "/my-needs/save",
                &[("need", "visual"), ("back", away)],
                "fr",
            )
            .await;
        assert_eq!(at, "/my-needs?saved=1", "{away}");
    }
    assert_eq!(my_needs(&visitor).await, json!([["Visual"], false]));
    // A need that does not exist: 422, said in the reader's language, and nothing changes.
    for (lang, words) in [
        ("fr", "Ce besoin"),
        ("ar", "هذه الحاجة"),
        ("en", "This need"),
    ] {
        let (status, _, text) = visitor
            .post_form("/my-needs/save", &[("need", "flying")], lang)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text.contains(words), "{lang}: {text}");
    }
    assert_eq!(my_needs(&visitor).await, json!([["Visual"], false]));
    // Ticking nothing forgets them.
    choose(&visitor, &[]).await;
    assert_eq!(my_needs(&visitor).await, json!([[], false]));

    // Signed in: kept with the account, in every browser of it.
    let (amina, amina_id) = app.user("amina@example.org", "Amina").await;
    choose(&amina, &["hearing", "visual"]).await;
    assert_eq!(my_needs(&amina).await, json!([["Visual", "Hearing"], true]));
    assert_eq!(
        count(
            &app.db,
            &format!("SELECT COUNT(*) AS n FROM users WHERE id = {amina_id} AND access_needs = 'visual.hearing'")
        )
        .await,
        1
    );
    let again = app.browser();
    again
        .login("amina@example.org", crate::support::STRONG)
        .await
        .ok();
    assert_eq!(my_needs(&again).await, json!([["Visual", "Hearing"], true]));

    // Nobody else reads them: not in her public profile, not on her page, not in what the
    // server answers another person about a place or an activity.
    let (bruno, _) = app.user("bruno@example.org", "Bruno").await;
    let profile = bruno
        .call("public_profile", json!({ "id": amina_id }))
        .await
        .ok()
        .to_string();
    assert!(
        !profile.contains("Visual") && !profile.contains("access_needs"),
        "{profile}"
    );
    let (_, page) = bruno.get_page(&format!("/users/{amina_id}")).await;
    assert!(
        !page.contains("visual.hearing") && !page.contains("\"Visual\""),
        "her page"
    );
    let association = create_association(&amina, "Les Voisins").await;
    let at = create_activity(
        &amina,
        association,
        activity_form("event", "Repas", &[(24, 2, "")]),
    )
    .await;
    // The activity's page tells her how it suits her needs; Bruno, who gave none, is told
    // nothing of hers, and the server's answer about it carries nobody's needs.
    let (_, hers) = amina.get_page(&format!("/activities/{at}")).await;
    assert!(hers.contains(r#"data-testid="for-you""#), "her page");
    let (_, his) = bruno.get_page(&format!("/activities/{at}")).await;
    assert!(!his.contains(r#"data-testid="for-you""#), "his page");
    for b in [&amina, &bruno] {
        let answer = activity(b, at).await.to_string();
        assert!(
            !answer.contains("Visual") && !answer.contains("my_needs"),
            "{answer}"
        );
    }
}

/// An event held at a venue takes its address and point; each reader is told whether it suits
/// their own needs, and "accessible to me" leaves out what does not; a venue that goes leaves
/// its events where they were.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_at_a_venue_say_whether_they_suit_me(#[case] db: Db) {
    let app = spawn(db).await;
    let (marc, _) = app.user("marc@example.org", "Marc").await;
    let association = create_association(&marc, "Repair Café").await;
    let ramp = venue(&marc, "Salle Rampe", step_free()).await;
    let steps = venue(&marc, "Salle Étage", two_steps()).await;
    let at = |v: Option<i64>, title: &str| {
        let mut form = activity_form("event", title, &[(24, 2, "")]);
        if let Some(v) = v {
            form["venue"] = json!(v);
            form["address"] = json!("");
            form["location"] = Value::Null;
        }
        form
    };
    let easy = create_activity(&marc, association, at(Some(ramp), "Atelier rampe")).await;
    let hard = create_activity(&marc, association, at(Some(steps), "Atelier étage")).await;
    let nowhere = create_activity(&marc, association, at(None, "Atelier ailleurs")).await;

    let view = activity(&marc, easy).await;
    assert_eq!(view["venue"]["id"], ramp);
    assert_eq!(view["venue"]["name"], "Salle Rampe");
    assert_eq!(view["address"], "Salle Rampe, 1 place Bellecour, Lyon");
    assert_eq!(view["location"]["lat"], crate::associations::LYON.0);

    // A venue that does not exist: a field error, and nothing is saved.
    let before = count(&app.db, "SELECT COUNT(*) AS n FROM activities").await;
    let refused = marc
        .call(
            "create_activity",
            json!({ "association_id": association, "form": at(Some(ramp + 1000), "Nulle part") }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&refused.body), ["Venue"]);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM activities").await,
        before
    );

    // A wheelchair user, without an account.
    let visitor = app.browser();
    let fits = |list: &Value| -> Vec<(String, Value)> {
        list.as_array()
            .expect("list")
            .iter()
            .map(|a| {
                (
                    a["title"].as_str().unwrap_or("").to_owned(),
                    a["for_you"].clone(),
                )
            })
            .collect()
    };
    let filter = json!({ "kind": "", "category": "", "from": null, "to": null });
    let list = visitor
        .call("upcoming_activities", json!({ "filter": filter }))
        .await
        .ok()
        .clone();
    assert!(
        fits(&list).iter().all(|(_, f)| f.is_null()),
        "no needs, no verdict"
    );
    choose(&visitor, &["wheelchair"]).await;
    let list = visitor
        .call("upcoming_activities", json!({ "filter": filter }))
        .await
        .ok()
        .clone();
    let mut got = fits(&list);
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        vec![
            ("Atelier ailleurs".to_owned(), json!("Unknown")),
            ("Atelier rampe".to_owned(), json!("Suits")),
            ("Atelier étage".to_owned(), json!("DoesNotSuit")),
        ]
    );
    let mut mine = filter.clone();
    mine["mine"] = json!(true);
    let list = visitor
        .call("upcoming_activities", json!({ "filter": mine }))
        .await
        .ok()
        .clone();
    let ids: Vec<i64> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|a| a["id"].as_i64().expect("id"))
        .collect();
    assert!(
        ids.contains(&easy) && ids.contains(&nowhere) && !ids.contains(&hard),
        "{ids:?}"
    );
    // The same on the map.
    let map = visitor
        .call(
            "activities_in",
            json!({ "south": 45.7, "west": 4.8, "north": 45.8, "east": 4.9, "filter": mine }),
        )
        .await
        .ok()
        .clone();
    assert!(!map.to_string().contains("Atelier étage"), "{map}");

    // The pages say it, with why.
    let (_, page) = visitor.get_page(&format!("/activities/{easy}")).await;
    assert!(
        page.contains(r#"data-fit="suits""#),
        "the step-free one suits"
    );
    let (_, page) = visitor.get_page(&format!("/activities/{hard}")).await;
    assert!(
        page.contains(r#"data-fit="not""#),
        "the one up two steps does not"
    );
    let (_, page) = visitor.get_page(&format!("/activities/{nowhere}")).await;
    assert!(
        page.contains(r#"data-testid="place-undescribed""#),
        "nobody described it"
    );

    // The manager moves the event elsewhere: it is at no venue any more.
    let mut moved = at(None, "Atelier rampe");
    moved["address"] = json!("Jardin partagé, Lyon");
    let edited = marc
        .call("update_activity", json!({ "id": easy, "form": moved }))
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert!(activity(&marc, easy).await["venue"].is_null());

    // A moderator removes the venue up two steps: its event stays where it was.
    app.user("mod@example.org", "Modération").await;
    app::backend::moderation::set_role(
        &app.db,
        "mod@example.org",
        app::domain::moderation::Role::Moderator,
    )
    .await
    .expect("role");
    let moderator = app.browser();
    moderator
        .login("mod@example.org", crate::support::STRONG)
        .await
        .ok();
    moderator
        .call("remove_venue", json!({ "id": steps }))
        .await
        .ok();
    let view = activity(&visitor, hard).await;
    assert!(view["venue"].is_null());
    assert_eq!(view["address"], "Salle Étage, 1 place Bellecour, Lyon");
}

/// Boxes ticked on activities before they were held at venues become answers on a venue at
/// their place (one per name and point), given by the activity's author; online activities
/// (which keep their boxes) and activities with no box ticked stay at no venue.
#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn ticked_boxes_become_answers_on_a_venue(#[case] db: Db) {
    use app::domain::accessibility::{Answer, Answers, Question};
    use sea_orm::{ConnectionTrait, Statement};
    use sea_orm_migration::MigratorTrait;
    use server::migrations::Migrator;
    let dir = tempfile::tempdir().expect("tempdir");
    let url = crate::support::database_url(db, &dir).await;
    let conn = app::backend::db::connect(&url).await.expect("connect");
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261204_000016_held_at_venues")
        .expect("the migration");
    Migrator::up(&conn, Some(u32::try_from(before).expect("count")))
        .await
        .expect("the migrations before");
    let run = |sql: String| {
        let conn = &conn;
        async move {
            conn.execute_raw(Statement::from_string(conn.get_database_backend(), sql))
                .await
                .expect("insert");
        }
    };
    run("INSERT INTO users (email, display_name, password_hash, bio, languages, created_at, notify, role, skills) \
         VALUES ('marc@example.org', 'Marc', '', '', 'fr', 1, 'best', 'member', '')".into()).await;
    run("INSERT INTO associations (name, description, address, lat, lng, website, contact, categories, created_by, created_at, updated_at) \
         VALUES ('Repair Café', 'Réparer ensemble.', '3 quai Perrache', 45.75, 4.82, '', '', 'repairs', 1, 1, 1)".into()).await;
    // (title, online, address, boxes)
    let rows = [
        ("Atelier", false, "Salle du Quai", "mobility,hearing"),
        ("Atelier bis", false, "Salle du Quai", "mobility"),
        ("En ligne", true, "", "visual"),
        ("Sans cases", false, "Square", ""),
    ];
    for (title, online, address, boxes) in rows {
        let (point, online) = if online {
            ("NULL, NULL", "TRUE")
        } else {
            ("45.75, 4.82", "FALSE")
        };
        run(format!(
            "INSERT INTO activities (association_id, kind, title, description, category, online, address, lat, lng, \
             accessibility, languages, skills, min_age, auto_accept, registration, created_by, created_at, updated_at) \
             VALUES (1, 'event', '{title}', 'Réparer ensemble.', 'repairs', {online}, '{address}', {point}, \
             '{boxes}', 'fr', '', NULL, FALSE, TRUE, 1, 1, 1000)"
        ))
        .await;
    }
    Migrator::up(&conn, None).await.expect("migration 16");

    let venue_of = |title: &'static str| {
        let conn = &conn;
        async move {
            let row = conn
                .query_one_raw(Statement::from_string(
                    conn.get_database_backend(),
                    format!(
                        "SELECT venue_id, accessibility FROM activities WHERE title = '{title}'"
                    ),
                ))
                .await
                .expect("query")
                .expect("row");
            let boxes: String = row.try_get("", "accessibility").expect("boxes");
            let venue = row.try_get::<Option<i64>>("", "venue_id").expect("venue");
            // Moved to a venue, the boxes are written empty; an online one keeps them.
            assert_eq!(
                boxes.is_empty(),
                venue.is_some() || title == "Sans cases",
                "{title}"
            );
            venue
        }
    };
    let venue = venue_of("Atelier").await.expect("held at a venue");
    assert_eq!(
        venue_of("Atelier bis").await,
        Some(venue),
        "one venue per name and point"
    );
    assert_eq!(venue_of("En ligne").await, None);
    assert_eq!(venue_of("Sans cases").await, None);
    assert_eq!(count(&conn, "SELECT COUNT(*) AS n FROM venues").await, 1);
    let answers = app::backend::venues::answers_of(&conn, venue)
        .await
        .expect("answers");
    let expected = Answers::new()
        .with(Question::StepFreeEntrance, Answer::Yes)
        .with(Question::StepFreeToReception, Answer::Yes)
        .with(Question::HearingLoop, Answer::Yes);
    assert_eq!(answers, expected);
    assert_eq!(
        app::backend::venues::name_of(&conn, venue)
            .await
            .expect("name"),
        "Salle du Quai"
    );
    let by: i64 = count(
        &conn,
        &format!("SELECT COUNT(*) AS n FROM venue_answers WHERE venue_id = {venue} AND user_id = 1 AND created_at = 1000"),
    )
    .await;
    assert_eq!(by, 3, "given by the activity's author when it was written");
}

/// The home map's layer of public places: pins when few (leaving out those known not to suit
/// the reader's own needs, and saying how the others do), counts per part of the view when
/// many, which add up to every place in view.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_map_shows_places_as_they_suit_me(#[case] db: Db) {
    let app = spawn(db).await;
    let (marc, marc_id) = app.user("marc@example.org", "Marc").await;
    venue(&marc, "Salle Rampe", step_free()).await;
    venue(&marc, "Salle Étage", two_steps()).await;
    venue(&marc, "Salle Inconnue", json!([])).await;
    let lyon = json!({ "south": 45.70, "west": 4.78, "north": 45.82, "east": 4.90 });
    let filters = json!({ "kind": null, "nature": null, "category": null, "remote_only": false });
    let view = |b: &Browser| {
        let (b, lyon, filters) = (b.clone(), lyon.clone(), filters.clone());
        async move {
            b.call(
                "listings_in_view",
                json!({ "bbox": lyon, "filters": filters }),
            )
            .await
            .ok()
            .clone()
        }
    };
    let pins = |v: &Value| -> Vec<(String, Value)> {
        let mut all: Vec<(String, Value)> = v["venues"]
            .as_array()
            .expect("venues")
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap_or("").to_owned(),
                    p["fit"].clone(),
                )
            })
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    };
    let visitor = app.browser();
    assert_eq!(
        pins(&view(&visitor).await),
        vec![
            ("Salle Inconnue".to_owned(), Value::Null),
            ("Salle Rampe".to_owned(), Value::Null),
            ("Salle Étage".to_owned(), Value::Null),
        ]
    );
    choose(&visitor, &["wheelchair"]).await;
    assert_eq!(
        pins(&view(&visitor).await),
        vec![
            ("Salle Inconnue".to_owned(), json!("Unknown")),
            ("Salle Rampe".to_owned(), json!("Suits")),
        ]
    );
    // Elsewhere, nothing.
    let paris = visitor
        .call(
            "listings_in_view",
            json!({ "bbox": { "south": 48.80, "west": 2.25, "north": 48.91, "east": 2.45 }, "filters": filters }),
        )
        .await
        .ok()
        .clone();
    assert_eq!(paris["venues"], json!([]));

    // Many places: counts per part of the view, adding up to all of them.
    let many = app::domain::view::VENUE_PIN_LIMIT as usize + 10;
    for i in 0..many {
        let draft = app::domain::venue::VenueDraft {
            name: format!("Lieu {i}"),
            kind: app::domain::venue::VenueKind::Shop,
            address: format!("{i} rue de la République, Lyon"),
            location: app::domain::geo::GeoPoint {
                lat: 45.72 + (i % 20) as f64 * 0.004,
                lng: 4.80 + (i / 20) as f64 * 0.008,
            },
            website: String::new(),
            hours: String::new(),
        };
        app::backend::venues::import(&app.db, marc_id, draft, Vec::new(), 1)
            .await
            .expect("import");
    }
    let crowded = view(&app.browser()).await;
    assert_eq!(crowded["venues"], json!([]));
    let areas = crowded["venue_areas"].as_array().expect("areas");
    assert!(areas.len() > 1, "{areas:?}");
    // A 4 × 4 grid over the view, the same on both databases (PostgreSQL's cast rounds where
    // SQLite's cuts: the parts are floored).
    assert!(areas.len() <= 16, "{} areas", areas.len());
    let total: u64 = areas
        .iter()
        .map(|a| a["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(total, many as u64 + 3);
}
