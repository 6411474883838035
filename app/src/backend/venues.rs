//! Venues and their accessibility answers. Anyone signed in adds a venue or answers its
//! questions; an answer is a new row, so a later answer replaces an earlier one on the page and
//! both stay in the history. Others confirm the current answers; moderators revert wrong ones
//! (the answer before it counts again).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::entities::{activity, venue, venue_answer, venue_confirmation};
use super::exchange_views::names;
use super::{Error, stored};
use crate::domain::AppError;
use crate::domain::accessibility::{
    Answer, Answers, Need, Question, fit_in, level_in, level_position, levels_code,
};
use crate::domain::activity::HeldAt;
use crate::domain::geo::{Bbox, GeoPoint};
use crate::domain::page::{Paged, window};
use crate::domain::venue::{
    GivenAnswer, VenueCard, VenueDraft, VenueKind, VenueView, answer_code, answer_from_code,
    is_stale,
};
use crate::domain::view::{Cluster, VENUE_PIN_LIMIT, VenuePin};
use crate::domain::vocab::Code;

/// Venues one person may add in 24 hours.
pub const MAX_VENUES_PER_DAY: u64 = 20;
/// Answers one person may give in 24 hours (a request of answers is let through while the
/// person is under it, so one request may go over by at most the number of questions).
pub const MAX_ANSWERS_PER_DAY: u64 = 400;
/// How many past answers a venue's page lists.
pub const HISTORY_SHOWN: usize = 100;

/// Adds a venue for `user` (at most [`MAX_VENUES_PER_DAY`]), with the answers they gave.
pub async fn create(
    conn: &impl ConnectionTrait,
    user: i64,
    draft: VenueDraft,
    answers: Vec<(Question, Option<Answer>)>,
    now: i64,
) -> Result<i64, Error> {
    super::limits::check_daily::<venue::Entity>(
        conn,
        user,
        venue::Column::CreatedBy,
        venue::Column::CreatedAt,
        MAX_VENUES_PER_DAY,
        now,
    )
    .await?;
    insert(conn, user, draft, answers, now).await
}

/// Adds a venue without the daily limit (the operator's import, `server import-venues`), unless
/// one with the same name stands at the same point: answers the new id, `None` for a duplicate.
pub async fn import(
    conn: &impl ConnectionTrait,
    user: i64,
    draft: VenueDraft,
    answers: Vec<(Question, Option<Answer>)>,
    now: i64,
) -> Result<Option<i64>, Error> {
    if twin(conn, &draft).await?.is_some() {
        return Ok(None);
    }
    insert(conn, user, draft, answers, now).await.map(Some)
}

/// The venue of that name at that point, added with `answers` if there is none (migration 16
/// turns the places of activities into venues with this).
pub async fn find_or_add(
    conn: &impl ConnectionTrait,
    user: i64,
    draft: VenueDraft,
    answers: Vec<(Question, Option<Answer>)>,
    now: i64,
) -> Result<i64, Error> {
    match twin(conn, &draft).await? {
        Some(id) => Ok(id),
        None => insert(conn, user, draft, answers, now).await,
    }
}

/// The venue of the draft's name at its point, if there is one.
async fn twin(conn: &impl ConnectionTrait, draft: &VenueDraft) -> Result<Option<i64>, Error> {
    Ok(venue::Entity::find()
        .select_only()
        .column(venue::Column::Id)
        .filter(venue::Column::Name.eq(draft.name.as_str()))
        .filter(venue::Column::Lat.eq(draft.location.lat))
        .filter(venue::Column::Lng.eq(draft.location.lng))
        .into_tuple::<i64>()
        .one(conn)
        .await?)
}

