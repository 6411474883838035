//! Adding a venue, with what its author knows of its accessibility.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::venues::CreateVenue;
use crate::domain::venue::{VenueForm, VenueKind};
use crate::domain::vocab::Code;
use crate::domain::{AppError, Field};
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::answers_editor::AnswersEditor;
use crate::ui::components::field_error::{FieldError, FormError, error_id, is_invalid};
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::place_field::{PlaceField, SubmitButton};
use crate::ui::text;
use crate::ui::typed::Typed;

/// A lazy island: its code loads only on this page.
#[island(lazy)]
pub fn NewVenuePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let action = Command::<CreateVenue>::new();
    let error = super::go_on_success(action, |id| format!("/venues/{id}"));
    view! {
        <PageMeta title=t_string!(i18n, new_venue_title).to_string() />
        <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
            {move || auth.user.get().map(|r| match r {
                Ok(Some(_)) => view! {
                    <div class="narrow">
                        <h1>{t_string!(i18n, new_venue_title)}</h1>
                        <p class="help">{t_string!(i18n, new_venue_help)}</p>
                        <VenueEditor action error />
                    </div>
                }.into_any(),
                _ => view! { <LoginPrompt /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn VenueEditor(action: Command<CreateVenue>, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    // What was typed before the page's code arrived is kept.
    let page = Typed::read("form[data-testid=venue-form]");
    let name = RwSignal::new(page.text("name", String::new()));
    let kind = RwSignal::new(page.text("kind", String::new()));
    let address = RwSignal::new(page.text("address", String::new()));
    let location = RwSignal::new(None);
    let website = RwSignal::new(page.text("website", String::new()));
    let hours = RwSignal::new(page.text("hours", String::new()));
    let typed = RwSignal::new(Vec::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(CreateVenue {
            form: VenueForm {
                name: name.get_untracked(),
                kind: kind.get_untracked(),
                address: address.get_untracked(),
                location: location.get_untracked(),
                website: website.get_untracked(),
                hours: hours.get_untracked(),
            },
            answers: typed.get_untracked(),
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
                <input type=kind name=name bind:value=value
                    aria-invalid=invalid(field) aria-describedby=error_id(field) />
                <FieldError error field />
            </label>
        }
    };
    view! {
        <form class="stack" data-testid="venue-form" on:submit=submit novalidate>
            <FormError error />
            {input(Field::Name, "name", "text", name, t_string!(i18n, field_venue_name).into_any())}
            <label>
                <span>{t_string!(i18n, field_venue_kind)}</span>
                <select name="kind" on:change=move |ev| kind.set(event_target_value(&ev))
                    aria-invalid=invalid(Field::Kind) aria-describedby=error_id(Field::Kind)>
                    <option value="" selected=move || kind.get().is_empty()>{t_string!(i18n, choose_one)}</option>
                    {VenueKind::CHOICES.iter().map(|k| {
                        let k = *k;
                        view! { <option value=k.code() selected=move || kind.get() == k.code()>{move || text::venue_kind(i18n, k)}</option> }
                    }).collect_view()}
                </select>
                <FieldError error field=Field::Kind />
            </label>
            {input(Field::Address, "address", "text", address, t_string!(i18n, field_public_address).into_any())}
            <PlaceField
                value=location
                id="venue-location-map"
                legend=Signal::derive(move || t_string!(i18n, field_venue_place).to_string())
                help=Signal::derive(move || t_string!(i18n, venue_place_help).to_string())
                error
            />
            {input(Field::Website, "website", "url", website, t_string!(i18n, field_website).into_any())}
            {input(Field::Hours, "hours", "text", hours, t_string!(i18n, field_hours).into_any())}
            <h2>{t_string!(i18n, venue_accessibility)}</h2>
            <AnswersEditor typed error />
            <SubmitButton pending=action.pending()
                new_label=Some(Signal::derive(move || t_string!(i18n, create_venue).to_string())) />
        </form>
    }
}
