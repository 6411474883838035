//! `/help/print`: one A4 page of the `/help` list as it is filtered (for example food and
//! showers near Porte de la Chapelle), with each place's week, this week's notices and its
//! phone, for social workers and volunteers to print and hand out. Rendered by the server; the
//! print styles hide everything else.

use leptos::prelude::*;

use crate::api::support::{PrintSheet, help_sheet};
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text;

#[component]
pub fn HelpPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = super::help::query_from_address(0);
    let place = query.place.trim().to_owned();
    let category = query.category;
    let sheet = Resource::new(|| (), {
        let query = query.clone();
        move |_| help_sheet(query.clone())
    });
    let query = query.clone();
    let mut title = category.map_or_else(
        || t_string!(i18n, sheet_title).to_string(),
        |c| text::service_category(i18n, c),
    );
    if !place.is_empty() {
        title = format!(
            "{title} — {}",
            t_string!(i18n, sheet_near, place = place.clone())
        );
    }
    view! {
        <PageMeta title=title.clone() />
        <div class="sheet" data-testid="help-sheet">
            <p class="no-print row">
                <a href="/help">{t_string!(i18n, site_back)}</a>
                <button type="button" onclick="window.print()">{t_string!(i18n, sheet_print)}</button>
            </p>
            <h1 dir="auto">{title}</h1>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || sheet.get().map(|r| match r {
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                    Ok(s) => view! { <Sheet s link=super::help::keep(&query) /> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Sheet(s: PrintSheet, link: String) -> impl IntoView {
    let i18n = use_i18n();
    if s.sites.is_empty() {
        return view! { <p data-testid="help-none">{t_string!(i18n, help_none)}</p> }.into_any();
    }
    // The list itself, whole, for whoever reads the paper later.
    let url = format!("{}/help?{}", s.public_url, link.trim_end_matches('&'));
    view! {
        <table class="sheet-table">
            <tbody>
                {s.sites.into_iter().map(|site| {
                    let every_day = site.hours.iter().all(|d| !d.is_empty() && *d == site.hours[0]);
                    let days = if every_day {
                        format!("{} {}", t_string!(i18n, sheet_every_day), site.hours[0].replace('-', "–"))
                    } else {
                        site.hours.iter().enumerate()
                            .filter(|(_, d)| !d.is_empty())
                            .map(|(i, d)| format!("{} {}", text::weekday(i18n, i as u8), d.replace('-', "–")))
                            .collect::<Vec<_>>()
                            .join(" · ")
                    };
                    let stops = site.stops.iter()
                        .map(|st| format!("{} {}–{} {}", text::weekday(i18n, st.weekday), st.start, st.end, st.place))
                        .collect::<Vec<_>>()
                        .join(" · ");
                    let categories = site.services.iter()
                        .map(|v| text::service_category(i18n, v.category))
                        .collect::<Vec<_>>()
                        .join(", ");
                    view! {
                        <tr data-testid="sheet-site">
                            <td>
                                <strong dir="auto">{site.name.clone()}</strong><br />
                                <bdi>{site.address.clone()}</bdi><br />
                                <span dir="ltr">{site.phone.clone()}</span>
                            </td>
                            <td>
                                <span>{categories}</span><br />
                                <span dir="auto">{if stops.is_empty() { days } else { stops }}</span>
                                {text::closed_lines(i18n, &site.now).into_iter().map(|l| view! { <br /><strong>{l}</strong> }).collect_view()}
                                {site.notices.iter().map(|n| {
                                    let when = format!(
                                        "{} {} {}",
                                        super::help_site::notice_kind(i18n, &n.kind),
                                        super::help_site::notice_when(i18n, n),
                                        n.text
                                    );
                                    view! { <br /><em dir="auto">{when}</em> }
                                }).collect_view()}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <p class="muted">{t_string!(i18n, sheet_printed, day = s.today.clone(), url = url.clone())}</p>
    }
    .into_any()
}
