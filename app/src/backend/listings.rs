//! Listings: commands (create, edit, withdraw) and queries (one listing, what is in view).

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, FromQueryResult, IntoActiveModel, Order, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::entities::{listing, listing_cell_count, user};
use super::{Done, Error};
use super::{internal, stored, tx, users};
use crate::domain::AppError;
use crate::domain::association::MemberRole;
use crate::domain::geo::{
    Bbox, DistanceBand, GeoPoint, cell_center, cell_from_i64, cover, stored_cells,
};
use crate::domain::listing::{ListingDraft, ListingStatus, ListingView};
use crate::domain::view::{Cluster, Filters, LIST_LIMIT, ListingSummary, MARKER_LIMIT, ViewResult};
use crate::domain::vocab::{Code, DAY};

/// Who is looking: their id and exact home, to mark their own listings and give distances.
#[derive(Debug, Clone, Copy, Default)]
pub struct Viewer {
    pub id: Option<i64>,
    pub home: Option<GeoPoint>,
}

fn exact(row: &listing::Model) -> GeoPoint {
    GeoPoint {
        lat: row.lat,
        lng: row.lng,
    }
}

/// The name of the association a listing is posted for.
async fn poster(
    db: &impl ConnectionTrait,
    row: &listing::Model,
) -> Result<Option<(i64, String)>, Error> {
    let Some(id) = row.association_id else {
        return Ok(None);
    };
    let found = super::entities::association::Entity::find_by_id(id)
        .one(db)
        .await?;
    Ok(found.map(|a| (a.id, a.name)))
}

fn to_view(
    row: listing::Model,
    author: &user::Model,
    association: Option<(i64, String)>,
    viewer: Viewer,
    now: i64,
) -> Result<ListingView, Error> {
    let point = exact(&row);
    let is_mine = viewer.id == Some(row.author_id);
    Ok(ListingView {
        id: row.id,
        kind: stored(&row.kind)?,
        nature: stored(&row.nature)?,
        category: stored(&row.category)?,
        status: stored(&row.status)?,
        title: row.title,
        description: row.description,
        remote: row.remote,
        price: row.price,
        created_at: row.created_at,
        expires_at: row.expires_at,
        author_id: row.author_id,
        author_name: author.display_name.clone(),
        area: point.public(),
        exact: is_mine.then_some(point),
        // Public points on both sides (see `domain::geo`): a stranger who moves their home to
        // find where this band's edge flips learns the public cell, never the exact point.
        distance: viewer.home.map(|home| DistanceBand::public(home, point)),
        is_mine,
        expired: row.expires_at <= now,
        days_left: (row.expires_at - now).max(0) / DAY,
        radius_km: row.match_radius_m / 1_000,
        association,
    })
}

/// What anyone may see of a listing in a list, a match or a notification: no exact place.
pub(crate) fn summary(row: &listing::Model) -> Result<ListingSummary, Error> {
    Ok(ListingSummary {
        id: row.id,
        kind: stored(&row.kind)?,
        nature: stored(&row.nature)?,
        category: stored(&row.category)?,
        area: exact(row).public(),
        title: row.title.clone(),
        remote: row.remote,
        price: row.price,
        created_at: row.created_at,
    })
}

fn apply(row: &mut listing::ActiveModel, draft: &ListingDraft, now: i64) {
    let [r8, r6, r4] = stored_cells(draft.location);
    row.kind = Set(draft.kind.code().to_owned());
    row.nature = Set(draft.nature.code().to_owned());
    row.category = Set(draft.category.code().to_owned());
    row.title = Set(draft.title.clone());
    row.description = Set(draft.description.clone());
    row.remote = Set(draft.remote);
    row.price = Set(draft.price);
    row.lat = Set(draft.location.lat);
    row.lng = Set(draft.location.lng);
    row.cell_r8 = Set(r8);
    row.cell_r6 = Set(r6);
    row.cell_r4 = Set(r4);
    row.updated_at = Set(now);
    row.expires_at = Set(now + draft.expires_in_days * DAY);
    row.counted = Set(true);
    row.match_radius_m = Set(draft.radius_m);
    // The matcher (or its sweep) runs again for the new content.
    row.matched_at = Set(None);
}

