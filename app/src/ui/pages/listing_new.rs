//! Posting a listing.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::listings::CreateListing;
use crate::domain::listing::ListingForm;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::listing_editor::ListingEditor;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;

/// The form as it was typed, when the page is opened from a refused listing of the phone's outbox
/// (`ui::offline`: "Correct and post again" puts its fields in the query); else the defaults.
fn typed_again() -> ListingForm {
    use crate::ui::nav::query_param;
    let default = ListingForm::default();
    let or = |name: &str, value: String| query_param(name).unwrap_or(value);
    ListingForm {
        kind: or("kind", default.kind),
        nature: or("nature", default.nature),
        category: or("category", default.category),
        title: or("title", default.title),
        description: or("description", default.description),
        price: or("price", default.price),
        expires_in_days: or("expires_in_days", default.expires_in_days),
        radius_km: or("radius_km", default.radius_km),
        ..default
    }
}

#[island(lazy)]
pub fn NewListingPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let action = Command::<CreateListing>::new();
    // `?association=<id>`: posted in an association's name (the server checks the role).
    let association_id =
        move || crate::ui::nav::query_param("association").and_then(|s| s.parse().ok());
    let error = super::go_on_success(action, |view| format!("/listings/{}", view.id));
    let on_submit = Callback::new(move |form: ListingForm| {
        action.dispatch(CreateListing { form, key: None });
    });

    view! {
        <PageMeta title=t_string!(i18n, new_listing_title).to_string() />
        <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
            {move || auth.user.get().map(|r| match r {
                Ok(Some(_)) => view! {
                    <div class="narrow">
                        <h1>{t_string!(i18n, new_listing_title)}</h1>
                        <ListingEditor
                            initial=ListingForm { association_id: association_id(), ..typed_again() }
                            is_new=true
                            on_submit
                            pending=action.pending()
                            error
                        />
                    </div>
                }.into_any(),
                _ => view! { <LoginPrompt /> }.into_any(),
            })}
        </Suspense>
    }
}
