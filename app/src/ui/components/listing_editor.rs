//! The form that creates or edits a listing. Every value stays in its signal, so a refused
//! submission loses nothing the user typed.

use leptos::prelude::*;

use super::field_error::{FieldError, FormError, error_id, is_invalid};
use super::place_field::{PlaceField, SubmitButton};
use super::radius_options::RadiusOptions;
use crate::domain::listing::{Category, ListingForm, MAX_EXPIRY_DAYS, MAX_PRICE};
use crate::domain::vocab::Code;
use crate::domain::{AppError, Field};
use crate::i18n::*;
use crate::ui::text;
use crate::ui::typed::Typed;

#[component]
pub fn ListingEditor(
    initial: ListingForm,
    is_new: bool,
    on_submit: Callback<ListingForm>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // What was typed before the page's code arrived wins over the starting values.
    let typed = Typed::read("form.listing-form");
    let kind = RwSignal::new(typed.text("kind", initial.kind));
    let nature = RwSignal::new(typed.text("nature", initial.nature));
    let category = RwSignal::new(typed.text("category", initial.category));
    let title = RwSignal::new(typed.text("title", initial.title));
    let description = RwSignal::new(typed.text("description", initial.description));
    let remote = RwSignal::new(typed.ticked("remote", initial.remote));
    let price = RwSignal::new(typed.text("price", initial.price));
    let expires = RwSignal::new(typed.text("expires_in_days", initial.expires_in_days));
    let location = RwSignal::new(initial.location);
    let radius = RwSignal::new(typed.text("radius_km", initial.radius_km));
    let association_id = initial.association_id;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(ListingForm {
            kind: kind.get(),
            nature: nature.get(),
            category: category.get(),
            title: title.get(),
            description: description.get(),
            remote: remote.get(),
            price: price.get(),
            expires_in_days: expires.get(),
            location: location.get(),
            radius_km: radius.get(),
            association_id,
        });
    };
    let invalid = move |f: Field| move || is_invalid(error.get(), f).then_some("true");

    let radio =
        move |name: &'static str, value: &'static str, sig: RwSignal<String>, label: AnyView| {
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name=name
                        value=value
                        prop:checked=move || sig.get() == value
                        on:change=move |_| sig.set(value.to_owned())
                    />
                    <span>{label}</span>
                </label>
            }
        };

    view! {
        <form class="stack listing-form" on:submit=submit novalidate>
            <FormError error />
            <fieldset>
                <legend>{t_string!(i18n, field_kind)}</legend>
                {radio("kind", "offer", kind, t_string!(i18n, kind_offer_long).into_any())}
                {radio("kind", "request", kind, t_string!(i18n, kind_request_long).into_any())}
                <FieldError error field=Field::Kind />
            </fieldset>
            <fieldset>
                <legend>{t_string!(i18n, field_nature)}</legend>
                {radio("nature", "good", nature, t_string!(i18n, nature_good_long).into_any())}
                {radio("nature", "service", nature, t_string!(i18n, nature_service_long).into_any())}
                <FieldError error field=Field::Nature />
            </fieldset>
            <label>
                <span>{t_string!(i18n, field_category)}</span>
                <select
                    name="category"
                    aria-invalid=invalid(Field::Category)
                    aria-describedby=error_id(Field::Category)
                    on:change=move |ev| category.set(event_target_value(&ev))
                >
                    <option value="" selected=move || category.get().is_empty()>
                        {t_string!(i18n, choose_category)}
                    </option>
                    {Category::ALL
                        .iter()
                        .map(|c| {
                            let c = *c;
                            view! {
                                <option value=c.code() selected=move || category.get() == c.code()>
                                    {move || text::category(i18n, c)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <FieldError error field=Field::Category />
            </label>
            <label>
                <span>{t_string!(i18n, field_title)}</span>
                <input
                    type="text"
                    name="title"
                    maxlength="80"
                    bind:value=title
                    aria-invalid=invalid(Field::Title)
                    aria-describedby=error_id(Field::Title)
                />
                <FieldError error field=Field::Title />
            </label>
            <label>
                <span>{t_string!(i18n, field_description)}</span>
                <textarea
                    name="description"
                    rows="5"
                    maxlength="2000"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                    aria-invalid=invalid(Field::Description)
                    aria-describedby=error_id(Field::Description)
                ></textarea>
                <FieldError error field=Field::Description />
            </label>
            <label class="check">
                <input type="checkbox" name="remote" bind:checked=remote />
                <span>{t_string!(i18n, field_remote)}</span>
            </label>
            <div class="row">
                <label>
                    <span>{t_string!(i18n, field_price)}</span>
                    <input
                        type="number"
                        name="price"
                        min="0"
                        max=MAX_PRICE.to_string()
                        inputmode="numeric"
                        bind:value=price
                        aria-invalid=invalid(Field::Price)
                        aria-describedby=error_id(Field::Price)
                    />
                    <small>{t_string!(i18n, price_help)}</small>
                    <FieldError error field=Field::Price />
                </label>
                <label>
                    <span>{t_string!(i18n, field_expires)}</span>
                    <input
                        type="number"
                        name="expires_in_days"
                        min="1"
                        max=MAX_EXPIRY_DAYS.to_string()
                        inputmode="numeric"
                        bind:value=expires
                        aria-invalid=invalid(Field::ExpiresInDays)
                        aria-describedby=error_id(Field::ExpiresInDays)
                    />
                    <FieldError error field=Field::ExpiresInDays />
                </label>
            </div>
            <PlaceField
                value=location
                id="listing-location-map"
                legend=Signal::derive(move || t_string!(i18n, field_location).to_string())
                help=Signal::derive(move || t_string!(i18n, location_help).to_string())
                error
                clearable=true
            />
            <label>
                <span>{t_string!(i18n, field_radius)}</span>
                <select
                    name="radius_km"
                    aria-invalid=invalid(Field::Radius)
                    aria-describedby=error_id(Field::Radius)
                    on:change=move |ev| radius.set(event_target_value(&ev))
                >
                    <RadiusOptions selected=radius />
                </select>
                <small>{t_string!(i18n, radius_help)}</small>
                <FieldError error field=Field::Radius />
            </label>
            <SubmitButton
                pending
                new_label=is_new.then(|| Signal::derive(move || t_string!(i18n, publish).to_string()))
            />
        </form>
    }
}
