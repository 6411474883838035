//! Associations over HTTP: roles checked on every call, posting in an association's name,
//! invitations that need the invitee's consent; on SQLite and PostgreSQL. The helpers here
//! (an association, an activity, a crowd of people signing up) serve the activity and logo
//! tests too.

use std::sync::Arc;

use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use app::backend::moderation::set_role;
use app::domain::moderation::Role;

use crate::auth::{count, futures_join_all};
use crate::support::{Browser, Db, TestApp, invalid_fields, spawn};

pub(crate) const LYON: (f64, f64) = (45.7640, 4.8357);
pub(crate) const HOUR: i64 = 3_600;

pub(crate) fn now() -> i64 {
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
pub(crate) fn activity_form(kind: &str, title: &str, slots: &[(i64, i64, &str)]) -> Value {
    let start = now();
    json!({
        "kind": kind,
        "title": title,
        "description": "Sorting and packing parcels for families.",
        "category": "food",
        "online": false,
        "address": "Entrepôt, 3 quai Perrache",
        "location": { "lat": LYON.0 + 0.01, "lng": LYON.1 },
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

pub(crate) async fn create_association(b: &Browser, name: &str) -> i64 {
    b.call(
        "create_association",
        json!({ "form": association_form(name) }),
    )
    .await
    .ok()
    .as_i64()
    .expect("association id")
}

pub(crate) async fn create_activity(b: &Browser, association: i64, form: Value) -> i64 {
    b.call(
        "create_activity",
        json!({ "association_id": association, "form": form }),
    )
    .await
    .ok()
    .as_i64()
    .expect("activity id")
}

pub(crate) async fn activity(b: &Browser, id: i64) -> Value {
    b.call("activity", json!({ "id": id })).await.ok().clone()
}

pub(crate) async fn slot_of(b: &Browser, id: i64, index: usize) -> i64 {
    activity(b, id).await["slots"][index]["id"]
        .as_i64()
        .expect("slot id")
}

pub(crate) async fn sign_up(b: &Browser, slot: i64) -> crate::support::Answer {
    b.call("sign_up", json!({ "slot_id": slot })).await
}

pub(crate) async fn cancel(b: &Browser, slot: i64) -> crate::support::Answer {
    b.call("cancel_signup", json!({ "slot_id": slot })).await
}

pub(crate) async fn signups(b: &Browser, id: i64) -> Vec<Value> {
    b.call("activity_signups", json!({ "id": id }))
        .await
        .ok()
        .as_array()
        .expect("signups")
        .clone()
}

/// Accepts every invitation `b` has; answers how many.
pub(crate) async fn accept_all(b: &Browser) -> usize {
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

pub(crate) async fn notices(b: &Browser) -> Vec<Value> {
    b.call("notices", json!({}))
        .await
        .ok()
        .as_array()
        .expect("notices")
        .clone()
}

/// Many people at once, each with their own browser.
pub(crate) async fn crowd(app: &TestApp, prefix: &str, n: usize) -> Vec<(Arc<Browser>, i64)> {
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
pub(crate) async fn rows(app: &TestApp, slot: i64) -> Vec<(i64, String, i64)> {
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
pub(crate) async fn assert_slot_sound(
    app: &TestApp,
    slot: i64,
    capacity: usize,
) -> (Vec<i64>, Vec<i64>) {
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
