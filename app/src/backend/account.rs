//! The account's own settings, each behind the current password: a new password, a new e-mail
//! address, and leaving Entraide.
//!
//! - **New password**: checked for strength like at sign-up; every other session of the
//!   account ends (the caller signs this one in again), and the address is told by e-mail.
//! - **New address**: proven again (a link to the new address, [`verification::send_link`],
//!   within its hourly allowance, so the form cannot be used to mail strangers); until then
//!   the account is unverified. The old address is told. Links to choose a password that were
//!   sent to the old address stop working.
//! - **Delete**: see [`delete`]. What is kept and why is said on the privacy page
//!   (`ui/pages/account.rs`, `PrivacyPage`), from the same list as this code.
//!
//! A wrong current password counts against the account and the client like a failed login
//! (`rate_limit`), so these forms cannot be used to guess it.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter,
};

use super::entities::{
    activity_notice, alert, association_invitation, association_member, email_verification,
    exchange, home_move, idempotency_key, listing, mail_outbox, notification, password_reset,
    signup, user,
};
use super::mail::{self, Mail};
use super::rate_limit::AuthAction;
use super::session_store::DbSessionStore;
use super::{AppState, Done, Error, command, internal, tx, verification};
use crate::domain::exchange::{ExchangeAction, ExchangeState, Side};
use crate::domain::geo::GeoPoint;
use crate::domain::listing::ListingStatus;
use crate::domain::user::{Email, Password};
use crate::domain::vocab::Code;
use crate::domain::{AppError, ErrorCode, Field};
use crate::i18n::*;

/// The e-mail address a deleted account keeps: no `@`, so no one can sign up with it, and
/// unique.
pub fn deleted_address(id: i64) -> String {
    format!("deleted:{id}")
}

/// The account, once its current `password` is checked; a wrong one counts as a failed login.
async fn checked(
    state: &AppState,
    ip: std::net::IpAddr,
    user_id: i64,
    password: &str,
    now: i64,
) -> Result<user::Model, Error> {
    let account = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .filter(|a| a.deleted_at.is_none())
        .ok_or(AppError::Unauthorized)?;
    if !state.limiter.allow(AuthAction::Login, ip)
        || !state.limiter.account_open(&account.email, now)
    {
        return Err(AppError::RateLimited.into());
    }
    if super::auth::verify_password(password.to_owned(), account.password_hash.clone()).await {
        state.limiter.succeeded(&account.email);
        Ok(account)
    } else {
        state.limiter.failed(&account.email, now);
        Err(AppError::Unauthorized.into())
    }
}

/// A password that may be chosen: long enough, and hard to guess (zxcvbn score 3 or more,
/// the account's address and name taken into account).
pub fn new_password(raw: &str, email: &str, name: &str) -> Result<Password, AppError> {
    let password = Password::parse(raw).map_err(|e| AppError::Validation(vec![e]))?;
    if (zxcvbn::zxcvbn(password.expose(), &[email, name]).score() as u8) < 3 {
        return Err(AppError::field(Field::Password, ErrorCode::WeakPassword));
    }
    Ok(password)
}

/// The e-mail that tells an address something changed on its account, with a link to `path`.
fn told(locale: Locale, to: &str, public_url: &str, password: bool) -> Mail {
    let (subject, intro) = if password {
        (
            td_string!(locale, account_pw_mail_subject).to_string(),
            td_string!(locale, account_pw_mail_intro).to_string(),
        )
    } else {
        (
            td_string!(locale, account_email_mail_subject).to_string(),
            td_string!(locale, account_email_mail_intro).to_string(),
        )
    };
    let not_you = td_string!(locale, account_mail_not_you).to_string();
    let button = td_string!(locale, forgot_title).to_string();
    let link = format!("{}/forgot", public_url.trim_end_matches('/'));
    Mail {
        to: to.to_owned(),
        ..mail::with_footer(
            locale, public_url, subject, &intro, &link, &button, &not_you,
        )
    }
}

/// Sets a new password after checking the current one; ends every session of the account
/// (the caller signs this one in again) and tells the address.
pub async fn change_password(
    state: &AppState,
    ip: std::net::IpAddr,
    user_id: i64,
    current: &str,
    new: &str,
    now: i64,
) -> Result<(), Error> {
    let account = checked(state, ip, user_id, current, now).await?;
    let password = new_password(new, &account.email, &account.display_name)?;
    let hash = super::auth::hash_password(&password).await?;
    let public_url = state.public_url;
    tx::write(&state.db, move |txn| {
        let (account, hash) = (account.clone(), hash.clone());
        Box::pin(async move {
            // Only over the password that was checked: of two changes at once, the second
            // was made with a password that is no longer the current one.
            let changed = user::Entity::update_many()
                .col_expr(user::Column::PasswordHash, Expr::value(hash))
                .filter(user::Column::Id.eq(account.id))
                .filter(user::Column::PasswordHash.eq(account.password_hash.clone()))
                .filter(user::Column::DeletedAt.is_null())
                .exec(txn)
                .await?
                .rows_affected;
            if changed != 1 {
                return Err(AppError::Unauthorized.into());
            }
            DbSessionStore::end_all_of(txn, account.id)
                .await
                .map_err(internal)?;
            mail::enqueue(
                txn,
                told(
                    verification::locale_of(&account),
                    &account.email,
                    public_url,
                    true,
                ),
                now,
            )
            .await?;
            Ok(())
        })
    })
    .await
}

