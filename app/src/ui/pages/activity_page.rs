//! One event or mission: signing up, the waiting line, the calendar file, and for its
//! association's managers, who signed up, announcements and recording a slot as done.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::activities::{
    Announce, AnswerSignup, CancelSignup, CompleteSlot, SetSlotCapacity, SignUp, activity,
    activity_signups,
};
use crate::domain::accessibility::{Answers, Criterion, Fit, Need, fit, level_in, summary};
use crate::domain::activity::{
    ActivityKind, ActivityView, HeldAt, SignupStatus, SignupView, SlotView,
};
use crate::domain::vocab::Code;
use crate::domain::{AppError, Field};
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::browser_data::browser_data;
use crate::ui::components::activity_card::{fit_class, fit_code, kind_class};
use crate::ui::components::field_error::{FieldError, FormError};
use crate::ui::components::local_time::LocalTime;
use crate::ui::components::map::area_map::AreaMap;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::verified_badge::VerifiedBadge;
use crate::ui::text;

/// What a volunteer does on the page: sign up for a slot, or cancel.
#[derive(Clone, Copy)]
struct SlotActions {
    sign_up: Command<SignUp>,
    cancel: Command<CancelSignup>,
}

impl SlotActions {
    fn versions(&self) -> [usize; 2] {
        [self.sign_up.version().get(), self.cancel.version().get()]
    }

    /// The last refusal, for the banner.
    fn error(&self) -> Option<AppError> {
        self.sign_up
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| self.cancel.value().get().and_then(Result::err))
    }

    fn pending(&self) -> bool {
        self.sign_up.pending().get() || self.cancel.pending().get()
    }
}

