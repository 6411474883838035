//! The matcher: finds a listing's counterparts through H3 grid disks, scores them with
//! [`crate::domain::matching::score`], stores both sides of each pair, and notifies.
//!
//! It runs right after a listing is saved (in its own transaction, so a failure never loses the
//! listing) and from a sweep that picks up any listing whose `matched_at` is empty: new, edited,
//! or left unmatched by a crash. Two matchers racing on a pair meet on the pair's unique key and
//! on each notification's `dedupe` key, so a pair is stored once and notified once.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, Order, QueryFilter, QueryOrder, QuerySelect,
};

use super::Error;
use super::entities::{listing, match_row, notification, user};
use super::inbox::notify;
use super::{internal, stored, tx};
use crate::domain::geo::GeoPoint;
use crate::domain::listing::{ListingKind, ListingStatus, Nature};
use crate::domain::matching::{
    MAX_NEARBY_CANDIDATES, MAX_REMOTE_CANDIDATES, MAX_STORED_MATCHES, Scored, Side,
    matching_categories, score, search_disk,
};
use crate::domain::notify::{MatchState, NotifyPreference};
use crate::domain::user::Languages;
use crate::domain::vocab::Code;

/// A counterpart found for a listing: its side, how it scores for the listing's author (`mine`)
/// and how the listing scores for the counterpart's author (`theirs`).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub side: Side,
    pub mine: Scored,
    pub theirs: Scored,
    notify: NotifyPreference,
}

/// The columns the matcher reads: everything but the description.
#[derive(Debug, Clone, FromQueryResult)]
struct Row {
    id: i64,
    author_id: i64,
    kind: String,
    nature: String,
    category: String,
    title: String,
    remote: bool,
    lat: f64,
    lng: f64,
    match_radius_m: i64,
    created_at: i64,
}

const ROW_COLUMNS: [listing::Column; 11] = [
    listing::Column::Id,
    listing::Column::AuthorId,
    listing::Column::Kind,
    listing::Column::Nature,
    listing::Column::Category,
    listing::Column::Title,
    listing::Column::Remote,
    listing::Column::Lat,
    listing::Column::Lng,
    listing::Column::MatchRadiusM,
    listing::Column::CreatedAt,
];

impl From<&listing::Model> for Row {
    fn from(m: &listing::Model) -> Self {
        Self {
            id: m.id,
            author_id: m.author_id,
            kind: m.kind.clone(),
            nature: m.nature.clone(),
            category: m.category.clone(),
            title: m.title.clone(),
            remote: m.remote,
            lat: m.lat,
            lng: m.lng,
            match_radius_m: m.match_radius_m,
            created_at: m.created_at,
        }
    }
}

fn side(row: &Row, languages: &str) -> Result<Side, Error> {
    Ok(Side {
        listing_id: row.id,
        author_id: row.author_id,
        kind: stored(&row.kind)?,
        nature: stored(&row.nature)?,
        category: stored(&row.category)?,
        title: row.title.clone(),
        remote: row.remote,
        // Matching is between two people: public points on both sides (see `domain::geo`), so
        // whether, how well and in what order two listings match never depends on where an
        // exact point lies inside its public cell.
        location: GeoPoint {
            lat: row.lat,
            lng: row.lng,
        }
        .public(),
        radius_m: row.match_radius_m,
        created_at: row.created_at,
        languages: Languages::from_stored(languages).codes().to_vec(),
    })
}

fn open_condition(now: i64) -> Condition {
    Condition::all()
        .add(listing::Column::Status.eq(ListingStatus::Open.code()))
        .add(listing::Column::ExpiresAt.gt(now))
}

/// Latitude (and, away from the poles and the antimeridian, longitude) bounds of the square
/// around `at` that holds the circle of `radius_m`: the grid disk overshoots the circle, and rows
/// outside the square need not be read, scored or counted against the cap.
///
/// Rows hold exact points but only public points may decide (see `domain::geo`): the query
/// reads a square widened by [`PUBLIC_SLACK_M`] (further than any exact point lies from its
/// public point), and [`SquareBox::holds`] then keeps the rows whose public point is in the
/// square itself, before anything is counted.
#[derive(Debug, Clone, Copy)]
struct SquareBox {
    lat: (f64, f64),
    lng: Option<(f64, f64)>,
}

