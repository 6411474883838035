//! Posting a listing.

use leptos::prelude::*;

use crate::api::listings::CreateListing;
use crate::domain::listing::ListingForm;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::listing_editor::ListingEditor;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;

#[island(lazy)]
pub fn NewListingPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let action = ServerAction::<CreateListing>::new();
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
                            initial=ListingForm { association_id: association_id(), ..ListingForm::default() }
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