async fn insert(
    conn: &impl ConnectionTrait,
    user: i64,
    draft: VenueDraft,
    answers: Vec<(Question, Option<Answer>)>,
    now: i64,
) -> Result<i64, Error> {
    let row = venue::ActiveModel {
        name: Set(draft.name),
        kind: Set(draft.kind.code().to_owned()),
        address: Set(draft.address),
        lat: Set(draft.location.lat),
        lng: Set(draft.location.lng),
        website: Set(draft.website),
        hours: Set(draft.hours),
        created_by: Set(user),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    // On a new venue, "I don't know" is the absence of an answer.
    let known = answers.into_iter().filter(|(_, a)| a.is_some()).collect();
    insert_answers(conn, user, row.id, known, now).await?;
    refresh_levels(conn, row.id).await?;
    Ok(row.id)
}

/// Records `user`'s answers about a venue. Only answers that differ from the current ones are
/// kept, so sending the same form twice (a retry, a double tap) adds nothing. Answers how many
/// changed.
pub async fn answer(
    conn: &impl ConnectionTrait,
    user: i64,
    id: i64,
    answers: Vec<(Question, Option<Answer>)>,
    now: i64,
) -> Result<usize, Error> {
    // Locked until the end of the transaction (PostgreSQL; SQLite writes one at a time): two
    // people answering at once both count in the levels written after them.
    venue::Entity::find_by_id(id)
        .select_only()
        .column(venue::Column::Id)
        .lock_exclusive()
        .into_tuple::<i64>()
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    super::limits::check_daily::<venue_answer::Entity>(
        conn,
        user,
        venue_answer::Column::UserId,
        venue_answer::Column::CreatedAt,
        MAX_ANSWERS_PER_DAY,
        now,
    )
    .await?;
    let current = current_answers(conn, id).await?;
    let changed: Vec<_> = answers
        .into_iter()
        .filter(|(q, a)| {
            let now = current.iter().find(|r| r.question == *q).map(|r| r.answer);
            // Never answered and "I don't know": nothing to record.
            match now {
                Some(old) => old != *a,
                None => a.is_some(),
            }
        })
        .collect();
    let count = changed.len();
    insert_answers(conn, user, id, changed, now).await?;
    if count > 0 {
        venue::Entity::update_many()
            .col_expr(
                venue::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(venue::Column::Id.eq(id))
            .exec(conn)
            .await?;
        refresh_levels(conn, id).await?;
    }
    Ok(count)
}

/// Writes venue `id`'s levels for every need from its current answers.
async fn refresh_levels(conn: &impl ConnectionTrait, id: i64) -> Result<(), Error> {
    let current = answers_of(conn, id).await?;
    write_levels(conn, id, &current).await
}

/// Venue `id`'s current answers.
pub async fn answers_of(conn: &impl ConnectionTrait, id: i64) -> Result<Answers, Error> {
    let rows = answer_rows(conn, id).await?;
    let mut current = Answers::new();
    for (q, row) in current_rows(&rows) {
        current.set(q, answer_from_code(&row.answer));
    }
    Ok(current)
}

/// A manager of `association` says the venue is its premises. Claiming again changes nothing;
/// a venue another association claimed is a `Conflict` (a moderator or that association
/// releases it first). One conditional statement, so two associations claiming at once never
/// both succeed.
pub async fn claim(
    conn: &impl ConnectionTrait,
    user: i64,
    id: i64,
    association: i64,
) -> Result<(), Error> {
    use crate::domain::association::MemberRole;
    super::associations::require(conn, association, user, MemberRole::manages).await?;
    let done = venue::Entity::update_many()
        .col_expr(
            venue::Column::AssociationId,
            sea_orm::sea_query::Expr::value(Some(association)),
        )
        .filter(venue::Column::Id.eq(id))
        .filter(
            sea_orm::Condition::any()
                .add(venue::Column::AssociationId.is_null())
                .add(venue::Column::AssociationId.eq(association)),
        )
        .exec(conn)
        .await?;
    if done.rows_affected == 1 {
        return Ok(());
    }
    match venue::Entity::find_by_id(id).one(conn).await? {
        None => Err(AppError::NotFound.into()),
        Some(_) => Err(AppError::Conflict.into()),
    }
}

/// The association that claimed the venue (one of its managers) or a moderator says it is not
/// its premises. Releasing an unclaimed venue changes nothing.
pub async fn release(conn: &impl ConnectionTrait, user: i64, id: i64) -> Result<(), Error> {
    use crate::domain::association::MemberRole;
    let row = venue::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(association) = row.association_id else {
        return Ok(());
    };
    let moderator =
        super::moderation::role_of(conn, user).await? == crate::domain::moderation::Role::Moderator;
    if !moderator {
        super::associations::require(conn, association, user, MemberRole::manages).await?;
    }
    venue::Entity::update_many()
        .col_expr(
            venue::Column::AssociationId,
            sea_orm::sea_query::Expr::value(Option::<i64>::None),
        )
        .filter(venue::Column::Id.eq(id))
        .filter(venue::Column::AssociationId.eq(association))
        .exec(conn)
        .await?;
    Ok(())
}

/// A venue's name.
pub async fn name_of(conn: &impl ConnectionTrait, id: i64) -> Result<String, Error> {
    venue::Entity::find_by_id(id)
        .select_only()
        .column(venue::Column::Name)
        .into_tuple::<String>()
        .one(conn)
        .await?
        .ok_or_else(|| AppError::NotFound.into())
}

/// How far from a point [`near`] looks, in metres.
pub const NEAR_M: f64 = 300.0;
/// How many places [`near`] answers.
pub const NEAR_SHOWN: usize = 5;

/// The places within [`NEAR_M`] of `at`, nearest first (at most [`NEAR_SHOWN`]): id, name and
/// address. The form of an event offers them once its author has put a point on its map.
/// Places are public; `at` is the asker's own input.
pub async fn near(
    conn: &impl ConnectionTrait,
    at: GeoPoint,
) -> Result<Vec<(i64, String, String)>, Error> {
    let Some(bbox) = Bbox::around_km(at, NEAR_M / 1000.0) else {
        return Ok(Vec::new());
    };
    let rows: Vec<(i64, String, String, f64, f64)> = venue::Entity::find()
        .select_only()
        .columns([
            venue::Column::Id,
            venue::Column::Name,
            venue::Column::Address,
            venue::Column::Lat,
            venue::Column::Lng,
        ])
        .filter(venue::Column::Lat.between(bbox.south, bbox.north))
        .filter(venue::Column::Lng.between(bbox.west, bbox.east))
        .into_tuple()
        .all(conn)
        .await?;
    let mut found: Vec<(f64, (i64, String, String))> = rows
        .into_iter()
        .map(|(id, name, address, lat, lng)| {
            (at.distance_m(GeoPoint { lat, lng }), (id, name, address))
        })
        .filter(|(d, _)| *d <= NEAR_M)
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.0.cmp(&b.1.0)));
    Ok(found.into_iter().take(NEAR_SHOWN).map(|(_, v)| v).collect())
}

