//! The map's counts per cell (`listing_cell_counts`, kept by database triggers): after any
//! sequence of writes, concurrent ones included, they equal a count of the listings themselves,
//! and what the map shows equals a count made from scratch, before and after the expiry sweep.

use std::collections::{BTreeMap, HashSet};

use app::backend::entities::listing;
use app::backend::entities::listing_cell_count::{self, ANY};
use app::backend::listings;
use app::domain::geo::{Bbox, GeoPoint, cell_center, cell_from_i64, cover};
use app::domain::listing::{ListingForm, ListingStatus};
use app::domain::view::Filters;
use app::domain::vocab::{Code, DAY};
use rstest::rstest;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter,
};

use crate::support::{Db, spawn};

const CATEGORIES: [&str; 3] = ["food", "tools", "tutoring"];

fn form(i: u32) -> ListingForm {
    ListingForm {
        kind: if i.is_multiple_of(2) {
            "offer"
        } else {
            "request"
        }
        .into(),
        nature: if i.is_multiple_of(3) {
            "service"
        } else {
            "good"
        }
        .into(),
        category: CATEGORIES[(i % 3) as usize].into(),
        title: format!("Listing {i}"),
        description: "Something useful for a neighbour.".into(),
        remote: i.is_multiple_of(5),
        // Around Paris and around Lyon, over several coarse cells.
        location: Some(if i.is_multiple_of(4) {
            GeoPoint {
                lat: 45.70 + f64::from(i % 7) * 0.02,
                lng: 4.80 + f64::from(i % 11) * 0.03,
            }
        } else {
            GeoPoint {
                lat: 48.70 + f64::from(i % 13) * 0.025,
                lng: 2.10 + f64::from(i % 17) * 0.04,
            }
        }),
        ..ListingForm::default()
    }
}

async fn insert(db: &DatabaseConnection, author: i64, i: u32, now: i64) -> listing::Model {
    let draft = form(i).parse(None).expect("valid");
    listings::new_row(author, &draft, now)
        .insert(db)
        .await
        .expect("insert")
}

type Key = (i32, i64, i64, String, String, String, bool);

/// The counts table, and the same counts made from the listings, without zero rows.
async fn both_counts(db: &DatabaseConnection) -> (BTreeMap<Key, i64>, BTreeMap<Key, i64>) {
    let stored: BTreeMap<Key, i64> = listing_cell_count::Entity::find()
        .all(db)
        .await
        .expect("counts")
        .into_iter()
        .filter(|c| c.n != 0)
        .map(|c| {
            (
                (
                    c.level,
                    c.cell,
                    c.parent,
                    c.kind,
                    c.nature,
                    c.category,
                    c.remote_only,
                ),
                c.n,
            )
        })
        .collect();
    // Each listing counts in the row of every filter it passes.
    let mut truth: BTreeMap<Key, i64> = BTreeMap::new();
    for l in listing::Entity::find().all(db).await.expect("listings") {
        if l.status != ListingStatus::Open.code() || !l.counted {
            continue;
        }
        for (level, cell, parent) in [
            (8, l.cell_r8, l.cell_r6),
            (6, l.cell_r6, l.cell_r4),
            (4, l.cell_r4, l.cell_r4),
        ] {
            for kind in [l.kind.as_str(), ANY] {
                for nature in [l.nature.as_str(), ANY] {
                    for category in [l.category.as_str(), ANY] {
                        for remote_only in [false, true] {
                            if remote_only && !l.remote {
                                continue;
                            }
                            let key = (
                                level,
                                cell,
                                parent,
                                kind.to_owned(),
                                nature.to_owned(),
                                category.to_owned(),
                                remote_only,
                            );
                            *truth.entry(key).or_default() += 1;
                        }
                    }
                }
            }
        }
    }
    (stored, truth)
}

/// What the map shows for a view: its total and (centre, count) per cluster, or per listing.
type Shown = (u64, Vec<(String, u64)>);

async fn shown(db: &DatabaseConnection, bbox: Bbox, filters: &Filters, now: i64) -> Shown {
    let view = listings::in_view(db, bbox, filters, now)
        .await
        .expect("view");
    let mut clusters: Vec<(String, u64)> = view
        .clusters
        .iter()
        .map(|c| (format!("{:.6},{:.6}", c.center.lat, c.center.lng), c.count))
        .collect();
    clusters.sort();
    (view.total, clusters)
}

