//! Support sites for people in precarity (issue 21): the fixed vocabularies of their services
//! (after Soliguide's eleven top-level categories, its conditions and publics) and the reading
//! of opening hours as a person types them ("9h-12h, 14h-17h30").
//!
//! Hours are checked here, field by field, before anything is stored; [`super::opening`] then
//! answers "open now?" from what passed.

use super::error::{ErrorCode, Field, FieldError};
use super::vocab::Code;
use serde::{Deserialize, Serialize};

/// Minutes since midnight, local wall time (0 to 1440; 1440 is the end of the day).
pub type Minute = u16;
/// Minutes in a day.
pub const DAY: Minute = 1440;
/// One opening on a day, from `start` to `end`; past midnight when `end <= start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub start: Minute,
    pub end: Minute,
}

impl Slot {
    /// A slot from minutes since midnight: the start within the day, the end at most 24:00,
    /// and not the same as the start (a slot of no time, or of the whole day and night, is
    /// written 00:00–24:00).
    pub fn new(start: Minute, end: Minute) -> Option<Self> {
        (start < DAY && end <= DAY && start != end).then_some(Self { start, end })
    }

    /// Whether the slot runs past midnight.
    pub fn overnight(self) -> bool {
        self.end <= self.start
    }
}

/// What a place does on public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Holidays {
    /// Closed on public holidays.
    Closed,
    /// Open as on any other day of the week.
    Open,
    /// Nobody said: open as usual, but shown as "may be closed" on a holiday.
    #[default]
    Unknown,
}

/// A week of opening hours, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WeeklyHours {
    pub days: [Vec<Slot>; 7],
    pub holidays: Holidays,
}

/// How many slots one day may have (a morning, an afternoon and an evening, and one more).
pub const MAX_SLOTS_PER_DAY: usize = 4;

/// What a service offers: Soliguide's eleven top-level categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceCategory {
    /// Meals, food parcels, grocery at low prices.
    Food,
    /// Showers, toilets, laundry.
    Hygiene,
    /// Emergency shelter and help with housing.
    Housing,
    /// Care, health centres, mental health.
    Health,
    /// Day centres and places to rest and meet.
    Welcome,
    /// Legal and administrative advice, domiciliation (a postal address).
    Advice,
    /// Clothes, blankets, sleeping bags.
    Equipment,
    /// Phone charging, wifi, computers.
    Digital,
    /// Transport tickets, bicycles.
    Mobility,
    /// Training and jobs.
    TrainingJobs,
    /// Activities, culture and sport.
    Activities,
}

impl Code for ServiceCategory {
    const CHOICES: &'static [Self] = &[
        Self::Food,
        Self::Hygiene,
        Self::Housing,
        Self::Health,
        Self::Welcome,
        Self::Advice,
        Self::Equipment,
        Self::Digital,
        Self::Mobility,
        Self::TrainingJobs,
        Self::Activities,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Food => "food",
            Self::Hygiene => "hygiene",
            Self::Housing => "housing",
            Self::Health => "health",
            Self::Welcome => "welcome",
            Self::Advice => "advice",
            Self::Equipment => "equipment",
            Self::Digital => "digital",
            Self::Mobility => "mobility",
            Self::TrainingJobs => "training_jobs",
            Self::Activities => "activities",
        }
    }
}

/// What it takes to use a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Condition {
    /// Anyone may come, no question asked.
    Unconditional,
    /// On appointment.
    Appointment,
    /// Sent by a social worker (orientation).
    Referral,
    /// After registering once.
    Registration,
}

impl Code for Condition {
    const CHOICES: &'static [Self] = &[
        Self::Unconditional,
        Self::Appointment,
        Self::Referral,
        Self::Registration,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Unconditional => "unconditional",
            Self::Appointment => "appointment",
            Self::Referral => "referral",
            Self::Registration => "registration",
        }
    }
}

/// Who a service is for, when it is not for everyone (no public listed: everyone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Public {
    Women,
    Men,
    Families,
    /// Young people under 25.
    Young,
    Students,
    AsylumSeekers,
    Refugees,
    /// People without papers.
    Undocumented,
    ViolenceVictims,
    /// People living with an addiction.
    Addiction,
    PrisonLeavers,
    Lgbt,
}

