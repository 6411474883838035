//! Associations, events and missions over HTTP: roles checked on every call, exact capacity and
//! an ordered waiting list when many people sign up at once, promotion on cancel (and the notice
//! that says so), recorded hours and certificates, announcements, the calendar file; on SQLite
//! and PostgreSQL.

use std::sync::Arc;

use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use app::backend::moderation::set_role;
use app::domain::moderation::Role;

use crate::auth::{count, futures_join_all};
use crate::support::{Browser, Db, TestApp, invalid_fields, spawn};

const LYON: (f64, f64) = (45.7640, 4.8357);
const HOUR: i64 = 3_600;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

pub(crate) fn association_form(name: &str) -> Value {
    json!({
        "name": name,
        "description": "We collect and share food every week.",
        "address": "12 rue des Lilas, Lyon",
        "location": { "lat": LYON.0, "lng": LYON.1 },
        "website": "https://banque.example.org",
        "contact": "contact@banque.example.org",
        "categories": ["food"],
    })
}

/// An activity form: `slots` as `(hours from now, length in hours, capacity)`.
fn activity_form(kind: &str, title: &str, slots: &[(i64, i64, &str)]) -> Value {
    let start = now();
    json!({
        "kind": kind,
        "title": title,
        "description": "Sorting and packing parcels for families.",
        "category": "food",
        "online": false,
        "address": "Entrepôt, 3 quai Perrache",
        "location": { "lat": LYON.0 + 0.01, "lng": LYON.1 },
        "accessibility": ["mobility"],
        "languages": ["fr", "ar"],
        "skills": "logistics, arabic",
        "min_age": "",
        "auto_accept": false,
        "registration": true,
        "slots": slots.iter().map(|(from, hours, capacity)| json!({
            "starts_at": start + from * HOUR,
            "ends_at": start + (from + hours) * HOUR,
            "capacity": capacity,
        })).collect::<Vec<_>>(),
    })
}

async fn create_association(b: &Browser, name: &str) -> i64 {
    b.call(
        "create_association",
        json!({ "form": association_form(name) }),
    )
    .await
    .ok()
    .as_i64()
    .expect("association id")
}

async fn create_activity(b: &Browser, association: i64, form: Value) -> i64 {
    b.call(
        "create_activity",
        json!({ "association_id": association, "form": form }),
    )
    .await
    .ok()
    .as_i64()
    .expect("activity id")
}

async fn activity(b: &Browser, id: i64) -> Value {
    b.call("activity", json!({ "id": id })).await.ok().clone()
}

async fn slot_of(b: &Browser, id: i64, index: usize) -> i64 {
    activity(b, id).await["slots"][index]["id"]
        .as_i64()
        .expect("slot id")
}

async fn sign_up(b: &Browser, slot: i64) -> crate::support::Answer {
    b.call("sign_up", json!({ "slot_id": slot })).await
}

async fn cancel(b: &Browser, slot: i64) -> crate::support::Answer {
    b.call("cancel_signup", json!({ "slot_id": slot })).await
}

async fn signups(b: &Browser, id: i64) -> Vec<Value> {
    b.call("activity_signups", json!({ "id": id }))
        .await
        .ok()
        .as_array()
        .expect("signups")
        .clone()
}

/// Accepts every invitation `b` has; answers how many.
async fn accept_all(b: &Browser) -> usize {
    let pending = b.call("my_invitations", json!({})).await.ok().clone();
    let pending = pending.as_array().expect("invitations");
    for invitation in pending {
        b.call(
            "answer_invitation",
            json!({ "id": invitation["id"], "accept": true }),
        )
        .await
        .ok();
    }
    pending.len()
}

async fn notices(b: &Browser) -> Vec<Value> {
    b.call("notices", json!({}))
        .await
        .ok()
        .as_array()
        .expect("notices")
        .clone()
}