/// The same view counted from scratch from every listing: the clusters, and how many of the
/// listings in the cover are shown inside the box (what a view of few listings lists).
async fn from_scratch(
    db: &DatabaseConnection,
    bbox: Bbox,
    filters: &Filters,
    now: i64,
) -> (Shown, u64) {
    let c = cover(bbox);
    let cells: HashSet<i64> = c.cells.iter().copied().collect();
    let mut per_cluster: BTreeMap<i64, u64> = BTreeMap::new();
    let mut inside = 0;
    for l in listing::Entity::find()
        .filter(listing::Column::Status.eq(ListingStatus::Open.code()))
        .filter(listing::Column::ExpiresAt.gt(now))
        .all(db)
        .await
        .expect("listings")
    {
        let (cell, cluster) = match c.resolution {
            h3o::Resolution::Eight => (l.cell_r8, l.cell_r6),
            h3o::Resolution::Six => (l.cell_r6, l.cell_r4),
            _ => (l.cell_r4, l.cell_r4),
        };
        let passes = filters.kind.is_none_or(|k| k.code() == l.kind)
            && filters.nature.is_none_or(|n| n.code() == l.nature)
            && filters.category.is_none_or(|k| k.code() == l.category)
            && (!filters.remote_only || l.remote);
        if passes && cells.contains(&cell) {
            *per_cluster.entry(cluster).or_default() += 1;
            let area = GeoPoint {
                lat: l.lat,
                lng: l.lng,
            }
            .public();
            inside += u64::from(bbox.contains(area));
        }
    }
    let total: u64 = per_cluster.values().sum();
    let mut clusters: Vec<(String, u64)> = per_cluster
        .into_iter()
        .map(|(cell, n)| {
            let p = cell_center(cell_from_i64(cell).expect("cell"));
            (format!("{:.6},{:.6}", p.lat, p.lng), n)
        })
        .collect();
    clusters.sort();
    ((total, clusters), inside)
}

fn views() -> Vec<Bbox> {
    vec![
        // Paris and its suburbs, Île-de-France, France.
        Bbox::parse(48.80, 2.25, 48.91, 2.45).expect("box"),
        Bbox::parse(48.3, 1.5, 49.3, 3.5).expect("box"),
        Bbox::parse(42.0, -5.0, 51.5, 8.5).expect("box"),
    ]
}

fn filter_sets() -> Vec<Filters> {
    use app::domain::listing::{Category, ListingKind, Nature};
    vec![
        Filters::default(),
        Filters {
            kind: Some(ListingKind::Request),
            ..Filters::default()
        },
        Filters {
            nature: Some(Nature::Service),
            category: Some(Category::Tutoring),
            ..Filters::default()
        },
        Filters {
            remote_only: true,
            ..Filters::default()
        },
        Filters {
            kind: Some(ListingKind::Offer),
            nature: Some(Nature::Good),
            category: Some(Category::Food),
            remote_only: true,
        },
    ]
}

