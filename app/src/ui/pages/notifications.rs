//! My notifications (matches and alerts, newest first), my saved alerts, and which matches I
//! want to hear about.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::activities::notices;
use crate::api::associations::{AnswerInvitation, my_invitations};
use crate::api::matching::{
    DeleteAlert, MarkRead, SetNotifyPreference, mark_read, my_alerts, notifications, open_match,
};
use crate::domain::AppError;
use crate::domain::activity::{NoticeKind, NoticeView};
use crate::domain::association::InvitationView;
use crate::domain::listing::ListingKind;
use crate::domain::notify::{AlertView, NotificationTopic, NotificationView, NotifyPreference};
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::bell::use_unread;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::why_panel::WhyPanel;
use crate::ui::text;

/// What the page reads and does. Made once, above the `Suspense`: resources made inside it are
/// made again on each of the server's render passes, and hydration then goes wrong.
#[derive(Clone, Copy)]
struct Inbox {
    mark: Command<MarkRead>,
    delete: Command<DeleteAlert>,
    list: Resource<Result<Vec<NotificationView>, AppError>>,
    alerts: Resource<Result<Vec<AlertView>, AppError>>,
    notices: Resource<Result<Vec<NoticeView>, AppError>>,
    answer: Command<AnswerInvitation>,
    invitations: Resource<Result<Vec<InvitationView>, AppError>>,
}

