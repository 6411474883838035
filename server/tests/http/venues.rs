//! Venues over HTTP, on SQLite and PostgreSQL: adding one takes an account, answers are kept
//! with their history, a retried answer adds nothing, "I don't know" is never stored as a
//! yes, bad input is refused field by field.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::associations::LYON;
use crate::auth::{count, futures_join_all};
use crate::support::{Browser, Db, invalid_fields, spawn};

fn venue_form(name: &str) -> Value {
    json!({
        "name": name,
        "kind": "library",
        "address": "2 rue Domer, Lyon",
        "location": { "lat": LYON.0, "lng": LYON.1 },
        "website": "https://bm.example.org",
        "hours": "Tue–Sat 10:00–19:00",
    })
}

async fn create(b: &Browser, name: &str, answers: Value) -> crate::support::Answer {
    b.call(
        "create_venue",
        json!({ "form": venue_form(name), "answers": answers }),
    )
    .await
}

async fn venue(b: &Browser, id: i64) -> Value {
    b.call("venue", json!({ "id": id })).await.ok().clone()
}

/// The current answers as `(question, answer, by_name)`.
fn current(v: &Value) -> Vec<(String, Value, String)> {
    v["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| {
            (
                a["question"].as_str().unwrap_or_default().to_owned(),
                a["answer"].clone(),
                a["by_name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn venues_are_added_and_answered_and_keep_their_history(#[case] db: Db) {
    let app = spawn(db).await;
    let visitor = app.browser();
    let refused = create(&visitor, "Médiathèque", json!([])).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    let (amina, _) = app.user("amina@example.org", "Amina").await;
    let id = create(
        &amina,
        "Médiathèque Jean Macé",
        json!([
            ["entree_plain_pied", "yes"],
            ["entree_largeur_mini", "90"],
            ["accueil_personnels", "unknown"],
            ["sanitaires_adaptes", "no"],
        ]),
    )
    .await
    .ok()
    .as_i64()
    .expect("venue id");

    // Anyone reads it; "I don't know" was not stored at all.
    let v = venue(&visitor, id).await;
    assert_eq!(v["name"], "Médiathèque Jean Macé");
    assert_eq!(v["kind"], "Library");
    assert_eq!(v["can_answer"], false);
    assert_eq!(
        current(&v),
        vec![
            ("StepFreeEntrance".into(), json!("Yes"), "Amina".into()),
            ("DoorWidth".into(), json!({ "Number": 90 }), "Amina".into()),
            ("AccessibleToilet".into(), json!("No"), "Amina".into()),
        ]
    );
    assert_eq!(
        count(
            &app.db,
            &format!(
                "SELECT COUNT(*) AS n FROM venue_answers WHERE venue_id = {id} AND answer = 'yes'"
            )
        )
        .await,
        1
    );

    // Bruno corrects the toilet and confirms the entrance: only the change is recorded.
    let (bruno, _) = app.user("bruno@example.org", "Bruno").await;
    let answers = json!([["sanitaires_adaptes", "yes"], ["entree_plain_pied", "yes"]]);
    let changed = bruno
        .call("answer_venue", json!({ "id": id, "answers": answers }))
        .await;
    assert_eq!(changed.ok(), &json!(1));
    // The same request again (a retry, a double tap) adds nothing.
    let again = bruno
        .call("answer_venue", json!({ "id": id, "answers": answers }))
        .await;
    assert_eq!(again.ok(), &json!(0));
    let v = venue(&bruno, id).await;
    assert_eq!(v["can_answer"], true);
    let now = current(&v);
    assert!(now.contains(&("AccessibleToilet".into(), json!("Yes"), "Bruno".into())));
    assert!(now.contains(&("StepFreeEntrance".into(), json!("Yes"), "Amina".into())));
    // Both answers about the toilet stay in the history, newest first.
    let toilet: Vec<_> = v["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|a| a["question"] == "AccessibleToilet")
        .map(|a| (a["answer"].clone(), a["by_name"].clone()))
        .collect();
    assert_eq!(
        toilet,
        vec![
            (json!("Yes"), json!("Bruno")),
            (json!("No"), json!("Amina"))
        ]
    );

    // "I don't know" replaces a known answer (someone saw the place change), and is shown as
    // such, never as the yes it replaced.
    let unsure = bruno
        .call(
            "answer_venue",
            json!({ "id": id, "answers": [["entree_plain_pied", "unknown"]] }),
        )
        .await;
    assert_eq!(unsure.ok(), &json!(1));
    let v = venue(&visitor, id).await;
    assert!(current(&v).contains(&("StepFreeEntrance".into(), Value::Null, "Bruno".into())));
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_venues_and_answers_are_refused_field_by_field(#[case] db: Db) {
    let app = spawn(db).await;
    let (b, _) = app.user("carla@example.org", "Carla").await;
    let bad = b
        .call(
            "create_venue",
            json!({
                "form": {
                    "name": "", "kind": "castle", "address": "x", "location": null,
                    "website": "ftp://nope", "hours": "",
                },
                "answers": [["entree_marches", "many"], ["nope", "yes"]],
            }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invalid_fields(&bad.body),
        [
            "Name", "Kind", "Address", "Location", "Website", "Answer", "Question"
        ]
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) AS n FROM venues").await, 0);

    let id = create(&b, "Pharmacie du Parc", json!([]))
        .await
        .ok()
        .as_i64()
        .expect("id");
    for (answers, field) in [
        (json!([["entree_largeur_mini", "9999"]]), "Answer"),
        (json!([["entree_plain_pied", "3"]]), "Answer"),
        (json!([["entree_plain_pied", ""]]), "Answer"),
        (json!([["accueil_secret", "yes"]]), "Question"),
    ] {
        let refused = b
            .call("answer_venue", json!({ "id": id, "answers": answers }))
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{answers}"
        );
        assert_eq!(invalid_fields(&refused.body), [field], "{answers}");
    }
    // Too many answers in one request.
    let flood: Vec<Value> = (0..40)
        .map(|_| json!(["entree_plain_pied", "yes"]))
        .collect();
    let refused = b
        .call("answer_venue", json!({ "id": id, "answers": flood }))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM venue_answers").await,
        0
    );

    let missing = b
        .call(
            "answer_venue",
            json!({ "id": id + 1000, "answers": [["entree_plain_pied", "yes"]] }),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let missing = b.call("venue", json!({ "id": id + 1000 })).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // A garbled body is a 400 or 422, never a 500.
    let garbled = b.call("answer_venue", json!({ "id": "seven" })).await;
    assert!(garbled.status.is_client_error(), "{}", garbled.status);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answers_sent_at_once_and_twice_are_each_recorded_once(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let id = create(&owner, "Mairie du 7e", json!([]))
        .await
        .ok()
        .as_i64()
        .expect("id");
    let people = crate::associations::crowd(&app, "neighbour", 8).await;
    // Each person answers a question of their own, and sends the same request twice at once.
    let questions = [
        "entree_plain_pied",
        "entree_porte_manoeuvre",
        "accueil_cheminement_plain_pied",
        "sanitaires_adaptes",
        "stationnement_pmr",
        "transport_station_presence",
        "entree_dispositif_appel",
        "accueil_personnels",
    ];
    let calls = people
        .iter()
        .zip(questions)
        .flat_map(|((b, _), q)| {
            (0..2).map(move |_| {
                let b = b.clone();
                async move {
                    b.call("answer_venue", json!({ "id": id, "answers": [[q, "yes"]] }))
                        .await
                }
            })
        })
        .collect::<Vec<_>>();
    let answers = futures_join_all(calls.into_iter()).await;
    let mut changed = 0;
    for a in &answers {
        changed += a.ok().as_i64().expect("count");
    }
    assert_eq!(changed, 8, "each person's answer counted once");
    assert_eq!(
        count(
            &app.db,
            &format!("SELECT COUNT(*) AS n FROM venue_answers WHERE venue_id = {id}")
        )
        .await,
        8
    );
    let v = venue(&owner, id).await;
    assert_eq!(current(&v).len(), 8);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_person_adds_only_so_many_venues_a_day(#[case] db: Db) {
    let app = spawn(db).await;
    let (b, _) = app.user("busy@example.org", "Busy").await;
    let max = app::backend::venues::MAX_VENUES_PER_DAY;
    for i in 0..max {
        create(&b, &format!("Place {i}"), json!([])).await.ok();
    }
    let refused = create(&b, "One too many", json!([])).await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        refused.body
    );
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM venues").await,
        max as i64
    );
}

/// The id of the current answer to `question`.
fn answer_id(v: &Value, question: &str) -> i64 {
    v["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .find(|a| a["question"] == question)
        .and_then(|a| a["id"].as_i64())
        .expect("answer id")
}

fn answer_of(v: &Value, question: &str) -> Value {
    v["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .find(|a| a["question"] == question)
        .cloned()
        .unwrap_or(Value::Null)
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answers_are_confirmed_once_each_and_moderators_revert_them(#[case] db: Db) {
    let app = spawn(db).await;
    let (amina, _) = app.user("amina@example.org", "Amina").await;
    let id = create(&amina, "Piscine", json!([["sanitaires_adaptes", "no"]]))
        .await
        .ok()
        .as_i64()
        .expect("id");
    let (bruno, _) = app.user("bruno@example.org", "Bruno").await;
    bruno
        .call(
            "answer_venue",
            json!({ "id": id, "answers": [["sanitaires_adaptes", "yes"]] }),
        )
        .await
        .ok();
    let v = venue(&amina, id).await;
    let brunos = answer_id(&v, "AccessibleToilet");

    // Nobody confirms their own answer; a visitor cannot confirm.
    let own = bruno.call("confirm_answer", json!({ "id": brunos })).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let visitor = app.browser();
    let anonymous = visitor
        .call("confirm_answer", json!({ "id": brunos }))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    // Three people confirm, each twice at once: three confirmations.
    let people = crate::associations::crowd(&app, "swimmer", 3).await;
    let calls = people
        .iter()
        .flat_map(|(b, _)| {
            (0..2).map(move |_| {
                let b = b.clone();
                async move { b.call("confirm_answer", json!({ "id": brunos })).await }
            })
        })
        .collect::<Vec<_>>();
    for answer in futures_join_all(calls.into_iter()).await {
        answer.ok();
    }
    let v = venue(&visitor, id).await;
    let toilet = answer_of(&v, "AccessibleToilet");
    assert_eq!(toilet["confirmations"], 3);
    assert!(toilet["last_confirmed"].as_i64().is_some());
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM venue_confirmations").await,
        3
    );

    // Only a moderator reverts; Amina's earlier answer counts again, Bruno's stays in the
    // history, marked, and can no longer be confirmed.
    let refused = amina.call("revert_answer", json!({ "id": brunos })).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let (moderator, _) = app.user("mod@example.org", "Modération").await;
    app::backend::moderation::set_role(
        &app.db,
        "mod@example.org",
        app::domain::moderation::Role::Moderator,
    )
    .await
    .expect("role");
    for _ in 0..2 {
        moderator
            .call("revert_answer", json!({ "id": brunos }))
            .await
            .ok();
    }
    let v = venue(&visitor, id).await;
    let toilet = answer_of(&v, "AccessibleToilet");
    assert_eq!(toilet["answer"], "No");
    assert_eq!(toilet["by_name"], "Amina");
    let reverted: Vec<_> = v["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|a| a["reverted"] == true)
        .map(|a| a["id"].as_i64())
        .collect();
    assert_eq!(reverted, vec![Some(brunos)]);
    let (late, _) = app.user("late@example.org", "Late").await;
    let stale = late.call("confirm_answer", json!({ "id": brunos })).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let missing = moderator
        .call("revert_answer", json!({ "id": brunos + 1000 }))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// The records of a CSV file without their first column (the id, which differs between
/// deployments).
fn records_without_id(body: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body);
    reader
        .records()
        .map(|r| {
            r.expect("record")
                .iter()
                .skip(1)
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn venues_go_out_as_open_data_and_come_back_in(#[case] db: Db) {
    let app = spawn(db).await;
    let (amina, _) = app.user("amina@example.org", "Amina Secret-Name").await;
    let tricky = "Café \"Le Lien\", salle 2";
    create(
        &amina,
        tricky,
        json!([
            ["entree_plain_pied", "yes"],
            ["entree_largeur_mini", "85"],
            ["sanitaires_adaptes", "no"],
            ["accueil_equipements_malentendants_bim", "yes"],
        ]),
    )
    .await
    .ok();
    create(&amina, "Mairie annexe", json!([])).await.ok();

    let visitor = app.browser();
    let (status, headers, csv_out) = visitor.get_bytes("/open-data/venues.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let rows = records_without_id(&csv_out);
    assert_eq!(rows.len(), 3, "a header and two venues");
    assert_eq!(rows[0][0], "name");
    assert!(rows[0].contains(&"entree_plain_pied".to_owned()));
    let cafe = &rows[1];
    assert_eq!(cafe[0], tricky);
    let col = |name: &str| rows[0].iter().position(|h| h == name).expect(name);
    assert_eq!(cafe[col("entree_largeur_mini")], "85");
    assert_eq!(cafe[col("sanitaires_adaptes")], "false");
    assert_eq!(cafe[col("accueil_personnels")], "", "unknown stays empty");
    assert_eq!(cafe[col("wheelchair_grade")], "");

    let (status, _, geojson) = visitor.get_bytes("/open-data/venues.geojson").await;
    assert_eq!(status, StatusCode::OK);
    let geojson: Value = serde_json::from_slice(&geojson).expect("json");
    let features = geojson["features"].as_array().expect("features");
    assert_eq!(features.len(), 2);
    assert_eq!(
        features[0]["geometry"]["coordinates"],
        json!([LYON.1, LYON.0])
    );
    let access = &features[0]["properties"]["accessibility"];
    assert_eq!(access["sanitaires_adaptes"], false);
    assert_eq!(access["entree_largeur_mini"], 85);
    assert!(access.get("accueil_personnels").is_none());
    // No person is in the open data.
    for body in [
        String::from_utf8_lossy(&csv_out).to_string(),
        geojson.to_string(),
    ] {
        assert!(!body.contains("Secret-Name"));
        assert!(!body.contains("amina@"));
    }

    // Another deployment imports the file, as its municipality's account: the same venues and
    // answers come out; importing again adds nothing.
    let other = spawn(db).await;
    let (_, city) = other.user("ville@example.org", "Ville").await;
    let report = server::open_data::import_csv(&other.db, city, csv_out.as_slice())
        .await
        .expect("import");
    assert_eq!((report.added, report.duplicates), (2, 0), "{report:?}");
    assert!(report.refused.is_empty(), "{report:?}");
    let again = server::open_data::import_csv(&other.db, city, csv_out.as_slice())
        .await
        .expect("import");
    assert_eq!((again.added, again.duplicates), (0, 2));
    let (_, _, round_trip) = other.browser().get_bytes("/open-data/venues.csv").await;
    assert_eq!(records_without_id(&round_trip), rows);

    // Bad rows are refused one by one, with their line; good ones still come in.
    let bad = "name,kind,address,latitude,longitude,website,hours,entree_marches\n\
               ,library,1 rue A,45.7,4.8,,,\n\
               Gymnase,sports,2 rue B,95.0,4.8,,,\n\
               Bibliothèque,library,3 rue C,45.71,4.81,,,many\n\
               Piscine,sports,4 rue D,45.72,4.82,,,2\n";
    let report = server::open_data::import_csv(&other.db, city, bad.as_bytes())
        .await
        .expect("import");
    assert_eq!(report.added, 1);
    let lines: Vec<usize> = report.refused.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, vec![2, 3, 4], "{report:?}");
}

/// A municipality starts from AccesLibre's own export (its columns and values, a shortened
/// header): places come in with their answers read from its values, a place whose answers are
/// empty stays unknown, a row without a point is refused with its line, and nothing is twice.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acceslibre_export_is_read_with_its_own_values(#[case] db: Db) {
    let app = spawn(db).await;
    let (viewer, city) = app.user("ville@example.org", "Ville").await;
    let file = "id,name,postal_code,commune,numero,voie,lieu_dit,code_insee,siret,longitude,latitude,\
transport_station_presence,cheminement_ext_terrain_accidente,entree_plain_pied,entree_marches,\
entree_largeur_mini,entree_porte_manoeuvre,accueil_cheminement_plain_pied,accueil_personnels,\
accueil_equipements_malentendants_presence,accueil_equipements_malentendants,sanitaires_adaptes\n\
b452dded-0eed-4814-ae9e-94f6e525f2cb,400C Scotta!,75012,Paris,11 bis,Rue de Cotte,,,82153451800013,\
2.377302,48.849049,True,False,True,0,120,battante,True,formés,True,\"[\"\"bim\"\"]\",True\n\
2a33b8be-d02a-44f2-b769-d43ad08b4e67,La Laiterie,50340,Grosville,6,Le Hamel au Cure,,50222,,\
-1.722431,49.499822,,,,,,,,,,,\n\
3fbc6701-247c-4513-a8c6-9848c55046d5,Sans point,11000,Carcassonne,,Chemin de la Cité,,11069,,,,,,,,,,,,,,\n";
    let report = server::open_data::import_csv(&app.db, city, file.as_bytes())
        .await
        .expect("import");
    assert_eq!(report.added, 2, "{report:?}");
    let lines: Vec<usize> = report.refused.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, vec![4], "{report:?}");
    let again = server::open_data::import_csv(&app.db, city, file.as_bytes())
        .await
        .expect("import");
    assert_eq!((again.added, again.duplicates), (0, 2));

    let list = viewer
        .call("venue_list", json!({ "needs": ["wheelchair"], "kind": "" }))
        .await
        .ok()
        .clone();
    let items = list[1]["items"].as_array().expect("items");
    let fit = |name: &str| {
        items
            .iter()
            .find(|v| v["name"] == name)
            .map(|v| v["fit"].clone())
    };
    assert_eq!(fit("400C Scotta!"), Some(json!("Suits")));
    assert_eq!(fit("La Laiterie"), Some(json!("Unknown")));
    let id = items
        .iter()
        .find(|v| v["name"] == "400C Scotta!")
        .and_then(|v| v["id"].as_i64())
        .expect("id");
    let v = venue(&viewer, id).await;
    assert_eq!(v["address"], "11 bis Rue de Cotte, 75012 Paris");
    assert_eq!(v["kind"], "Other");
    let answers: Vec<(String, Value)> = current(&v).into_iter().map(|(q, a, _)| (q, a)).collect();
    for (question, answer) in [
        ("RevolvingDoor", json!("No")),
        ("TrainedStaff", json!("Yes")),
        ("HearingLoop", json!("Yes")),
        ("SignLanguage", json!("No")),
        ("EntranceSteps", json!({ "Number": 0 })),
    ] {
        assert!(
            answers.iter().any(|(q, a)| q == question && *a == answer),
            "{question}: {answers:?}"
        );
    }
}

/// Answers that make a place accessible in a wheelchair (every required criterion met).
fn step_free() -> Value {
    json!([
        ["entree_plain_pied", "yes"],
        ["accueil_cheminement_plain_pied", "yes"],
        ["entree_largeur_mini", "90"],
        ["entree_porte_manoeuvre", "no"],
        ["cheminement_ext_terrain_accidente", "no"],
    ])
}

/// The names, in order, of a page of the list asked with `needs`.
async fn listed(b: &Browser, needs: Value, kind: &str) -> Vec<(String, String)> {
    b.call(
        "venue_list",
        json!({ "needs": needs, "kind": kind, "page": 0 }),
    )
    .await
    .ok()[1]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap_or_default().to_owned(),
                v["fit"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The names, in order, of a page of the list asked with `needs`, of every kind.
async fn names(b: &Browser, needs: Value) -> Vec<String> {
    listed(b, needs, "")
        .await
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}

/// The list filtered on needs: a place known not to suit is left out, one that suits comes
/// before one whose answers are missing, and the stored levels follow every change of answer
/// (a new answer, a moderator's revert). The needs are never stored; a bad need is refused.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_list_keeps_the_places_that_suit_the_needs_asked(#[case] db: Db) {
    let app = spawn(db).await;
    let (amina, _) = app.user("amina@example.org", "Amina").await;
    create(&amina, "B Accessible", step_free()).await.ok();
    create(&amina, "A Unknown", json!([["entree_plain_pied", "yes"]]))
        .await
        .ok();
    let steps = create(
        &amina,
        "C Steps",
        json!([["entree_plain_pied", "no"], ["entree_marches", "3"]]),
    )
    .await
    .ok()
    .as_i64()
    .expect("id");
    let visitor = app.browser();
    let wheelchair = |fit: &str, name: &str| (name.to_owned(), fit.to_owned());
    assert_eq!(
        listed(&visitor, json!(["wheelchair"]), "").await,
        vec![
            wheelchair("Suits", "B Accessible"),
            wheelchair("Unknown", "A Unknown")
        ]
    );
    // Without needs: every place, by name.
    let all = names(&visitor, json!([])).await;
    assert_eq!(all, vec!["A Unknown", "B Accessible", "C Steps"]);
    assert!(listed(&visitor, json!([]), "pharmacy").await.is_empty());
    assert_eq!(listed(&visitor, json!([]), "library").await.len(), 3);

    // Bruno builds a ramp: the place suits now. A moderator reverts it: it is left out again.
    let (bruno, _) = app.user("bruno@example.org", "Bruno").await;
    bruno
        .call(
            "answer_venue",
            json!({ "id": steps, "answers": step_free() }),
        )
        .await
        .ok();
    let order = names(&visitor, json!(["wheelchair"])).await;
    assert_eq!(order, vec!["B Accessible", "C Steps", "A Unknown"]);
    let v = venue(&visitor, steps).await;
    let ramp = answer_id(&v, "StepFreeEntrance");
    let (moderator, _) = app.user("mod@example.org", "Modération").await;
    app::backend::moderation::set_role(
        &app.db,
        "mod@example.org",
        app::domain::moderation::Role::Moderator,
    )
    .await
    .expect("role");
    moderator
        .call("revert_answer", json!({ "id": ramp }))
        .await
        .ok();
    let order = names(&visitor, json!(["wheelchair"])).await;
    assert_eq!(order, vec!["B Accessible", "A Unknown"]);

    // Two needs: both must not fail (nobody said anything of hearing: unknown for all).
    let both = listed(&visitor, json!(["wheelchair", "hearing", "wheelchair"]), "").await;
    assert_eq!(
        both,
        vec![
            wheelchair("Unknown", "A Unknown"),
            wheelchair("Unknown", "B Accessible")
        ]
    );

    // Bad input: a field error, never a server error.
    for (needs, kind) in [
        (json!(["flying"]), ""),
        (json!(["wheelchair"]), "castle"),
        (json!([""]), ""),
    ] {
        let refused = visitor
            .call("venue_list", json!({ "needs": needs, "kind": kind }))
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{needs} {kind}"
        );
    }
    let (status, html) = visitor.get_page("/venues?need=flying").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("form-error"),
        "the page says what is wrong: {html}"
    );

    // The page, as the server renders it, with the needs ticked and the pager keeping them.
    let (status, html) = visitor.get_page("/venues?need=wheelchair").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("B Accessible") && !html.contains("C Steps"),
        "{html}"
    );
    assert!(html.contains(r#"value="wheelchair" checked"#), "{html}");
}

/// Only a moderator removes a place (a private home entered as one): it leaves its page, the
/// list and the open data with its answers; removing it twice, or twice at once, removes it once
/// and answers "not found" after, never a server error.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_moderators_remove_a_place_and_it_leaves_everywhere(#[case] db: Db) {
    let app = spawn(db).await;
    let (amina, _) = app.user("amina@example.org", "Amina").await;
    let home = unique_name("Chez moi");
    let id = create(&amina, &home, step_free())
        .await
        .ok()
        .as_i64()
        .expect("id");
    let kept = create(&amina, "Médiathèque", step_free())
        .await
        .ok()
        .as_i64()
        .expect("id");
    assert_eq!(venue(&amina, id).await["can_remove"], false);

    // A visitor, the author: refused.
    let visitor = app.browser();
    assert_eq!(
        visitor
            .call("remove_venue", json!({ "id": id }))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        amina.call("remove_venue", json!({ "id": id })).await.status,
        StatusCode::FORBIDDEN
    );

    // A moderator, twice at once: removed once.
    let (moderator, _) = app.user("mod@example.org", "Modération").await;
    app::backend::moderation::set_role(
        &app.db,
        "mod@example.org",
        app::domain::moderation::Role::Moderator,
    )
    .await
    .expect("role");
    assert_eq!(venue(&moderator, id).await["can_remove"], true);
    let calls = (0..2).map(|_| {
        let m = moderator.clone();
        async move { m.call("remove_venue", json!({ "id": id })).await.status }
    });
    let mut statuses = futures_join_all(calls).await;
    statuses.sort();
    assert_eq!(statuses, vec![StatusCode::OK, StatusCode::NOT_FOUND]);
    assert_eq!(
        moderator
            .call("remove_venue", json!({ "id": id }))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Gone from its page, the list and the open data, with its answers; the other stays.
    assert_eq!(
        visitor.call("venue", json!({ "id": id })).await.status,
        StatusCode::NOT_FOUND
    );
    let order = names(&visitor, json!([])).await;
    assert_eq!(order, vec!["Médiathèque"]);
    let (_, _, csv) = visitor.get_bytes("/open-data/venues.csv").await;
    let csv = String::from_utf8_lossy(&csv);
    assert!(!csv.contains(&home) && csv.contains("Médiathèque"), "{csv}");
    assert_eq!(
        count(
            &app.db,
            &format!("SELECT COUNT(*) AS n FROM venue_answers WHERE venue_id = {id}")
        )
        .await,
        0
    );
    assert!(
        venue(&visitor, kept).await["answers"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
}

fn unique_name(prefix: &str) -> String {
    format!("{prefix} {}", rand::random::<u32>())
}

/// An association says a venue is its premises: only its managers, once (a retry changes
/// nothing), never over another association's claim, even when two claim at the same moment;
/// that association's managers or a moderator say it no longer is.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn associations_claim_their_premises_one_at_a_time(#[case] db: Db) {
    use crate::associations::create_association;
    let app = spawn(db).await;
    let (amina, _) = app.user("amina@example.org", "Amina").await;
    let (marc, _) = app.user("marc@example.org", "Marc").await;
    let (bruno, _) = app.user("bruno@example.org", "Bruno").await;
    let id = create(&amina, "Maison des associations", step_free())
        .await
        .ok()
        .as_i64()
        .expect("id");
    let ours = create_association(&marc, "Repair Café").await;
    let theirs = create_association(&bruno, "Vélo Solidaire").await;
    let claim = |b: &Browser, association: i64| {
        let b = b.clone();
        async move {
            b.call(
                "claim_venue",
                json!({ "id": id, "association_id": association }),
            )
            .await
            .status
        }
    };
    let release = |b: &Browser| {
        let b = b.clone();
        async move { b.call("release_venue", json!({ "id": id })).await.status }
    };
    assert_eq!(claim(&app.browser(), ours).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        claim(&amina, ours).await,
        StatusCode::FORBIDDEN,
        "not a member"
    );
    assert_eq!(claim(&marc, ours).await, StatusCode::OK);
    assert_eq!(claim(&marc, ours).await, StatusCode::OK, "a retry");
    let seen = venue(&amina, id).await;
    assert_eq!(seen["premises_of"], json!([ours, "Repair Café"]));
    assert_eq!(seen["can_release"], false);
    assert_eq!(venue(&marc, id).await["can_release"], true);
    assert_eq!(claim(&bruno, theirs).await, StatusCode::CONFLICT);
    assert_eq!(release(&bruno).await, StatusCode::FORBIDDEN);
    assert_eq!(release(&amina).await, StatusCode::FORBIDDEN);
    assert_eq!(venue(&amina, id).await["premises_of"][0], ours);

    // Released, then claimed by both at once: one of them has it.
    assert_eq!(release(&marc).await, StatusCode::OK);
    assert!(venue(&amina, id).await["premises_of"].is_null());
    assert_eq!(release(&marc).await, StatusCode::OK, "releasing twice");
    let mut statuses =
        futures_join_all([claim(&marc, ours), claim(&bruno, theirs)].into_iter()).await;
    statuses.sort();
    assert_eq!(statuses, vec![StatusCode::OK, StatusCode::CONFLICT]);
    let winner = venue(&amina, id).await["premises_of"][0]
        .as_i64()
        .expect("claimed");
    assert!(winner == ours || winner == theirs);

    // A moderator releases it; an unknown place is not found.
    app::backend::moderation::set_role(
        &app.db,
        "amina@example.org",
        app::domain::moderation::Role::Moderator,
    )
    .await
    .expect("role");
    assert_eq!(venue(&amina, id).await["can_release"], true);
    assert_eq!(release(&amina).await, StatusCode::OK);
    assert!(venue(&amina, id).await["premises_of"].is_null());
    assert_eq!(
        marc.call(
            "claim_venue",
            json!({ "id": id + 100, "association_id": ours })
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_form_of_an_event_offers_the_places_near_its_point(#[case] db: Db) {
    let app = spawn(db).await;
    let (b, _) = app.user("dora@example.org", "Dora").await;
    // One place at the point, one 150 m north, one 1 km north (too far).
    let mut ids = Vec::new();
    for (name, north_m) in [("Salle A", 0.0), ("Salle B", 150.0), ("Salle C", 1000.0)] {
        let mut form = venue_form(name);
        form["location"]["lat"] = json!(LYON.0 + north_m / 111_320.0);
        let id = b
            .call("create_venue", json!({ "form": form, "answers": [] }))
            .await
            .ok()
            .as_i64()
            .expect("id");
        ids.push(id);
    }
    // Anyone may ask (places are public), nearest first.
    let visitor = app.browser();
    let near = visitor
        .call(
            "venues_near",
            json!({ "lat": LYON.0 + 0.0001, "lng": LYON.1 }),
        )
        .await;
    let names: Vec<&str> = near
        .ok()
        .as_array()
        .expect("list")
        .iter()
        .map(|v| v[1].as_str().unwrap_or_default())
        .collect();
    assert_eq!(names, ["Salle A", "Salle B"]);
    assert_eq!(near.ok()[0][0], json!(ids[0]));
    // Far from everything: none.
    let none = visitor
        .call("venues_near", json!({ "lat": 43.3, "lng": 5.4 }))
        .await;
    assert_eq!(none.ok(), &json!([]));
    // A point off the map is a field error, not a 500.
    for (lat, lng) in [(91.0, 0.0), (0.0, 200.0)] {
        let bad = visitor
            .call("venues_near", json!({ "lat": lat, "lng": lng }))
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_fields(&bad.body), ["Location"]);
    }
}