/// A new open listing by `author_id`, posted at `now`, not yet matched. The demo data and the
/// benchmark build their rows here too.
pub fn new_row(author_id: i64, draft: &ListingDraft, now: i64) -> listing::ActiveModel {
    let mut row = listing::ActiveModel {
        author_id: Set(author_id),
        status: Set(ListingStatus::Open.code().to_owned()),
        created_at: Set(now),
        ..Default::default()
    };
    apply(&mut row, draft, now);
    row
}

async fn author(db: &impl ConnectionTrait, id: i64) -> Result<user::Model, Error> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound.into())
}

/// The viewer behind a user id: their exact home is only used here, on the server.
pub async fn viewer(db: &impl ConnectionTrait, id: Option<i64>) -> Result<Viewer, Error> {
    let Some(id) = id else {
        return Ok(Viewer::default());
    };
    let row = author(db, id).await?;
    Ok(Viewer {
        id: Some(id),
        home: users::home_of(&row),
    })
}

/// Listings one person may post in 24 hours.
pub const MAX_LISTINGS_PER_DAY: u64 = 20;

/// Publishes a listing for `author`: under the gift-with-quota policy a request first needs
/// room in the author's daily quota; then [`create`]. The listing is matched once committed.
pub async fn publish(
    db: &impl ConnectionTrait,
    policy: crate::domain::ledger::Policy,
    author: i64,
    draft: &ListingDraft,
    association: Option<i64>,
    now: i64,
) -> Result<Done<ListingView>, Error> {
    if draft.kind == crate::domain::listing::ListingKind::Request {
        super::exchanges::check_quota(db, policy, author, now).await?;
    }
    let view = create(db, author, draft, association, now).await?;
    let id = view.id;
    Ok(Done::new(view).rematch(id))
}

/// Creates a listing by `author_id` (at most [`MAX_LISTINGS_PER_DAY`]; run it in a write
/// transaction: the person's row is locked while their listings are counted).
pub async fn create(
    db: &impl ConnectionTrait,
    author_id: i64,
    draft: &ListingDraft,
    association: Option<i64>,
    now: i64,
) -> Result<ListingView, Error> {
    super::limits::check_daily::<listing::Entity>(
        db,
        author_id,
        listing::Column::AuthorId,
        listing::Column::CreatedAt,
        MAX_LISTINGS_PER_DAY,
        now,
    )
    .await
    .map_err(crate::domain::AppError::from)?;
    let user = author(db, author_id).await?;
    let mut row = new_row(author_id, draft, now);
    if let Some(id) = association {
        super::associations::require(db, id, author_id, MemberRole::manages)
            .await
            .map_err(crate::domain::AppError::from)?;
        row.association_id = Set(Some(id));
    }
    let row = row.insert(db).await?;
    let association = poster(db, &row).await?;
    to_view(
        row,
        &user,
        association,
        Viewer {
            id: Some(author_id),
            home: users::home_of(&user),
        },
        now,
    )
}

