//! The e-mails written by a job rather than by a request (`server/src/jobs.rs` runs [`run`]
//! every minute): something left unread in an exchange for [`UNREAD_AFTER_SECS`], the reminder
//! of an event the day before, a place freed for me on a waiting list, and the daily digest of
//! matches and alerts. Each goes through [`mail_notices::send`], so only to a proven address
//! whose owner did not switch that kind off, with the one-click stop.
//!
//! Each e-mail is claimed by a conditional `UPDATE` of its marker (`… SET mailed_at = now WHERE
//! id = ? AND mailed_at IS NULL`) in the transaction that writes it to the outbox: two runners
//! at once (two servers on one PostgreSQL database) write it once, and a run that fails writes
//! nothing and is done again by the next.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};

use super::entities::{
    activity, activity_notice, activity_slot, exchange, exchange_member, listing, notification,
    signup, user,
};
use super::mail_notices::{self, Notice};
use super::{Error, tx};
use crate::domain::activity::{NoticeKind, SignupStatus};
use crate::domain::notify::MailKind;
use crate::domain::vocab::{Code, DAY};
use crate::i18n::*;

/// How long something stays unread in an exchange before it is e-mailed.
pub const UNREAD_AFTER_SECS: i64 = 2 * 3_600;
/// The reminder goes at most this long before the start.
pub const REMIND_BEFORE_SECS: i64 = DAY;
/// ... and once the place has been held this long: someone who signed up an hour ago needs no
/// reminder yet (and someone who signs up six hours before the start gets none).
pub const REMIND_NOT_WITHIN_SECS: i64 = 12 * 3_600;
/// Rows looked at per kind and run.
const BATCH: u64 = 200;

/// What one run wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub unread: u64,
    pub reminders: u64,
    pub places: u64,
    pub digests: u64,
}

/// Writes every e-mail that is due at `now`.
pub async fn run(
    db: &DatabaseConnection,
    public_url: &str,
    time_zone: &jiff::tz::TimeZone,
    now: i64,
) -> Result<Written, Error> {
    Ok(Written {
        unread: unread(db, public_url, now).await?,
        reminders: reminders(db, public_url, time_zone, now).await?,
        places: places(db, public_url, now).await?,
        digests: digests(db, public_url, now).await?,
    })
}

/// Runs `claim` and, when it changed one row, `send`, in one write transaction; `true` when
/// an e-mail was written.
async fn claimed<C, S>(db: &DatabaseConnection, claim: C, send: S) -> Result<bool, Error>
where
    C: Fn(&sea_orm::DatabaseTransaction) -> futures_util::future::BoxFuture<'_, Result<u64, Error>>
        + Send
        + Sync
        + Clone
        + 'static,
    S: Fn(
            &sea_orm::DatabaseTransaction,
        ) -> futures_util::future::BoxFuture<'_, Result<bool, Error>>
        + Send
        + Sync
        + Clone
        + 'static,
{
    tx::write(db, move |txn| {
        let (claim, send) = (claim.clone(), send.clone());
        Box::pin(async move {
            if claim(txn).await? != 1 {
                return Ok(false);
            }
            send(txn).await
        })
    })
    .await
}

async fn title_of_listing(conn: &impl ConnectionTrait, id: i64) -> Result<String, Error> {
    Ok(listing::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|l| l.title)
        .unwrap_or_default())
}

/// Something unread in an exchange for [`UNREAD_AFTER_SECS`]: e-mailed once until it is read.
async fn unread(db: &DatabaseConnection, public_url: &str, now: i64) -> Result<u64, Error> {
    // First sight of something unread: the clock starts.
    exchange_member::Entity::update_many()
        .col_expr(exchange_member::Column::UnreadSince, Expr::value(now))
        .filter(exchange_member::Column::Unread.gt(0))
        .filter(exchange_member::Column::UnreadSince.is_null())
        .exec(db)
        .await?;
    let due = exchange_member::Entity::find()
        .filter(exchange_member::Column::Unread.gt(0))
        .filter(exchange_member::Column::UnreadSince.lte(now - UNREAD_AFTER_SECS))
        .filter(exchange_member::Column::UnreadMailedAt.is_null())
        .limit(BATCH)
        .all(db)
        .await?;
    let mut written = 0;
    for member in due {
        let (exchange_id, user_id) = (member.exchange_id, member.user_id);
        let public_url = public_url.to_owned();
        let sent = claimed(
            db,
            move |txn| {
                Box::pin(async move {
                    Ok(exchange_member::Entity::update_many()
                        .col_expr(exchange_member::Column::UnreadMailedAt, Expr::value(now))
                        .filter(exchange_member::Column::ExchangeId.eq(exchange_id))
                        .filter(exchange_member::Column::UserId.eq(user_id))
                        .filter(exchange_member::Column::Unread.gt(0))
                        .filter(exchange_member::Column::UnreadMailedAt.is_null())
                        .exec(txn)
                        .await?
                        .rows_affected)
                })
            },
            move |txn| {
                let public_url = public_url.clone();
                Box::pin(async move {
                    let Some(row) = exchange::Entity::find_by_id(exchange_id).one(txn).await?
                    else {
                        return Ok(false);
                    };
                    let title = title_of_listing(txn, row.listing_id).await?;
                    mail_notices::send(
                        txn,
                        &public_url,
                        user_id,
                        MailKind::Message,
                        move |locale| Notice {
                            subject: td_string!(locale, mail_unread_subject, title = title.clone())
                                .to_string(),
                            intro: td_string!(locale, mail_unread_intro, title = title.clone())
                                .to_string(),
                            path: format!("/exchanges/{exchange_id}"),
                            button: td_string!(locale, mail_open_exchange).to_string(),
                            after: td_string!(locale, mail_unread_after).to_string(),
                        },
                        now,
                    )
                    .await
                })
            },
        )
        .await?;
        written += u64::from(sent);
    }
    Ok(written)
}