/// Changes the account's address after checking the password: unproven until the link sent to
/// the new address is used; the old address is told; links to choose a password stop working.
/// The same address again changes nothing.
pub async fn change_email(
    state: &AppState,
    ip: std::net::IpAddr,
    user_id: i64,
    current: &str,
    new: &str,
    now: i64,
) -> Result<(), Error> {
    let email = Email::parse(new).map_err(|e| AppError::Validation(vec![e]))?;
    let account = checked(state, ip, user_id, current, now).await?;
    if account.email == email.as_str() {
        return Ok(());
    }
    let public_url = state.public_url;
    tx::write(&state.db, move |txn| {
        let (account, email) = (account.clone(), email.clone());
        Box::pin(async move {
            super::limits::lock_person(txn, account.id).await?;
            let taken = AppError::field(Field::Email, ErrorCode::EmailTaken);
            let changed = user::Entity::update_many()
                .col_expr(user::Column::Email, Expr::value(email.as_str()))
                .col_expr(user::Column::EmailVerifiedAt, Expr::value(None::<i64>))
                .filter(user::Column::Id.eq(account.id))
                .filter(user::Column::Email.eq(account.email.clone()))
                .exec(txn)
                .await
                .map_err(|e| match e.sql_err() {
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Error::from(taken),
                    _ => Error::from(e),
                })?
                .rows_affected;
            if changed != 1 {
                // Changed meanwhile by another request: this one was made on an old page.
                return Err(AppError::Conflict.into());
            }
            password_reset::Entity::update_many()
                .col_expr(password_reset::Column::UsedAt, Expr::value(now))
                .filter(password_reset::Column::UserId.eq(account.id))
                .filter(password_reset::Column::UsedAt.is_null())
                .exec(txn)
                .await?;
            let locale = verification::locale_of(&account);
            mail::enqueue(txn, told(locale, &account.email, public_url, false), now).await?;
            let moved = user::Model {
                email: email.as_str().to_owned(),
                email_verified_at: None,
                ..account
            };
            verification::send_link(txn, public_url, &moved, now).await?;
            Ok(())
        })
    })
    .await
}

/// What deleting an account does, in order, in one transaction (the privacy page says the same,
/// in every language):
///
/// 1. a draw pending on one of the person's listings is called off;
/// 2. their open exchanges end as the exchange rules say: a proposal is withdrawn or declined,
///    an accepted exchange is cancelled and its held price refunded to the receiver; only when
///    the giver already said the help was given does the leaving receiver's exchange complete
///    (the giver is paid, as if the receiver had confirmed);
/// 3. their sign-ups to coming events and missions are cancelled, and their places go to the
///    next in line;
/// 4. their listings are withdrawn, and every listing keeps only its public area's point;
/// 5. their alerts, notifications, home moves, links, pending requests, memberships and
///    invitations, e-mails and sessions are deleted;
/// 6. the account row is emptied: no name ("former member" is shown), no e-mail, no password,
///    no bio, languages, skills, needs or home.
///
/// Kept, against the emptied account: ledger entries (the sums still add to zero; the balance
/// stays with the account), exchanges and messages written to others (their conversation is
/// theirs too), reviews, hours volunteered (associations' records), answers about venues.
/// Deleting twice (two clicks at once) deletes once.
pub async fn delete(
    state: &AppState,
    ip: std::net::IpAddr,
    user_id: i64,
    password: &str,
    now: i64,
) -> Result<(), Error> {
    let gone = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .is_none_or(|a| a.deleted_at.is_some());
    if gone {
        // The twin of a double click, which came second: done already.
        return Ok(());
    }
    let account = checked(state, ip, user_id, password, now).await?;
    let settings = state.exchange_settings();
    command(state, move |txn| {
        let account = account.clone();
        Box::pin(async move { erase(txn, &settings, &account, now).await })
    })
    .await
}

/// Deletes the rows of `E` whose `column` is `person`.
async fn delete_of<E: EntityTrait>(
    txn: &impl ConnectionTrait,
    column: E::Column,
    person: i64,
) -> Result<(), Error> {
    E::delete_many().filter(column.eq(person)).exec(txn).await?;
    Ok(())
}