async fn assert_exact(db: &DatabaseConnection, now: i64, when: &str) {
    let (stored, truth) = both_counts(db).await;
    let differ: Vec<_> = stored
        .keys()
        .chain(truth.keys())
        .filter(|k| stored.get(*k) != truth.get(*k))
        .map(|k| (k, stored.get(k), truth.get(k)))
        .take(5)
        .collect();
    assert!(
        differ.is_empty(),
        "counts table {when}: (key, stored, truth) {differ:?}"
    );
    for bbox in views() {
        for filters in filter_sets() {
            let seen = shown(db, bbox, &filters, now).await;
            let (expected, inside) = from_scratch(db, bbox, &filters, now).await;
            if expected.0 <= app::domain::view::MARKER_LIMIT {
                // Few: the listings themselves, those inside the box.
                assert!(seen.1.is_empty(), "no clusters {when} in {bbox:?}");
                assert_eq!(seen.0, inside, "listed {when} in {bbox:?} with {filters:?}");
            } else {
                assert_eq!(
                    seen, expected,
                    "clusters {when} in {bbox:?} with {filters:?}"
                );
            }
        }
    }
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn the_maps_counts_stay_exact_through_every_write_and_the_expiry_sweep(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, author) = app.user("alice@example.org", "Alice").await;
    drop(alice);
    let now = app::backend::now();
    let mut rows = Vec::new();
    for i in 0..420 {
        rows.push(insert(&app.db, author, i, now).await);
    }
    assert_exact(&app.db, now, "after inserts").await;

    // Edits that move listings between rows: another category, another place, remote on.
    for (n, row) in rows.iter().enumerate().take(60) {
        let draft = form(n as u32 + 1000).parse(None).expect("valid");
        let mut active = row.clone().into_active_model();
        active.category = Set(draft.category.code().to_owned());
        active.cell_r8 = Set(rows[(n + 7) % rows.len()].cell_r8);
        active.cell_r6 = Set(rows[(n + 7) % rows.len()].cell_r6);
        active.cell_r4 = Set(rows[(n + 7) % rows.len()].cell_r4);
        active.remote = Set(!row.remote);
        active.update(&app.db).await.expect("edit");
    }
    // Withdrawn, deleted, and expired (still counted until the sweep).
    for row in rows.iter().skip(60).take(30) {
        let mut active = row.clone().into_active_model();
        active.status = Set(ListingStatus::Withdrawn.code().to_owned());
        active.update(&app.db).await.expect("withdraw");
    }
    for row in rows.iter().skip(90).take(10) {
        listing::Entity::delete_by_id(row.id)
            .exec(&app.db)
            .await
            .expect("delete");
    }
    for row in rows.iter().skip(100).take(25) {
        listing::Entity::update_many()
            .col_expr(
                listing::Column::ExpiresAt,
                sea_orm::sea_query::Expr::value(now - 1),
            )
            .filter(listing::Column::Id.eq(row.id))
            .exec(&app.db)
            .await
            .expect("expire");
    }
    assert_exact(&app.db, now, "after edits and expiries, before the sweep").await;

    let swept = listings::sweep_counts(&app.db, now).await.expect("sweep");
    assert_eq!(swept, 25);
    assert_eq!(
        listings::sweep_counts(&app.db, now).await.expect("again"),
        0
    );
    assert_exact(&app.db, now, "after the sweep").await;

    // A renewed listing counts again (every write that sets the expiry sets `counted`).
    let renewed = listing::Entity::find_by_id(rows[100].id)
        .one(&app.db)
        .await
        .expect("find")
        .expect("row");
    let draft = form(100).parse(None).expect("valid");
    let mut active = renewed.into_active_model();
    active.expires_at = Set(now + draft.expires_in_days * DAY);
    active.counted = Set(true);
    active.update(&app.db).await.expect("renew");
    // Time passes past some expiries, with no sweep yet: the map subtracts them.
    assert_exact(&app.db, now, "after a renewal").await;
    assert_exact(&app.db, now + 40 * DAY, "once everything expired").await;
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn concurrent_writers_in_the_same_cells_leave_exact_counts(#[case] db: Db) {
    let app = spawn(db).await;
    let (_alice, author) = app.user("alice@example.org", "Alice").await;
    let now = app::backend::now();
    // Sixteen writers at once, all in the same few cells and rows of the counts table: each
    // inserts, withdraws every third, and sweeps, while the others do the same.
    let writers = (0..16u32).map(|w| {
        let db = app.db.clone();
        tokio::spawn(async move {
            for i in 0..15u32 {
                let n = (w * 15 + i) * 4 % 48;
                let draft = form(n).parse(None).expect("valid");
                let mut row = listings::new_row(author, &draft, now);
                if i.is_multiple_of(4) {
                    row.expires_at = Set(now - 1);
                }
                let saved = app::backend::tx::write(&db, move |txn| {
                    let row = row.clone();
                    Box::pin(async move { Ok(row.insert(txn).await?) })
                })
                .await
                .expect("insert");
                if i.is_multiple_of(3) {
                    app::backend::tx::write(&db, move |txn| {
                        let mut active = saved.clone().into_active_model();
                        active.status = Set(ListingStatus::Withdrawn.code().to_owned());
                        Box::pin(async move { Ok(active.update(txn).await.map(|_| ())?) })
                    })
                    .await
                    .expect("withdraw");
                }
                if i.is_multiple_of(5) {
                    listings::sweep_counts(&db, now).await.expect("sweep");
                }
            }
        })
    });
    for w in writers.collect::<Vec<_>>() {
        w.await.expect("writer");
    }
    assert_exact(&app.db, now, "after concurrent writers").await;
    listings::sweep_counts(&app.db, now).await.expect("sweep");
    assert_exact(&app.db, now, "after the last sweep").await;
}

#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn a_large_view_lists_the_same_newest_listings_as_a_full_sort(#[case] db: Db) {
    let app = spawn(db).await;
    let (_alice, author) = app.user("alice@example.org", "Alice").await;
    let now = app::backend::now();
    // More than the walk's threshold, posted over a month, newest not all in one place.
    let rows: Vec<listing::ActiveModel> = (0..5_600u32)
        .map(|i| {
            let draft = form(i).parse(None).expect("valid");
            listings::new_row(author, &draft, now - i64::from(i * 7919 % 5_600) * 400)
        })
        .collect();
    for chunk in rows.chunks(400) {
        listing::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .expect("insert");
    }
    use app::domain::listing::Category;
    for (bbox, filters) in [
        (views()[2], Filters::default()),
        (views()[1], Filters::default()),
        (
            views()[2],
            Filters {
                category: Some(Category::Food),
                ..Filters::default()
            },
        ),
        // A rare filter: fewer than the walk's threshold, the view's own are sorted.
        (
            views()[2],
            Filters {
                remote_only: true,
                category: Some(Category::Tools),
                ..Filters::default()
            },
        ),
    ] {
        let view = listings::in_view(&app.db, bbox, &filters, now)
            .await
            .expect("view");
        let c = cover(bbox);
        let cells: HashSet<i64> = c.cells.iter().copied().collect();
        let mut all: Vec<listing::Model> = listing::Entity::find()
            .all(&app.db)
            .await
            .expect("all")
            .into_iter()
            .filter(|l| {
                let cell = match c.resolution {
                    h3o::Resolution::Eight => l.cell_r8,
                    h3o::Resolution::Six => l.cell_r6,
                    _ => l.cell_r4,
                };
                cells.contains(&cell)
                    && filters.category.is_none_or(|k| k.code() == l.category)
                    && (!filters.remote_only || l.remote)
            })
            .collect();
        all.sort_by_key(|l| std::cmp::Reverse((l.created_at, l.id)));
        let expected: Vec<i64> = all.iter().take(50).map(|l| l.id).collect();
        let listed: Vec<i64> = view.listings.iter().map(|l| l.id).collect();
        assert!(view.total > app::domain::view::MARKER_LIMIT, "{filters:?}");
        assert_eq!(view.total, all.len() as u64, "{filters:?}");
        assert_eq!(listed, expected, "{bbox:?} {filters:?}");
    }
}

