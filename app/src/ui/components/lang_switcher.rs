//! The language menu, and where a page's language comes from: the person's choice, kept in a
//! cookie that only this menu writes, then the browser's languages.

use leptos::prelude::*;
use leptos_i18n::context::UseLocalesOptions;

use crate::i18n::*;
use crate::ui::text::endonym;

/// An island: choosing a language loads the page again in it, as the server renders the text.
#[island]
pub fn LangSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        if let Some(locale) = Locale::get_all()
            .iter()
            .copied()
            .find(|l| l.as_str() == code)
        {
            i18n.set_locale(locale);
            remember(locale);
            crate::ui::nav::reload();
        }
    };
    view! {
        <label class="lang">
            <span class="visually-hidden">{t_string!(i18n, language)}</span>
            <select on:change=on_change data-testid="lang-select" aria-label=move || t_string!(i18n, language).to_string()>
                {Locale::get_all()
                    .iter()
                    .map(|l| {
                        let l = *l;
                        view! {
                            <option value=l.as_str() selected=move || i18n.get_locale() == l>
                                {endonym(l.as_str())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The cookie that keeps a person's choice of language (leptos_i18n's name for it, so choices
/// made before are still read).
const LANG_COOKIE: &str = "i18n_pref_locale";

/// What the server tells leptos_i18n the request asks for: the language chosen in the menu
/// (the cookie) if any, else the browser's `Accept-Language`.
///
/// leptos_i18n's own cookie (its `cookie` feature) is off: it is written by an effect, on the
/// server as well, as a `Set-Cookie` on the answer, and a French person's page once came in
/// Arabic, the language of another test's visitor at the same moment. With this, the server
/// never writes the cookie; only [`remember`], on a choice, does.
pub fn request_languages() -> UseLocalesOptions {
    UseLocalesOptions::default().ssr_lang_header_getter(|| {
        #[cfg(feature = "ssr")]
        {
            use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
            use tower_sessions::cookie::Cookie;
            let parts = use_context::<axum::http::request::Parts>()?;
            let chosen = parts
                .headers
                .get_all(COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(Cookie::split_parse)
                .flatten()
                .find(|c| {
                    c.name() == LANG_COOKIE
                        && Locale::get_all().iter().any(|l| l.as_str() == c.value())
                })
                .map(|c| c.value().to_owned());
            chosen.or_else(|| {
                parts
                    .headers
                    .get(ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            })
        }
        #[cfg(not(feature = "ssr"))]
        None
    })
}

/// The language of a request the server answers without Leptos (a form it handles itself):
/// the one chosen in the menu (its cookie), else the best of the browser's `Accept-Language`.
#[cfg(feature = "ssr")]
pub fn locale_of(headers: &axum::http::HeaderMap) -> Locale {
    use axum::http::header::ACCEPT_LANGUAGE;
    use leptos_i18n::Locale as _;
    chosen_locale(headers).unwrap_or_else(|| {
        let accepted: Vec<String> = headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(',')
            .filter_map(|l| l.split(';').next())
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        Locale::find_locale(&accepted)
    })
}

/// The language chosen in the menu (its cookie), if one was.
#[cfg(feature = "ssr")]
pub fn chosen_locale(headers: &axum::http::HeaderMap) -> Option<Locale> {
    use axum::http::header::COOKIE;
    use tower_sessions::cookie::Cookie;
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .flatten()
        .find(|c| c.name() == LANG_COOKIE)
        .and_then(|c| c.value().parse::<Locale>().ok())
}

/// "This need is not on the list", in the request's language.
#[cfg(feature = "ssr")]
pub fn unknown_need_text(headers: &axum::http::HeaderMap) -> String {
    td_string!(locale_of(headers), needs_unknown).to_string()
}

/// Keeps the choice for a year, for the whole site.
fn remember(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let cookie = format!(
            "{LANG_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
            locale.as_str()
        );
        let _ = document()
            .unchecked_into::<web_sys::HtmlDocument>()
            .set_cookie(&cookie);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
}

#[cfg(all(test, feature = "ssr"))]
mod server_tests {
    use super::*;
    use axum::http::{HeaderMap, header};

    #[test]
    fn the_language_is_the_chosen_one_else_the_browsers() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_LANGUAGE,
            "ar;q=0.9, fr;q=0.8".parse().expect("header"),
        );
        assert_eq!(locale_of(&h), Locale::ar);
        h.insert(
            header::COOKIE,
            "i18n_pref_locale=en".parse().expect("header"),
        );
        assert_eq!(locale_of(&h), Locale::en);
    }
}
