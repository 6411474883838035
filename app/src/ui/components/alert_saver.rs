//! "Tell me about new listings here": saves the home page's filters and the map's centre as an
//! alert.

use leptos::prelude::*;

use crate::ui::command::Command;

use super::radius_options::RadiusOptions;
use crate::api::matching::SaveAlert;
use crate::domain::geo::{Bbox, GeoPoint};
use crate::domain::notify::AlertForm;
use crate::domain::view::Filters;
use crate::domain::vocab::Code;
use crate::domain::vocab::DEFAULT_RADIUS_KM;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::text;

#[component]
pub fn AlertSaver(filters: RwSignal<Filters>, bbox: RwSignal<Option<Bbox>>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let save = Command::<SaveAlert>::new();
    let radius = RwSignal::new(DEFAULT_RADIUS_KM.to_string());
    let needs_login = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if auth.me().is_none() {
            needs_login.set(true);
            return;
        }
        let f = filters.get();
        let center = bbox.get().map(|b| GeoPoint {
            lat: (b.south + b.north) / 2.0,
            lng: (b.west + b.east) / 2.0,
        });
        save.dispatch(SaveAlert {
            form: AlertForm {
                kind: f.kind.map(|k| k.code().to_owned()).unwrap_or_default(),
                category: f.category.map(|c| c.code().to_owned()).unwrap_or_default(),
                center,
                radius_km: radius.get(),
            },
        });
    };
    // Shown to everyone and hydrated with the page: reading the user to hide it would put it
    // behind a `Transition`, which hydrates later than the rest of the page, so a quick click
    // could reach the bare HTML form. Signing in is asked for on submit instead.
    view! {
        <form class="alert-saver row" on:submit=submit data-testid="alert-saver">
            <label>
                <span>{t_string!(i18n, alert_radius)}</span>
                <select name="alert_radius" on:change=move |ev| radius.set(event_target_value(&ev))>
                    <RadiusOptions selected=radius />
                </select>
            </label>
            <button type="submit" class="secondary" disabled=move || save.pending().get()>
                {t_string!(i18n, save_alert)}
            </button>
            <p aria-live="polite" data-testid="alert-result">
                {move || match save.value().get() {
                    _ if needs_login.get() => view! {
                        {t_string!(i18n, login_required)} " " <a href="/login">{t_string!(i18n, nav_login)}</a>
                    }.into_any(),
                    Some(Ok(_)) => view! {
                        {t_string!(i18n, alert_saved)} " " <a href="/notifications">{t_string!(i18n, nav_notifications)}</a>
                    }.into_any(),
                    Some(Err(e)) => view! { <span class="form-error">{text::error(i18n, &e)}</span> }.into_any(),
                    None => ().into_any(),
                }}
            </p>
        </form>
    }
}
