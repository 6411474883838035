//! `/help/sites/:id/edit` and `/help/new?association=…`: a support site's information and week,
//! for the managers of its association and moderators (checked again by the server when the
//! form arrives). Plain HTML forms sent without script to `server/src/support.rs`; a refused
//! form comes back with the message next to its field and everything typed.

use leptos::prelude::*;

use crate::api::associations::association;
use crate::api::support::support_site;
use crate::domain::AppError;
use crate::domain::error::Field;
use crate::domain::support::{LANGUAGES, SiteForm};
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::nav::query_param;
use crate::ui::text;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The form and refusal the server put in the address when it refused the form (read on the
/// server only: this page has no island).
fn refused() -> Option<(SiteForm, Option<AppError>)> {
    #[cfg(feature = "ssr")]
    {
        let form = serde_json::from_str(&query_param("form")?).ok()?;
        let error = query_param("error").and_then(|e| serde_json::from_str(&e).ok());
        Some((form, error))
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

#[component]
pub fn HelpEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::use_id_param();
    let site = Resource::new(|| (), move |_| support_site(id));
    view! {
        <PageMeta title=t_string!(i18n, edit_site_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, edit_site_title)}</h1>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || site.get().map(|r| match r {
                    Ok(s) if s.can_edit => {
                        let (form, error) = refused()
                            .unwrap_or_else(|| (SiteForm::of(&s, &s.hours), None));
                        view! {
                            <p><a href=format!("/help/sites/{id}") dir="auto">{s.name.clone()}</a></p>
                            <SiteEditor form error action=format!("/help/sites/{id}/save") association=None venues=s.venues_near.clone() />
                        }.into_any()
                    }
                    Ok(_) => view! { <p class="form-error" role="alert">{t_string!(i18n, err_forbidden)}</p> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn HelpNewPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = query_param("association")
        .and_then(|a| a.parse::<i64>().ok())
        .unwrap_or(0);
    let owner = Resource::new(|| (), move |_| association(id, 0));
    view! {
        <PageMeta title=t_string!(i18n, new_site_title).to_string() />
        <div class="narrow">
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || owner.get().map(|r| match r {
                    Ok(a) => {
                        let (form, error) = refused().unwrap_or_default();
                        let name = a.name.clone();
                        view! {
                            <h1 dir="auto">{t_string!(i18n, new_site_for, name = name.clone())}</h1>
                            <SiteEditor form error action="/help/new/save".to_owned() association=Some(id) venues=Vec::new() />
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>{t_string!(i18n, new_site_title)}</h1>
                        <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

fn message(i18n: I18n, e: &Option<AppError>, field: Field) -> Option<String> {
    match e {
        Some(AppError::Validation(errors)) => errors
            .iter()
            .find(|fe| fe.field == field)
            .map(|fe| text::field_error(i18n, fe.code)),
        _ => None,
    }
}

#[component]
fn Message(text: Option<String>) -> impl IntoView {
    text.map(|m| view! { <span class="field-error" role="alert">{m}</span> })
}

#[component]
fn SiteEditor(
    form: SiteForm,
    error: Option<AppError>,
    action: String,
    association: Option<i64>,
    /// Described venues near the site, to link one for its accessibility (none for a new site:
    /// its point is not known yet).
    venues: Vec<(i64, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let general = error
        .as_ref()
        .filter(|e| !matches!(e, AppError::Validation(_)))
        .map(|e| text::error(i18n, e));
    let m = |field| message(i18n, &error, field);
    view! {
        <form method="post" action=action class="stack" data-testid="site-form">
            {general.map(|g| view! { <p class="form-error" role="alert">{g}</p> })}
            {association.map(|a| view! { <input type="hidden" name="association" value=a.to_string() /> })}
            <label>
                {t_string!(i18n, field_site_name)}
                <input type="text" name="name" required maxlength="120" value=form.name.clone() data-testid="site-name" />
            </label>
            <Message text=m(Field::Name) />
            <label>
                {t_string!(i18n, field_description)}
                <textarea name="description" rows="3" maxlength="2000">{form.description.clone()}</textarea>
            </label>
            <Message text=m(Field::Description) />
            <label>
                {t_string!(i18n, site_address)}
                <input type="text" name="address" required maxlength="200" value=form.address.clone() data-testid="site-address" />
            </label>
            <Message text=m(Field::Address) />
            <fieldset>
                <legend>{t_string!(i18n, field_point)}</legend>
                <p class="help">{t_string!(i18n, point_hint)}</p>
                <div class="row">
                    <label>
                        {t_string!(i18n, field_lat)}
                        <input type="text" inputmode="decimal" name="lat" value=form.lat.clone() data-testid="site-lat" dir="ltr" />
                    </label>
                    <label>
                        {t_string!(i18n, field_lng)}
                        <input type="text" inputmode="decimal" name="lng" value=form.lng.clone() data-testid="site-lng" dir="ltr" />
                    </label>
                </div>
                <Message text=m(Field::Location) />
            </fieldset>
            {(association.is_none()).then(|| {
                let chosen = form.venue.clone();
                let known = venues.iter().any(|(v, _)| v.to_string() == chosen);
                view! {
                    <fieldset data-testid="site-venue">
                        <legend>{t_string!(i18n, site_venue)}</legend>
                        <p class="help">{t_string!(i18n, site_venue_hint)}</p>
                        {venues.is_empty().then(|| view! { <p class="muted">{t_string!(i18n, site_venue_far)}</p> })}
                        <label class="check">
                            <input type="radio" name="venue" value="" checked=chosen.is_empty() || !known />
                            {t_string!(i18n, site_venue_none)}
                        </label>
                        {venues.iter().map(|(v, name)| {
                            let value = v.to_string();
                            let checked = value == chosen;
                            view! {
                                <label class="check">
                                    <input type="radio" name="venue" value=value checked=checked data-testid="site-venue-choice" />
                                    <bdi>{name.clone()}</bdi>
                                </label>
                            }
                        }).collect_view()}
                        <Message text=m(Field::Venue) />
                    </fieldset>
                }
            })}
            <label>
                {t_string!(i18n, site_phone)}
                <input type="tel" name="phone" maxlength="40" value=form.phone.clone() dir="ltr" />
            </label>
            <Message text=m(Field::Contact) />
            <label>
                {t_string!(i18n, site_website)}
                <input type="url" name="website" maxlength="200" value=form.website.clone() dir="ltr" />
            </label>
            <Message text=m(Field::Website) />
            <fieldset>
                <legend>{t_string!(i18n, site_languages)}</legend>
                {LANGUAGES.iter().map(|(code, name)| view! {
                    <label class="check">
                        <input type="checkbox" name="language" value=*code checked=form.languages.iter().any(|l| l == code) />
                        <span lang=*code>{*name}</span>
                    </label>
                }).collect_view()}
                <Message text=m(Field::Languages) />
            </fieldset>
            <fieldset>
                <legend>{t_string!(i18n, site_hours)}</legend>
                <p class="help" id="hours-hint">{t_string!(i18n, hours_hint)}</p>
                <Message text=m(Field::Hours) />
                {(0..7u8).map(|i| view! {
                    <label>
                        {text::weekday(i18n, i)}
                        <input type="text" name=format!("day{i}") value=form.days[i as usize].clone()
                            aria-describedby="hours-hint" dir="ltr" data-testid=format!("site-day{i}") />
                    </label>
                }).collect_view()}
                <label>
                    {t_string!(i18n, site_holidays)}
                    <select name="holidays">
                        <option value="unknown" selected=form.holidays != "closed" && form.holidays != "open">{t_string!(i18n, site_holidays_unknown)}</option>
                        <option value="closed" selected=form.holidays == "closed">{t_string!(i18n, site_holidays_closed)}</option>
                        <option value="open" selected=form.holidays == "open">{t_string!(i18n, site_holidays_open)}</option>
                    </select>
                </label>
            </fieldset>
            <button type="submit" class="primary" data-testid="site-save">{t_string!(i18n, save)}</button>
        </form>
    }
}