impl Code for Public {
    const CHOICES: &'static [Self] = &[
        Self::Women,
        Self::Men,
        Self::Families,
        Self::Young,
        Self::Students,
        Self::AsylumSeekers,
        Self::Refugees,
        Self::Undocumented,
        Self::ViolenceVictims,
        Self::Addiction,
        Self::PrisonLeavers,
        Self::Lgbt,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Women => "women",
            Self::Men => "men",
            Self::Families => "families",
            Self::Young => "young",
            Self::Students => "students",
            Self::AsylumSeekers => "asylum_seekers",
            Self::Refugees => "refugees",
            Self::Undocumented => "undocumented",
            Self::ViolenceVictims => "violence_victims",
            Self::Addiction => "addiction",
            Self::PrisonLeavers => "prison_leavers",
            Self::Lgbt => "lgbt",
        }
    }
}

/// What using a service costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Price {
    #[default]
    Free,
    /// A symbolic price (a coin, a euro).
    Symbolic,
}

impl Code for Price {
    const CHOICES: &'static [Self] = &[Self::Free, Self::Symbolic];
    fn code(self) -> &'static str {
        match self {
            Self::Free => "free",
            Self::Symbolic => "symbolic",
        }
    }
}

/// How full a service usually is, as its managers say (so a person does not walk an hour to a
/// shelter that is full by six).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Fullness {
    #[default]
    Unknown,
    /// There is usually room.
    Room,
    /// Sometimes full: come early.
    Sometimes,
    /// Usually full.
    Often,
}

impl Code for Fullness {
    const CHOICES: &'static [Self] = &[Self::Unknown, Self::Room, Self::Sometimes, Self::Often];
    fn code(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Room => "room",
            Self::Sometimes => "sometimes",
            Self::Often => "often",
        }
    }
}

/// Days after which a site's information, never checked again, is shown as possibly out of
/// date and flagged to its managers (six months).
pub const STALE_DAYS: i64 = 183;
/// The longest note of a report "this information is wrong".
pub const MAX_REPORT_CHARS: usize = 500;
/// The longest text of a temporary notice.
pub const MAX_NOTICE_CHARS: usize = 300;
/// Sites one `/help` page shows.
pub const HELP_PAGE_SIZE: usize = 20;

/// Why a place is closed on a day it would open, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClosedDay {
    /// A closure notice, with its text.
    Notice(String),
    /// A public holiday and the place closes on them.
    Holiday,
}

/// An opening that lasts this many days or more is shown as "open day and night".
pub const OPEN_NON_STOP_DAYS: u8 = 2;

/// A moment of the coming week as shown: the next opening of a closed place, or when an open
/// one closes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextOpening {
    /// 0 today, 1 tomorrow, more: on `weekday`.
    pub in_days: u8,
    /// Monday 0.
    pub weekday: u8,
    /// Local time, `HH:MM`.
    pub time: String,
}

/// Where a site or a service stands now, computed by the server in the deployment's time zone
/// (`domain::opening::status`) and shown as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NowView {
    /// Open now, until then (0 days: today; 1: tomorrow, after midnight; [`OPEN_NON_STOP_DAYS`]
    /// or more: open day and night as far as the rule looks).
    pub open_until: Option<NextOpening>,
    /// Closed now: when it opens next, within a week.
    pub next: Option<NextOpening>,
    /// Closed all of today although its week opens it today.
    pub closed_today: Option<ClosedDay>,
    /// Closed all of tomorrow although its week opens it tomorrow.
    pub closed_tomorrow: Option<ClosedDay>,
    /// Today is a public holiday and nobody said whether it opens on them.
    pub holiday_unsure: bool,
    /// The messages in force today.
    pub messages: Vec<String>,
    /// No opening hours at all are known.
    pub no_hours: bool,
}

impl NowView {
    pub fn is_open(&self) -> bool {
        self.open_until.is_some()
    }

    /// Opens at some time today (now or later).
    pub fn open_today(&self) -> bool {
        self.is_open() || self.next.as_ref().is_some_and(|n| n.in_days == 0)
    }
}