/// The venues activities are held at, by id (name and levels).
pub async fn held_at(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, HeldAt>, Error> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(venue::Entity::find()
        .select_only()
        .columns([
            venue::Column::Id,
            venue::Column::Name,
            venue::Column::Access,
        ])
        .filter(venue::Column::Id.is_in(ids))
        .into_tuple::<(i64, String, String)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(id, name, access)| (id, HeldAt { id, name, access }))
        .collect())
}

async fn write_levels(
    conn: &impl ConnectionTrait,
    id: i64,
    answers: &Answers,
) -> Result<(), Error> {
    venue::Entity::update_many()
        .col_expr(
            venue::Column::Access,
            sea_orm::sea_query::Expr::value(levels_code(answers)),
        )
        .filter(venue::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Writes every venue's levels again from its answers (the migration that added them; a
/// change to the rules of `domain::accessibility` needs a migration that calls this again).
///
/// Reads only the venues' ids: a migration calls it before later ones add columns, so it must
/// not read a whole row.
pub async fn refresh_all_levels(conn: &impl ConnectionTrait) -> Result<(), Error> {
    let ids: Vec<i64> = venue::Entity::find()
        .select_only()
        .column(venue::Column::Id)
        .order_by_asc(venue::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    for id in ids {
        refresh_levels(conn, id).await?;
    }
    Ok(())
}

/// How many venues a page of the list shows.
pub const VENUES_PER_PAGE: u64 = 20;

/// A page of venues, by name: only those that suit `needs` or might (a need's level unknown),
/// those that suit first; of `kind` if given.
pub async fn list(
    conn: &impl ConnectionTrait,
    needs: &[Need],
    kind: Option<VenueKind>,
    page: u32,
) -> Result<Paged<VenueCard>, Error> {
    use sea_orm::sea_query::Expr;
    let (offset, limit) = window(page, VENUES_PER_PAGE);
    let mut query = venue::Entity::find();
    // The positions are our own constants, never a person's input.
    let letter = |need: Need| format!("substr(access, {}, 1)", level_position(need));
    for need in needs {
        query = query.filter(Expr::cust(format!("{} <> 'N'", letter(*need))));
    }
    if let Some(kind) = kind {
        query = query.filter(venue::Column::Kind.eq(kind.code()));
    }
    if !needs.is_empty() {
        let unknown = needs
            .iter()
            .map(|n| format!("{} = 'U'", letter(*n)))
            .collect::<Vec<_>>()
            .join(" OR ");
        query = query.order_by_asc(Expr::cust(format!("CASE WHEN {unknown} THEN 1 ELSE 0 END")));
    }
    let rows = query
        .order_by_asc(venue::Column::Name)
        .order_by_asc(venue::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    let paged = Paged::from_rows(rows, page, VENUES_PER_PAGE);
    let items = paged
        .items
        .iter()
        .map(|v| {
            Ok(VenueCard {
                id: v.id,
                name: v.name.clone(),
                kind: stored(&v.kind)?,
                address: v.address.clone(),
                levels: Need::CHOICES
                    .iter()
                    .map(|n| (*n, level_in(&v.access, *n)))
                    .collect(),
                fit: fit_in(&v.access, needs),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(paged.with_items(items))
}

/// The places in `bbox` for the map: pins when there are at most [`VENUE_PIN_LIMIT`], else a
/// count per part of a 4 × 4 grid over the view (at the mean point of its places). With
/// `needs` (the reader's own), places known not to suit them are left out, and each pin says
/// how it suits them.
pub async fn in_view(
    conn: &impl ConnectionTrait,
    bbox: Bbox,
    needs: &[Need],
) -> Result<(Vec<VenuePin>, Vec<Cluster>), Error> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    // Few enough squares not to hide the listings' counts on a phone's map.
    const GRID: f64 = 4.0;
    let mut query = venue::Entity::find()
        .filter(venue::Column::Lat.between(bbox.south, bbox.north))
        .filter(venue::Column::Lng.between(bbox.west, bbox.east));
    for need in needs {
        // The positions are our own constants, never a person's input.
        query = query.filter(Expr::cust(format!(
            "substr(access, {}, 1) <> 'N'",
            level_position(*need)
        )));
    }
    // One more than the pins drawn tells whether there are too many, without counting them
    // all (in any order: when they fit, they are all read, then sorted).
    let mut rows: Vec<(i64, String, f64, f64, String)> = query
        .clone()
        .select_only()
        .columns([
            venue::Column::Id,
            venue::Column::Name,
            venue::Column::Lat,
            venue::Column::Lng,
            venue::Column::Access,
        ])
        .limit(VENUE_PIN_LIMIT + 1)
        .into_tuple()
        .all(conn)
        .await?;
    if rows.len() as u64 <= VENUE_PIN_LIMIT {
        rows.sort_unstable_by_key(|r| r.0);
        let pins = rows
            .into_iter()
            .map(|(id, name, lat, lng, access)| VenuePin {
                id,
                at: GeoPoint { lat, lng },
                name,
                fit: (!needs.is_empty()).then(|| fit_in(&access, needs)),
            })
            .collect();
        return Ok((pins, Vec::new()));
    }
    let (height, width) = (
        (bbox.north - bbox.south) / GRID,
        (bbox.east - bbox.west) / GRID,
    );
    // Built with sea-query's operators, so that each backend gets its own placeholders.
    // The part's number is the whole part of a non-negative quotient: SQLite's cast to an
    // integer cuts it, PostgreSQL's rounds it, so PostgreSQL floors first.
    let floors = conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let part = |column: venue::Column, start: f64, size: f64| {
        let quotient = Expr::col((venue::Entity, column)).sub(start).div(size);
        let whole: Expr = if floors {
            sea_orm::sea_query::Func::cust("FLOOR").arg(quotient).into()
        } else {
            quotient
        };
        sea_orm::sea_query::Func::cast_as(whole, sea_orm::sea_query::Alias::new("INTEGER"))
    };
    let row = part(venue::Column::Lat, bbox.south, height);
    let column = part(venue::Column::Lng, bbox.west, width);
    let areas: Vec<(f64, f64, i64)> = query
        .select_only()
        .column_as(Expr::cust("AVG(lat)"), "lat")
        .column_as(Expr::cust("AVG(lng)"), "lng")
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(row)
        .group_by(column)
        .into_tuple()
        .all(conn)
        .await?;
    Ok((
        Vec::new(),
        areas
            .into_iter()
            .map(|(lat, lng, n)| Cluster {
                center: GeoPoint { lat, lng },
                count: u64::try_from(n).unwrap_or(0),
            })
            .collect(),
    ))
}

async fn insert_answers(
    conn: &impl ConnectionTrait,
    user: i64,
    venue: i64,
    answers: Vec<(Question, Option<Answer>)>,
    now: i64,
) -> Result<(), Error> {
    let rows: Vec<_> = answers
        .into_iter()
        .map(|(q, a)| venue_answer::ActiveModel {
            venue_id: Set(venue),
            question: Set(q.code().to_owned()),
            answer: Set(answer_code(a)),
            user_id: Set(user),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        venue_answer::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

/// Every answer row of a venue, newest first.
async fn answer_rows(
    conn: &impl ConnectionTrait,
    venue: i64,
) -> Result<Vec<venue_answer::Model>, Error> {
    Ok(venue_answer::Entity::find()
        .filter(venue_answer::Column::VenueId.eq(venue))
        .order_by_desc(venue_answer::Column::Id)
        .all(conn)
        .await?)
}

/// What counts: per question, the newest answer no moderator reverted (`rows` newest first;
/// rows with an unknown question code are skipped), in question order.
fn current_rows<'a>(
    rows: impl IntoIterator<Item = &'a venue_answer::Model>,
) -> Vec<(Question, &'a venue_answer::Model)> {
    let mut out: Vec<(Question, &venue_answer::Model)> = Vec::new();
    for row in rows {
        let Some(question) = Question::from_code(&row.question) else {
            continue;
        };
        if row.reverted_by.is_none() && out.iter().all(|(q, _)| *q != question) {
            out.push((question, row));
        }
    }
    out.sort_by_key(|(q, _)| *q);
    out
}

/// The current answers of a venue.
async fn current_answers(
    conn: &impl ConnectionTrait,
    venue: i64,
) -> Result<Vec<GivenAnswer>, Error> {
    let rows = answer_rows(conn, venue).await?;
    Ok(current_rows(&rows)
        .into_iter()
        .map(|(q, row)| given(row.clone(), q, String::new(), 0))
        .collect())
}

fn given(row: venue_answer::Model, question: Question, by_name: String, now: i64) -> GivenAnswer {
    GivenAnswer {
        stale: is_stale(row.created_at, now),
        id: row.id,
        question,
        answer: answer_from_code(&row.answer),
        by_id: row.user_id,
        by_name,
        at: row.created_at,
        confirmations: 0,
        last_confirmed: None,
        reverted: row.reverted_by.is_some(),
    }
}

/// A venue's public page.
pub async fn view(
    conn: &impl ConnectionTrait,
    viewer: Option<i64>,
    id: i64,
    now: i64,
) -> Result<VenueView, Error> {
    let row = venue::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = answer_rows(conn, id).await?;
    let mut answers: Vec<GivenAnswer> = current_rows(&rows)
        .into_iter()
        .map(|(q, row)| given(row.clone(), q, String::new(), now))
        .collect();
    let history_rows: Vec<_> = rows.into_iter().take(HISTORY_SHOWN).collect();
    let who = names(
        conn,
        answers
            .iter()
            .map(|a| a.by_id)
            .chain(history_rows.iter().map(|r| r.user_id)),
    )
    .await?;
    let name_of = |id: i64| who.get(&id).cloned().unwrap_or_default();
    let confirmed = venue_confirmation::Entity::find()
        .filter(venue_confirmation::Column::AnswerId.is_in(answers.iter().map(|a| a.id)))
        .all(conn)
        .await?;
    for a in &mut answers {
        a.by_name = name_of(a.by_id);
        let mine = confirmed.iter().filter(|c| c.answer_id == a.id);
        a.confirmations = u32::try_from(mine.clone().count()).unwrap_or(u32::MAX);
        a.last_confirmed = mine.map(|c| c.created_at).max();
        // A confirmation renews an old answer.
        if let Some(last) = a.last_confirmed {
            a.stale = is_stale(last, now);
        }
    }
    let history = history_rows
        .into_iter()
        .filter_map(|r| {
            let q = Question::from_code(&r.question)?;
            let by = name_of(r.user_id);
            Some(given(r, q, by, now))
        })
        .collect();
    let premises_of = match row.association_id {
        Some(a) => super::entities::association::Entity::find_by_id(a)
            .one(conn)
            .await?
            .map(|owner| (owner.id, owner.name)),
        None => None,
    };
    let moderator = match viewer {
        Some(user) => {
            super::moderation::role_of(conn, user).await?
                == crate::domain::moderation::Role::Moderator
        }
        None => false,
    };
    let hosts: Vec<(i64, String)> = match viewer {
        Some(user) => super::associations::managed_by(conn, user)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect(),
        None => Vec::new(),
    };
    let can_release = premises_of
        .as_ref()
        .is_some_and(|(a, _)| moderator || hosts.iter().any(|(h, _)| h == a));
    Ok(VenueView {
        id: row.id,
        name: row.name,
        kind: stored(&row.kind)?,
        address: row.address,
        location: GeoPoint {
            lat: row.lat,
            lng: row.lng,
        },
        website: row.website,
        hours: row.hours,
        answers,
        history,
        can_answer: viewer.is_some(),
        hosts,
        premises_of,
        can_release,
        can_remove: moderator,
    })
}

/// "I was there, this is right": `user` confirms the current answer `id` (once; confirming again
/// changes nothing). Refused: one's own answer (`Forbidden`), an answer no longer current or
/// reverted (`Conflict`).
pub async fn confirm(
    conn: &impl ConnectionTrait,
    user: i64,
    id: i64,
    now: i64,
) -> Result<(), Error> {
    let row = venue_answer::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.user_id == user {
        return Err(AppError::Forbidden.into());
    }
    let Some(question) = Question::from_code(&row.question) else {
        return Err(AppError::NotFound.into());
    };
    let current = current_answers(conn, row.venue_id).await?;
    if !current.iter().any(|a| a.question == question && a.id == id) {
        return Err(AppError::Conflict.into());
    }
    venue_confirmation::Entity::insert_many([venue_confirmation::ActiveModel {
        answer_id: Set(id),
        user_id: Set(user),
        created_at: Set(now),
    }])
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            venue_confirmation::Column::AnswerId,
            venue_confirmation::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// A moderator reverts answer `id`: it stays in the history, marked, and the answer given before
/// it (if any) counts again. Reverting again changes nothing.
pub async fn revert(
    conn: &impl ConnectionTrait,
    moderator: i64,
    id: i64,
    now: i64,
) -> Result<(), Error> {
    let venue_id = venue_answer::Entity::find_by_id(id)
        .select_only()
        .column(venue_answer::Column::VenueId)
        .into_tuple::<i64>()
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    // As for an answer: the levels written last count every change.
    venue::Entity::find_by_id(venue_id)
        .select_only()
        .column(venue::Column::Id)
        .lock_exclusive()
        .into_tuple::<i64>()
        .one(conn)
        .await?;
    venue_answer::Entity::update_many()
        .col_expr(
            venue_answer::Column::RevertedBy,
            sea_orm::sea_query::Expr::value(moderator),
        )
        .col_expr(
            venue_answer::Column::RevertedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(venue_answer::Column::Id.eq(id))
        .filter(venue_answer::Column::RevertedBy.is_null())
        .exec(conn)
        .await?;
    refresh_levels(conn, venue_id).await
}

/// A moderator removes venue `id`, with its answers and their confirmations (a private home
/// entered as a place, a place that does not exist): it leaves the lists, its page and the open
/// data at once. Removing it again answers `NotFound`.
pub async fn remove(conn: &impl ConnectionTrait, id: i64) -> Result<(), Error> {
    // The answers and confirmations go with it (`ON DELETE CASCADE`); activities held there
    // keep their address and point, at no venue.
    activity::Entity::update_many()
        .col_expr(
            activity::Column::VenueId,
            sea_orm::sea_query::Expr::value(Option::<i64>::None),
        )
        .filter(activity::Column::VenueId.eq(id))
        .exec(conn)
        .await?;
    let gone = venue::Entity::delete_by_id(id).exec(conn).await?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

/// Every venue with its current answers, for the open data (oldest venue first).
pub async fn all_with_answers(
    conn: &impl ConnectionTrait,
) -> Result<Vec<(venue::Model, crate::domain::accessibility::Answers)>, Error> {
    let venues = venue::Entity::find()
        .order_by_asc(venue::Column::Id)
        .all(conn)
        .await?;
    let rows = venue_answer::Entity::find()
        .order_by_desc(venue_answer::Column::Id)
        .all(conn)
        .await?;
    let mut by_venue: std::collections::HashMap<i64, Vec<&venue_answer::Model>> =
        std::collections::HashMap::new();
    for row in &rows {
        by_venue.entry(row.venue_id).or_default().push(row);
    }
    let mut answers: std::collections::HashMap<i64, crate::domain::accessibility::Answers> =
        by_venue
            .into_iter()
            .map(|(venue, rows)| {
                let mut current = crate::domain::accessibility::Answers::new();
                for (q, row) in current_rows(rows) {
                    current.set(q, answer_from_code(&row.answer));
                }
                (venue, current)
            })
            .collect();
    Ok(venues
        .into_iter()
        .map(|v| {
            let a = answers.remove(&v.id).unwrap_or_default();
            (v, a)
        })
        .collect())
}
