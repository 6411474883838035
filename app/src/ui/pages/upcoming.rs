//! Events and missions to come: the list with its filters (kind, category, near my home,
//! accessibility, language, skills), the map, and the missions proposed for my skills.

use leptos::prelude::*;

use crate::api::activities::{activities_in, proposed_missions, upcoming_activities};
use crate::domain::activity::{ActivityKind, ActivitySummary, UpcomingFilter};
use crate::domain::geo::Bbox;
use crate::domain::listing::Category;
use crate::domain::matching::MISSION_RADIUS_KM;
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::activity_card::ActivityCard;
use crate::ui::components::local_time::from_local_input;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text;

/// How far "near my home" reaches.
pub const NEAR_KM: f64 = 30.0;

#[island(lazy)]
pub fn UpcomingPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let filter = RwSignal::new(UpcomingFilter::default());
    let near = RwSignal::new(false);
    let from_day = RwSignal::new(String::new());
    let to_day = RwSignal::new(String::new());
    // The home is read only once "near my home" is ticked (in the browser, after hydration):
    // tracking the signed-in user here would fetch the list a second time on the server, and
    // the page would hydrate against another list.
    let list = Resource::new(
        move || {
            let near = near.get();
            let home = near
                .then(|| untrack(|| auth.me().and_then(|m| m.home)))
                .flatten();
            (filter.get(), near, home)
        },
        |(filter, near, home)| async move {
            match (near, home.and_then(|h| Bbox::around_km(h, NEAR_KM))) {
                (true, Some(b)) => activities_in(b.south, b.west, b.north, b.east, filter).await,
                _ => upcoming_activities(filter, None).await,
            }
        },
    );
    let set_day = move |day: RwSignal<String>, end: bool| {
        move |ev| {
            let v = event_target_value(&ev);
            day.set(v.clone());
            let ts = (!v.is_empty()).then(|| from_local_input(&format!("{v}T00:00")));
            let ts = ts
                .filter(|t| *t > 0)
                .map(|t| if end { t + 86_400 } else { t });
            filter.update(|f| if end { f.to = ts } else { f.from = ts });
        }
    };
    let has_home = move || auth.me().is_some_and(|m| m.home.is_some());
    // For the signed-in user (the server knows who from the session; a visitor gets none).
    let proposals = Resource::new(|| (), |_| proposed_missions());
    view! {
        <PageMeta title=t_string!(i18n, upcoming_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, upcoming_title)}</h1>
            <Transition fallback=|| ()>
                {move || proposals.get().and_then(Result::ok).filter(|p| !p.is_empty()).map(|list| view! {
                    <section class="proposals" aria-labelledby="proposals-heading">
                        <h2 id="proposals-heading">{t_string!(i18n, missions_for_you)}</h2>
                        <p class="muted">
                            {t_string!(i18n, missions_for_you_help, km = MISSION_RADIUS_KM)} " "
                            <a href="/matching">{t_string!(i18n, how_matching_works)}</a>
                        </p>
                        <ul class="cards" data-testid="proposals">
                            {list.into_iter().map(|p| view! {
                                <ActivityCard activity=p.activity fit=p.fit />
                            }).collect_view()}
                        </ul>
                    </section>
                })}
            </Transition>
            <fieldset class="filters">
                <legend>{t_string!(i18n, filters)}</legend>
                <label>
                    <span>{t_string!(i18n, field_activity_kind)}</span>
                    <select name="kind" data-testid="filter-activity-kind"
                        on:change=move |ev| { let v = event_target_value(&ev); filter.update(|f| f.kind = v); }>
                        <option value="">{t_string!(i18n, any)}</option>
                        {ActivityKind::CHOICES.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.code()>{move || text::activity_kind(i18n, k)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t_string!(i18n, field_category)}</span>
                    <select name="category" data-testid="filter-activity-category"
                        on:change=move |ev| { let v = event_target_value(&ev); filter.update(|f| f.category = v); }>
                        <option value="">{t_string!(i18n, any)}</option>
                        {Category::ALL.iter().map(|c| {
                            let c = *c;
                            view! { <option value=c.code()>{move || text::category(i18n, c)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <p class="check-with-link">
                    <label class="check">
                        <input type="checkbox" name="mine" data-testid="filter-mine"
                            prop:checked=move || filter.with(|f| f.mine)
                            on:change=move |ev| { let on = event_target_checked(&ev); filter.update(|f| f.mine = on); } />
                        <span>{t_string!(i18n, filter_accessible_to_me)}</span>
                    </label>
                    " " <a href="/my-needs?back=/activities" data-testid="my-needs-link">{t_string!(i18n, my_needs_title)}</a>
                </p>
                <label>
                    <span>{t_string!(i18n, filter_from)}</span>
                    <input type="date" name="from" prop:value=move || from_day.get() on:change=set_day(from_day, false) />
                </label>
                <label>
                    <span>{t_string!(i18n, filter_to)}</span>
                    <input type="date" name="to" prop:value=move || to_day.get() on:change=set_day(to_day, true) />
                </label>
                // Waits for the user on the server too, so that hydration finds the same thing.
                // A plain closure, not `<Show>`: see the header's Transition.
                <Transition fallback=|| ()>
                    {move || if has_home() {
                        view! {
                            <label class="check">
                                <input type="checkbox" name="near" data-testid="filter-near" bind:checked=near />
                                <span>{t_string!(i18n, near_my_home, km = NEAR_KM as i64)}</span>
                            </label>
                        }
                        .into_any()
                    } else {
                        view! { <p class="help">{t_string!(i18n, near_me_needs_home)}</p> }.into_any()
                    }}
                </Transition>
            </fieldset>
            <Transition fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="muted" data-testid="no-activities">{t_string!(i18n, no_activities)}</p> }.into_any(),
                    Ok(items) => view! {
                        <ul class="cards" data-testid="activity-list">
                            {items.into_iter().map(|activity: ActivitySummary| view! { <ActivityCard activity /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}
