//! Someone's public profile: name, languages, a few words and open listings; never their home.

use leptos::prelude::*;

use crate::api::exchanges::user_reviews;
use crate::api::profile::get_public_profile;
use crate::domain::exchange::ReviewView;
use crate::i18n::*;
use crate::ui::components::listing_card::ListingCard;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text::{self, endonym};

#[component]
pub fn UserPage() -> impl IntoView {
    let id = super::use_id_param();
    let i18n = use_i18n();
    let id = Signal::stored(id);
    let profile = Resource::new(move || id.get(), get_public_profile);
    let reviews = Resource::new(move || id.get(), user_reviews);
    view! {
        <div class="narrow">
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                // Both resources are read here, at the top of the `Suspense`, so it waits for both at
                // once: a resource read only once another has loaded is found by Leptos' second
                // walk of the view, the path where a server render could hang.
                {move || profile.get().zip(reviews.get()).map(|(r, reviews)| match r {
                    Ok((p, listings)) => {
                        let since = text::date(p.member_since);
                        let langs = p.languages.iter().map(|c| endonym(c)).collect::<Vec<_>>().join(", ");
                        view! {
                            <PageMeta title=text::person(i18n, &p.display_name) />
                            <h1>{text::person(i18n, &p.display_name)}</h1>
                            <p class="muted">{t_string!(i18n, member_since, date = since.clone())}</p>
                            {(!langs.is_empty()).then(|| view! { <p>{t_string!(i18n, speaks)} " : " {langs.clone()}</p> })}
                            <p class="description">{p.bio}</p>
                            <h2>{t_string!(i18n, open_listings)}</h2>
                            <ul class="cards">
                                {listings.into_iter().map(|listing| view! { <ListingCard listing /> }).collect_view()}
                            </ul>
                            <h2>{t_string!(i18n, reviews_heading)}</h2>
                            {reviews.ok().map(|list| view! { <Reviews list /> })}
                        }.into_any()
                    }
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Reviews(list: Vec<ReviewView>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="muted">{t_string!(i18n, no_reviews)}</p> }.into_any();
    }
    let average = list.iter().map(|r| u32::from(r.rating)).sum::<u32>() as f64 / list.len() as f64;
    let count = list.len();
    view! {
        <p data-testid="rating-average">{move || t_string!(i18n, rating_average, average = format!("{average:.1}"), count = count).to_string()}</p>
        <ul class="cards" data-testid="reviews">
            {list.into_iter().map(|r| view! {
                <li class="card">
                    <p><span aria-hidden="true">{"★".repeat(usize::from(r.rating))}</span>
                       <span class="visually-hidden">{r.rating} "/5"</span>
                       " · " <a href=format!("/users/{}", r.author_id)>{text::person(i18n, &r.author_name)}</a>
                       " · " {text::date(r.at)}</p>
                    {(!r.comment.is_empty()).then(|| view! { <p dir="auto">{r.comment}</p> })}
                </li>
            }).collect_view()}
        </ul>
    }.into_any()
}
