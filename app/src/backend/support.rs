//! Support sites (issue 21): where to eat, wash, sleep, get care or advice. Everything here is
//! public and read without an account; reading leaves no trace (the asker's point is used for
//! this answer only). The managers of a site's association and moderators edit it: temporary
//! notices, "information checked", and the reports "this information is wrong" that anyone
//! may send.
//!
//! Whether a site is open is computed at every read by `domain::opening`, in the deployment's
//! time zone, from the stored week and the notices in force.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition as Where, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::entities::{
    association, support_notice, support_report, support_service, support_site, support_stop, venue,
};
use super::{Error, internal, stored};
use crate::domain::AppError;
use crate::domain::accessibility::{Fit, Need, fit_in};
use crate::domain::association::{MemberRole, codes_from_stored, codes_to_stored};
use crate::domain::error::{ErrorCode, Field, FieldError};
use crate::domain::geo::{Bbox, GeoPoint};
use crate::domain::moderation::Role;
use crate::domain::opening::{Notice, NoticeKind, local_now, now_view};
use crate::domain::page::Paged;
use crate::domain::support::{
    Condition, HELP_PAGE_SIZE, HelpQuery, MAX_NOTICE_CHARS, MAX_REPORT_CHARS, NoticeView, NowView,
    ReportView, STALE_DAYS, ServiceCategory, ServiceView, SiteCard, SiteDraft, SiteView, Slot,
    StopView, WeeklyHours, format_day, hhmm,
};
use crate::domain::vocab::Code;

/// How far around the asker's point `/help` looks, in kilometres.
pub const HELP_RADIUS_KM: f64 = 40.0;
/// The most sites one `/help` answer considers (nearest first when a point is given).
const HELP_READ_LIMIT: u64 = 2_000;

/// The most sites (or stops) the map's layer reads in one view; a view with more shows none
/// (zoom in, or use `/help`).
const MAP_READ_LIMIT: u64 = 500;
/// Open reports one site may have; more are refused (429) until its managers deal with them,
/// so nobody can bury a site's queue.
pub const MAX_OPEN_REPORTS: u64 = 30;

