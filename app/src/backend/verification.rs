//! A verified e-mail address: at sign-up a link is sent; the account works at once, but until
//! the link is used ([`confirm`]) its address is "unverified", and an unverified account:
//!
//! - receives no currency from the deployment: the welcome grant is paid when the address is
//!   proven, and weekly grants only to proven addresses (`grants::pay_due`), so opening
//!   accounts with made-up addresses mints nothing;
//! - makes at most [`UNVERIFIED_PROPOSALS_PER_DAY`] proposals a day (`exchanges::propose`),
//!   so one throwaway account cannot flood people with proposals.
//!
//! Everything else works, so a newcomer whose e-mail is slow is never stuck.
//!
//! The link: 32 random bytes, only their SHA-256 stored, valid [`VERIFY_TTL_SECS`], bound to
//! the address it was sent to. Using it takes a button (`POST /verify/confirm`), not the mere
//! opening of the page, so a mail scanner that follows links cannot prove an address for
//! someone who signed up with another person's. One conditional `UPDATE` marks it used: the same
//! link sent three times at once verifies once (and pays one grant). Sending it again: from the
//! profile, rate-limited per client (the login limiter's quota) and to [`MAX_LINKS_PER_HOUR`]
//! an hour per account.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};

use super::entities::{email_verification, exchange, user};
use super::mail::{self, Mail};
use super::password_reset::{new_token, token_hash};
use super::{AppState, Error, tx};
use crate::domain::AppError;
use crate::domain::vocab::DAY;
use crate::i18n::*;

/// How long a link works: a week, for people who read their e-mail rarely.
pub const VERIFY_TTL_SECS: i64 = 7 * DAY;
/// Links one account may be sent in an hour.
pub const MAX_LINKS_PER_HOUR: u64 = 3;
/// Proposals an unverified account may make in 24 hours.
pub const UNVERIFIED_PROPOSALS_PER_DAY: u64 = 3;

/// The e-mail with the link, in `locale`.
pub fn verify_mail(locale: Locale, to: &str, link: &str, public_url: &str) -> Mail {
    let subject = td_string!(locale, verify_mail_subject).to_string();
    let intro = td_string!(locale, verify_mail_intro).to_string();
    let ignore = td_string!(locale, verify_mail_ignore).to_string();
    let button = td_string!(locale, verify_submit).to_string();
    Mail {
        to: to.to_owned(),
        ..mail::with_footer(locale, public_url, subject, &intro, link, &button, &ignore)
    }
}

/// The locale a person's e-mail is written in.
pub fn locale_of(row: &user::Model) -> Locale {
    row.locale.parse().unwrap_or_default()
}

/// Writes a link for `account`'s current address and its e-mail, in the caller's transaction.
/// `false` when nothing was sent: the address is already proven, or [`MAX_LINKS_PER_HOUR`]
/// links went out in the last hour.
pub async fn send_link(
    conn: &impl ConnectionTrait,
    public_url: &str,
    account: &user::Model,
    now: i64,
) -> Result<bool, Error> {
    if account.email_verified_at.is_some() {
        return Ok(false);
    }
    // Counted with the person's row locked, so links asked for at once on PostgreSQL are
    // counted one after the other.
    super::limits::lock_person(conn, account.id).await?;
    let recent = email_verification::Entity::find()
        .filter(email_verification::Column::UserId.eq(account.id))
        .filter(email_verification::Column::CreatedAt.gt(now - 3600))
        .count(conn)
        .await?;
    if recent >= MAX_LINKS_PER_HOUR {
        return Ok(false);
    }
    let token = new_token();
    email_verification::ActiveModel {
        user_id: Set(account.id),
        email: Set(account.email.clone()),
        token_hash: Set(token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + VERIFY_TTL_SECS),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let link = format!("{}/verify?token={token}", public_url.trim_end_matches('/'));
    mail::enqueue(
        conn,
        verify_mail(locale_of(account), &account.email, &link, public_url),
        now,
    )
    .await?;
    Ok(true)
}

/// "Send the link again", by the signed-in `user`. Refused ([`AppError::RateLimited`]) when the
/// client or the account asked too often; nothing happens when the address is already proven.
pub async fn resend(
    state: &AppState,
    ip: std::net::IpAddr,
    user_id: i64,
    now: i64,
) -> Result<(), Error> {
    use super::rate_limit::AuthAction;
    if !state.limiter.allow(AuthAction::PasswordReset, ip) {
        return Err(AppError::RateLimited.into());
    }
    let public_url = state.public_url;
    tx::write(&state.db, move |txn| {
        Box::pin(async move {
            let account = user::Entity::find_by_id(user_id)
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            if account.email_verified_at.is_some() {
                return Ok(());
            }
            if send_link(txn, public_url, &account, now).await? {
                Ok(())
            } else {
                Err(AppError::RateLimited.into())
            }
        })
    })
    .await
}

/// What using a link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// The address is proven from now on.
    Now,
    /// It already was (the link used before, by this click's twin or an earlier one).
    Already,
}

