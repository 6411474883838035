//! What the exchange pages show: one exchange for one of its two people, my exchanges, and the
//! proposals on a listing.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::Error;
use super::entities::{exchange, exchange_event, exchange_member, listing, review, user};
use super::exchanges::{Settings, generosity, membership};
use super::stored;
use crate::domain::exchange::{ExchangeState, ExchangeSummary, ExchangeView, Side, StateChange};
use crate::domain::page::{Paged, window};
use crate::domain::vocab::Code;

pub(crate) async fn names(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, String>, Error> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// The price shown: what was held once accepted; before that, what the receiver would pay now.
async fn price_shown(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    row: &exchange::Model,
    now: i64,
) -> Result<i64, Error> {
    match row.price {
        Some(price) => Ok(price),
        None => {
            let generosity = generosity(conn, row.receiver_id, now).await?;
            Ok(settings.policy.price_to_pay(row.list_price, generosity))
        }
    }
}

/// One of my exchanges.
pub async fn view(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    user: i64,
    id: i64,
    now: i64,
) -> Result<ExchangeView, Error> {
    let (row, side) = membership(conn, user, id).await?;
    let item = listing::Entity::find_by_id(row.listing_id)
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("listing of exchange {id}")))?;
    let other_id = super::exchanges::other_of(&row, user);
    let names = names(conn, [row.author_id, row.proposer_id]).await?;
    let history = exchange_event::Entity::find()
        .filter(exchange_event::Column::ExchangeId.eq(id))
        .order_by_asc(exchange_event::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|e| {
            Ok(StateChange {
                state: stored(&e.state)?,
                by: e.actor_id.and_then(|a| names.get(&a).cloned()),
                at: e.created_at,
                by_moderator: e
                    .actor_id
                    .is_some_and(|a| a != row.author_id && a != row.proposer_id),
                note: e.note,
            })
        })
        .collect::<Result<Vec<_>, crate::domain::AppError>>()?;
    let my_review = review::Entity::find()
        .filter(review::Column::ExchangeId.eq(id))
        .filter(review::Column::AuthorId.eq(user))
        .one(conn)
        .await?
        .map(|r| r.rating.clamp(1, 5) as u8);
    let (mine, theirs) = match side {
        Side::Author => (row.author_confirmed_at, row.proposer_confirmed_at),
        Side::Proposer => (row.proposer_confirmed_at, row.author_confirmed_at),
    };
    Ok(ExchangeView {
        id,
        listing_id: row.listing_id,
        listing_title: item.title,
        listing_kind: stored(&item.kind)?,
        state: stored(&row.state)?,
        my_side: side,
        i_give: row.giver_id == user,
        other_id,
        other_name: names.get(&other_id).cloned().unwrap_or_default(),
        list_price: row.list_price,
        price: price_shown(conn, settings, &row, now).await?,
        i_confirmed: mine.is_some(),
        other_confirmed: theirs.is_some(),
        can_cancel: super::exchanges::may_cancel(&row, side),
        history,
        my_review,
        unread: super::conversations::unread_in(conn, user, id).await?,
        created_at: row.created_at,
    })
}

async fn summaries(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    user: i64,
    rows: Vec<exchange::Model>,
    now: i64,
) -> Result<Vec<ExchangeSummary>, Error> {
    let titles: std::collections::HashMap<i64, String> = listing::Entity::find()
        .filter(listing::Column::Id.is_in(rows.iter().map(|r| r.listing_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| (l.id, l.title))
        .collect();
    let names = names(conn, rows.iter().flat_map(|r| [r.author_id, r.proposer_id])).await?;
    let unread: std::collections::HashMap<i64, i64> = exchange_member::Entity::find()
        .filter(exchange_member::Column::UserId.eq(user))
        .filter(exchange_member::Column::ExchangeId.is_in(rows.iter().map(|r| r.id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.exchange_id, m.unread))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let other = super::exchanges::other_of(&row, user);
        out.push(ExchangeSummary {
            id: row.id,
            listing_title: titles.get(&row.listing_id).cloned().unwrap_or_default(),
            state: stored(&row.state)?,
            other_name: names.get(&other).cloned().unwrap_or_default(),
            i_give: row.giver_id == user,
            price: price_shown(conn, settings, &row, now).await?,
            unread: unread.get(&row.id).map_or(0, |n| Ord::max(*n, 0) as u64),
            updated_at: row.updated_at,
        });
    }
    Ok(out)
}

/// Exchanges listed a page at a time.
pub const EXCHANGES_PER_PAGE: u64 = 50;

/// One page of my exchanges, open ones first, then the most recently changed.
pub async fn mine(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    user: i64,
    now: i64,
    page: u32,
) -> Result<Paged<ExchangeSummary>, Error> {
    let (offset, limit) = window(page, EXCHANGES_PER_PAGE);
    let open: Vec<&str> = <ExchangeState as Code>::CHOICES
        .iter()
        .filter(|s| s.is_open())
        .map(|s| s.code())
        .collect();
    let rows = exchange::Entity::find()
        .filter(
            Condition::any()
                .add(exchange::Column::AuthorId.eq(user))
                .add(exchange::Column::ProposerId.eq(user)),
        )
        .order_by_asc(Expr::col(exchange::Column::State).is_not_in(open))
        .order_by_desc(exchange::Column::UpdatedAt)
        .order_by_desc(exchange::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    let mut rows = Paged::from_rows(rows, page, EXCHANGES_PER_PAGE);
    let items = summaries(conn, settings, user, std::mem::take(&mut rows.items), now).await?;
    Ok(rows.with_items(items))
}

/// The exchanges on a listing that I may see: all of them for its author, my own for anyone
/// else.
pub async fn on_listing(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    user: i64,
    listing_id: i64,
    now: i64,
) -> Result<Vec<ExchangeSummary>, Error> {
    let rows = exchange::Entity::find()
        .filter(exchange::Column::ListingId.eq(listing_id))
        .filter(
            Condition::any()
                .add(exchange::Column::AuthorId.eq(user))
                .add(exchange::Column::ProposerId.eq(user)),
        )
        .order_by_asc(exchange::Column::Id)
        .all(conn)
        .await?;
    let mut out = summaries(conn, settings, user, rows, now).await?;
    out.sort_by_key(|s| (s.state != ExchangeState::Proposed, !s.state.is_open()));
    Ok(out)
}
