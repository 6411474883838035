//! Someone's public profile: name, languages, a few words and open listings; never their home.

use leptos::prelude::*;

use crate::api::profile::get_public_profile;
use crate::i18n::*;
use crate::ui::components::listing_card::ListingCard;
use crate::ui::text::{self, endonym};

#[component]
pub fn UserPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::use_id_param();
    let profile = Resource::new(move || id.get(), get_public_profile);
    view! {
        <div class="narrow">
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || profile.get().map(|r| match r {
                    Ok((p, listings)) => {
                        let since = text::date(p.member_since);
                        let langs = p.languages.iter().map(|c| endonym(c)).collect::<Vec<_>>().join(", ");
                        view! {
                            <h1>{p.display_name}</h1>
                            <p class="muted">{t!(i18n, member_since, date = since.clone())}</p>
                            {(!langs.is_empty()).then(|| view! { <p>{t!(i18n, speaks)} " : " {langs.clone()}</p> })}
                            <p class="description">{p.bio}</p>
                            <h2>{t!(i18n, open_listings)}</h2>
                            <ul class="cards">
                                {listings.into_iter().map(|listing| view! { <ListingCard listing /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
