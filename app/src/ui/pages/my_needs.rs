//! "My accessibility needs": what a person needs to get into a place, so that places, events
//! and missions can say whether they are accessible to them. Private (see `backend::needs`).
//! Rendered by the server, with a plain form sent to `POST /my-needs/save` (no wasm): it works
//! on any phone, with or without an account.

use leptos::prelude::*;

use crate::api::venues::my_needs;
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::nav::query_param;
use crate::ui::pages::venues::NeedChecks;
use crate::ui::text;

#[component]
pub fn MyNeedsPage() -> impl IntoView {
    let i18n = use_i18n();
    let saved = query_param("saved").is_some();
    // Where the person came from (a list to filter), to go back there once saved.
    let back = query_param("back").filter(|b| b.starts_with('/') && !b.starts_with("//"));
    let mine = Resource::new(|| (), |_| my_needs());
    view! {
        <PageMeta title=t_string!(i18n, my_needs_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, my_needs_title)}</h1>
            <p>{t_string!(i18n, my_needs_intro)}</p>
            <p class="help">{t_string!(i18n, my_needs_private)}</p>
            {saved.then(|| view! {
                <p class="badge badge-ok" role="status" data-testid="needs-saved">{t_string!(i18n, my_needs_saved)}</p>
            })}
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {
                    let back = back.clone();
                    move || mine.get().map(|r| match r {
                        Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                        Ok((needs, signed_in)) => view! {
                            <form method="post" action="/my-needs/save" class="stack venue-filters" data-testid="my-needs-form">
                                <fieldset>
                                    <legend>{t_string!(i18n, my_needs_title)}</legend>
                                    <NeedChecks chosen=needs.clone() />
                                </fieldset>
                                {needs.is_empty().then(|| view! { <p class="muted" data-testid="no-needs">{t_string!(i18n, my_needs_none)}</p> })}
                                <p class="help">{if signed_in {
                                    t_string!(i18n, my_needs_kept_account).to_string()
                                } else {
                                    t_string!(i18n, my_needs_kept_browser).to_string()
                                }}</p>
                                {back.clone().map(|b| view! { <input type="hidden" name="back" value=b /> })}
                                <button type="submit" class="primary" data-testid="save-needs">{t_string!(i18n, save)}</button>
                            </form>
                        }.into_any(),
                    })
                }
            </Suspense>
            <p class="row">
                <a href="/venues">{t_string!(i18n, nav_venues)}</a>
                <a href="/activities">{t_string!(i18n, upcoming_title)}</a>
                <a href="/accessibility">{t_string!(i18n, a11y_link)}</a>
            </p>
        </div>
    }
}
