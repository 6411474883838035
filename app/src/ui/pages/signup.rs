//! Creating an account.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::auth::Signup;
use crate::domain::Field;
use crate::domain::user::SignupForm;
use crate::i18n::*;
use crate::ui::components::field_error::{FieldError, FormError, error_id, is_invalid};
use crate::ui::components::page_meta::PageMeta;
use crate::ui::typed::Typed;

#[island(lazy)]
pub fn SignupPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = Command::<Signup>::new();
    // What was typed before the page's code arrived is kept.
    let typed = Typed::read("form[data-testid=signup-form]");
    let (email, name, password) = (
        RwSignal::new(typed.text("email", String::new())),
        RwSignal::new(typed.text("display_name", String::new())),
        RwSignal::new(typed.text("password", String::new())),
    );
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            crate::ui::nav::go("/profile");
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(Signup {
            form: SignupForm {
                email: email.get(),
                display_name: name.get(),
                password: password.get(),
            },
        });
    };
    let invalid = move |f: Field| move || is_invalid(error.get(), f).then_some("true");

    view! {
        <PageMeta title=t_string!(i18n, signup_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, signup_title)}</h1>
            <form class="stack" data-testid="signup-form" on:submit=submit novalidate>
                <FormError error />
                <label>
                    <span>{t_string!(i18n, field_email)}</span>
                    <input type="email" name="email" autocomplete="email" bind:value=email
                        aria-invalid=invalid(Field::Email) aria-describedby=error_id(Field::Email) />
                    <FieldError error field=Field::Email />
                </label>
                <label>
                    <span>{t_string!(i18n, field_display_name)}</span>
                    <input type="text" name="display_name" autocomplete="nickname" bind:value=name
                        aria-invalid=invalid(Field::DisplayName) aria-describedby=error_id(Field::DisplayName) />
                    <FieldError error field=Field::DisplayName />
                </label>
                <label>
                    <span>{t_string!(i18n, field_password)}</span>
                    <input type="password" name="password" autocomplete="new-password" bind:value=password
                        aria-invalid=invalid(Field::Password) aria-describedby=error_id(Field::Password) />
                    <small>{t_string!(i18n, password_help)}</small>
                    <FieldError error field=Field::Password />
                </label>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {t_string!(i18n, create_account)}
                </button>
            </form>
            <p>{t_string!(i18n, have_account)} " " <a href="/login">{t_string!(i18n, nav_login)}</a></p>
        </div>
    }
}
