//! Exchanges: proposing, accepting, declining, cancelling, confirming and disputing, with the
//! currency held in escrow at acceptance and released or refunded at the end.
//!
//! Every action first "touches" the exchange with `UPDATE … WHERE id = ? AND state = ?`: on
//! PostgreSQL that locks the row, so two people acting at once on one exchange take turns and
//! the second sees the first's change (two confirmations at once complete it once); a state
//! that changed in between answers `Conflict`. Money moves through `ledger::post` inside the
//! same transaction, with keys `exchange:<id>:hold|release|refund`, so nothing moves twice.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set,
};

use super::entities::{exchange, exchange_event, exchange_member, listing, user};
use super::ledger;
use super::mail_notices;
use super::tx;
use super::{Done, Error, stored};
use crate::domain::AppError;
use crate::domain::exchange::{
    ExchangeAction, ExchangeState, Side, completes, giver_side, next_state,
};
use crate::domain::ledger::{
    AccountKind, GENEROSITY_WINDOW_DAYS, Generosity, LedgerRules, Policy, TransferReason,
    TransferRequest, exchange_value,
};
use crate::domain::listing::{ListingKind, ListingStatus};
use crate::domain::notify::MailKind;
use crate::domain::vocab::{Code, DAY};

/// What the exchange commands need from the deployment's settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub policy: Policy,
    pub rules: LedgerRules,
    /// Days one side's confirmation waits for the other's.
    pub confirm_days: i64,
    /// The address people reach the site at, for the links in e-mails.
    pub public_url: &'static str,
}

/// The exchange, if `user` is one of its two people (anyone else gets `NotFound`, so ids do
/// not reveal whose exchanges exist), and their side.
pub async fn membership(
    conn: &impl ConnectionTrait,
    user: i64,
    id: i64,
) -> Result<(exchange::Model, Side), Error> {
    let row = exchange::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let side = if row.author_id == user {
        Side::Author
    } else if row.proposer_id == user {
        Side::Proposer
    } else {
        return Err(AppError::NotFound.into());
    };
    Ok((row, side))
}

/// How many requests and proposals `user` opened in the last 24 hours (the gift policy's
/// quota counts both).
pub async fn opened_today(conn: &impl ConnectionTrait, user: i64, now: i64) -> Result<u64, Error> {
    let requests = listing::Entity::find()
        .filter(listing::Column::AuthorId.eq(user))
        .filter(listing::Column::Kind.eq(ListingKind::Request.code()))
        .filter(listing::Column::CreatedAt.gt(now - DAY))
        .count(conn)
        .await?;
    let proposals = exchange::Entity::find()
        .filter(exchange::Column::ProposerId.eq(user))
        .filter(exchange::Column::CreatedAt.gt(now - DAY))
        .count(conn)
        .await?;
    Ok(requests + proposals)
}

/// Refuses one more request or proposal when the gift policy's daily quota is used up.
pub async fn check_quota(
    conn: &impl ConnectionTrait,
    policy: Policy,
    user: i64,
    now: i64,
) -> Result<(), Error> {
    if let Policy::GiftWithQuota { per_day } = policy {
        super::limits::lock_person(conn, user).await?;
        let opened = opened_today(conn, user, now).await?;
        if !policy.allows_another(u32::try_from(opened).unwrap_or(u32::MAX)) {
            return Err(AppError::QuotaReached { per_day }.into());
        }
    }
    Ok(())
}

