//! The `<option>`s of a matching-radius `<select>`, one per [`RADIUS_CHOICES_KM`], shared by the
//! listing form and the alert form.

use leptos::prelude::*;

use crate::domain::vocab::RADIUS_CHOICES_KM;
use crate::i18n::*;

#[component]
pub fn RadiusOptions(selected: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    RADIUS_CHOICES_KM
        .iter()
        .map(|km| {
            let km = *km;
            let value = km.to_string();
            view! {
                <option value=km.to_string() selected=move || selected.get() == value>
                    {move || t_string!(i18n, radius_km, km = km).to_string()}
                </option>
            }
        })
        .collect_view()
}
