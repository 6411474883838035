//! The page for unknown addresses.

use leptos::prelude::*;

use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta title=t_string!(i18n, not_found_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, not_found_title)}</h1>
            <p>{t_string!(i18n, err_not_found)}</p>
            <a href="/">{t_string!(i18n, back_home)}</a>
        </div>
    }
}