/// A support site in the `/help` list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteCard {
    pub id: i64,
    pub name: String,
    /// The address, or for a mobile site the place of its next stop.
    pub address: String,
    pub mobile: bool,
    /// From the asker's own point, rounded to 100 m (the site is public; the point is theirs).
    pub distance_m: Option<u32>,
    /// The categories of its services, in taxonomy order, each once.
    pub categories: Vec<ServiceCategory>,
    pub now: NowView,
    /// Every service is unconditional.
    pub unconditional: bool,
    pub phone: String,
    /// Not checked for [`STALE_DAYS`].
    pub stale: bool,
    /// How its venue's accessibility suits the reader's own needs, when they said some (none
    /// when they did not, or when the site is not linked to a described venue).
    pub fit: Option<super::accessibility::Fit>,
}

/// One service of a site, on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceView {
    pub id: i64,
    pub category: ServiceCategory,
    pub conditions: Vec<Condition>,
    /// Empty: for everyone.
    pub publics: Vec<Public>,
    pub pets: bool,
    pub price: Price,
    pub fullness: Fullness,
    /// Its own week (Monday first, `HH:MM-HH:MM, …`), when it differs from the site's.
    pub hours: Option<[String; 7]>,
    /// Its own status, when it has its own hours or notices.
    pub now: Option<NowView>,
    pub note: String,
}

/// A temporary notice, on the site's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i64,
    /// `closure`, `hours` or `message`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub from: String,
    pub to: Option<String>,
    pub text: String,
    /// The service it is about; none: the whole site.
    pub service: Option<ServiceCategory>,
    /// Other hours, Monday first, for a notice of other hours.
    pub hours: Option<[String; 7]>,
}

/// A stop of a mobile site (a food van, a street team).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopView {
    pub id: i64,
    pub place: String,
    /// Monday 0.
    pub weekday: u8,
    pub start: String,
    pub end: String,
}

/// A report "this information is wrong", shown to the site's managers and moderators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub id: i64,
    pub note: String,
    /// `YYYY-MM-DD HH:MM`, local time.
    pub at: String,
}

/// A support site's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub address: String,
    pub mobile: bool,
    pub point: Option<(f64, f64)>,
    pub phone: String,
    pub website: String,
    /// Language codes (`fr`, `ar`, `fa`, …).
    pub languages: Vec<String>,
    /// The organising association on Entraide: id and name.
    pub association: Option<(i64, String)>,
    /// The venue described for accessibility: id, name.
    pub venue: Option<(i64, String)>,
    /// Monday first, `HH:MM-HH:MM, …`, empty when closed.
    pub hours: [String; 7],
    pub holidays: Holidays,
    pub services: Vec<ServiceView>,
    pub notices: Vec<NoticeView>,
    pub stops: Vec<StopView>,
    pub now: NowView,
    /// `YYYY-MM-DD`.
    pub checked_on: String,
    pub stale: bool,
    /// The reader may edit it (a manager of its association, or a moderator).
    pub can_edit: bool,
    /// Open reports, for those who may edit it.
    pub reports: Vec<ReportView>,
    /// For those who may edit it: the described venues near it (id, name), to say which one
    /// describes its accessibility.
    pub venues_near: Vec<(i64, String)>,
}

/// The filters of the `/help` list, as they travel in its address.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HelpQuery {
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    /// A place typed: matched against the sites' names and addresses.
    pub place: String,
    pub category: Option<ServiceCategory>,
    pub open_now: bool,
    pub open_today: bool,
    pub unconditional: bool,
    pub public: Option<Public>,
    /// A language code.
    pub language: String,
    /// Only sites whose venue suits the reader's own accessibility needs.
    pub accessible: bool,
    pub page: u32,
}

