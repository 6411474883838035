//! Accounts: creating them, checking passwords (argon2), and the session's user.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use tower_sessions::Session;

use super::entities::user;
use super::{Error, internal, now, tx, users};
use crate::domain::user::{Email, Me, NewAccount, Password};
use crate::domain::{AppError, ErrorCode, Field};

/// The session's user (the store copies it into `sessions.user_id`).
pub(crate) const USER_KEY: &str = "user_id";
/// When the session was opened by a login, to end it after [`SESSION_MAX_DAYS`] whatever use.
const LOGIN_AT_KEY: &str = "login_at";
/// When the session's expiry was last pushed back.
const RENEWED_AT_KEY: &str = "renewed_at";

/// A session ends this many days after it was idle (the cookie's and the store's expiry).
pub const SESSION_IDLE_DAYS: i64 = 14;
/// A session ends this many days after its login, however much it is used.
pub const SESSION_MAX_DAYS: i64 = 90;
/// A session in use is saved again (its expiry pushed back) at most this often, so that
/// reading pages does not write to the database at every request.
pub const SESSION_RENEW_SECS: i64 = 60 * 60;

/// Hashes a password with argon2id and a random salt, off the async threads.
pub async fn hash_password(password: &Password) -> Result<String, AppError> {
    let password = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(internal)?
    .map_err(internal)
}

/// Checks a password against a stored hash, off the async threads.
pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// Refuses passwords that are easy to guess (zxcvbn score below 3), taking the email and
/// name into account.
pub fn check_strength(account: &NewAccount) -> Result<(), AppError> {
    let inputs = [account.email.as_str(), account.display_name.as_str()];
    let score = zxcvbn::zxcvbn(account.password.expose(), &inputs).score();
    if (score as u8) < 3 {
        Err(AppError::field(Field::Password, ErrorCode::WeakPassword))
    } else {
        Ok(())
    }
}

/// Creates an account (the email must be free) whose pages and e-mail speak `locale`, and, in
/// the same transaction, the e-mail with the link that proves its address
/// ([`super::verification`]).
pub async fn sign_up(
    db: &DatabaseConnection,
    public_url: &str,
    account: NewAccount,
    locale: crate::i18n::Locale,
    now: i64,
) -> Result<Me, Error> {
    check_strength(&account)?;
    let taken = AppError::field(Field::Email, ErrorCode::EmailTaken);
    if find_by_email(db, &account.email).await?.is_some() {
        return Err(taken.into());
    }
    let password_hash = hash_password(&account.password).await?;
    let public_url = public_url.to_owned();
    tx::write(db, move |txn| {
        let (account, password_hash, public_url, taken) = (
            account.clone(),
            password_hash.clone(),
            public_url.clone(),
            taken.clone(),
        );
        Box::pin(async move {
            let row = user::ActiveModel {
                email: Set(account.email.as_str().to_owned()),
                display_name: Set(account.display_name.as_str().to_owned()),
                password_hash: Set(password_hash),
                bio: Set(String::new()),
                languages: Set(String::new()),
                home_lat: Set(None),
                home_lng: Set(None),
                home_cell: Set(None),
                created_at: Set(now),
                email_verified_at: Set(None),
                locale: Set(leptos_i18n::Locale::as_str(locale).to_owned()),
                ..Default::default()
            }
            .insert(txn)
            .await
            .map_err(|e| match e.sql_err() {
                // Two sign-ups racing for one address: the second loses here.
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Error::from(taken),
                _ => Error::from(e),
            })?;
            super::verification::send_link(txn, &public_url, &row, now).await?;
            Ok(users::to_me(row))
        })
    })
    .await
}

async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<user::Model>, AppError> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await
        .map_err(internal)
}

/// The account behind an email and password. Wrong email and wrong password give the same
/// answer after the same work, so the answer reveals nothing about who has an account.
pub async fn check_credentials(
    db: &impl ConnectionTrait,
    email: &str,
    password: &str,
) -> Result<Me, AppError> {
    let row = match Email::parse(email) {
        Ok(email) => find_by_email(db, &email).await?,
        Err(_) => None,
    };
    let hash = row
        .as_ref()
        .map_or_else(dummy_hash, |r| r.password_hash.clone());
    let ok = verify_password(password.to_owned(), hash).await;
    match row {
        Some(row) if ok => Ok(users::to_me(row)),
        _ => Err(AppError::Unauthorized),
    }
}

fn dummy_hash() -> String {
    // A valid argon2id hash of a random string, so a missing account costs the same time.
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$JK2iQDL4Gu+o0O8Gpyl7NW1ZXYCgn+tt0cdn0QrGkKE"
        .to_owned()
}

