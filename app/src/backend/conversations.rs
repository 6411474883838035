//! The conversation of an exchange: only its two people can read or write it; each side keeps
//! a count of the other's messages it has not read, summed for the header.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::entities::{exchange, exchange_member, message, user};
use super::exchanges::membership;
use super::stored;
use super::{Done, Error};
use crate::domain::AppError;
use crate::domain::exchange::{ExchangeState, MESSAGES_PER_PAGE, MessagePage, MessageView};

/// Adds a message and counts it as unread for the other person. Answers the other person.
pub async fn append(
    conn: &impl ConnectionTrait,
    row: &exchange::Model,
    author: i64,
    body: String,
    now: i64,
) -> Result<i64, Error> {
    message::ActiveModel {
        exchange_id: Set(row.id),
        author_id: Set(author),
        body: Set(body),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let other = super::exchanges::other_of(row, author);
    bump_unread(conn, row.id, other).await?;
    Ok(other)
}

/// Counts one more unread update (a message, or a change of state by the other side) for
/// `user` in an exchange.
pub async fn bump_unread(
    conn: &impl ConnectionTrait,
    exchange_id: i64,
    user: i64,
) -> Result<(), Error> {
    Ok(exchange_member::Entity::update_many()
        .col_expr(
            exchange_member::Column::Unread,
            Expr::col(exchange_member::Column::Unread).add(1),
        )
        .filter(exchange_member::Column::ExchangeId.eq(exchange_id))
        .filter(exchange_member::Column::UserId.eq(user))
        .exec(conn)
        .await
        .map(|_| ())?)
}

/// Sends a message in one of my exchanges (not once it was declined or cancelled); the other
/// person's bell rings.
pub async fn send(
    conn: &impl ConnectionTrait,
    user: i64,
    id: i64,
    body: String,
    now: i64,
) -> Result<Done<()>, Error> {
    let (row, _) = membership(conn, user, id).await?;
    let state: ExchangeState = stored(&row.state)?;
    if matches!(state, ExchangeState::Declined | ExchangeState::Cancelled) {
        return Err(AppError::Conflict.into());
    }
    let other = append(conn, &row, user, body, now).await?;
    Ok(Done::new(()).ping([other]))
}

/// A page of one of my conversations, oldest first, ending before message `before` (the latest
/// page without it); reading the latest page marks the conversation read, and the reader's
/// bell changes.
pub async fn page(
    conn: &impl ConnectionTrait,
    user: i64,
    id: i64,
    before: Option<i64>,
) -> Result<Done<MessagePage>, Error> {
    let (row, _) = membership(conn, user, id).await?;
    let mut query = message::Entity::find()
        .filter(message::Column::ExchangeId.eq(id))
        .order_by_desc(message::Column::Id)
        .limit(MESSAGES_PER_PAGE + 1);
    if let Some(before) = before {
        query = query.filter(message::Column::Id.lt(before));
    }
    let mut rows = query.all(conn).await?;
    let older = (rows.len() as u64 > MESSAGES_PER_PAGE).then(|| {
        rows.truncate(MESSAGES_PER_PAGE as usize);
        rows.last().map_or(0, |m| m.id)
    });
    rows.reverse();
    let names: Vec<(i64, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in([row.author_id, row.proposer_id]))
        .into_tuple()
        .all(conn)
        .await?;
    let name_of = |id: i64| {
        names
            .iter()
            .find(|(n, _)| *n == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_default()
    };
    let read = before.is_none();
    if read {
        mark_read(conn, user, id).await?;
    }
    let page = MessagePage {
        messages: rows
            .into_iter()
            .map(|m| MessageView {
                id: m.id,
                mine: m.author_id == user,
                author_name: name_of(m.author_id),
                body: m.body,
                at: m.created_at,
            })
            .collect(),
        older,
    };
    Ok(Done::new(page).ping(read.then_some(user)))
}

async fn mark_read(conn: &impl ConnectionTrait, user: i64, id: i64) -> Result<(), Error> {
    Ok(exchange_member::Entity::update_many()
        .col_expr(exchange_member::Column::Unread, Expr::value(0))
        // Read: the next unread thing may be e-mailed again (`mail_jobs`).
        .col_expr(
            exchange_member::Column::UnreadSince,
            Expr::value(None::<i64>),
        )
        .col_expr(
            exchange_member::Column::UnreadMailedAt,
            Expr::value(None::<i64>),
        )
        .filter(exchange_member::Column::ExchangeId.eq(id))
        .filter(exchange_member::Column::UserId.eq(user))
        .filter(exchange_member::Column::Unread.gt(0))
        .exec(conn)
        .await
        .map(|_| ())?)
}

/// My unread messages in all my exchanges.
pub async fn unread_total(conn: &impl ConnectionTrait, user: i64) -> Result<u64, Error> {
    let counts: Vec<i64> = exchange_member::Entity::find()
        .select_only()
        .column(exchange_member::Column::Unread)
        .filter(exchange_member::Column::UserId.eq(user))
        .filter(exchange_member::Column::Unread.gt(0))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(counts.into_iter().map(|n| Ord::max(n, 0) as u64).sum())
}

/// My unread count in one exchange.
pub async fn unread_in(conn: &impl ConnectionTrait, user: i64, id: i64) -> Result<u64, Error> {
    Ok(exchange_member::Entity::find_by_id((id, user))
        .one(conn)
        .await?
        .map_or(0, |m| Ord::max(m.unread, 0) as u64))
}
