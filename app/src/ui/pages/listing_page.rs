//! One listing: what, by whom, roughly where and how far; its author can edit or withdraw it.

use leptos::prelude::*;

use crate::api::draws::{CancelDraw, DrawLots, listing_draw};
use crate::api::exchanges::{ActOnExchange, ProposeExchange};
use crate::api::listings::{WithdrawListing, get_listing};
use crate::api::matching::DismissMatch;
use crate::domain::AppError;
use crate::domain::draw::DrawInfo;
use crate::domain::exchange::ExchangeSummary;
use crate::domain::listing::{ListingKind, ListingStatus, ListingView};
use crate::domain::notify::MatchView;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::browser_data::browser_data;
use crate::ui::components::draw_panel::DrawPanel;
use crate::ui::components::exchange_panel::{ExchangePanel, listing_proposals};
use crate::ui::components::map::area_map::AreaMap;
use crate::ui::components::matches_panel::{MatchesPanel, listing_matches_data};
use crate::ui::components::note_action::provide_note_drafts;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text;

#[component]
pub fn ListingPage() -> impl IntoView {
    let id = super::use_id_param();
    view! { <ListingPageIsland id /> }
}

/// The page's island: its code runs in the browser.
#[island]
fn ListingPageIsland(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let id = Signal::stored(id);
    let auth = use_auth();
    let withdraw = ServerAction::<WithdrawListing>::new();
    let exchanges = (ServerAction::new(), ServerAction::new());
    let draws = (ServerAction::new(), ServerAction::new());
    let dismiss = ServerAction::new();
    let listing = Resource::new(
        move || (id.get(), withdraw.version().get()),
        |(id, _)| get_listing(id),
    );
    // Loaded by the browser after hydration and read through `browser_data`, above the
    // `Suspense`: the server renders the page with the listing, and the panels fill in.
    let draw = LocalResource::new(move || {
        for version in [
            draws.0.version(),
            draws.1.version(),
            exchanges.0.version(),
            exchanges.1.version(),
        ] {
            version.track();
        }
        listing_draw(id.get())
    });
    let draw = browser_data(draw);
    let proposals = listing_proposals(id, exchanges.0);
    let is_mine = Signal::derive(move || {
        listing
            .get()
            .and_then(Result::ok)
            .is_some_and(|l| l.is_mine)
    });
    let matches = listing_matches_data(id, is_mine, dismiss);
    let draw_pending = Signal::derive(move || {
        draw.get()
            .and_then(Result::ok)
            .and_then(|d| d.draw)
            .is_some_and(|d| d.pending())
    });

    provide_note_drafts();
    view! {
        <div class="narrow">
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                // The signed-in user is read here too, so the server renders the details once
                // both are known: rendering them before would render them twice, and the first
                // render's view would read values disposed by the second.
                {move || listing.get().zip(auth.user.get()).map(|(r, _)| match r {
                    Ok(l) => view! { <ListingDetails l withdraw exchanges draws draw draw_pending proposals matches dismiss /> }.into_any(),
                    Err(e) => view! {
                        <h1>{t!(i18n, not_found_title)}</h1>
                        <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                        <a href="/">{t!(i18n, back_home)}</a>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ListingDetails(
    l: ListingView,
    withdraw: ServerAction<WithdrawListing>,
    exchanges: (ServerAction<ActOnExchange>, ServerAction<ProposeExchange>),
    draws: (ServerAction<DrawLots>, ServerAction<CancelDraw>),
    draw: Signal<Option<Result<DrawInfo, AppError>>>,
    draw_pending: Signal<bool>,
    proposals: Signal<Option<Result<Vec<ExchangeSummary>, AppError>>>,
    matches: Signal<Option<Result<Vec<MatchView>, AppError>>>,
    dismiss: ServerAction<DismissMatch>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let (kind, category, nature, price, distance) =
        (l.kind, l.category, l.nature, l.price, l.distance);
    let kind_class = match kind {
        ListingKind::Offer => "badge badge-offer",
        ListingKind::Request => "badge badge-request",
    };
    let (days_left, expired) = (l.days_left, l.expired);
    let id = l.id;
    view! {
        <PageMeta title=l.title.clone() description=l.description.clone() />
        <article class="listing" data-testid="listing">
            <p><span class=kind_class>{move || text::kind(i18n, kind)}</span></p>
            // People write in their own language: each text takes its own direction.
            <h1 dir="auto">{l.title.clone()}</h1>
            <p class="card-meta">
                {move || text::category(i18n, category)} " · " {move || text::nature(i18n, nature)}
                " · " <strong>{move || text::price(i18n, price)}</strong>
                {l.remote.then(|| view! { " · " {t!(i18n, remote_ok)} })}
            </p>
            {(l.status == ListingStatus::Withdrawn).then(|| view! { <p class="notice">{t!(i18n, withdrawn)}</p> })}
            {expired.then(|| view! { <p class="notice">{t!(i18n, expired)}</p> })}
            <p class="description" dir="auto">{l.description.clone()}</p>
            <p>
                {t!(i18n, posted_by)} " "
                <a href=format!("/users/{}", l.author_id)>{l.author_name.clone()}</a>
            </p>
            {distance.map(|d| view! { <p data-testid="distance">{move || text::distance(i18n, d)}</p> })}
            {(!expired && l.status == ListingStatus::Open).then(|| view! {
                <p class="muted">{t!(i18n, open_days, days = days_left)}</p>
            })}
            <DrawPanel listing_id=id info=draw start=draws.0 cancel=draws.1 is_mine=l.is_mine />
            {(l.is_mine || (l.status == ListingStatus::Open && !expired)).then(|| view! {
                <ExchangePanel listing_id=id kind is_mine=l.is_mine act=exchanges.0 propose=exchanges.1 draw_pending exchanges=proposals />
            })}
            {(l.is_mine && l.status == ListingStatus::Open && !expired).then(|| view! {
                <p class="muted" data-testid="radius">{t!(i18n, matched_within, km = l.radius_km)}</p>
                <MatchesPanel matches dismiss />
            })}
            <AreaMap area=l.area label=Signal::derive(move || t_string!(i18n, approx_area).to_string()) />
            <p class="muted">{t!(i18n, approx_area)}</p>
            {(l.is_mine && l.status == ListingStatus::Open).then(|| view! {
                <div class="owner-actions">
                    <p>{t!(i18n, your_listing)}</p>
                    <a href=format!("/listings/{id}/edit") class="button">{t!(i18n, edit)}</a>
                    <Show when=move || confirming.get() fallback=move || view! {
                        <button type="button" class="danger" on:click=move |_| confirming.set(true)>
                            {t!(i18n, withdraw)}
                        </button>
                    }>
                        <p>{t!(i18n, withdraw_question)}</p>
                        <button type="button" class="danger" data-testid="withdraw-confirm"
                            on:click=move |_| { withdraw.dispatch(WithdrawListing { id }); }>
                            {t!(i18n, withdraw_confirm)}
                        </button>
                        <button type="button" on:click=move |_| confirming.set(false)>{t!(i18n, cancel)}</button>
                    </Show>
                </div>
            })}
        </article>
    }
}
