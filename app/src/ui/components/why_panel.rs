//! "Why this match": every factor of a score in plain words, with its points.

use leptos::prelude::*;

use crate::domain::matching::Factor;
use crate::i18n::*;
use crate::ui::text;

#[component]
pub fn WhyPanel(factors: Vec<Factor>, points: u32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="why" data-testid="why">
            <p class="why-title">
                <strong>{t_string!(i18n, why_title)}</strong>
                " · "
                <span data-testid="why-points">{move || t_string!(i18n, points_total, points = points).to_string()}</span>
            </p>
            <ul>
                {factors
                    .into_iter()
                    .map(|f| {
                        let reason = f.reason.clone();
                        view! {
                            <li>
                                <span>{move || text::reason(i18n, &reason)}</span>
                                <span class="why-points">{format!("+{}", f.points)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <a href="/matching" class="muted">{t_string!(i18n, how_matching_works)}</a>
        </div>
    }
}
