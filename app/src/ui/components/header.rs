//! The bar on every page: name, navigation, account and language.

use leptos::prelude::*;

use crate::ui::command::Command;

use super::bell::{Bell, use_unread};
use super::lang_switcher::LangSwitcher;
use crate::api::auth::Logout;
use crate::i18n::*;
use crate::ui::auth::use_auth;

/// Rendered on the server; what changes in the browser is in islands of its own: the counts,
/// logging out and the language menu.
///
/// Two navigations. The main places (the map, posting, my exchanges, my notifications, me; for a
/// visitor: the map, posting, help near me, logging in) are a bar at the bottom of a phone's
/// screen, under the thumb, and a row of the header on a wide screen. The other places are in
/// "More": a `<details>` menu on a phone (it opens without script), shown as a row on a wide
/// screen (`style/main.css`). The current page's link is marked `aria-current="page"`.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let unread = use_unread();
    let path = StoredValue::new(
        leptos_router::hooks::use_location()
            .pathname
            .get_untracked(),
    );
    // Reads the user and the bell's counts together, so the `Suspense` waits for all three.
    let signed_in = move || {
        unread.load();
        auth.me()
    };
    let here = move |href: &str| {
        let current = path.with_value(|path| {
            if href == "/" {
                path == "/"
            } else {
                path == href || path.starts_with(&format!("{href}/"))
            }
        });
        current.then_some("page")
    };
    let more = move |href: &'static str, testid: &'static str, label: String| {
        view! { <li><a href=href data-testid=testid aria-current=here(href)>{label}</a></li> }
    };

    view! {
        <a class="skip" href="#main">{t_string!(i18n, skip_to_content)}</a>
        <header class="top">
            <a href="/" class="brand">
                <span class="brand-mark" aria-hidden="true">"◎"</span>
                {t_string!(i18n, app_name)}
            </a>
            <Suspense fallback=|| ()>
                {move || {
                    let me = signed_in();
                    let tab = move |href: &'static str, testid: &'static str, icon: &'static str, label: String| {
                        view! {
                            <li>
                                <a href=href data-testid=testid aria-current=here(href)>
                                    <TabIcon d=icon />
                                    <span class="tab-label">{label}</span>
                                </a>
                            </li>
                        }
                    };
                    view! {
                        <nav class="tabs" aria-label=t_string!(i18n, nav_main).to_string()>
                            <ul>
                                {tab("/", "nav-map", ICON_MAP, t_string!(i18n, tab_map).to_string())}
                                {tab("/listings/new", "nav-post", ICON_POST, t_string!(i18n, tab_post).to_string())}
                                {match &me {
                                    Some(_) => view! {
                                        <li>
                                            <ExchangesLink current=here("/exchanges").is_some()>
                                                <TabIcon d=ICON_EXCHANGES />
                                                <span class="tab-label">{t_string!(i18n, tab_exchanges)}</span>
                                            </ExchangesLink>
                                        </li>
                                        <li>
                                            <Bell current=here("/notifications").is_some()>
                                                <TabIcon d=ICON_BELL />
                                                <span class="tab-label">{t_string!(i18n, tab_notifications)}</span>
                                            </Bell>
                                        </li>
                                        {tab("/profile", "nav-me", ICON_ME, t_string!(i18n, tab_me).to_string())}
                                    }.into_any(),
                                    None => view! {
                                        {tab("/help", "nav-help-tab", ICON_HELP, t_string!(i18n, tab_help).to_string())}
                                        {tab("/login", "nav-login", ICON_ME, t_string!(i18n, nav_login).to_string())}
                                    }.into_any(),
                                }}
                            </ul>
                        </nav>
                        <details class="more" data-testid="more">
                            <summary data-testid="more-toggle">{t_string!(i18n, nav_more)}</summary>
                            <nav aria-label=t_string!(i18n, nav_more).to_string()>
                                <ul>
                                    {more("/help", "nav-help", t_string!(i18n, nav_help).to_string())}
                                    {more("/activities", "nav-activities", t_string!(i18n, nav_activities).to_string())}
                                    {more("/associations", "nav-associations", t_string!(i18n, nav_associations).to_string())}
                                    {more("/venues", "nav-venues", t_string!(i18n, nav_venues).to_string())}
                                    {more("/insights", "nav-insights", t_string!(i18n, nav_insights).to_string())}
                                    {match &me {
                                        Some(me) => view! {
                                            {me.moderator.then(|| more("/moderation", "nav-moderation", t_string!(i18n, nav_moderation).to_string()))}
                                            {more("/hours", "nav-hours", t_string!(i18n, nav_hours).to_string())}
                                            <li><LogoutButton /></li>
                                        }.into_any(),
                                        None => more("/signup", "nav-signup", t_string!(i18n, nav_signup).to_string()).into_any(),
                                    }}
                                </ul>
                            </nav>
                        </details>
                    }
                }}
            </Suspense>
            <LangSwitcher />
        </header>
    }
}

/// The icons of the bottom bar (24 × 24 paths, drawn: cheap phones often lack emoji fonts).
const ICON_MAP: &str = "M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z";
const ICON_POST: &str = "M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z";
const ICON_ME: &str =
    "M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4 0-8 2-8 5v2h16v-2c0-3-4-5-8-5z";
const ICON_HELP: &str = "M12 2 3 6v6c0 5 4 9 9 10 5-1 9-5 9-10V6zm-1 5h2v4h4v2h-4v4h-2v-4H7v-2h4z";
const ICON_BELL: &str = "M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z";
const ICON_EXCHANGES: &str = "M7 7h11l-3-3 1.4-1.4L21.8 8l-5.4 5.4L15 12l3-3H7zm10 10H6l3 3-1.4 1.4L2.2 16l5.4-5.4L9 12l-3 3h11z";

/// One icon of the bottom bar.
#[component]
fn TabIcon(d: &'static str) -> impl IntoView {
    view! {
        <svg class="tab-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path fill="currentColor" d=d />
        </svg>
    }
}

/// Ends the session, then shows the home page as a visitor sees it.
#[island]
fn LogoutButton() -> impl IntoView {
    let i18n = use_i18n();
    let logout = Command::<Logout>::new();
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

/// "Exchanges", with my unread messages; `children`: its icon and word, rendered by the server.
#[island]
fn ExchangesLink(current: bool, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    let count = move || unread.message_count();
    view! {
        <a href="/exchanges" data-testid="nav-exchanges" aria-current=current.then_some("page")>
            {children()}
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