async fn erase(
    txn: &impl ConnectionTrait,
    settings: &super::exchanges::Settings,
    account: &user::Model,
    now: i64,
) -> Result<Done<()>, Error> {
    let me = account.id;
    super::limits::lock_person(txn, me).await?;
    let fresh = user::Entity::find_by_id(me)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if fresh.deleted_at.is_some() {
        return Ok(Done::new(()));
    }
    let mut pinged: Vec<i64> = Vec::new();
    let open = ListingStatus::Open.code();
    let mine = listing::Entity::find()
        .filter(listing::Column::AuthorId.eq(me))
        .all(txn)
        .await?;
    // 1. Draws.
    for l in mine.iter().filter(|l| l.status == open) {
        if super::draws::pending(txn, l.id).await?.is_some() {
            super::draws::cancel(txn, me, l.id).await?;
        }
    }
    // 2. Exchanges.
    let live = [
        ExchangeState::Proposed.code(),
        ExchangeState::Accepted.code(),
    ];
    let exchanges = exchange::Entity::find()
        .filter(
            Condition::any()
                .add(exchange::Column::AuthorId.eq(me))
                .add(exchange::Column::ProposerId.eq(me)),
        )
        .filter(exchange::Column::State.is_in(live))
        .all(txn)
        .await?;
    for row in exchanges {
        let side = if row.author_id == me {
            Side::Author
        } else {
            Side::Proposer
        };
        let action = match (row.state.as_str(), side) {
            (s, Side::Author) if s == ExchangeState::Proposed.code() => ExchangeAction::Decline,
            (s, Side::Proposer) if s == ExchangeState::Proposed.code() => ExchangeAction::Cancel,
            _ if super::exchanges::may_cancel(&row, side) => ExchangeAction::Cancel,
            _ => ExchangeAction::Confirm,
        };
        let done = super::exchanges::act(txn, settings, me, row.id, action, None, now).await?;
        pinged.extend(done.after.ping);
    }
    // 3. Sign-ups.
    let signups = signup::Entity::find()
        .filter(signup::Column::UserId.eq(me))
        .all(txn)
        .await?;
    for s in signups {
        let active = crate::domain::activity::SignupStatus::from_code(&s.status)
            .is_some_and(|status| status.active());
        if !active {
            continue;
        }
        match super::activities::cancel(txn, me, s.slot_id, now).await {
            Ok(done) => pinged.extend(done.after.ping),
            // A slot that has ended keeps its record.
            Err(Error::App(AppError::Conflict | AppError::NotFound)) => {}
            Err(e) => return Err(e),
        }
    }
    // 4. Listings: withdrawn, and only the public point kept.
    for l in &mine {
        if l.status == open {
            let done = super::listings::withdraw(txn, me, l.id, now).await?;
            pinged.extend(done.after.ping);
        }
        let public = GeoPoint {
            lat: l.lat,
            lng: l.lng,
        }
        .public();
        listing::Entity::update_many()
            .col_expr(listing::Column::Lat, Expr::value(public.lat))
            .col_expr(listing::Column::Lng, Expr::value(public.lng))
            .filter(listing::Column::Id.eq(l.id))
            .exec(txn)
            .await?;
    }
    // 5. What only served the person.
    delete_of::<alert::Entity>(txn, alert::Column::UserId, me).await?;
    delete_of::<notification::Entity>(txn, notification::Column::UserId, me).await?;
    delete_of::<activity_notice::Entity>(txn, activity_notice::Column::UserId, me).await?;
    delete_of::<home_move::Entity>(txn, home_move::Column::UserId, me).await?;
    delete_of::<email_verification::Entity>(txn, email_verification::Column::UserId, me).await?;
    delete_of::<password_reset::Entity>(txn, password_reset::Column::UserId, me).await?;
    delete_of::<idempotency_key::Entity>(txn, idempotency_key::Column::UserId, me).await?;
    delete_of::<association_member::Entity>(txn, association_member::Column::UserId, me).await?;
    delete_of::<association_invitation::Entity>(txn, association_invitation::Column::UserId, me)
        .await?;
    mail_outbox::Entity::delete_many()
        .filter(mail_outbox::Column::ToAddress.eq(fresh.email.clone()))
        .exec(txn)
        .await?;
    DbSessionStore::end_all_of(txn, me)
        .await
        .map_err(internal)?;
    // 6. The row.
    let mut row: user::ActiveModel = fresh.into();
    row.email = Set(deleted_address(me));
    row.display_name = Set(String::new());
    row.password_hash = Set("!".to_owned());
    row.bio = Set(String::new());
    row.languages = Set(String::new());
    row.skills = Set(String::new());
    row.access_needs = Set(String::new());
    row.home_lat = Set(None);
    row.home_lng = Set(None);
    row.home_cell = Set(None);
    row.email_verified_at = Set(None);
    row.mail_key = Set(None);
    row.deleted_at = Set(Some(now));
    row.update(txn).await?;
    pinged.retain(|p| *p != me);
    Ok(Done::new(()).ping(pinged))
}