async fn own(
    db: &impl ConnectionTrait,
    user_id: i64,
    listing_id: i64,
) -> Result<listing::Model, Error> {
    let row = listing::Entity::find_by_id(listing_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.author_id == user_id {
        Ok(row)
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// Replaces a listing's content; only its author may. The listing is matched again once
/// committed.
pub async fn update(
    db: &impl ConnectionTrait,
    user_id: i64,
    listing_id: i64,
    draft: &ListingDraft,
    now: i64,
) -> Result<Done<ListingView>, Error> {
    let current = own(db, user_id, listing_id).await?;
    if current.status != ListingStatus::Open.code() {
        return Err(AppError::Conflict.into());
    }
    let mut row = current.into_active_model();
    apply(&mut row, draft, now);
    let row = row.update(db).await?;
    let user = author(db, user_id).await?;
    let association = poster(db, &row).await?;
    let view = to_view(
        row,
        &user,
        association,
        Viewer {
            id: Some(user_id),
            home: users::home_of(&user),
        },
        now,
    )?;
    Ok(Done::new(view).rematch(listing_id))
}

/// Takes a listing off the map; only its author may. Withdrawing twice is harmless. Its
/// author's notifications about it are gone: their bell changes.
pub async fn withdraw(
    db: &impl ConnectionTrait,
    user_id: i64,
    listing_id: i64,
    now: i64,
) -> Result<Done<()>, Error> {
    let mut row = own(db, user_id, listing_id).await?.into_active_model();
    row.status = Set(ListingStatus::Withdrawn.code().to_owned());
    row.updated_at = Set(now);
    row.update(db).await?;
    super::matching::forget(db, listing_id).await?;
    Ok(Done::new(()).ping([user_id]))
}

/// One listing as `viewer` may see it. Withdrawn listings are shown to their author only.
pub async fn get(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    id: i64,
    now: i64,
) -> Result<ListingView, Error> {
    let (row, user) = listing::Entity::find_by_id(id)
        .find_also_related(user::Entity)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = user.ok_or_else(|| internal(format!("listing {id} has no author")))?;
    if row.status != ListingStatus::Open.code() && viewer.id != Some(row.author_id) {
        return Err(AppError::NotFound.into());
    }
    let association = poster(db, &row).await?;
    to_view(row, &user, association, viewer, now)
}

/// The open listings of one author, newest first.
pub async fn by_author(
    db: &impl ConnectionTrait,
    author_id: i64,
    now: i64,
) -> Result<Vec<ListingSummary>, Error> {
    listing::Entity::find()
        .filter(listing::Column::AuthorId.eq(author_id))
        .filter(listing::Column::Status.eq(ListingStatus::Open.code()))
        .filter(listing::Column::ExpiresAt.gt(now))
        .order_by(listing::Column::CreatedAt, Order::Desc)
        .limit(100)
        .all(db)
        .await?
        .into_iter()
        .map(|row| summary(&row))
        .collect()
}

fn filters_condition(filters: &Filters, now: i64) -> Condition {
    Condition::all()
        .add(listing::Column::Status.eq(ListingStatus::Open.code()))
        .add(listing::Column::ExpiresAt.gt(now))
        .add(kind_condition(filters))
}

/// The one filter row of each cell in `listing_cell_counts` that counts the listings passing
/// `filters`.
fn counts_filter(filters: &Filters) -> Condition {
    use listing_cell_count::{ANY, Column};
    Condition::all()
        .add(Column::Kind.eq(filters.kind.map_or(ANY, |k| k.code())))
        .add(Column::Nature.eq(filters.nature.map_or(ANY, |n| n.code())))
        .add(Column::Category.eq(filters.category.map_or(ANY, |c| c.code())))
        .add(Column::RemoteOnly.eq(filters.remote_only))
}

/// The filters on what a listing is.
fn kind_condition(filters: &Filters) -> Condition {
    use listing::Column;
    let mut cond = Condition::all();
    if let Some(kind) = filters.kind {
        cond = cond.add(Column::Kind.eq(kind.code()));
    }
    if let Some(nature) = filters.nature {
        cond = cond.add(Column::Nature.eq(nature.code()));
    }
    if let Some(category) = filters.category {
        cond = cond.add(Column::Category.eq(category.code()));
    }
    if filters.remote_only {
        cond = cond.add(Column::Remote.eq(true));
    }
    cond
}

#[derive(Debug, FromQueryResult)]
struct CellCount {
    cell: i64,
    n: i64,
}

/// A listing still in the map's counts though its expiry passed.
#[derive(Debug, FromQueryResult)]
struct Expired {
    cell: i64,
    cluster: i64,
    status: String,
    kind: String,
    nature: String,
    category: String,
    remote: bool,
}

/// Above this many listings in view, the newest are found by walking the newest listings
/// (`idx_listings_newest`) rather than by sorting every listing in view.
const SORT_IN_VIEW_MAX: u64 = 20_000;

/// How many of the newest listings the walk reads before it falls back to sorting.
const NEWEST_WALK: u64 = 2_000;

/// What is in a viewport. Its cost follows the number of cells shown, not the listings behind
/// them: counts come from `listing_cell_counts` (kept by triggers, one row per cell and filter,
/// see the migration `m20261203_000013_rollup_counts`) for the cells covering the view, less
/// the few listings that expired since the last [`sweep_counts`]. When at most [`MARKER_LIMIT`]
/// listings are in view the map gets them (only those really inside the box: the cover
/// overshoots); otherwise one count per coarser cell, and the list the newest [`LIST_LIMIT`].
pub async fn in_view(
    db: &impl ConnectionTrait,
    bbox: Bbox,
    filters: &Filters,
    now: i64,
) -> Result<ViewResult, Error> {
    let cover = cover(bbox);
    if cover.cells.is_empty() {
        return Ok(ViewResult::default());
    }
    let (level, cover_col, cluster_col) = match cover.resolution {
        h3o::Resolution::Eight => (8, listing::Column::CellR8, listing::Column::CellR6),
        h3o::Resolution::Six => (6, listing::Column::CellR6, listing::Column::CellR4),
        _ => (4, listing::Column::CellR4, listing::Column::CellR4),
    };
    let scope = filters_condition(filters, now).add(cover_col.is_in(cover.cells.clone()));

    let counted: Vec<CellCount> = listing_cell_count::Entity::find()
        .select_only()
        .column_as(listing_cell_count::Column::Parent, "cell")
        .column_as(
            Expr::expr(Func::cast_as(
                Func::sum(Expr::col(listing_cell_count::Column::N)),
                Alias::new("BIGINT"),
            )),
            "n",
        )
        .filter(listing_cell_count::Column::Level.eq(level))
        .filter(counts_filter(filters))
        .filter(listing_cell_count::Column::Cell.is_in(cover.cells.clone()))
        .group_by(listing_cell_count::Column::Parent)
        .into_model::<CellCount>()
        .all(db)
        .await?;
    // Listings that expired since the last sweep are still counted: take them out. They are
    // few (a sweep's interval of expiries). The query names only `idx_listings_counted_expiry`'s
    // columns, and the cover and filters are applied here, so that no planner reads the view's
    // listings by cell or by kind instead.
    let expired: Vec<Expired> = listing::Entity::find()
        .select_only()
        .column_as(cover_col, "cell")
        .column_as(cluster_col, "cluster")
        .column(listing::Column::Status)
        .column(listing::Column::Kind)
        .column(listing::Column::Nature)
        .column(listing::Column::Category)
        .column(listing::Column::Remote)
        .filter(listing::Column::Counted.eq(true))
        .filter(listing::Column::ExpiresAt.lte(now))
        .into_model::<Expired>()
        .all(db)
        .await?;
    let cover_cells: HashSet<i64> = cover.cells.iter().copied().collect();
    let mut clusters: HashMap<i64, i64> = HashMap::new();
    for c in &counted {
        *clusters.entry(c.cell).or_default() += c.n;
    }
    for e in &expired {
        let passes = e.status == ListingStatus::Open.code()
            && filters.kind.is_none_or(|k| k.code() == e.kind)
            && filters.nature.is_none_or(|n| n.code() == e.nature)
            && filters.category.is_none_or(|c| c.code() == e.category)
            && (!filters.remote_only || e.remote);
        if passes && cover_cells.contains(&e.cell) {
            *clusters.entry(e.cluster).or_default() -= 1;
        }
    }
    let total_in_cover: u64 = clusters.values().map(|n| (*n).max(0) as u64).sum();

    if total_in_cover <= MARKER_LIMIT {
        // Few enough: fetch them and keep those really inside the box (the cover overshoots).
        let rows = listing::Entity::find()
            .filter(scope)
            .order_by(listing::Column::CreatedAt, Order::Desc)
            .order_by(listing::Column::Id, Order::Desc)
            .all(db)
            .await?;
        let listings: Vec<ListingSummary> = rows
            .into_iter()
            .map(|row| summary(&row))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|l| bbox.contains(l.area))
            .collect();
        return Ok(ViewResult {
            total: listings.len() as u64,
            clusters: Vec::new(),
            listings,
            ..ViewResult::default()
        });
    }

    let mut clusters: Vec<Cluster> = clusters
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .filter_map(|(cell, count)| {
            cell_from_i64(cell).map(|cell| Cluster {
                center: cell_center(cell),
                count: count as u64,
            })
        })
        .collect();
    clusters.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.center.lat.total_cmp(&b.center.lat))
            .then(a.center.lng.total_cmp(&b.center.lng))
    });
    let newest = newest_in_view(
        db,
        &cover_cells,
        cover_col,
        scope,
        filters,
        now,
        total_in_cover,
    )
    .await?
    .into_iter()
    .map(|row| summary(&row))
    .collect::<Result<Vec<_>, _>>()?;
    Ok(ViewResult {
        total: total_in_cover,
        clusters,
        listings: newest,
        ..ViewResult::default()
    })
}

