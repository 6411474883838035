//! The accessible places: a list filtered on the needs a person ticks, rendered by the server
//! (no wasm: the filter is a plain form sent with GET, so it works on any phone, without
//! JavaScript, and a filtered list can be bookmarked or shared). The needs travel in the
//! address for this search only; they are never stored. Opened from a link, the reader's own
//! needs are ticked (`/my-needs`).

use leptos::prelude::*;

use crate::api::venues::venue_list;
use crate::domain::accessibility::{Fit, Level, Need};
use crate::domain::page::Paged;
use crate::domain::venue::{VenueCard, VenueKind};
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::pager::{Pager, use_page_param};
use crate::ui::nav::{query_param, query_params};
use crate::ui::text;

#[component]
pub fn VenuesPage() -> impl IntoView {
    let i18n = use_i18n();
    let needs: Vec<String> = query_params("need");
    let kind = query_param("kind").unwrap_or_default();
    // The form always sends `kind`: with neither it nor a need, the page was opened from a
    // plain link, and the reader's own needs (their profile's, or their browser's) are ticked.
    let mine = needs.is_empty() && query_param("kind").is_none();
    let page = use_page_param("page");
    let list = Resource::new(move || page.get(), {
        let (needs, kind) = (needs.clone(), kind.clone());
        move |page| venue_list(needs.clone(), kind.clone(), page, mine)
    });
    view! {
        <PageMeta title=t_string!(i18n, venues_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, venues_title)}</h1>
            <p>{t_string!(i18n, venues_intro)}</p>
            <p class="row">
                <a href="/venues/new" class="button" data-testid="add-venue">{t_string!(i18n, venues_add)}</a>
                <a href="/my-needs?back=/venues" data-testid="my-needs-link">{t_string!(i18n, my_needs_title)}</a>
                <a href="/accessibility">{t_string!(i18n, a11y_link)}</a>
            </p>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {
                    let kind = kind.clone();
                    move || list.get().map(|r| match r {
                        Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                        Ok((chosen, paged)) => view! {
                            <Filters chosen=chosen.clone() kind=kind.clone() />
                            <Listing chosen kind=kind.clone() paged />
                        }.into_any(),
                    })
                }
            </Suspense>
        </div>
    }
}

/// The needs to tick and the kind of place, sent with GET.
#[component]
fn Filters(chosen: Vec<Need>, kind: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" action="/venues" class="filters venue-filters" data-testid="venue-filters">
            <fieldset>
                <legend>{t_string!(i18n, venues_needs_legend)}</legend>
                <NeedChecks chosen=chosen.clone() />
            </fieldset>
            <label>
                {t_string!(i18n, field_venue_kind)}
                <select name="kind" data-testid="venue-kind">
                    <option value="" selected=kind.is_empty()>{t_string!(i18n, venues_kind_all)}</option>
                    {VenueKind::CHOICES.iter().map(|k| {
                        let k = *k;
                        view! {
                            <option value=k.code() selected=kind == k.code()>{move || text::venue_kind(i18n, k)}</option>
                        }
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="primary" data-testid="venue-filter-submit">{t_string!(i18n, venues_show)}</button>
        </form>
    }
}

/// One checkbox per need, named `need`, those `chosen` ticked (the list's filter and "My
/// accessibility needs" send them the same way).
#[component]
pub fn NeedChecks(chosen: Vec<Need>) -> impl IntoView {
    let i18n = use_i18n();
    Need::CHOICES
        .iter()
        .map(|n| {
            let n = *n;
            view! {
                <label class="check">
                    <input type="checkbox" name="need" value=n.code() checked=chosen.contains(&n) />
                    {move || text::need(i18n, n)}
                </label>
            }
        })
        .collect_view()
}

/// A page of places, each with its level for the needs ticked (for every need when none is).
#[component]
fn Listing(chosen: Vec<Need>, kind: String, paged: Paged<VenueCard>) -> impl IntoView {
    let i18n = use_i18n();
    if paged.items.is_empty() {
        return view! { <p class="muted" data-testid="no-venues">{t_string!(i18n, venues_none)}</p> }
            .into_any();
    }
    // What the pager keeps of the address besides the page.
    let keep = chosen
        .iter()
        .map(|n| format!("need={}&", urlencoding_lite(n.code())))
        .chain(std::iter::once(format!(
            "kind={}&",
            urlencoding_lite(&kind)
        )))
        .collect::<String>();
    view! {
        <ul class="cards" data-testid="venue-list">
            {paged.items.into_iter().map(|v| {
                let shown: Vec<(Need, Level)> = v.levels.iter().copied()
                    .filter(|(n, _)| chosen.is_empty() || chosen.contains(n))
                    .collect();
                let fit = (!chosen.is_empty()).then_some(v.fit);
                view! {
                    <li class="card" data-testid="venue-item">
                        <a href=format!("/venues/{}", v.id) class="card-title" dir="auto">{v.name.clone()}</a>
                        <p class="card-meta">
                            {move || text::venue_kind(i18n, v.kind)} " · " <bdi>{v.address.clone()}</bdi>
                        </p>
                        {fit.map(|f| match f {
                            Fit::Suits => view! {
                                <p class="badge badge-ok" data-testid="venue-fit" data-fit="suits">{t_string!(i18n, fit_suits)}</p>
                            }.into_any(),
                            _ => view! {
                                <p class="badge badge-unknown" data-testid="venue-fit" data-fit="unknown">{t_string!(i18n, fit_unknown)}</p>
                            }.into_any(),
                        })}
                        <ul class="levels">
                            {shown.into_iter().map(|(n, l)| view! {
                                <li data-need=n.code() data-level=l.code()>
                                    {move || text::need(i18n, n)} " — " {move || text::level(i18n, l)}
                                </li>
                            }).collect_view()}
                        </ul>
                    </li>
                }
            }).collect_view()}
        </ul>
        <Pager page=paged.page more=paged.more keep />
    }
    .into_any()
}

/// Escapes a parameter's value for an address. Hand-written: the values are our own codes
/// (letters and `_`), escaped anyway in case an address carried something else, and a crate for
/// this one line would reach the wasm's dependency tree.
fn urlencoding_lite(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