/// A login attempt from `ip`: refused while that address, or the account, has used up its
/// attempts (see [`super::rate_limit`]); a wrong password counts against the account.
pub async fn attempt_login(
    state: &super::AppState,
    ip: std::net::IpAddr,
    email: &str,
    password: &str,
    now: i64,
) -> Result<Me, AppError> {
    use super::rate_limit::AuthAction;
    if !state.limiter.allow(AuthAction::Login, ip) || !state.limiter.account_open(email, now) {
        return Err(AppError::RateLimited);
    }
    match check_credentials(&state.db, email, password).await {
        Ok(me) => {
            state.limiter.succeeded(email);
            Ok(me)
        }
        Err(e) => {
            if e == AppError::Unauthorized {
                state.limiter.failed(email, now);
            }
            Err(e)
        }
    }
}

/// Marks the session as this user's, with a new session id (no fixation).
pub async fn log_in(session: &Session, user_id: i64) -> Result<(), AppError> {
    session.cycle_id().await.map_err(internal)?;
    session.insert(USER_KEY, user_id).await.map_err(internal)?;
    session
        .insert(LOGIN_AT_KEY, now())
        .await
        .map_err(internal)?;
    session
        .insert(RENEWED_AT_KEY, now())
        .await
        .map_err(internal)
}

/// Ends the session.
pub async fn log_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(internal)
}

/// The id of the user this session belongs to, if any. Using a session keeps it alive: its
/// expiry (idle for [`SESSION_IDLE_DAYS`]) is pushed back when it was last renewed more than
/// [`SESSION_RENEW_SECS`] ago; past [`SESSION_MAX_DAYS`] after its login it ends on the server.
pub async fn session_user(session: &Session) -> Option<i64> {
    let user = session.get::<i64>(USER_KEY).await.ok().flatten()?;
    let now = now();
    let get = |key: &'static str| async move { session.get::<i64>(key).await.ok().flatten() };
    let login_at = match get(LOGIN_AT_KEY).await {
        Some(at) => at,
        None => {
            // A session from before logins were dated: its lifetime starts now.
            let _ = session.insert(LOGIN_AT_KEY, now).await;
            now
        }
    };
    if now - login_at >= SESSION_MAX_DAYS * crate::domain::vocab::DAY {
        let _ = session.flush().await;
        return None;
    }
    if get(RENEWED_AT_KEY)
        .await
        .is_none_or(|at| now - at >= SESSION_RENEW_SECS)
    {
        // Modifying the session saves it with a new expiry, and sends the cookie again.
        let _ = session.insert(RENEWED_AT_KEY, now).await;
    }
    Some(user)
}

/// Opens an account for someone who signed up from `ip`, in `locale`: refused when that
/// address signs up too often. The welcome grant waits for the address to be proven
/// ([`super::verification::confirm`]). The caller signs the new account in.
pub async fn register(
    state: &super::AppState,
    ip: std::net::IpAddr,
    account: NewAccount,
    locale: crate::i18n::Locale,
) -> Result<Me, Error> {
    if !state
        .limiter
        .allow(super::rate_limit::AuthAction::Signup, ip)
    {
        return Err(AppError::RateLimited.into());
    }
    sign_up(&state.db, state.public_url, account, locale, now()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::SignupForm;

    fn account(password: &str) -> NewAccount {
        SignupForm {
            email: "amina@example.org".into(),
            display_name: "Amina".into(),
            password: password.into(),
        }
        .parse()
        .expect("valid form")
    }

    #[test]
    fn weak_passwords_are_refused() {
        for weak in [
            "password123",
            "aaaaaaaaaaaa",
            "amina@example.org",
            "azertyuiop",
        ] {
            assert_eq!(
                check_strength(&account(weak)),
                Err(AppError::field(Field::Password, ErrorCode::WeakPassword)),
                "{weak}"
            );
        }
        assert_eq!(check_strength(&account("lantern-orbit-cobalt-42")), Ok(()));
    }

    #[tokio::test]
    async fn hashes_verify_and_are_salted() {
        let pw = Password::parse("lantern-orbit-cobalt-42").expect("ok");
        let a = hash_password(&pw).await.expect("hash");
        let b = hash_password(&pw).await.expect("hash");
        assert_ne!(a, b);
        assert!(verify_password("lantern-orbit-cobalt-42".into(), a.clone()).await);
        assert!(!verify_password("lantern-orbit-cobalt-43".into(), a).await);
        assert!(!verify_password("x".into(), dummy_hash()).await);
        assert!(!verify_password("x".into(), "not a hash".into()).await);
    }
}
