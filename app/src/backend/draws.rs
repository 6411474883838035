//! "Draw lots at a deadline" (rules in `domain::draw`): the author of a free good suspends their
//! own choice until a deadline; everyone who asked by then gets a ticket, and the lowest
//! tickets win.
//!
//! The seed is drawn at the deadline (so nobody, the author included, can know it before) and
//! published with every ticket's place, so anyone can check: a ticket is the SHA-256 of
//! `"<seed>:<exchange number>"`, in hexadecimal. The draw claims its row with
//! `UPDATE … WHERE drawn_at IS NULL` inside its transaction, so two runs at once (two servers,
//! or the job and `server draw-due`) draw once. Winners' exchanges are accepted and the others
//! declined by the system, free of charge, in the same transaction.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};

use super::Error;
use super::entities::{draw, draw_entry, exchange, listing};
use super::exchanges::{Settings, record, touch};
use super::stored;
use crate::domain::AppError;
use crate::domain::draw::{
    DrawForm, DrawInfo, DrawResult, DrawView, MIN_DRAW_DAYS, MyDraw, RULE_VERSION, may_draw_lots,
};
use crate::domain::error::{ErrorCode, Field};
use crate::domain::exchange::ExchangeState;
use crate::domain::ledger::Policy;
use crate::domain::listing::{ListingKind, ListingStatus, Nature};
use crate::domain::vocab::{Code, DAY};

