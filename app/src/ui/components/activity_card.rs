//! One event or mission in a list: kind, title, association, when, where, places left.

use leptos::prelude::*;

use super::local_time::LocalTime;
use super::why_panel::WhyPanel;
use crate::domain::accessibility::Fit;
use crate::domain::activity::{ActivityKind, ActivitySummary};
use crate::domain::matching::Scored;
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::text;

/// The badge class of a kind (★ events, ♥ missions, as on the map).
pub fn kind_class(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Event => "badge badge-event",
        ActivityKind::Mission => "badge badge-mission",
    }
}

/// The badge class of how a place suits the reader.
pub fn fit_class(fit: Fit) -> &'static str {
    match fit {
        Fit::Suits => "badge badge-ok",
        Fit::DoesNotSuit => "badge badge-no",
        Fit::Unknown => "badge badge-unknown",
    }
}

/// A stable name for how a place suits the reader (tests and styles read it).
pub fn fit_code(fit: Fit) -> &'static str {
    match fit {
        Fit::Suits => "suits",
        Fit::DoesNotSuit => "not",
        Fit::Unknown => "unknown",
    }
}

#[component]
pub fn ActivityCard(
    activity: ActivitySummary,
    /// Why it is proposed to the reader, when it is.
    #[prop(optional)]
    fit: Option<Scored>,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = activity;
    let (kind, category, left, verified) = (a.kind, a.category, a.places_left, a.verified);
    let venue = a.venue.clone();
    let for_you = a.for_you;
    view! {
        <li class="card" data-testid="activity-item" data-kind=kind.code()>
            <span class=kind_class(kind)>{move || text::activity_kind(i18n, kind)}</span>
            <a href=format!("/activities/{}", a.id) class="card-title" dir="auto">{a.title.clone()}</a>
            <p class="card-meta">
                <bdi>{a.association_name.clone()}</bdi>
                {verified.then(|| view! { " " <span class="verified" title=move || t_string!(i18n, verified).to_string()>"✓"</span> })}
                " · " {move || text::category(i18n, category)}
            </p>
            <p class="card-meta"><LocalTime ts=a.starts_at end=a.ends_at /></p>
            <p class="card-meta">
                {if a.online {
                    view! { <span>{t_string!(i18n, online)}</span> }.into_any()
                } else {
                    view! { <bdi>{a.address.clone()}</bdi> }.into_any()
                }}
                " · " <strong data-testid="places-left">{move || text::places_left(i18n, left)}</strong>
            </p>
            {venue.map(|v| view! {
                <p class="card-meta">
                    {t_string!(i18n, held_at_venue)} " "
                    <a href=format!("/venues/{}", v.id) dir="auto">{v.name}</a>
                </p>
            })}
            {for_you.map(|f| view! {
                <p class=fit_class(f) data-testid="for-you" data-fit=fit_code(f)>{move || text::fit(i18n, f)}</p>
            })}
            {fit.map(|f| view! { <WhyPanel factors=f.factors points=f.points /> })}
        </li>
    }
}
