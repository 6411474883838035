//! One listing in a list: kind (shape, colour and word), title, category, price.

use leptos::prelude::*;

use crate::domain::listing::ListingKind;
use crate::domain::view::ListingSummary;
use crate::i18n::*;
use crate::ui::text;

#[component]
pub fn ListingCard(listing: ListingSummary) -> impl IntoView {
    let i18n = use_i18n();
    let l = listing;
    let kind_class = match l.kind {
        ListingKind::Offer => "badge badge-offer",
        ListingKind::Request => "badge badge-request",
    };
    let (kind, category, nature, price, remote) = (l.kind, l.category, l.nature, l.price, l.remote);
    view! {
        <li class="card" data-testid="listing-item" data-kind=kind_code(kind)>
            // Plain text, not reactive closures: the language never changes under a page (a
            // choice loads the page again), and the home page hydrates 50 of these cards on a
            // slow phone's main thread.
            <span class=kind_class>{text::kind(i18n, kind)}</span>
            <a href=format!("/listings/{}", l.id) class="card-title" dir="auto">{l.title.clone()}</a>
            <p class="card-meta">
                <span>{text::category(i18n, category)}</span>
                " · "
                <span>{text::nature(i18n, nature)}</span>
                " · "
                <span>{text::price(i18n, price)}</span>
                {remote.then(|| view! { " · " <span>{t_string!(i18n, remote_ok).to_string()}</span> })}
            </p>
        </li>
    }
}

fn kind_code(kind: ListingKind) -> &'static str {
    use crate::domain::vocab::Code;
    kind.code()
}
