//! My volunteer hours, per association, each with a link to its certificate.

use leptos::prelude::*;

use crate::api::activities::my_hours;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text;

#[component]
pub fn HoursPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let hours = Resource::new(|| (), |_| my_hours());
    view! {
        <PageMeta title=t_string!(i18n, hours_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, hours_title)}</h1>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || auth.user.get().zip(hours.get()).map(|(me, r)| match (me, r) {
                    (Ok(Some(_)), Ok(list)) if list.is_empty() => view! {
                        <p class="muted">{t_string!(i18n, no_hours)}</p>
                        <a href="/activities">{t_string!(i18n, nav_activities)}</a>
                    }.into_any(),
                    (Ok(Some(_)), Ok(list)) => view! {
                        <ul class="cards" data-testid="hours">
                            {list.into_iter().map(|(id, name, minutes)| view! {
                                <li class="card">
                                    <strong><bdi>{name}</bdi></strong>
                                    <span><bdi dir="ltr">{text::hours(minutes)}</bdi></span>
                                    <a href=format!("/certificates/{id}") data-testid="certificate-link">{t_string!(i18n, certificate_link)}</a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    (Ok(Some(_)), Err(e)) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                    _ => view! { <LoginPrompt /> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