/// Adds a site with its services and stops; answers its id.
pub async fn create(
    conn: &impl ConnectionTrait,
    draft: &SiteDraft,
    author: Option<i64>,
    association: Option<i64>,
    now: i64,
) -> Result<i64, Error> {
    let (lat, lng) = draft
        .point
        .map_or((None, None), |(a, b)| (Some(a), Some(b)));
    let row = support_site::ActiveModel {
        name: Set(draft.name.clone()),
        description: Set(draft.description.clone()),
        address: Set(draft.address.clone()),
        lat: Set(lat),
        lng: Set(lng),
        phone: Set(draft.phone.clone()),
        website: Set(draft.website.clone()),
        languages: Set(draft.languages.join(",")),
        association_id: Set(association),
        venue_id: Set(None),
        hours: Set(week_json(&draft.hours)?),
        checked_at: Set(now),
        created_by: Set(author),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    for s in &draft.services {
        support_service::ActiveModel {
            site_id: Set(row.id),
            category: Set(s.category.code().to_owned()),
            conditions: Set(codes_to_stored(&s.conditions)),
            publics: Set(codes_to_stored(&s.publics)),
            pets: Set(s.pets),
            price: Set(s.price.code().to_owned()),
            fullness: Set(s.fullness.code().to_owned()),
            hours: Set(s.hours.as_ref().map(week_json).transpose()?),
            note: Set(s.note.clone()),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    for stop in &draft.stops {
        support_stop::ActiveModel {
            site_id: Set(row.id),
            place: Set(stop.place.clone()),
            lat: Set(stop.lat),
            lng: Set(stop.lng),
            weekday: Set(i16::from(stop.weekday.min(6))),
            start_min: Set(stop.start as i16),
            end_min: Set(stop.end as i16),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(row.id)
}

fn week_json(week: &WeeklyHours) -> Result<String, Error> {
    serde_json::to_string(week).map_err(|e| internal(format!("hours to JSON: {e}")).into())
}

fn week_of(json: &str) -> Result<WeeklyHours, Error> {
    serde_json::from_str(json).map_err(|e| internal(format!("stored hours: {e}")).into())
}

/// A site with what belongs to it.
struct Loaded {
    site: support_site::Model,
    services: Vec<support_service::Model>,
    notices: Vec<support_notice::Model>,
    stops: Vec<support_stop::Model>,
    /// The accessibility code of its venue (`domain::accessibility::levels_code`), when linked.
    access: Option<String>,
}

/// Reads the services, notices and stops of `sites`, and their venues' accessibility (four
/// queries, whatever their number).
async fn load(
    conn: &impl ConnectionTrait,
    sites: Vec<support_site::Model>,
) -> Result<Vec<Loaded>, Error> {
    let ids: Vec<i64> = sites.iter().map(|s| s.id).collect();
    let mut services: HashMap<i64, Vec<support_service::Model>> = HashMap::new();
    let mut notices: HashMap<i64, Vec<support_notice::Model>> = HashMap::new();
    let mut stops: HashMap<i64, Vec<support_stop::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for s in support_service::Entity::find()
            .filter(support_service::Column::SiteId.is_in(chunk.to_vec()))
            .order_by_asc(support_service::Column::Id)
            .all(conn)
            .await?
        {
            services.entry(s.site_id).or_default().push(s);
        }
        for n in support_notice::Entity::find()
            .filter(support_notice::Column::SiteId.is_in(chunk.to_vec()))
            .order_by_asc(support_notice::Column::Id)
            .all(conn)
            .await?
        {
            notices.entry(n.site_id).or_default().push(n);
        }
        for s in support_stop::Entity::find()
            .filter(support_stop::Column::SiteId.is_in(chunk.to_vec()))
            .order_by_asc(support_stop::Column::Weekday)
            .order_by_asc(support_stop::Column::StartMin)
            .order_by_asc(support_stop::Column::Id)
            .all(conn)
            .await?
        {
            stops.entry(s.site_id).or_default().push(s);
        }
    }
    let mut venues: Vec<i64> = sites.iter().filter_map(|s| s.venue_id).collect();
    venues.sort_unstable();
    venues.dedup();
    let mut access: HashMap<i64, String> = HashMap::new();
    for chunk in venues.chunks(500) {
        let rows: Vec<(i64, String)> = venue::Entity::find()
            .select_only()
            .column(venue::Column::Id)
            .column(venue::Column::Access)
            .filter(venue::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(conn)
            .await?;
        access.extend(rows);
    }
    Ok(sites
        .into_iter()
        .map(|site| Loaded {
            services: services.remove(&site.id).unwrap_or_default(),
            notices: notices.remove(&site.id).unwrap_or_default(),
            stops: stops.remove(&site.id).unwrap_or_default(),
            access: site.venue_id.and_then(|v| access.get(&v).cloned()),
            site,
        })
        .collect())
}

/// A site that passed a query's filters: its status (of its services that fit, when the
/// query names some) and those services (none when it names none).
struct Chosen<'a> {
    status: NowView,
    fitting: Vec<&'a support_service::Model>,
}

impl Loaded {
    /// How the venue of the site suits `needs` (none without needs or without a venue).
    fn fit(&self, needs: &[Need]) -> Option<Fit> {
        if needs.is_empty() {
            return None;
        }
        self.access.as_deref().map(|code| fit_in(code, needs))
    }

    /// The site as `q` sees it, or none when its filters leave it out; "accessible to me" keeps
    /// only a site whose venue suits `needs` (ignored without needs: the page says so). One rule
    /// for the `/help` list and the map's layer, so both show the same sites.
    fn chosen(
        &self,
        q: &HelpQuery,
        now: DateTime,
        needs: &[Need],
    ) -> Result<Option<Chosen<'_>>, Error> {
        let language = q.language.trim();
        if !language.is_empty() && !self.site.languages.split(',').any(|l| l == language) {
            return Ok(None);
        }
        if q.accessible && !needs.is_empty() && self.fit(needs) != Some(Fit::Suits) {
            return Ok(None);
        }
        let filtered = q.category.is_some() || q.unconditional || q.public.is_some();
        let fitting: Vec<&support_service::Model> = self
            .services
            .iter()
            .filter(|s| service_fits(s, q))
            .collect();
        if filtered && fitting.is_empty() {
            return Ok(None);
        }
        let status = if fitting.is_empty() {
            let mut views = vec![self.site_now(now)?];
            if !filtered {
                // Open when any of its services is (one may keep its own hours).
                for s in &self.services {
                    views.push(self.service_now(s, now)?);
                }
            }
            best(views)
        } else {
            let mut views = Vec::new();
            for s in &fitting {
                views.push(self.service_now(s, now)?);
            }
            best(views)
        };
        if (q.open_now && !status.is_open()) || (q.open_today && !status.open_today()) {
            return Ok(None);
        }
        Ok(Some(Chosen { status, fitting }))
    }
}

/// A stored notice as the opening rule reads it (a notice with unreadable dates is skipped).
fn notice_of(row: &support_notice::Model) -> Result<Option<Notice>, Error> {
    let Ok(from) = row.from_day.parse::<Date>() else {
        return Ok(None);
    };
    let to = row.to_day.as_deref().and_then(|d| d.parse::<Date>().ok());
    let kind = match row.kind.as_str() {
        "closure" => NoticeKind::Closure,
        "hours" => NoticeKind::Hours(week_of(row.hours.as_deref().unwrap_or("{}"))?),
        _ => NoticeKind::Message,
    };
    Ok(Some(Notice {
        kind,
        from,
        to,
        text: row.text.clone(),
    }))
}

/// The week of a mobile site: one slot per stop.
fn stops_week(stops: &[support_stop::Model]) -> WeeklyHours {
    let mut week = WeeklyHours::default();
    for s in stops {
        if let Some(slot) = Slot::new(s.start_min.max(0) as u16, s.end_min.max(0) as u16) {
            week.days[s.weekday.clamp(0, 6) as usize].push(slot);
        }
    }
    for day in &mut week.days {
        day.sort_by_key(|s| s.start);
    }
    week
}

impl Loaded {
    fn mobile(&self) -> bool {
        self.site.lat.is_none() || self.site.lng.is_none()
    }

    fn week(&self) -> Result<WeeklyHours, Error> {
        if self.mobile() && !self.stops.is_empty() {
            Ok(stops_week(&self.stops))
        } else {
            week_of(&self.site.hours)
        }
    }

    /// The notices in force for the whole site (`None`) or for one service.
    fn notices_for(&self, service: Option<i64>) -> Result<Vec<Notice>, Error> {
        let mut out = Vec::new();
        for n in &self.notices {
            if n.service_id.is_none() || n.service_id == service {
                out.extend(notice_of(n)?);
            }
        }
        Ok(out)
    }

    fn site_now(&self, now: DateTime) -> Result<NowView, Error> {
        Ok(now_view(&self.week()?, &self.notices_for(None)?, now))
    }

    /// A service's status: its own week or the site's, with the site's notices and its own.
    fn service_now(&self, s: &support_service::Model, now: DateTime) -> Result<NowView, Error> {
        let week = match &s.hours {
            Some(json) => week_of(json)?,
            None => self.week()?,
        };
        Ok(now_view(&week, &self.notices_for(Some(s.id))?, now))
    }

    /// Where the site or point of a mobile site nearest `from` is, and its place name.
    fn nearest(&self, from: Option<GeoPoint>) -> (Option<f64>, String) {
        match (self.site.lat, self.site.lng) {
            (Some(lat), Some(lng)) => (
                from.map(|f| f.distance_m(GeoPoint { lat, lng })),
                self.site.address.clone(),
            ),
            _ => {
                let Some(from) = from else {
                    let place = self.stops.first().map(|s| s.place.clone());
                    return (None, place.unwrap_or_else(|| self.site.address.clone()));
                };
                self.stops
                    .iter()
                    .map(|s| {
                        (
                            from.distance_m(GeoPoint {
                                lat: s.lat,
                                lng: s.lng,
                            }),
                            s.place.clone(),
                        )
                    })
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map_or((None, self.site.address.clone()), |(d, p)| (Some(d), p))
            }
        }
    }
}

/// The best of several statuses: open the longest, else opening the soonest; the messages of
/// all.
fn best(views: Vec<NowView>) -> NowView {
    let mut messages: Vec<String> = Vec::new();
    for v in &views {
        for m in &v.messages {
            if !messages.contains(m) {
                messages.push(m.clone());
            }
        }
    }
    let open = views
        .iter()
        .filter(|v| v.is_open())
        .max_by_key(|v| v.open_until.as_ref().map(|u| (u.in_days, u.time.clone())))
        .cloned();
    let chosen = open.or_else(|| {
        views
            .iter()
            .filter(|v| v.next.is_some())
            .min_by_key(|v| v.next.as_ref().map(|n| (n.in_days, n.time.clone())))
            .cloned()
    });
    let mut out = chosen
        .or_else(|| views.first().cloned())
        .unwrap_or_default();
    out.no_hours = views.iter().all(|v| v.no_hours);
    out.messages = messages;
    out
}

/// Whether a service passes the list's filters on what it offers and to whom.
fn service_fits(s: &support_service::Model, q: &HelpQuery) -> bool {
    if q.category.is_some_and(|c| c.code() != s.category) {
        return false;
    }
    let conditions: Vec<Condition> = codes_from_stored(&s.conditions);
    if q.unconditional && !conditions.contains(&Condition::Unconditional) {
        return false;
    }
    if let Some(p) = q.public {
        let publics: Vec<crate::domain::support::Public> = codes_from_stored(&s.publics);
        if !publics.is_empty() && !publics.contains(&p) {
            return false;
        }
    }
    true
}

/// The deployment's local time now.
pub fn local(zone: &TimeZone, at: Timestamp) -> DateTime {
    local_now(at, zone)
}

/// A point for a place typed on `/help`: the first support site, then venue, whose name or
/// address contains the words (case aside). Public places only: nothing about a person.
pub async fn place_point(
    conn: &impl ConnectionTrait,
    typed: &str,
) -> Result<Option<GeoPoint>, Error> {
    use sea_orm::sea_query::ExprTrait;
    let words = typed.trim().to_lowercase();
    if words.chars().count() < 2 {
        return Ok(None);
    }
    let pattern = format!("%{}%", words.replace(['\\', '%'], "").replace('_', " "));
    let lower = |c: support_site::Column| Expr::expr(Func::lower(Expr::col(c)));
    let site = support_site::Entity::find()
        .filter(support_site::Column::Lat.is_not_null())
        .filter(
            Where::any()
                .add(lower(support_site::Column::Name).like(pattern.clone()))
                .add(lower(support_site::Column::Address).like(pattern.clone())),
        )
        .order_by_asc(support_site::Column::Id)
        .one(conn)
        .await?;
    if let Some(s) = site
        && let (Some(lat), Some(lng)) = (s.lat, s.lng)
    {
        return Ok(Some(GeoPoint { lat, lng }));
    }
    let stop = support_stop::Entity::find()
        .filter(
            Expr::expr(Func::lower(Expr::col(support_stop::Column::Place))).like(pattern.clone()),
        )
        .order_by_asc(support_stop::Column::Id)
        .one(conn)
        .await?;
    if let Some(s) = stop {
        return Ok(Some(GeoPoint {
            lat: s.lat,
            lng: s.lng,
        }));
    }
    let lower_v = |c: venue::Column| Expr::expr(Func::lower(Expr::col(c)));
    let v = venue::Entity::find()
        .filter(
            Where::any()
                .add(lower_v(venue::Column::Name).like(pattern.clone()))
                .add(lower_v(venue::Column::Address).like(pattern)),
        )
        .order_by_asc(venue::Column::Id)
        .one(conn)
        .await?;
    Ok(v.map(|v| GeoPoint {
        lat: v.lat,
        lng: v.lng,
    }))
}

/// A page of the `/help` list: the sites that fit the filters, open now first, then nearest
/// to `from` (the asker's own point, used for this answer only) or by name.
pub async fn help(
    conn: &impl ConnectionTrait,
    now: DateTime,
    today_unix: i64,
    q: &HelpQuery,
    from: Option<GeoPoint>,
    needs: &[Need],
) -> Result<Paged<SiteCard>, Error> {
    let mut find = support_site::Entity::find();
    if let Some(bbox) = from.and_then(|f| Bbox::around_km(f, HELP_RADIUS_KM)) {
        // Fixed sites in the box, and every mobile site (its stops are checked below).
        find = find.filter(
            Where::any()
                .add(
                    Where::all()
                        .add(support_site::Column::Lat.between(bbox.south, bbox.north))
                        .add(support_site::Column::Lng.between(bbox.west, bbox.east)),
                )
                .add(support_site::Column::Lat.is_null()),
        );
    }
    let sites = find
        .order_by_asc(support_site::Column::Id)
        .limit(HELP_READ_LIMIT)
        .all(conn)
        .await?;
    let mut cards = Vec::new();
    for l in load(conn, sites).await? {
        let Some(chosen) = l.chosen(q, now, needs)? else {
            continue;
        };
        let (distance, place) = l.nearest(from);
        if from.is_some() && distance.is_none_or(|d| d > HELP_RADIUS_KM * 1000.0) {
            continue;
        }
        let Chosen { status, fitting } = chosen;
        let mut categories: Vec<ServiceCategory> = Vec::new();
        for s in &l.services {
            let c: ServiceCategory = stored(&s.category)?;
            if !categories.contains(&c) {
                categories.push(c);
            }
        }
        categories.sort_by_key(|c| ServiceCategory::CHOICES.iter().position(|x| x == c));
        let shown: &[&support_service::Model] = if fitting.is_empty() { &[] } else { &fitting };
        let unconditional = !shown.is_empty()
            && shown.iter().all(|s| {
                codes_from_stored::<Condition>(&s.conditions).contains(&Condition::Unconditional)
            });
        cards.push((
            distance,
            SiteCard {
                id: l.site.id,
                name: l.site.name.clone(),
                address: place,
                mobile: l.mobile(),
                distance_m: distance.map(|d| ((d / 100.0).round() * 100.0) as u32),
                categories,
                now: status,
                unconditional,
                phone: l.site.phone.clone(),
                stale: is_stale(l.site.checked_at, today_unix),
                fit: l.fit(needs),
            },
        ));
    }
    cards.sort_by(|(da, a), (db, b)| {
        b.now
            .is_open()
            .cmp(&a.now.is_open())
            .then_with(|| match (da, db) {
                (Some(x), Some(y)) => x.total_cmp(y),
                _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            })
            .then(a.id.cmp(&b.id))
    });
    let per_page = HELP_PAGE_SIZE;
    let start = (q.page as usize).saturating_mul(per_page);
    let rows: Vec<SiteCard> = cards
        .into_iter()
        .skip(start)
        .take(per_page + 1)
        .map(|(_, c)| c)
        .collect();
    Ok(Paged::from_rows(rows, q.page, per_page as u64))
}

/// Whether information checked at `checked_at` is old enough to be doubted.
pub fn is_stale(checked_at: i64, now: i64) -> bool {
    now - checked_at > STALE_DAYS * 86_400
}

/// Whether `user` may edit the site: a manager of its association, or a moderator.
pub async fn can_edit(
    conn: &impl ConnectionTrait,
    site: &support_site::Model,
    user: Option<i64>,
) -> Result<bool, Error> {
    let Some(user) = user else {
        return Ok(false);
    };
    if super::moderation::role_of(conn, user).await? == Role::Moderator {
        return Ok(true);
    }
    let Some(association) = site.association_id else {
        return Ok(false);
    };
    Ok(super::associations::role_in(conn, association, user)
        .await?
        .is_some_and(MemberRole::manages))
}

async fn find(conn: &impl ConnectionTrait, id: i64) -> Result<support_site::Model, Error> {
    support_site::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::NotFound.into())
}

/// The site, if `user` may edit it: `NotFound` when it does not exist, `Forbidden` otherwise.
async fn require_editor(
    conn: &impl ConnectionTrait,
    id: i64,
    user: i64,
) -> Result<support_site::Model, Error> {
    let site = find(conn, id).await?;
    if can_edit(conn, &site, Some(user)).await? {
        Ok(site)
    } else {
        Err(AppError::Forbidden.into())
    }
}

fn week_texts(week: &WeeklyHours) -> [String; 7] {
    std::array::from_fn(|i| format_day(&week.days[i]))
}

/// A site's page. `viewer` sees the open reports when they may edit it.
pub async fn view(
    conn: &impl ConnectionTrait,
    zone: &TimeZone,
    at: Timestamp,
    id: i64,
    viewer: Option<i64>,
) -> Result<SiteView, Error> {
    let site = find(conn, id).await?;
    let can_edit = can_edit(conn, &site, viewer).await?;
    let l = load(conn, vec![site])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let now = local(zone, at);
    let today = now.date();
    let association = match l.site.association_id {
        Some(a) => association::Entity::find_by_id(a)
            .one(conn)
            .await?
            .map(|a| (a.id, a.name)),
        None => None,
    };
    let venue = match l.site.venue_id {
        Some(v) => venue::Entity::find_by_id(v)
            .one(conn)
            .await?
            .map(|v| (v.id, v.name)),
        None => None,
    };
    let mut services = Vec::new();
    let mut category_of = HashMap::new();
    for s in &l.services {
        let category: ServiceCategory = stored(&s.category)?;
        category_of.insert(s.id, category);
        let own_notices = l.notices.iter().any(|n| n.service_id == Some(s.id));
        services.push(ServiceView {
            id: s.id,
            category,
            conditions: codes_from_stored(&s.conditions),
            publics: codes_from_stored(&s.publics),
            pets: s.pets,
            price: stored(&s.price)?,
            fullness: stored(&s.fullness)?,
            hours: match &s.hours {
                Some(json) => Some(week_texts(&week_of(json)?)),
                None => None,
            },
            now: if s.hours.is_some() || own_notices {
                Some(l.service_now(s, now)?)
            } else {
                None
            },
            note: s.note.clone(),
        });
    }
    // Notices still to come or in force; those past are history.
    let mut notices = Vec::new();
    for n in &l.notices {
        let Some(parsed) = notice_of(n)? else {
            continue;
        };
        if parsed.to.is_some_and(|to| to < today) {
            continue;
        }
        notices.push(NoticeView {
            id: n.id,
            kind: n.kind.clone(),
            from: n.from_day.clone(),
            to: n.to_day.clone(),
            text: n.text.clone(),
            service: n.service_id.and_then(|s| category_of.get(&s).copied()),
            hours: match &parsed.kind {
                NoticeKind::Hours(h) => Some(week_texts(h)),
                _ => None,
            },
        });
    }
    notices.sort_by(|a, b| a.from.cmp(&b.from).then(a.id.cmp(&b.id)));
    let mut venues_near = match (can_edit, l.site.lat, l.site.lng) {
        (true, Some(lat), Some(lng)) => venues_near(conn, GeoPoint { lat, lng }).await?,
        _ => Vec::new(),
    };
    if let Some(linked) = venue.as_ref().filter(|_| can_edit)
        && !venues_near.iter().any(|(v, _)| *v == linked.0)
    {
        venues_near.insert(0, linked.clone());
    }
    let reports = if can_edit {
        support_report::Entity::find()
            .filter(support_report::Column::SiteId.eq(id))
            .filter(support_report::Column::ResolvedAt.is_null())
            .order_by_desc(support_report::Column::Id)
            .limit(MAX_OPEN_REPORTS)
            .all(conn)
            .await?
            .into_iter()
            .map(|r| ReportView {
                id: r.id,
                note: r.note,
                at: local_text(zone, r.created_at),
            })
            .collect()
    } else {
        Vec::new()
    };
    let week = l.week()?;
    let site_now = if l.services.is_empty() {
        l.site_now(now)?
    } else {
        let mut views = vec![l.site_now(now)?];
        for s in &l.services {
            views.push(l.service_now(s, now)?);
        }
        best(views)
    };
    Ok(SiteView {
        id: l.site.id,
        name: l.site.name.clone(),
        description: l.site.description.clone(),
        address: l.site.address.clone(),
        mobile: l.mobile(),
        point: l.site.lat.zip(l.site.lng),
        phone: l.site.phone.clone(),
        website: l.site.website.clone(),
        languages: l
            .site
            .languages
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        association,
        venue,
        hours: week_texts(&week),
        holidays: week.holidays,
        services,
        notices,
        stops: l
            .stops
            .iter()
            .map(|s| StopView {
                id: s.id,
                place: s.place.clone(),
                weekday: s.weekday.clamp(0, 6) as u8,
                start: hhmm(s.start_min.max(0) as u16),
                end: hhmm(s.end_min.max(0) as u16),
            })
            .collect(),
        now: site_now,
        checked_on: local(
            zone,
            Timestamp::from_second(l.site.checked_at).unwrap_or_default(),
        )
        .date()
        .to_string(),
        stale: is_stale(l.site.checked_at, at.as_second()),
        can_edit,
        reports,
        venues_near,
    })
}

/// `YYYY-MM-DD HH:MM` in the deployment's zone.
fn local_text(zone: &TimeZone, unix: i64) -> String {
    let t = local(zone, Timestamp::from_second(unix).unwrap_or_default());
    format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
}

/// A temporary notice as typed in the site's form.
#[derive(Debug, Clone, Default)]
pub struct NoticeForm {
    /// `closure`, `message`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub from: String,
    /// `YYYY-MM-DD`, or empty: that day only for a closure, until further notice for a message.
    pub to: String,
    pub text: String,
    /// A service's id, or empty: the whole site.
    pub service: String,
}

/// A notice as checked: kind, first day, last day, text, service.
type CheckedNotice = (String, Date, Option<Date>, String, Option<i64>);

/// Checks a notice: every field's error at once.
fn parse_notice(form: &NoticeForm, today: Date) -> Result<CheckedNotice, AppError> {
    let mut errors = Vec::new();
    let kind = match form.kind.trim() {
        k @ ("closure" | "message") => k.to_owned(),
        "" => {
            errors.push(FieldError::new(Field::Kind, ErrorCode::Required));
            String::new()
        }
        _ => {
            errors.push(FieldError::new(Field::Kind, ErrorCode::UnknownChoice));
            String::new()
        }
    };
    let from = match form.from.trim().parse::<Date>() {
        Ok(d) if d < today => {
            errors.push(FieldError::new(Field::StartsAt, ErrorCode::InThePast));
            None
        }
        Ok(d) => Some(d),
        Err(_) if form.from.trim().is_empty() => {
            errors.push(FieldError::new(Field::StartsAt, ErrorCode::Required));
            None
        }
        Err(_) => {
            errors.push(FieldError::new(Field::StartsAt, ErrorCode::InvalidDate));
            None
        }
    };
    let to = match form.to.trim() {
        "" => None,
        raw => match raw.parse::<Date>() {
            Ok(d) if from.is_some_and(|f| d < f) => {
                errors.push(FieldError::new(Field::EndsAt, ErrorCode::EndsBeforeStart));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(FieldError::new(Field::EndsAt, ErrorCode::InvalidDate));
                None
            }
        },
    };
    let text = form.text.trim().to_owned();
    if text.chars().count() > MAX_NOTICE_CHARS {
        errors.push(FieldError::new(
            Field::Message,
            ErrorCode::TooLong {
                max: MAX_NOTICE_CHARS as u32,
            },
        ));
    } else if kind == "message" && text.is_empty() {
        errors.push(FieldError::new(Field::Message, ErrorCode::Required));
    }
    let service = match form.service.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(FieldError::new(Field::Category, ErrorCode::UnknownChoice));
                None
            }
        },
    };
    match (errors.is_empty(), from) {
        (true, Some(from)) => {
            // A closure without an end closes that one day.
            let to = if kind == "closure" {
                to.or(Some(from))
            } else {
                to
            };
            Ok((kind, from, to, text, service))
        }
        _ => Err(AppError::Validation(errors)),
    }
}

