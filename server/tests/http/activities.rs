//! Events and missions over HTTP: exact capacity and an ordered waiting list when many people
//! sign up at once, promotion on cancel (and the notice that says so), applications, recorded
//! hours and certificates, announcements, lists and filters, the calendar file, and missions
//! proposed for a person's skills; on SQLite and PostgreSQL.

use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::associations::{
    HOUR, LYON, activity, activity_form, assert_slot_sound, cancel, create_activity,
    create_association, crowd, notices, now, rows, sign_up, signups, slot_of,
};
use crate::auth::{count, futures_join_all};
use crate::support::{Db, invalid_fields, spawn};

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_people_sign_up_at_once_for_ten_places(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let association = create_association(&owner, "Banque alimentaire").await;
    let event = create_activity(
        &owner,
        association,
        activity_form("event", "Repas partagé", &[(48, 3, "10")]),
    )
    .await;
    let slot = slot_of(&owner, event, 0).await;
    let people = crowd(&app, "guest", 50).await;

    let answers = futures_join_all(people.iter().map(|(b, _)| {
        let b = b.clone();
        async move { sign_up(&b, slot).await }
    }))
    .await;
    let statuses: Vec<String> = answers
        .iter()
        .map(|a| a.ok().as_str().expect("status").to_owned())
        .collect();
    assert_eq!(statuses.iter().filter(|s| *s == "Registered").count(), 10);
    assert_eq!(statuses.iter().filter(|s| *s == "Waiting").count(), 40);
    let (registered, waiting) = assert_slot_sound(&app, slot, 10).await;
    assert_eq!((registered.len(), waiting.len()), (10, 40));
    // In order: the ten registered came first, and each person's answer matches the database.
    let rows = rows(&app, slot).await;
    assert!(rows[..10].iter().all(|r| r.1 == "registered"));
    for ((_, id), status) in people.iter().zip(&statuses) {
        let row = rows.iter().find(|r| r.0 == *id).expect("row");
        assert_eq!(row.1, status.to_lowercase());
    }

    // Everyone sees the count and their own place in line.
    let seen = activity(&people[0].0, event).await;
    assert_eq!(seen["slots"][0]["registered"], 10);
    assert_eq!(seen["slots"][0]["waiting"], 40);
    assert_eq!(seen["slots"][0]["places_left"], 0);
    let first_waiting = waiting[0];
    let (first_waiting_browser, _) = people
        .iter()
        .find(|(_, id)| *id == first_waiting)
        .expect("p");
    assert_eq!(
        activity(first_waiting_browser, event).await["slots"][0]["mine"]["waiting_position"],
        1
    );
    // Signing up twice changes nothing.
    assert_eq!(sign_up(first_waiting_browser, slot).await.ok(), "Waiting");
    assert_eq!(rows.len(), 50);

    // Three registered people cancel at once: the first three in line move up, in order, and
    // are told.
    let leaving: Vec<i64> = registered[..3].to_vec();
    futures_join_all(leaving.iter().map(|id| {
        let b = people.iter().find(|(_, p)| p == id).expect("p").0.clone();
        async move { cancel(&b, slot).await }
    }))
    .await
    .iter()
    .for_each(|a| {
        a.ok();
    });
    let (now_registered, now_waiting) = assert_slot_sound(&app, slot, 10).await;
    assert_eq!(now_waiting, waiting[3..].to_vec());
    for promoted in &waiting[..3] {
        assert!(now_registered.contains(promoted));
        let b = &people.iter().find(|(_, p)| p == promoted).expect("p").0;
        let told = notices(b).await;
        assert_eq!(told.len(), 1, "{told:?}");
        assert_eq!(told[0]["kind"], "Promoted");
        assert_eq!(told[0]["activity_id"], event);
    }

    // Churn: twenty people cancel while twenty others (some who left) sign up again.
    let churn = people
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .take(20)
        .map(|(_, (b, _))| (b.clone(), true))
        .chain(
            people
                .iter()
                .filter(|(_, id)| leaving.contains(id))
                .map(|(b, _)| (b.clone(), false)),
        );
    futures_join_all(churn.map(|(b, leave)| async move {
        if leave {
            cancel(&b, slot).await
        } else {
            sign_up(&b, slot).await
        }
    }))
    .await;
    let (registered, waiting) = assert_slot_sound(&app, slot, 10).await;
    let active = registered.len() + waiting.len();
    assert_eq!(registered.len(), active.min(10));
    assert_eq!(
        count(
            &app.db,
            &format!("SELECT COUNT(*) AS n FROM signups WHERE slot_id = {slot}")
        )
        .await,
        50,
        "one row per person and slot"
    );
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_mission_from_application_to_certificate(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let association = create_association(&owner, "Banque alimentaire").await;
    let mission = create_activity(
        &owner,
        association,
        activity_form("mission", "Tri des colis", &[(24, 3, "2"), (48, 3, "")]),
    )
    .await;
    let seen = activity(&owner, mission).await;
    assert_eq!(seen["kind"], "Mission");
    assert_eq!(seen["skills"], json!(["logistics", "arabic"]));
    assert_eq!(seen["slots"][1]["places_left"], Value::Null);
    let slot = seen["slots"][0]["id"].as_i64().expect("slot");
    let (v1, v1_id) = app.user("v1@example.org", "Volunteer One").await;
    let (v2, v2_id) = app.user("v2@example.org", "Volunteer Two").await;
    let (v3, v3_id) = app.user("v3@example.org", "Volunteer Three").await;

    // Applications wait for the association's answer; accepted beyond the places, they wait.
    for b in [&v1, &v2, &v3] {
        assert_eq!(sign_up(b, slot).await.ok(), "Pending");
    }
    let list = signups(&owner, mission).await;
    for row in &list {
        owner
            .call(
                "answer_signup",
                json!({ "signup_id": row["id"], "accept": true }),
            )
            .await
            .ok();
    }
    let list = signups(&owner, mission).await;
    let status_of = |list: &[Value], user: i64| {
        list.iter()
            .find(|r| r["user_id"] == user)
            .map(|r| r["status"].as_str().expect("status").to_owned())
            .expect("row")
    };
    assert_eq!(status_of(&list, v1_id), "Registered");
    assert_eq!(status_of(&list, v2_id), "Registered");
    assert_eq!(status_of(&list, v3_id), "Waiting");
    assert_eq!(
        activity(&v3, mission).await["slots"][0]["mine"]["waiting_position"],
        1
    );
    // Answering twice is refused; a volunteer cannot answer.
    let again = owner
        .call(
            "answer_signup",
            json!({ "signup_id": list[0]["id"], "accept": true }),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(
        v3.call(
            "answer_signup",
            json!({ "signup_id": list[2]["id"], "accept": true })
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    // The capacity cannot drop below the people registered.
    let lower = owner
        .call(
            "set_slot_capacity",
            json!({ "slot_id": slot, "capacity": "1" }),
        )
        .await;
    assert_eq!(invalid_fields(&lower.body), ["Capacity"]);

    // Volunteer one cancels: volunteer three moves up and is told.
    cancel(&v1, slot).await.ok();
    assert_eq!(cancel(&v1, slot).await.status, StatusCode::CONFLICT);
    let told: Vec<String> = notices(&v3)
        .await
        .iter()
        .map(|n| n["kind"].as_str().expect("kind").to_owned())
        .collect();
    assert_eq!(told, ["Promoted", "Accepted"]);
    assert_eq!(
        activity(&v3, mission).await["slots"][0]["mine"]["status"],
        "Registered"
    );
    assert!(
        v3.call("unread_count", json!({}))
            .await
            .ok()
            .as_u64()
            .expect("n")
            >= 2
    );

    // An announcement reaches everyone signed up, not those who left.
    let blank = owner
        .call("announce", json!({ "id": mission, "message": "  " }))
        .await;
    assert_eq!(invalid_fields(&blank.body), ["Message"]);
    let told = owner
        .call(
            "announce",
            json!({ "id": mission, "message": "Bring gloves, please." }),
        )
        .await;
    assert_eq!(told.ok(), 2);
    assert_eq!(notices(&v2).await[0]["body"], "Bring gloves, please.");
    assert!(
        notices(&v1)
            .await
            .iter()
            .all(|n| n["kind"] != "Announcement")
    );

    // Completing before the slot starts is refused; once it has started, hours are recorded.
    let early = owner
        .call("complete_slot", json!({ "slot_id": slot, "absent": [] }))
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    let start = now() - 4 * HOUR;
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "UPDATE activity_slots SET starts_at = {start}, ends_at = {} WHERE id = {slot}",
                start + 3 * HOUR
            ),
        ))
        .await
        .expect("move the slot");
    assert_eq!(
        v2.call("complete_slot", json!({ "slot_id": slot, "absent": [] }))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    owner
        .call(
            "complete_slot",
            json!({ "slot_id": slot, "absent": [v2_id] }),
        )
        .await
        .ok();
    assert_eq!(
        owner
            .call("complete_slot", json!({ "slot_id": slot, "absent": [] }))
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(sign_up(&v1, slot).await.status, StatusCode::CONFLICT);

    let certificate = v3
        .call(
            "hours_certificate",
            json!({ "association_id": association }),
        )
        .await
        .ok()
        .clone();
    assert_eq!(certificate["volunteer_name"], "Volunteer Three");
    assert_eq!(certificate["association_name"], "Banque alimentaire");
    assert_eq!(certificate["total_minutes"], 180);
    assert_eq!(certificate["lines"][0]["activity_title"], "Tri des colis");
    let absent = v2
        .call(
            "hours_certificate",
            json!({ "association_id": association }),
        )
        .await
        .ok()
        .clone();
    assert_eq!(absent["total_minutes"], 0);
    assert_eq!(absent["lines"], json!([]));
    assert_eq!(
        v3.call("my_hours", json!({})).await.ok(),
        &json!([[association, "Banque alimentaire", 180]])
    );
    assert_eq!(
        app.browser()
            .call(
                "hours_certificate",
                json!({ "association_id": association })
            )
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_are_listed_filtered_and_exported(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let association = create_association(&owner, "Quartier solidaire").await;

    // Bad slots: in the past, ending before they start, zero places; nothing saved.
    let mut bad = activity_form("event", "Too late", &[(-2, 1, "0")]);
    bad["slots"][0]["ends_at"] = json!(now() - 3 * HOUR);
    let refused = owner
        .call(
            "create_activity",
            json!({ "association_id": association, "form": bad }),
        )
        .await;
    assert_eq!(
        invalid_fields(&refused.body),
        ["StartsAt", "EndsAt", "Capacity"]
    );
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM activities").await,
        0
    );

    // The cooking class is held at a step-free place, the film night up two steps.
    let ramp = crate::needs::venue(&owner, "Step-free hall", crate::needs::step_free()).await;
    let steps = crate::needs::venue(&owner, "Upstairs room", crate::needs::two_steps()).await;
    let mut soon = activity_form("event", "Cooking class", &[(24, 2, "3")]);
    soon["venue"] = json!(ramp);
    let soon = create_activity(&owner, association, soon).await;
    let mut later = activity_form("event", "Film night", &[(24 * 10, 2, "")]);
    later["category"] = json!("other");
    later["venue"] = json!(steps);
    let later = create_activity(&owner, association, later).await;
    let mut online = activity_form("event", "Online French class", &[(30, 1, "")]);
    online["online"] = json!(true);
    online["location"] = Value::Null;
    let online = create_activity(&owner, association, online).await;

    let visitor = app.browser();
    let ids = |v: &Value| -> Vec<i64> {
        v.as_array()
            .expect("list")
            .iter()
            .map(|a| a["id"].as_i64().expect("id"))
            .collect()
    };
    let filter = |f: Value| {
        let b = visitor.clone();
        async move {
            b.call("upcoming_activities", json!({ "filter": f }))
                .await
                .ok()
                .clone()
        }
    };
    let all = json!({ "kind": "", "category": "", "from": null, "to": null });
    assert_eq!(ids(&filter(all.clone()).await), [soon, online, later]);
    let mut f = all.clone();
    f["category"] = json!("other");
    assert_eq!(ids(&filter(f).await), [later]);
    // "Accessible to me" keeps everything for someone who gave no needs…
    let mut f = all.clone();
    f["mine"] = json!(true);
    assert_eq!(ids(&filter(f.clone()).await), [soon, online, later]);
    // … and leaves the film night out for a wheelchair user.
    crate::needs::choose(&visitor, &["wheelchair"]).await;
    assert_eq!(ids(&filter(f).await), [soon, online]);
    let mut f = all.clone();
    f["to"] = json!(now() + 48 * HOUR);
    assert_eq!(ids(&filter(f).await), [soon, online]);
    let mut f = all.clone();
    f["kind"] = json!("party");
    let refused = visitor
        .call("upcoming_activities", json!({ "filter": f }))
        .await;
    assert_eq!(invalid_fields(&refused.body), ["Kind"]);

    // The map layer: those with a place inside the box, never the online one.
    let map = visitor
        .call(
            "activities_in",
            json!({ "south": 45.7, "west": 4.8, "north": 45.8, "east": 4.9, "filter": all }),
        )
        .await
        .ok()
        .clone();
    assert_eq!(ids(&map), [soon, later]);
    assert_eq!(map[0]["places_left"], 3);
    let elsewhere = visitor
        .call(
            "activities_in",
            json!({ "south": 48.8, "west": 2.2, "north": 48.9, "east": 2.4, "filter": all }),
        )
        .await;
    assert_eq!(elsewhere.ok(), &json!([]));

    // The calendar file.
    let res = visitor
        .client
        .get(format!("{}/activities/{soon}/calendar.ics", app.base))
        .send()
        .await
        .expect("ics");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/calendar")
    );
    let body = res.text().await.expect("body");
    assert!(body.contains("BEGIN:VEVENT"), "{body}");
    assert!(body.contains("SUMMARY:Cooking class"), "{body}");
    assert!(
        body.contains("LOCATION:Step-free hall"),
        "the venue's address: {body}"
    );
    let missing = visitor
        .client
        .get(format!("{}/activities/9999/calendar.ics", app.base))
        .send()
        .await
        .expect("ics");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // Events without registration: people just come.
    let mut open = activity_form("event", "Open day", &[(24, 2, "")]);
    open["registration"] = json!(false);
    let open = create_activity(&owner, association, open).await;
    let open_slot = slot_of(&owner, open, 0).await;
    assert_eq!(
        sign_up(&visitor, open_slot).await.status,
        StatusCode::UNAUTHORIZED
    );
    let (guest, _) = app.user("guest@example.org", "Guest").await;
    assert_eq!(
        sign_up(&guest, open_slot).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(sign_up(&guest, 9999).await.status, StatusCode::NOT_FOUND);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn missions_are_proposed_by_skills_and_area_with_why(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let (vera, _) = app.user("vera@example.org", "Vera").await;
    let (plain, _) = app.user("plain@example.org", "Plain").await;
    let id = create_association(&owner, "Banque alimentaire").await;
    // Near Vera's home (about 1 km) and wanting two of her skills.
    let near = create_activity(
        &owner,
        id,
        activity_form("mission", "Sorting", &[(24, 3, "3")]),
    )
    .await;
    // Online, wanting one of them.
    let mut form = activity_form("mission", "Translating letters", &[(30, 2, "")]);
    form["online"] = json!(true);
    form["address"] = json!("");
    form["location"] = json!(null);
    form["skills"] = json!("arabic");
    let online = create_activity(&owner, id, form).await;
    // In Paris: too far.
    let mut form = activity_form("mission", "Sorting in Paris", &[(24, 3, "3")]);
    form["location"] = json!({ "lat": 48.85, "lng": 2.35 });
    create_activity(&owner, id, form).await;
    // Near, but another skill; and an event (events are not proposed).
    let mut form = activity_form("mission", "Carpentry", &[(24, 3, "3")]);
    form["skills"] = json!("carpentry");
    create_activity(&owner, id, form).await;
    create_activity(
        &owner,
        id,
        activity_form("event", "Party", &[(24, 3, "30")]),
    )
    .await;

    let profile = |skills: &str| {
        json!({ "form": { "display_name": "Vera", "bio": "", "languages": ["ar"],
            "home": { "lat": LYON.0, "lng": LYON.1 }, "skills": skills } })
    };
    let me = vera
        .call("update_profile", profile("Logistics, ARABIC"))
        .await
        .ok()
        .clone();
    assert_eq!(me["skills"], json!(["logistics", "arabic"]));

    let proposed = vera.call("proposed_missions", json!({})).await.ok().clone();
    let list = proposed.as_array().expect("proposals");
    let ids: Vec<i64> = list
        .iter()
        .map(|p| p["activity"]["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids, vec![near, online], "{proposed}");
    let first = &list[0]["fit"];
    assert_eq!(
        first["factors"][0]["reason"],
        json!({ "CommonSkills": ["logistics", "arabic"] })
    );
    assert_eq!(first["factors"][0]["points"], json!(50));
    assert_eq!(
        first["factors"][1]["reason"],
        json!({ "Distance": "OneToThreeKm" })
    );
    assert_eq!(
        first["factors"][2]["reason"],
        json!({ "CommonLanguage": "ar" })
    );
    assert_eq!(first["points"], json!(50 + 22 + 10));
    assert_eq!(list[1]["fit"]["factors"][1]["reason"], json!("Remote"));

    // Once she signed up, it is no longer proposed.
    let slot = slot_of(&vera, near, 0).await;
    sign_up(&vera, slot).await.ok();
    let proposed = vera.call("proposed_missions", json!({})).await.ok().clone();
    let ids: Vec<i64> = proposed
        .as_array()
        .expect("proposals")
        .iter()
        .map(|p| p["activity"]["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids, vec![online]);

    // No skills, or no account: nothing.
    assert_eq!(
        plain.call("proposed_missions", json!({})).await.ok(),
        &json!([])
    );
    assert_eq!(
        app.browser()
            .call("proposed_missions", json!({}))
            .await
            .ok(),
        &json!([])
    );

    // A one-letter skill is refused on its field, and the saved skills stay.
    let refused = vera.call("update_profile", profile("x")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&refused.body), vec!["Skills"]);
    assert_eq!(
        vera.call("me", json!({})).await.ok()["skills"],
        json!(["logistics", "arabic"])
    );
}