/// The reminder of a registered place, [`REMIND_BEFORE_SECS`] before the start.
async fn reminders(
    db: &DatabaseConnection,
    public_url: &str,
    time_zone: &jiff::tz::TimeZone,
    now: i64,
) -> Result<u64, Error> {
    let soon = activity_slot::Entity::find()
        .select_only()
        .column(activity_slot::Column::Id)
        .filter(activity_slot::Column::StartsAt.gt(now))
        .filter(activity_slot::Column::StartsAt.lte(now + REMIND_BEFORE_SECS))
        .filter(activity_slot::Column::CompletedAt.is_null())
        .into_query();
    let due = signup::Entity::find()
        .filter(signup::Column::SlotId.in_subquery(soon))
        .filter(signup::Column::Status.eq(SignupStatus::Registered.code()))
        .filter(signup::Column::RemindedAt.is_null())
        .filter(signup::Column::UpdatedAt.lte(now - REMIND_NOT_WITHIN_SECS))
        .order_by_asc(signup::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut written = 0;
    for s in due {
        let Some(slot) = activity_slot::Entity::find_by_id(s.slot_id).one(db).await? else {
            continue;
        };
        let id = s.id;
        let (public_url, when) = (
            public_url.to_owned(),
            jiff::Timestamp::from_second(slot.starts_at)
                .map(|t| {
                    t.to_zoned_datetime(time_zone.clone())
                        .strftime("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default(),
        );
        let sent = claimed(
            db,
            move |txn| {
                Box::pin(async move {
                    Ok(signup::Entity::update_many()
                        .col_expr(signup::Column::RemindedAt, Expr::value(now))
                        .filter(signup::Column::Id.eq(id))
                        .filter(signup::Column::RemindedAt.is_null())
                        .exec(txn)
                        .await?
                        .rows_affected)
                })
            },
            move |txn| {
                let (public_url, when, s) = (public_url.clone(), when.clone(), s.clone());
                Box::pin(async move {
                    let Some(a) = activity::Entity::find_by_id(s.activity_id).one(txn).await?
                    else {
                        return Ok(false);
                    };
                    let title = a.title;
                    mail_notices::send(
                        txn,
                        &public_url,
                        s.user_id,
                        MailKind::Reminder,
                        move |locale| Notice {
                            subject: td_string!(
                                locale,
                                mail_reminder_subject,
                                title = title.clone(),
                                when = when.clone()
                            )
                            .to_string(),
                            intro: td_string!(
                                locale,
                                mail_reminder_intro,
                                title = title.clone(),
                                when = when.clone()
                            )
                            .to_string(),
                            path: format!("/activities/{}", s.activity_id),
                            button: td_string!(locale, mail_open_activity).to_string(),
                            after: td_string!(locale, mail_reminder_after).to_string(),
                        },
                        now,
                    )
                    .await
                })
            },
        )
        .await?;
        written += u64::from(sent);
    }
    Ok(written)
}

/// "A place freed up for you": the waiting list's notice, e-mailed once.
async fn places(db: &DatabaseConnection, public_url: &str, now: i64) -> Result<u64, Error> {
    let due = activity_notice::Entity::find()
        .filter(activity_notice::Column::Kind.eq(NoticeKind::Promoted.code()))
        .filter(activity_notice::Column::MailedAt.is_null())
        .order_by_asc(activity_notice::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut written = 0;
    for n in due {
        let id = n.id;
        let public_url = public_url.to_owned();
        let sent = claimed(
            db,
            move |txn| {
                Box::pin(async move {
                    Ok(activity_notice::Entity::update_many()
                        .col_expr(activity_notice::Column::MailedAt, Expr::value(now))
                        .filter(activity_notice::Column::Id.eq(id))
                        .filter(activity_notice::Column::MailedAt.is_null())
                        .exec(txn)
                        .await?
                        .rows_affected)
                })
            },
            move |txn| {
                let (public_url, n) = (public_url.clone(), n.clone());
                Box::pin(async move {
                    let Some(activity_id) = n.activity_id else {
                        return Ok(false);
                    };
                    let Some(a) = activity::Entity::find_by_id(activity_id).one(txn).await? else {
                        return Ok(false);
                    };
                    // A place in the past is no news.
                    if let Some(slot_id) = n.slot_id
                        && activity_slot::Entity::find_by_id(slot_id)
                            .one(txn)
                            .await?
                            .is_none_or(|slot| slot.starts_at <= now)
                    {
                        return Ok(false);
                    }
                    let title = a.title;
                    mail_notices::send(
                        txn,
                        &public_url,
                        n.user_id,
                        MailKind::Waitlist,
                        move |locale| Notice {
                            subject: td_string!(locale, mail_place_subject, title = title.clone())
                                .to_string(),
                            intro: td_string!(locale, mail_place_intro, title = title.clone())
                                .to_string(),
                            path: format!("/activities/{activity_id}"),
                            button: td_string!(locale, mail_open_activity).to_string(),
                            after: td_string!(locale, mail_reminder_after).to_string(),
                        },
                        now,
                    )
                    .await
                })
            },
        )
        .await?;
        written += u64::from(sent);
    }
    Ok(written)
}

/// The daily digest: at most one a day, to people with unread matches or alerts that arrived
/// since the last one; titles only (what the listings' pages show anyone), never a place.
async fn digests(db: &DatabaseConnection, public_url: &str, now: i64) -> Result<u64, Error> {
    let waiting = notification::Entity::find()
        .select_only()
        .column(notification::Column::UserId)
        .filter(notification::Column::ReadAt.is_null())
        .filter(notification::Column::CreatedAt.gt(now - DAY))
        .into_query();
    let due = user::Entity::find()
        .filter(user::Column::Id.in_subquery(waiting))
        .filter(user::Column::EmailVerifiedAt.is_not_null())
        .filter(
            Condition::any()
                .add(user::Column::DigestSentAt.is_null())
                .add(user::Column::DigestSentAt.lte(now - DAY)),
        )
        .order_by_asc(user::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut written = 0;
    for person in due {
        let (id, since) = (person.id, person.digest_sent_at.unwrap_or(now - DAY));
        let public_url = public_url.to_owned();
        let sent = claimed(
            db,
            move |txn| {
                Box::pin(async move {
                    Ok(user::Entity::update_many()
                        .col_expr(user::Column::DigestSentAt, Expr::value(now))
                        .filter(user::Column::Id.eq(id))
                        .filter(
                            Condition::any()
                                .add(user::Column::DigestSentAt.is_null())
                                .add(user::Column::DigestSentAt.lte(now - DAY)),
                        )
                        .exec(txn)
                        .await?
                        .rows_affected)
                })
            },
            move |txn| {
                let public_url = public_url.clone();
                Box::pin(async move {
                    let fresh = notification::Entity::find()
                        .filter(notification::Column::UserId.eq(id))
                        .filter(notification::Column::ReadAt.is_null())
                        .filter(notification::Column::CreatedAt.gt(since.max(now - DAY)))
                        .order_by_desc(notification::Column::Id)
                        .all(txn)
                        .await?;
                    if fresh.is_empty() {
                        return Ok(false);
                    }
                    let mut titles = Vec::new();
                    for n in fresh.iter().take(5) {
                        let title = title_of_listing(txn, n.listing_id).await?;
                        if !title.is_empty() && !titles.contains(&title) {
                            titles.push(title);
                        }
                    }
                    let count = fresh.len();
                    let list = titles
                        .iter()
                        .map(|t| format!("• {t}"))
                        .collect::<Vec<_>>()
                        .join("\n");
                    mail_notices::send(
                        txn,
                        &public_url,
                        id,
                        MailKind::Digest,
                        move |locale| Notice {
                            subject: td_string!(locale, mail_digest_subject, n = count).to_string(),
                            intro: format!("{}\n\n{list}", td_string!(locale, mail_digest_intro)),
                            path: "/notifications".to_owned(),
                            button: td_string!(locale, mail_open_notifications).to_string(),
                            after: td_string!(locale, mail_digest_after).to_string(),
                        },
                        now,
                    )
                    .await
                })
            },
        )
        .await?;
        written += u64::from(sent);
    }
    Ok(written)
}
