//! A form's place: a map to tap, whether a point is chosen, optionally a button to clear it, and
//! the field's error. Shared by the listing, association and activity forms.

use leptos::prelude::*;

use super::field_error::FieldError;
use super::map::location_picker::LocationPicker;
use crate::domain::geo::GeoPoint;
use crate::domain::{AppError, Field};
use crate::i18n::*;

#[component]
pub fn PlaceField(
    value: RwSignal<Option<GeoPoint>>,
    /// The map's element id.
    id: &'static str,
    #[prop(into)] legend: Signal<String>,
    /// A line under the legend.
    #[prop(optional, into)]
    help: Option<Signal<String>>,
    error: Signal<Option<AppError>>,
    /// Offers to take the point back (the form then uses a default).
    #[prop(optional)]
    clearable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset>
            <legend>{move || legend.get()}</legend>
            {help.map(|h| view! { <p class="help">{move || h.get()}</p> })}
            <LocationPicker value id label=legend />
            <p class="help" data-testid="location-state">
                {move || if value.get().is_some() {
                    t_string!(i18n, location_chosen).to_string()
                } else {
                    t_string!(i18n, location_none).to_string()
                }}
            </p>
            {clearable.then(|| view! {
                <button type="button" class="secondary" hidden=move || value.get().is_none()
                    on:click=move |_| value.set(None)>
                    {t_string!(i18n, clear_location)}
                </button>
            })}
            <FieldError error field=Field::Location />
        </fieldset>
    }
}

/// A form's submit button: "Publish" or "Save", "Saving…" while pending.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    /// What the button says on a new item.
    #[prop(into)]
    new_label: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="primary" disabled=move || pending.get()>
            {move || if pending.get() {
                t_string!(i18n, saving).to_string()
            } else {
                match new_label {
                    Some(label) => label.get(),
                    None => t_string!(i18n, save).to_string(),
                }
            }}
        </button>
    }
}