impl HelpQuery {
    /// The query from an address's parameters (`get` answers one by name); unknown codes are
    /// ignored rather than refused (a shared link from an older version still shows a list).
    pub fn from_params(get: impl Fn(&str) -> Option<String>, page: u32) -> Self {
        let number = |name: &str| {
            get(name)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite())
        };
        let flag = |name: &str| get(name).is_some_and(|v| !v.is_empty() && v != "0");
        HelpQuery {
            lat: number("lat"),
            lng: number("lng"),
            place: get("place").unwrap_or_default(),
            category: get("category").and_then(|c| ServiceCategory::from_code(&c)),
            open_now: flag("open_now"),
            open_today: flag("open_today"),
            unconditional: flag("unconditional"),
            public: get("public").and_then(|c| Public::from_code(&c)),
            language: get("language").unwrap_or_default(),
            accessible: flag("accessible"),
            page,
        }
    }

    /// Whether any filter of the sites themselves is set (not where, nor the page).
    pub fn filters(&self) -> bool {
        self.category.is_some()
            || self.open_now
            || self.open_today
            || self.unconditional
            || self.public.is_some()
            || !self.language.trim().is_empty()
            || self.accessible
    }
}

/// The languages a site may say it speaks, by code, in their own script (the list's filter
/// and the forms offer these; a site may name others in an import).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("ur", "اردو"),
    ("ps", "پښتو"),
    ("ti", "ትግርኛ"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("uk", "Українська"),
];

/// A service as it is created (from the demo data or an imported file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDraft {
    pub category: ServiceCategory,
    pub conditions: Vec<Condition>,
    pub publics: Vec<Public>,
    pub pets: bool,
    pub price: Price,
    pub fullness: Fullness,
    /// Its own week; none: the site's.
    pub hours: Option<WeeklyHours>,
    pub note: String,
}

/// A stop of a mobile site as it is created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StopDraft {
    pub place: String,
    pub lat: f64,
    pub lng: f64,
    /// Monday 0.
    pub weekday: u8,
    pub start: Minute,
    pub end: Minute,
}

/// A stop of a mobile site as typed in its form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StopForm {
    pub place: String,
    pub lat: String,
    pub lng: String,
    /// Monday 0.
    pub weekday: String,
    /// As people write a time ("9h30").
    pub start: String,
    pub end: String,
}

impl StopForm {
    /// Checks every field; all errors at once. A stop ends the day it starts (a night round
    /// past midnight is two stops).
    pub fn parse(&self) -> Result<StopDraft, super::AppError> {
        use super::error::Errors;
        use super::vocab::text;
        let mut errors = Errors::default();
        let place = errors.take(text(Field::Address, &self.place, 3, 200));
        let point = errors.take(
            match (
                super::vocab::ascii_digits(self.lat.trim()).parse::<f64>(),
                super::vocab::ascii_digits(self.lng.trim()).parse::<f64>(),
            ) {
                (Ok(lat), Ok(lng)) => super::geo::GeoPoint::parse(lat, lng),
                _ => Err(FieldError::new(Field::Location, ErrorCode::InvalidLocation)),
            },
        );
        let weekday = errors.take(
            self.weekday
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|d| *d < 7)
                .ok_or(FieldError::new(Field::Hours, ErrorCode::UnknownChoice)),
        );
        let times = errors.take(
            match (parse_time(&self.start), parse_time(&self.end)) {
                (Some(start), Some(end)) if start < end => Some((start, end)),
                _ => None,
            }
            .ok_or(FieldError::new(Field::Hours, ErrorCode::InvalidHours)),
        );
        errors.finish()?;
        match (place, point, weekday, times) {
            (Some(place), Some(point), Some(weekday), Some((start, end))) => Ok(StopDraft {
                place,
                lat: point.lat,
                lng: point.lng,
                weekday,
                start,
                end,
            }),
            _ => Err(super::AppError::BadRequest),
        }
    }
}

/// A support site as it is created (from the demo data or an imported file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteDraft {
    pub name: String,
    pub description: String,
    pub address: String,
    /// None: a mobile site, found at its stops.
    pub point: Option<(f64, f64)>,
    pub phone: String,
    pub website: String,
    pub languages: Vec<String>,
    pub hours: WeeklyHours,
    pub services: Vec<ServiceDraft>,
    pub stops: Vec<StopDraft>,
}

