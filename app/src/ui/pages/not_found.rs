//! The page for unknown addresses.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta title=t_string!(i18n, not_found_title).to_string() />
        <div class="narrow">
            <h1>{t!(i18n, not_found_title)}</h1>
            <p>{t!(i18n, err_not_found)}</p>
            <A href="/">{t!(i18n, back_home)}</A>
        </div>
    }
}
