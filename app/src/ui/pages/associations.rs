//! The associations: a page of them at a time, with their badge, and the way to create one.

use leptos::prelude::*;

use crate::api::associations::associations;
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::pager::{Pager, use_page_param};
use crate::ui::components::verified_badge::VerifiedBadge;
use crate::ui::text;

#[component]
pub fn AssociationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = use_page_param("page");
    let list = Resource::new(move || page.get(), associations);
    view! {
        <PageMeta title=t_string!(i18n, associations_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, associations_title)}</h1>
            <p>{t_string!(i18n, associations_intro)}</p>
            <p class="row">
                <a href="/associations/new" class="button primary" data-testid="new-association">
                    {t_string!(i18n, create_association)}
                </a>
                <a href="/activities">{t_string!(i18n, nav_activities)}</a>
            </p>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                    Ok(paged) if paged.items.is_empty() && paged.page == 0 => view! { <p class="muted" data-testid="no-associations">{t_string!(i18n, no_associations)}</p> }.into_any(),
                    Ok(paged) => view! {
                        <ul class="cards" data-testid="association-list">
                            {paged.items.into_iter().map(|a| {
                                let cats = a.categories.clone();
                                view! {
                                    <li class="card association-item" data-testid="association-item">
                                        {a.logo.clone().map(|src| view! {
                                            <img class="logo logo-small" src=src alt="" width="48" height="48" loading="lazy" />
                                        })}
                                        <VerifiedBadge verified=a.verified />
                                        <a href=format!("/associations/{}", a.id) class="card-title" dir="auto">{a.name.clone()}</a>
                                        <p class="card-meta"><bdi>{a.address.clone()}</bdi></p>
                                        <p class="card-meta">
                                            {move || text::joined(i18n, &cats, text::category)}
                                        </p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <Pager page=paged.page more=paged.more />
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
