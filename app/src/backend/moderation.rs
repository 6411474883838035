//! Moderation: who is a moderator, the queue they work from (disputed exchanges with their
//! conversation, private reasons from reviews), and settling a dispute. Every function here is
//! called only after [`require_moderator`] on the server.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::entities::{exchange, exchange_event, listing, message, review, user};
use super::exchange_views::names;
use super::exchanges::{Settings, move_held, touch};
use super::stored;
use super::{Done, Error};
use crate::domain::AppError;
use crate::domain::exchange::{ExchangeState, MESSAGES_PER_PAGE, MessageView, PrivateReason};
use crate::domain::ledger::TransferReason;
use crate::domain::moderation::{DisputeView, ModerationView, ReportView, Role, Settlement};
use crate::domain::page::{Paged, window};
use crate::domain::vocab::Code;

/// How many private reasons the queue shows, newest first.
pub const REPORTS_SHOWN: u64 = 100;

/// The stored role of a user (`Member` for an unknown one).
pub async fn role_of(conn: &impl ConnectionTrait, user: i64) -> Result<Role, Error> {
    let role: Option<String> = user::Entity::find_by_id(user)
        .select_only()
        .column(user::Column::Role)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(role.and_then(|r| Role::from_code(&r)).unwrap_or_default())
}

/// `user` if they moderate, `Forbidden` otherwise.
pub async fn require_moderator(conn: &impl ConnectionTrait, user: i64) -> Result<i64, Error> {
    match role_of(conn, user).await? {
        Role::Moderator => Ok(user),
        Role::Member => Err(AppError::Forbidden.into()),
    }
}

/// Gives the account with this e-mail address a role (the operator's `server role` command).
/// Answers whether such an account exists.
pub async fn set_role(conn: &impl ConnectionTrait, email: &str, role: Role) -> Result<bool, Error> {
    let done = user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(role.code()))
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .exec(conn)
        .await?;
    Ok(done.rows_affected > 0)
}

/// Disputes listed a page at a time.
pub const DISPUTES_PER_PAGE: u64 = 20;

/// Page `page` of the disputed exchanges, oldest dispute first, and the latest private reasons.
pub async fn queue(
    conn: &impl ConnectionTrait,
    now: i64,
    page: u32,
) -> Result<ModerationView, Error> {
    Ok(ModerationView {
        disputes: disputes(conn, page).await?,
        reports: reports(conn, now).await?,
    })
}

async fn disputes(conn: &impl ConnectionTrait, page: u32) -> Result<Paged<DisputeView>, Error> {
    let (offset, limit) = window(page, DISPUTES_PER_PAGE);
    let rows = exchange::Entity::find()
        .filter(exchange::Column::State.eq(ExchangeState::Disputed.code()))
        .order_by_asc(exchange::Column::UpdatedAt)
        .order_by_asc(exchange::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    let Paged {
        items: rows, more, ..
    } = Paged::from_rows(rows, page, DISPUTES_PER_PAGE);
    let names = names(conn, rows.iter().flat_map(|r| [r.giver_id, r.receiver_id])).await?;
    let titles: HashMap<i64, String> = listing::Entity::find()
        .filter(listing::Column::Id.is_in(rows.iter().map(|r| r.listing_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| (l.id, l.title))
        .collect();
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let disputed = exchange_event::Entity::find()
            .filter(exchange_event::Column::ExchangeId.eq(row.id))
            .filter(exchange_event::Column::State.eq(ExchangeState::Disputed.code()))
            .order_by_desc(exchange_event::Column::Id)
            .one(conn)
            .await?;
        let mut messages = message::Entity::find()
            .filter(message::Column::ExchangeId.eq(row.id))
            .order_by_desc(message::Column::Id)
            .limit(MESSAGES_PER_PAGE)
            .all(conn)
            .await?;
        messages.reverse();
        out.push(DisputeView {
            exchange_id: row.id,
            listing_id: row.listing_id,
            listing_title: titles.get(&row.listing_id).cloned().unwrap_or_default(),
            giver_id: row.giver_id,
            giver_name: name(row.giver_id),
            receiver_id: row.receiver_id,
            receiver_name: name(row.receiver_id),
            price: row.price.unwrap_or(0),
            disputed_by: disputed
                .as_ref()
                .and_then(|e| e.actor_id)
                .map(name)
                .unwrap_or_default(),
            disputed_at: disputed.map_or(row.updated_at, |e| e.created_at),
            messages: messages
                .into_iter()
                .map(|m| MessageView {
                    id: m.id,
                    mine: false,
                    author_name: name(m.author_id),
                    body: m.body,
                    at: m.created_at,
                })
                .collect(),
        });
    }
    Ok(Paged {
        items: out,
        page,
        more,
    })
}

async fn reports(conn: &impl ConnectionTrait, now: i64) -> Result<Vec<ReportView>, Error> {
    let rows = review::Entity::find()
        .filter(review::Column::PrivateReason.is_not_null())
        .order_by_desc(review::Column::Id)
        .limit(REPORTS_SHOWN)
        .all(conn)
        .await?;
    let names = names(conn, rows.iter().flat_map(|r| [r.author_id, r.subject_id])).await?;
    let counts = super::reviews::reporters(conn, rows.iter().map(|r| r.subject_id), now).await?;
    rows.into_iter()
        .map(|r| {
            let reason: PrivateReason = stored(r.private_reason.as_deref().unwrap_or_default())?;
            Ok(ReportView {
                exchange_id: r.exchange_id,
                reporter_id: r.author_id,
                reporter_name: names.get(&r.author_id).cloned().unwrap_or_default(),
                subject_id: r.subject_id,
                subject_name: names.get(&r.subject_id).cloned().unwrap_or_default(),
                reason,
                rating: r.rating.clamp(1, 5) as u8,
                comment: r.comment,
                at: r.created_at,
                reporters: counts.get(&r.subject_id).copied().unwrap_or(0),
            })
        })
        .collect::<Result<_, AppError>>()
        .map_err(Error::from)
}

/// Settles a disputed exchange: the held price goes to the giver (completed) or back to the
/// receiver (cancelled), in one transaction with the change of state and the moderator's note.
/// A second settlement, or one of an exchange that is not disputed, is a `Conflict`. Answers
/// the two people to tell.
pub async fn settle(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    moderator: i64,
    id: i64,
    settlement: Settlement,
    note: String,
    now: i64,
) -> Result<Done<()>, Error> {
    let row = exchange::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if stored::<ExchangeState>(&row.state)? != ExchangeState::Disputed {
        return Err(AppError::Conflict.into());
    }
    // Claims the exchange: of two moderators settling at once, the second finds it moved.
    let row = touch(conn, &row, now).await?;
    if let Some(price @ 1..) = row.price {
        let reason = match settlement {
            Settlement::Release => TransferReason::ExchangeRelease,
            Settlement::Refund => TransferReason::Refund,
        };
        move_held(conn, settings, &row, reason, price).await?;
    }
    let outcome = settlement.outcome();
    let people = [row.author_id, row.proposer_id];
    let mut update: exchange::ActiveModel = row.clone().into();
    update.state = Set(outcome.code().to_owned());
    update.update(conn).await?;
    exchange_event::ActiveModel {
        exchange_id: Set(id),
        actor_id: Set(Some(moderator)),
        state: Set(outcome.code().to_owned()),
        created_at: Set(now),
        note: Set(Some(note)),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    for person in people {
        super::conversations::bump_unread(conn, id, person).await?;
    }
    Ok(Done::new(()).ping(people))
}