/// Listings stored before the counts moved to one row per filter (migration 13) are counted
/// exactly once it has run: open, withdrawn, expired and remote ones.
#[rstest]
#[case(Db::Sqlite)]
#[case(Db::Postgres)]
#[tokio::test]
async fn listings_stored_before_the_counts_changed_are_counted_exactly(#[case] db: Db) {
    use app::backend::entities::user;
    use sea_orm_migration::MigratorTrait;
    use server::migrations::Migrator;
    let dir = tempfile::tempdir().expect("tempdir");
    let url = crate::support::database_url(db, &dir).await;
    let conn = app::backend::db::connect(&url).await.expect("connect");
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261203_000013_rollup_counts")
        .expect("the migration");
    let before = u32::try_from(before).expect("count");
    Migrator::up(&conn, Some(before))
        .await
        .expect("the migrations before");
    let now = app::backend::now();
    // Inserted without reading the row back: the table has no column a later migration adds.
    let author = user::Entity::insert(user::ActiveModel {
        email: Set("alice@example.org".to_owned()),
        display_name: Set("Alice".to_owned()),
        password_hash: Set(String::new()),
        bio: Set(String::new()),
        languages: Set("fr".to_owned()),
        created_at: Set(now),
        notify: Set("best".to_owned()),
        ..Default::default()
    })
    .exec(&conn)
    .await
    .expect("author")
    .last_insert_id;
    for i in 0..120 {
        let row = insert(&conn, author, i, now).await;
        if i % 7 == 0 {
            let mut active = row.into_active_model();
            active.status = Set(ListingStatus::Withdrawn.code().to_owned());
            active.update(&conn).await.expect("withdraw");
        }
    }
    Migrator::up(&conn, None).await.expect("the rest");
    assert_exact(&conn, now, "after the migration").await;
    // The triggers keep them from there.
    for i in 120..160 {
        insert(&conn, author, i, now).await;
    }
    assert_exact(&conn, now, "after inserts").await;
}