/// A site's information as typed in its form (every value a string, as sent by a plain HTML
/// form); [`SiteForm::parse`] checks it all at once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteForm {
    pub name: String,
    pub description: String,
    pub address: String,
    /// Degrees; both empty: no fixed point (a mobile site, found at its stops).
    pub lat: String,
    pub lng: String,
    pub phone: String,
    pub website: String,
    /// Language codes of [`LANGUAGES`].
    pub languages: Vec<String>,
    /// Monday first, as people write hours ("9h-12h, 14h-17h30"); empty: closed.
    pub days: [String; 7],
    /// `closed`, `open` or `unknown`.
    pub holidays: String,
    /// The id of the venue that describes its accessibility; empty: none.
    pub venue: String,
}

/// A site's information, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub name: String,
    pub description: String,
    pub address: String,
    pub point: Option<(f64, f64)>,
    pub phone: String,
    pub website: String,
    pub languages: Vec<String>,
    pub hours: WeeklyHours,
    /// The venue that describes its accessibility.
    pub venue: Option<i64>,
}

impl SiteForm {
    /// Checks every field; all errors at once.
    pub fn parse(&self) -> Result<SiteInfo, super::AppError> {
        use super::association::{optional_text, parse_website};
        use super::error::Errors;
        use super::vocab::text;
        let mut errors = Errors::default();
        let name = errors.take(text(Field::Name, &self.name, 2, 120));
        let description = errors.take(optional_text(Field::Description, &self.description, 2_000));
        let address = errors.take(text(Field::Address, &self.address, 3, 200));
        let point = errors.take(match (self.lat.trim(), self.lng.trim()) {
            ("", "") => Ok(None),
            (lat, lng) => match (
                super::vocab::ascii_digits(lat).parse::<f64>(),
                super::vocab::ascii_digits(lng).parse::<f64>(),
            ) {
                (Ok(lat), Ok(lng)) => {
                    super::geo::GeoPoint::parse(lat, lng).map(|p| Some((p.lat, p.lng)))
                }
                _ => Err(FieldError::new(Field::Location, ErrorCode::InvalidLocation)),
            },
        });
        let phone = errors.take(optional_text(Field::Contact, &self.phone, 40));
        let website = errors.take(parse_website(&self.website));
        let mut languages = Vec::new();
        for code in &self.languages {
            match LANGUAGES.iter().find(|(c, _)| c == code) {
                Some((c, _)) if !languages.iter().any(|l: &String| l == c) => {
                    languages.push((*c).to_owned())
                }
                Some(_) => {}
                None => {
                    errors.take::<()>(Err(FieldError::new(
                        Field::Languages,
                        ErrorCode::UnknownChoice,
                    )));
                }
            }
        }
        let days = errors.take(parse_week(&self.days).map_err(|(_, e)| e));
        let holidays = errors.take(match self.holidays.trim() {
            "closed" => Ok(Holidays::Closed),
            "open" => Ok(Holidays::Open),
            "unknown" | "" => Ok(Holidays::Unknown),
            _ => Err(FieldError::new(Field::Hours, ErrorCode::UnknownChoice)),
        });
        let venue = errors.take(match self.venue.trim() {
            "" => Ok(None),
            raw => raw
                .parse::<i64>()
                .map(Some)
                .map_err(|_| FieldError::new(Field::Venue, ErrorCode::UnknownChoice)),
        });
        errors.finish()?;
        match (
            venue,
            name,
            description,
            address,
            point,
            phone,
            website,
            days,
            holidays,
        ) {
            (
                Some(venue),
                Some(name),
                Some(description),
                Some(address),
                Some(point),
                Some(phone),
                Some(website),
                Some(days),
                Some(holidays),
            ) => Ok(SiteInfo {
                name,
                description,
                address,
                point,
                phone,
                website,
                languages,
                hours: WeeklyHours { days, holidays },
                venue,
            }),
            _ => Err(super::AppError::BadRequest),
        }
    }

    /// The form filled with a site's information, to edit it.
    pub fn of(s: &SiteView, week: &[String; 7]) -> Self {
        Self {
            name: s.name.clone(),
            description: s.description.clone(),
            address: s.address.clone(),
            lat: s.point.map(|p| p.0.to_string()).unwrap_or_default(),
            lng: s.point.map(|p| p.1.to_string()).unwrap_or_default(),
            phone: s.phone.clone(),
            website: s.website.clone(),
            languages: s.languages.clone(),
            days: week.clone(),
            holidays: match s.holidays {
                Holidays::Closed => "closed",
                Holidays::Open => "open",
                Holidays::Unknown => "unknown",
            }
            .to_owned(),
            venue: s
                .venue
                .as_ref()
                .map(|v| v.0.to_string())
                .unwrap_or_default(),
        }
    }
}