/// The newest [`LIST_LIMIT`] listings in a view holding `in_view` of them. A view holding many
/// is a good share of all listings, so walking the newest listings finds them within
/// [`NEWEST_WALK`] rows; a smaller view, or a walk that found too few, sorts the view's own.
/// Both read only indexes that hold every column they test (`idx_listings_newest`,
/// `idx_listings_r8`/`r6`/`r4`), and the rows themselves are read for the chosen ones only.
async fn newest_in_view(
    db: &impl ConnectionTrait,
    cells: &HashSet<i64>,
    cover_col: listing::Column,
    scope: Condition,
    filters: &Filters,
    now: i64,
    in_view: u64,
) -> Result<Vec<listing::Model>, Error> {
    let sorted = || {
        listing::Entity::find()
            .select_only()
            .column(listing::Column::Id)
            .filter(scope.clone())
            .order_by(listing::Column::CreatedAt, Order::Desc)
            .order_by(listing::Column::Id, Order::Desc)
            .limit(LIST_LIMIT)
            .into_tuple::<i64>()
    };
    let ids: Vec<i64> = if in_view <= SORT_IN_VIEW_MAX {
        sorted().all(db).await?
    } else {
        let walked: Vec<(i64, i64)> = listing::Entity::find()
            .select_only()
            .column(listing::Column::Id)
            .column(cover_col)
            .filter(filters_condition(filters, now))
            .order_by(listing::Column::CreatedAt, Order::Desc)
            .order_by(listing::Column::Id, Order::Desc)
            .limit(NEWEST_WALK)
            .into_tuple()
            .all(db)
            .await?;
        let found: Vec<i64> = walked
            .iter()
            .filter(|(_, cell)| cells.contains(cell))
            .map(|(id, _)| *id)
            .take(LIST_LIMIT as usize)
            .collect();
        if (found.len() as u64) < LIST_LIMIT && walked.len() as u64 == NEWEST_WALK {
            sorted().all(db).await?
        } else {
            found
        }
    };
    Ok(listing::Entity::find()
        .filter(listing::Column::Id.is_in(ids))
        .order_by(listing::Column::CreatedAt, Order::Desc)
        .order_by(listing::Column::Id, Order::Desc)
        .all(db)
        .await?)
}

