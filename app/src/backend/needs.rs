//! A person's own accessibility needs ("wheelchair user", "deaf or hard of hearing"…), which
//! make "accessible to me" mean something. They are private: never shown to anyone, never in
//! another person's answer, never used to match people. Signed in, they are kept with the
//! account (`users.access_needs`); a visitor's choice is kept by their own browser for the
//! session (a cookie without an expiry date), read here for their own requests and never
//! stored on the server.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, sea_query::Expr};
use tower_sessions::cookie::Cookie;

use super::Error;
use super::entities::user;
use crate::domain::AppError;
use crate::domain::accessibility::Need;
use crate::domain::vocab::Code;
use sea_orm::{ColumnTrait, QueryFilter};

/// The visitor's cookie.
pub const COOKIE_NAME: &str = "entraide_needs";

/// Needs as stored (and in the cookie): their codes, `.`-separated, in the order of
/// [`Need::CHOICES`].
pub fn to_stored(needs: &[Need]) -> String {
    Need::CHOICES
        .iter()
        .filter(|n| needs.contains(n))
        .map(|n| n.code())
        .collect::<Vec<_>>()
        .join(".")
}

/// Needs read back; anything unknown is left out (a cookie is the browser's to change).
pub fn from_stored(stored: &str) -> Vec<Need> {
    let mut out: Vec<Need> = stored.split('.').filter_map(Need::from_code).collect();
    out.sort();
    out.dedup();
    out
}

/// The needs a browser's cookie holds.
pub fn from_headers(headers: &HeaderMap) -> Vec<Need> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .flatten()
        .find(|c| c.name() == COOKIE_NAME)
        .map(|c| from_stored(c.value()))
        .unwrap_or_default()
}

/// The `Set-Cookie` value that keeps a visitor's needs until the browser closes (or forgets
/// them, for none).
pub fn cookie(needs: &[Need]) -> String {
    if needs.is_empty() {
        format!("{COOKIE_NAME}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
    } else {
        format!(
            "{COOKIE_NAME}={}; Path=/; HttpOnly; SameSite=Lax",
            to_stored(needs)
        )
    }
}

/// A signed-in person's needs.
pub async fn of_user(conn: &impl ConnectionTrait, user: i64) -> Result<Vec<Need>, Error> {
    let stored: Option<String> = user::Entity::find_by_id(user)
        .select_only()
        .column(user::Column::AccessNeeds)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(from_stored(&stored.ok_or(AppError::NotFound)?))
}

/// Keeps a signed-in person's needs.
pub async fn set_for_user(
    conn: &impl ConnectionTrait,
    user: i64,
    needs: &[Need],
) -> Result<(), Error> {
    user::Entity::update_many()
        .col_expr(user::Column::AccessNeeds, Expr::value(to_stored(needs)))
        .filter(user::Column::Id.eq(user))
        .exec(conn)
        .await?;
    Ok(())
}

/// The needs of whoever sends the current request: their account's if signed in, else their
/// browser's cookie. Read from the request Leptos is answering.
pub async fn mine(conn: &impl ConnectionTrait, viewer: Option<i64>) -> Result<Vec<Need>, Error> {
    match viewer {
        Some(user) => of_user(conn, user).await,
        None => Ok(leptos::prelude::use_context::<axum::http::request::Parts>()
            .map(|parts| from_headers(&parts.headers))
            .unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_are_stored_in_one_order_and_unknown_codes_are_dropped() {
        assert_eq!(
            to_stored(&[Need::Hearing, Need::Wheelchair]),
            "wheelchair.hearing"
        );
        assert_eq!(
            from_stored("hearing.x.wheelchair.hearing"),
            vec![Need::Wheelchair, Need::Hearing]
        );
        assert!(from_stored("").is_empty());
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            "a=1; entraide_needs=visual.walking"
                .parse()
                .expect("header"),
        );
        assert_eq!(from_headers(&h), vec![Need::Walking, Need::Visual]);
    }
}