/// The page, rendered on the server; the slots (signing up) and the managers' panel are islands.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::use_id_param();
    let auth = use_auth();
    let page = Resource::new(move || id, activity);
    view! {
        <div class="narrow">
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || page.get().zip(auth.user.get()).map(|(r, me)| match r {
                    Ok(a) => {
                        let signed_in = matches!(me, Ok(Some(_)));
                        view! { <ActivityDetails a signed_in /> }.into_any()
                    }
                    Err(e) => view! {
                        <h1>{t_string!(i18n, not_found_title)}</h1>
                        <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ActivityDetails(a: ActivityView, signed_in: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, category) = (a.kind, a.category);
    let (venue, venue_answers, my_needs) =
        (a.venue.clone(), a.venue_answers.clone(), a.my_needs.clone());
    let held_at = venue.clone();
    let langs = a.languages.clone();
    let skills = a.skills.join(", ");
    let mission = kind == ActivityKind::Mission;
    let (association_id, association_name) = (a.association_id, a.association_name.clone());
    let (title, description, address) = (a.title.clone(), a.description.clone(), a.address.clone());
    let (online, verified, auto_accept, registration) =
        (a.online, a.verified, a.auto_accept, a.registration);
    let (min_age, location, can_manage) = (a.min_age, a.location, a.can_manage);
    view! {
        <PageMeta title=title.clone() description=description.clone() />
        <article class="activity" data-testid="activity">
            <p class="row">
                <span class=kind_class(kind)>{move || text::activity_kind(i18n, kind)}</span>
                <VerifiedBadge verified />
            </p>
            <h1 dir="auto">{title}</h1>
            <p>
                {t_string!(i18n, by_association)} " "
                <a href=format!("/associations/{association_id}")><bdi>{association_name}</bdi></a>
            </p>
            <p class="description" dir="auto">{description}</p>
            <dl class="facts">
                <dt>{t_string!(i18n, field_category)}</dt>
                <dd>{move || text::category(i18n, category)}</dd>
                <dt>{t_string!(i18n, field_activity_place)}</dt>
                <dd>{match (online, held_at) {
                    (true, _) => view! { <span>{t_string!(i18n, online)}</span> }.into_any(),
                    (false, Some(v)) => view! {
                        <a href=format!("/venues/{}", v.id) dir="auto" data-testid="venue-link">{v.name}</a>
                        <br /> <bdi>{address}</bdi>
                    }.into_any(),
                    (false, None) => view! { <bdi>{address}</bdi> }.into_any(),
                }}</dd>
                {(!langs.is_empty()).then(|| view! {
                    <dt>{t_string!(i18n, field_languages_spoken)}</dt>
                    <dd>{langs.iter().map(|l| text::endonym(l)).collect::<Vec<_>>().join(", ")}</dd>
                })}
                {(!skills.is_empty()).then(|| view! {
                    <dt>{t_string!(i18n, field_skills)}</dt>
                    <dd dir="auto">{skills.clone()}</dd>
                })}
                {min_age.map(|age| view! {
                    <dt>{t_string!(i18n, field_min_age)}</dt>
                    <dd>{t_string!(i18n, min_age_years, age = age)}</dd>
                })}
            </dl>
            {(!online).then(|| view! { <ForYou venue answers=venue_answers needs=my_needs /> })}
            {mission.then(|| view! {
                <p class="muted">{move || if auto_accept {
                    t_string!(i18n, accepts_automatically).to_string()
                } else {
                    t_string!(i18n, accepts_by_hand).to_string()
                }}</p>
            })}
            {location.map(|p| view! {
                <AreaMap area=p label=t_string!(i18n, field_activity_place).to_string() />
            })}
            {if !mission && !registration {
                view! { <p class="notice" data-testid="no-registration">{t_string!(i18n, no_registration_needed)}</p> }.into_any()
            } else {
                view! { <ActivitySlots a=a.clone() signed_in /> }.into_any()
            }}
            {can_manage.then(|| view! { <ManagePanel a=a.clone() /> })}
        </article>
    }
}

/// The slots and where the viewer stands, read again after each sign-up or cancellation.
/// Whether the place suits the reader's own needs, and why: the criteria met, or those known
/// not to be, or those nobody has answered (what to go and find out). Rendered on the server.
#[component]
fn ForYou(venue: Option<HeldAt>, answers: Answers, needs: Vec<Need>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(v) = venue else {
        return view! {
            <section class="for-you" data-testid="for-you-section">
                <h2>{t_string!(i18n, venue_accessibility)}</h2>
                <p data-testid="place-undescribed">{t_string!(i18n, place_undescribed)}</p>
                {(!needs.is_empty()).then(|| view! {
                    <p class=fit_class(Fit::Unknown) data-testid="for-you" data-fit=fit_code(Fit::Unknown)>
                        {move || text::fit(i18n, Fit::Unknown)}
                    </p>
                })}
            </section>
        }
        .into_any();
    };
    let venue_link = format!("/venues/{}", v.id);
    if needs.is_empty() {
        return view! {
            <section class="for-you" data-testid="for-you-section">
                <h2>{t_string!(i18n, venue_accessibility)}</h2>
                <ul class="levels">
                    {Need::CHOICES.iter().map(|n| {
                        let (n, l) = (*n, level_in(&v.access, *n));
                        view! {
                            <li data-need=n.code() data-level=l.code()>
                                {move || text::need(i18n, n)} " — " {move || text::level(i18n, l)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p><a href="/my-needs" data-testid="say-my-needs">{t_string!(i18n, say_my_needs)}</a></p>
                <p><a href=venue_link>{t_string!(i18n, add_or_correct)}</a></p>
            </section>
        }
        .into_any();
    }
    let f = fit(&answers, &needs);
    let mut why: Vec<Criterion> = Vec::new();
    for need in &needs {
        let s = summary(&answers, *need);
        let found = match f {
            Fit::Suits => s.met,
            Fit::DoesNotSuit => s.not_met,
            Fit::Unknown => s.unknown,
        };
        for c in found {
            if !why.contains(&c) {
                why.push(c);
            }
        }
    }
    let lead = if f == Fit::Unknown {
        t_string!(i18n, fit_to_check)
    } else {
        t_string!(i18n, fit_because)
    };
    view! {
        <section class="for-you" data-testid="for-you-section">
            <h2>{t_string!(i18n, for_you)}</h2>
            <p class=fit_class(f) data-testid="for-you" data-fit=fit_code(f)>{move || text::fit(i18n, f)}</p>
            {(!why.is_empty()).then(|| view! {
                <p>{lead}</p>
                <ul data-testid="for-you-why">
                    {why.into_iter().map(|c| view! { <li>{text::criterion(i18n, c)}</li> }).collect_view()}
                </ul>
            })}
            <p>
                <a href=venue_link>{t_string!(i18n, add_or_correct)}</a> " · "
                <a href="/my-needs">{t_string!(i18n, my_needs_title)}</a>
            </p>
        </section>
    }
    .into_any()
}

#[island]
fn ActivitySlots(a: ActivityView, signed_in: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (id, mission) = (a.id, a.kind == ActivityKind::Mission);
    let actions = SlotActions {
        sign_up: Command::new(),
        cancel: Command::new(),
    };
    let current = reread(a, id, move || actions.versions() != [0, 0]);
    let error = Signal::derive(move || actions.error());
    view! {
        <FormError error />
        {move || {
            let a = current.get();
            let registered_somewhere = a.slots.iter().any(|s| {
                s.mine
                    .as_ref()
                    .is_some_and(|m| m.status == SignupStatus::Registered)
            });
            view! {
                <section aria-labelledby="slots-heading">
                    <h2 id="slots-heading">{move || if mission {
                        t_string!(i18n, field_slots).to_string()
                    } else {
                        t_string!(i18n, field_when).to_string()
                    }}</h2>
                    <ul class="slots" data-testid="slots">
                        {a.slots.into_iter().map(|slot| view! {
                            <SlotItem s=slot signed_in actions />
                        }).collect_view()}
                    </ul>
                </section>
                {(!signed_in).then(|| view! { <p><a href="/login">{t_string!(i18n, login_to_sign_up)}</a></p> })}
                {registered_somewhere.then(|| view! {
                    <p>
                        <a href=format!("/activities/{id}/calendar.ics") class="button" data-testid="ics" download="">
                            {t_string!(i18n, add_to_calendar)}
                        </a>
                    </p>
                })}
            }
        }}
    }
}

/// The activity as the server rendered it (`first`, the island's prop), then as the browser
/// reads it again once `changed` says an action changed it.
///
/// An island inside the page's server-side `Suspense` holds no `Resource` and no `Suspense` of
/// its own: the server renders that `Suspense`'s children twice, each pass numbering the
/// island's resources anew, while the browser numbers them once, so a later island read another
/// one's data, or waited for one the server never finished, and the page never hydrated.
fn reread(
    first: ActivityView,
    id: i64,
    changed: impl Fn() -> bool + Send + Sync + 'static,
) -> Signal<ActivityView> {
    let again = browser_data(LocalResource::new(move || {
        let changed = changed();
        async move {
            if changed {
                activity(id).await.ok()
            } else {
                None
            }
        }
    }));
    Signal::derive(move || again.get().flatten().unwrap_or_else(|| first.clone()))
}

/// One slot: when, places left, and where the viewer stands.
#[component]
fn SlotItem(s: SlotView, signed_in: bool, actions: SlotActions) -> impl IntoView {
    let i18n = use_i18n();
    let slot = s;
    let slot_id = slot.id;
    let left = slot.places_left;
    let waiting = slot.waiting;
    let mine = slot
        .mine
        .clone()
        .filter(|m| m.status != SignupStatus::Cancelled);
    let active = mine.as_ref().is_some_and(|m| m.status.active());
    let busy = move || actions.pending();
    view! {
        <li class="slot card" data-testid="slot" data-slot=slot_id>
            <p><LocalTime ts=slot.starts_at end=slot.ends_at /></p>
            <p>
                <strong data-testid="slot-places">{move || text::places_left(i18n, left)}</strong>
                {(slot.waiting > 0).then(|| view! { " · " {move || t_string!(i18n, waiting_count, count = waiting).to_string()} })}
            </p>
            {slot.completed.then(|| view! { <p class="muted">{t_string!(i18n, slot_done)}</p> })}
            {mine.map(|m| view! {
                <p class="notice" data-testid="my-status" data-status=m.status.code()>
                    {move || text::signup_status(i18n, m.status, m.waiting_position)}
                    {m.minutes.map(|min| view! { " · " <bdi dir="ltr">{text::hours(min)}</bdi> })}
                </p>
            })}
            {(signed_in && !slot.completed).then(|| if active {
                view! {
                    <button type="button" class="secondary" data-testid="cancel-signup" disabled=busy
                        on:click=move |_| { actions.cancel.dispatch(CancelSignup { slot_id }); }>
                        {t_string!(i18n, cancel_signup)}
                    </button>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="primary" data-testid="sign-up" disabled=busy
                        on:click=move |_| { actions.sign_up.dispatch(SignUp { slot_id, key: None }); }>
                        {move || if left == Some(0) {
                            t_string!(i18n, join_waiting_list).to_string()
                        } else {
                            t_string!(i18n, sign_up).to_string()
                        }}
                    </button>
                }.into_any()
            })}
        </li>
    }
}

/// What the managers do: answer sign-ups, change a capacity, record a slot as done, announce.
#[derive(Clone, Copy)]
struct ManageActions {
    answer: Command<AnswerSignup>,
    capacity: Command<SetSlotCapacity>,
    complete: Command<CompleteSlot>,
    announce: Command<Announce>,
}

/// For the association's managers: who signed up, answers, capacity, announcements, and
/// recording a slot as done (with who did not come). A lazy island: only managers load its
/// code. Recording a slot as done loads the page again, as the slots above change with it.
#[island(lazy)]
fn ManagePanel(a: ActivityView) -> impl IntoView {
    let id = a.id;
    let actions = ManageActions {
        answer: Command::new(),
        capacity: Command::new(),
        complete: Command::new(),
        announce: Command::new(),
    };
    let current = reread(a, id, move || {
        actions.answer.version().get() + actions.capacity.version().get() > 0
    });
    // Who signed up: loaded by the browser after hydration (see `browser_data`).
    let signups = browser_data(LocalResource::new(move || {
        actions.answer.version().track();
        actions.complete.version().track();
        activity_signups(id)
    }));
    Effect::new(move |_| {
        if let Some(Ok(_)) = actions.complete.value().get() {
            crate::ui::nav::reload();
        }
    });
    let error = Signal::derive(move || {
        actions
            .answer
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| actions.complete.value().get().and_then(Result::err))
    });
    view! {
        <FormError error />
        {move || view! { <ManageSlots a=current.get() actions signups /> }}
    }
}

#[component]
fn ManageSlots(
    a: ActivityView,
    actions: ManageActions,
    signups: Signal<Option<Result<Vec<SignupView>, AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = a.id;
    let absent = RwSignal::new(Vec::<i64>::new());
    let message = RwSignal::new(String::new());
    let announce_error =
        Signal::derive(move || actions.announce.value().get().and_then(Result::err));
    let capacity_error =
        Signal::derive(move || actions.capacity.value().get().and_then(Result::err));
    let slots = a.slots.clone();
    // The browser's clock, read once hydrated (the server renders the button disabled).
    let clock = RwSignal::new(0i64);
    Effect::new(move |_| clock.set((js_sys::Date::now() / 1_000.0) as i64));
    let now = move || clock.get();
    view! {
        <section class="manage" aria-labelledby="manage-heading" data-testid="manage">
            <h2 id="manage-heading">{t_string!(i18n, manage_heading)}</h2>
            <p class="row">
                <a href=format!("/activities/{id}/edit") class="button">{t_string!(i18n, edit)}</a>
            </p>
            {slots.into_iter().map(|slot| {
                let slot_id = slot.id;
                let capacity = RwSignal::new(slot.capacity.map(|c| c.to_string()).unwrap_or_default());
                let (starts, completed) = (slot.starts_at, slot.completed);
                let (registered, waiting) = (slot.registered, slot.waiting);
                view! {
                    <div class="slot card" data-testid="manage-slot">
                        <h3><LocalTime ts=slot.starts_at end=slot.ends_at /></h3>
                        <p>{move || t_string!(i18n, registered_count, count = registered).to_string()} " · " {move || t_string!(i18n, waiting_count, count = waiting).to_string()}</p>
                        <ul class="signups">
                            {move || signups.get().map(|r| match r {
                                Ok(list) => list.into_iter().filter(|s| s.slot_id == slot_id && s.status != SignupStatus::Cancelled).map(|s| {
                                    let (sid, uid, status, pos) = (s.id, s.user_id, s.status, s.waiting_position);
                                    view! {
                                        <li data-testid="signup" data-status=status.code()>
                                            <a href=format!("/users/{uid}")><bdi>{text::person(use_i18n(), &s.name)}</bdi></a>
                                            " · " {move || text::signup_status(i18n, status, pos)}
                                            {(status == SignupStatus::Pending).then(|| view! {
                                                <span class="row">
                                                    <button type="button" class="primary" data-testid="accept"
                                                        on:click=move |_| { actions.answer.dispatch(AnswerSignup { signup_id: sid, accept: true }); }>
                                                        {t_string!(i18n, accept)}
                                                    </button>
                                                    <button type="button" class="secondary" data-testid="decline"
                                                        on:click=move |_| { actions.answer.dispatch(AnswerSignup { signup_id: sid, accept: false }); }>
                                                        {t_string!(i18n, decline)}
                                                    </button>
                                                </span>
                                            })}
                                            {(status == SignupStatus::Registered && !completed).then(|| view! {
                                                <label class="check">
                                                    <input type="checkbox" data-testid="absent"
                                                        on:change=move |ev| {
                                                            let on = event_target_checked(&ev);
                                                            absent.update(|v| { v.retain(|x| *x != uid); if on { v.push(uid); } });
                                                        } />
                                                    <span>{t_string!(i18n, did_not_come)}</span>
                                                </label>
                                            })}
                                        </li>
                                    }
                                }).collect_view().into_any(),
                                Err(e) => view! { <li class="form-error">{text::error(i18n, &e)}</li> }.into_any(),
                            })}
                        </ul>
                        {(!completed).then(|| view! {
                            <form class="row" on:submit=move |ev| {
                                ev.prevent_default();
                                actions.capacity.dispatch(SetSlotCapacity { slot_id, capacity: capacity.get() });
                            }>
                                <label>
                                    <span>{t_string!(i18n, field_capacity)}</span>
                                    <input type="number" min="1" inputmode="numeric" name="capacity" bind:value=capacity />
                                </label>
                                <button type="submit" class="secondary">{t_string!(i18n, save)}</button>
                            </form>
                            <FieldError error=capacity_error field=Field::Capacity />
                            <button type="button" class="primary" data-testid="complete-slot"
                                disabled=move || now() < starts
                                title=move || t_string!(i18n, complete_after_start).to_string()
                                on:click=move |_| { actions.complete.dispatch(CompleteSlot { slot_id, absent: absent.get() }); }>
                                {t_string!(i18n, record_done)}
                            </button>
                        })}
                    </div>
                }
            }).collect_view()}
            <form class="stack" data-testid="announce-form" novalidate on:submit=move |ev| {
                ev.prevent_default();
                actions.announce.dispatch(Announce { id, message: message.get() });
            }>
                <label>
                    <span>{t_string!(i18n, announce_label)}</span>
                    <textarea name="message" rows="3" prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                    <FieldError error=announce_error field=Field::Message />
                </label>
                <button type="submit" class="primary" disabled=move || actions.announce.pending().get()>{t_string!(i18n, announce)}</button>
                {move || actions.announce.value().get().and_then(Result::ok).map(|n| view! {
                    <p role="status" data-testid="announced">{move || t_string!(i18n, announced_to, count = n as i64).to_string()}</p>
                })}
            </form>
        </section>
    }
    .into_any()
}
