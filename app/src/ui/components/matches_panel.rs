//! The matches of one of my listings, best first, each with its reasons and a "not relevant".

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::matching::{DismissMatch, OpenMatch, listing_matches};
use crate::domain::AppError;
use crate::domain::notify::MatchView;
use crate::i18n::*;
use crate::ui::browser_data::browser_data;
use crate::ui::components::why_panel::WhyPanel;
use crate::ui::text;

/// The matches of a listing, loaded by the browser (for its author: only the author's island
/// asks) and refreshed after each "not relevant" (see [`browser_data`]).
pub fn listing_matches_data(
    listing_id: i64,
    dismiss: Command<DismissMatch>,
) -> Signal<Option<Result<Vec<MatchView>, AppError>>> {
    let matches = LocalResource::new(move || {
        dismiss.version().track();
        listing_matches(listing_id)
    });
    browser_data(matches)
}

#[component]
pub fn MatchesPanel(
    /// Read by the page (see [`listing_matches_data`]).
    matches: Signal<Option<Result<Vec<MatchView>, AppError>>>,
    dismiss: Command<DismissMatch>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = Command::<OpenMatch>::new();
    view! {
        <section class="matches" aria-labelledby="matches-heading" data-testid="matches">
            <h2 id="matches-heading">{t_string!(i18n, matches_heading)}</h2>
            // No `Transition`: the server always shows "loading" here, and so does the first
            // render in the browser, until the local resource answers.
            {move || match matches.get() {
                None => view! { <p>{t_string!(i18n, loading)}</p> }.into_any(),
                Some(r) => match r {
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="muted" data-testid="no-match">{t_string!(i18n, no_match_yet)}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="cards">
                            {list.into_iter().map(|m| view! { <MatchCard m dismiss open /> }).collect_view()}
                        </ul>
                    }.into_any(),
                },
            }}
        </section>
    }
}

#[component]
fn MatchCard(
    m: MatchView,
    dismiss: Command<DismissMatch>,
    open: Command<OpenMatch>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, kind, other_id) = (m.id, m.other.kind, m.other.id);
    view! {
        <li class="card match-card" data-testid="match">
            <p>
                <span class=format!("badge badge-{}", crate::domain::vocab::Code::code(kind))>
                    {move || text::kind(i18n, kind)}
                </span>
                {(m.state == crate::domain::notify::MatchState::New)
                    .then(|| view! { " " <span class="badge badge-new">{t_string!(i18n, new_badge)}</span> })}
            </p>
            <h3>
                <a href=format!("/listings/{other_id}") on:click=move |_| { open.dispatch(OpenMatch { id }); }>
                    {m.other.title.clone()}
                </a>
            </h3>
            <p class="card-meta">{t_string!(i18n, posted_by)} " " {m.other_author.clone()}</p>
            <WhyPanel factors=m.factors.clone() points=m.points />
            <button type="button" class="secondary" data-testid="dismiss"
                on:click=move |_| { dismiss.dispatch(DismissMatch { id }); }>
                {t_string!(i18n, dismiss_match)}
            </button>
        </li>
    }
}
