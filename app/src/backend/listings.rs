//! Listings: commands (create, edit, withdraw) and queries (one listing, what is in view).

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    FromQueryResult, IntoActiveModel, Order, QueryFilter, QueryOrder, QuerySelect,
};

use super::entities::{listing, user};
use super::{Done, Error};
use super::{internal, stored, users};
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
    let mut cond = Condition::all()
        .add(listing::Column::Status.eq(ListingStatus::Open.code()))
        .add(listing::Column::ExpiresAt.gt(now));
    if let Some(kind) = filters.kind {
        cond = cond.add(listing::Column::Kind.eq(kind.code()));
    }
    if let Some(nature) = filters.nature {
        cond = cond.add(listing::Column::Nature.eq(nature.code()));
    }
    if let Some(category) = filters.category {
        cond = cond.add(listing::Column::Category.eq(category.code()));
    }
    if filters.remote_only {
        cond = cond.add(listing::Column::Remote.eq(true));
    }
    cond
}

#[derive(Debug, FromQueryResult)]
struct CellCount {
    cell: i64,
    n: i64,
}

/// What is in a viewport. The query is bounded by the H3 cells covering it (indexed columns),
/// never by scanning every row; when more than [`MARKER_LIMIT`] listings are in view the map
/// gets one count per coarser cell and the list the newest [`LIST_LIMIT`].
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
    let (cover_col, cluster_col) = match cover.resolution {
        h3o::Resolution::Eight => (listing::Column::CellR8, listing::Column::CellR6),
        h3o::Resolution::Six => (listing::Column::CellR6, listing::Column::CellR4),
        _ => (listing::Column::CellR4, listing::Column::CellR4),
    };
    let scope = filters_condition(filters, now).add(cover_col.is_in(cover.cells.clone()));

    let counts: Vec<CellCount> = listing::Entity::find()
        .select_only()
        .column_as(cluster_col, "cell")
        .column_as(Expr::expr(Func::count(Expr::col(listing::Column::Id))), "n")
        .filter(scope.clone())
        .group_by(cluster_col)
        .into_model::<CellCount>()
        .all(db)
        .await?;
    let total_in_cover: u64 = counts.iter().map(|c| c.n.max(0) as u64).sum();

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
        });
    }

    let mut clusters: HashMap<i64, u64> = HashMap::new();
    for c in &counts {
        *clusters.entry(c.cell).or_default() += c.n.max(0) as u64;
    }
    let mut clusters: Vec<Cluster> = clusters
        .into_iter()
        .filter_map(|(cell, count)| {
            cell_from_i64(cell).map(|cell| Cluster {
                center: cell_center(cell),
                count,
            })
        })
        .collect();
    clusters.sort_by_key(|c| std::cmp::Reverse(c.count));
    let newest = listing::Entity::find()
        .filter(scope)
        .order_by(listing::Column::CreatedAt, Order::Desc)
        .order_by(listing::Column::Id, Order::Desc)
        .limit(LIST_LIMIT)
        .all(db)
        .await?
        .into_iter()
        .map(|row| summary(&row))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ViewResult {
        total: total_in_cover,
        clusters,
        listings: newest,
    })
}