#[island(lazy)]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let unread = use_unread().live;
    let mark = Command::<MarkRead>::new();
    let delete = Command::<DeleteAlert>::new();
    let answer = Command::<AnswerInvitation>::new();
    let inbox = Inbox {
        mark,
        delete,
        // A new count from the stream means new notifications: the list follows.
        list: Resource::new(
            move || (unread.get(), mark.version().get()),
            |_| notifications(),
        ),
        alerts: Resource::new(move || delete.version().get(), |_| my_alerts()),
        notices: Resource::new(move || unread.get(), |_| notices()),
        answer,
        invitations: Resource::new(
            move || (unread.get(), answer.version().get()),
            |_| my_invitations(),
        ),
    };
    view! {
        <PageMeta title=t_string!(i18n, notifications_title).to_string() />
        <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
            {move || auth.user.get().map(|r| match r {
                Ok(Some(me)) => view! { <InboxView inbox preference=me.notify /> }.into_any(),
                _ => view! { <LoginPrompt /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn InboxView(inbox: Inbox, preference: NotifyPreference) -> impl IntoView {
    let i18n = use_i18n();
    let Inbox { mark, list, .. } = inbox;
    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, notifications_title)}</h1>
            <p class="row">
                <button type="button" class="secondary" data-testid="mark-all-read"
                    on:click=move |_| { mark.dispatch(MarkRead { id: None }); }>
                    {t_string!(i18n, mark_all_read)}
                </button>
                <a href="/matching">{t_string!(i18n, how_matching_works)}</a>
            </p>
            // Waiting for an answer: first, before what is only to be read.
            <Invitations invitations=inbox.invitations answer=inbox.answer />
            <Transition fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                    Ok(items) if items.is_empty() => view! {
                        <p class="muted" data-testid="no-notifications">{t_string!(i18n, no_notifications)}</p>
                    }.into_any(),
                    Ok(items) => view! {
                        <ul class="cards" data-testid="notifications">
                            {items.into_iter().map(|n| view! { <Item n mark /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <Notices notices=inbox.notices />
            <PreferenceForm preference />
            <Alerts alerts=inbox.alerts delete=inbox.delete />
        </div>
    }
}

#[component]
fn Item(n: NotificationView, mark: Command<MarkRead>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, read, listing) = (n.id, n.read, n.listing);
    let kind = listing.kind;
    let href = format!("/listings/{}", listing.id);
    let (heading, why, follow): (AnyView, AnyView, Option<i64>) = match n.topic {
        NotificationTopic::Match {
            match_id,
            mine_id,
            mine_title,
            points,
            factors,
        } => (
            view! {
                {t_string!(i18n, match_for_your)} " "
                <a href=format!("/listings/{mine_id}")>{mine_title}</a>
            }
            .into_any(),
            view! { <WhyPanel factors points /> }.into_any(),
            Some(match_id),
        ),
        NotificationTopic::Alert { distance, .. } => (
            t_string!(i18n, alert_fired).into_any(),
            view! { <p class="muted">{move || text::apart(i18n, distance)}</p> }.into_any(),
            None,
        ),
    };
    view! {
        <li class="card notification" class:unread=!read data-testid="notification">
            <p class="card-meta">{heading} " · " {text::date(n.created_at)}</p>
            <h2 class="notification-title">
                <span class=format!("badge badge-{}", kind.code())>{move || text::kind(i18n, kind)}</span>
                " "
                <a href=href.clone() on:click=move |ev| {
                    // Marked read first, then followed: leaving the page at once cancelled the
                    // request (seen in Chromium on a slow phone: the bell still counted it).
                    ev.prevent_default();
                    let href = href.clone();
                    leptos::task::spawn_local(async move {
                        let _ = match follow {
                            Some(id) => open_match(id).await.map(|_| ()),
                            None => mark_read(Some(id)).await,
                        };
                        crate::ui::nav::go(&href);
                    });
                }>{listing.title.clone()}</a>
            </h2>
            {why}
            {(!read).then(|| view! {
                <button type="button" class="secondary" data-testid="mark-read"
                    on:click=move |_| { mark.dispatch(MarkRead { id: Some(id) }); }>
                    {t_string!(i18n, mark_read)}
                </button>
            })}
        </li>
    }
}

#[component]
fn PreferenceForm(preference: NotifyPreference) -> impl IntoView {
    let i18n = use_i18n();
    let save = Command::<SetNotifyPreference>::new();
    let choice = RwSignal::new(preference);
    view! {
        <section aria-labelledby="pref-heading">
            <h2 id="pref-heading">{t_string!(i18n, notify_heading)}</h2>
            <fieldset class="stacked-choices">
                <legend>{t_string!(i18n, notify_legend)}</legend>
                {NotifyPreference::CHOICES.iter().map(|p| {
                    let p = *p;
                    view! {
                        <label class="choice">
                            <input type="radio" name="notify" value=p.code()
                                prop:checked=move || choice.get() == p
                                on:change=move |_| {
                                    choice.set(p);
                                    save.dispatch(SetNotifyPreference { preference: p.code().to_owned() });
                                } />
                            <span>{move || text::notify_preference(i18n, p)}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="muted" aria-live="polite" data-testid="pref-saved">
                {move || match save.value().get() {
                    Some(Ok(())) => t_string!(i18n, saved).to_string(),
                    Some(Err(e)) => text::error(i18n, &e),
                    None => String::new(),
                }}
            </p>
        </section>
    }
}

#[component]
fn Alerts(
    alerts: Resource<Result<Vec<AlertView>, AppError>>,
    delete: Command<DeleteAlert>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="alerts-heading">
            <h2 id="alerts-heading">{t_string!(i18n, alerts_heading)}</h2>
            <p class="muted">{t_string!(i18n, alerts_help)}</p>
            <Transition fallback=|| ()>
                {move || alerts.get().map(|r| match r {
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p data-testid="no-alerts">{t_string!(i18n, no_alerts)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="alerts" data-testid="alerts">
                            {list.into_iter().map(|a| view! { <AlertItem a delete /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AlertItem(a: AlertView, delete: Command<DeleteAlert>) -> impl IntoView {
    let i18n = use_i18n();
    let id = a.id;
    let describe = move || {
        let what = match a.kind {
            Some(ListingKind::Offer) => t_string!(i18n, kinds_offer).to_string(),
            Some(ListingKind::Request) => t_string!(i18n, kinds_request).to_string(),
            None => t_string!(i18n, any).to_string(),
        };
        let category = a.category.map_or_else(
            || t_string!(i18n, any).to_string(),
            |c| text::category(i18n, c),
        );
        t_string!(
            i18n,
            alert_summary,
            what = what,
            category = category,
            km = a.radius_km
        )
        .to_string()
    };
    view! {
        <li class="row">
            <span>{describe}</span>
            <button type="button" class="secondary" on:click=move |_| { delete.dispatch(DeleteAlert { id }); }>
                {t_string!(i18n, delete)}
            </button>
        </li>
    }
}

/// Invitations to join an association that I have not answered: nobody joins without saying
/// yes. Shown only when there is one.
#[component]
fn Invitations(
    invitations: Resource<Result<Vec<InvitationView>, AppError>>,
    answer: Command<AnswerInvitation>,
) -> impl IntoView {
    let i18n = use_i18n();
    // How I answered last, to say what it did.
    let last = RwSignal::new(None::<bool>);
    view! {
        <Transition fallback=|| ()>
            {move || invitations.get().map(|r| match r {
                Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                Ok(list) if list.is_empty() => ().into_any(),
                Ok(list) => view! {
                    <section aria-labelledby="invitations-heading">
                        <h2 id="invitations-heading">{t_string!(i18n, invitations_heading)}</h2>
                        <ul class="cards" data-testid="invitations">
                            {list.into_iter().map(|n| view! { <InvitationItem n answer last /> }).collect_view()}
                        </ul>
                    </section>
                }.into_any(),
            })}
        </Transition>
        <p class="muted" role="status" data-testid="invitation-answer">
            {move || match (answer.value().get(), last.get()) {
                (Some(Ok(())), Some(true)) => t_string!(i18n, invitation_accepted).to_string(),
                (Some(Ok(())), Some(false)) => t_string!(i18n, invitation_declined).to_string(),
                (Some(Err(e)), _) => text::error(i18n, &e),
                _ => String::new(),
            }}
        </p>
    }
}

#[component]
fn InvitationItem(
    n: InvitationView,
    answer: Command<AnswerInvitation>,
    last: RwSignal<Option<bool>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, role, association) = (n.id, n.role, n.association_name.clone());
    let text = move || {
        t_string!(
            i18n,
            invitation_text,
            association = text::isolate(&association),
            role = text::member_role(i18n, role)
        )
        .to_string()
    };
    view! {
        <li class="card" data-testid="invitation">
            <p class="card-meta"><bdi dir="ltr">{text::date(n.at)}</bdi></p>
            <p><a href=format!("/associations/{}", n.association_id)>{text}</a></p>
            <p class="row">
                <button type="button" class="primary" data-testid="accept-invitation"
                    disabled=move || answer.pending().get()
                    on:click=move |_| { last.set(Some(true)); answer.dispatch(AnswerInvitation { id, accept: true }); }>
                    {t_string!(i18n, accept)}
                </button>
                <button type="button" class="secondary" data-testid="decline-invitation"
                    disabled=move || answer.pending().get()
                    on:click=move |_| { last.set(Some(false)); answer.dispatch(AnswerInvitation { id, accept: false }); }>
                    {t_string!(i18n, decline)}
                </button>
            </p>
        </li>
    }
}

/// What associations told me: a place freed up, an answer to my application, an announcement,
/// being added to an association.
#[component]
fn Notices(notices: Resource<Result<Vec<NoticeView>, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="notices-heading">
            <h2 id="notices-heading">{t_string!(i18n, notices_heading)}</h2>
            <Transition fallback=|| ()>
                {move || notices.get().map(|r| match r {
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted" data-testid="no-notices">{t_string!(i18n, no_notices)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="cards" data-testid="notices">
                            {list.into_iter().map(|n| view! { <NoticeItem n /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NoticeItem(n: NoticeView) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, title, association) = (n.kind, n.activity_title.clone(), n.association_name.clone());
    let headline = move || {
        let title = text::isolate(&title);
        let association = text::isolate(&association);
        match kind {
            NoticeKind::Promoted => t_string!(i18n, notice_promoted, title = title).to_string(),
            NoticeKind::Accepted => t_string!(i18n, notice_accepted, title = title).to_string(),
            NoticeKind::Declined => t_string!(i18n, notice_declined, title = title).to_string(),
            NoticeKind::Announcement => t_string!(
                i18n,
                notice_announcement,
                association = association,
                title = title
            )
            .to_string(),
            NoticeKind::Invited => {
                t_string!(i18n, notice_invited, association = association).to_string()
            }
        }
    };
    let href = match n.activity_id {
        Some(id) => format!("/activities/{id}"),
        None => format!("/associations/{}", n.association_id),
    };
    view! {
        <li class="card notification" class:unread=!n.read data-testid="notice" data-kind=kind.code()>
            <p class="card-meta"><bdi dir="ltr">{text::date(n.at)}</bdi></p>
            <a href=href>{headline}</a>
            {n.body.map(|b| view! { <p class="description" dir="auto">{b}</p> })}
        </li>
    }
}
