//! `/help`: the places that help people in precarity (meals, showers, shelter, care, advice),
//! what is open now first, then the nearest. Light on purpose: rendered by the server with a
//! plain form sent with GET, it works on an old phone with JavaScript off, without an account
//! and without the map. The asker's point or the place they typed travels in the address for
//! this answer only (the server's logs never record a query).

use leptos::prelude::*;

use crate::api::associations::managed_associations;
use crate::api::support::{HelpAnswer, help_list, support_to_review};
use crate::domain::support::{HelpQuery, LANGUAGES, Public, ServiceCategory, SiteCard};
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::pager::{Pager, use_page_param};
use crate::ui::nav::query_param;
use crate::ui::text;

/// The query of the page, from its address; unknown codes are ignored rather than refused (a
/// shared link from an older version still shows a list).
pub(crate) fn query_from_address(page: u32) -> HelpQuery {
    HelpQuery::from_params(query_param, page)
}

/// The query again, escaped, each parameter followed by `&`, for the pager's links.
pub(crate) fn keep(q: &HelpQuery) -> String {
    let mut out = String::new();
    let mut add = |k: &str, v: &str| {
        if !v.is_empty() {
            out.push_str(k);
            out.push('=');
            out.push_str(&escape(v));
            out.push('&');
        }
    };
    add("lat", &q.lat.map(|v| v.to_string()).unwrap_or_default());
    add("lng", &q.lng.map(|v| v.to_string()).unwrap_or_default());
    add("place", &q.place);
    add("category", q.category.map(|c| c.code()).unwrap_or_default());
    add("open_now", if q.open_now { "1" } else { "" });
    add("open_today", if q.open_today { "1" } else { "" });
    add("unconditional", if q.unconditional { "1" } else { "" });
    add("public", q.public.map(|c| c.code()).unwrap_or_default());
    add("language", &q.language);
    add("accessible", if q.accessible { "1" } else { "" });
    out
}