/// An entry's ticket: the SHA-256 of `"<seed>:<exchange>"` in lowercase hexadecimal.
pub fn ticket(seed: &str, exchange_id: i64) -> String {
    let digest = Sha256::digest(format!("{seed}:{exchange_id}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The entries in the draw's order: lowest ticket first (ties, which SHA-256 makes
/// practically impossible, go to the earlier exchange).
pub fn order(seed: &str, entries: &[i64]) -> Vec<(i64, String)> {
    let mut out: Vec<(i64, String)> = entries.iter().map(|&e| (e, ticket(seed, e))).collect();
    out.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    out
}

/// A fresh seed: 128 random bits in hexadecimal.
fn new_seed() -> String {
    rand::random::<[u8; 16]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The listing, if `user` is its author.
async fn own_listing(
    conn: &impl ConnectionTrait,
    user: i64,
    listing_id: i64,
) -> Result<listing::Model, Error> {
    let row = listing::Entity::find_by_id(listing_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.author_id != user {
        return Err(AppError::Forbidden.into());
    }
    Ok(row)
}

/// The author chooses "draw lots at a deadline" for one of their open, free offers of goods,
/// before accepting anyone. Proposals already made take part.
pub async fn plan(
    conn: &impl ConnectionTrait,
    settings: &Settings,
    user: i64,
    listing_id: i64,
    form: &DrawForm,
    now: i64,
) -> Result<(), Error> {
    let row = own_listing(conn, user, listing_id).await?;
    let plan = form.parse(now)?;
    startable(conn, settings.policy, &row, now).await?;
    // The draw must happen while the listing is still up.
    if plan.deadline > row.expires_at {
        return Err(AppError::field(
            Field::DrawDays,
            ErrorCode::OutOfRange {
                min: MIN_DRAW_DAYS,
                max: (row.expires_at - now) / DAY,
            },
        )
        .into());
    }
    draw::ActiveModel {
        listing_id: Set(listing_id),
        deadline: Set(plan.deadline),
        winners: Set(plan.winners),
        seed: Set(None),
        entries: Set(None),
        drawn_at: Set(None),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Refuses a draw on a listing that is closed, not a free offer of goods, already has a draw,
/// or whose author already accepted someone.
async fn startable(
    conn: &impl ConnectionTrait,
    policy: Policy,
    row: &listing::Model,
    now: i64,
) -> Result<(), Error> {
    if row.status != ListingStatus::Open.code() || row.expires_at <= now {
        return Err(AppError::Conflict.into());
    }
    let (kind, nature): (ListingKind, Nature) = (stored(&row.kind)?, stored(&row.nature)?);
    if !may_draw_lots(kind, nature, row.price, policy) {
        return Err(AppError::Conflict.into());
    }
    if draw::Entity::find_by_id(row.id).one(conn).await?.is_some() {
        return Err(AppError::Conflict.into());
    }
    let chosen = exchange::Entity::find()
        .filter(exchange::Column::ListingId.eq(row.id))
        .filter(exchange::Column::State.is_in([
            ExchangeState::Accepted.code(),
            ExchangeState::Completed.code(),
            ExchangeState::Disputed.code(),
        ]))
        .count(conn)
        .await?;
    if chosen > 0 {
        return Err(AppError::Conflict.into());
    }
    Ok(())
}

/// The listing page's part: the draw, and whether `viewer`, its author, may start one.
pub async fn info(
    conn: &impl ConnectionTrait,
    policy: Policy,
    viewer: Option<i64>,
    listing_id: i64,
    now: i64,
) -> Result<DrawInfo, Error> {
    let draw = view(conn, viewer, listing_id, now).await?;
    let may_start = match (viewer, &draw) {
        (Some(viewer), None) => match listing::Entity::find_by_id(listing_id).one(conn).await? {
            Some(row) if row.author_id == viewer => {
                startable(conn, policy, &row, now).await.is_ok()
            }
            _ => false,
        },
        _ => false,
    };
    Ok(DrawInfo { draw, may_start })
}

/// The author goes back to choosing themselves, before the draw.
pub async fn cancel(conn: &impl ConnectionTrait, user: i64, listing_id: i64) -> Result<(), Error> {
    own_listing(conn, user, listing_id).await?;
    let deleted = draw::Entity::delete_many()
        .filter(draw::Column::ListingId.eq(listing_id))
        .filter(draw::Column::DrawnAt.is_null())
        .exec(conn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::Conflict.into());
    }
    Ok(())
}

/// The draw waiting on a listing, if any: the author may not choose meanwhile, and once the
/// deadline has passed nobody may ask any more until it has run.
pub async fn pending(
    conn: &impl ConnectionTrait,
    listing_id: i64,
) -> Result<Option<draw::Model>, sea_orm::DbErr> {
    draw::Entity::find_by_id(listing_id)
        .filter(draw::Column::DrawnAt.is_null())
        .one(conn)
        .await
}

/// A listing's draw as `viewer` sees it: public figures, and their own ticket once drawn.
pub async fn view(
    conn: &impl ConnectionTrait,
    viewer: Option<i64>,
    listing_id: i64,
    now: i64,
) -> Result<Option<DrawView>, Error> {
    let Some(row) = draw::Entity::find_by_id(listing_id).one(conn).await? else {
        return Ok(None);
    };
    let entries_so_far = exchange::Entity::find()
        .filter(exchange::Column::ListingId.eq(listing_id))
        .filter(exchange::Column::State.eq(ExchangeState::Proposed.code()))
        .count(conn)
        .await?;
    let result = match (row.drawn_at, row.seed.clone()) {
        (Some(drawn_at), Some(seed)) => {
            let mine = match viewer {
                Some(viewer) => {
                    draw_entry::Entity::find()
                        .inner_join(exchange::Entity)
                        .filter(draw_entry::Column::ListingId.eq(listing_id))
                        .filter(exchange::Column::ProposerId.eq(viewer))
                        .one(conn)
                        .await?
                }
                None => None,
            };
            Some(DrawResult {
                drawn_at,
                entries: row.entries.unwrap_or(0),
                seed,
                rule: RULE_VERSION.to_owned(),
                mine: match &mine {
                    None => MyDraw::NotEntered,
                    Some(e) if e.won => MyDraw::Won,
                    Some(_) => MyDraw::Lost,
                },
                my_rank: mine.as_ref().map(|e| e.rank),
                my_ticket: mine.map(|e| (e.exchange_id, e.ticket)),
            })
        }
        _ => None,
    };
    Ok(Some(DrawView {
        listing_id,
        deadline: row.deadline,
        winners: row.winners,
        entries_so_far: if result.is_none() {
            i64::try_from(entries_so_far).unwrap_or(i64::MAX)
        } else {
            0
        },
        closed: row.deadline <= now,
        result,
    }))
}

/// Draws one listing's lots if it is due and nobody drew them yet. Answers the people to tell.
async fn draw_one(
    conn: &impl ConnectionTrait,
    listing_id: i64,
    seed: &str,
    due_by: i64,
    now: i64,
) -> Result<Vec<i64>, Error> {
    let claimed = draw::Entity::update_many()
        .col_expr(draw::Column::DrawnAt, Expr::value(now))
        .col_expr(draw::Column::Seed, Expr::value(seed))
        .filter(draw::Column::ListingId.eq(listing_id))
        .filter(draw::Column::DrawnAt.is_null())
        .filter(draw::Column::Deadline.lte(due_by))
        .exec(conn)
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(Vec::new());
    }
    let row = draw::Entity::find_by_id(listing_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let entries = exchange::Entity::find()
        .filter(exchange::Column::ListingId.eq(listing_id))
        .filter(exchange::Column::State.eq(ExchangeState::Proposed.code()))
        .order_by_asc(exchange::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    let mut people = Vec::new();
    for (place, (id, ticket)) in order(seed, &ids).into_iter().enumerate() {
        let rank = i64::try_from(place).unwrap_or(i64::MAX) + 1;
        let won = rank <= row.winners;
        let Some(entry) = entries.iter().find(|e| e.id == id) else {
            continue;
        };
        let entry = touch(conn, entry, now).await?;
        let next = if won {
            ExchangeState::Accepted
        } else {
            ExchangeState::Declined
        };
        let mut update: exchange::ActiveModel = entry.clone().into();
        update.state = Set(next.code().to_owned());
        if won {
            // A drawn good is given free.
            update.price = Set(Some(0));
        }
        update.update(conn).await?;
        record(conn, id, None, next, now).await?;
        for person in [entry.author_id, entry.proposer_id] {
            if won || person == entry.proposer_id {
                super::conversations::bump_unread(conn, id, person).await?;
                people.push(person);
            }
        }
        draw_entry::ActiveModel {
            exchange_id: Set(id),
            listing_id: Set(listing_id),
            ticket: Set(ticket),
            rank: Set(rank),
            won: Set(won),
        }
        .insert(conn)
        .await?;
    }
    let mut done: draw::ActiveModel = row.into();
    done.entries = Set(Some(i64::try_from(ids.len()).unwrap_or(i64::MAX)));
    done.update(conn).await?;
    if let Some(author) = entries.first().map(|e| e.author_id) {
        people.push(author);
    }
    people.sort_unstable();
    people.dedup();
    Ok(people)
}

/// Draws every draw whose deadline is at or before `due_by` (the job passes now; `server
/// draw-due` may pass a later moment and one listing), recording them at `now`. Answers the
/// people to tell.
pub async fn run_due(
    db: &DatabaseConnection,
    only: Option<i64>,
    due_by: i64,
    now: i64,
) -> Result<Vec<i64>, Error> {
    let mut due = draw::Entity::find()
        .filter(draw::Column::DrawnAt.is_null())
        .filter(draw::Column::Deadline.lte(due_by));
    if let Some(listing_id) = only {
        due = due.filter(draw::Column::ListingId.eq(listing_id));
    }
    let due: Vec<i64> = due
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.listing_id)
        .collect();
    let mut people = Vec::new();
    for listing_id in due {
        let seed = new_seed();
        let told = super::tx::write(db, |txn| {
            let seed = seed.clone();
            Box::pin(async move { draw_one(txn, listing_id, &seed, due_by, now).await })
        })
        .await
        .map_err(AppError::from)?;
        people.extend(told);
    }
    Ok(people)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_are_sha256_of_seed_and_exchange() {
        // printf 'abc:7' | sha256sum
        assert_eq!(
            ticket("abc", 7),
            "b490d822e84fb6f8c0b3027be75007ecd25ff3e52cf3eb27e376a499516a063e"
        );
        assert_ne!(ticket("abc", 7), ticket("abc", 8));
        assert_ne!(ticket("abc", 7), ticket("abd", 7));
    }

    #[test]
    fn the_order_is_a_permutation_by_ticket_and_depends_on_the_seed() {
        let entries: Vec<i64> = (1..=40).collect();
        let a = order("seed-a", &entries);
        let b = order("seed-b", &entries);
        let mut ids: Vec<i64> = a.iter().map(|e| e.0).collect();
        ids.sort_unstable();
        assert_eq!(ids, entries);
        assert!(a.windows(2).all(|w| w[0].1 <= w[1].1));
        assert_ne!(
            a.iter().map(|e| e.0).collect::<Vec<_>>(),
            b.iter().map(|e| e.0).collect::<Vec<_>>()
        );
        // The first to ask has no edge: over many seeds, entry 1 wins about 1 time in 40.
        let wins = (0..4_000)
            .filter(|s| order(&s.to_string(), &entries)[0].0 == 1)
            .count();
        assert!((50..=150).contains(&wins), "{wins}");
    }
}
