//! The bar on every page: name, navigation, account and language.

use leptos::prelude::*;

use super::bell::{Bell, use_unread};
use super::lang_switcher::LangSwitcher;
use crate::api::auth::Logout;
use crate::i18n::*;
use crate::ui::auth::use_auth;

/// Rendered on the server; what changes in the browser is in islands of its own: the counts,
/// logging out and the language menu.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let unread = use_unread();
    // Reads the user and the bell's counts together, so the `Suspense` waits for all three.
    let signed_in = move || {
        unread.load();
        auth.me()
    };

    view! {
        <a class="skip" href="#main">{t_string!(i18n, skip_to_content)}</a>
        <header class="top">
            <a href="/" class="brand">
                <span class="brand-mark" aria-hidden="true">"◎"</span>
                {t_string!(i18n, app_name)}
            </a>
            <nav aria-label=move || t_string!(i18n, app_name).to_string()>
                <ul>
                    <li><a href="/">{t_string!(i18n, nav_map)}</a></li>
                    <li><a href="/help" data-testid="nav-help">{t_string!(i18n, nav_help)}</a></li>
                    <li><a href="/activities" data-testid="nav-activities">{t_string!(i18n, nav_activities)}</a></li>
                    <li><a href="/associations" data-testid="nav-associations">{t_string!(i18n, nav_associations)}</a></li>
                    <li><a href="/venues" data-testid="nav-venues">{t_string!(i18n, nav_venues)}</a></li>
                    <li><a href="/listings/new" class="cta">{t_string!(i18n, nav_new_listing)}</a></li>
                    <Suspense fallback=|| ()>
                        {move || match signed_in() {
                            Some(me) => view! {
                                <li><Bell /></li>
                                <li><ExchangesLink /></li>
                                {me.moderator.then(|| view! {
                                    <li><a href="/moderation" data-testid="nav-moderation">{t_string!(i18n, nav_moderation)}</a></li>
                                })}
                                <li><a href="/hours" data-testid="nav-hours">{t_string!(i18n, nav_hours)}</a></li>
                                <li><a href="/profile">{t_string!(i18n, nav_profile)}</a></li>
                                <li><LogoutButton /></li>
                            }
                            .into_any(),
                            None => view! {
                                <li><a href="/login">{t_string!(i18n, nav_login)}</a></li>
                                <li><a href="/signup">{t_string!(i18n, nav_signup)}</a></li>
                            }
                            .into_any(),
                        }}
                    </Suspense>
                </ul>
            </nav>
            <LangSwitcher />
        </header>
    }
}

/// Ends the session, then shows the home page as a visitor sees it.
#[island]
fn LogoutButton() -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if logout.version().get() > 0 && !logout.pending().get() {
            crate::ui::nav::go("/");
        }
    });
    view! {
        <button
            type="button"
            class="link-button"
            data-testid="logout"
            on:click=move |_| { logout.dispatch(Logout {}); }
        >
            {t_string!(i18n, nav_logout)}
        </button>
    }
}

/// "Exchanges", with my unread messages.
#[island]
fn ExchangesLink() -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    let count = move || unread.message_count();
    view! {
        <a href="/exchanges" data-testid="nav-exchanges">
            {t_string!(i18n, nav_exchanges)}
            <span
                class="bell-count"
                class:zero=move || count() == 0
                data-testid="messages-count"
                aria-label=move || t_string!(i18n, unread_messages, count = count()).to_string()
            >
                {count}
            </span>
        </a>
    }
}