/// A service as typed in the site's form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceForm {
    pub category: String,
    pub conditions: Vec<String>,
    pub publics: Vec<String>,
    pub pets: bool,
    pub price: String,
    pub fullness: String,
    pub note: String,
    /// Its own week when it differs from the site's, Monday first, as people write hours;
    /// all empty: the site's.
    pub days: [String; 7],
}

impl ServiceForm {
    /// Checks every field; all errors at once. A service without its own hours follows the
    /// site's.
    pub fn parse(&self) -> Result<ServiceDraft, super::AppError> {
        use super::association::optional_text;
        use super::error::Errors;
        use super::vocab::choice;
        let mut errors = Errors::default();
        let category = errors.take(choice::<ServiceCategory>(Field::Category, &self.category));
        let mut conditions = Vec::new();
        for c in &self.conditions {
            if let Some(c) = errors.take(choice::<Condition>(Field::Categories, c))
                && !conditions.contains(&c)
            {
                conditions.push(c);
            }
        }
        let mut publics = Vec::new();
        for p in &self.publics {
            if let Some(p) = errors.take(choice::<Public>(Field::Categories, p))
                && !publics.contains(&p)
            {
                publics.push(p);
            }
        }
        let price = errors.take(match self.price.trim() {
            "" => Ok(Price::Free),
            raw => choice::<Price>(Field::Price, raw),
        });
        let fullness = errors.take(match self.fullness.trim() {
            "" => Ok(Fullness::Unknown),
            raw => choice::<Fullness>(Field::Kind, raw),
        });
        let note = errors.take(optional_text(Field::Note, &self.note, 500));
        // Its own week, if any day is filled; public holidays as at its site (set when added).
        let own = self.days.iter().any(|d| !d.trim().is_empty());
        let days = errors.take(parse_week(&self.days).map_err(|(_, e)| e));
        errors.finish()?;
        match (category, price, fullness, note, days) {
            (Some(category), Some(price), Some(fullness), Some(note), Some(days)) => {
                Ok(ServiceDraft {
                    category,
                    conditions,
                    publics,
                    pets: self.pets,
                    price,
                    fullness,
                    hours: own.then_some(WeeklyHours {
                        days,
                        holidays: Holidays::Unknown,
                    }),
                    note,
                })
            }
            _ => Err(super::AppError::BadRequest),
        }
    }
}

/// `HH:MM` of minutes since midnight.
pub fn hhmm(m: Minute) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// A time of day as people type it: `9`, `9h`, `9h30`, `09:30`, `9.30`, `24h` (the end of the
/// day); minutes since midnight.
pub fn parse_time(raw: &str) -> Option<Minute> {
    let t = super::vocab::ascii_digits(raw.trim()).to_lowercase();
    let (h, m) = match t.find(['h', ':', '.']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t.as_str(), ""),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !(m.is_empty() || (digits(m) && m.len() == 2)) {
        return None;
    }
    let h: Minute = h.parse().ok()?;
    let m: Minute = if m.is_empty() { 0 } else { m.parse().ok()? };
    let total = h * 60 + m;
    (m < 60 && total <= DAY).then_some(total)
}

