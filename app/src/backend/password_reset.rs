//! "Forgot my password": a single-use link by e-mail, valid [`RESET_TTL_SECS`].
//!
//! - The token is 32 random bytes; only its SHA-256 is stored, so the database (or a backup of
//!   it) holds no usable link. It travels in the query (`/reset?token=…`), which the request
//!   logs leave out.
//! - Asking never says whether the address has an account: the answer is the same, after the
//!   same queries but two inserts, and the e-mail leaves later through the outbox.
//! - Limits: per client address (the login limiter's quota), and per account at most
//!   [`MAX_LINKS_PER_HOUR`] links an hour (further asks are answered the same and send nothing),
//!   so nobody can flood someone's mailbox.
//! - Using a link: one conditional `UPDATE` marks it used, so the same link clicked three times
//!   at once changes the password once; the account's other links die with it, and every
//!   session of the account ends (`sessions.user_id`).

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use sha2::{Digest, Sha256};

use super::entities::{password_reset, user};
use super::mail::{self, Mail};
use super::session_store::DbSessionStore;
use super::{AppState, Error, internal, tx};
use crate::domain::user::{Email, Me, Password};
use crate::domain::{AppError, ErrorCode, Field};
use crate::i18n::*;

/// How long a link works.
pub const RESET_TTL_SECS: i64 = 3600;
/// Links one account may be sent in an hour.
pub const MAX_LINKS_PER_HOUR: u64 = 3;

/// A new token (64 hexadecimal characters).
pub(crate) fn new_token() -> String {
    rand::random::<[u8; 32]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The e-mail with the link, in `locale`.
pub fn reset_mail(locale: Locale, to: &str, link: &str, public_url: &str) -> Mail {
    let subject = td_string!(locale, reset_title).to_string();
    let intro = td_string!(locale, mail_reset_intro).to_string();
    let ignore = td_string!(locale, mail_reset_ignore).to_string();
    Mail {
        to: to.to_owned(),
        ..mail::with_footer(
            locale,
            public_url,
            subject.clone(),
            &intro,
            link,
            &subject,
            &ignore,
        )
    }
}

/// Sends a link to `email`'s account, if there is one (see the module's doc).
pub async fn request(
    state: &AppState,
    ip: std::net::IpAddr,
    email: &str,
    locale: Locale,
    now: i64,
) -> Result<(), Error> {
    use super::rate_limit::AuthAction;
    let email = Email::parse(email).map_err(|e| AppError::Validation(vec![e]))?;
    if !state.limiter.allow(AuthAction::PasswordReset, ip) {
        return Err(AppError::RateLimited.into());
    }
    let token = new_token();
    let hash = token_hash(&token);
    let link = format!(
        "{}/reset?token={token}",
        state.public_url.trim_end_matches('/')
    );
    let public_url = state.public_url;
    tx::write(&state.db, move |txn| {
        let (email, hash, link, public_url) =
            (email.clone(), hash.clone(), link.clone(), public_url);
        Box::pin(async move {
            let Some(account) = user::Entity::find()
                .filter(user::Column::Email.eq(email.as_str()))
                .one(txn)
                .await?
            else {
                return Ok(());
            };
            let recent = password_reset::Entity::find()
                .filter(password_reset::Column::UserId.eq(account.id))
                .filter(password_reset::Column::CreatedAt.gt(now - 3600))
                .count(txn)
                .await?;
            if recent >= MAX_LINKS_PER_HOUR {
                return Ok(());
            }
            password_reset::ActiveModel {
                user_id: Set(account.id),
                token_hash: Set(hash),
                created_at: Set(now),
                expires_at: Set(now + RESET_TTL_SECS),
                used_at: Set(None),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            mail::enqueue(
                txn,
                reset_mail(locale, &account.email, &link, public_url),
                now,
            )
            .await?;
            Ok(())
        })
    })
    .await
}

/// Sets a new password with the link's `token`; ends every session of the account. Returns
/// the account, which the caller signs in. A link that is unknown, used or expired:
/// [`AppError::NotFound`].
pub async fn reset(state: &AppState, token: &str, password: &str, now: i64) -> Result<Me, Error> {
    let hash = token_hash(token);
    let live = || {
        sea_orm::Condition::all()
            .add(password_reset::Column::TokenHash.eq(hash.clone()))
            .add(password_reset::Column::UsedAt.is_null())
            .add(password_reset::Column::ExpiresAt.gt(now))
    };
    let Some(link) = password_reset::Entity::find()
        .filter(live())
        .one(&state.db)
        .await?
    else {
        return Err(AppError::NotFound.into());
    };
    let account = user::Entity::find_by_id(link.user_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let password = Password::parse(password).map_err(|e| AppError::Validation(vec![e]))?;
    let inputs = [account.email.as_str(), account.display_name.as_str()];
    if (zxcvbn::zxcvbn(password.expose(), &inputs).score() as u8) < 3 {
        return Err(AppError::field(Field::Password, ErrorCode::WeakPassword).into());
    }
    let password_hash = super::auth::hash_password(&password).await?;
    let user_id = account.id;
    tx::write(&state.db, move |txn| {
        let (live, password_hash) = (live(), password_hash.clone());
        Box::pin(async move {
            let used = password_reset::Entity::update_many()
                .col_expr(password_reset::Column::UsedAt, Expr::value(now))
                .filter(live)
                .exec(txn)
                .await?
                .rows_affected;
            if used != 1 {
                // Used meanwhile (the same link clicked twice at once).
                return Err(AppError::NotFound.into());
            }
            user::Entity::update_many()
                .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
                .filter(user::Column::Id.eq(user_id))
                .exec(txn)
                .await?;
            password_reset::Entity::update_many()
                .col_expr(password_reset::Column::UsedAt, Expr::value(now))
                .filter(password_reset::Column::UserId.eq(user_id))
                .filter(password_reset::Column::UsedAt.is_null())
                .exec(txn)
                .await?;
            DbSessionStore::end_all_of(txn, user_id)
                .await
                .map_err(internal)?;
            Ok(())
        })
    })
    .await?;
    super::users::me(&state.db, user_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&format!(" {a}\n")));
        assert_ne!(token_hash(&a), token_hash(&b));
    }

    #[test]
    fn the_mail_speaks_the_language_and_escapes_the_link() {
        let link = "https://example.org/reset?token=ab&x=<y>";
        let mail = reset_mail(Locale::fa, "a@example.org", link, "https://example.org/");
        assert!(mail.text.contains(link));
        assert!(mail.html.contains("token=ab&amp;x=&lt;y&gt;"));
        assert!(mail.html.contains("dir=\"rtl\""));
        assert!(mail.subject.contains("رمز عبور"));
        assert!(mail.text.contains("https://example.org/profile"));
    }
}