/// Adds a temporary notice to a site (its managers and moderators); marks the site checked.
pub async fn add_notice(
    conn: &impl ConnectionTrait,
    zone: &TimeZone,
    user: i64,
    site: i64,
    form: &NoticeForm,
    now: i64,
) -> Result<i64, Error> {
    let row = require_editor(conn, site, user).await?;
    let today = local(zone, Timestamp::from_second(now).unwrap_or_default()).date();
    let (kind, from, to, text, service) = parse_notice(form, today)?;
    if let Some(service) = service {
        let belongs = support_service::Entity::find_by_id(service)
            .one(conn)
            .await?
            .is_some_and(|s| s.site_id == site);
        if !belongs {
            return Err(AppError::Validation(vec![FieldError::new(
                Field::Category,
                ErrorCode::UnknownChoice,
            )])
            .into());
        }
    }
    // The same notice sent twice (a double tap, a retry) is kept once.
    let mut same = support_notice::Entity::find()
        .filter(support_notice::Column::SiteId.eq(site))
        .filter(support_notice::Column::Kind.eq(kind.clone()))
        .filter(support_notice::Column::FromDay.eq(from.to_string()))
        .filter(support_notice::Column::Text.eq(text.clone()));
    same = match service {
        Some(s) => same.filter(support_notice::Column::ServiceId.eq(s)),
        None => same.filter(support_notice::Column::ServiceId.is_null()),
    };
    same = match to {
        Some(d) => same.filter(support_notice::Column::ToDay.eq(d.to_string())),
        None => same.filter(support_notice::Column::ToDay.is_null()),
    };
    if let Some(same) = same.one(conn).await? {
        return Ok(same.id);
    }
    let notice = support_notice::ActiveModel {
        site_id: Set(site),
        service_id: Set(service),
        kind: Set(kind),
        from_day: Set(from.to_string()),
        to_day: Set(to.map(|d| d.to_string())),
        text: Set(text),
        hours: Set(None),
        created_by: Set(Some(user)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    touch(conn, row, now).await?;
    Ok(notice.id)
}

async fn touch(
    conn: &impl ConnectionTrait,
    row: support_site::Model,
    now: i64,
) -> Result<(), Error> {
    let mut row: support_site::ActiveModel = row.into();
    row.checked_at = Set(now);
    row.updated_at = Set(now);
    row.update(conn).await?;
    Ok(())
}

/// Removes a notice (its site's managers and moderators). Removing one already gone is fine.
pub async fn remove_notice(
    conn: &impl ConnectionTrait,
    user: i64,
    site: i64,
    notice: i64,
) -> Result<(), Error> {
    require_editor(conn, site, user).await?;
    support_notice::Entity::delete_many()
        .filter(support_notice::Column::Id.eq(notice))
        .filter(support_notice::Column::SiteId.eq(site))
        .exec(conn)
        .await?;
    Ok(())
}

/// "The information is right": the site's managers and moderators mark it checked today.
pub async fn mark_checked(
    conn: &impl ConnectionTrait,
    user: i64,
    site: i64,
    now: i64,
) -> Result<(), Error> {
    let row = require_editor(conn, site, user).await?;
    touch(conn, row, now).await
}

/// Checks a report's note: what is wrong, in a few words.
pub fn parse_report(note: &str) -> Result<String, AppError> {
    crate::domain::vocab::text(Field::Note, note, 3, MAX_REPORT_CHARS as u32)
        .map_err(|e| AppError::Validation(vec![e]))
}

/// Stores a report "this information is wrong" on a site, from anyone (no author kept). At
/// most [`MAX_OPEN_REPORTS`] wait per site.
pub async fn report(
    conn: &impl ConnectionTrait,
    site: i64,
    note: &str,
    now: i64,
) -> Result<i64, Error> {
    let note = parse_report(note)?;
    // The site's row is locked so that reports sent at once count against one another.
    support_site::Entity::find_by_id(site)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let open = support_report::Entity::find()
        .filter(support_report::Column::SiteId.eq(site))
        .filter(support_report::Column::ResolvedAt.is_null())
        .count(conn)
        .await?;
    if open >= MAX_OPEN_REPORTS {
        return Err(AppError::RateLimited.into());
    }
    let row = support_report::ActiveModel {
        site_id: Set(site),
        note: Set(note),
        created_at: Set(now),
        resolved_by: Set(None),
        resolved_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(row.id)
}

/// Marks a report dealt with (the site's managers and moderators); once only.
pub async fn resolve_report(
    conn: &impl ConnectionTrait,
    user: i64,
    report: i64,
    now: i64,
) -> Result<(), Error> {
    let row = support_report::Entity::find_by_id(report)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    require_editor(conn, row.site_id, user).await?;
    support_report::Entity::update_many()
        .col_expr(support_report::Column::ResolvedBy, Expr::value(user))
        .col_expr(support_report::Column::ResolvedAt, Expr::value(now))
        .filter(support_report::Column::Id.eq(report))
        .filter(support_report::Column::ResolvedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// The sites `user` may edit that wait for them: open reports, or not checked for
/// [`STALE_DAYS`]; (id, name, open reports, stale).
pub async fn to_review(
    conn: &impl ConnectionTrait,
    user: i64,
    now: i64,
) -> Result<Vec<(i64, String, u64, bool)>, Error> {
    let moderator = super::moderation::role_of(conn, user).await? == Role::Moderator;
    let mut find = support_site::Entity::find();
    if !moderator {
        let managed: Vec<i64> = super::associations::managed_by(conn, user)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        if managed.is_empty() {
            return Ok(Vec::new());
        }
        find = find.filter(support_site::Column::AssociationId.is_in(managed));
    }
    let sites = find
        .order_by_asc(support_site::Column::Name)
        .limit(HELP_READ_LIMIT)
        .all(conn)
        .await?;
    let open: Vec<(i64, i64)> = support_report::Entity::find()
        .select_only()
        .column(support_report::Column::SiteId)
        .column_as(support_report::Column::Id.count(), "n")
        .filter(support_report::Column::ResolvedAt.is_null())
        .group_by(support_report::Column::SiteId)
        .into_tuple()
        .all(conn)
        .await?;
    let open: HashMap<i64, i64> = open.into_iter().collect();
    Ok(sites
        .into_iter()
        .filter_map(|s| {
            let reports = open.get(&s.id).copied().unwrap_or(0).max(0) as u64;
            let stale = is_stale(s.checked_at, now);
            (reports > 0 || stale).then_some((s.id, s.name, reports, stale))
        })
        .collect())
}

/// Every site as created, for the open-data files (in id order).
pub async fn all_drafts(conn: &impl ConnectionTrait) -> Result<Vec<(i64, SiteDraft, i64)>, Error> {
    let sites = support_site::Entity::find()
        .order_by_asc(support_site::Column::Id)
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for l in load(conn, sites).await? {
        let mut services = Vec::new();
        for s in &l.services {
            services.push(crate::domain::support::ServiceDraft {
                category: stored(&s.category)?,
                conditions: codes_from_stored(&s.conditions),
                publics: codes_from_stored(&s.publics),
                pets: s.pets,
                price: stored(&s.price)?,
                fullness: stored(&s.fullness)?,
                hours: s.hours.as_deref().map(week_of).transpose()?,
                note: s.note.clone(),
            });
        }
        let draft = SiteDraft {
            name: l.site.name.clone(),
            description: l.site.description.clone(),
            address: l.site.address.clone(),
            point: l.site.lat.zip(l.site.lng),
            phone: l.site.phone.clone(),
            website: l.site.website.clone(),
            languages: l
                .site
                .languages
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            hours: week_of(&l.site.hours)?,
            services,
            stops: l
                .stops
                .iter()
                .map(|s| crate::domain::support::StopDraft {
                    place: s.place.clone(),
                    lat: s.lat,
                    lng: s.lng,
                    weekday: s.weekday.clamp(0, 6) as u8,
                    start: s.start_min.max(0) as u16,
                    end: s.end_min.max(0) as u16,
                })
                .collect(),
        };
        out.push((l.site.id, draft, l.site.checked_at));
    }
    Ok(out)
}

/// How many support sites there are.
pub async fn count(conn: &impl ConnectionTrait) -> Result<u64, Error> {
    Ok(support_site::Entity::find().count(conn).await?)
}

/// The site a report is about, if the report exists.
pub async fn report_site(conn: &impl ConnectionTrait, report: i64) -> Result<i64, Error> {
    Ok(support_report::Entity::find_by_id(report)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?
        .site_id)
}

/// Adds a site from an open-data file unless one with the same name and address is there;
/// answers its id when added.
pub async fn import(
    conn: &impl ConnectionTrait,
    draft: &SiteDraft,
    association: Option<i64>,
    now: i64,
) -> Result<Option<i64>, Error> {
    let there = support_site::Entity::find()
        .filter(support_site::Column::Name.eq(draft.name.clone()))
        .filter(support_site::Column::Address.eq(draft.address.clone()))
        .one(conn)
        .await?;
    if there.is_some() {
        return Ok(None);
    }
    create(conn, draft, None, association, now).await.map(Some)
}

/// The support sites in a view of the map that pass the map's filters `q` (the same rule as
/// the `/help` list), open or not now: a fixed site at its point, a mobile one at each of its
/// stops in view. None when more than [`crate::domain::view::SUPPORT_PIN_LIMIT`] pass (the map
/// would be covered; `/help` lists them).
pub async fn in_view(
    conn: &impl ConnectionTrait,
    bbox: Bbox,
    now: DateTime,
    q: &HelpQuery,
    needs: &[Need],
) -> Result<Vec<crate::domain::view::SupportPin>, Error> {
    use crate::domain::view::{SUPPORT_PIN_LIMIT, SupportPin};
    // Read a bounded number: filters are applied to what is read (the sites' services and
    // hours are not columns), so a view with very many sites shows none rather than a part.
    let limit = MAP_READ_LIMIT;
    let fixed = support_site::Entity::find()
        .filter(support_site::Column::Lat.between(bbox.south, bbox.north))
        .filter(support_site::Column::Lng.between(bbox.west, bbox.east))
        .order_by_asc(support_site::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    let stops = support_stop::Entity::find()
        .filter(support_stop::Column::Lat.between(bbox.south, bbox.north))
        .filter(support_stop::Column::Lng.between(bbox.west, bbox.east))
        .order_by_asc(support_stop::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    if fixed.len() as u64 >= limit || stops.len() as u64 >= limit {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = stops.iter().map(|s| s.site_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mobile = support_site::Entity::find()
        .filter(support_site::Column::Id.is_in(ids))
        .all(conn)
        .await?;
    let mut pins = Vec::new();
    for l in load(conn, fixed.into_iter().chain(mobile).collect()).await? {
        let Some(chosen) = l.chosen(q, now, needs)? else {
            continue;
        };
        let open = chosen.status.is_open();
        let points: Vec<GeoPoint> = match (l.site.lat, l.site.lng) {
            (Some(lat), Some(lng)) => vec![GeoPoint { lat, lng }],
            _ => stops
                .iter()
                .filter(|s| s.site_id == l.site.id)
                .map(|s| GeoPoint {
                    lat: s.lat,
                    lng: s.lng,
                })
                .collect(),
        };
        for at in points {
            pins.push(SupportPin {
                id: l.site.id,
                at,
                name: l.site.name.clone(),
                open,
            });
        }
    }
    if pins.len() > SUPPORT_PIN_LIMIT {
        return Ok(Vec::new());
    }
    Ok(pins)
}

/// Changes a site's information and week (its managers and moderators); the site counts as
/// checked. A site without stops needs a point, or nobody could find it near them.
pub async fn update_info(
    conn: &impl ConnectionTrait,
    user: i64,
    site: i64,
    info: crate::domain::support::SiteInfo,
    now: i64,
) -> Result<(), Error> {
    let row = require_editor(conn, site, user).await?;
    check_venue(conn, info.venue).await?;
    if info.point.is_none() {
        let stops = support_stop::Entity::find()
            .filter(support_stop::Column::SiteId.eq(site))
            .count(conn)
            .await?;
        if stops == 0 {
            return Err(AppError::field(Field::Location, ErrorCode::Required).into());
        }
    }
    let mut row: support_site::ActiveModel = row.into();
    row.name = Set(info.name);
    row.description = Set(info.description);
    row.address = Set(info.address);
    row.lat = Set(info.point.map(|p| p.0));
    row.lng = Set(info.point.map(|p| p.1));
    row.phone = Set(info.phone);
    row.website = Set(info.website);
    row.languages = Set(info.languages.join(","));
    row.hours = Set(week_json(&info.hours)?);
    row.venue_id = Set(info.venue);
    row.checked_at = Set(now);
    row.updated_at = Set(now);
    row.update(conn).await?;
    Ok(())
}

/// A new site run by `association`, added by one of its managers (without services yet).
pub async fn create_for(
    conn: &impl ConnectionTrait,
    user: i64,
    association: i64,
    info: crate::domain::support::SiteInfo,
    now: i64,
) -> Result<i64, Error> {
    super::associations::require(conn, association, user, MemberRole::manages).await?;
    check_venue(conn, info.venue).await?;
    if info.point.is_none() {
        return Err(AppError::field(Field::Location, ErrorCode::Required).into());
    }
    let venue_id = info.venue;
    let draft = SiteDraft {
        name: info.name,
        description: info.description,
        address: info.address,
        point: info.point,
        phone: info.phone,
        website: info.website,
        languages: info.languages,
        hours: info.hours,
        services: Vec::new(),
        stops: Vec::new(),
    };
    let id = create(conn, &draft, Some(user), Some(association), now).await?;
    if venue_id.is_some() {
        support_site::Entity::update_many()
            .col_expr(support_site::Column::VenueId, Expr::value(venue_id))
            .filter(support_site::Column::Id.eq(id))
            .exec(conn)
            .await?;
    }
    Ok(id)
}

/// A venue a site may point to for its accessibility: one that exists.
async fn check_venue(conn: &impl ConnectionTrait, venue: Option<i64>) -> Result<(), Error> {
    let Some(id) = venue else {
        return Ok(());
    };
    let found = venue::Entity::find_by_id(id).count(conn).await?;
    if found == 0 {
        return Err(AppError::field(Field::Venue, ErrorCode::UnknownChoice).into());
    }
    Ok(())
}

/// How far from a site its editors are offered venues to link, in metres.
pub const VENUE_NEAR_M: f64 = 300.0;

/// The described venues within [`VENUE_NEAR_M`] of `point`, nearest first (at most 20), for a
/// site's editors to say which describes its accessibility.
pub async fn venues_near(
    conn: &impl ConnectionTrait,
    point: GeoPoint,
) -> Result<Vec<(i64, String)>, Error> {
    let Some(bbox) = Bbox::around_km(point, VENUE_NEAR_M / 1000.0) else {
        return Ok(Vec::new());
    };
    let rows: Vec<(i64, String, f64, f64)> = venue::Entity::find()
        .select_only()
        .column(venue::Column::Id)
        .column(venue::Column::Name)
        .column(venue::Column::Lat)
        .column(venue::Column::Lng)
        .filter(venue::Column::Lat.between(bbox.south, bbox.north))
        .filter(venue::Column::Lng.between(bbox.west, bbox.east))
        .order_by_asc(venue::Column::Id)
        .limit(200)
        .into_tuple()
        .all(conn)
        .await?;
    let mut near: Vec<(f64, i64, String)> = rows
        .into_iter()
        .map(|(id, name, lat, lng)| (point.distance_m(GeoPoint { lat, lng }), id, name))
        .filter(|(d, _, _)| *d <= VENUE_NEAR_M)
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    Ok(near
        .into_iter()
        .take(20)
        .map(|(_, id, name)| (id, name))
        .collect())
}

/// Stops one mobile site may have.
pub const MAX_STOPS: u64 = 40;

/// Adds a stop to a site (its managers and moderators); a site with stops is found at them.
pub async fn add_stop(
    conn: &impl ConnectionTrait,
    user: i64,
    site: i64,
    stop: crate::domain::support::StopDraft,
    now: i64,
) -> Result<i64, Error> {
    let row = require_editor(conn, site, user).await?;
    // The site is marked changed first: on PostgreSQL that row's lock makes two copies of one
    // stop sent at once wait for each other, so the second sees the first's stop below (two
    // checks that ran side by side both added it, once in a CI run).
    touch(conn, row, now).await?;
    let count = support_stop::Entity::find()
        .filter(support_stop::Column::SiteId.eq(site))
        .count(conn)
        .await?;
    if count >= MAX_STOPS {
        return Err(AppError::Conflict.into());
    }
    // The same stop sent twice (a double tap, a retry) is kept once.
    let same = support_stop::Entity::find()
        .filter(support_stop::Column::SiteId.eq(site))
        .filter(support_stop::Column::Weekday.eq(stop.weekday as i16))
        .filter(support_stop::Column::StartMin.eq(stop.start as i16))
        .filter(support_stop::Column::EndMin.eq(stop.end as i16))
        .filter(support_stop::Column::Place.eq(stop.place.clone()))
        .one(conn)
        .await?;
    if let Some(same) = same {
        return Ok(same.id);
    }
    let added = support_stop::ActiveModel {
        site_id: Set(site),
        place: Set(stop.place),
        lat: Set(stop.lat),
        lng: Set(stop.lng),
        weekday: Set(stop.weekday as i16),
        start_min: Set(stop.start as i16),
        end_min: Set(stop.end as i16),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(added.id)
}

/// Removes a stop of a site (its managers and moderators). The last stop of a site without a
/// point stays: nobody could find the site otherwise.
pub async fn remove_stop(
    conn: &impl ConnectionTrait,
    user: i64,
    site: i64,
    stop: i64,
) -> Result<(), Error> {
    let row = require_editor(conn, site, user).await?;
    if row.lat.is_none() {
        let others = support_stop::Entity::find()
            .filter(support_stop::Column::SiteId.eq(site))
            .filter(support_stop::Column::Id.ne(stop))
            .count(conn)
            .await?;
        if others == 0 {
            return Err(AppError::field(Field::Location, ErrorCode::Required).into());
        }
    }
    support_stop::Entity::delete_many()
        .filter(support_stop::Column::Id.eq(stop))
        .filter(support_stop::Column::SiteId.eq(site))
        .exec(conn)
        .await?;
    Ok(())
}

/// Services one site may have.
pub const MAX_SERVICES: u64 = 20;

/// Adds a service to a site (its managers and moderators).
pub async fn add_service(
    conn: &impl ConnectionTrait,
    user: i64,
    site: i64,
    mut service: crate::domain::support::ServiceDraft,
    now: i64,
) -> Result<i64, Error> {
    let row = require_editor(conn, site, user).await?;
    if let Some(own) = &mut service.hours {
        // Its own week closes on public holidays as its site does.
        own.holidays = week_of(&row.hours)?.holidays;
    }
    let count = support_service::Entity::find()
        .filter(support_service::Column::SiteId.eq(site))
        .count(conn)
        .await?;
    if count >= MAX_SERVICES {
        return Err(AppError::Conflict.into());
    }
    let added = support_service::ActiveModel {
        site_id: Set(site),
        category: Set(service.category.code().to_owned()),
        conditions: Set(codes_to_stored(&service.conditions)),
        publics: Set(codes_to_stored(&service.publics)),
        pets: Set(service.pets),
        price: Set(service.price.code().to_owned()),
        fullness: Set(service.fullness.code().to_owned()),
        hours: Set(service.hours.as_ref().map(week_json).transpose()?),
        note: Set(service.note),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    touch(conn, row, now).await?;
    Ok(added.id)
}

/// Removes a service of a site, and its notices (its managers and moderators).
pub async fn remove_service(
    conn: &impl ConnectionTrait,
    user: i64,
    site: i64,
    service: i64,
) -> Result<(), Error> {
    require_editor(conn, site, user).await?;
    support_notice::Entity::delete_many()
        .filter(support_notice::Column::ServiceId.eq(service))
        .filter(support_notice::Column::SiteId.eq(site))
        .exec(conn)
        .await?;
    support_service::Entity::delete_many()
        .filter(support_service::Column::Id.eq(service))
        .filter(support_service::Column::SiteId.eq(site))
        .exec(conn)
        .await?;
    Ok(())
}
