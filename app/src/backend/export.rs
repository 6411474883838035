//! "Download my data": everything stored about a person, as one JSON document, with a short
//! description of its parts ([`README`]). Only the person's own rows, and of other people only
//! what the person could already see (the exchanges they share name the other's id; the
//! messages are the person's own; a review received keeps its author's public comment, not
//! the private reason they gave moderators). Nothing secret to the person either: no password
//! hash, no unsubscribe key, no session.
//!
//! Every part is read by a query on the person's id (subqueries, never one bound value per
//! row), in one snapshot, so the parts agree with each other.

use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Map, Value, json};

use super::entities::{
    alert, association_member, exchange, home_move, ledger_account, ledger_entry, ledger_transfer,
    listing, message, notification, review, signup, user, venue_answer,
};
use super::{Error, tx};
use crate::domain::AppError;

/// What each part of the document holds (times are Unix seconds, UTC; places are degrees).
pub const README: &[(&str, &str)] = &[
    (
        "profile",
        "Your account: e-mail, name, bio, languages, skills, your exact home (home_lat, home_lng: \
         only you ever see it; others see its area, home_cell), your accessibility needs, when \
         your address was confirmed, the language of your e-mails and the kinds you switched off.",
    ),
    (
        "listings",
        "Every listing you posted, open or not, with its exact place.",
    ),
    (
        "exchanges",
        "Every exchange you took part in: the listing, who proposed, its state, the price and \
         when each side confirmed.",
    ),
    ("messages", "The messages you wrote in those exchanges."),
    (
        "reviews_given",
        "The reviews you wrote, with the private reason you gave moderators, if any.",
    ),
    (
        "reviews_received",
        "The reviews written about you (their rating and public comment).",
    ),
    (
        "ledger",
        "Your account's movements: each entry (delta, balance after) with its transfer (reason, \
         amount, from and to accounts, cause).",
    ),
    (
        "signups",
        "Your sign-ups to events and missions, their status and the minutes recorded.",
    ),
    ("alerts", "Your saved searches, with the centre you chose."),
    (
        "notifications",
        "What the bell told you: matches and alerts.",
    ),
    (
        "associations",
        "The associations you belong to, and your role.",
    ),
    (
        "venue_answers",
        "Your answers about the accessibility of places.",
    ),
    ("home_moves", "When you moved your home."),
];

/// Columns of the person's row that are never exported (secrets, even to them).
const HIDDEN_USER_COLUMNS: &[&str] = &["password_hash", "mail_key"];

/// Everything stored about `user_id`, at `now`.
pub async fn of(db: &sea_orm::DatabaseConnection, user_id: i64, now: i64) -> Result<Value, Error> {
    tx::read(db, move |txn| {
        Box::pin(async move { collect(txn, user_id, now).await })
    })
    .await
}

/// Puts a coordinate back as stored: sea-orm's JSON rows read SQLite's `REAL` columns as 32-bit
/// floats (48.856611 comes out as 48.85660934448242, metres off), so places are taken from the
/// typed rows instead (same filter and order, in the same snapshot).
fn exact(row: &mut Value, column: &str, value: Option<f64>) {
    if let Value::Object(map) = row {
        map.insert(column.to_owned(), value.map_or(Value::Null, Value::from));
    }
}

async fn collect(conn: &impl ConnectionTrait, me: i64, now: i64) -> Result<Value, Error> {
    let mut profile = user::Entity::find_by_id(me)
        .into_json()
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Value::Object(map) = &mut profile {
        for column in HIDDEN_USER_COLUMNS {
            map.remove(*column);
        }
    }
    let me_row = user::Entity::find_by_id(me)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    exact(&mut profile, "home_lat", me_row.home_lat);
    exact(&mut profile, "home_lng", me_row.home_lng);
    let mut listings = listing::Entity::find()
        .filter(listing::Column::AuthorId.eq(me))
        .order_by_asc(listing::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let places = listing::Entity::find()
        .filter(listing::Column::AuthorId.eq(me))
        .order_by_asc(listing::Column::Id)
        .all(conn)
        .await?;
    for (row, place) in listings.iter_mut().zip(&places) {
        exact(row, "lat", Some(place.lat));
        exact(row, "lng", Some(place.lng));
    }
    let exchanges = exchange::Entity::find()
        .filter(
            Condition::any()
                .add(exchange::Column::AuthorId.eq(me))
                .add(exchange::Column::ProposerId.eq(me)),
        )
        .order_by_asc(exchange::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let messages = message::Entity::find()
        .filter(message::Column::AuthorId.eq(me))
        .order_by_asc(message::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let reviews_given = review::Entity::find()
        .filter(review::Column::AuthorId.eq(me))
        .order_by_asc(review::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let mut reviews_received = review::Entity::find()
        .filter(review::Column::SubjectId.eq(me))
        .order_by_asc(review::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    for row in &mut reviews_received {
        if let Value::Object(map) = row {
            map.remove("private_reason");
        }
    }
    let my_accounts = Query::select()
        .column(ledger_account::Column::Id)
        .from(ledger_account::Entity)
        .and_where(ledger_account::Column::UserId.eq(me))
        .to_owned();
    let entries = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::AccountId.in_subquery(my_accounts.clone()))
        .order_by_asc(ledger_entry::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let transfers = ledger_transfer::Entity::find()
        .filter(
            ledger_transfer::Column::Id.in_subquery(
                Query::select()
                    .column(ledger_entry::Column::TransferId)
                    .from(ledger_entry::Entity)
                    .and_where(ledger_entry::Column::AccountId.in_subquery(my_accounts))
                    .to_owned(),
            ),
        )
        .order_by_asc(ledger_transfer::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let signups = signup::Entity::find()
        .filter(signup::Column::UserId.eq(me))
        .order_by_asc(signup::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let mut alerts = alert::Entity::find()
        .filter(alert::Column::UserId.eq(me))
        .order_by_asc(alert::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let centres = alert::Entity::find()
        .filter(alert::Column::UserId.eq(me))
        .order_by_asc(alert::Column::Id)
        .all(conn)
        .await?;
    for (row, centre) in alerts.iter_mut().zip(&centres) {
        exact(row, "lat", Some(centre.lat));
        exact(row, "lng", Some(centre.lng));
    }
    let notifications = notification::Entity::find()
        .filter(notification::Column::UserId.eq(me))
        .order_by_asc(notification::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let associations = association_member::Entity::find()
        .filter(association_member::Column::UserId.eq(me))
        .into_json()
        .all(conn)
        .await?;
    let venue_answers = venue_answer::Entity::find()
        .filter(venue_answer::Column::UserId.eq(me))
        .order_by_asc(venue_answer::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let home_moves = home_move::Entity::find()
        .filter(home_move::Column::UserId.eq(me))
        .order_by_asc(home_move::Column::Id)
        .into_json()
        .all(conn)
        .await?;
    let readme: Map<String, Value> = README
        .iter()
        .map(|(part, about)| ((*part).to_owned(), Value::from(*about)))
        .collect();
    Ok(json!({
        "exported_at": now,
        "readme": readme,
        "profile": profile,
        "listings": listings,
        "exchanges": exchanges,
        "messages": messages,
        "reviews_given": reviews_given,
        "reviews_received": reviews_received,
        "ledger": { "entries": entries, "transfers": transfers },
        "signups": signups,
        "alerts": alerts,
        "notifications": notifications,
        "associations": associations,
        "venue_answers": venue_answers,
        "home_moves": home_moves,
    }))
}
