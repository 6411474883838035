//! The page for unknown addresses.

use leptos::prelude::*;

use crate::i18n::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="narrow">
            <h1>{t!(i18n, not_found_title)}</h1>
            <p>{t!(i18n, err_not_found)}</p>
            <a href="/">{t!(i18n, back_home)}</a>
        </div>
    }
}