/// Escapes a value for an address. Hand-written: a crate for this one function would reach
/// the wasm's dependency tree (the page itself never runs in the browser).
fn escape(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// "Use my location": shown only where the browser can say where it is; it reloads the page
/// with the point in the address (and nothing else leaves the phone). Hand-written: eight lines
/// of script are lighter than an island's code on this page meant for little data, and the
/// page works without them.
const LOCATE_SCRIPT: &str = r#"(function(){var b=document.getElementById('help-locate');var s=document.getElementById('help-locate-status');if(!b||!navigator.geolocation)return;b.hidden=false;b.addEventListener('click',function(){s.textContent=s.dataset.wait;navigator.geolocation.getCurrentPosition(function(p){var u=new URL(location.href);u.searchParams.delete('place');u.searchParams.delete('page');u.searchParams.set('lat',p.coords.latitude.toFixed(4));u.searchParams.set('lng',p.coords.longitude.toFixed(4));location.href=u.toString();},function(){s.textContent=s.dataset.failed;},{maximumAge:600000,timeout:15000});});})();"#;

#[component]
pub fn HelpPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = use_page_param("page");
    let query = query_from_address(page.get_untracked());
    let list = Resource::new(|| (), {
        let query = query.clone();
        move |_| help_list(query.clone())
    });
    // The sites waiting for the reader, when they manage some (nothing for a visitor), and
    // the associations they may add a site for.
    let review = Resource::new(|| (), |_| support_to_review());
    let managed = Resource::new(|| (), |_| managed_associations());
    view! {
        <PageMeta title=t_string!(i18n, nav_help).to_string() description=t_string!(i18n, help_intro).to_string() />
        <div class="narrow help-page">
            <h1>{t_string!(i18n, help_title)}</h1>
            <p>{t_string!(i18n, help_intro)}</p>
            <Suspense fallback=|| ()>
                {move || review.get().and_then(Result::ok).filter(|r| !r.is_empty()).map(|sites| view! {
                    <section class="card" data-testid="help-review">
                        <h2>{t_string!(i18n, site_review_title)}</h2>
                        <ul>
                            {sites.into_iter().map(|(id, name, reports, stale)| view! {
                                <li>
                                    <a href=format!("/help/sites/{id}") dir="auto">{name}</a>
                                    {(reports > 0).then(|| view! { " · " {t_string!(i18n, review_reports, count = reports)} })}
                                    {stale.then(|| view! { " · " {t_string!(i18n, review_stale)} })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || managed.get().and_then(Result::ok).filter(|m| !m.is_empty()).map(|mine| view! {
                    <p class="row" data-testid="help-add">
                        {mine.into_iter().map(|a| {
                            let name = a.name.clone();
                            view! { <a href=format!("/help/new?association={}", a.id) class="button" dir="auto">{t_string!(i18n, new_site_for, name = name.clone())}</a> }
                        }).collect_view()}
                    </p>
                })}
            </Suspense>
            <HelpFilters q=query.clone() action="/help" on_map=false />
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {
                    let query = query.clone();
                    move || list.get().map(|r| match r {
                        Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                        Ok(answer) => view! { <HelpResults answer q=query.clone() /> }.into_any(),
                    })
                }
            </Suspense>
        </div>
        <script inner_html=LOCATE_SCRIPT></script>
    }
}

/// Where, and what is needed: the first two fields and "open now" are the ones most people
/// use; the rest is folded. On the home page (`on_map`) the same filters choose the map's
/// support sites, and "where" is the map itself.
#[component]
pub(crate) fn HelpFilters(q: HelpQuery, action: &'static str, on_map: bool) -> impl IntoView {
    let i18n = use_i18n();
    let folded_open = q.public.is_some() || !q.language.is_empty() || q.open_today || q.accessible;
    // Distinct names on the home page, where the listings' own filters sit beside these.
    let id = |name: &str| {
        if on_map {
            format!("map-{name}")
        } else {
            name.to_owned()
        }
    };
    let back = if on_map { "/" } else { "/help" };
    let place = (!on_map).then(|| view! {
            <label>
                {t_string!(i18n, help_where)}
                <input type="text" name="place" value=q.place.clone() autocomplete="off"
                    aria-describedby="help-place-hint" data-testid="help-place" />
                <span class="help" id="help-place-hint">{t_string!(i18n, help_place_hint)}</span>
            </label>
            {q.lat.zip(q.lng).map(|(lat, lng)| view! {
                <input type="hidden" name="lat" value=lat.to_string() />
                <input type="hidden" name="lng" value=lng.to_string() />
            })}
            <p class="row">
                <button type="button" id="help-locate" hidden data-testid="help-locate">{t_string!(i18n, help_use_location)}</button>
                <span id="help-locate-status" role="status"
                    data-wait=t_string!(i18n, help_locating).to_string()
                    data-failed=t_string!(i18n, help_location_failed).to_string()></span>
            </p>
    });
    view! {
        <form method="get" action=action class="filters help-filters stack" data-testid=id("help-filters")>
            {place}
            <label>
                {t_string!(i18n, help_category)}
                <select name="category" data-testid=id("help-category")>
                    <option value="" selected=q.category.is_none()>{t_string!(i18n, help_any)}</option>
                    {ServiceCategory::CHOICES.iter().map(|c| {
                        let c = *c;
                        view! { <option value=c.code() selected=q.category == Some(c)>{text::service_category(i18n, c)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="check">
                <input type="checkbox" name="open_now" value="1" checked=q.open_now data-testid=id("help-open-now") />
                {t_string!(i18n, help_open_now)}
            </label>
            <label class="check">
                <input type="checkbox" name="unconditional" value="1" checked=q.unconditional data-testid=id("help-unconditional") />
                {t_string!(i18n, help_unconditional)}
            </label>
            <details open=folded_open>
                <summary>{t_string!(i18n, filters)}</summary>
                <div class="stack">
                    <label class="check">
                        <input type="checkbox" name="open_today" value="1" checked=q.open_today />
                        {t_string!(i18n, help_open_today)}
                    </label>
                    <label>
                        {t_string!(i18n, help_public)}
                        <select name="public" data-testid=id("help-public")>
                            <option value="" selected=q.public.is_none()>{t_string!(i18n, help_public_any)}</option>
                            {Public::CHOICES.iter().map(|p| {
                                let p = *p;
                                view! { <option value=p.code() selected=q.public == Some(p)>{text::public(i18n, p)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        {t_string!(i18n, help_language)}
                        <select name="language" data-testid=id("help-language")>
                            <option value="" selected=q.language.is_empty()>{t_string!(i18n, help_language_any)}</option>
                            {LANGUAGES.iter().map(|(code, name)| view! {
                                <option value=*code selected=q.language == *code lang=*code>{*name}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="check">
                        <input type="checkbox" name="accessible" value="1" checked=q.accessible data-testid=id("help-accessible") />
                        {t_string!(i18n, help_accessible)}
                    </label>
                    <a href=format!("/my-needs?back={back}") class="help">{t_string!(i18n, help_say_needs)}</a>
                </div>
            </details>
            <button type="submit" class="primary" data-testid=id("help-submit")>{t_string!(i18n, help_show)}</button>
        </form>
    }
}

#[component]
fn HelpResults(answer: HelpAnswer, q: HelpQuery) -> impl IntoView {
    let i18n = use_i18n();
    let HelpAnswer {
        sites,
        located,
        place_unknown,
        has_needs,
    } = answer;
    let needs_note = (q.accessible && !has_needs).then(|| {
        view! {
            <p class="form-error" role="status" data-testid="help-needs-missing">
                {t_string!(i18n, help_needs_missing)} " "
                <a href="/my-needs?back=/help">{t_string!(i18n, help_say_needs)}</a>
            </p>
        }
    });
    let note = if place_unknown {
        view! { <p class="form-error" role="alert" data-testid="help-place-unknown">{t_string!(i18n, help_place_unknown)}</p> }.into_any()
    } else if located {
        view! { <p class="muted" data-testid="help-sorted">{t_string!(i18n, help_sorted_near)}</p> }
            .into_any()
    } else {
        view! { <p class="muted" data-testid="help-sorted">{t_string!(i18n, help_sorted_name)}</p> }
            .into_any()
    };
    let keep = keep(&q);
    let print = format!("/help/print?{keep}");
    view! {
        {note}
        {needs_note}
        {if sites.items.is_empty() {
            view! { <p class="muted" data-testid="help-none">{t_string!(i18n, help_none)}</p> }.into_any()
        } else {
            view! {
                <ul class="cards help-list" data-testid="help-list">
                    {sites.items.into_iter().map(|s| view! { <SiteItem s /> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Pager page=sites.page more=sites.more keep />
        <p class="row">
            <a href=print data-testid="help-print">{t_string!(i18n, help_print)}</a>
        </p>
    }
}

#[component]
fn SiteItem(s: SiteCard) -> impl IntoView {
    let i18n = use_i18n();
    let open = s.now.is_open();
    let status = text::now_line(i18n, &s.now);
    let closed = text::closed_lines(i18n, &s.now);
    let categories = s
        .categories
        .iter()
        .map(|c| text::service_category(i18n, *c))
        .collect::<Vec<_>>()
        .join(" · ");
    let phone = s.phone.clone();
    view! {
        <li class="card help-site" data-testid="help-site" data-open=open.to_string()>
            <a href=format!("/help/sites/{}", s.id) class="card-title" dir="auto">{s.name.clone()}</a>
            <p class="card-meta">
                {s.distance_m.map(|m| view! { <span data-testid="help-distance">{text::metres(i18n, m)}</span> " · " })}
                {s.mobile.then(|| view! { <span class="badge badge-mobile">{t_string!(i18n, help_mobile)}</span> " " })}
                <bdi>{s.address.clone()}</bdi>
            </p>
            <p class=if open { "status status-open" } else { "status status-closed" } data-testid="help-status">
                <span aria-hidden="true">{if open { "● " } else { "○ " }}</span>
                {status}
            </p>
            {closed.into_iter().map(|line| view! { <p class="status status-closed" data-testid="help-closed">{line}</p> }).collect_view()}
            {s.now.messages.iter().map(|m| view! { <p class="notice-text" dir="auto">{m.clone()}</p> }).collect_view()}
            <p class="muted">{categories}</p>
            <p class="row">
                {s.unconditional.then(|| view! { <span class="badge badge-ok">{t_string!(i18n, help_unconditional_badge)}</span> })}
                {s.stale.then(|| view! { <span class="badge badge-unknown">{t_string!(i18n, help_stale)}</span> })}
                {s.fit.map(|f| {
                    use crate::domain::accessibility::Fit;
                    let class = match f {
                        Fit::Suits => "badge badge-ok",
                        Fit::DoesNotSuit => "badge badge-no",
                        Fit::Unknown => "badge badge-unknown",
                    };
                    view! { <span class=class data-testid="help-fit">{text::fit(i18n, f)}</span> }
                })}
                {(!phone.is_empty()).then(|| {
                    let tel = format!("tel:{}", phone.replace(' ', ""));
                    view! { <a href=tel>{t_string!(i18n, help_call)} " " <bdi dir="ltr">{phone.clone()}</bdi></a> }
                })}
            </p>
        </li>
    }
}