/// A day's slots as typed: ranges separated by commas or semicolons, each `start-end` (a hyphen,
/// an en dash or "à"); empty is closed. At most [`MAX_SLOTS_PER_DAY`]; slots of one day may not
/// overlap (a night slot runs into the next morning and is checked against the evening only).
pub fn parse_day(raw: &str) -> Result<Vec<Slot>, FieldError> {
    let invalid = FieldError::new(Field::Hours, ErrorCode::InvalidHours);
    let mut slots = Vec::new();
    for part in raw
        .split([',', ';', '،', '؛'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let normalised = part.replace(['–', '—'], "-").replace(" à ", "-");
        let (start, end) = normalised.split_once('-').ok_or(invalid)?;
        let (start, end) = (
            parse_time(start).ok_or(invalid)?,
            parse_time(end).ok_or(invalid)?,
        );
        slots.push(Slot::new(start, end).ok_or(invalid)?);
    }
    if slots.len() > MAX_SLOTS_PER_DAY {
        return Err(invalid);
    }
    slots.sort_by_key(|s| s.start);
    // Within the day: each slot ends (or, overnight, the day ends) before the next starts.
    let day_end = |s: &Slot| if s.overnight() { DAY } else { s.end };
    if slots.windows(2).any(|w| day_end(&w[0]) > w[1].start)
        || slots.iter().rev().skip(1).any(|s| s.overnight())
    {
        return Err(invalid);
    }
    Ok(slots)
}

/// A week's slots as typed, Monday first: each day read by [`parse_day`], and a night slot may
/// not run into the next day's first slot (Sunday night into Monday). On an error, the day
/// (0 is Monday) and why.
pub fn parse_week(days: &[String; 7]) -> Result<[Vec<Slot>; 7], (usize, FieldError)> {
    let mut week: [Vec<Slot>; 7] = Default::default();
    for (i, raw) in days.iter().enumerate() {
        week[i] = parse_day(raw).map_err(|e| (i, e))?;
    }
    for i in 0..7 {
        let next = (i + 1) % 7;
        let spill = week[i].last().filter(|s| s.overnight()).map(|s| s.end);
        if let (Some(end), Some(first)) = (spill, week[next].first())
            && first.start < end
        {
            return Err((next, FieldError::new(Field::Hours, ErrorCode::InvalidHours)));
        }
    }
    Ok(week)
}

/// A day's slots as they are shown in a form again ("09:00-12:00, 14:00-17:30").
pub fn format_day(slots: &[Slot]) -> String {
    slots
        .iter()
        .map(|s| format!("{}-{}", hhmm(s.start), hhmm(s.end)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("9", Some(540))]
    #[case("9h", Some(540))]
    #[case("9h30", Some(570))]
    #[case("09:30", Some(570))]
    #[case(" 9.30 ", Some(570))]
    #[case("0h", Some(0))]
    #[case("24h", Some(1440))]
    #[case("23:59", Some(1439))]
    #[case("24:30", None)]
    #[case("25", None)]
    #[case("9h3", None)]
    #[case("9h60", None)]
    #[case("9:300", None)]
    #[case("", None)]
    #[case("midi", None)]
    #[case("-1", None)]
    fn times_are_read_as_people_write_them(#[case] raw: &str, #[case] minutes: Option<Minute>) {
        assert_eq!(parse_time(raw), minutes, "{raw:?}");
    }

    fn slots(pairs: &[(Minute, Minute)]) -> Vec<Slot> {
        pairs
            .iter()
            .map(|(s, e)| Slot::new(*s, *e).expect("slot"))
            .collect()
    }

    #[rstest]
    #[case("", Ok(vec![]))]
    #[case("9h-12h", Ok(slots(&[(540, 720)])))]
    #[case("14h–17h30, 9h-12h", Ok(slots(&[(540, 720), (840, 1050)])))]
    #[case("9h à 12h ; 14h à 17h", Ok(slots(&[(540, 720), (840, 1020)])))]
    #[case("20h-8h", Ok(slots(&[(1200, 480)])))]
    #[case("7h-9h, 20h-8h", Ok(slots(&[(420, 540), (1200, 480)])))]
    #[case("0h-24h", Ok(slots(&[(0, 1440)])))]
    #[case("9h", Err(()))]
    #[case("9h-9h", Err(()))]
    #[case("9h-12h, 11h-14h", Err(()))]
    #[case("20h-8h, 21h-23h", Err(()))]
    // This morning's early slot and tonight's night slot: the night's end is checked against
    // the next day (see `parse_week`).
    #[case("22h-2h, 1h-3h", Ok(slots(&[(60, 180), (1320, 120)])))]
    #[case("8-9, 10-11, 12-13, 14-15, 16-17", Err(()))]
    #[case("le matin", Err(()))]
    fn a_day_is_read_and_checked(#[case] raw: &str, #[case] expected: Result<Vec<Slot>, ()>) {
        let got = parse_day(raw);
        match expected {
            Ok(s) => assert_eq!(got, Ok(s), "{raw:?}"),
            Err(()) => assert_eq!(
                got,
                Err(FieldError::new(Field::Hours, ErrorCode::InvalidHours)),
                "{raw:?}"
            ),
        }
    }

    #[test]
    fn a_night_may_not_run_into_the_next_morning() {
        let typed = |days: [&str; 7]| days.map(str::to_owned);
        let shelter = typed(["20h-8h"; 7]);
        assert!(parse_week(&shelter).is_ok());
        let mut clash = typed(["", "", "", "", "", "", "20h-8h"]);
        clash[0] = "7h-9h".into();
        assert_eq!(
            parse_week(&clash).map(|_| ()),
            Err((0, FieldError::new(Field::Hours, ErrorCode::InvalidHours))),
            "Sunday night runs into Monday 7h"
        );
        let mut bad_day = typed([""; 7]);
        bad_day[3] = "le matin".into();
        assert_eq!(parse_week(&bad_day).map(|_| ()).map_err(|(d, _)| d), Err(3));
        let mut fine = typed(["9h-12h"; 7]);
        fine[2] = "20h-8h".into();
        assert!(
            parse_week(&fine).is_ok(),
            "Wednesday night ends before Thursday 9h"
        );
    }

    #[test]
    fn a_day_shown_again_reads_back_the_same() {
        for raw in ["9h-12h, 14h-17h30", "20h-8h", "0h-24h", ""] {
            let day = parse_day(raw).expect("valid");
            assert_eq!(parse_day(&format_day(&day)), Ok(day.clone()), "{raw:?}");
        }
        assert_eq!(
            format_day(&slots(&[(540, 720), (840, 1050)])),
            "09:00-12:00, 14:00-17:30"
        );
    }

    #[test]
    fn codes_are_unique_and_read_back() {
        fn check<T: Code + PartialEq + std::fmt::Debug>() {
            let mut seen = std::collections::HashSet::new();
            for c in T::CHOICES {
                assert!(seen.insert(c.code()), "{} twice", c.code());
                assert_eq!(T::from_code(c.code()), Some(*c));
            }
        }
        check::<ServiceCategory>();
        check::<Condition>();
        check::<Public>();
        assert_eq!(ServiceCategory::CHOICES.len(), 11);
    }

    #[test]
    fn a_stop_is_read_or_refused_field_by_field() {
        let form = StopForm {
            place: "Gare Perrache".into(),
            lat: "45.749".into(),
            lng: "4.826".into(),
            weekday: "2".into(),
            start: "19h".into(),
            end: "21h30".into(),
        };
        let stop = form.parse().expect("valid");
        assert_eq!(
            (stop.weekday, stop.start, stop.end, stop.lat),
            (2, 1140, 1290, 45.749)
        );
        let bad = StopForm {
            place: "".into(),
            lat: "north".into(),
            weekday: "7".into(),
            start: "22h".into(),
            end: "21h".into(),
            ..form
        };
        let fields: Vec<Field> = bad
            .parse()
            .expect_err("invalid")
            .field_errors()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [Field::Address, Field::Location, Field::Hours, Field::Hours]
        );
    }

    #[test]
    fn a_service_has_its_own_week_only_when_one_is_typed() {
        let mut form = ServiceForm {
            category: "hygiene".into(),
            ..Default::default()
        };
        assert_eq!(form.parse().expect("valid").hours, None);
        form.days[2] = "8h-10h".into();
        let week = form.parse().expect("valid").hours.expect("own week");
        assert_eq!(week.days[2], slots(&[(480, 600)]));
        assert!(week.days[0].is_empty());
        form.days[3] = "8h-midi".into();
        assert!(form.parse().is_err());
    }

    #[test]
    fn hours_typed_on_a_farsi_urdu_or_arabic_keyboard_are_read() {
        assert_eq!(parse_time("۹:۳۰"), Some(570));
        assert_eq!(parse_time("١٤h"), Some(840));
        assert_eq!(
            parse_day("۹-۱۲، ۱۴-۱۷"),
            Ok(slots(&[(540, 720), (840, 1020)]))
        );
    }
}
