//! The form that creates or edits an association's page. Every value stays in its signal, so a
//! refused submission loses nothing the user typed.

use leptos::prelude::*;

use super::field_error::{FieldError, FormError, error_id, is_invalid};
use super::place_field::{PlaceField, SubmitButton};
use crate::domain::association::AssociationForm;
use crate::domain::listing::Category;
use crate::domain::vocab::Code;
use crate::domain::{AppError, Field};
use crate::i18n::*;
use crate::ui::text;
use crate::ui::typed::Typed;

#[component]
pub fn AssociationEditor(
    initial: AssociationForm,
    is_new: bool,
    on_submit: Callback<AssociationForm>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // What was typed before the page's code arrived wins over the starting values.
    let typed = Typed::read("form[data-testid=association-form]");
    let name = RwSignal::new(typed.text("name", initial.name));
    let description = RwSignal::new(typed.text("description", initial.description));
    let address = RwSignal::new(typed.text("address", initial.address));
    let location = RwSignal::new(initial.location);
    let website = RwSignal::new(typed.text("website", initial.website));
    let contact = RwSignal::new(typed.text("contact", initial.contact));
    let categories = RwSignal::new(typed.ticked_values("categories", initial.categories));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(AssociationForm {
            name: name.get(),
            description: description.get(),
            address: address.get(),
            location: location.get(),
            website: website.get(),
            contact: contact.get(),
            categories: categories.get(),
        });
    };
    let invalid = move |f: Field| move || is_invalid(error.get(), f).then_some("true");
    let input = move |field: Field,
                      name: &'static str,
                      kind: &'static str,
                      value: RwSignal<String>,
                      label: AnyView| {
        view! {
            <label>
                <span>{label}</span>
                <input
                    type=kind
                    name=name
                    bind:value=value
                    aria-invalid=invalid(field)
                    aria-describedby=error_id(field)
                />
                <FieldError error field />
            </label>
        }
    };

    view! {
        <form class="stack" data-testid="association-form" on:submit=submit novalidate>
            <FormError error />
            {input(Field::Name, "name", "text", name, t_string!(i18n, field_association_name).into_any())}
            <label>
                <span>{t_string!(i18n, field_description)}</span>
                <textarea
                    name="description"
                    rows="5"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                    aria-invalid=invalid(Field::Description)
                    aria-describedby=error_id(Field::Description)
                ></textarea>
                <FieldError error field=Field::Description />
            </label>
            {input(Field::Address, "address", "text", address, t_string!(i18n, field_public_address).into_any())}
            <PlaceField
                value=location
                id="association-location-map"
                legend=Signal::derive(move || t_string!(i18n, field_association_place).to_string())
                help=Signal::derive(move || t_string!(i18n, association_place_help).to_string())
                error
            />
            {input(Field::Website, "website", "url", website, t_string!(i18n, field_website).into_any())}
            {input(Field::Contact, "contact", "text", contact, t_string!(i18n, field_contact).into_any())}
            <fieldset class="checks">
                <legend>{t_string!(i18n, field_categories)}</legend>
                {Category::ALL.iter().map(|c| {
                    let code = c.code();
                    let c = *c;
                    view! {
                        <label class="check">
                            <input type="checkbox" name="categories" value=code
                                prop:checked=move || categories.get().iter().any(|x| x == code)
                                on:change=move |ev| toggle(categories, code, event_target_checked(&ev)) />
                            <span>{move || text::category(i18n, c)}</span>
                        </label>
                    }
                }).collect_view()}
                <FieldError error field=Field::Categories />
            </fieldset>
            <SubmitButton
                pending
                new_label=is_new.then(|| Signal::derive(move || t_string!(i18n, create_association).to_string()))
            />
        </form>
    }
}

/// Adds `code` to the chosen set, or takes it out.
pub fn toggle(set: RwSignal<Vec<String>>, code: &str, on: bool) {
    set.update(|v| {
        v.retain(|x| x != code);
        if on {
            v.push(code.to_owned());
        }
    });
}
