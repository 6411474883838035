//! "How matching works", written from the constants the matcher uses (`domain::matching`), so
//! the page cannot drift from the code.

use leptos::prelude::*;

use crate::domain::geo::DistanceBand;
use crate::domain::matching::{
    DEFAULT_NOTIFY_BEST, FRESH_DAYS, MAX_NEARBY_CANDIDATES, MAX_PROPOSED_MISSIONS,
    MAX_REMOTE_CANDIDATES, MAX_STORED_MATCHES, MISSION_RADIUS_KM, RELATED, REPORT_WINDOW_DAYS,
    WEIGHTS, distance_points,
};
use crate::domain::vocab::RADIUS_CHOICES_KM;
use crate::i18n::*;
use crate::ui::text;

#[component]
pub fn MatchingRulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let w = WEIGHTS;
    let bands = [
        DistanceBand::UnderOneKm,
        DistanceBand::OneToThreeKm,
        DistanceBand::ThreeToTenKm,
        DistanceBand::TenToThirtyKm,
    ];
    let radii = RADIUS_CHOICES_KM
        .iter()
        .map(|km| km.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let row = |label: AnyView, points: u32| {
        view! { <tr><td>{label}</td><td class="num">{format!("+{points}")}</td></tr> }
    };
    view! {
        <div class="narrow prose" data-testid="matching-rules">
            <h1>{t!(i18n, rules_title)}</h1>
            <p>{t!(i18n, rules_intro)}</p>
            <h2>{t!(i18n, rules_who_heading)}</h2>
            <ul>
                <li>{t!(i18n, rules_who_kinds)}</li>
                <li>{t!(i18n, rules_who_category)}</li>
                <li>{move || t_string!(i18n, rules_who_radius, radii = radii.clone()).to_string()}</li>
                <li>{move || t_string!(i18n, rules_who_nearby, count = MAX_NEARBY_CANDIDATES).to_string()}</li>
                <li>{move || t_string!(i18n, rules_who_remote, count = MAX_REMOTE_CANDIDATES).to_string()}</li>
                <li>{t!(i18n, rules_who_not_own)}</li>
            </ul>
            <h2>{t!(i18n, rules_points_heading)}</h2>
            <table class="rules" data-testid="weights">
                <thead><tr><th>{t!(i18n, rules_factor)}</th><th>{t!(i18n, rules_points)}</th></tr></thead>
                <tbody>
                    {row(t!(i18n, rules_same_category).into_any(), w.same_category)}
                    {row(t!(i18n, rules_related_category).into_any(), w.related_category)}
                    {bands.into_iter().map(|b| row(
                        view! { {move || text::apart(i18n, b)} }.into_any(),
                        distance_points(b),
                    )).collect_view()}
                    {row(t!(i18n, why_remote).into_any(), w.remote)}
                    {FRESH_DAYS.iter().zip(w.fresh).map(|(days, points)| {
                        let days = *days;
                        row(view! { {move || t_string!(i18n, rules_fresh, count = days).to_string()} }.into_any(), points)
                    }).collect_view()}
                    {row(t!(i18n, rules_language).into_any(), w.common_language)}
                    {row(
                        view! { {move || t_string!(i18n, rules_words, max = w.max_common_words).to_string()} }.into_any(),
                        w.common_word,
                    )}
                </tbody>
            </table>
            <h2>{t!(i18n, rules_missions_title)}</h2>
            <p data-testid="rules-missions">{move || t_string!(
                i18n,
                rules_missions,
                km = MISSION_RADIUS_KM,
                skill = w.common_skill,
                max = w.max_common_skills,
                remote = w.remote,
                language = w.common_language,
                count = MAX_PROPOSED_MISSIONS
            ).to_string()}</p>
            <h2>{t!(i18n, rules_related_heading)}</h2>
            <ul>
                {RELATED.iter().map(|(a, b)| {
                    let (a, b) = (*a, *b);
                    view! { <li>{move || text::category(i18n, a)} " ↔ " {move || text::category(i18n, b)}</li> }
                }).collect_view()}
            </ul>
            <h2>{t!(i18n, rules_notify_heading)}</h2>
            <p>{move || t_string!(i18n, rules_notify, best = DEFAULT_NOTIFY_BEST, kept = MAX_STORED_MATCHES).to_string()}</p>
            <h2>{t!(i18n, rules_reports_heading)}</h2>
            <p data-testid="rules-reports">{move || t_string!(
                i18n,
                rules_reports,
                days = REPORT_WINDOW_DAYS
            ).to_string()}</p>
            <p>{t!(i18n, rules_privacy)}</p>
        </div>
    }
}