/// More than the distance from any point to the centre of its resolution-8 cell (under 1 km).
const PUBLIC_SLACK_M: f64 = 1_500.0;

impl SquareBox {
    fn around(at: GeoPoint, radius_m: f64) -> Self {
        const M_PER_DEGREE: f64 = 111_320.0;
        let dlat = (radius_m.max(0.0) / M_PER_DEGREE) * 1.01;
        let cos = (at.lat.abs() + dlat).min(90.0).to_radians().cos();
        let lng = (cos > 0.05)
            .then(|| dlat / cos)
            .filter(|dlng| at.lng - dlng > -180.0 && at.lng + dlng < 180.0)
            .map(|dlng| (at.lng - dlng, at.lng + dlng));
        Self {
            lat: (at.lat - dlat, at.lat + dlat),
            lng,
        }
    }

    fn condition(self) -> Condition {
        let mut cond = Condition::all().add(listing::Column::Lat.between(self.lat.0, self.lat.1));
        if let Some((west, east)) = self.lng {
            cond = cond.add(listing::Column::Lng.between(west, east));
        }
        cond
    }

    fn holds(self, p: GeoPoint) -> bool {
        (self.lat.0..=self.lat.1).contains(&p.lat)
            && self.lng.is_none_or(|(w, e)| (w..=e).contains(&p.lng))
    }
}

/// The ranked counterparts of `me`, best first (at most [`MAX_STORED_MATCHES`]). Reads only the
/// listings in the grid disk around `me`, ring batch by ring batch from the centre until
/// [`MAX_NEARBY_CANDIDATES`] are seen (and, for a remote service, the newest remote ones).
pub async fn candidates(
    db: &impl ConnectionTrait,
    me: &Side,
    now: i64,
) -> Result<Vec<Candidate>, Error> {
    let wanted = match me.kind {
        ListingKind::Offer => ListingKind::Request,
        ListingKind::Request => ListingKind::Offer,
    };
    let categories: Vec<&str> = matching_categories(me.category)
        .into_iter()
        .map(Code::code)
        .collect();
    let base = open_condition(now)
        .add(listing::Column::Kind.eq(wanted.code()))
        .add(listing::Column::Category.is_in(categories))
        .add(listing::Column::AuthorId.ne(me.author_id));

    let disk = search_disk(me.location, me.radius_m);
    let square = SquareBox::around(me.location, me.radius_m as f64);
    let near = SquareBox::around(me.location, me.radius_m as f64 + PUBLIC_SLACK_M).condition();
    let cell_col = match disk.resolution {
        h3o::Resolution::Eight => listing::Column::CellR8,
        h3o::Resolution::Six => listing::Column::CellR6,
        _ => listing::Column::CellR4,
    };
    // Nearest cells first; stop once enough counterparts have been seen.
    let mut rows: Vec<Row> = Vec::new();
    for batch in disk.batches {
        if rows.len() >= MAX_NEARBY_CANDIDATES {
            break;
        }
        rows.extend(
            listing::Entity::find()
                .select_only()
                .columns(ROW_COLUMNS)
                .filter(base.clone().add(near.clone()).add(cell_col.is_in(batch)))
                .into_model::<Row>()
                .all(db)
                .await?
                .into_iter()
                .filter(|r| {
                    square.holds(
                        GeoPoint {
                            lat: r.lat,
                            lng: r.lng,
                        }
                        .public(),
                    )
                }),
        );
    }
    if me.remote && me.nature == Nature::Service {
        let seen: HashSet<i64> = rows.iter().map(|r| r.id).collect();
        let remote = listing::Entity::find()
            .select_only()
            .columns(ROW_COLUMNS)
            .filter(
                base.add(listing::Column::Remote.eq(true))
                    .add(listing::Column::Nature.eq(Nature::Service.code())),
            )
            .order_by(listing::Column::CreatedAt, Order::Desc)
            .limit(MAX_REMOTE_CANDIDATES)
            .into_model::<Row>()
            .all(db)
            .await?;
        rows.extend(remote.into_iter().filter(|r| !seen.contains(&r.id)));
    }
    if rows.is_empty() {
        return Ok(Vec::new());
    }

    let authors: HashSet<i64> = rows.iter().map(|r| r.author_id).collect();
    let profiles: HashMap<i64, (String, String)> = user::Entity::find()
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::Languages,
            user::Column::Notify,
        ])
        .filter(user::Column::Id.is_in(authors.iter().copied()))
        .into_tuple::<(i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, langs, notify)| (id, (langs, notify)))
        .collect();

    let mut out = Vec::new();
    for row in &rows {
        let (langs, notify) = profiles
            .get(&row.author_id)
            .map_or(("", "best"), |(l, n)| (l.as_str(), n.as_str()));
        let other = side(row, langs)?;
        if let (Some(mine), Some(theirs)) = (score(me, &other, now), score(&other, me, now)) {
            out.push(Candidate {
                side: other,
                mine,
                theirs,
                notify: NotifyPreference::from_code(notify).unwrap_or_default(),
            });
        }
    }
    // Best first by the score shown, nothing hidden (private reports never reorder matches:
    // an order that disagreed with the scores would tell people who was reported).
    out.sort_by(|a, b| {
        b.mine
            .points
            .cmp(&a.mine.points)
            .then(b.side.created_at.cmp(&a.side.created_at))
            .then(b.side.listing_id.cmp(&a.side.listing_id))
    });
    out.truncate(MAX_STORED_MATCHES);
    Ok(out)
}

