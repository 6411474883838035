//! An action a phone may send more than once lands once. A listing, a message or a sign-up
//! queued offline is sent when the connection returns, and sent again when its answer was lost
//! on the way; each carries a key the phone chose once for it. The first run's answer is kept
//! under the person and the key with a digest of what was asked ([`once`]), in the action's own
//! transaction: a retry with the same key and the same request gets that answer without doing
//! anything; the same key with another request is refused (`Conflict`). Two copies sent at once
//! are serialised by the unique key: on SQLite by the write lock, on PostgreSQL the loser's
//! insert fails on the key, its whole transaction is tried again (`tx::write`) and finds the
//! winner's answer. A refused action keeps nothing, so sending it again tries it again.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::Error;
use super::after::Done;
use super::entities::idempotency_key as keys;
use crate::domain::AppError;

/// How long a key is kept (`jobs` removes older ones): a phone offline longer than this sends an
/// action that then lands as new, which is what its person meant.
pub const KEEP_SECONDS: i64 = 7 * 86_400;

/// A key as the phone makes it (a UUID fits): 8 to 64 letters, digits, `-` or `_`.
pub fn parse_key(key: &str) -> Result<&str, AppError> {
    let fits = (8..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if fits {
        Ok(key)
    } else {
        Err(AppError::BadRequest)
    }
}

/// Runs `action` once per person and key (see the module's comment); without a key, runs it.
/// `request` is what was asked (the server function's arguments but the key).
pub async fn once<T, R>(
    conn: &impl ConnectionTrait,
    user: i64,
    key: Option<&str>,
    name: &str,
    request: &R,
    now: i64,
    action: impl Future<Output = Result<Done<T>, Error>>,
) -> Result<Done<T>, Error>
where
    T: Serialize + DeserializeOwned,
    R: Serialize,
{
    let Some(key) = key else {
        return action.await;
    };
    let key = parse_key(key)?;
    let asked = digest(name, request)?;
    let kept = keys::Entity::find()
        .filter(keys::Column::UserId.eq(user))
        .filter(keys::Column::Key.eq(key))
        .one(conn)
        .await?;
    if let Some(kept) = kept {
        if kept.action != name || kept.request != asked {
            return Err(AppError::Conflict.into());
        }
        let answer = serde_json::from_str(&kept.answer).map_err(|_| AppError::Internal)?;
        return Ok(Done::new(answer));
    }
    let done = action.await?;
    keys::ActiveModel {
        user_id: Set(user),
        key: Set(key.to_owned()),
        action: Set(name.to_owned()),
        request: Set(asked),
        answer: Set(serde_json::to_string(&done.value).map_err(|_| AppError::Internal)?),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(done)
}

/// Removes the keys older than [`KEEP_SECONDS`].
pub async fn forget_old(conn: &impl ConnectionTrait, now: i64) -> Result<u64, Error> {
    let gone = keys::Entity::delete_many()
        .filter(keys::Column::CreatedAt.lt(now - KEEP_SECONDS))
        .exec(conn)
        .await?;
    Ok(gone.rows_affected)
}

fn digest(name: &str, request: &impl Serialize) -> Result<String, AppError> {
    let body = serde_json::to_vec(request).map_err(|_| AppError::Internal)?;
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([0]);
    hasher.update(&body);
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_plain_words() {
        assert!(parse_key("0b5c3c1e-8f8e-4a3e-9a57-1c1f0c2d9e11").is_ok());
        assert!(parse_key("abc_DEF-12").is_ok());
        for bad in [
            "",
            "short",
            &"x".repeat(65),
            "has space1",
            "émoji-key-1",
            "a/b/c/d/e",
        ] {
            assert_eq!(parse_key(bad), Err(AppError::BadRequest), "{bad}");
        }
    }

    #[test]
    fn the_digest_tells_requests_and_actions_apart() {
        let a = digest("send_message", &(1, "hello")).expect("digest");
        assert_eq!(a, digest("send_message", &(1, "hello")).expect("digest"));
        assert_ne!(a, digest("send_message", &(1, "hello!")).expect("digest"));
        assert_ne!(a, digest("create_listing", &(1, "hello")).expect("digest"));
        assert_eq!(a.len(), 64);
    }
}