/// Uses a link: marks it used and its account's address proven, then pays the welcome grant
/// (under the currency policy; if that fails, the grants job pays it later). A link that is
/// unknown, expired, or for an address the account no longer has: [`AppError::NotFound`].
pub async fn confirm(state: &AppState, token: &str, now: i64) -> Result<Confirmed, Error> {
    let hash = token_hash(token);
    let confirmed = tx::write(&state.db, move |txn| {
        let hash = hash.clone();
        Box::pin(async move {
            let link = email_verification::Entity::find()
                .filter(email_verification::Column::TokenHash.eq(hash.clone()))
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let account = user::Entity::find_by_id(link.user_id)
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            if account.email != link.email {
                return Err(AppError::NotFound.into());
            }
            let used = email_verification::Entity::update_many()
                .col_expr(email_verification::Column::UsedAt, Expr::value(now))
                .filter(email_verification::Column::TokenHash.eq(hash))
                .filter(email_verification::Column::UsedAt.is_null())
                .filter(email_verification::Column::ExpiresAt.gt(now))
                .exec(txn)
                .await?
                .rows_affected;
            if used != 1 {
                // Read again: a twin click that committed meanwhile has used it (under READ
                // COMMITTED, this UPDATE waited for it; the first read came before).
                let used_now = email_verification::Entity::find()
                    .filter(email_verification::Column::TokenHash.eq(link.token_hash.clone()))
                    .one(txn)
                    .await?
                    .is_some_and(|l| l.used_at.is_some());
                return if used_now || link.used_at.is_some() || account.email_verified_at.is_some()
                {
                    Ok((Confirmed::Already, account.id))
                } else {
                    Err(AppError::NotFound.into())
                };
            }
            let proven = user::Entity::update_many()
                .col_expr(user::Column::EmailVerifiedAt, Expr::value(now))
                .filter(user::Column::Id.eq(account.id))
                .filter(user::Column::Email.eq(link.email))
                .filter(user::Column::EmailVerifiedAt.is_null())
                .exec(txn)
                .await?
                .rows_affected;
            Ok((
                if proven == 1 {
                    Confirmed::Now
                } else {
                    Confirmed::Already
                },
                account.id,
            ))
        })
    })
    .await?;
    let (confirmed, user_id) = confirmed;
    if confirmed == Confirmed::Now
        && state.policy == crate::domain::ledger::Policy::Currency
        && let Err(e) = super::grants::welcome(&state.db, &state.ledger, user_id).await
    {
        tracing::warn!(error = %e, user = user_id, "welcome grant deferred");
    }
    Ok(confirmed)
}

/// Refuses one more proposal by `user` when their address is unproven and they made
/// [`UNVERIFIED_PROPOSALS_PER_DAY`] in the last 24 hours. Run it in the transaction that then
/// creates the proposal (the person's row is locked, so proposals at once are counted in turn).
pub async fn check_proposals(
    conn: &impl ConnectionTrait,
    user_id: i64,
    now: i64,
) -> Result<(), Error> {
    let verified = user::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?
        .email_verified_at
        .is_some();
    if verified {
        return Ok(());
    }
    super::limits::lock_person(conn, user_id).await?;
    let today = exchange::Entity::find()
        .filter(exchange::Column::ProposerId.eq(user_id))
        .filter(exchange::Column::CreatedAt.gt(now - DAY))
        .count(conn)
        .await?;
    if today >= UNVERIFIED_PROPOSALS_PER_DAY {
        return Err(AppError::Unverified {
            per_day: UNVERIFIED_PROPOSALS_PER_DAY as u32,
        }
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_speaks_the_language_and_carries_the_link() {
        let link = "https://example.org/verify?token=ab";
        let mail = verify_mail(Locale::ur, "a@example.org", link, "https://example.org");
        assert!(mail.text.contains(link));
        assert!(mail.html.contains("dir=\"rtl\""));
        assert!(mail.html.contains("lang=\"ur\""));
        assert!(mail.text.contains("https://example.org/profile"));
        let fr = verify_mail(Locale::fr, "a@example.org", link, "https://example.org");
        assert_ne!(fr.subject, mail.subject);
    }
}