/// Many people at once, each with their own browser.
async fn crowd(app: &TestApp, prefix: &str, n: usize) -> Vec<(Arc<Browser>, i64)> {
    let signups = (0..n).map(|i| {
        let b = app.browser();
        let email = format!("{prefix}{i}@example.org");
        let name = format!("{prefix} {i}");
        async move {
            let me = b.signup(&email, &name, crate::support::STRONG).await;
            let id = me.ok()["id"].as_i64().expect("id");
            (Arc::new(b), id)
        }
    });
    futures_join_all(signups).await
}

/// The slot's sign-ups straight from the database: `(user, status, seq)` in `seq` order.
async fn rows(app: &TestApp, slot: i64) -> Vec<(i64, String, i64)> {
    let backend = app.db.get_database_backend();
    app.db
        .query_all_raw(Statement::from_string(
            backend,
            format!("SELECT user_id, status, seq FROM signups WHERE slot_id = {slot} ORDER BY seq"),
        ))
        .await
        .expect("rows")
        .into_iter()
        .map(|r| {
            (
                r.try_get::<i64>("", "user_id").expect("user"),
                r.try_get::<String>("", "status").expect("status"),
                r.try_get::<i64>("", "seq").expect("seq"),
            )
        })
        .collect()
}

/// What must hold on a slot at any time: seqs unique, never more registered than the capacity,
/// nobody waiting while a place is free, and everyone registered arrived (or was promoted)
/// before everyone still waiting… in `seq` order.
async fn assert_slot_sound(app: &TestApp, slot: i64, capacity: usize) -> (Vec<i64>, Vec<i64>) {
    let rows = rows(app, slot).await;
    let mut seqs: Vec<i64> = rows.iter().map(|r| r.2).collect();
    seqs.dedup();
    assert_eq!(seqs.len(), rows.len(), "seqs are unique");
    let registered: Vec<i64> = rows
        .iter()
        .filter(|r| r.1 == "registered")
        .map(|r| r.0)
        .collect();
    let waiting: Vec<i64> = rows
        .iter()
        .filter(|r| r.1 == "waiting")
        .map(|r| r.0)
        .collect();
    assert!(
        registered.len() <= capacity,
        "{} > {capacity}",
        registered.len()
    );
    if !waiting.is_empty() {
        assert_eq!(
            registered.len(),
            capacity,
            "someone waits while a place is free"
        );
    }
    (registered, waiting)
}

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
async fn only_owners_and_managers_run_an_association(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, owner_id) = app.user("owner@example.org", "Owner").await;
    let (manager, manager_id) = app.user("manager@example.org", "Manon").await;
    let (member, member_id) = app.user("member@example.org", "Mehdi Member").await;
    let (outsider, _) = app.user("outsider@example.org", "Olga").await;
    let (admin, _) = app.user("admin@example.org", "Admin").await;
    assert!(
        set_role(&app.db, "admin@example.org", Role::Moderator)
            .await
            .expect("role")
    );
    let visitor = app.browser();

    // Bad input: every field at once, nothing saved.
    let bad = owner
        .call(
            "create_association",
            json!({ "form": {
                "name": "A", "description": "", "address": "", "location": null,
                "website": "javascript:alert(1)", "contact": "", "categories": ["nope"],
            } }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invalid_fields(&bad.body),
        [
            "Name",
            "Description",
            "Address",
            "Location",
            "Website",
            "Categories"
        ]
    );
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM associations").await,
        0
    );
    assert_eq!(
        visitor
            .call(
                "create_association",
                json!({ "form": association_form("Nope") })
            )
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let id = create_association(&owner, "Cuisine du monde").await;
    let page = owner
        .call("association", json!({ "id": id }))
        .await
        .ok()
        .clone();
    assert_eq!(page["my_role"], "Owner");
    assert_eq!(page["verified"], false);

    // Invitations: by e-mail as manager, by name (any case) as member. Whoever it is (an
    // unknown address, an existing member), the owner's answer is the same.
    let invite = |b: &Browser, who: &str, role: &str| {
        let args = json!({ "id": id, "invitee": who, "role": role });
        let b = b.clone();
        async move { b.call("invite_member", args).await }
    };
    let sent = invite(&owner, "MANAGER@example.org", "manager").await;
    sent.ok();
    invite(&owner, "mehdi member", "member").await.ok();
    let unknown = invite(&owner, "nobody@example.org", "member").await;
    assert_eq!(
        (unknown.status, &unknown.body),
        (sent.status, &sent.body),
        "an unknown address looks like a known one"
    );
    let owner_role = invite(&owner, "outsider@example.org", "owner").await;
    assert_eq!(invalid_fields(&owner_role.body), ["MemberRole"]);
    for b in [&manager, &member, &outsider] {
        assert_eq!(
            invite(b, "outsider@example.org", "member").await.status,
            StatusCode::FORBIDDEN
        );
    }
    // Nobody joins without saying yes.
    assert_eq!(
        owner.call("association", json!({ "id": id })).await.ok()["members"]
            .as_array()
            .expect("members")
            .len(),
        1
    );
    assert_eq!(notices(&manager).await[0]["kind"], "Invited");
    accept_all(&manager).await;
    accept_all(&member).await;
    let again = invite(&owner, "member@example.org", "manager").await;
    assert_eq!((again.status, &again.body), (sent.status, &sent.body));

    // Members see the members; others do not.
    let seen = member
        .call("association", json!({ "id": id }))
        .await
        .ok()
        .clone();
    assert_eq!(seen["my_role"], "Member");
    assert_eq!(seen["members"].as_array().expect("members").len(), 3);
    let seen = outsider
        .call("association", json!({ "id": id }))
        .await
        .ok()
        .clone();
    assert_eq!(seen["my_role"], Value::Null);
    assert_eq!(seen["members"], json!([]));

    // A member cannot promote themselves, nor can a manager; the owner stays the owner.
    for b in [&member, &manager] {
        let a = b
            .call(
                "set_member_role",
                json!({ "id": id, "user_id": member_id, "role": "manager" }),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        owner
            .call(
                "set_member_role",
                json!({ "id": id, "user_id": owner_id, "role": "member" })
            )
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        member.call("association", json!({ "id": id })).await.ok()["my_role"],
        "Member"
    );

    // Editing the page: the owner and managers.
    let mut edited = association_form("Cuisine du monde");
    edited["description"] = json!("Cooking classes open to the neighbourhood.");
    for (b, status) in [
        (&member, StatusCode::FORBIDDEN),
        (&outsider, StatusCode::FORBIDDEN),
        (&visitor, StatusCode::UNAUTHORIZED),
        (&manager, StatusCode::OK),
    ] {
        let a = b
            .call("update_association", json!({ "id": id, "form": edited }))
            .await;
        assert_eq!(a.status, status, "{}", a.body);
    }

    // Posting events and missions: managers only.
    let form = activity_form("event", "Atelier cuisine", &[(24, 2, "3")]);
    for b in [&member, &outsider] {
        let a = b
            .call(
                "create_activity",
                json!({ "association_id": id, "form": form }),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
    }
    let event = create_activity(&manager, id, form.clone()).await;
    let slot = slot_of(&manager, event, 0).await;
    sign_up(&outsider, slot).await.ok();

    // Seeing who registered, messaging them, changing capacity: managers only.
    for (b, status) in [
        (&member, StatusCode::FORBIDDEN),
        (&outsider, StatusCode::FORBIDDEN),
        (&visitor, StatusCode::UNAUTHORIZED),
    ] {
        assert_eq!(
            b.call("activity_signups", json!({ "id": event }))
                .await
                .status,
            status
        );
        assert_eq!(
            b.call("announce", json!({ "id": event, "message": "Hi" }))
                .await
                .status,
            status
        );
        assert_eq!(
            b.call(
                "set_slot_capacity",
                json!({ "slot_id": slot, "capacity": "1" })
            )
            .await
            .status,
            status
        );
        let mut edited = form.clone();
        edited["title"] = json!("Hijacked");
        assert_eq!(
            b.call("update_activity", json!({ "id": event, "form": edited }))
                .await
                .status,
            status
        );
    }
    let list = signups(&owner, event).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "Olga");
    assert!(activity(&member, event).await["can_manage"] == false);
    assert!(activity(&manager, event).await["can_manage"] == true);

    // Verification: a site administrator only.
    for b in [&owner, &manager] {
        assert_eq!(
            b.call("verify_association", json!({ "id": id, "verified": true }))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    admin
        .call("verify_association", json!({ "id": id, "verified": true }))
        .await
        .ok();
    assert_eq!(
        visitor.call("association", json!({ "id": id })).await.ok()["verified"],
        true
    );
    assert_eq!(
        admin
            .call(
                "verify_association",
                json!({ "id": 9999, "verified": true })
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Leaving and removing: a member may leave; only the owner removes others; never the owner.
    assert_eq!(
        manager
            .call("remove_member", json!({ "id": id, "user_id": member_id }))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        owner
            .call("remove_member", json!({ "id": id, "user_id": owner_id }))
            .await
            .status,
        StatusCode::CONFLICT
    );
    member
        .call("remove_member", json!({ "id": id, "user_id": member_id }))
        .await
        .ok();
    owner
        .call("remove_member", json!({ "id": id, "user_id": manager_id }))
        .await
        .ok();
    // A removed manager loses their rights at once.
    assert_eq!(
        manager
            .call("activity_signups", json!({ "id": event }))
            .await
            .status,
        StatusCode::FORBIDDEN
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

    let soon = create_activity(
        &owner,
        association,
        activity_form("event", "Cooking class", &[(24, 2, "3")]),
    )
    .await;
    let mut later = activity_form("event", "Film night", &[(24 * 10, 2, "")]);
    later["category"] = json!("other");
    later["accessibility"] = json!(["hearing"]);
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
    let all = json!({ "kind": "", "category": "", "accessibility": "", "from": null, "to": null });
    assert_eq!(ids(&filter(all.clone()).await), [soon, online, later]);
    let mut f = all.clone();
    f["category"] = json!("other");
    assert_eq!(ids(&filter(f).await), [later]);
    let mut f = all.clone();
    f["accessibility"] = json!("mobility");
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
    assert!(body.contains("LOCATION:Entrepôt"), "{body}");
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
async fn managers_post_listings_in_the_associations_name(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let (member, _) = app.user("member@example.org", "Mehdi").await;
    let (neighbour, _) = app.user("neighbour@example.org", "Nour").await;
    let id = create_association(&owner, "Abri du Rhône").await;
    owner
        .call(
            "invite_member",
            json!({ "id": id, "invitee": "member@example.org", "role": "member" }),
        )
        .await
        .ok();
    assert_eq!(accept_all(&member).await, 1);
    let mut need =
        crate::support::listing_form("request", "Blankets for the shelter", LYON.0, LYON.1);
    need["nature"] = json!("good");
    need["category"] = json!("clothing");
    need["association_id"] = json!(id);
    let refused = member.call("create_listing", json!({ "form": need })).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let posted = owner
        .call("create_listing", json!({ "form": need }))
        .await
        .ok()
        .clone();
    assert_eq!(posted["association"], json!([id, "Abri du Rhône"]));
    let listing = posted["id"].as_i64().expect("listing");

    // It takes part in matching like anyone's: a neighbour's offer of blankets finds it.
    let mut offer = crate::support::listing_form("offer", "Warm blankets", LYON.0, LYON.1 + 0.01);
    offer["nature"] = json!("good");
    offer["category"] = json!("clothing");
    let offer = neighbour
        .call("create_listing", json!({ "form": offer }))
        .await
        .ok()["id"]
        .as_i64()
        .expect("offer");
    let matches = neighbour
        .call("listing_matches", json!({ "listing_id": offer }))
        .await
        .ok()
        .clone();
    assert!(
        matches
            .as_array()
            .expect("matches")
            .iter()
            .any(|m| m["other"]["id"] == listing),
        "{matches}"
    );
    let seen = neighbour
        .call("get_listing", json!({ "id": listing }))
        .await
        .ok()
        .clone();
    assert_eq!(seen["association"], json!([id, "Abri du Rhône"]));
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

const LOGO: &[u8] = include_bytes!("../../../end2end/fixtures/logo.png");
const LOGO_16: &[u8] = include_bytes!("../../../end2end/fixtures/logo-16.png");

/// The upload form: the association's id and a file.
fn logo_form(id: i64, bytes: &[u8], file_name: &str, mime: &str) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(bytes.to_vec())
        .file_name(file_name.to_owned())
        .mime_str(mime)
        .expect("mime");
    reqwest::multipart::Form::new()
        .text("association", id.to_string())
        .part("logo", part)
}

/// The refusal's field and code, as the client reads them.
fn refusal(body: &Value) -> (String, Value) {
    let first = &body["Validation"][0];
    (
        first["field"].as_str().unwrap_or_default().to_owned(),
        first["code"].clone(),
    )
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn logos_are_checked_kept_by_managers_and_served_to_all(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let (manager, _) = app.user("manager@example.org", "Manon").await;
    let (member, _) = app.user("member@example.org", "Mehdi").await;
    let (outsider, _) = app.user("outsider@example.org", "Olga").await;
    let visitor = app.browser();
    let id = create_association(&owner, "Cuisine du monde").await;
    for (who, role) in [("manager@example.org", "manager"), ("Mehdi", "member")] {
        owner
            .call(
                "invite_member",
                json!({ "id": id, "invitee": who, "role": role }),
            )
            .await
            .ok();
    }
    assert_eq!(accept_all(&manager).await, 1);
    assert_eq!(accept_all(&member).await, 1);
    let png = |b: &[u8]| logo_form(id, b, "logo.png", "image/png");

    // Only the owner and managers: a visitor, an outsider and a member are refused.
    assert_eq!(
        visitor.upload("upload_logo", png(LOGO)).await.status,
        StatusCode::UNAUTHORIZED
    );
    for refused in [&outsider, &member] {
        assert_eq!(
            refused.upload("upload_logo", png(LOGO)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        manager
            .upload(
                "upload_logo",
                logo_form(id + 99, LOGO, "logo.png", "image/png")
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM association_logos").await,
        0
    );
    assert_eq!(
        visitor.call("association", json!({ "id": id })).await.ok()["logo"],
        Value::Null
    );

    // A manager sets it; everyone sees it, byte for byte, with its type and for good.
    let answer = manager.upload("upload_logo", png(LOGO)).await;
    let url = answer.ok().as_str().expect("the logo's address").to_owned();
    assert!(
        url.starts_with(&format!("/associations/{id}/logo?v=")),
        "{url}"
    );
    assert_eq!(
        visitor.call("association", json!({ "id": id })).await.ok()["logo"],
        json!(url)
    );
    let listed = visitor.call("associations", json!({})).await.ok().clone();
    assert_eq!(listed["items"][0]["logo"], json!(url));
    let (status, headers, bytes) = visitor.get_bytes(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, LOGO);
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["cache-control"]
            .to_str()
            .expect("ascii")
            .contains("immutable")
    );
    let (_, stale, _) = visitor
        .get_bytes(&format!("/associations/{id}/logo?v=1"))
        .await;
    assert_eq!(stale["cache-control"], "no-cache");

    // Bad files are refused on the logo's field, in the user's language on the client, and
    // the logo already saved stays.
    let big = {
        let mut b = LOGO.to_vec();
        b.resize(300 * 1_024 + 1, 0);
        b
    };
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let cases: [(reqwest::multipart::Form, Value); 5] = [
        (
            logo_form(id, b"just words", "logo.png", "image/png"),
            json!("NotAnImage"),
        ),
        (
            logo_form(id, svg, "logo.svg", "image/svg+xml"),
            json!("NotAnImage"),
        ),
        (
            logo_form(
                id,
                b"GIF89a\x01\x00\x01\x00\x00\x00\x00",
                "a.gif",
                "image/gif",
            ),
            json!("NotAnImage"),
        ),
        (png(&big), json!({ "FileTooLarge": { "max_kb": 300 } })),
        (png(b""), json!("Required")),
    ];
    for (form, code) in cases {
        let refused = manager.upload("upload_logo", form).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refusal(&refused.body), ("Logo".to_owned(), code));
    }
    let (_, _, still) = visitor.get_bytes(&url).await;
    assert_eq!(still, LOGO);
    // A body that is not multipart is refused, not a crash.
    let res = reqwest::Client::new()
        .post(format!("{}/api/upload_logo", app.base))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Many uploads at once (the owner and the manager): each answer is a new version, and the
    // page points at the one that is kept.
    let uploads = futures_join_all((0..12).map(|i| {
        let (b, form) = if i % 2 == 0 {
            (owner.clone(), png(LOGO_16))
        } else {
            (manager.clone(), png(LOGO))
        };
        async move { b.upload("upload_logo", form).await }
    }))
    .await;
    let mut urls: Vec<String> = uploads
        .iter()
        .map(|a| a.ok().as_str().expect("address").to_owned())
        .collect();
    urls.push(url.clone());
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), 13, "every upload got its own version");
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) AS n FROM association_logos").await,
        1
    );
    let current = visitor.call("association", json!({ "id": id })).await.ok()["logo"]
        .as_str()
        .expect("logo")
        .to_owned();
    let (status, headers, bytes) = visitor.get_bytes(&current).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes == LOGO || bytes == LOGO_16);
    assert!(
        headers["cache-control"]
            .to_str()
            .expect("ascii")
            .contains("immutable"),
        "the page's address is the kept version"
    );

    // Removing: a member cannot; a manager can; the logo is gone, and a new one gets a newer
    // address than any before.
    assert_eq!(
        member.call("remove_logo", json!({ "id": id })).await.status,
        StatusCode::FORBIDDEN
    );
    manager.call("remove_logo", json!({ "id": id })).await.ok();
    assert_eq!(
        visitor.call("association", json!({ "id": id })).await.ok()["logo"],
        Value::Null
    );
    assert_eq!(visitor.get_bytes(&current).await.0, StatusCode::NOT_FOUND);
    let again = owner.upload("upload_logo", png(LOGO_16)).await;
    let again = again.ok().as_str().expect("address").to_owned();
    let version = |u: &str| -> i64 {
        u.rsplit_once("v=")
            .and_then(|(_, v)| v.parse().ok())
            .expect("version")
    };
    assert!(version(&again) > version(&current));
    assert_eq!(visitor.get_bytes(&again).await.2, LOGO_16);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_demo_associations_show_their_logos(#[case] db: Db) {
    let app = spawn(db).await;
    server::seed::fill_if_empty(&app.db)
        .await
        .expect("seed")
        .expect("an empty database is filled");
    let visitor = app.browser();
    let listed = visitor.call("associations", json!({})).await.ok().clone();
    let listed = listed["items"].as_array().expect("associations");
    assert_eq!(listed.len(), 4);
    for a in listed {
        let url = a["logo"]
            .as_str()
            .expect("every demo association has a logo");
        let (status, headers, bytes) = visitor.get_bytes(url).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        assert_eq!(headers["content-type"], "image/png");
        assert_eq!(&bytes[1..4], b"PNG");
    }
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn invitations_need_consent_and_reveal_nothing(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, _) = app.user("owner@example.org", "Owner").await;
    let (invitee, invitee_id) = app.user("invitee@example.org", "Ines").await;
    let (other, _) = app.user("other@example.org", "Omar").await;
    let id = create_association(&owner, "Jardin partagé").await;
    let invite = |who: &str| {
        let args = json!({ "id": id, "invitee": who, "role": "manager" });
        let owner = owner.clone();
        async move { owner.call("invite_member", args).await }
    };
    let members = || async {
        count(
            &app.db,
            &format!("SELECT COUNT(*) AS n FROM association_members WHERE association_id = {id}"),
        )
        .await
    };

    // The owner's answer is the same for an account, for no account, for several invitations at
    // once (a double click) and for an existing member.
    let known = invite("invitee@example.org").await;
    let unknown = invite("nobody-here@example.org").await;
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    let twice = futures_join_all((0..8).map(|_| invite("invitee@example.org"))).await;
    for a in &twice {
        assert_eq!((a.status, &a.body), (known.status, &known.body));
    }
    assert_eq!(members().await, 1, "invited is not joined");
    let invited = notices(&invitee)
        .await
        .iter()
        .filter(|n| n["kind"] == "Invited")
        .count();
    assert_eq!(invited, 1, "one invitation, one notice");

    // Only the invitee sees and answers it.
    let mine = invitee.call("my_invitations", json!({})).await.ok().clone();
    assert_eq!(mine.as_array().expect("invitations").len(), 1);
    assert_eq!(mine[0]["association_name"], "Jardin partagé");
    assert_eq!(mine[0]["role"], "Manager");
    let invitation = mine[0]["id"].clone();
    assert_eq!(
        other.call("my_invitations", json!({})).await.ok(),
        &json!([])
    );
    for (b, status) in [
        (&other, StatusCode::NOT_FOUND),
        (&owner, StatusCode::NOT_FOUND),
        (&app.browser(), StatusCode::UNAUTHORIZED),
    ] {
        let a = b
            .call(
                "answer_invitation",
                json!({ "id": invitation, "accept": true }),
            )
            .await;
        assert_eq!(a.status, status);
    }
    assert_eq!(members().await, 1);

    // Declined: no member, and the owner cannot send it again and again.
    invitee
        .call(
            "answer_invitation",
            json!({ "id": invitation, "accept": false }),
        )
        .await
        .ok();
    assert_eq!(members().await, 1);
    assert_eq!(invite("invitee@example.org").await.status, known.status);
    assert_eq!(
        invitee.call("my_invitations", json!({})).await.ok(),
        &json!([])
    );
    let notices_now = notices(&invitee)
        .await
        .iter()
        .filter(|n| n["kind"] == "Invited")
        .count();
    assert_eq!(notices_now, 1, "a declined invitation is not sent again");

    // Consent given later: accepting, many times at once (retries), joins once with the role
    // offered; declining after joining is refused (leaving is how one leaves).
    let accepts = futures_join_all((0..6).map(|_| {
        let (b, args) = (invitee.clone(), json!({ "id": invitation, "accept": true }));
        async move { b.call("answer_invitation", args).await }
    }))
    .await;
    for a in &accepts {
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    }
    assert_eq!(members().await, 2);
    let page = invitee
        .call("association", json!({ "id": id }))
        .await
        .ok()
        .clone();
    assert_eq!(page["my_role"], "Manager");
    assert_eq!(
        invitee
            .call(
                "answer_invitation",
                json!({ "id": invitation, "accept": false })
            )
            .await
            .status,
        StatusCode::CONFLICT
    );

    // Removed, then invited again: a new invitation, which they must accept again.
    owner
        .call("remove_member", json!({ "id": id, "user_id": invitee_id }))
        .await
        .ok();
    assert_eq!(members().await, 1);
    invite("invitee@example.org").await.ok();
    assert_eq!(members().await, 1);
    assert_eq!(accept_all(&invitee).await, 1);
    assert_eq!(members().await, 2);
}
