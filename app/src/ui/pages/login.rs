//! Logging in.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::auth::Login;
use crate::i18n::*;
use crate::ui::components::field_error::FormError;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::typed::Typed;

#[island(lazy)]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = Command::<Login>::new();
    // What was typed before the page's code arrived is kept.
    let typed = Typed::read("form[data-testid=login-form]");
    let (email, password) = (
        RwSignal::new(typed.text("email", String::new())),
        RwSignal::new(typed.text("password", String::new())),
    );
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            crate::ui::nav::go("/");
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(Login {
            email: email.get(),
            password: password.get(),
        });
    };

    view! {
        <PageMeta title=t_string!(i18n, login_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, login_title)}</h1>
            <form class="stack" data-testid="login-form" on:submit=submit novalidate>
                <FormError error />
                <label>
                    <span>{t_string!(i18n, field_email)}</span>
                    <input type="email" name="email" autocomplete="email" bind:value=email />
                </label>
                <label>
                    <span>{t_string!(i18n, field_password)}</span>
                    <input type="password" name="password" autocomplete="current-password" bind:value=password />
                </label>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {t_string!(i18n, log_in)}
                </button>
            </form>
            <p><a href="/forgot" data-testid="forgot-link">{t_string!(i18n, login_forgot)}</a></p>
            <p>{t_string!(i18n, no_account)} " " <a href="/signup">{t_string!(i18n, nav_signup)}</a></p>
        </div>
    }
}
