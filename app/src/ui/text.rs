//! Translated words for domain values (categories, kinds, errors, distance bands).
//!
//! Each function reads the current language, so calling it inside a closure keeps the text in
//! step with the language switcher.

use leptos_i18n::I18nContext;

use crate::domain::geo::DistanceBand;
use crate::domain::listing::{Category, ListingKind, Nature};
use crate::domain::matching::Reason;
use crate::domain::notify::NotifyPreference;
use crate::domain::{AppError, ErrorCode};
use crate::i18n::*;

type I18n = I18nContext<Locale>;

pub fn category(i18n: I18n, c: Category) -> String {
    match c {
        Category::Food => t_string!(i18n, cat_food).to_string(),
        Category::Clothing => t_string!(i18n, cat_clothing).to_string(),
        Category::Furniture => t_string!(i18n, cat_furniture).to_string(),
        Category::Tools => t_string!(i18n, cat_tools).to_string(),
        Category::Tutoring => t_string!(i18n, cat_tutoring).to_string(),
        Category::Childcare => t_string!(i18n, cat_childcare).to_string(),
        Category::Errands => t_string!(i18n, cat_errands).to_string(),
        Category::ElderlyCompany => t_string!(i18n, cat_elderly_company).to_string(),
        Category::Repairs => t_string!(i18n, cat_repairs).to_string(),
        Category::ComputerHelp => t_string!(i18n, cat_computer_help).to_string(),
        Category::LanguageExchange => t_string!(i18n, cat_language_exchange).to_string(),
        Category::Transport => t_string!(i18n, cat_transport).to_string(),
        Category::AdministrativeHelp => t_string!(i18n, cat_administrative_help).to_string(),
        Category::PetCare => t_string!(i18n, cat_pet_care).to_string(),
        Category::Health => t_string!(i18n, cat_health).to_string(),
        Category::Other => t_string!(i18n, cat_other).to_string(),
    }
}

pub fn kind(i18n: I18n, k: ListingKind) -> String {
    match k {
        ListingKind::Offer => t_string!(i18n, kind_offer).to_string(),
        ListingKind::Request => t_string!(i18n, kind_request).to_string(),
    }
}

pub fn nature(i18n: I18n, n: Nature) -> String {
    match n {
        Nature::Good => t_string!(i18n, nature_good).to_string(),
        Nature::Service => t_string!(i18n, nature_service).to_string(),
    }
}

/// A person's name as shown to others: "Former member" for an account that was deleted (its
/// name is erased, `backend::account::delete`).
pub fn person(i18n: I18n, name: &str) -> String {
    if name.is_empty() {
        t_string!(i18n, former_member).to_string()
    } else {
        name.to_owned()
    }
}

pub fn price(i18n: I18n, price: i64) -> String {
    if price == 0 {
        t_string!(i18n, free).to_string()
    } else {
        t_string!(i18n, price_units, price = price).to_string()
    }
}

pub fn distance(i18n: I18n, band: DistanceBand) -> String {
    match band {
        DistanceBand::UnderOneKm => t_string!(i18n, dist_under_1).to_string(),
        DistanceBand::OneToThreeKm => t_string!(i18n, dist_1_3).to_string(),
        DistanceBand::ThreeToTenKm => t_string!(i18n, dist_3_10).to_string(),
        DistanceBand::TenToThirtyKm => t_string!(i18n, dist_10_30).to_string(),
        DistanceBand::OverThirtyKm => t_string!(i18n, dist_over_30).to_string(),
    }
}

/// A distance between two listings (a match), in bands.
pub fn apart(i18n: I18n, band: DistanceBand) -> String {
    match band {
        DistanceBand::UnderOneKm => t_string!(i18n, apart_under_1).to_string(),
        DistanceBand::OneToThreeKm => t_string!(i18n, apart_1_3).to_string(),
        DistanceBand::ThreeToTenKm => t_string!(i18n, apart_3_10).to_string(),
        DistanceBand::TenToThirtyKm => t_string!(i18n, apart_10_30).to_string(),
        DistanceBand::OverThirtyKm => t_string!(i18n, apart_over_30).to_string(),
    }
}

