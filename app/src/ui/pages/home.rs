//! The home page: the map of open listings in view, and the same listings as a list.

use leptos::prelude::*;

use crate::api::activities::activities_in;
use crate::api::listings::listings_in_view;
use crate::domain::activity::UpcomingFilter;
use crate::domain::view::{Filters, MapSettings, ViewResult, initial_bbox};
use crate::i18n::*;
use crate::ui::components::alert_saver::AlertSaver;
use crate::ui::components::filters_bar::FiltersBar;
use crate::ui::components::listing_card::ListingCard;
use crate::ui::components::map::listings_map::ListingsMap;
use crate::ui::pages::help::HelpFilters;

/// The home route: the page's island, with what needs no code in the browser (the map's
/// legend and the link to one's needs) rendered by the server as its children.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let help = crate::ui::pages::help::query_from_address(0);
    let filtered = help.filters();
    view! {
        <HomeIsland>
            <p class="legend" aria-hidden="true">
                <span class="pin-inline pin-offer">"+"</span>{t_string!(i18n, legend_offer)}
                <span class="pin-inline pin-request"><span>"?"</span></span>{t_string!(i18n, legend_request)}
                <span class="pin-inline pin-event">"★"</span>{t_string!(i18n, legend_event)}
                <span class="pin-inline pin-mission">"♥"</span>{t_string!(i18n, legend_mission)}
                <span class="pin-inline pin-venue">"♿"</span>{t_string!(i18n, legend_venue)}
                <span class="pin-inline pin-support">"✚"</span>{t_string!(i18n, legend_help)}
            </p>
            // The places' layer follows the reader's needs (each need names a family of
            // criteria): their page is where they are chosen.
            <p class="help"><a href="/my-needs?back=/" data-testid="map-needs">{t_string!(i18n, map_needs_link)}</a></p>
            // The support sites' layer has the filters of `/help`: a plain form sent with GET,
            // whose values the map's island passes on with its view.
            <details class="map-help" open=filtered data-testid="map-help">
                <summary>{t_string!(i18n, map_help_filters)}</summary>
                <HelpFilters q=help action="/" on_map=true />
            </details>
        </HomeIsland>
    }
}

#[island]
fn HomeIsland(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let settings = expect_context::<MapSettings>();
    // The server renders the list for a typical screen; the map then reports its real box.
    let bbox = RwSignal::new(initial_bbox(settings.center, settings.zoom));
    let filters = RwSignal::new(Filters::default());
    // The support sites' layer follows the filters of the form under the map (sent with GET).
    let help = crate::ui::nav::query_string();
    let result = Resource::new(
        move || (bbox.get(), filters.get()),
        move |(bbox, filters)| {
            let help = help.clone();
            async move {
                match bbox {
                    Some(bbox) => listings_in_view(bbox, filters, help).await,
                    None => Ok(ViewResult::default()),
                }
            }
        },
    );
    let data = Signal::derive(move || result.get().and_then(Result::ok));
    // Events and missions in the same box, for the map's own layer (read in the browser only:
    // the map is drawn there).
    let activities = LocalResource::new(move || {
        let bbox = bbox.get();
        async move {
            match bbox {
                Some(b) => {
                    activities_in(b.south, b.west, b.north, b.east, UpcomingFilter::default())
                        .await
                        .unwrap_or_default()
                }
                None => Vec::new(),
            }
        }
    });
    let activities = Signal::derive(move || activities.get().unwrap_or_default());
    let on_bounds = Callback::new(move |b| bbox.set(Some(b)));

    view! {
        <div class="home">
            <section class="home-map">
                <ListingsMap result=data activities on_bounds />
                {children()}
            </section>
            <section class="home-list" aria-labelledby="list-heading">
                <FiltersBar filters />
                <AlertSaver filters bbox />
                <h1 id="list-heading">{t_string!(i18n, list_heading)}</h1>
                <Transition fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                    {move || {
                        result.get().map(|r| match r {
                            Err(e) => view! {
                                <p class="form-error" role="alert">{crate::ui::text::error(i18n, &e)}</p>
                            }.into_any(),
                            Ok(r) => {
                                let total = r.total;
                                let clustered = r.is_clustered();
                                view! {
                                    <p class="count" data-testid="view-count" aria-live="polite">
                                        {move || if clustered {
                                            t_string!(i18n, too_many, count = total).to_string()
                                        } else if total == 0 {
                                            t_string!(i18n, empty_list).to_string()
                                        } else {
                                            t_string!(i18n, count_in_view, count = total).to_string()
                                        }}
                                    </p>
                                    <ul class="cards" data-testid="listing-list">
                                        {r.listings
                                            .into_iter()
                                            .map(|listing| view! { <ListingCard listing /> })
                                            .collect_view()}
                                    </ul>
                                }.into_any()
                            }
                        })
                    }}
                </Transition>
            </section>
        </div>
    }
}
