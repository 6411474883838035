//! Editing one's own listing.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::listings::{UpdateListing, get_listing};
use crate::domain::AppError;
use crate::domain::listing::ListingForm;
use crate::i18n::*;
use crate::ui::components::listing_editor::ListingEditor;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text;

#[component]
pub fn EditListingPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::use_id_param();
    view! {
    <PageMeta title=t_string!(i18n, edit_listing_title).to_string() /> <EditListingPageIsland id /> }
}

/// The page's island: its code runs in the browser.
#[island(lazy)]
fn EditListingPageIsland(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let id = Signal::stored(id);
    let listing = Resource::new(move || id.get(), get_listing);
    let action = Command::<UpdateListing>::new();
    let error = super::go_on_success(action, |view| format!("/listings/{}", view.id));
    let on_submit = Callback::new(move |form: ListingForm| {
        action.dispatch(UpdateListing {
            id: id.get_untracked(),
            form,
        });
    });

    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, edit_listing_title)}</h1>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || listing.get().map(|r| match r {
                    Ok(l) if l.is_mine => view! {
                        <ListingEditor
                            initial=l.to_form()
                            is_new=false
                            on_submit
                            pending=action.pending()
                            error
                        />
                    }.into_any(),
                    Ok(_) => view! {
                        <p class="form-error" role="alert">{text::error(i18n, &AppError::Forbidden)}</p>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
