//! The bar on every page: name, navigation, account and language.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::bell::{Bell, use_unread};
use super::lang_switcher::LangSwitcher;
use crate::api::auth::Logout;
use crate::i18n::*;
use crate::ui::auth::use_auth;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let logout = ServerAction::<Logout>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if logout.version().get() > 0 && !logout.pending().get() {
            auth.refresh();
            navigate("/", Default::default());
        }
    });
    let unread = use_unread();
    // Reads the user and the bell's counts together (see the `Transition` below).
    let signed_in = move || {
        unread.load();
        auth.me().is_some()
    };

    view! {
        <a class="skip" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="top">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"◎"</span>
                {t!(i18n, app_name)}
            </A>
            <nav aria-label=move || t_string!(i18n, app_name).to_string()>
                <ul>
                    <li><A href="/">{t!(i18n, nav_map)}</A></li>
                    <li><A href="/activities" attr:data-testid="nav-activities">{t!(i18n, nav_activities)}</A></li>
                    <li><A href="/associations" attr:data-testid="nav-associations">{t!(i18n, nav_associations)}</A></li>
                    <li><A href="/listings/new" attr:class="cta">{t!(i18n, nav_new_listing)}</A></li>
                    // Waits for the user on the server too, so the first paint is right. Read in
                    // plain closures, not `<Show>`: a `Show` keeps its condition in a memo, and on
                    // the server that memo could still hold "signed out" when the Transition
                    // rendered (the resource's end woke the Transition before the memo heard of
                    // it), so the browser, holding the user, failed to hydrate the page. The
                    // unread counts the bell shows are read here too, with the user, so the
                    // Transition waits for all three at once (ARCHITECTURE.md).
                    <Transition fallback=|| ()>
                        {move || if signed_in() {
                            view! {
                                <li><Bell /></li>
                                <li><ExchangesLink /></li>
                                {move || auth.me().is_some_and(|me| me.moderator).then(|| view! {
                                    <li><A href="/moderation" attr:data-testid="nav-moderation">{t!(i18n, nav_moderation)}</A></li>
                                })}
                                <li><A href="/hours" attr:data-testid="nav-hours">{t!(i18n, nav_hours)}</A></li>
                                <li><A href="/profile">{t!(i18n, nav_profile)}</A></li>
                                <li>
                                    <button
                                        type="button"
                                        class="link-button"
                                        data-testid="logout"
                                        on:click=move |_| { logout.dispatch(Logout {}); }
                                    >
                                        {t!(i18n, nav_logout)}
                                    </button>
                                </li>
                            }
                            .into_any()
                        } else {
                            view! {
                                <li><A href="/login">{t!(i18n, nav_login)}</A></li>
                                <li><A href="/signup">{t!(i18n, nav_signup)}</A></li>
                            }
                            .into_any()
                        }}
                    </Transition>
                </ul>
            </nav>
            <LangSwitcher />
        </header>
    }
}

/// "Exchanges", with my unread messages.
#[component]
fn ExchangesLink() -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    let count = move || unread.message_count();
    view! {
        <A href="/exchanges" attr:data-testid="nav-exchanges">
            {t!(i18n, nav_exchanges)}
            <span
                class="bell-count"
                class:zero=move || count() == 0
                data-testid="messages-count"
                aria-label=move || t_string!(i18n, unread_messages, count = count()).to_string()
            >
                {count}
            </span>
        </A>
    }
}
