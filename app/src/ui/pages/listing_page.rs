//! One listing: what, by whom, roughly where and how far; its author can edit or withdraw it.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::draws::listing_draw;
use crate::api::listings::{WithdrawListing, get_listing};
use crate::domain::listing::{ListingKind, ListingStatus, ListingView};
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::browser_data::browser_data;
use crate::ui::components::draw_panel::{DrawPanel, StartDrawPanel};
use crate::ui::components::exchange_panel::{ExchangePanel, ProposalsPanel, listing_proposals};
use crate::ui::components::map::area_map::AreaMap;
use crate::ui::components::matches_panel::{MatchesPanel, listing_matches_data};
use crate::ui::components::note_action::provide_note_drafts;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text;

/// The page, rendered on the server; the panels (proposals, draws, matches), the map and the
/// author's actions are islands.
#[component]
pub fn ListingPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::use_id_param();
    let auth = use_auth();
    let listing = Resource::new(move || id, get_listing);
    view! {
        <div class="narrow">
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || listing.get().zip(auth.user.get()).map(|(r, _)| match r {
                    Ok(l) => view! { <ListingDetails l /> }.into_any(),
                    Err(e) => view! {
                        <h1>{t_string!(i18n, not_found_title)}</h1>
                        <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                        <a href="/">{t_string!(i18n, back_home)}</a>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ListingDetails(l: ListingView) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, category, nature, price, distance) =
        (l.kind, l.category, l.nature, l.price, l.distance);
    let kind_class = match kind {
        ListingKind::Offer => "badge badge-offer",
        ListingKind::Request => "badge badge-request",
    };
    let (days_left, expired) = (l.days_left, l.expired);
    let id = l.id;
    let open = l.status == ListingStatus::Open && !expired;
    let is_mine = l.is_mine;
    view! {
        <PageMeta title=l.title.clone() description=l.description.clone() />
        <article class="listing" data-testid="listing">
            <p><span class=kind_class>{move || text::kind(i18n, kind)}</span></p>
            // People write in their own language: each text takes its own direction.
            <h1 dir="auto">{l.title.clone()}</h1>
            <p class="card-meta">
                {move || text::category(i18n, category)} " · " {move || text::nature(i18n, nature)}
                " · " <strong>{move || text::price(i18n, price)}</strong>
                {l.remote.then(|| view! { " · " {t_string!(i18n, remote_ok)} })}
            </p>
            {(l.status == ListingStatus::Withdrawn).then(|| view! { <p class="notice">{t_string!(i18n, withdrawn)}</p> })}
            {expired.then(|| view! { <p class="notice">{t_string!(i18n, expired)}</p> })}
            <p class="description" dir="auto">{l.description.clone()}</p>
            <p>
                {t_string!(i18n, posted_by)} " "
                // A name in another script keeps its own direction inside the sentence.
                <a href=format!("/users/{}", l.author_id)><bdi>{text::person(use_i18n(), &l.author_name)}</bdi></a>
            </p>
            {distance.map(|d| view! { <p data-testid="distance">{move || text::distance(i18n, d)}</p> })}
            {open.then(|| view! {
                <p class="muted">{t_string!(i18n, open_days, days = days_left)}</p>
            })}
            {if is_mine {
                view! { <AuthorPanels id open radius_km=l.radius_km /> }.into_any()
            } else {
                view! { <ListingPanels id kind open /> }.into_any()
            }}
            <AreaMap area=l.area label=t_string!(i18n, approx_area).to_string() />
            <p class="muted">{t_string!(i18n, approx_area)}</p>
            {(is_mine && l.status == ListingStatus::Open).then(|| view! { <OwnerActions id /> })}
        </article>
    }
}

/// Someone else's listing: the draw if there is one, and the proposal form or the exchange
/// already open. Everyone who opens a shared listing loads this island.
#[island]
fn ListingPanels(id: i64, kind: ListingKind, open: bool) -> impl IntoView {
    let propose = Command::new();
    let cancel = Command::new();
    // Loaded by the browser after hydration and read through `browser_data`: the server
    // renders the page, and the panels fill in.
    let draw = browser_data(LocalResource::new(move || {
        propose.version().track();
        listing_draw(id)
    }));
    let proposals = listing_proposals(id, move || propose.version().track());
    view! {
        <DrawPanel info=draw cancel is_mine=false />
        {open.then(|| view! { <ExchangePanel listing_id=id kind propose exchanges=proposals /> })}
    }
}

/// My listing: starting or cancelling a draw, the proposals received, the matches. Eager: as
/// a lazy island it left the main wasm as heavy (its code is mostly shared with the visitor's
/// panels) and gave the author 27 KB more in 50 files (measured, stop 37).
#[island]
fn AuthorPanels(id: i64, open: bool, radius_km: i64) -> impl IntoView {
    let i18n = use_i18n();
    let act = Command::new();
    let (start, cancel) = (Command::new(), Command::new());
    let dismiss = Command::new();
    let draw = browser_data(LocalResource::new(move || {
        for version in [start.version(), cancel.version(), act.version()] {
            version.track();
        }
        listing_draw(id)
    }));
    let proposals = listing_proposals(id, move || act.version().track());
    let matches = listing_matches_data(id, dismiss);
    let draw_pending = Signal::derive(move || {
        draw.get()
            .and_then(Result::ok)
            .and_then(|d| d.draw)
            .is_some_and(|d| d.pending())
    });
    provide_note_drafts();
    view! {
        <DrawPanel info=draw cancel is_mine=true />
        <StartDrawPanel listing_id=id info=draw start />
        <ProposalsPanel act draw_pending exchanges=proposals />
        {open.then(|| view! {
            <p class="muted" data-testid="radius">{t_string!(i18n, matched_within, km = radius_km)}</p>
            <MatchesPanel matches dismiss />
        })}
    }
}

/// The author's "withdraw", asked twice; the page is loaded again once done.
#[island]
fn OwnerActions(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let withdraw = Command::<WithdrawListing>::new();
    let confirming = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(_)) = withdraw.value().get() {
            crate::ui::nav::reload();
        }
    });
    view! {
        <div class="owner-actions">
            <p>{t_string!(i18n, your_listing)}</p>
            <a href=format!("/listings/{id}/edit") class="button">{t_string!(i18n, edit)}</a>
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="danger" on:click=move |_| confirming.set(true)>
                    {t_string!(i18n, withdraw)}
                </button>
            }>
                <p>{t_string!(i18n, withdraw_question)}</p>
                <button type="button" class="danger" data-testid="withdraw-confirm"
                    on:click=move |_| { withdraw.dispatch(WithdrawListing { id }); }>
                    {t_string!(i18n, withdraw_confirm)}
                </button>
                <button type="button" on:click=move |_| confirming.set(false)>{t_string!(i18n, cancel)}</button>
            </Show>
        </div>
    }
}
