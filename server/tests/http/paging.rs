//! Lists that can grow are read a page at a time: associations, my exchanges, the moderation
//! queue and an association's members. Each page holds a bounded number of rows, pages neither
//! overlap nor skip a row, the order holds across pages, and a page far past the end is empty;
//! on SQLite and PostgreSQL. The rows are written straight into the database: making hundreds
//! through the app would hit its daily limits.

use std::collections::BTreeSet;

use rstest::rstest;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use app::backend::entities::{association, association_member, exchange, user};
use app::backend::moderation::set_role;
use app::domain::moderation::Role;

use crate::support::{Browser, Db, listing_form, spawn};

/// Reads every page of `endpoint` (`args` plus the page number under `key`) until one says no
/// more follow; answers the rows of each page (found at `items` in the answer).
async fn all_pages(
    b: &Browser,
    endpoint: &str,
    args: Value,
    key: &str,
    items: fn(&Value) -> &Value,
) -> Vec<Vec<Value>> {
    let mut pages = Vec::new();
    for page in 0..100u32 {
        let mut a = args.clone();
        a[key] = json!(page);
        let answer = b.call(endpoint, a).await.ok().clone();
        let paged = items(&answer);
        assert_eq!(paged["page"], page);
        pages.push(paged["items"].as_array().expect("items").clone());
        if paged["more"] == false {
            return pages;
        }
    }
    panic!("{endpoint}: more than 100 pages");
}

fn ids(pages: &[Vec<Value>], key: &str) -> Vec<i64> {
    pages
        .iter()
        .flatten()
        .map(|v| v[key].as_i64().expect("id"))
        .collect()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn long_lists_come_a_page_at_a_time(#[case] db: Db) {
    let app = spawn(db).await;
    let (owner, owner_id) = app.user("owner@example.org", "Owner").await;
    let (moderator, _) = app.user("moderator@example.org", "Moderator").await;
    set_role(&app.db, "moderator@example.org", Role::Moderator)
        .await
        .expect("role");
    let now = 1_900_000_000;

    // 120 associations, every 10th verified.
    let made = association::Entity::insert_many((0..120).map(|n| association::ActiveModel {
        name: Set(format!("Association {n:03}")),
        description: Set("A neighbourhood association".to_owned()),
        address: Set("1 rue de la Paix".to_owned()),
        lat: Set(45.76),
        lng: Set(4.83),
        website: Set(String::new()),
        contact: Set(String::new()),
        categories: Set("food".to_owned()),
        verified_at: Set((n % 10 == 0).then_some(now)),
        verified_by: Set(None),
        created_by: Set(owner_id),
        created_at: Set(now),
        updated_at: Set(now),
        logo_version: Set(None),
        ..Default::default()
    }));
    made.exec(&app.db).await.expect("associations");
    let visitor = app.browser();
    let pages = all_pages(&visitor, "associations", json!({}), "page", |v| v).await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [50, 50, 20]);
    let listed = ids(&pages, "id");
    assert_eq!(
        listed.iter().collect::<BTreeSet<_>>().len(),
        120,
        "no row twice"
    );
    let verified: Vec<bool> = pages
        .iter()
        .flatten()
        .map(|a| a["verified"] == true)
        .collect();
    assert!(verified[..12].iter().all(|v| *v) && verified[12..].iter().all(|v| !*v));
    let far = visitor
        .call("associations", json!({ "page": 4_000_000_000u32 }))
        .await
        .ok()
        .clone();
    assert_eq!(
        (far["items"].clone(), far["more"].clone()),
        (json!([]), json!(false))
    );

    // An association with 230 members (and its owner): the owner first, 100 a page.
    let club = listed[0];
    user::Entity::insert_many((0..230).map(|n| user::ActiveModel {
        email: Set(format!("member-{n}@example.org")),
        display_name: Set(format!("Member {n}")),
        password_hash: Set("not a hash: nobody signs in".to_owned()),
        bio: Set(String::new()),
        languages: Set(String::new()),
        home_lat: Set(None),
        home_lng: Set(None),
        home_cell: Set(None),
        created_at: Set(now),
        notify: Set("all".to_owned()),
        role: Set("member".to_owned()),
        skills: Set(String::new()),
        ..Default::default()
    }))
    .exec(&app.db)
    .await
    .expect("people");
    let people: Vec<i64> = user::Entity::find()
        .filter(user::Column::Email.starts_with("member-"))
        .order_by_asc(user::Column::Id)
        .all(&app.db)
        .await
        .expect("people")
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(people.len(), 230);
    association_member::Entity::insert_many(
        std::iter::once((owner_id, "owner"))
            .chain(people.iter().map(|p| (*p, "member")))
            .map(|(user, role)| association_member::ActiveModel {
                association_id: Set(club),
                user_id: Set(user),
                role: Set(role.to_owned()),
                created_at: Set(now),
            }),
    )
    .exec(&app.db)
    .await
    .expect("members");
    // `association` answers the page's rows under `members`; read them page by page.
    let mut members = Vec::new();
    for page in 0..3u32 {
        let a = owner
            .call("association", json!({ "id": club, "members_page": page }))
            .await
            .ok()
            .clone();
        assert_eq!(a["members_page"], page);
        assert_eq!(a["more_members"], page < 2);
        members.extend(a["members"].as_array().expect("members").clone());
    }
    assert_eq!(members.len(), 231);
    assert_eq!(members[0]["role"], "Owner");
    assert_eq!(
        members
            .iter()
            .map(|m| m["user_id"].as_i64())
            .collect::<BTreeSet<_>>()
            .len(),
        231
    );

    // 130 exchanges of one person (one still open), 45 of them disputed.
    let (author, author_id) = app.user("author@example.org", "Author").await;
    let listing = author
        .call(
            "create_listing",
            json!({ "form": listing_form("offer", "Soup every evening", 45.76, 4.83) }),
        )
        .await
        .ok()["id"]
        .as_i64()
        .expect("listing");
    let proposer = people[0];
    exchange::Entity::insert_many((0..130i64).map(|n| {
        let state = match n {
            0 => "proposed",
            n if n % 3 == 0 => "disputed",
            _ => "completed",
        };
        exchange::ActiveModel {
            listing_id: Set(listing),
            author_id: Set(author_id),
            proposer_id: Set(proposer),
            giver_id: Set(author_id),
            receiver_id: Set(proposer),
            state: Set(state.to_owned()),
            list_price: Set(0),
            price: Set(Some(0)),
            author_confirmed_at: Set(None),
            proposer_confirmed_at: Set(None),
            created_at: Set(now + n),
            updated_at: Set(now + n),
            ..Default::default()
        }
    }))
    .exec(&app.db)
    .await
    .expect("exchanges");
    let pages = all_pages(&author, "my_exchanges", json!({}), "page", |v| v).await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [50, 50, 30]);
    let all: Vec<&Value> = pages.iter().flatten().collect();
    assert_eq!(all[0]["state"], "Proposed", "open ones first");
    let rest: Vec<i64> = all[1..]
        .iter()
        .map(|e| e["updated_at"].as_i64().expect("at"))
        .collect();
    assert!(rest.windows(2).all(|w| w[0] > w[1]), "then newest first");
    assert_eq!(ids(&pages, "id").iter().collect::<BTreeSet<_>>().len(), 130);

    let pages = all_pages(
        &moderator,
        "moderation_queue",
        json!({}),
        "page",
        |v| &v["disputes"],
    )
    .await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 3]);
    let disputed = ids(&pages, "exchange_id");
    assert!(disputed.windows(2).all(|w| w[0] < w[1]), "oldest first");
}