/// Takes out of the map's counts the listings whose expiry has passed (they stay open for their
/// author, who may renew them: any write that sets the expiry counts them again). Run by a
/// background job; the map subtracts the listings expired since, so counts are exact between
/// sweeps. Returns how many were taken out.
pub async fn sweep_counts(db: &DatabaseConnection, now: i64) -> Result<u64, Error> {
    let mut swept = 0;
    loop {
        // In batches, each its own short transaction, so the sweep never holds many count rows.
        let n = tx::write(db, |txn| {
            Box::pin(async move {
                let ids: Vec<i64> = listing::Entity::find()
                    .select_only()
                    .column(listing::Column::Id)
                    .filter(listing::Column::Counted.eq(true))
                    .filter(listing::Column::ExpiresAt.lte(now))
                    .order_by(listing::Column::Id, Order::Asc)
                    .limit(200)
                    .into_tuple()
                    .all(txn)
                    .await?;
                if ids.is_empty() {
                    return Ok(0);
                }
                let done = listing::Entity::update_many()
                    .col_expr(listing::Column::Counted, Expr::value(false))
                    .filter(listing::Column::Id.is_in(ids))
                    .filter(listing::Column::Counted.eq(true))
                    .filter(listing::Column::ExpiresAt.lte(now))
                    .exec(txn)
                    .await?;
                Ok::<u64, Error>(done.rows_affected)
            })
        })
        .await?;
        if n == 0 {
            return Ok(swept);
        }
        swept += n;
    }
}