/// One reason for a match, in plain words.
pub fn reason(i18n: I18n, r: &Reason) -> String {
    match r {
        Reason::SameCategory(c) => {
            t_string!(i18n, why_same_category, category = category(i18n, *c)).to_string()
        }
        Reason::RelatedCategory { mine, theirs } => t_string!(
            i18n,
            why_related_category,
            mine = category(i18n, *mine),
            theirs = category(i18n, *theirs)
        )
        .to_string(),
        Reason::Distance(band) => apart(i18n, *band),
        Reason::Remote => t_string!(i18n, why_remote).to_string(),
        Reason::Fresh { days: 0 } => t_string!(i18n, why_fresh_today).to_string(),
        Reason::Fresh { days } => t_string!(i18n, why_fresh_days, count = *days).to_string(),
        Reason::CommonLanguage(code) => {
            t_string!(i18n, why_language, language = endonym(code)).to_string()
        }
        Reason::CommonWords(words) => {
            t_string!(i18n, why_words, words = words.join(", ")).to_string()
        }
        Reason::CommonSkills(skills) => {
            t_string!(i18n, why_skills, skills = isolate(&skills.join(", "))).to_string()
        }
    }
}

/// Translated codes joined with commas (categories, kinds of disability…).
pub fn joined<T: Copy>(i18n: I18n, items: &[T], name: fn(I18n, T) -> String) -> String {
    items
        .iter()
        .map(|item| name(i18n, *item))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn notify_preference(i18n: I18n, p: NotifyPreference) -> String {
    match p {
        NotifyPreference::All => t_string!(i18n, notify_all).to_string(),
        NotifyPreference::Best => t_string!(i18n, notify_best).to_string(),
        NotifyPreference::None => t_string!(i18n, notify_none).to_string(),
    }
}

pub fn field_error(i18n: I18n, code: ErrorCode) -> String {
    match code {
        ErrorCode::Required => t_string!(i18n, err_required).to_string(),
        ErrorCode::TooShort { min } => t_string!(i18n, err_too_short, min = min).to_string(),
        ErrorCode::TooLong { max } => t_string!(i18n, err_too_long, max = max).to_string(),
        ErrorCode::InvalidEmail => t_string!(i18n, err_invalid_email).to_string(),
        ErrorCode::EmailTaken => t_string!(i18n, err_email_taken).to_string(),
        ErrorCode::WeakPassword => t_string!(i18n, err_weak_password).to_string(),
        ErrorCode::UnknownChoice => t_string!(i18n, err_unknown_choice).to_string(),
        ErrorCode::OutOfRange { min, max } => {
            t_string!(i18n, err_out_of_range, min = min, max = max).to_string()
        }
        ErrorCode::InvalidLocation => t_string!(i18n, err_invalid_location).to_string(),
        ErrorCode::InvalidUrl => t_string!(i18n, err_invalid_url).to_string(),
        ErrorCode::InThePast => t_string!(i18n, err_in_the_past).to_string(),
        ErrorCode::InvalidHours => t_string!(i18n, err_invalid_hours).to_string(),
        ErrorCode::InvalidDate => t_string!(i18n, err_invalid_date).to_string(),
        ErrorCode::EndsBeforeStart => t_string!(i18n, err_ends_before_start).to_string(),
        ErrorCode::NotAnImage => t_string!(i18n, err_not_an_image).to_string(),
        ErrorCode::FileTooLarge { max_kb } => {
            t_string!(i18n, err_file_too_large, max_kb = max_kb).to_string()
        }
        ErrorCode::ImageTooLarge { max_px } => {
            t_string!(i18n, err_image_too_large, max_px = max_px).to_string()
        }
        ErrorCode::TooManyMoves { per_day } => {
            t_string!(i18n, err_too_many_moves, per_day = per_day).to_string()
        }
    }
}

/// The message for a whole-form error.
pub fn error(i18n: I18n, e: &AppError) -> String {
    match e {
        AppError::NotFound => t_string!(i18n, err_not_found).to_string(),
        AppError::Unauthorized => t_string!(i18n, err_unauthorized).to_string(),
        AppError::Forbidden => t_string!(i18n, err_forbidden).to_string(),
        AppError::Validation(_) => t_string!(i18n, form_has_errors).to_string(),
        AppError::Conflict => t_string!(i18n, err_conflict).to_string(),
        AppError::RateLimited => t_string!(i18n, err_rate_limited).to_string(),
        AppError::InsufficientBalance { balance, price } => t_string!(
            i18n,
            err_insufficient_balance,
            balance = *balance,
            price = *price
        )
        .to_string(),
        AppError::QuotaReached { per_day } => {
            t_string!(i18n, err_quota_reached, count = *per_day).to_string()
        }
        AppError::DailyLimit { per_day } => {
            t_string!(i18n, err_daily_limit, count = *per_day).to_string()
        }
        AppError::DrawPending => t_string!(i18n, err_draw_pending).to_string(),
        AppError::Unverified { per_day } => {
            t_string!(i18n, err_unverified, count = *per_day).to_string()
        }
        AppError::BadRequest => t_string!(i18n, err_bad_request).to_string(),
        AppError::Internal => t_string!(i18n, err_internal).to_string(),
        AppError::Network(_) => t_string!(i18n, err_network).to_string(),
        AppError::Queued => t_string!(i18n, err_queued).to_string(),
    }
}

/// The languages a person can pick from, each named in itself (the same in every interface
/// language).
pub fn endonym(code: &str) -> &'static str {
    match code {
        "fr" => "Français",
        "en" => "English",
        "ar" => "العربية",
        "fa" => "فارسی",
        "ur" => "اردو",
        "es" => "Español",
        "de" => "Deutsch",
        "it" => "Italiano",
        "pt" => "Português",
        "uk" => "Українська",
        "ru" => "Русский",
        "tr" => "Türkçe",
        "ps" => "پښتو",
        "ti" => "ትግርኛ",
        "so" => "Soomaali",
        "wo" => "Wolof",
        _ => "?",
    }
}

