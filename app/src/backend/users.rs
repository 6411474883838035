//! Profiles: the owner's view and everybody else's.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QuerySelect,
};

use super::Error;
use super::entities::{home_move, user};
use crate::domain::AppError;
use crate::domain::error::{ErrorCode, Field};
use crate::domain::geo::{GeoPoint, PUBLIC_RESOLUTION, cell_center, cell_from_i64, cell_to_i64};
use crate::domain::user::{Languages, Me, ProfileUpdate, PublicProfile};
use crate::domain::vocab::DAY;

/// The exact home of a stored user, if set.
pub fn home_of(row: &user::Model) -> Option<GeoPoint> {
    match (row.home_lat, row.home_lng) {
        (Some(lat), Some(lng)) => Some(GeoPoint { lat, lng }),
        _ => None,
    }
}

/// The owner's view of their account.
pub fn to_me(row: user::Model) -> Me {
    Me {
        id: row.id,
        home: home_of(&row),
        email: row.email,
        display_name: row.display_name,
        bio: row.bio,
        languages: Languages::from_stored(&row.languages).codes().to_vec(),
        notify: crate::domain::vocab::Code::from_code(&row.notify).unwrap_or_default(),
        moderator: crate::domain::vocab::Code::from_code(&row.role)
            == Some(crate::domain::moderation::Role::Moderator),
        skills: skills_from_stored(&row.skills),
        email_verified: row.email_verified_at.is_some(),
    }
}

/// Skills as stored (comma-separated).
pub fn skills_from_stored(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What anybody else may see: the home only as its public cell's centre.
pub fn to_public(row: user::Model) -> PublicProfile {
    PublicProfile {
        id: row.id,
        area: row.home_cell.and_then(cell_from_i64).map(cell_center),
        display_name: row.display_name,
        bio: row.bio,
        languages: Languages::from_stored(&row.languages).codes().to_vec(),
        member_since: row.created_at,
    }
}

async fn find(db: &impl ConnectionTrait, id: i64) -> Result<user::Model, Error> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound.into())
}

/// The signed-in user's own account.
pub async fn me(db: &impl ConnectionTrait, id: i64) -> Result<Me, Error> {
    find(db, id).await.map(to_me)
}

/// Another user's public profile.
pub async fn public_profile(db: &impl ConnectionTrait, id: i64) -> Result<PublicProfile, Error> {
    find(db, id).await.map(to_public)
}

/// How many times a day a person's home may move: a second line of defence against anyone
/// who would move their home to measure distances to others (the first is that nobody sees a
/// distance from anything but public points, see `domain::geo`).
pub const MAX_HOME_MOVES_PER_DAY: u64 = 3;

/// Saves the owner's profile; a new home counts against [`MAX_HOME_MOVES_PER_DAY`]. Run it in
/// a write transaction: the person's row is locked while their moves are counted.
pub async fn update_profile(
    db: &impl ConnectionTrait,
    id: i64,
    update: ProfileUpdate,
    now: i64,
) -> Result<Me, Error> {
    let current = user::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if update.home.is_some() && update.home != home_of(&current) {
        let moves = home_move::Entity::find()
            .filter(home_move::Column::UserId.eq(id))
            .filter(home_move::Column::MovedAt.gt(now - DAY))
            .count(db)
            .await?;
        if moves >= MAX_HOME_MOVES_PER_DAY {
            return Err(AppError::field(
                Field::Home,
                ErrorCode::TooManyMoves {
                    per_day: MAX_HOME_MOVES_PER_DAY as u32,
                },
            )
            .into());
        }
        home_move::ActiveModel {
            user_id: Set(id),
            moved_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let mut row = current.into_active_model();
    row.display_name = Set(update.display_name.as_str().to_owned());
    row.bio = Set(update.bio.as_str().to_owned());
    row.languages = Set(update.languages.to_stored());
    row.skills = Set(update.skills.join(","));
    row.home_lat = Set(update.home.map(|p| p.lat));
    row.home_lng = Set(update.home.map(|p| p.lng));
    row.home_cell = Set(update
        .home
        .and_then(|p| p.cell(PUBLIC_RESOLUTION))
        .map(cell_to_i64));
    Ok(row.update(db).await.map(to_me)?)
}

/// The account with this e-mail address, if any (for the operator's commands).
pub async fn id_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<i64>, Error> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .into_tuple::<i64>()
        .one(db)
        .await?)
}

/// Stores the language `user` chose, in which their e-mails are written; writes only when it
/// changed.
pub async fn remember_locale(
    db: &impl ConnectionTrait,
    user: i64,
    locale: crate::i18n::Locale,
) -> Result<(), Error> {
    let code = leptos_i18n::Locale::as_str(locale);
    // Read first: an `UPDATE` that changes nothing still takes SQLite's write lock, and this
    // runs on every page.
    let stored: Option<String> = user::Entity::find_by_id(user)
        .select_only()
        .column(user::Column::Locale)
        .into_tuple()
        .one(db)
        .await?;
    if stored.is_none_or(|s| s == code) {
        return Ok(());
    }
    user::Entity::update_many()
        .col_expr(user::Column::Locale, sea_orm::sea_query::Expr::value(code))
        .filter(user::Column::Id.eq(user))
        .filter(user::Column::Locale.ne(code))
        .exec(db)
        .await?;
    Ok(())
}
