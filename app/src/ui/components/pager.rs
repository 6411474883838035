//! "Previous page / Next page" links under a list that is read a page at a time
//! ([`crate::domain::page::Paged`]). The page is in the address (`?page=2`), so it works before
//! the app has loaded, can be shared, and the browser's back button returns to it. Plain `<a>`
//! rather than the router's `<A>`, which marks a link to the same path as the current page for
//! screen readers whatever its query.

use leptos::prelude::*;

use crate::i18n::*;

/// The page asked for in the address's `name` parameter, counted from 0 (the address shows it
/// counted from 1, as people count).
pub fn use_page_param(name: &'static str) -> Signal<u32> {
    let page = crate::ui::nav::query_param(name)
        .and_then(|s| s.parse::<u32>().ok())
        .map_or(0, |n| n.saturating_sub(1));
    Signal::stored(page)
}

/// Links to the page before and after `page`, shown only when there is more than one page.
#[component]
pub fn Pager(
    page: u32,
    more: bool,
    #[prop(default = "page")] name: &'static str,
    /// The rest of the query to keep, escaped, each parameter followed by `&` (a filter).
    #[prop(optional, into)]
    keep: String,
) -> impl IntoView {
    let i18n = use_i18n();
    // Relative to the page itself: only the query changes.
    let href = move |n: u32| format!("?{keep}{name}={}", n + 1);
    let (previous, next) = (href(page.saturating_sub(1)), href(page + 1));
    (page > 0 || more).then(|| {
        view! {
            <nav class="pager row" aria-label=move || t_string!(i18n, pager_label).to_string()>
                {(page > 0).then(|| view! {
                    <a href=previous.clone() rel="prev" data-testid="page-previous">
                        {t_string!(i18n, page_previous)}
                    </a>
                })}
                <span class="muted" aria-current="page" data-testid="page-current">{t_string!(i18n, page_number, n = page + 1)}</span>
                {more.then(|| view! {
                    <a href=next.clone() rel="next" data-testid="page-next">
                        {t_string!(i18n, page_next)}
                    </a>
                })}
            </nav>
        }
    })
}