/// "I can help" / "I'd like this": opens an exchange on someone else's open listing, with an
/// optional first message. Asking twice answers the exchange already open. Answers the
/// exchange; the listing's author's bell rings.
pub async fn propose(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    user: i64,
    listing_id: i64,
    first_message: Option<String>,
    now: i64,
) -> Result<Done<i64>, Error> {
    let row = listing::Entity::find_by_id(listing_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.author_id == user {
        return Err(AppError::Forbidden.into());
    }
    if row.status != ListingStatus::Open.code() || row.expires_at <= now {
        return Err(AppError::Conflict.into());
    }
    if super::draws::pending(conn, listing_id)
        .await?
        .is_some_and(|d| d.deadline <= now)
    {
        return Err(AppError::DrawPending.into());
    }
    if let Some(open) = exchange::Entity::find()
        .filter(exchange::Column::ListingId.eq(listing_id))
        .filter(exchange::Column::ProposerId.eq(user))
        .filter(exchange::Column::State.is_in([
            ExchangeState::Proposed.code(),
            ExchangeState::Accepted.code(),
        ]))
        .one(conn)
        .await?
    {
        return Ok(Done::new(open.id).ping([row.author_id]));
    }
    check_quota(conn, settings.policy, user, now).await?;
    super::verification::check_proposals(conn, user, now).await?;
    let kind: ListingKind = stored(&row.kind)?;
    let (giver, receiver) = match giver_side(kind) {
        Side::Author => (row.author_id, user),
        Side::Proposer => (user, row.author_id),
    };
    let created = exchange::ActiveModel {
        listing_id: Set(listing_id),
        author_id: Set(row.author_id),
        proposer_id: Set(user),
        giver_id: Set(giver),
        receiver_id: Set(receiver),
        state: Set(ExchangeState::Proposed.code().to_owned()),
        list_price: Set(row.price),
        price: Set(None),
        author_confirmed_at: Set(None),
        proposer_confirmed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    record(conn, created.id, Some(user), ExchangeState::Proposed, now).await?;
    exchange_member::Entity::insert_many([
        exchange_member::ActiveModel {
            exchange_id: Set(created.id),
            user_id: Set(row.author_id),
            unread: Set(0),
            unread_since: Set(None),
            unread_mailed_at: Set(None),
        },
        exchange_member::ActiveModel {
            exchange_id: Set(created.id),
            user_id: Set(user),
            unread: Set(0),
            unread_since: Set(None),
            unread_mailed_at: Set(None),
        },
    ])
    .exec(conn)
    .await?;
    if let Some(body) = first_message {
        super::conversations::append(conn, &created, user, body, now).await?;
    }
    let proposer = display_name(conn, user).await?;
    mail_notices::send(
        conn,
        settings.public_url,
        row.author_id,
        MailKind::Proposal,
        mail_notices::proposal(&proposer, &row.title, created.id),
        now,
    )
    .await?;
    Ok(Done::new(created.id).ping([row.author_id]))
}

/// A person's display name (what anyone sees of them).
async fn display_name(conn: &impl ConnectionTrait, user_id: i64) -> Result<String, Error> {
    Ok(user::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default())
}

pub(crate) async fn record(
    conn: &impl ConnectionTrait,
    exchange_id: i64,
    actor: Option<i64>,
    state: ExchangeState,
    now: i64,
) -> Result<(), Error> {
    Ok(exchange_event::ActiveModel {
        exchange_id: Set(exchange_id),
        actor_id: Set(actor),
        state: Set(state.code().to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map(|_| ())?)
}

/// Locks the exchange (see the module's documentation) if it is still in `state`, and reads it
/// again.
pub(crate) async fn touch(
    conn: &impl ConnectionTrait,
    row: &exchange::Model,
    now: i64,
) -> Result<exchange::Model, Error> {
    let touched = exchange::Entity::update_many()
        .col_expr(exchange::Column::UpdatedAt, Expr::value(now))
        .filter(exchange::Column::Id.eq(row.id))
        .filter(exchange::Column::State.eq(&row.state))
        .exec(conn)
        .await?;
    if touched.rows_affected == 0 {
        return Err(AppError::Conflict.into());
    }
    Ok(exchange::Entity::find_by_id(row.id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?)
}

/// What a person has given and received over the generosity window, valued by
/// [`exchange_value`].
pub async fn generosity(
    conn: &impl ConnectionTrait,
    user: i64,
    now: i64,
) -> Result<Generosity, Error> {
    let rows: Vec<(i64, i64)> = exchange::Entity::find()
        .select_only()
        .column(exchange::Column::GiverId)
        .column(exchange::Column::ListPrice)
        .filter(exchange::Column::State.eq(ExchangeState::Completed.code()))
        .filter(exchange::Column::UpdatedAt.gte(now - GENEROSITY_WINDOW_DAYS * DAY))
        .filter(
            Condition::any()
                .add(exchange::Column::GiverId.eq(user))
                .add(exchange::Column::ReceiverId.eq(user)),
        )
        .into_tuple()
        .all(conn)
        .await?;
    let mut out = Generosity::default();
    for (giver, list_price) in rows {
        if giver == user {
            out.given += exchange_value(list_price);
        } else {
            out.received += exchange_value(list_price);
        }
    }
    Ok(out)
}

/// Accept, decline, cancel, confirm or dispute, with an optional message to the other person
/// (written to the conversation first, so it is there whatever the new state). Answers the
/// people to tell.
pub async fn act(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    user: i64,
    id: i64,
    action: ExchangeAction,
    message: Option<String>,
    now: i64,
) -> Result<Done<()>, Error> {
    let (row, side) = membership(conn, user, id).await?;
    let state: ExchangeState = stored(&row.state)?;
    let next = next_state(state, action, side).ok_or(AppError::Conflict)?;
    if matches!(action, ExchangeAction::Accept | ExchangeAction::Decline)
        && super::draws::pending(conn, row.listing_id).await?.is_some()
    {
        return Err(AppError::DrawPending.into());
    }
    let row = touch(conn, &row, now).await?;
    // Read from the row as locked: a confirmation that committed meanwhile counts.
    if action == ExchangeAction::Cancel && !may_cancel(&row, side) {
        return Err(AppError::Conflict.into());
    }
    if let Some(message) = message {
        super::conversations::append(conn, &row, user, message, now).await?;
    }
    let mut update: exchange::ActiveModel = row.clone().into();
    match action {
        ExchangeAction::Accept => {
            let generosity = generosity(conn, row.receiver_id, now).await?;
            let price = settings.policy.price_to_pay(row.list_price, generosity);
            if price > 0 {
                move_held(conn, settings, &row, TransferReason::ExchangeHold, price).await?;
            }
            update.price = Set(Some(price));
        }
        ExchangeAction::Cancel => {
            if let Some(price @ 1..) = row.price {
                move_held(conn, settings, &row, TransferReason::Refund, price).await?;
            }
        }
        ExchangeAction::Confirm => {
            let (mine, theirs) = match side {
                Side::Author => (&mut update.author_confirmed_at, row.proposer_confirmed_at),
                Side::Proposer => (&mut update.proposer_confirmed_at, row.author_confirmed_at),
            };
            let confirmed = row_confirmed(&row, side).unwrap_or(now);
            *mine = Set(Some(confirmed));
            if completes(Some(confirmed), theirs, now, settings.confirm_days) {
                let people = complete(conn, settings, row, Some(user), now).await?;
                return Ok(Done::new(()).ping(people));
            }
        }
        ExchangeAction::Decline | ExchangeAction::Dispute => {}
    }
    if next != state {
        update.state = Set(next.code().to_owned());
        record(conn, row.id, Some(user), next, now).await?;
        super::conversations::bump_unread(conn, row.id, other_of(&row, user)).await?;
        if matches!(action, ExchangeAction::Accept | ExchangeAction::Decline) {
            let title = listing::Entity::find_by_id(row.listing_id)
                .one(conn)
                .await?
                .map(|l| l.title)
                .unwrap_or_default();
            let name = display_name(conn, user).await?;
            let accepted = action == ExchangeAction::Accept;
            mail_notices::send(
                conn,
                settings.public_url,
                other_of(&row, user),
                MailKind::Answer,
                mail_notices::answer(&name, &title, row.id, accepted),
                now,
            )
            .await?;
        }
    }
    update.update(conn).await?;
    Ok(Done::new(()).ping([row.author_id, row.proposer_id]))
}

/// Whether `side` may cancel this exchange (see [`crate::domain::exchange::may_cancel`]).
pub(crate) fn may_cancel(row: &exchange::Model, side: Side) -> bool {
    let (giver, giver_confirmed) = if row.giver_id == row.author_id {
        (Side::Author, row.author_confirmed_at.is_some())
    } else {
        (Side::Proposer, row.proposer_confirmed_at.is_some())
    };
    crate::domain::exchange::may_cancel(side, giver, giver_confirmed)
}

/// The other person of an exchange.
pub(crate) fn other_of(row: &exchange::Model, user: i64) -> i64 {
    if user == row.author_id {
        row.proposer_id
    } else {
        row.author_id
    }
}

fn row_confirmed(row: &exchange::Model, side: Side) -> Option<i64> {
    match side {
        Side::Author => row.author_confirmed_at,
        Side::Proposer => row.proposer_confirmed_at,
    }
}

/// Moves the price to, out of, or back from escrow.
pub(crate) async fn move_held(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    row: &exchange::Model,
    reason: TransferReason,
    price: i64,
) -> Result<(), Error> {
    let escrow = ledger::system_account(conn, AccountKind::Escrow).await?;
    let (from, to, step) = match reason {
        TransferReason::ExchangeHold => (
            ledger::account_of_user(conn, row.receiver_id).await?,
            escrow,
            "hold",
        ),
        TransferReason::ExchangeRelease => (
            escrow,
            ledger::account_of_user(conn, row.giver_id).await?,
            "release",
        ),
        _ => (
            escrow,
            ledger::account_of_user(conn, row.receiver_id).await?,
            "refund",
        ),
    };
    let request = TransferRequest {
        key: format!("exchange:{}:{step}", row.id),
        from,
        to,
        amount: price,
        reason,
        cause: Some(("exchange".into(), row.id)),
    };
    ledger::post(conn, &settings.rules, &request)
        .await
        .map(|_| ())
        .map_err(|e| Error::from_transfer(e, price))
}

/// Completes an accepted exchange: releases the held price to the giver.
async fn complete(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    row: exchange::Model,
    actor: Option<i64>,
    now: i64,
) -> Result<[i64; 2], Error> {
    if let Some(price @ 1..) = row.price {
        move_held(conn, settings, &row, TransferReason::ExchangeRelease, price).await?;
    }
    let people = [row.author_id, row.proposer_id];
    let mut update: exchange::ActiveModel = row.clone().into();
    if let Some(actor) = actor {
        let side = if actor == row.author_id {
            Side::Author
        } else {
            Side::Proposer
        };
        let at = Set(Some(row_confirmed(&row, side).unwrap_or(now)));
        match side {
            Side::Author => update.author_confirmed_at = at,
            Side::Proposer => update.proposer_confirmed_at = at,
        }
    }
    update.state = Set(ExchangeState::Completed.code().to_owned());
    update.updated_at = Set(now);
    update.update(conn).await?;
    record(conn, row.id, actor, ExchangeState::Completed, now).await?;
    for person in people {
        if Some(person) != actor {
            super::conversations::bump_unread(conn, row.id, person).await?;
        }
    }
    Ok(people)
}

/// Completes every accepted exchange whose one confirmation has waited `confirm_days` without
/// an answer from the other side. Answers the people to tell.
pub async fn complete_overdue(
    db: &DatabaseConnection,
    settings: &Settings,
    now: i64,
) -> Result<Vec<i64>, Error> {
    let cutoff = now - settings.confirm_days * DAY;
    let due = exchange::Entity::find()
        .filter(exchange::Column::State.eq(ExchangeState::Accepted.code()))
        .filter(
            Condition::any()
                .add(exchange::Column::AuthorConfirmedAt.lte(cutoff))
                .add(exchange::Column::ProposerConfirmedAt.lte(cutoff)),
        )
        .all(db)
        .await?;
    let mut people = Vec::new();
    for row in due {
        let settings = *settings;
        let done = tx::write(db, |txn| {
            let row = row.clone();
            Box::pin(async move {
                let row = touch(txn, &row, now).await?;
                complete(txn, &settings, row, None, now).await
            })
        })
        .await;
        match done {
            Ok(pair) => people.extend(pair),
            // Someone acted on it meanwhile: nothing to do.
            Err(Error::App(AppError::Conflict)) => {}
            Err(e) => return Err(AppError::from(e).into()),
        }
    }
    Ok(people)
}
