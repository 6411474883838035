//! An association's logo, on its page and on a volunteer's certificate.

use leptos::prelude::*;

use crate::i18n::*;

/// An association's logo at its full size, named for screen readers.
#[component]
pub fn Logo(src: String, name: String, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <img class="logo" src=src data-testid=testid width="96" height="96"
            alt=move || t_string!(i18n, logo_alt, name = name.clone()).to_string() />
    }
}