/// A date (seconds since the epoch) as `YYYY-MM-DD`, readable in every language.
pub fn date(ts: i64) -> String {
    // Civil-from-days (Howard Hinnant's algorithm): no date crate needed in the wasm bundle.
    let z = ts.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A moment (seconds since the epoch) as `YYYY-MM-DD HH:MM`, in UTC: the server and the browser
/// render the same text, so hydration agrees.
pub fn date_time(ts: i64) -> String {
    let secs = ts.rem_euclid(86_400);
    format!("{} {:02}:{:02}", date(ts), secs / 3_600, secs % 3_600 / 60)
}

pub fn exchange_state(i18n: I18n, s: crate::domain::exchange::ExchangeState) -> String {
    use crate::domain::exchange::ExchangeState as S;
    match s {
        S::Proposed => t_string!(i18n, state_proposed).to_string(),
        S::Accepted => t_string!(i18n, state_accepted).to_string(),
        S::Completed => t_string!(i18n, state_completed).to_string(),
        S::Cancelled => t_string!(i18n, state_cancelled).to_string(),
        S::Declined => t_string!(i18n, state_declined).to_string(),
        S::Disputed => t_string!(i18n, state_disputed).to_string(),
    }
}

pub fn transfer_reason(i18n: I18n, r: crate::domain::ledger::TransferReason) -> String {
    use crate::domain::ledger::TransferReason as R;
    match r {
        R::WelcomeGrant => t_string!(i18n, reason_welcome_grant).to_string(),
        R::WeeklyGrant => t_string!(i18n, reason_weekly_grant).to_string(),
        R::ExchangeHold => t_string!(i18n, reason_exchange_hold).to_string(),
        R::ExchangeRelease => t_string!(i18n, reason_exchange_release).to_string(),
        R::Refund => t_string!(i18n, reason_refund).to_string(),
        R::Correction => t_string!(i18n, reason_correction).to_string(),
    }
}

pub fn private_reason(i18n: I18n, r: crate::domain::exchange::PrivateReason) -> String {
    use crate::domain::exchange::PrivateReason as R;
    match r {
        R::NoShow => t_string!(i18n, review_reason_no_show).to_string(),
        R::Late => t_string!(i18n, review_reason_late).to_string(),
        R::Rude => t_string!(i18n, review_reason_rude).to_string(),
    }
}

/// The currency's name: the deployment's own, or this language's word for "credits".
pub fn currency(i18n: I18n, name: &Option<String>) -> String {
    name.clone()
        .unwrap_or_else(|| t_string!(i18n, currency_default_name).to_string())
}

pub fn activity_kind(i18n: I18n, k: crate::domain::activity::ActivityKind) -> String {
    use crate::domain::activity::ActivityKind as K;
    match k {
        K::Event => t_string!(i18n, activity_event).to_string(),
        K::Mission => t_string!(i18n, activity_mission).to_string(),
    }
}

/// How a place suits the reader's needs, in words.
pub fn fit(i18n: I18n, f: crate::domain::accessibility::Fit) -> String {
    use crate::domain::accessibility::Fit as F;
    match f {
        F::Suits => t_string!(i18n, fit_suits).to_string(),
        F::DoesNotSuit => t_string!(i18n, fit_not).to_string(),
        F::Unknown => t_string!(i18n, fit_unknown).to_string(),
    }
}

pub fn member_role(i18n: I18n, r: crate::domain::association::MemberRole) -> String {
    use crate::domain::association::MemberRole as R;
    match r {
        R::Member => t_string!(i18n, role_member).to_string(),
        R::Manager => t_string!(i18n, role_manager).to_string(),
        R::Owner => t_string!(i18n, role_owner).to_string(),
    }
}

/// Where someone stands on a slot; `position` is their place in the waiting line.
pub fn signup_status(
    i18n: I18n,
    s: crate::domain::activity::SignupStatus,
    position: Option<i64>,
) -> String {
    use crate::domain::activity::SignupStatus as S;
    match s {
        S::Pending => t_string!(i18n, status_pending).to_string(),
        S::Registered => t_string!(i18n, status_registered).to_string(),
        S::Waiting => t_string!(i18n, status_waiting, position = position.unwrap_or(0)).to_string(),
        S::Cancelled => t_string!(i18n, status_cancelled).to_string(),
        S::Declined => t_string!(i18n, status_declined).to_string(),
        S::Attended => t_string!(i18n, status_attended).to_string(),
        S::Absent => t_string!(i18n, status_absent).to_string(),
    }
}

/// Places left on a slot (`None`: no limit).
pub fn places_left(i18n: I18n, left: Option<i64>) -> String {
    match left {
        None => t_string!(i18n, places_unlimited).to_string(),
        Some(0) => t_string!(i18n, places_full).to_string(),
        Some(n) => t_string!(i18n, places_left, count = n).to_string(),
    }
}

/// A name written by a person, kept in its own direction inside a sentence of another script
/// (first-strong isolate … pop directional isolate).
pub fn isolate(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

/// Minutes as `H h MM`, the same in every language (digits read left to right).
pub fn hours(minutes: i64) -> String {
    format!("{} h {:02}", minutes / 60, minutes % 60)
}

pub fn question(i18n: I18n, q: crate::domain::accessibility::Question) -> String {
    use crate::domain::accessibility::Question as Q;
    match q {
        Q::StepFreeEntrance => t_string!(i18n, q_entree_plain_pied).to_string(),
        Q::EntranceSteps => t_string!(i18n, q_entree_marches).to_string(),
        Q::DoorWidth => t_string!(i18n, q_entree_largeur_mini).to_string(),
        Q::RevolvingDoor => t_string!(i18n, q_entree_porte_manoeuvre).to_string(),
        Q::StepFreeToReception => t_string!(i18n, q_accueil_cheminement_plain_pied).to_string(),
        Q::RoughOutsidePath => t_string!(i18n, q_cheminement_ext_terrain_accidente).to_string(),
        Q::AccessibleToilet => t_string!(i18n, q_sanitaires_adaptes).to_string(),
        Q::DisabledParking => t_string!(i18n, q_stationnement_pmr).to_string(),
        Q::TransportNearby => t_string!(i18n, q_transport_station_presence).to_string(),
        Q::CallDevice => t_string!(i18n, q_entree_dispositif_appel).to_string(),
        Q::ContrastMarking => t_string!(i18n, q_entree_vitree_vitrophanie).to_string(),
        Q::GuideStrip => t_string!(i18n, q_entree_balise_sonore).to_string(),
        Q::AudioDescription => t_string!(i18n, q_accueil_audiodescription).to_string(),
        Q::HearingLoop => t_string!(i18n, q_accueil_equipements_malentendants_bim).to_string(),
        Q::SignLanguage => t_string!(i18n, q_accueil_equipements_malentendants_lsf).to_string(),
        Q::TrainedStaff => t_string!(i18n, q_accueil_personnels).to_string(),
        Q::VisibleReception => t_string!(i18n, q_accueil_visibilite).to_string(),
        Q::EasyToRead => t_string!(i18n, q_signaletique_facile_a_lire).to_string(),
    }
}

pub fn need(i18n: I18n, n: crate::domain::accessibility::Need) -> String {
    use crate::domain::accessibility::Need as N;
    match n {
        N::Wheelchair => t_string!(i18n, need_wheelchair).to_string(),
        N::Walking => t_string!(i18n, need_walking).to_string(),
        N::Visual => t_string!(i18n, need_visual).to_string(),
        N::Hearing => t_string!(i18n, need_hearing).to_string(),
        N::Cognitive => t_string!(i18n, need_cognitive).to_string(),
    }
}

pub fn level(i18n: I18n, l: crate::domain::accessibility::Level) -> String {
    use crate::domain::accessibility::Level as L;
    match l {
        L::Accessible => t_string!(i18n, level_accessible).to_string(),
        L::Partly => t_string!(i18n, level_partly).to_string(),
        L::NotAccessible => t_string!(i18n, level_not_accessible).to_string(),
        L::Unknown => t_string!(i18n, level_unknown).to_string(),
    }
}

pub fn wheelchair_grade(i18n: I18n, g: crate::domain::accessibility::WheelchairGrade) -> String {
    use crate::domain::accessibility::WheelchairGrade as G;
    match g {
        G::Fully => t_string!(i18n, grade_fully).to_string(),
        G::Partially => t_string!(i18n, grade_partially).to_string(),
        G::Not => t_string!(i18n, grade_not).to_string(),
    }
}

/// A criterion in words, from the question it reads: "Hearing loop", "No: Revolving door or
/// turnstile", "Number of steps at the entrance: at most 1". Put together from plain words
/// rather than interpolated sentences: each interpolated key costs code in the wasm, and the
/// three languages say these in the same order.
pub fn criterion(i18n: I18n, c: crate::domain::accessibility::Criterion) -> String {
    use crate::domain::accessibility::Criterion as C;
    match c {
        C::Yes(q) => question(i18n, q),
        C::No(q) => format!("{} {}", t_string!(i18n, crit_no), question(i18n, q)),
        C::AtMost(q, n) => format!("{}{} {n}", question(i18n, q), t_string!(i18n, crit_at_most)),
        C::AtLeast(q, n) => format!(
            "{}{} {n}",
            question(i18n, q),
            t_string!(i18n, crit_at_least)
        ),
        C::Either(a, b) => format!(
            "{}{} {}",
            criterion(i18n, *a),
            t_string!(i18n, crit_or_else),
            criterion(i18n, *b)
        ),
    }
}

pub fn venue_kind(i18n: I18n, k: crate::domain::venue::VenueKind) -> String {
    use crate::domain::venue::VenueKind as K;
    match k {
        K::TownHall => t_string!(i18n, vk_town_hall).to_string(),
        K::Library => t_string!(i18n, vk_library).to_string(),
        K::School => t_string!(i18n, vk_school).to_string(),
        K::HealthCentre => t_string!(i18n, vk_health_centre).to_string(),
        K::Pharmacy => t_string!(i18n, vk_pharmacy).to_string(),
        K::Shop => t_string!(i18n, vk_shop).to_string(),
        K::Cafe => t_string!(i18n, vk_cafe).to_string(),
        K::Sports => t_string!(i18n, vk_sports).to_string(),
        K::Culture => t_string!(i18n, vk_culture).to_string(),
        K::Worship => t_string!(i18n, vk_worship).to_string(),
        K::AssociationPremises => t_string!(i18n, vk_association_premises).to_string(),
        K::TransportStation => t_string!(i18n, vk_transport_station).to_string(),
        K::Other => t_string!(i18n, vk_other).to_string(),
    }
}

/// An accessibility answer in words ("I don't know" for none).
pub fn answer(i18n: I18n, a: Option<crate::domain::accessibility::Answer>) -> String {
    use crate::domain::accessibility::Answer as A;
    match a {
        Some(A::Yes) => t_string!(i18n, answer_yes).to_string(),
        Some(A::No) => t_string!(i18n, answer_no).to_string(),
        Some(A::Number(n)) => n.to_string(),
        None => t_string!(i18n, answer_unknown).to_string(),
    }
}

pub fn service_category(i18n: I18n, c: crate::domain::support::ServiceCategory) -> String {
    use crate::domain::support::ServiceCategory as C;
    match c {
        C::Food => t_string!(i18n, scat_food).to_string(),
        C::Hygiene => t_string!(i18n, scat_hygiene).to_string(),
        C::Housing => t_string!(i18n, scat_housing).to_string(),
        C::Health => t_string!(i18n, scat_health).to_string(),
        C::Welcome => t_string!(i18n, scat_welcome).to_string(),
        C::Advice => t_string!(i18n, scat_advice).to_string(),
        C::Equipment => t_string!(i18n, scat_equipment).to_string(),
        C::Digital => t_string!(i18n, scat_digital).to_string(),
        C::Mobility => t_string!(i18n, scat_mobility).to_string(),
        C::TrainingJobs => t_string!(i18n, scat_training_jobs).to_string(),
        C::Activities => t_string!(i18n, scat_activities).to_string(),
    }
}

pub fn condition(i18n: I18n, c: crate::domain::support::Condition) -> String {
    use crate::domain::support::Condition as C;
    match c {
        C::Unconditional => t_string!(i18n, cond_unconditional).to_string(),
        C::Appointment => t_string!(i18n, cond_appointment).to_string(),
        C::Referral => t_string!(i18n, cond_referral).to_string(),
        C::Registration => t_string!(i18n, cond_registration).to_string(),
    }
}

pub fn public(i18n: I18n, p: crate::domain::support::Public) -> String {
    use crate::domain::support::Public as P;
    match p {
        P::Women => t_string!(i18n, pub_women).to_string(),
        P::Men => t_string!(i18n, pub_men).to_string(),
        P::Families => t_string!(i18n, pub_families).to_string(),
        P::Young => t_string!(i18n, pub_young).to_string(),
        P::Students => t_string!(i18n, pub_students).to_string(),
        P::AsylumSeekers => t_string!(i18n, pub_asylum_seekers).to_string(),
        P::Refugees => t_string!(i18n, pub_refugees).to_string(),
        P::Undocumented => t_string!(i18n, pub_undocumented).to_string(),
        P::ViolenceVictims => t_string!(i18n, pub_violence_victims).to_string(),
        P::Addiction => t_string!(i18n, pub_addiction).to_string(),
        P::PrisonLeavers => t_string!(i18n, pub_prison_leavers).to_string(),
        P::Lgbt => t_string!(i18n, pub_lgbt).to_string(),
    }
}

pub fn fullness(i18n: I18n, f: crate::domain::support::Fullness) -> String {
    use crate::domain::support::Fullness as F;
    match f {
        F::Unknown => t_string!(i18n, fullness_unknown).to_string(),
        F::Room => t_string!(i18n, fullness_room).to_string(),
        F::Sometimes => t_string!(i18n, fullness_sometimes).to_string(),
        F::Often => t_string!(i18n, fullness_often).to_string(),
    }
}

/// A day of the week, Monday 0.
pub fn weekday(i18n: I18n, day: u8) -> String {
    match day {
        0 => t_string!(i18n, wd_0).to_string(),
        1 => t_string!(i18n, wd_1).to_string(),
        2 => t_string!(i18n, wd_2).to_string(),
        3 => t_string!(i18n, wd_3).to_string(),
        4 => t_string!(i18n, wd_4).to_string(),
        5 => t_string!(i18n, wd_5).to_string(),
        _ => t_string!(i18n, wd_6).to_string(),
    }
}

/// Where a support site stands now, in one line ("Open until 17:00", "Closed: opens tomorrow
/// at 09:00", "Hours unknown: call before you go").
pub fn now_line(i18n: I18n, now: &crate::domain::support::NowView) -> String {
    if let Some(until) = &now.open_until {
        let time = until.time.clone();
        return match until.in_days {
            0 => t_string!(i18n, help_open_until, time = time).to_string(),
            1 if time == "00:00" => t_string!(i18n, help_open_until_midnight).to_string(),
            1 => t_string!(i18n, help_open_until_tomorrow, time = time).to_string(),
            _ => t_string!(i18n, help_open_non_stop).to_string(),
        };
    }
    if now.no_hours {
        return t_string!(i18n, help_no_hours).to_string();
    }
    match &now.next {
        Some(n) => {
            let time = n.time.clone();
            match n.in_days {
                0 => t_string!(i18n, help_opens_today, time = time).to_string(),
                1 => t_string!(i18n, help_opens_tomorrow, time = time).to_string(),
                _ => {
                    let day = weekday(i18n, n.weekday);
                    t_string!(i18n, help_opens_on, day = day, time = time).to_string()
                }
            }
        }
        None => t_string!(i18n, help_no_opening).to_string(),
    }
}

/// Why a support site is closed all of today or tomorrow, when it is ("Closed today (works)").
pub fn closed_lines(i18n: I18n, now: &crate::domain::support::NowView) -> Vec<String> {
    use crate::domain::support::ClosedDay;
    let mut out = Vec::new();
    match &now.closed_today {
        Some(ClosedDay::Notice(why)) if !why.trim().is_empty() => {
            let why = why.clone();
            out.push(t_string!(i18n, help_closed_today_why, why = why).to_string());
        }
        Some(ClosedDay::Notice(_)) => out.push(t_string!(i18n, help_closed_today).to_string()),
        Some(ClosedDay::Holiday) => {
            out.push(t_string!(i18n, help_closed_today_holiday).to_string())
        }
        None => {}
    }
    match &now.closed_tomorrow {
        Some(ClosedDay::Notice(why)) if !why.trim().is_empty() => {
            let why = why.clone();
            out.push(t_string!(i18n, help_closed_tomorrow_why, why = why).to_string());
        }
        Some(ClosedDay::Notice(_)) => out.push(t_string!(i18n, help_closed_tomorrow).to_string()),
        Some(ClosedDay::Holiday) => {
            out.push(t_string!(i18n, help_closed_tomorrow_holiday).to_string())
        }
        None => {}
    }
    if now.holiday_unsure {
        out.push(t_string!(i18n, help_holiday_unsure).to_string());
    }
    out
}

/// A distance from the asker's own point: metres under a kilometre, else kilometres with one
/// decimal (a comma in French).
pub fn metres(i18n: I18n, m: u32) -> String {
    if m < 1000 {
        return t_string!(i18n, help_distance_m, m = m).to_string();
    }
    let km = format!("{:.1}", f64::from(m) / 1000.0);
    let km = if i18n.get_locale_untracked() == Locale::fr {
        km.replace('.', ",")
    } else {
        km
    };
    t_string!(i18n, help_distance_km, km = km).to_string()
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_795_219_200), "2026-11-21");
    }

    #[test]
    fn hours_read_the_same_everywhere() {
        assert_eq!(super::hours(120), "2 h 00");
        assert_eq!(super::hours(95), "1 h 35");
    }

    /// Every sentence exists in every language, with the same values to fill in: a key missing
    /// in one language would show another language's sentence to someone who cannot read it.
    /// (Plural forms may differ: Arabic has more of them than English.)
    #[cfg(feature = "ssr")]
    #[test]
    fn every_key_is_in_every_language_with_the_same_values() {
        use std::collections::BTreeSet;
        let read = |lang: &str| -> serde_json::Map<String, serde_json::Value> {
            let path = format!("{}/locales/{lang}.json", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).expect("locale file");
            serde_json::from_str(&text).expect("locale JSON")
        };
        let values = |s: &str| -> BTreeSet<String> {
            s.split("{{")
                .skip(1)
                .filter_map(|p| p.split("}}").next())
                .map(|v| v.trim().to_owned())
                .collect()
        };
        let plural = |k: &str| {
            ["_zero", "_one", "_two", "_few", "_many", "_other"]
                .iter()
                .any(|s| k.ends_with(s))
        };
        let en = read("en");
        for lang in ["fr", "ar", "fa", "ur"] {
            let other = read(lang);
            for (key, value) in &en {
                let theirs = other.get(key);
                assert!(theirs.is_some(), "{lang} lacks {key}");
                if !plural(key) {
                    assert_eq!(
                        values(value.as_str().unwrap_or_default()),
                        values(theirs.and_then(|v| v.as_str()).unwrap_or_default()),
                        "{lang}: {key} fills in other values"
                    );
                }
            }
        }
    }
}
