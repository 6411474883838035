//! "How matching works", written from the constants the matcher uses (`domain::matching`), so
//! the page cannot drift from the code. Read-only text, written with `ui::html` (see there why).

use leptos::prelude::*;

use crate::domain::geo::DistanceBand;
use crate::domain::matching::{
    DEFAULT_NOTIFY_BEST, FRESH_DAYS, MAX_NEARBY_CANDIDATES, MAX_PROPOSED_MISSIONS,
    MAX_REMOTE_CANDIDATES, MAX_STORED_MATCHES, MISSION_RADIUS_KM, RELATED, REPORT_WINDOW_DAYS,
    WEIGHTS, distance_points,
};
use crate::domain::vocab::RADIUS_CHOICES_KM;
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::html::Html;
use crate::ui::text;

#[component]
pub fn MatchingRulesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta title=t_string!(i18n, rules_title).to_string() />
        <div class="narrow prose" data-testid="matching-rules" inner_html=move || rules(i18n) />
    }
}

fn rules(i18n: leptos_i18n::I18nContext<Locale>) -> String {
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
    let mut h = Html::new();
    let row = |h: &mut Html, label: &str, points: u32| {
        h.open("tr", &[])
            .el("td", &[], label)
            .el("td", &[("class", "num")], &format!("+{points}"))
            .close("tr");
    };
    h.el("h1", &[], t_string!(i18n, rules_title));
    h.el("p", &[], t_string!(i18n, rules_intro));
    h.el("h2", &[], t_string!(i18n, rules_who_heading));
    h.open("ul", &[]);
    h.el("li", &[], t_string!(i18n, rules_who_kinds));
    h.el("li", &[], t_string!(i18n, rules_who_category));
    h.el(
        "li",
        &[],
        &t_string!(i18n, rules_who_radius, radii = radii).to_string(),
    );
    h.el(
        "li",
        &[],
        &t_string!(i18n, rules_who_nearby, count = MAX_NEARBY_CANDIDATES).to_string(),
    );
    h.el(
        "li",
        &[],
        &t_string!(i18n, rules_who_remote, count = MAX_REMOTE_CANDIDATES).to_string(),
    );
    h.el("li", &[], t_string!(i18n, rules_who_not_own));
    h.close("ul");
    h.el("h2", &[], t_string!(i18n, rules_points_heading));
    h.open("table", &[("class", "rules"), ("data-testid", "weights")]);
    h.open("thead", &[]).open("tr", &[]);
    h.el("th", &[], t_string!(i18n, rules_factor));
    h.el("th", &[], t_string!(i18n, rules_points));
    h.close("tr").close("thead").open("tbody", &[]);
    row(
        &mut h,
        t_string!(i18n, rules_same_category),
        w.same_category,
    );
    row(
        &mut h,
        t_string!(i18n, rules_related_category),
        w.related_category,
    );
    for b in bands {
        row(&mut h, &text::apart(i18n, b), distance_points(b));
    }
    row(&mut h, t_string!(i18n, why_remote), w.remote);
    for (days, points) in FRESH_DAYS.iter().zip(w.fresh) {
        row(
            &mut h,
            &t_string!(i18n, rules_fresh, count = *days).to_string(),
            points,
        );
    }
    row(&mut h, t_string!(i18n, rules_language), w.common_language);
    row(
        &mut h,
        &t_string!(i18n, rules_words, max = w.max_common_words).to_string(),
        w.common_word,
    );
    h.close("tbody").close("table");
    h.el("h2", &[], t_string!(i18n, rules_missions_title));
    h.el(
        "p",
        &[("data-testid", "rules-missions")],
        &t_string!(
            i18n,
            rules_missions,
            km = MISSION_RADIUS_KM,
            skill = w.common_skill,
            max = w.max_common_skills,
            remote = w.remote,
            language = w.common_language,
            count = MAX_PROPOSED_MISSIONS
        )
        .to_string(),
    );
    h.el("h2", &[], t_string!(i18n, rules_related_heading));
    h.open("ul", &[]);
    for (a, b) in RELATED {
        h.el(
            "li",
            &[],
            &format!("{} ↔ {}", text::category(i18n, a), text::category(i18n, b)),
        );
    }
    h.close("ul");
    h.el("h2", &[], t_string!(i18n, rules_notify_heading));
    h.el(
        "p",
        &[],
        &t_string!(
            i18n,
            rules_notify,
            best = DEFAULT_NOTIFY_BEST,
            kept = MAX_STORED_MATCHES
        )
        .to_string(),
    );
    h.el("h2", &[], t_string!(i18n, rules_reports_heading));
    h.el(
        "p",
        &[("data-testid", "rules-reports")],
        &t_string!(i18n, rules_reports, days = REPORT_WINDOW_DAYS).to_string(),
    );
    h.el("p", &[], t_string!(i18n, rules_privacy));
    h.finish()
}
