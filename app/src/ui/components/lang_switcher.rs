//! The language menu; the choice is kept in a cookie by leptos_i18n.

use leptos::prelude::*;

use crate::i18n::*;
use crate::ui::text::endonym;

#[component]
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
        }
    };
    view! {
        <label class="lang">
            <span class="visually-hidden">{t!(i18n, language)}</span>
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