/// The same answer as [`candidates`] found the naive way: every open listing of the wanted kind
/// and categories is read and measured. Only the benchmark uses it, as the baseline.
pub async fn candidates_by_scan(
    db: &impl ConnectionTrait,
    me: &Side,
    now: i64,
) -> Result<Vec<Candidate>, Error> {
    let rows = listing::Entity::find()
        .select_only()
        .columns(ROW_COLUMNS)
        .filter(open_condition(now))
        .into_model::<Row>()
        .all(db)
        .await?;
    let mut out = Vec::new();
    for row in &rows {
        let other = side(row, "")?;
        if let (Some(mine), Some(theirs)) = (score(me, &other, now), score(&other, me, now)) {
            out.push(Candidate {
                side: other,
                mine,
                theirs,
                notify: NotifyPreference::default(),
            });
        }
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.mine.points));
    out.truncate(MAX_STORED_MATCHES);
    Ok(out)
}

fn factors_json(s: &Scored) -> Result<String, Error> {
    Ok(serde_json::to_string(&s.factors).map_err(internal)?)
}

/// Which pairs of a listing [`both_ways`] selects.
#[derive(Clone, Copy)]
enum Pairs<'a> {
    /// Its pairs with these listings.
    With(&'a [i64]),
    /// Its pairs with any listing but these (all of them when the list is empty).
    AllBut(&'a [i64]),
}

/// The match rows of `listing_id`'s pairs, on both sides: its own rows and its counterparts'
/// rows that point back to it.
fn both_ways(listing_id: i64, pairs: Pairs<'_>) -> Condition {
    let side = |own: match_row::Column, other: match_row::Column| {
        let rows = Condition::all().add(own.eq(listing_id));
        match pairs {
            Pairs::With(ids) => rows.add(other.is_in(ids.iter().copied())),
            Pairs::AllBut([]) => rows,
            Pairs::AllBut(ids) => rows.add(other.is_not_in(ids.iter().copied())),
        }
    };
    Condition::any()
        .add(side(
            match_row::Column::ListingId,
            match_row::Column::CounterpartId,
        ))
        .add(side(
            match_row::Column::CounterpartId,
            match_row::Column::ListingId,
        ))
}

/// Removes the live (not dismissed) matches of a listing, both ways, and the notifications that
/// point to it. Used when it is withdrawn or closes.
pub async fn forget(db: &impl ConnectionTrait, listing_id: i64) -> Result<(), Error> {
    match_row::Entity::delete_many()
        .filter(both_ways(listing_id, Pairs::AllBut(&[])))
        .filter(match_row::Column::State.ne(MatchState::Dismissed.code()))
        .exec(db)
        .await?;
    notification::Entity::delete_many()
        .filter(notification::Column::ListingId.eq(listing_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Matches one listing inside `db` (a transaction). Returns the users who got a notification.
pub async fn match_listing(
    db: &impl ConnectionTrait,
    listing_id: i64,
    now: i64,
    notify_best: usize,
) -> Result<Vec<i64>, Error> {
    let Some(row) = listing::Entity::find_by_id(listing_id).one(db).await? else {
        return Ok(Vec::new());
    };
    let mut pinged = Vec::new();
    if row.status == ListingStatus::Open.code() && row.expires_at > now {
        let author = user::Entity::find_by_id(row.author_id)
            .one(db)
            .await?
            .ok_or_else(|| internal(format!("listing {listing_id} has no author")))?;
        let me = side(&Row::from(&row), &author.languages)?;
        let found = candidates(db, &me, now).await?;
        let my_pref = NotifyPreference::from_code(&author.notify).unwrap_or_default();
        pinged = store(db, &me, my_pref, &found, now, notify_best).await?;
        pinged.extend(super::alerts::fire(db, &row, now).await?);
    } else {
        forget(db, listing_id).await?;
    }
    listing::Entity::update_many()
        .col_expr(listing::Column::MatchedAt, Expr::value(now))
        .filter(listing::Column::Id.eq(listing_id))
        .exec(db)
        .await?;
    pinged.sort_unstable();
    pinged.dedup();
    Ok(pinged)
}

async fn store(
    db: &impl ConnectionTrait,
    me: &Side,
    my_pref: NotifyPreference,
    found: &[Candidate],
    now: i64,
    notify_best: usize,
) -> Result<Vec<i64>, Error> {
    let keep: Vec<i64> = found.iter().map(|c| c.side.listing_id).collect();
    // Pairs that no longer match (after an edit) go, unless dismissed: dismissal is remembered.
    match_row::Entity::delete_many()
        .filter(both_ways(me.listing_id, Pairs::AllBut(&keep)))
        .filter(match_row::Column::State.ne(MatchState::Dismissed.code()))
        .exec(db)
        .await?;
    if found.is_empty() {
        return Ok(Vec::new());
    }

    let mut rows = Vec::with_capacity(found.len() * 2);
    for c in found {
        for (listing_id, counterpart_id, owner_id, scored) in [
            (me.listing_id, c.side.listing_id, me.author_id, &c.mine),
            (
                c.side.listing_id,
                me.listing_id,
                c.side.author_id,
                &c.theirs,
            ),
        ] {
            rows.push(match_row::ActiveModel {
                listing_id: Set(listing_id),
                counterpart_id: Set(counterpart_id),
                owner_id: Set(owner_id),
                points: Set(scored.points as i32),
                factors: Set(factors_json(scored)?),
                state: Set(MatchState::New.code().to_owned()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    // Scores are refreshed; the state (new, seen, dismissed, acted) of a known pair is kept.
    match_row::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                match_row::Column::ListingId,
                match_row::Column::CounterpartId,
            ])
            .update_columns([
                match_row::Column::Points,
                match_row::Column::Factors,
                match_row::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;

    let stored = match_row::Entity::find()
        .filter(both_ways(me.listing_id, Pairs::With(&keep)))
        .all(db)
        .await?;
    let live = |r: &&match_row::Model| r.state != MatchState::Dismissed.code();
    let mine: HashMap<i64, &match_row::Model> = stored
        .iter()
        .filter(|r| r.listing_id == me.listing_id)
        .filter(live)
        .map(|r| (r.counterpart_id, r))
        .collect();
    let theirs: HashMap<i64, &match_row::Model> = stored
        .iter()
        .filter(|r| r.counterpart_id == me.listing_id)
        .filter(live)
        .map(|r| (r.listing_id, r))
        .collect();

    let mut pinged = Vec::new();
    // My side: `found` is ranked, so the best few are the first few still live.
    let my_quota = match my_pref {
        NotifyPreference::All => usize::MAX,
        NotifyPreference::Best => notify_best,
        NotifyPreference::None => 0,
    };
    for c in found
        .iter()
        .filter(|c| mine.contains_key(&c.side.listing_id))
        .take(my_quota)
    {
        if let Some(r) = mine.get(&c.side.listing_id)
            && notify(db, match_notification(r, now)).await?
        {
            pinged.push(me.author_id);
        }
    }
    // Their side: told when this pair ranks among the best of their listing, or always. The
    // live scores of those listings are read in one query to rank the new pair among them.
    let ranked: Vec<i64> = found
        .iter()
        .filter(|c| c.notify == NotifyPreference::Best && theirs.contains_key(&c.side.listing_id))
        .map(|c| c.side.listing_id)
        .collect();
    let mut scores: HashMap<i64, Vec<i32>> = HashMap::new();
    if !ranked.is_empty() {
        let rows: Vec<(i64, i32)> = match_row::Entity::find()
            .select_only()
            .columns([match_row::Column::ListingId, match_row::Column::Points])
            .filter(match_row::Column::ListingId.is_in(ranked))
            .filter(match_row::Column::State.ne(MatchState::Dismissed.code()))
            .into_tuple()
            .all(db)
            .await?;
        for (listing_id, points) in rows {
            scores.entry(listing_id).or_default().push(points);
        }
    }
    for c in found {
        let Some(r) = theirs.get(&c.side.listing_id) else {
            continue;
        };
        let wanted = match c.notify {
            NotifyPreference::All => true,
            NotifyPreference::None => false,
            NotifyPreference::Best => {
                let better = scores
                    .get(&r.listing_id)
                    .map_or(0, |all| all.iter().filter(|p| **p > r.points).count());
                better < notify_best
            }
        };
        if wanted && notify(db, match_notification(r, now)).await? {
            pinged.push(r.owner_id);
        }
    }
    Ok(pinged)
}

fn match_notification(r: &match_row::Model, now: i64) -> notification::ActiveModel {
    notification::ActiveModel {
        user_id: Set(r.owner_id),
        match_id: Set(Some(r.id)),
        alert_id: Set(None),
        listing_id: Set(r.counterpart_id),
        dedupe: Set(format!("m:{}", r.id)),
        read_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
}

/// Runs the matcher for a listing just saved and wakes the bells of those notified. A failure
/// is logged and left to the sweep: the listing itself is already saved.
pub async fn after_save(state: &super::AppState, listing_id: i64) {
    match run(&state.db, listing_id, super::now(), state.notify_best).await {
        Ok(users) => state.notifier.ping(users),
        Err(e) => tracing::warn!(listing_id, error = %e, "matching deferred to the sweep"),
    }
}

/// Key of the PostgreSQL advisory lock that makes matcher runs take turns.
const MATCHING_LOCK: i64 = 0x006d_6174_6368;

/// Matches one listing in its own write transaction.
///
/// Runs take turns, as SQLite's single writer already makes them: on PostgreSQL a transaction
/// advisory lock. Without it, two listings saved at once could each read the candidates before
/// the other's matcher committed, and the later one's clean-up of pairs that no longer match
/// would delete the pair the other had just stored.
pub async fn run(
    conn: &DatabaseConnection,
    listing_id: i64,
    now: i64,
    notify_best: usize,
) -> Result<Vec<i64>, Error> {
    let pinged = tx::write(conn, |txn| {
        Box::pin(async move {
            if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
                txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MATCHING_LOCK})"))
                    .await?;
            }
            match_listing(txn, listing_id, now, notify_best).await
        })
    })
    .await?;
    Ok(pinged)
}

/// Matches every listing not matched since it was saved, oldest first, up to `limit`. Returns
/// the users notified.
pub async fn sweep(
    conn: &DatabaseConnection,
    now: i64,
    notify_best: usize,
    limit: u64,
) -> Result<Vec<i64>, Error> {
    let ids: Vec<i64> = listing::Entity::find()
        .select_only()
        .column(listing::Column::Id)
        .filter(listing::Column::MatchedAt.is_null())
        .order_by(listing::Column::Id, Order::Asc)
        .limit(limit)
        .into_tuple::<i64>()
        .all(conn)
        .await?;
    let mut pinged = Vec::new();
    for id in ids {
        pinged.extend(run(conn, id, now, notify_best).await?);
    }
    pinged.sort_unstable();
    pinged.dedup();
    Ok(pinged)
}
