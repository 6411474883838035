//! The signed-in user's profile: name, languages, a few words, and the home area.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::profile::UpdateProfile;
use crate::domain::Field;
use crate::domain::user::{Me, ProfileForm, SPOKEN_LANGUAGES};
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::field_error::{FieldError, FormError, error_id, is_invalid};
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::map::location_picker::LocationPicker;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text::endonym;

#[island(lazy)]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <PageMeta title=t_string!(i18n, profile_title).to_string() />
        <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
            {move || auth.user.get().map(|r| match r {
                Ok(Some(me)) => view! { <ProfileEditor me /> }.into_any(),
                _ => view! { <LoginPrompt /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ProfileEditor(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let action = Command::<UpdateProfile>::new();
    let name = RwSignal::new(me.display_name);
    let bio = RwSignal::new(me.bio);
    let languages = RwSignal::new(me.languages);
    let home = RwSignal::new(me.home);
    let skills = RwSignal::new(me.skills.join(", "));
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let saved = move || matches!(action.value().get(), Some(Ok(_)));
    let invalid = move |f: Field| move || is_invalid(error.get(), f).then_some("true");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(UpdateProfile {
            form: ProfileForm {
                display_name: name.get(),
                bio: bio.get(),
                languages: languages.get(),
                home: home.get(),
                skills: skills.get(),
            },
        });
    };
    let toggle = move |code: &'static str, on: bool| {
        languages.update(|l| {
            l.retain(|c| c != code);
            if on {
                l.push(code.to_owned());
            }
        });
    };

    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, profile_title)}</h1>
            <p class="muted">{me.email}</p>
            <p><a href="/my-needs" data-testid="my-needs-link">{t_string!(i18n, my_needs_title)}</a></p>
            <form class="stack" on:submit=submit novalidate>
                <FormError error />
                <label>
                    <span>{t_string!(i18n, field_display_name)}</span>
                    <input type="text" name="display_name" bind:value=name
                        aria-invalid=invalid(Field::DisplayName) aria-describedby=error_id(Field::DisplayName) />
                    <FieldError error field=Field::DisplayName />
                </label>
                <label>
                    <span>{t_string!(i18n, field_bio)}</span>
                    <textarea name="bio" rows="3" maxlength="500"
                        prop:value=move || bio.get()
                        on:input=move |ev| bio.set(event_target_value(&ev))
                        aria-invalid=invalid(Field::Bio) aria-describedby=error_id(Field::Bio)></textarea>
                    <FieldError error field=Field::Bio />
                </label>
                <label>
                    <span>{t_string!(i18n, field_my_skills)}</span>
                    <input type="text" name="skills" bind:value=skills
                        aria-invalid=invalid(Field::Skills) aria-describedby=error_id(Field::Skills) />
                    <small>{t_string!(i18n, my_skills_help)}</small>
                    <FieldError error field=Field::Skills />
                </label>
                <fieldset class="languages">
                    <legend>{t_string!(i18n, field_languages)}</legend>
                    {SPOKEN_LANGUAGES.iter().map(|code| {
                        let code: &'static str = code;
                        view! {
                            <label class="check" lang=code>
                                <input type="checkbox" name="languages" value=code
                                    prop:checked=move || languages.get().iter().any(|c| c == code)
                                    on:change=move |ev| toggle(code, event_target_checked(&ev)) />
                                <span>{endonym(code)}</span>
                            </label>
                        }
                    }).collect_view()}
                    <FieldError error field=Field::Languages />
                </fieldset>
                <fieldset>
                    <legend>{t_string!(i18n, field_home)}</legend>
                    <p class="help">{t_string!(i18n, home_help)}</p>
                    <LocationPicker value=home id="home-map"
                        label=Signal::derive(move || t_string!(i18n, field_home).to_string()) />
                    <p class="help" data-testid="home-state">
                        {move || if home.get().is_some() {
                            t_string!(i18n, home_set).to_string()
                        } else {
                            t_string!(i18n, home_unset).to_string()
                        }}
                    </p>
                    <FieldError error field=Field::Home />
                </fieldset>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {t_string!(i18n, save)}
                </button>
                <p class="ok" role="status" hidden=move || !saved()>{t_string!(i18n, saved)}</p>
            </form>
        </div>
    }
}
