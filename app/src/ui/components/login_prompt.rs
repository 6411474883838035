//! Shown in place of a page that needs an account.

use leptos::prelude::*;

use crate::i18n::*;

#[component]
pub fn LoginPrompt() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="narrow" data-testid="login-required">
            <p>{t_string!(i18n, login_required)}</p>
            <p class="row">
                <a href="/login" class="button primary">{t_string!(i18n, nav_login)}</a>
                <a href="/signup" class="button">{t_string!(i18n, nav_signup)}</a>
            </p>
        </div>
    }
}
